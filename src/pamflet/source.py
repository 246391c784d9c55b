"""Read a book folder: its Markdown files, and the metadata in the main file's YAML block."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import PamfletError

REQUIRED = ("title", "lang")
KNOWN = {
    "title", "subtitle", "author", "date", "lang", "id", "identifier", "publisher", "rights",
    "description", "subjects", "chapters", "source", "cover",
}
COVER_DEFAULTS = {"background": "#7a1f1f", "color": "#fdf6e3", "font": "serif", "image": None}
COVER_FONTS = {"serif": '"pamflet serif"', "sans": '"pamflet sans"'}
_COLOUR = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?|[a-zA-Z]{3,20}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_FOOTNOTE_DEF = re.compile(r"^\[\^([^\]\s]+)\]:", re.M)


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


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "book"


def read_book(folder: str | Path) -> Source:
    folder = Path(folder).resolve()
    if not folder.is_dir():
        raise PamfletError(folder, "is not a book folder")
    main = _main_file(folder)
    meta, text, first_line = _split_front_matter(main)
    _validate(meta, main)
    if meta["chapters"]:
        chapters = [_chapter(folder, name, main) for name in meta["chapters"]]
        if text.strip():
            chapters.insert(0, Chapter(main, text, first_line))
    else:
        chapters = [Chapter(main, text, first_line)]
    for chapter in chapters:
        _check_footnotes(chapter)
    return Source(folder, main, meta, chapters)


def _main_file(folder: Path) -> Path:
    """The one Markdown file at the top of the folder that starts with a YAML block."""
    candidates = sorted(p for p in folder.glob("*.md") if p.is_file() and _starts_with_yaml(p))
    if not candidates:
        raise PamfletError(folder, "no Markdown file with a YAML metadata block (---) at the top of this folder")
    with_chapters = [p for p in candidates if re.search(r"^chapters:", p.read_text(encoding="utf-8"), re.M)]
    if len(candidates) > 1 and len(with_chapters) != 1:
        names = ", ".join(p.name for p in candidates)
        raise PamfletError(folder, f"several Markdown files with metadata ({names}); list the chapters in one of them")
    return with_chapters[0] if len(candidates) > 1 else candidates[0]


def _starts_with_yaml(path: Path) -> bool:
    with path.open(encoding="utf-8", errors="replace") as handle:
        return handle.readline().rstrip() == "---"


def _split_front_matter(path: Path) -> tuple[dict, str, int]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise PamfletError(path, "is not UTF-8 text") from None
    lines = text.split("\n")
    end = next((i for i, line in enumerate(lines[1:], start=1) if line.rstrip() in ("---", "...")), None)
    if end is None:
        raise PamfletError(path, "the YAML metadata block is not closed with ---", 1)
    try:
        meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise PamfletError(path, f"invalid YAML in the metadata block: {problem}", line) from None
    if not isinstance(meta, dict):
        raise PamfletError(path, "the metadata block must be a mapping of fields (title: …)", 2)
    return meta, "\n".join(lines[end + 1:]), end + 2


def _validate(meta: dict, path: Path) -> None:
    for key in REQUIRED:
        if not meta.get(key):
            raise PamfletError(path, f"the metadata block has no {key!r}", _line_of_key(path, key))
    for key in ("title", "subtitle", "author", "lang", "publisher", "rights", "description", "identifier", "source"):
        if key in meta and not isinstance(meta[key], str):
            raise PamfletError(path, f"metadata field {key!r} must be text", _line_of_key(path, key))
        # PDF/A (and XML) forbid control characters in metadata.
        if isinstance(meta.get(key), str) and _CONTROL.search(meta[key]):
            raise PamfletError(path, f"metadata field {key!r} contains a control character", _line_of_key(path, key))
    if "date" in meta:
        meta["date"] = str(meta["date"])
    if meta.get("chapters") is not None and not (isinstance(meta["chapters"], list) and all(isinstance(c, str) for c in meta["chapters"])):
        raise PamfletError(path, "'chapters' must be a list of file names", _line_of_key(path, "chapters"))
    meta["cover"] = _cover(meta.get("cover"), path)
    for key in KNOWN:
        meta.setdefault(key, None)  # templates may ask for any known field
    if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", meta["lang"]):
        raise PamfletError(path, f"'lang' must be a language code like nl or en-GB, not {meta['lang']!r}", _line_of_key(path, "lang"))


def _cover(settings, path: Path) -> dict:
    """The cover's colours, font and optional image, checked (they end up in CSS)."""
    if settings is None:
        settings = {}
    line = _line_of_key(path, "cover")
    if not isinstance(settings, dict) or set(settings) - set(COVER_DEFAULTS):
        raise PamfletError(path, f"'cover' takes the fields {', '.join(COVER_DEFAULTS)}", line)
    cover = {**COVER_DEFAULTS, **settings}
    for key in ("background", "color"):
        if not isinstance(cover[key], str) or not _COLOUR.fullmatch(cover[key]):
            raise PamfletError(path, f"cover {key} must be a colour like #7a1f1f or a colour name, not {cover[key]!r}", line)
    if cover["font"] not in COVER_FONTS:
        raise PamfletError(path, f"cover font must be one of {', '.join(COVER_FONTS)}, not {cover['font']!r}", line)
    cover["family"] = COVER_FONTS[cover["font"]]
    if cover["image"] is not None:
        image = (path.parent / str(cover["image"])).resolve()
        if path.parent not in image.parents or not image.is_file():
            raise PamfletError(path, f"cover image {cover['image']!r} does not exist in the book folder", _line_of_key(path, "  image", default=line))
        cover["image"] = image.relative_to(path.parent).as_posix()
    return cover


def _line_of_key(path: Path, key: str, default: int = 1) -> int:
    """The line that starts with ``key:`` (indent included), else ``default``."""
    for no, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if line.startswith(f"{key}:"):
            return no
    return default


def _chapter(folder: Path, name: str, main: Path) -> Chapter:
    path = (folder / name).resolve()
    if folder not in path.parents:
        raise PamfletError(main, f"chapter {name!r} is outside the book folder", _line_of_key(main, "chapters"))
    if not path.is_file():
        raise PamfletError(main, f"chapter file {name!r} does not exist", _line_of_key(main, "chapters"))
    text = path.read_text(encoding="utf-8")
    if text.startswith("---\n"):
        _, body, first = _split_front_matter(path)
        return Chapter(path, body, first)
    return Chapter(path, text, 1)


def _check_footnotes(chapter: Chapter) -> None:
    """pandoc silently prints an undefined [^n] as text and drops an unused note: refuse both."""
    text = re.sub(r"`[^`\n]*`", "", chapter.text)
    defined = {m.group(1): m for m in _FOOTNOTE_DEF.finditer(text)}
    used = {}
    for m in _FOOTNOTE_REF.finditer(text):
        used.setdefault(m.group(1), m)
    for label, m in used.items():
        if label not in defined:
            raise PamfletError(chapter.path, f"footnote [^{label}] has no definition", _line_at(chapter, text, m.start()))
    for label, m in defined.items():
        if label not in used:
            raise PamfletError(chapter.path, f"footnote [^{label}] is defined but never referenced", _line_at(chapter, text, m.start()))


def _line_at(chapter: Chapter, text: str, offset: int) -> int:
    return chapter.first_line + text.count("\n", 0, offset)
