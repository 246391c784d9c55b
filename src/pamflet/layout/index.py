"""The print index: its locators are the pages the text's layout gave the occurrences."""

from __future__ import annotations

from ..errors import PamfletError
from ..index import locators, registers
from ..model import Book
from ..cache import digest, file_sha256
from ..render import environment, labels, render
from .weasy import _render, font_files, print_sheets

# The last index laid out, by all it was laid out from (its HTML, with the locators, the
# styles and the fonts): a watched book rebuilt after a save that moved no indexed word to
# another page takes its index from here instead of laying it out again (seconds).
_LAST_INDEX: dict[str, object] = {}


def with_index(book: Book, document, pages: dict[str, int], extra_css: str = ""):
    """Replace the index placeholder page(s) by the index, laid out on its own.

    The text is laid out once; where each occurrence landed gives the locators; only the
    index is laid out again, its folios continuing the text's, and the pages are joined.
    """
    start = pages["index-start"]  # the placeholder's page: the index starts there
    words = labels(book.lang)
    located = {entry.key: locators(entry, pages) for entry in book.index.all_entries()}
    source = render(environment(book), "print/index.html", book=book, registers=registers(book.index, words), locators=located, labels=words)
    css = f"@page :first {{ counter-reset: page {start}; }}\n{extra_css}"
    key = digest(source, css, str(book.folder), book.meta.get("hyphenation"), [text for _, text in print_sheets(book)], [file_sha256(path) for path in font_files(book)])
    if key not in _LAST_INDEX:
        index = _render(book, source, css)
        _check_index_fits(book, index)
        _LAST_INDEX.clear()
        _LAST_INDEX[key] = index
    return document.copy(document.pages[: start - 1] + _LAST_INDEX[key].pages)


def _check_index_fits(book: Book, index) -> None:
    """Entries are kept in one piece (break-inside: avoid); WeasyPrint splits one only when it
    is taller than a whole column, and then it cannot be printed as an index entry should."""
    places: dict[str, set] = {}

    def visit(box, page):
        element = getattr(box, "element", None)
        if element is not None and element.get("data-line"):
            key = element.get("data-term")
            places.setdefault(key, set()).add((page, round(box.position_x)))
            if len(places[key]) > 1:
                raise PamfletError(book.index.path, f"index entry “{key}” is too long to fit in a column; split it into sub-entries", int(element.get("data-line")))
            return  # the entry's own inner boxes (lines, sub-entries) do not count
        for child in getattr(box, "children", None) or []:
            visit(child, page)

    for number, page in enumerate(index.pages):
        visit(page._page_box, number)
