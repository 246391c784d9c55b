"""The booklet's checks: whole sheets, one landscape sheet size, title metadata.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf

from .pdfs import Result, SHEETS, SIZE_TOLERANCE, _fonts_embedded, _listing, _metadata, _page_size, _xmp, checked


def check_booklet(path: Path) -> list[Result]:
    """The booklet: whole sheets (pages in pairs), one landscape sheet size, title metadata."""
    return checked(path, "booklet", lambda pdf: [
        _booklet_pages(pdf),
        _booklet_sheets(pdf),
        _booklet_metadata(pdf),
        _fonts_embedded(pdf, "booklet"),
    ])


def _booklet_pages(pdf: pikepdf.Pdf) -> Result:
    name = "booklet: page count"
    n = len(pdf.pages)
    if n == 0 or (n * 2) % 4:
        return Result(name, False, f"{n} sheet sides hold {n * 2} pages: not a multiple of 4")
    return Result(name, True, f"{n} sheet sides, {n * 2} pages on {n // 2} sheets")


def _booklet_sheets(pdf: pikepdf.Pdf) -> Result:
    """Every page's MediaBox is one landscape sheet size: A4, A3 or letter."""
    name = "booklet: sheet size"
    sizes = [_page_size(page) for page in pdf.pages]
    if not sizes:
        return Result(name, False, "no pages")
    for sheet, (w, h) in SHEETS.items():
        if all(abs(pw - w) <= SIZE_TOLERANCE and abs(ph - h) <= SIZE_TOLERANCE for pw, ph in sizes):
            return Result(name, True, f"every page {sheet} landscape ({w:.2f} × {h:.2f} pt)")
    odd = [f"page {i}: {w:.2f} × {h:.2f} pt" for i, (w, h) in enumerate(sizes, start=1)
           if not any(abs(w - sw) <= SIZE_TOLERANCE and abs(h - sh) <= SIZE_TOLERANCE for sw, sh in SHEETS.values())]
    if not odd:
        return Result(name, False, "pages of different sheet sizes: " + _listing(sorted({f"{w:.0f} × {h:.0f} pt" for w, h in sizes})))
    return Result(name, False, f"not A4, A3 or letter landscape: {_listing(odd)}")


def _booklet_metadata(pdf: pikepdf.Pdf) -> Result:
    """A document info Title, and no info or XMP value that is the text "None"."""
    name = "booklet: metadata"
    info = pdf.docinfo
    problems = []
    title = str(info.get("/Title", "")).strip()
    if not title:
        problems.append("no document info /Title")
    problems += [f"info {key} is 'None'" for key, value in info.items() if str(value).strip() == "None"]
    meta = _metadata(pdf)
    for key in ("dc:title", "dc:creator", "dc:description"):
        value = _xmp(meta, key)
        values = [value] if isinstance(value, str) else list(value or [])
        problems += [f"XMP {key} is 'None'" for v in values if str(v).strip() == "None"]
    if problems:
        return Result(name, False, _listing(problems))
    author = str(info.get("/Author", "")).strip()
    return Result(name, True, f"title {title!r}" + (f", author {author!r}" if author else ""))
