"""The print edition: the model → HTML (templates/print) → PDF with WeasyPrint."""

from __future__ import annotations

import copy
import io
import logging

from lxml import html
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError

from ..errors import PamfletError
from ..fetch import FolderFetcher
from ..model import Book, Note
from ..render import STYLES, TEMPLATES, build_time, environment, labels, markup, render


def print_html(book: Book, page_breaks: frozenset[int] = frozenset()) -> str:
    """The whole print edition as one HTML document; ``page_breaks`` are paragraphs that must
    start a new page (see ``render_document``)."""
    notes = {note.id: note for note in book.notes}
    counter = iter(range(1_000_000))
    chapters = []
    for chapter in book.chapters:
        elements = _with_inline_notes(chapter.tree, notes)
        for element in elements:
            for paragraph in element.iter("p"):
                number = next(counter)
                paragraph.set("data-p", str(number))
                if number in page_breaks:
                    paragraph.set("class", "new-page")
        chapters.append({"html": markup(elements)})
    return render(
        environment(book), "print/book.html",
        book=book, chapters=chapters, labels=labels(book.lang), built=build_time(book),
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


def stylesheets(book: Book, fonts: FontConfiguration) -> list[CSS]:
    """The stock print.css, then the book's own styles/print.css if it has one."""
    fetcher = FolderFetcher([book.folder, TEMPLATES, STYLES])
    paths = [STYLES / "print.css", book.folder / "styles" / "print.css"]
    return [CSS(filename=path, url_fetcher=fetcher, font_config=fonts) for path in paths if path.is_file()]


class _Collect(logging.Handler):
    """WeasyPrint reports problems as log warnings; collect them to fail the build."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def render_document(book: Book):
    """Lay out the print edition; the caller writes it (or reads its pages' anchors).

    WeasyPrint keeps a paragraph free of widows and orphans by moving a footnote to the next
    page, away from its reference. A typesetter would rather start that paragraph on the next
    page: where that happened, lay out once more with those paragraphs moved.
    """
    page_breaks: frozenset[int] = frozenset()
    while True:
        document = _layout(book, page_breaks)
        moved = _paragraphs_pushing_notes_away(document)
        if not moved or moved <= page_breaks:
            return document
        page_breaks |= moved


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
            elif element is not None and element.tag == "p" and element.get("data-p"):
                first_page.setdefault(int(element.get("data-p")), number)
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


def _layout(book: Book, page_breaks: frozenset[int]):
    source = print_html(book, page_breaks)
    fetcher = FolderFetcher([book.folder, TEMPLATES, STYLES])
    collect = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    try:
        fonts = FontConfiguration()  # @font-face rules need one, or WeasyPrint ignores them
        html_doc = HTML(string=source, base_url=str(book.folder) + "/", url_fetcher=fetcher)
        document = html_doc.render(stylesheets=stylesheets(book, fonts), font_config=fonts)
    except FatalURLFetchingError as exc:
        raise PamfletError(book.folder, f"refused to load a resource: {exc.__cause__ or exc}") from None
    finally:
        logger.removeHandler(collect)
    problems = [m for m in collect.messages if "load" in m.lower() or "fetch" in m.lower()]
    if problems:
        raise PamfletError(book.folder, problems[0])
    return document


def write_pdf(book: Book) -> bytes:
    document = render_document(book)
    out = io.BytesIO()
    document.write_pdf(out, pdf_identifier=book.slug.encode())
    return out.getvalue()
