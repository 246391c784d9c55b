"""`pamflet build`: a book folder → build/<id>.pdf and build/<id>.epub. Reads like its table of contents."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .atomic import write_bytes
from .errors import PamfletError
from .index import mark_occurrences, read_index
from .parse import parse_book
from .source import read_book

FORMATS = ("pdf", "epub", "archival", "booklet")
OPTIONAL = ("press",)  # on request
SUFFIXES = {"pdf": ".pdf", "epub": ".epub", "archival": "-archival.pdf", "booklet": "-booklet.pdf", "press": "-press.pdf"}


@dataclass
class Output:
    kind: str
    path: Path
    size: int


def build(
    book_dir: str | Path = "book",
    out_dir: str | Path = "build",
    only: tuple[str, ...] = FORMATS,
    allow_raw_html: bool = False,
    lenient: bool = False,
    warn=None,
    sheet: str = "A4",
    bleed: str = "3mm",
) -> list[Output]:
    unknown = set(only) - set(FORMATS + OPTIONAL)
    if unknown:
        raise PamfletError(None, f"unknown output format(s): {', '.join(sorted(unknown))} (choose from {', '.join(FORMATS + OPTIONAL)})")
    book = parse_book(read_book(book_dir), allow_raw_html=allow_raw_html)
    book.index = read_index(book.folder)
    if book.index:
        for warning in mark_occurrences(book, book.index, lenient):
            (warn or print)(warning)
    # Make every output in memory first, so that a failure leaves earlier files untouched.
    made: dict[str, bytes] = {}
    # The EPUB's page list and index carry the print page numbers: both need the layout.
    from .writers.pdf import lay_out, write_pdf

    edition = lay_out(book)
    print_pdf = write_pdf(book, edition) if {"pdf", "booklet"} & set(only) else None
    if "pdf" in only:
        made["pdf"] = print_pdf
    if "epub" in only:
        from .writers.epub import write_epub

        made["epub"] = write_epub(book, edition)
    if "archival" in only:
        from .writers.archival import write_archival

        made["archival"] = write_archival(book, edition)
    if "booklet" in only:
        from .writers.booklet import impose_booklet

        # The print PDF ends with the back cover: blanks go before it.
        made["booklet"] = impose_booklet(print_pdf, sheet, book.meta["title"], book.meta.get("author") or "", keep_last=1)
    outputs = []
    for kind, data in made.items():
        path = Path(out_dir) / f"{book.slug}{SUFFIXES[kind]}"
        write_bytes(path, data)
        outputs.append(Output(kind, path, len(data)))
    return outputs
