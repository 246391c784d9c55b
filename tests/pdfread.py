"""Read PDFs back as a reader sees them, with Python libraries only (no poppler-utils):
the text of each page in lines, top to bottom (pypdfium2), and the fonts a PDF uses (pikepdf)."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as raw

# PDFium marks a hyphen it thinks ends a line with U+FFFE (or 0x02); it is the hyphen printed.
LINE_END_HYPHEN = {"\ufffe": "-", "\x02": "-"}


def page_lines(pdf: Path | bytes, box: tuple[float, float, float, float] | None = None,
               pages: list[int] | None = None) -> list[list[str]]:
    """Each page's lines of text, top to bottom, words separated by one space.

    ``box`` is (x, y, width, height) in points from the page's top left (as pdftotext's
    -x -y -W -H): only the characters whose centre lies inside it are read. Lines are made
    from the characters' positions, not the order they were drawn in (WeasyPrint draws the
    running heads last); side-by-side columns come out as one line. ``pages``: only these
    (numbered from 1).
    """
    return [lines(height, chars, box) for height, chars in page_chars(pdf, pages)]


def page_texts(pdf: Path | bytes, box: tuple[float, float, float, float] | None = None,
               pages: list[int] | None = None) -> list[str]:
    """Each page's text: its lines joined with newlines."""
    return ["\n".join(lines) for lines in page_lines(pdf, box, pages)]


def page_chars(pdf: Path | bytes, pages: list[int] | None = None) -> list[tuple[float, list[tuple]]]:
    """Each page's height and characters: (character, left, bottom, right, top) in PDF
    coordinates (origin bottom left), in the order they were drawn."""
    doc = pdfium.PdfDocument(pdf)
    out = []
    rect = raw.FS_RECTF()
    try:
        for n in pages or range(1, len(doc) + 1):
            page = doc[n - 1]
            textpage = page.get_textpage()
            chars = []
            for i in range(raw.FPDFText_CountChars(textpage.raw)):
                ch = chr(raw.FPDFText_GetUnicode(textpage.raw, i))
                if ch in "\r\n" or not raw.FPDFText_GetLooseCharBox(textpage.raw, i, rect):
                    continue
                chars.append((LINE_END_HYPHEN.get(ch, ch), rect.left, rect.bottom, rect.right, rect.top))
            out.append((page.get_size()[1], chars))
    finally:
        doc.close()
    return out


def lines(height: float, chars: list[tuple], box: tuple[float, float, float, float] | None = None) -> list[str]:
    """One page's lines (see `page_lines`) from its characters (see `page_chars`)."""
    if box:
        x, y, w, h = box
        chars = [c for c in chars if x <= (c[1] + c[3]) / 2 <= x + w and height - y - h <= (c[2] + c[4]) / 2 <= height - y]
    # A character joins the line above it when they share at least half of the smaller
    # height (so a superscript note marker stays on its line).
    lines: list[list] = []  # [bottom, top, characters]
    for c in sorted(chars, key=lambda c: -(c[2] + c[4])):
        if lines:
            line = lines[-1]
            if min(line[1], c[4]) - max(line[0], c[2]) >= 0.5 * min(line[1] - line[0], c[4] - c[2]):
                line[0], line[1] = min(line[0], c[2]), max(line[1], c[4])
                line[2].append(c)
                continue
        lines.append([c[2], c[4], [c]])
    out = []
    for bottom, top, members in lines:
        text, right = "", None
        for ch, left, _, r, _ in sorted(members, key=lambda c: c[1]):
            if right is not None and left - right > 0.25 * (top - bottom):
                text += " "  # a gap without a space character: another column or cell
            text += ch
            right = r
        out.append(" ".join(text.split()))
    return [line for line in out if line]


def fonts(pdf: Path | bytes) -> list[tuple[str, bool]]:
    """Every font object the pages use (also inside form XObjects): (name, embedded)."""
    found: dict[tuple[int, int], tuple[str, bool]] = {}
    with pikepdf.open(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf) as doc:
        for page in doc.pages:
            _walk(page.obj.get("/Resources"), found, set())
    return list(found.values())


def _walk(resources, found: dict, seen: set) -> None:
    if resources is None:
        return
    for font in (resources.get("/Font") or {}).values():
        if font.objgen in found:
            continue
        descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
        descriptor = descendant.get("/FontDescriptor")
        embedded = font.get("/Subtype") == "/Type3" or (
            descriptor is not None and any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")))
        found[font.objgen] = (str(font.get("/BaseFont", "")).lstrip("/"), embedded)
    for xobject in (resources.get("/XObject") or {}).values():
        if xobject.objgen not in seen and xobject.get("/Subtype") == "/Form":
            seen.add(xobject.objgen)
            _walk(xobject.get("/Resources"), found, seen)
