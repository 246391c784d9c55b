"""The back-of-book index: term list (index.yml), occurrences in the text, locators, collation.

One term list, one set of anchors in the document model; the print writer turns the anchors'
pages into locators, the EPUB writer links the same locators to the same anchors.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from lxml import html
from pyuca import Collator

from .errors import PamfletError
from .model import Book
from .safety import LIMITS, YamlLoader, contained, load_yaml, read_bounded

KINDS = ("persons", "subjects")
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_LETTER = re.compile(r"\w")


@dataclass
class Occurrence:
    id: str  # the anchor's id in the text
    in_note: bool


@dataclass
class Entry:
    kind: str
    term: str
    line: int  # in index.yml
    forms: list[str] = field(default_factory=list)
    sort: str = ""
    see: str | None = None
    see_also: list[str] = field(default_factory=list)
    sub: list["Entry"] = field(default_factory=list)
    parent: "Entry | None" = None
    occurrences: list[Occurrence] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.parent.term} > {self.term}" if self.parent else self.term


@dataclass
class Index:
    path: Path
    entries: dict[str, list[Entry]]  # kind → top-level entries, in collation order

    def all_entries(self):
        for entries in self.entries.values():
            for entry in entries:
                yield entry
                yield from entry.sub

    def by_key(self) -> dict[str, Entry]:
        return {entry.key: entry for entry in self.all_entries()}


# --- reading index.yml ---


class _LineLoader(YamlLoader):
    """Remembers the line of every mapping, for error messages that point into index.yml."""


def _construct_mapping(loader, node, deep=False):
    mapping = YamlLoader.construct_mapping(loader, node, deep=deep)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def read_index(folder: Path) -> Index | None:
    path = folder / "index.yml"
    if not path.is_file():
        if path.exists():  # a folder or a pipe named index.yml: a mistake, not "no index"
            raise PamfletError(path, "is not a regular file (a folder, a pipe, a device)")
        return None
    contained(path, [folder], "the index")
    try:
        text = read_bounded(path, LIMITS.yaml_bytes, "YAML file").decode("utf-8")
    except UnicodeDecodeError:
        raise PamfletError(path, "is not UTF-8 text") from None
    data = load_yaml(text, path, loader=_LineLoader)[0] or {}
    if not isinstance(data, dict) or not set(data) - {"__line__"} <= set(KINDS):
        raise PamfletError(path, f"the index must be a mapping with the lists {' and/or '.join(KINDS)}", 1)
    for kind in KINDS:
        if data.get(kind) is not None and not isinstance(data[kind], list):
            raise PamfletError(path, f"'{kind}' must be a list of entries (- term: …)", _line_of(path, f"{kind}:"))
    entries = {kind: [_entry(path, kind, item, None) for item in data[kind] or []] for kind in KINDS if kind in data}
    entries = {kind: listed for kind, listed in entries.items() if listed}
    if not entries:
        return None  # no terms yet (`pamflet new`'s skeleton): no index pages, not an empty register
    index = Index(path, entries)
    _check_references(index)
    return index


def _entry(path: Path, kind: str, item, parent: Entry | None) -> Entry:
    if not isinstance(item, dict) or not isinstance(item.get("term"), str) or not item["term"].strip():
        line = item.get("__line__") if isinstance(item, dict) else None
        raise PamfletError(path, "every entry needs a 'term' (the heading as printed)", line)
    line = item["__line__"]
    for key in ("term", "forms", "sort", "see", "see_also"):
        for value in item.get(key) if isinstance(item.get(key), list) else [item.get(key)]:
            if isinstance(value, str) and _CONTROL.search(value):  # XML (the EPUB) and PDF/A refuse them
                raise PamfletError(path, f"entry “{_CONTROL.sub('', item['term'].strip())[:40]}”: '{key}' contains a control character (U+{ord(_CONTROL.search(value).group()):04X})", line)
    unknown = set(item) - {"term", "forms", "sort", "see", "see_also", "sub", "__line__"}
    if unknown:
        raise PamfletError(path, f"entry “{item['term']}”: unknown key(s) {', '.join(sorted(unknown))}", line)
    entry = Entry(kind, item["term"].strip(), line, sort=str(item.get("sort") or item["term"]), parent=parent)
    see, see_also, sub = item.get("see"), item.get("see_also") or [], item.get("sub") or []
    if see is not None and not isinstance(see, str):
        raise PamfletError(path, f"entry “{entry.term}”: 'see' must be the term it refers to", line)
    if not (isinstance(see_also, list) and all(isinstance(t, str) for t in see_also)):
        raise PamfletError(path, f"entry “{entry.term}”: 'see_also' must be a list of terms", line)
    if not isinstance(sub, list):
        raise PamfletError(path, f"entry “{entry.term}”: 'sub' must be a list of entries", line)
    if see is not None and see_also:
        # EPUB Indexes 1.0 §2.2.3: an entry has "see" references or "see also" ones, not both.
        raise PamfletError(path, f"entry “{entry.term}”: 'see' sends the reader to another term, so it has no 'see_also'", line)
    entry.see, entry.see_also = see, list(see_also)
    forms = item.get("forms")
    if forms is None and not entry.see and not item.get("sub") and "," not in entry.term:
        forms = [entry.term]  # "trojka" stands for itself
    if forms is not None and not (isinstance(forms, list) and all(isinstance(f, str) and f.strip() for f in forms)):
        raise PamfletError(path, f"entry “{entry.term}”: 'forms' must be a list of words or phrases", line)
    entry.forms = [f.strip() for f in forms or []]
    if not entry.forms and not entry.see and not item.get("sub"):
        raise PamfletError(path, f"entry “{entry.term}” has no forms to look for (give 'forms', or 'see')", line)
    if item.get("sub"):
        if parent is not None:
            raise PamfletError(path, f"entry “{entry.term}”: sub-entries cannot have sub-entries", line)
        entry.sub = [_entry(path, kind, sub, entry) for sub in item["sub"]]
    return entry


def _check_references(index: Index) -> None:
    seen: dict[tuple[str, str], Entry] = {}
    for entry in index.all_entries():
        if (entry.kind, entry.key) in seen:
            raise PamfletError(index.path, f"entry “{entry.key}” appears twice in {entry.kind}", entry.line)
        seen[(entry.kind, entry.key)] = entry
    terms = {entry.term for entry in index.all_entries() if entry.parent is None}
    for entry in index.all_entries():
        for target in ([entry.see] if entry.see else []) + entry.see_also:
            if target not in terms:
                raise PamfletError(index.path, f"entry “{entry.key}” refers to “{target}”, which is not an entry", entry.line)


# --- finding occurrences ---


def mark_occurrences(book: Book, index: Index, lenient: bool = False) -> list[str]:
    """Wrap every occurrence in the text (not in headings) in an anchor; return warnings."""
    forms: dict[str, list[Entry]] = {}
    for entry in index.all_entries():
        for form in entry.forms:
            for variant in _variants(entry, form):
                forms.setdefault(variant, []).append(entry)
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")(?!\w)"
    ) if forms else None
    counter = iter(range(1, 10_000_000))
    by_key = index.by_key()
    unknown: list[str] = []  # markers naming a term the list does not have (with --lenient)
    for chapter in book.chapters:
        _mark_tree(chapter.tree, pattern, forms, by_key, counter, False, chapter.path, lenient, unknown)
    for note in book.notes:
        for element in note.content:
            _mark_tree(element, pattern, forms, by_key, counter, True, _note_file(book, note), lenient, unknown)
    return unknown + _check_found(book, index, lenient)


def _note_file(book: Book, note) -> Path:
    chapter = next((c for c in book.chapters if c.tree.xpath(f".//a[@href='#{note.id}']")), book.chapters[0])
    return chapter.path


def _variants(entry: Entry, form: str) -> list[str]:
    """Names are matched as written; a subject written in lower case also at a sentence start."""
    if entry.kind == "subjects" and form[:1].islower():
        return [form, form[:1].upper() + form[1:]]
    return [form]


def _mark_tree(root, pattern, forms, by_key, counter, in_note, path, lenient=False, unknown=None) -> None:
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element.tag in HEADINGS or _inside_heading(element):
            continue
        if "idx" in (element.get("class") or "").split() and not element.get("id"):
            _mark_span(element, by_key, counter, in_note, path, lenient, unknown)
            continue
        if pattern is None or _inside_index_span(element):
            continue
        _wrap_matches(element, "text", pattern, forms, counter, in_note)
        for child in list(element):
            if child.tail:
                _wrap_matches(child, "tail", pattern, forms, counter, in_note)


def _inside_heading(element) -> bool:
    return any(a.tag in HEADINGS for a in element.iterancestors())


def _inside_index_span(element) -> bool:
    return any("idx" in (a.get("class") or "").split() for a in [element, *element.iterancestors()])


def _mark_span(span, by_key, counter, in_note, path, lenient, unknown) -> None:
    """An inline marker: [de oppositie]{.idx term="Linkse Oppositie"}."""
    term = span.get("data-term") or span.get("term") or ""
    entry = by_key.get(term)
    if entry is None:
        line = _line_of(path, f'term="{term}"')
        message = f"index marker [{span.text_content()}] names the term “{term}”, which index.yml does not have"
        if not lenient:
            raise PamfletError(path, message, line)
        unknown.append(f"{path}:{line}: {message}")
        span.set("class", "idx-unknown")
        return
    span.set("id", f"idx-{next(counter)}")
    span.set("class", "idx")
    entry.occurrences.append(Occurrence(span.get("id"), in_note))


def _line_of(path: Path, needle: str) -> int | None:
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if needle in line:
            return number
    return None


def _wrap_matches(node, attribute: str, pattern, forms, counter, in_note) -> None:
    """Split ``node.text`` (or ``.tail``) around each match and wrap the match in a span."""
    text = getattr(node, attribute)
    if not text or not pattern.search(text):
        return
    pieces = pattern.split(text)  # text, match, text, match, …, text
    setattr(node, attribute, pieces[0])
    parent = node if attribute == "text" else node.getparent()
    position = 0 if attribute == "text" else parent.index(node) + 1
    for n in range(1, len(pieces), 2):
        span = html.Element("span", {"class": "idx", "id": f"idx-{next(counter)}"})
        span.text, span.tail = pieces[n], pieces[n + 1]
        parent.insert(position, span)
        position += 1
        for entry in forms[pieces[n]]:
            entry.occurrences.append(Occurrence(span.get("id"), in_note))


def _check_found(book: Book, index: Index, lenient: bool) -> list[str]:
    text = " ".join(_searchable_text(book))
    problems = []
    for entry in index.all_entries():
        if entry.occurrences or not entry.forms:
            continue
        inside = next((m.group(0) for f in entry.forms for m in re.finditer(rf"\w*{re.escape(f)}\w*", text)), None)
        if inside:
            message = f"index term “{entry.key}”: its forms occur only inside other words (“{inside}”); list the whole word"
        else:
            message = f"index term “{entry.key}” does not occur in the text (forms: {', '.join(entry.forms)})"
        problems.append((entry, message + ("" if listed(entry) else " (left out of the index)")))
    if problems and not lenient:
        entry, message = problems[0]
        raise PamfletError(index.path, message, entry.line)
    return [f"{index.path}:{entry.line}: {message}" for entry, message in problems]


def _searchable_text(book: Book):
    for chapter in book.chapters:
        for element in chapter.tree.iter():
            if isinstance(element.tag, str) and element.tag not in HEADINGS and not _inside_heading(element):
                yield element.text or ""
                yield from (child.tail or "" for child in element)
    for note in book.notes:
        for element in note.content:
            yield element.text_content()


# --- locators and collation ---


@dataclass
class Locator:
    label: str  # "12", "12–14", "12n"
    href: str  # the anchor of the first occurrence it stands for
    first_page: int
    end_href: str | None = None  # a range: the anchor of the last occurrence on its last page


def locators(entry: Entry, page_of: dict[str, int]) -> list[Locator]:
    """Pages of an entry's occurrences: deduplicated, consecutive text pages merged into
    ranges with an en dash, pages with only note occurrences marked ``n``."""
    text_pages: dict[int, str] = {}
    note_pages: dict[int, str] = {}
    last_on_page: dict[int, str] = {}
    for occurrence in entry.occurrences:
        page = page_of[occurrence.id]
        target = note_pages if occurrence.in_note else text_pages
        target.setdefault(page, occurrence.id)
        if not occurrence.in_note:
            last_on_page[page] = occurrence.id
    out: list[Locator] = []
    pages = sorted(text_pages)
    start = 0
    for i in range(1, len(pages) + 1):
        if i == len(pages) or pages[i] != pages[i - 1] + 1:
            first, last = pages[start], pages[i - 1]
            label = str(first) if first == last else f"{first}–{last}"
            out.append(Locator(label, text_pages[first], first, None if first == last else last_on_page[last]))
            start = i
    for page, anchor in note_pages.items():
        if page not in text_pages:
            out.append(Locator(f"{page}n", anchor, page))
    return sorted(out, key=lambda loc: (loc.first_page, loc.label.endswith("n")))


@lru_cache(maxsize=1)
def _collator() -> Collator:
    return Collator()


# Sort keys read back with a cached model (model_json.py): loading the collation table takes
# longer than writing an EPUB, and an EPUB made from the cache needs only its terms' keys.
KNOWN_SORT_KEYS: dict[str, tuple[int, ...]] = {}


def sort_key(text: str) -> tuple[int, ...]:
    """Unicode Collation Algorithm: accents and case only break ties; IJ sorts as I + J."""
    known = KNOWN_SORT_KEYS.get(text)
    return known if known is not None else tuple(_collator().sort_key(text))


def letter_group(entry: Entry) -> str:
    first = unicodedata.normalize("NFD", entry.sort.strip())[:1].upper()
    return first if first.isalpha() else "#"


def collated(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: sort_key(e.sort))


def listed(entry: Entry) -> bool:
    """Does the entry stand in the index? It needs a page, a cross-reference or a listed
    sub-entry (EPUB Indexes 1.0 §1.2: "a term cannot stand alone as an entry"); only with
    --lenient can it have none, when its forms never occur (the warning says it is left out)."""
    return bool(entry.occurrences or entry.see or entry.see_also or any(listed(sub) for sub in entry.sub))


def groups(entries: list[Entry]) -> list[tuple[str, list[Entry]]]:
    out: list[tuple[str, list[Entry]]] = []
    for entry in collated([e for e in entries if listed(e)]):
        letter = letter_group(entry)
        if not out or out[-1][0] != letter:
            out.append((letter, []))
        out[-1][1].append(entry)
    return out


def heading(index: Index | None, words: dict) -> str | None:
    """The index's title in the contents: one register's name, or "Registers" for two."""
    if not index:
        return None
    kinds = list(index.entries)
    return words[kinds[0]] if len(kinds) == 1 else words["indexes"]


def registers(index: Index, words: dict) -> list[dict]:
    """What the print and EPUB index templates loop over: per register, its title and letter groups."""
    return [
        {"kind": kind, "title": words[kind] if len(index.entries) > 1 else heading(index, words), "groups": groups(top)}
        for kind, top in index.entries.items()
    ]
