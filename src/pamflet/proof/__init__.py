"""`pamflet proof [BOOK] [-o DIR]`: one HTML proof sheet of the print edition.

Every page as a thumbnail (the print PDF rendered with pypdfium2), the layout warnings
marked on it and listed with page and text: loose lines, hyphen ladders, short pages,
headings at a page foot, footnotes that moved, lines over the measure, characters missing
from the font, index terms only in notes. The book is laid out as `pamflet build` lays it
out; the warnings come from that layout (``layout.py``), the line breaker's ratios and the
PDF's glyphs (``checks.py``); ``sheet.py`` writes the page. Also ``proof.json``, the same
warnings for a script.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..atomic import write_text
from ..errors import stage
from . import checks
from .layout import read_pages


@dataclass
class Proof:
    sheet: Path
    pages: int
    warnings: list[checks.Warning]
    build_warnings: list[str] = field(default_factory=list)  # what `pamflet build` warns of
    seconds: float = 0.0


def make_proof(book_dir: str | Path = "book", out_dir: str | Path = "proof") -> Proof:
    import pypdfium2

    start = time.perf_counter()
    book, edition, build_warnings = _lay_out(book_dir)
    with stage("writing the print PDF for the proof"):
        from ..layout.weasy import font_files
        from ..writers.pdf import write_pdf
        from ..stylesheets import covered

        pdf = write_pdf(book, edition)
    document = edition.document
    with stage("reading the layout for the proof"):
        pages = read_pages(document)
        rendered = pypdfium2.PdfDocument(pdf)
        found = _warnings(book, edition, pages, rendered, covered(font_files(book)))
    out = Path(out_dir)
    from .sheet import write_sheet

    with stage("writing the proof sheet"):
        sheet = write_sheet(out, book, rendered, pages, found, build_warnings)
        write_text(out / "proof.json", json.dumps({
            "book": str(book.folder), "pages": len(pages), "warnings": [w.to_dict() for w in found], "build_warnings": build_warnings,
        }, ensure_ascii=False, indent=1) + "\n")
    return Proof(sheet, len(pages), found, build_warnings, time.perf_counter() - start)


def _lay_out(book_dir):
    """The book read and laid out as `pamflet build` does (the index with ``lenient``: a term
    that never occurs is a warning on the sheet, not the end of the proof)."""
    from ..index import mark_occurrences, read_index
    from ..parse import parse_book
    from ..source import near_misses, read_book
    from ..layout import lay_out

    warnings = []
    with stage("reading the book folder"):
        source = read_book(book_dir)
        warnings += near_misses(source.folder)
    with stage("reading the text with pandoc"):
        book = parse_book(source)
    with stage("reading the index"):
        book.index = read_index(book.folder)
        if book.index:
            warnings += mark_occurrences(book, book.index, lenient=True)
    with stage("laying out the print edition"):
        edition = lay_out(book)
    return book, edition, warnings


def _warnings(book, edition, pages, rendered, covered: set[int]) -> list[checks.Warning]:
    cache: dict[int, list] = {}

    def glyphs(number: int):
        if number not in cache:
            cache[number] = _glyphs(rendered[number - 1])
        return cache[number]

    ratios = getattr(edition.body, "pamflet_stats", None)
    found = (
        checks.loose_lines(pages, glyphs, ratios.ratios if ratios else {})
        + checks.hyphen_ladders(pages)
        + checks.short_pages(pages)
        + checks.headings_at_foot(pages)
        + checks.moved_notes(pages)
        + checks.overflowing_lines(pages)
        + checks.missing_glyphs(pages, covered)
        + checks.index_terms_only_in_notes(book.index, edition.page_map.page_of, pages)
    )
    order = list(checks.KINDS)
    return sorted(found, key=lambda w: (w.page, order.index(w.kind), w.rect.y if w.rect else 0))


def _glyphs(page) -> list[tuple[str, float, float, float, float]]:
    """The page's glyphs as the PDF has them: (char, left, bottom, right, top), in points."""
    import pypdfium2.raw as pdfium

    text = page.get_textpage()
    out = []
    for i in range(text.count_chars()):
        left, bottom, right, top = text.get_charbox(i, loose=True)
        out.append((chr(pdfium.FPDFText_GetUnicode(text.raw, i)), left, bottom, right, top))
    return out
