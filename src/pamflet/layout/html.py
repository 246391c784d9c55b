"""The print edition as HTML (templates/print): the book, its index and its back cover."""

from __future__ import annotations

import copy

from lxml import html

from ..index import heading as index_heading
from ..model import Book, Note
from ..render import build_time, environment, labels, markup, render


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
