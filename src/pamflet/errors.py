"""One error type for every problem a user can fix: it names the file and, where known, the line."""

from __future__ import annotations

from pathlib import Path


class PamfletError(Exception):
    """A user-facing error, printed by the CLI as ``file:line: message``."""

    def __init__(self, path: str | Path | None, message: str, line: int | None = None):
        super().__init__(path, message, line)  # args in __init__'s order: picklable across processes
        self.path = str(path) if path is not None else None
        self.line = line
        self.message = message

    def __str__(self) -> str:
        where = self.path or "pamflet"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}"
