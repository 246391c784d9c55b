"""Read a book folder: its Markdown files, and the metadata in the main file's YAML block."""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import PamfletError
from .metadata import validate
from .sanitise import check_image
from .safety import LIMITS, contained, key_lines, load_yaml, open_regular, read_bounded

_FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_FOOTNOTE_DEF = re.compile(r"^\[\^([^\]\s]+)\]:", re.M)
_INLINE_NOTE = re.compile(r"\^\[")


@dataclass
class Chapter:
    path: Path
    text: str  # Markdown without the YAML block
    first_line: int  # line number in ``path`` where ``text`` starts


@dataclass
class Source:
    folder: Path
    main: Path
    meta: dict
    chapters: list[Chapter] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return str(self.meta.get("id") or slugify(self.meta["title"]))


SLUG_LENGTH = 100  # a file name holds 255 bytes, and the outputs add suffixes and temporary names


def slugify(text: str) -> str:
    """The output files' name from the title: lower-case ASCII words joined by hyphens, cut
    after the last whole word within ``SLUG_LENGTH`` characters."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "book"
    if len(slug) > SLUG_LENGTH:
        slug = slug[: SLUG_LENGTH + 1].rsplit("-", 1)[0] if "-" in slug[: SLUG_LENGTH + 1] else slug[:SLUG_LENGTH]
    return slug


def read_book(folder: str | Path) -> Source:
    folder = Path(folder).resolve()
    if not folder.is_dir():
        raise PamfletError(folder, "is not a book folder")
    main = _main_file(folder)
    meta, text, first_line, lines = _split_front_matter(main, folder)
    meta = validate(meta, main, lines)
    if meta["cover"]["image"] is not None:
        meta["cover"]["image"] = _cover_image(folder, main, meta["cover"]["image"], lines)
    if meta["chapters"]:
        chapters = [_chapter(folder, name, main, lines.get(("chapters", n), 1)) for n, name in enumerate(meta["chapters"])]
        if text.strip():
            chapters.insert(0, Chapter(main, text, first_line))
    else:
        chapters = [Chapter(main, text, first_line)]
    for chapter in chapters:
        _check_footnotes(chapter)
    return Source(folder, main, meta, chapters)


def _main_file(folder: Path) -> Path:
    """The one Markdown file at the top of the folder that starts with a YAML block."""
    markdown = sorted(p for p in folder.glob("*.md") if p.is_file())
    for path in markdown:
        contained(path, [folder], "the Markdown file")
    candidates = [p for p in markdown if _starts_with_yaml(p)]
    if not candidates:
        raise PamfletError(folder, "no Markdown file with a YAML metadata block (---) at the top of this folder")
    with_chapters = [p for p in candidates if re.search(r"^chapters:", _read(p), re.M)]
    if len(candidates) > 1 and len(with_chapters) != 1:
        names = ", ".join(p.name for p in candidates)
        raise PamfletError(folder, f"several Markdown files with metadata ({names}); list the chapters in one of them")
    return with_chapters[0] if len(candidates) > 1 else candidates[0]


def _starts_with_yaml(path: Path) -> bool:
    with open_regular(path, "Markdown file") as handle:
        return handle.readline(80).decode("utf-8", "replace").rstrip() == "---"


def _read(path: Path) -> str:
    try:
        return read_bounded(path, LIMITS.text_bytes, "Markdown file").decode("utf-8")
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        raise PamfletError(path, "is not UTF-8 text", line) from None


def _split_front_matter(path: Path, folder: Path) -> tuple[dict, str, int, dict]:
    """The YAML block (data, and the line of every key) and the Markdown after it."""
    text = _read(path)
    lines = text.split("\n")
    end = next((i for i, line in enumerate(lines[1:], start=1) if line.rstrip() in ("---", "...")), None)
    if end is None:
        raise PamfletError(path, "the YAML metadata block is not closed with ---", 1)
    meta, node = load_yaml("\n".join(lines[1:end]), path, first_line=2)
    return meta if meta is not None else {}, "\n".join(lines[end + 1:]), end + 2, key_lines(node, 2)


def _missing(path: Path) -> str:
    return "is not a regular file (a folder, a pipe, a device)" if path.exists() else "does not exist"


def _cover_image(folder: Path, main: Path, name: str, lines: dict) -> str:
    line = lines.get(("cover", "image"), 1)
    image = contained(folder / name, [folder], "cover image", main, line)
    if not image.is_file():
        raise PamfletError(main, f"cover image {name!r} {_missing(image)} in the book folder", line)
    check_image(image, name, main, line)
    return image.relative_to(os.path.realpath(folder)).as_posix()


def _chapter(folder: Path, name: str, main: Path, line: int) -> Chapter:
    path = contained(folder / name, [folder], "chapter", main, line)
    if not path.is_file():
        raise PamfletError(main, f"chapter file {name!r} {_missing(path)}", line)
    text = _read(path)
    if text.startswith("---\n"):
        _, body, first, _ = _split_front_matter(path, folder)
        return Chapter(path, body, first)
    return Chapter(path, text, 1)


def _check_footnotes(chapter: Chapter) -> None:
    """pandoc silently prints an undefined [^n] as text, drops an unused note, keeps only one of
    two definitions with the same label and loses a note inside a note: refuse all four."""
    text = re.sub(r"`[^`\n]*`", "", chapter.text)
    defined: dict[str, re.Match] = {}
    for m in _FOOTNOTE_DEF.finditer(text):
        if m.group(1) in defined:
            first = _line_at(chapter, text, defined[m.group(1)].start())
            raise PamfletError(chapter.path, f"footnote [^{m.group(1)}] is defined twice (lines {first} and {_line_at(chapter, text, m.start())}); give each note its own label", _line_at(chapter, text, m.start()))
        defined[m.group(1)] = m
    used = {}
    for m in _FOOTNOTE_REF.finditer(text):
        used.setdefault(m.group(1), m)
    for label, m in used.items():
        if label not in defined:
            raise PamfletError(chapter.path, f"footnote [^{label}] has no definition", _line_at(chapter, text, m.start()))
    for label, m in defined.items():
        if label not in used:
            raise PamfletError(chapter.path, f"footnote [^{label}] is defined but never referenced", _line_at(chapter, text, m.start()))
        body = _definition_body(text, m)
        inner = _FOOTNOTE_REF.search(body) or _INLINE_NOTE.search(body)
        if inner:
            where = _line_at(chapter, text, m.end() + inner.start())
            raise PamfletError(chapter.path, f"a note inside a note: footnote [^{label}] (line {_line_at(chapter, text, m.start())}) has a note reference at line {where}; pandoc would lose it", where)


def _definition_body(text: str, definition: re.Match) -> str:
    """A definition's text: its first line, and the lines after it that are blank or indented."""
    lines = text[definition.end():].split("\n")
    body = [lines[0]]
    for line in lines[1:]:
        if line.strip() and not line.startswith((" ", "\t")):
            break
        body.append(line)
    return "\n".join(body)


def _line_at(chapter: Chapter, text: str, offset: int) -> int:
    return chapter.first_line + text.count("\n", 0, offset)


# Names pamflet looks for, and what a careless hand writes instead.
EXPECTED = {"index.yml": "the index's term list", "styles": "the book's stylesheets", "templates": "template overrides", "raw": "the raw text"}


def near_misses(folder: Path) -> list[str]:
    """Warnings for files and folders that look like one pamflet reads but are not named so
    (``index.yaml``, ``Index.yml``, ``style/``): otherwise they would be ignored in silence."""
    import difflib

    names = {p.name for p in folder.iterdir()}
    warnings = []
    for name in sorted(names - set(EXPECTED)):
        stem = name.lower().split(".")[0]
        for expected, what in EXPECTED.items():
            if expected in names:
                continue
            if name.lower() == expected or stem == expected.split(".")[0] or difflib.SequenceMatcher(None, name.lower(), expected).ratio() >= 0.8:
                warnings.append(f"{folder / name}: ignored; {what} must be named {expected}")
    return warnings
