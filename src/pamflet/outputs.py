"""The one table of what `pamflet build` makes: each output's name, file suffix, writer and
what `pamflet check` holds it to. The build, the CLI, the checks and the README read it here.

No heavy imports: the CLI and a build with nothing to do read this table without loading
WeasyPrint or pandoc.
"""

from __future__ import annotations

from dataclasses import dataclass

MM = 72 / 25.4  # points per millimetre
TRIM_MM = (148.0, 210.0)  # the print edition's page: A5 portrait
# Landscape sheets a booklet may be imposed on, in millimetres.
SHEETS_MM = {"A4": (297.0, 210.0), "A3": (420.0, 297.0), "letter": (279.4, 215.9)}


@dataclass(frozen=True)
class Kind:
    name: str  # the value of --only, and Output.kind
    suffix: str  # the file is <slug><suffix> in the output folder
    title: str  # as the progress lines and messages call it
    writer: str  # module in pamflet.writers that makes it (imported only when it is made)
    default: bool  # made by a plain `pamflet build`
    checks: str  # what `pamflet check` holds it to (the README's table)

    def file_name(self, slug: str) -> str:
        return f"{slug}{self.suffix}"


KINDS = (
    Kind("pdf", ".pdf", "print PDF", "pdf", True, "A5 pages, every font embedded, qpdf's check"),
    Kind("epub", ".epub", "EPUB", "epub", True, "EPUBCheck (and its EPUB Indexes profile), no error or warning"),
    Kind("archival", "-archival.pdf", "archival PDF/A", "archival", True,
         "PDF/A-3 identification, output intent, fonts, attachments, structure, labels, outline; qpdf, veraPDF"),
    Kind("booklet", "-booklet.pdf", "booklet", "booklet", True, "whole landscape sheets of one size, title metadata"),
    Kind("press", "-press.pdf", "press PDF", "press", False,
         "PDF/X-4 identification and output intent, trim and bleed boxes, CMYK black, crop marks outside the bleed"),
)
BY_NAME = {kind.name: kind for kind in KINDS}
DEFAULT = tuple(kind.name for kind in KINDS if kind.default)
EXPECTED = ("epub", "pdf", "archival")  # `pamflet check` fails a build folder without these


def kind_of_file(name: str) -> tuple[str, str] | None:
    """(book id, kind) of an output file's name, or None; the longest suffix wins
    (``x-archival.pdf`` is an archival PDF, not the print PDF of ``x-archival``)."""
    for kind in sorted(KINDS, key=lambda k: -len(k.suffix)):
        if name.endswith(kind.suffix) and len(name) > len(kind.suffix):
            return name[: -len(kind.suffix)], kind.name
    return None
