"""The print edition: the model → HTML (templates/print) → PDF with WeasyPrint."""

from __future__ import annotations

import copy
import io
import logging
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from lxml import html
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError

from ..errors import PamfletError
from ..index import heading as index_heading
from ..index import locators, registers
from ..fetch import FolderFetcher
from ..footnotes import notes_stay_on_their_page
from ..paragraphs import Fit, corrections, hyphenation_exceptions, total_fit
from ..model import Book, Note
from ..render import STYLES, TEMPLATES, build_time, environment, labels, markup, render
from ..stylesheets import check_print_fonts, covered, read_css


def print_html(book: Book, page_breaks: frozenset[int] = frozenset()) -> str:
    """The whole print edition as one HTML document; ``page_breaks`` are paragraphs that must
    start a new page (see ``render_document``)."""
    notes = {note.id: note for note in book.notes}
    chapters = []
    for chapter in book.chapters:
        elements = _with_inline_notes(chapter.tree, notes)
        for element in elements:
            for block in element.iter():
                if isinstance(block.tag, str) and block.get("data-block") and int(block.get("data-block")) in page_breaks:
                    block.set("class", " ".join(filter(None, [block.get("class"), "new-page"])))
        chapters.append({"html": markup(elements)})
    words = labels(book.lang)
    return render(
        environment(book), "print/book.html",
        book=book, chapters=chapters, labels=words, built=build_time(book), index_title=index_heading(book.index, words),
        cover=book.meta["cover"],
    )


def _with_inline_notes(tree: html.HtmlElement, notes: dict[str, Note]) -> list[html.HtmlElement]:
    """Put each note's text where it is referenced, for CSS ``float: footnote``."""
    tree = copy.deepcopy(tree)
    for ref in tree.xpath(".//a[@role='doc-noteref']"):
        note = notes[ref.get("href").lstrip("#")]
        span = html.Element("span", {"class": "footnote", "id": note.id})
        for paragraph in note.content:
            part = copy.deepcopy(paragraph)
            part.tag, part.attrib["class"] = "span", "footnote-paragraph"
            span.append(part)
        span.tail = ref.tail
        ref.getparent().replace(ref, span)
    return list(tree)


def _fetcher(book: Book) -> FolderFetcher:
    """WeasyPrint may read the book folder, the templates and the styles: nothing else."""
    return FolderFetcher([book.folder, TEMPLATES, STYLES])


def print_sheets(book: Book) -> list[tuple[Path, str]]:
    """The stock print.css, then the book's own styles/print.css if it has one (read as
    untrusted: inside the book folder, bounded)."""
    paths = [STYLES / "print.css", book.folder / "styles" / "print.css"]
    return [(path, read_css(path, [book.folder, STYLES])) for path in paths if path.is_file()]


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
    for _ in range(4):  # each round settles what the last one found; two are the most seen
        document = _layout(book, page_breaks, extra_css, fit)
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


def _descendants(box):
    yield box
    for child in getattr(box, "children", None) or []:
        yield from _descendants(child)


def _layout(book: Book, page_breaks: frozenset[int], extra_css: str = "", fit: Fit = Fit()):
    return _render(book, print_html(book, page_breaks), extra_css, fit)


def _render(book: Book, source: str, extra_css: str = "", fit: Fit = Fit()):
    """Lay out an HTML document with the book's styles; only allowed files may be read."""
    fetcher = _fetcher(book)
    collect = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    try:
        fonts = FontConfiguration()  # @font-face rules need one, or WeasyPrint ignores them
        sheets = stylesheets(book, fonts) + ([CSS(string=extra_css, font_config=fonts)] if extra_css else [])
        html_doc = HTML(string=source, base_url=str(book.folder) + "/", url_fetcher=fetcher)
        with notes_stay_on_their_page(), total_fit(hyphenation_exceptions(book.meta.get("hyphenation") or []), fit) as stats:
            document = html_doc.render(stylesheets=sheets, font_config=fonts)
        document.pamflet_stats = stats
    except FatalURLFetchingError as exc:
        raise PamfletError(book.folder, f"refused to load a resource: {exc.__cause__ or exc}") from None
    finally:
        logger.removeHandler(collect)
    problems = [m for m in collect.messages if "load" in m.lower() or "fetch" in m.lower()]
    if problems:
        raise PamfletError(book.folder, problems[0])
    return document


def page_numbers(document) -> dict[str, int]:
    """Anchor id → the page (1-based) where it first appears."""
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            pages.setdefault(anchor, number)
    return pages


