"""The print edition laid out with WeasyPrint: the book's stylesheets and fonts, only allowed
files read, footnotes kept on their page and paragraphs set by total fit."""

from __future__ import annotations

import logging
import os
import unicodedata
from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError

from ..errors import PamfletError
from ..fetch import FolderFetcher
from ..footnotes import notes_stay_on_their_page
from ..model import Book
from ..hyphenation import hyphenation_exceptions
from ..paragraphs import Fit, corrections, total_fit
from ..render import STYLES, TEMPLATES
from ..stylesheets import check_print_fonts, covered, read_css
from .columns import bisected_balance
from .html import print_html
from . import incremental
from .incremental import Redo, reusing
from .pagemap import _descendants


def _fetcher(book: Book) -> FolderFetcher:
    """WeasyPrint may read the book folder, the templates and the styles: nothing else."""
    return FolderFetcher([book.folder, TEMPLATES, STYLES])


def print_sheets(book: Book) -> list[tuple[Path, str]]:
    """The stock print.css, then the book's own styles/print.css if it has one (read as
    untrusted: inside the book folder, bounded)."""
    paths = [STYLES / "print.css", book.folder / "styles" / "print.css"]
    return [(path, read_css(path, [book.folder, STYLES])) for path in paths if path.is_file() or path.exists()]  # a pipe: read_css refuses it


def font_files(book: Book) -> list[Path]:
    """The fonts the print edition may use: declared by @font-face from styles/fonts/ or the book's
    fonts/ (its own styles may not name any other font)."""
    declared = check_print_fonts(print_sheets(book), [STYLES / "fonts", book.folder / "fonts", book.folder / "styles" / "fonts"])
    return sorted({path for files in declared.values() for path in files})


def stylesheets(book: Book, fonts: FontConfiguration) -> list[CSS]:
    fetcher = _fetcher(book)
    return [CSS(string=css, base_url=path.as_uri(), url_fetcher=fetcher, font_config=fonts) for path, css in print_sheets(book)]


def missing_characters(book: Book, document, fonts: list[Path]) -> list[str]:
    """Warnings for characters the pinned ``fonts`` have no glyph for, with their pages
    (WeasyPrint would draw them from a system font, or as a box)."""
    have = covered(fonts)
    missing: dict[str, list[int]] = {}
    for number, page in enumerate(document.pages, start=1):
        for box in _descendants(page._page_box):
            for char in getattr(box, "text", "") if type(box).__name__ == "TextBox" else "":
                if ord(char) not in have and not char.isspace() and unicodedata.category(char) not in ("Cf", "Cc"):
                    pages = missing.setdefault(char, [])
                    if number not in pages:
                        pages.append(number)
    return [
        f"{book.sources[0]}: the font has no glyph for “{char}” (U+{ord(char):04X}), used on page{'s' if len(pages) > 1 else ''} {', '.join(map(str, pages[:10]))}{' …' if len(pages) > 10 else ''}"
        for char, pages in sorted(missing.items())
    ]


