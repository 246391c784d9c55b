"""The document model (with its index) as JSON and back, for the build cache.

The model is what pandoc read and the sanitiser passed; the cache holds it only in an output
folder outside the book folder (see cache.py), so a book cannot plant one. Reading it back
checks every field's type: an entry that is not as written here is a miss (None).
"""

from __future__ import annotations

from pathlib import Path

from lxml import html

from .hyphenation import KNOWN_POINTS, hyphen_points, hyphenation_exceptions, known_key
from .index import KNOWN_SORT_KEYS, Entry, Index, Occurrence, sort_key
from .model import Book, Chapter, Heading, Note


def _markup(elements) -> str:
    return "".join(html.tostring(el, encoding="unicode") for el in elements)


def _elements(markup: str) -> list:
    return list(html.fragment_fromstring(markup, create_parent="div")) if markup else []


def book_to_json(book: Book) -> dict:
    return {
        "folder": str(book.folder), "slug": book.slug, "meta": book.meta,
        "chapters": [{"path": str(c.path), "tree": html.tostring(c.tree, encoding="unicode"),
                      "headings": [[h.id, h.level, h.title, h.short] for h in c.headings]} for c in book.chapters],
        "notes": [[n.number, n.id, n.ref_id, _markup(n.content)] for n in book.notes],
        "images": [str(p) for p in book.images], "sources": [str(p) for p in book.sources],
        "index": book.index and {"path": str(book.index.path), "entries": {k: [_entry_json(e) for e in v] for k, v in book.index.entries.items()},
                                 "sort_keys": {e.sort: list(sort_key(e.sort)) for e in book.index.all_entries()}},
        "table_head_hyphens": {word: hyphen_points(word, book.lang, _exceptions(book)) for word in _table_head_words(book)},
    }


def _exceptions(book: Book) -> dict:
    return hyphenation_exceptions(book.meta.get("hyphenation") or [])


def _table_head_words(book: Book) -> set[str]:
    """The words of table header cells, which the EPUB hyphenates (writers/epub.py)."""
    return {word for c in book.chapters for cell in c.tree.iter("th") for text in cell.itertext() for word in text.split()}


def _entry_json(entry: Entry) -> dict:
    return {"kind": entry.kind, "term": entry.term, "line": entry.line, "forms": entry.forms, "sort": entry.sort, "see": entry.see,
            "see_also": entry.see_also, "sub": [_entry_json(s) for s in entry.sub], "occurrences": [[o.id, o.in_note] for o in entry.occurrences]}


def book_from_json(data: dict, folder: Path) -> Book | None:
    """The model back; None unless it reads as written for this very ``folder``."""
    try:
        if data["folder"] != str(folder) or not isinstance(data["meta"], dict) or not isinstance(data["slug"], str):
            return None
        chapters = []
        for c in data["chapters"]:
            headings = [Heading(_str(i), _int(level), _str(title), None if short is None else _str(short)) for i, level, title, short in c["headings"]]
            chapters.append(Chapter(_path(c["path"], folder), html.fragment_fromstring(_str(c["tree"])), headings))
        notes = [Note(_int(number), _str(i), _str(ref), _elements(_str(markup))) for number, i, ref, markup in data["notes"]]
        book = Book(folder, data["slug"], data["meta"], chapters, notes,
                    [_path(p, folder) for p in data["images"]], [_path(p, folder) for p in data["sources"]])
        if data["index"] is not None:
            entries = {_str(kind): [_entry(e, None) for e in items] for kind, items in data["index"]["entries"].items()}
            book.index = Index(_path(data["index"]["path"], folder), entries)
            keys = {_str(text): tuple(_int(weight) for weight in key) for text, key in data["index"]["sort_keys"].items()}
            if {e.sort for e in book.index.all_entries()} - keys.keys():
                return None
            KNOWN_SORT_KEYS.update(keys)
        points = {_str(word): [_int(cut) for cut in cuts] for word, cuts in data["table_head_hyphens"].items()}
        exceptions = _exceptions(book)
        KNOWN_POINTS.update({known_key(word, book.lang, exceptions): cuts for word, cuts in points.items() if all(0 < cut < len(word) for cut in cuts)})
    except (KeyError, TypeError, ValueError, AttributeError, html.etree.ParserError):
        return None
    return book


def _entry(data: dict, parent: Entry | None) -> Entry:
    entry = Entry(_str(data["kind"]), _str(data["term"]), _int(data["line"]), [_str(f) for f in data["forms"]], _str(data["sort"]),
                  None if data["see"] is None else _str(data["see"]), [_str(t) for t in data["see_also"]], parent=parent,
                  occurrences=[Occurrence(_str(i), bool(n)) for i, n in data["occurrences"]])
    entry.sub = [_entry(s, entry) for s in data["sub"]]
    return entry


def _str(value) -> str:
    if not isinstance(value, str):
        raise TypeError(value)
    return value


def _int(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(value)
    return value


def _path(value, folder: Path) -> Path:
    """A path the model names: inside the book folder, or it is not this book's model."""
    path = Path(_str(value))
    if folder != path and folder not in path.parents:
        raise ValueError(value)
    return path
