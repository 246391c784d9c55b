"""The proof sheet: one self-contained HTML file (thumbnails inline), opened in any browser."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import jinja2

from ..atomic import write_text
from ..paths import TEMPLATES
from .checks import KINDS

THUMB_SCALE = 1.0  # pixels per PDF point: an A5 page is 420 × 595 px, shown smaller, sharp when zoomed


def write_sheet(out: Path, book, rendered, pages, warnings, build_warnings) -> Path:
    """``out/proof.html``: the warnings listed (each linked to its page) and every page with
    its warnings marked (each mark linked back to its entry)."""
    numbered = [(n, warning) for n, warning in enumerate(warnings, start=1)]
    marks: dict[int, list] = {}
    for n, warning in numbered:
        marks.setdefault(warning.page, []).append((n, warning))
    sheets = []
    for page in pages:
        image = rendered[page.number - 1].render(scale=THUMB_SCALE).to_pil()
        buffer = io.BytesIO()
        image.convert("RGB").quantize(colors=64).save(buffer, "PNG", optimize=True)
        sheets.append({
            "number": page.number,
            "image": "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii"),
            "marks": [_mark(n, w, page) for n, w in marks.get(page.number, [])],
        })
    counts = {kind: sum(w.kind == kind for w in warnings) for kind in KINDS}
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES / "proof"), autoescape=True, undefined=jinja2.StrictUndefined)
    html = env.get_template("sheet.html").render(
        title=book.meta["title"], lang=book.lang, folder=str(book.folder), pages=sheets, warnings=numbered,
        kinds=KINDS, counts=counts, build_warnings=build_warnings,
    )
    sheet = out / "proof.html"
    write_text(sheet, html)
    return sheet


def _mark(n: int, warning, page) -> dict:
    """Where the mark goes on the thumbnail, in % of the page (a warning of the whole page:
    a band along its left edge)."""
    rect = warning.rect
    if rect is None:
        return {"n": n, "kind": warning.kind, "left": 0, "top": 0, "width": 2.5, "height": 100, "title": f"{KINDS[warning.kind]}: {warning.detail}"}
    pad = 2.0  # px around the passage
    return {
        "n": n, "kind": warning.kind, "title": f"{KINDS[warning.kind]}: {warning.detail}",
        "left": max(0.0, (rect.x - pad) / page.width * 100), "top": max(0.0, (rect.y - pad) / page.height * 100),
        "width": min(100.0, (rect.width + 2 * pad) / page.width * 100), "height": min(100.0, (rect.height + 2 * pad) / page.height * 100),
    }
