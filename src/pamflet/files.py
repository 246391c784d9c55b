"""Opening a file the book names, without waiting on it: kept apart from ``safety`` (which
imports YAML) because every run of the CLI opens files, a no-op build too."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import PamfletError


def open_regular(path: str | Path, what: str = "file"):
    """Open a regular file for reading, binary. A pipe is opened without waiting for a writer
    (``O_NONBLOCK``: a plain ``open`` of a FIFO named ``a.md`` would wait for ever) and, like a
    device or a folder, refused."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except IsADirectoryError:
        raise PamfletError(path, "is a folder, not a file") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        if stat.S_ISDIR(info.st_mode):
            raise PamfletError(path, "is a folder, not a file")
        raise PamfletError(path, f"is not a regular file (a device or a pipe); give a {what}")
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")
