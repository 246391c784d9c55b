"""The print PDF's checks: A5 pages, every font embedded, qpdf's check.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf

from .pdfs import _box, A5, Result, SIZE_TOLERANCE, _fonts_embedded, _listing, checked


def check_print(path: Path) -> list[Result]:
    """The print PDF: A5 pages, fonts embedded, qpdf's check."""
    return checked(path, "print", lambda pdf: [_print_pages(pdf), _fonts_embedded(pdf, "print")])


def _print_pages(pdf: pikepdf.Pdf) -> Result:
    """Every page's trim (TrimBox, else MediaBox) is A5 portrait."""
    name = "print: pages"
    odd = []
    for number, page in enumerate(pdf.pages, start=1):
        box = _box(page, "/TrimBox") or _box(page, "/MediaBox")
        w, h = (box[2] - box[0], box[3] - box[1]) if box else (0, 0)
        if abs(w - A5[0]) > SIZE_TOLERANCE or abs(h - A5[1]) > SIZE_TOLERANCE:
            odd.append(f"page {number}: {w:.2f} × {h:.2f} pt")
    if not len(pdf.pages):
        return Result(name, False, "no pages")
    if odd:
        return Result(name, False, f"not A5 ({A5[0]:.2f} × {A5[1]:.2f} pt): {_listing(odd)}")
    return Result(name, True, f"{len(pdf.pages)} pages, A5")
