"""One error type for every problem a user can fix: it names the file and, where known, the line."""

from __future__ import annotations

import contextlib
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


class PamfletErrors(PamfletError):
    """Several problems found at once (a metadata block with three mistakes): one line each."""

    def __init__(self, problems: list[PamfletError]):
        first = problems[0]
        super().__init__(first.path, first.message, first.line)
        self.args = (problems,)
        self.problems = problems

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


# What pamflet was doing when it failed, for the one line an unexpected failure prints ("internal error
# while laying out the print edition: …").
_stages: list[str] = []


@contextlib.contextmanager
def stage(name: str):
    _stages.append(name)
    try:
        yield
    except Exception as exc:
        if not hasattr(exc, "pamflet_stage"):  # the innermost stage names the failure
            try:
                exc.pamflet_stage = name
            except AttributeError:
                pass
        raise
    finally:
        _stages.pop()


def stage_of(exc: BaseException) -> str:
    return getattr(exc, "pamflet_stage", None) or (_stages[-1] if _stages else "starting")
