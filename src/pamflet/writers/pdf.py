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


def print_html(book: Book) -> str:
    """The whole print edition as one HTML document."""
    notes = {note.id: note for note in book.notes}
    chapters = [{"html": markup(_with_inline_notes(chapter.tree, notes))} for chapter in book.chapters]
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
    """Lay out the print edition once; the caller writes it (or reads its pages' anchors)."""
    source = print_html(book)
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
