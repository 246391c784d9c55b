"""Write outputs atomically: a temporary file in the same folder, then rename."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def write_bytes(path: str | Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that readers never see a half-written file."""
    write_all([(Path(path), data)])


def write_all(files: list[tuple[Path, bytes]]) -> None:
    """Replace each path with its data, all or none: every temporary file is written first
    (a full disk or a name too long fails there, with nothing replaced), then each renamed."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files:
            path = Path(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:80]}.", suffix=".tmp", dir=path.parent)
            staged.append((tmp, path))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, 0o644)
        for tmp, path in staged:
            os.replace(tmp, path)
    except BaseException:
        for tmp, _ in staged:
            if os.path.exists(tmp):
                os.unlink(tmp)
        raise


def write_text(path: str | Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def _record(path: Path) -> Path:
    """Where pamflet notes what it last wrote to ``path`` (a hidden file beside it)."""
    return path.with_name(f".{path.name}.pamflet")


def check_own_output(path: str | Path, force: bool = False) -> None:
    """An existing file pamflet did not write, or that was edited since, is an editor's
    proofread text: it is never overwritten without ``force``."""
    from .errors import PamfletError

    path = Path(path)
    if (path.exists() or path.is_symlink()) and not path.is_file():  # /dev/stdout, a pipe, a folder
        raise PamfletError(path, "is not a regular file: give the path of a file to write")
    if force or not path.exists():
        return
    record = _record(path)
    written = record.read_text(encoding="ascii").strip() if record.is_file() else None
    if written != hashlib.sha256(path.read_bytes()).hexdigest():
        why = "was changed since pamflet wrote it" if written else "was not written by pamflet"
        raise PamfletError(path, f"exists and {why} (an editor's text?); give --force to overwrite it")


def write_own_output(path: str | Path, text: str) -> None:
    """Write ``text`` and note its hash, so that a later run knows the file is still pamflet's."""
    path = Path(path)
    data = text.encode("utf-8")
    write_bytes(path, data)
    write_bytes(_record(path), (hashlib.sha256(data).hexdigest() + "\n").encode("ascii"))