class _Collect(logging.Handler):
    """WeasyPrint reports problems as log warnings; collect them to fail the build."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def render_document(book: Book, extra_css: str = ""):
    """Lay out the print edition's front matter and text; the caller reads its pages' anchors.

    Every footnote must be on its reference's page. The layout context in ``footnotes.py``
    sees to that in one layout; as a safety net, a note found on a later page gets the
    paragraph that pushed it moved to the next page, and the text is laid out once more.
    Likewise for paragraphs (``paragraphs.py``): a recto whose last line ends in a hyphen
    has that paragraph set again without it, and a paragraph WeasyPrint did not set as
    planned is left to WeasyPrint.
    """
    page_breaks: frozenset[int] = frozenset()
    fit = Fit()
    for round_ in range(4):  # each round settles what the last one found; two are the most seen
        document = _layout(book, page_breaks, extra_css, fit, round_)
        moved = _paragraphs_pushing_notes_away(document)
        better = corrections(document, document.pamflet_stats, fit)
        if (not moved or moved <= page_breaks) and better == fit:
            break
        page_breaks |= moved
        fit = better
    return document


def _paragraphs_pushing_notes_away(document) -> frozenset[int]:
    """For each footnote laid out on a later page than its call: the last paragraph that
    starts on the call's page."""
    note_page, call_page, first_page = {}, {}, {}
    for number, page in enumerate(document.pages):
        for box in _descendants(page._page_box):
            element = getattr(box, "element", None)
            footnote = getattr(box, "footnote", None)
            if footnote is not None:  # the call, in the text
                call_page.setdefault(footnote.element.get("id"), number)
            if type(box).__name__ == "FootnoteAreaBox":  # the notes at the foot of the page
                for note in box.children:
                    note_page.setdefault(note.element.get("id"), number)
            elif element is not None and element.tag == "p" and element.get("data-block"):
                first_page.setdefault(int(element.get("data-block")), number)
    moved = set()
    for note_id, page in note_page.items():
        call = call_page.get(note_id)
        starting = [p for p, first in first_page.items() if first == call]
        if call is not None and page > call and starting:
            moved.add(max(starting))
    return frozenset(moved)


def _layout(book: Book, page_breaks: frozenset[int], extra_css: str = "", fit: Fit = Fit(), round_: int = 0):
    reuse = reuse_key(book, extra_css, round_) if incremental.KEEP else None  # a build not followed by another: no walk of the folder
    return _render(book, print_html(book, page_breaks), extra_css, fit, reuse)


def reuse_key(book: Book, extra_css: str, round_: int) -> tuple:
    """What a layout may take pages from an earlier one under (``layout.incremental``): all it
    is made from but the text, which is compared block by block."""
    sheets = tuple(css for _, css in print_sheets(book)) + (extra_css,)
    files = []
    for top, folders, names in os.walk(book.folder):  # images, fonts: what the HTML does not hold (links not followed)
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(names):
            if not name.endswith((".md", ".yml", ".yaml")):
                stat = os.lstat(os.path.join(top, name))
                files.append((os.path.relpath(os.path.join(top, name), book.folder), stat.st_size, stat.st_mtime_ns))
    exceptions = tuple(sorted(hyphenation_exceptions(book.meta.get("hyphenation") or []).items()))
    return (str(book.folder), sheets, tuple(files), exceptions, os.environ.get("PAMFLET_GREEDY"), round_)


def _render(book: Book, source: str, extra_css: str = "", fit: Fit = Fit(), reuse: tuple | None = None):
    """Lay out an HTML document with the book's styles; only allowed files may be read.
    ``reuse``: the key under which pages of the last such layout may be taken again."""
    fetcher = _fetcher(book)
    collect = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    try:
        fonts = FontConfiguration()  # @font-face rules need one, or WeasyPrint ignores them
        sheets = stylesheets(book, fonts) + ([CSS(string=extra_css, font_config=fonts)] if extra_css else [])
        html_doc = HTML(string=source, base_url=str(book.folder) + "/", url_fetcher=fetcher)
        for take in (True, False):  # False: once more from scratch, when taking pages failed
            with notes_stay_on_their_page(), bisected_balance(), total_fit(hyphenation_exceptions(book.meta.get("hyphenation") or []), fit) as stats, \
                    reusing(reuse, stats, fit, take) as run:
                try:
                    document = html_doc.render(stylesheets=sheets, font_config=fonts)
                except Redo:
                    html_doc = HTML(string=source, base_url=str(book.folder) + "/", url_fetcher=fetcher)
                    continue
                run.keep(document)
            break
        document.pamflet_stats = stats
    except FatalURLFetchingError as exc:
        raise PamfletError(book.folder, f"refused to load a resource: {exc.__cause__ or exc}") from None
    finally:
        logger.removeHandler(collect)
    problems = [m for m in collect.messages if "load" in m.lower() or "fetch" in m.lower()]
    if problems:
        raise PamfletError(book.folder, problems[0])
    return document
