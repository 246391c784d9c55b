"""The print PDF: the laid-out print edition (pamflet.layout) written as it is."""

from __future__ import annotations

import io

from ..layout import Layout
from ..model import Book
from .drawn import pages_drawn_once


def write_pdf(book: Book, layout: Layout) -> bytes:
    out = io.BytesIO()
    with pages_drawn_once():
        layout.document.write_pdf(out, pdf_identifier=book.slug.encode())
    return out.getvalue()
