"""The print PDF: the laid-out print edition (pamflet.layout) written as it is."""

from __future__ import annotations

import io

from ..layout import Layout
from ..model import Book


def write_pdf(book: Book, layout: Layout) -> bytes:
    out = io.BytesIO()
    layout.document.write_pdf(out, pdf_identifier=book.slug.encode())
    return out.getvalue()
