"""`pamflet build`: a book folder → build/<id>.pdf and build/<id>.epub. Reads like its table of contents."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .atomic import write_bytes
from .errors import PamfletError
from .parse import parse_book
from .source import read_book

FORMATS = ("pdf", "epub")


@dataclass
class Output:
    kind: str
    path: Path
    size: int


def build(book_dir: str | Path = "book", out_dir: str | Path = "build", only: tuple[str, ...] = FORMATS, allow_raw_html: bool = False) -> list[Output]:
    unknown = set(only) - set(FORMATS)
    if unknown:
        raise PamfletError(None, f"unknown output format(s): {', '.join(sorted(unknown))} (choose from {', '.join(FORMATS)})")
    book = parse_book(read_book(book_dir), allow_raw_html=allow_raw_html)
    # Make every output in memory first, so that a failure leaves earlier files untouched.
    made: dict[str, bytes] = {}
    if "pdf" in only:
        from .writers.pdf import write_pdf

        made["pdf"] = write_pdf(book)
    if "epub" in only:
        from .writers.epub import write_epub

        made["epub"] = write_epub(book)
    outputs = []
    for kind, data in made.items():
        path = Path(out_dir) / f"{book.slug}.{kind}"
        write_bytes(path, data)
        outputs.append(Output(kind, path, len(data)))
    return outputs
