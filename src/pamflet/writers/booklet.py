"""The booklet: the A5 print PDF imposed two-up on landscape sheets for saddle stitching."""

from __future__ import annotations

import io
from decimal import Decimal

import pikepdf
from pikepdf import Array, Dictionary, Name

from ..errors import PamfletError
from ..outputs import MM
from ..outputs import SHEETS_MM as SHEETS  # landscape, width × height in mm: two portrait pages a side


def impose_booklet(pdf: bytes, sheet: str = "A4", title: str = "", author: str = "", keep_last: int = 1) -> bytes:
    """The print PDF ``pdf`` as a booklet: sheet sides for duplex printing (flip on the short
    edge) that, stacked and folded in the middle, read in order.

    The pages are padded with blanks to a multiple of four, the blanks going before the last
    ``keep_last`` pages (the back cover). For ``n`` padded pages (0-based page indices), sheet
    ``j`` carries:

    ======  ==========  ============  =============
    sheet   side        left slot     right slot
    ======  ==========  ============  =============
    j       front       n - 1 - 2j    2j
    j       back        2j + 1        n - 2 - 2j
    ======  ==========  ============  =============

    so for 8 pages: [7, 0], [1, 6], [5, 2], [3, 4]. The output has n / 2 pages (sheet sides).
    """
    width, height = sheet_size(sheet)
    with pikepdf.open(io.BytesIO(pdf)) as source:
        if not len(source.pages):
            raise PamfletError(None, "the print PDF has no pages")
        out = pikepdf.new()
        forms = [out.copy_foreign(page.as_form_xobject()) for page in source.pages]
        slots = _padded(list(range(len(forms))), keep_last)
        for left, right in _sides(len(slots)):
            pair = [forms[i] if i is not None else None for i in (slots[left], slots[right])]
            out.pages.append(_sheet_side(out, pair, width, height))
        if "/Lang" in source.Root:
            out.Root.Lang = source.Root.Lang
    _print_hints(out)
    _metadata(out, title, author)
    buffer = io.BytesIO()
    out.save(buffer, deterministic_id=True, min_version="1.7")
    return buffer.getvalue()


def sheet_size(sheet: str) -> tuple[float, float]:
    """A sheet name's landscape size in points."""
    if sheet not in SHEETS:
        raise PamfletError(None, f"unknown sheet size '{sheet}' (choose from {', '.join(SHEETS)})")
    return tuple(mm * MM for mm in SHEETS[sheet])


def _padded(pages: list, keep_last: int) -> list:
    """Pages padded with blanks (None) to a multiple of 4, the blanks before the last ``keep_last``."""
    keep = max(0, min(keep_last, len(pages)))
    split = len(pages) - keep
    return pages[:split] + [None] * (-len(pages) % 4) + pages[split:]


def _sides(n: int) -> list[tuple[int, int]]:
    """(left, right) page indices of each sheet side in printing order, for n padded pages."""
    sides = []
    for j in range(n // 4):
        sides += [(n - 1 - 2 * j, 2 * j), (2 * j + 1, n - 2 - 2 * j)]
    return sides


def _sheet_side(out: pikepdf.Pdf, pair: list, width: float, height: float) -> pikepdf.Page:
    """One sheet side: the left and right form (None for a blank), each in its half."""
    xobjects, content = Dictionary(), []
    for slot, form in enumerate(pair):
        if form is None:
            continue
        name = f"/P{slot}"
        xobjects[name] = form
        content.append(f"q {_placement(form, slot, width / 2, height)} cm {name} Do Q")
    page = Dictionary(
        Type=Name.Page,
        MediaBox=Array([0, 0, Decimal(_num(width)), Decimal(_num(height))]),
        Resources=Dictionary(XObject=xobjects),
        Contents=out.make_stream("\n".join(content).encode("ascii")),
    )
    return pikepdf.Page(out.make_indirect(page))


def _placement(form: pikepdf.Object, slot: int, width: float, height: float) -> str:
    """The ``cm`` operands that fit a form uniformly into half a sheet (slot 0 left, 1 right),
    against the fold and centred vertically: A5 is 148 mm, half an A4 148.5 mm, and centring
    would leave a white seam down the spine of a full-bleed cover."""
    x0, y0, x1, y1 = _extent(form)
    scale = min(width / (x1 - x0), height / (y1 - y0))
    if abs(scale - 1) < 1e-6:
        scale = 1.0  # A5 on half an A4: natural size, not 0.9999999
    tx = (width - (x1 - x0) * scale if slot == 0 else width) - x0 * scale
    ty = (height - (y1 - y0) * scale) / 2 - y0 * scale
    return " ".join(_num(v) for v in (scale, 0, 0, scale, tx, ty))


def _extent(form: pikepdf.Object) -> tuple[float, float, float, float]:
    """The form's bounding box after its /Matrix (which carries a page's /Rotate)."""
    box = [float(v) for v in form.BBox]
    matrix = pikepdf.Matrix(form.get("/Matrix", Array([1, 0, 0, 1, 0, 0])))
    corners = [matrix.transform((x, y)) for x in box[0::2] for y in box[1::2]]
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    return min(xs), min(ys), max(xs), max(ys)


def _num(value: float) -> str:
    """A number for the PDF: six decimals at most, no trailing zeros."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _print_hints(out: pikepdf.Pdf) -> None:
    """Ask the print dialog for duplex on the short edge at actual size."""
    out.Root.ViewerPreferences = Dictionary(Duplex=Name.DuplexFlipShortEdge, PrintScaling=Name("/None"))


def _metadata(out: pikepdf.Pdf, title: str, author: str) -> None:
    """Title and author in the info dictionary and in XMP; empty ones left out, no timestamps."""
    if not (title or author):
        return
    with out.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        if title:
            xmp["dc:title"] = title
        if author:
            xmp["dc:creator"] = [author]
    if title:
        out.docinfo[Name.Title] = title
    if author:
        out.docinfo[Name.Author] = author
    out.docinfo[Name.Creator] = "pamflet"
