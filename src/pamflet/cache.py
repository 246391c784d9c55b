"""The build cache: what the expensive stages found, kept between builds, keyed by the hash of
every input, so that a build costs only what changed.

Kept in the output folder (``<out>/.pamflet-cache/``): a fresh ``-o`` is a cold build, and
pamflet writes nowhere else. Entries are JSON (never pickle: a cache is data, and data only)
and blobs named by their SHA-256; an entry that does not read back as expected, or a blob
whose hash is not its name, is a miss, never an error. No cache is read or written when the
output folder is inside the book folder: a book could then ship a cache of its own making.

The key of a build is the hash of: every file in the book folder (its text, index.yml,
templates, styles, fonts, images, raw/), pamflet's own code and data (stock templates,
styles, fonts, profiles) and version, the versions of the libraries that draw the outputs,
the build's options and SOURCE_DATE_EPOCH (or, without it, the files' times, which date the
build).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

FOLDER = ".pamflet-cache"
# The libraries whose version can change an output's bytes.
LIBRARIES = ("weasyprint", "pydyf", "pypandoc-binary", "ebooklib", "pikepdf", "pypdfium2", "pillow", "lxml", "jinja2", "pyuca", "pyphen")
SKIP_NAMES = {".git", ".hg", ".svn", "__pycache__"}
KEEP_ENTRIES = 64  # the oldest entries beyond these are removed after a build


def digest(*parts) -> str:
    """The SHA-256 of JSON-able parts, in order."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def tree_digest(folder: Path, skip: tuple[Path, ...] = (), with_times: bool = False, names_only: frozenset[str] = frozenset()) -> str:
    """Every file under ``folder``: its path, its bytes' hash (a link: where it points, never
    followed), and with ``with_times`` its modification time in whole seconds; of the files
    at the top named in ``names_only``, only the path."""
    folder = Path(folder)
    skip_real = {os.path.realpath(p) for p in skip}
    h = hashlib.sha256()
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_NAMES and os.path.realpath(os.path.join(root, d)) not in skip_real)
        for name in sorted(files):
            path = os.path.join(root, name)
            relative = os.path.relpath(path, folder)
            h.update(relative.encode("utf-8", "surrogateescape") + b"\0")
            if root == str(folder) and name in names_only:
                h.update(b"name only")
            elif os.path.islink(path):
                h.update(b"link:" + os.readlink(path).encode("utf-8", "surrogateescape"))
            elif os.path.isfile(path):
                with open(path, "rb") as handle:
                    h.update(hashlib.file_digest(handle, "sha256").digest())
                if with_times:
                    h.update(str(int(os.stat(path).st_mtime)).encode())
            h.update(b"\0")
    return h.hexdigest()


def pamflet_digest() -> str:
    """pamflet itself: its version, its code and its data, and the libraries' versions."""
    from . import __version__

    package = Path(__file__).resolve().parent
    versions = {}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return digest(__version__, tree_digest(package), versions)


NOTES_READ_LIMIT = 1 << 20  # a metadata block not closed within the first MiB: no notes


def editor_notes(folder: Path) -> frozenset[str]:
    """The top-level Markdown files of which a build reads only the first line (source.py finds
    the main file by it): no metadata block, and no chapter — EDITS.md, the editor's README.
    Their contents stay out of the key, so that saving one rebuilds nothing. Found without a
    YAML parser (a no-op build has no time for one), erring towards "an input": a file is a
    note only if its name (without spaces) is written in no metadata block, and there are no
    notes when a block holds a YAML escape (a backslash) or a Markdown file is a link."""
    try:
        blocks, plain = [], []
        for path in Path(folder).glob("*.md"):
            if path.is_symlink():
                return frozenset()
            if not path.is_file():
                continue
            with path.open("rb") as handle:
                lines = re.split(r"\r\n|\r|\n", handle.read(NOTES_READ_LIMIT).decode("utf-8", "replace"))
            if lines[0][:80].rstrip() != "---":  # as source._starts_with_yaml reads it
                plain.append(path.name)
                continue
            end = next((i for i, line in enumerate(lines[1:], start=1) if line.rstrip() in ("---", "...")), None)
            if end is None:
                return frozenset()
            blocks.append("\n".join(lines[1:end]))
    except OSError:
        return frozenset()
    if any("\\" in block for block in blocks):
        return frozenset()
    return frozenset(name for name in plain if not any(ch.isspace() for ch in name) and not any(name in block for block in blocks))


def inputs_key(book_dir: Path, out_dir: Path, options: dict) -> str:
    """The key of everything a build reads, but for which outputs it makes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    book = tree_digest(book_dir, skip=(out_dir,), with_times=not epoch, names_only=editor_notes(book_dir))
    greedy = os.environ.get("PAMFLET_GREEDY")  # the typography benchmark's switch (paragraphs.py) changes the layout
    return digest("pamflet-build-1", book, pamflet_digest(), options, epoch, greedy)


@dataclass
class Cache:
    folder: Path | None  # None: no cache (see the module's docstring)
    decisions: list[str]  # what was reused and what was not, and why (for --verbose)

    @classmethod
    def for_build(cls, book_dir: Path, out_dir: Path) -> "Cache":
        book, out = Path(os.path.realpath(book_dir)), Path(os.path.realpath(out_dir))
        if out == book or book in out.parents:
            return cls(None, ["no cache: the output folder is inside the book folder"])
        return cls(out / FOLDER, [])

    def note(self, message: str) -> None:
        self.decisions.append(message)

    def entry(self, name: str, key: str) -> dict | None:
        """The JSON entry ``name`` stored under ``key``, or None."""
        if self.folder is None:
            return None
        try:
            data = json.loads((self.folder / f"{name}-{key}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) and data.get("key") == key else None

    def blob(self, sha: object) -> bytes | None:
        if self.folder is None or not isinstance(sha, str) or len(sha) != 64 or not all(c in "0123456789abcdef" for c in sha):
            return None
        try:
            data = (self.folder / "blobs" / sha).read_bytes()
        except OSError:
            return None
        return data if hashlib.sha256(data).hexdigest() == sha else None

    def put(self, name: str, key: str, data: dict, blobs: tuple[bytes, ...] = ()) -> None:
        """Store an entry (after the build succeeded: a failed build leaves no cache behind)."""
        if self.folder is None:
            return
        from .atomic import write_bytes

        for blob in blobs:
            path = self.folder / "blobs" / hashlib.sha256(blob).hexdigest()
            if not path.is_file():
                write_bytes(path, blob)
        write_bytes(self.folder / f"{name}-{key}.json", json.dumps({**data, "key": key}, ensure_ascii=False).encode())

    def prune(self) -> None:
        """Keep the newest entries; remove blobs no entry names."""
        if self.folder is None or not self.folder.is_dir():
            return
        entries = sorted(self.folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in entries[KEEP_ENTRIES:]:
            old.unlink(missing_ok=True)
        named = set()
        for path in entries[:KEEP_ENTRIES]:
            try:
                named |= set(_strings(json.loads(path.read_text(encoding="utf-8"))))
            except (OSError, ValueError):
                path.unlink(missing_ok=True)
        for blob in (self.folder / "blobs").glob("*") if (self.folder / "blobs").is_dir() else ():
            if blob.name not in named:
                blob.unlink(missing_ok=True)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str | None:
    """The file's hash; None when it is missing or is no regular file (a pipe would block)."""
    from .errors import PamfletError
    from .files import open_regular

    try:
        with open_regular(path) as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except (OSError, PamfletError):
        return None
