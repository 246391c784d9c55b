"""The press PDF: single A5 pages as PDF/X-4, with bleed and crop marks, for a print shop."""

from __future__ import annotations

import hashlib
import io
import re
import uuid

import pikepdf

from ..errors import PamfletError
from ..model import Book
from .pdf import lay_out

_LENGTH = re.compile(r"(\d+(?:\.\d+)?)(mm|cm|pt|in)")


def press_css(book: Book, bleed: str) -> str:
    """Bleed and crop marks; the cover's colour runs into the bleed."""
    if not _LENGTH.fullmatch(bleed.strip()):
        raise PamfletError(None, f"bleed must be a length like 3mm, not {bleed!r}")
    cover = book.meta["cover"]
    return (
        f"@page {{ bleed: {bleed}; marks: crop; }}\n"
        f"@page cover {{ background: {cover['background']}; }}\n"
    )


def write_press(book: Book, bleed: str = "3mm") -> bytes:
    """A layout of its own: bleed and marks change the page boxes (not the text's pages)."""
    edition = lay_out(book, press_css(book, bleed))
    # No free CMYK characterization ships with Debian: the output intent is sRGB (an RGB
    # PDF/X-4 workflow); the print shop converts to its press's condition.
    data = edition.document.write_pdf(pdf_variant="pdf/x-4", pdf_identifier=book.slug.encode(), output_intent="srgb")
    return _stable_document_id(data)


def _stable_document_id(data: bytes) -> bytes:
    """WeasyPrint writes a random xmpMM:DocumentID for PDF/X; derive it from the content:
    the file saved with a placeholder ID is hashed, and the hash names the document."""
    def save(document_id: str) -> bytes:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
                xmp["xmpMM:DocumentID"] = document_id
            out = io.BytesIO()
            pdf.save(out, deterministic_id=True, fix_metadata_version=False)
            return out.getvalue()

    digest = hashlib.sha256(save("xmp.did:pending")).hexdigest()
    return save(f"xmp.did:{uuid.uuid5(uuid.NAMESPACE_URL, 'pamflet:' + digest)}")