@dataclass
class PrintEdition:
    """The print edition laid out: the text's layout and where things landed (the EPUB's
    index and page list use the same page numbers); the whole document, with the index and
    the back cover joined, is made when a PDF is written."""

    book: Book
    body: object  # weasyprint Document of the front matter and the text
    page_of: dict[str, int]  # anchor id → print page
    page_starts: list[tuple[int, int, int]]  # (page, data-block it starts in, the block's characters before it)
    extra_css: str = ""
    warnings: list[str] = field(default_factory=list)  # characters the fonts lack, with pages

    @cached_property
    def document(self):
        book, extra_css = self.book, self.extra_css
        document = with_index(book, self.body, self.page_of, extra_css) if book.index else self.body
        back = _render(book, render(environment(book), "print/back-cover.html", book=book, cover=book.meta["cover"], labels=labels(book.lang)), extra_css)
        if len(back.pages) != 1:
            raise PamfletError(book.sources[0], f"the back cover takes {len(back.pages)} pages: shorten the description (metadata field 'description')")
        return document.copy(document.pages + back.pages)


def lay_out(book: Book, extra_css: str = "") -> PrintEdition:
    """The text laid out once; ``extra_css`` varies it (the press PDF's bleed and marks)."""
    fonts = font_files(book)  # the fonts are checked before the layout, which takes seconds
    body = render_document(book, extra_css)
    return PrintEdition(book, body, page_numbers(body), page_starts(body), extra_css, missing_characters(book, body, fonts))


def page_starts(document) -> list[tuple[int, int, int]]:
    """For each page of the text, from the laid-out boxes: the block (data-block) its first
    line belongs to, and where in that block the page starts, as the number of the block's
    own characters before it (see ``block_characters``: no spaces, notes or nested blocks)."""
    done: dict[int, int] = {}  # block → its characters laid out on earlier pages
    own: dict[int, str] = {}  # block → its characters in the source, to align the boxes with
    starts = []
    for number, page in enumerate(document.pages, start=1):
        first = None
        for block, element, text in _flow_texts(page._page_box, None, None):
            if block not in own:
                own[block] = "".join(block_characters(element, _is_note))
            if first is None:
                first = (number, block, done.get(block, 0))
            done[block] = _advance(own[block], done.get(block, 0), text)
        if first:
            starts.append(first)
    return starts


def block_characters(element, skip):
    """A block's own characters in order: not whitespace, not inside ``skip``ped elements
    (notes) or nested blocks. The e-book counts the same way to place a page's marker."""
    def visit(node, top):
        if not top and (node.get("data-block") or skip(node)):
            return
        yield from _visible(node.text)
        for child in node:
            if isinstance(child.tag, str):
                yield from visit(child, False)
            yield from _visible(child.tail)

    return visit(element, True)


def _visible(text):
    return (c for c in text or "" if not c.isspace())


def _is_note(element) -> bool:
    return "footnote" in (element.get("class") or "").split()


HYPHENS = "\u2010-\u00ad"


def _advance(source: str, at: int, laid_out: str) -> int:
    """Step through the source characters that a text box shows; a hyphen the layout added at
    a line break is not in the source and is skipped (case aside: a book's style may
    transform it)."""
    for char in _visible(laid_out):
        if at < len(source) and source[at].casefold() == char.casefold():
            at += 1
        elif char not in HYPHENS:
            at += 1  # should not happen; keep counting rather than stall
    return at


def _flow_texts(box, block, element):
    """Depth-first, the text boxes in the page's flow (not margins, not footnotes, not
    generated content) with the block (data-block) and its element each belongs to."""
    name = type(box).__name__
    if name in ("MarginBox", "FootnoteAreaBox"):
        return
    node = getattr(box, "element", None)
    if node is not None and getattr(box, "element_tag", "").find("::") < 0:
        if _is_note(node):
            return
        if node.get("data-block"):
            block, element = int(node.get("data-block")), node
    if name == "TextBox":
        if block is not None and box.text.strip() and getattr(box, "element_tag", "").find("::") < 0:
            yield block, element, box.text
        return
    for child in getattr(box, "children", None) or []:
        yield from _flow_texts(child, block, element)


def with_index(book: Book, document, pages: dict[str, int], extra_css: str = ""):
    """Replace the index placeholder page(s) by the index, laid out on its own.

    The text is laid out once; where each occurrence landed gives the locators; only the
    index is laid out again, its folios continuing the text's, and the pages are joined.
    """
    start = pages["index-start"]  # the placeholder's page: the index starts there
    words = labels(book.lang)
    located = {entry.key: locators(entry, pages) for entry in book.index.all_entries()}
    source = render(environment(book), "print/index.html", book=book, registers=registers(book.index, words), locators=located, labels=words)
    index = _render(book, source, f"@page :first {{ counter-reset: page {start}; }}\n{extra_css}")
    _check_index_fits(book, index)
    return document.copy(document.pages[: start - 1] + index.pages)


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


def write_pdf(book: Book, edition: PrintEdition | None = None) -> bytes:
    edition = edition or lay_out(book)
    out = io.BytesIO()
    edition.document.write_pdf(out, pdf_identifier=book.slug.encode())
    return out.getvalue()
