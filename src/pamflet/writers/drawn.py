"""Draw each laid-out page into a PDF once per process: a rebuild that took the page as it was
(``layout.incremental``) writes what it drew last time.

WeasyPrint 70 draws a page (``Page.paint``) into the page's content stream, and on the way
tells the document's fonts which glyphs it used and what text each stands for (the first
text wins), and its resources which transparency states and images. Here a page is drawn
into a stream of its own with empty fonts and resources; the drawing and what it told them
are kept with the page box, and given to the document's stream and fonts in the same order
as drawing it there would (a glyph's text and width only where the document has none yet).
Pages that draw what this cannot replay — groups, patterns, numbered graphic states, a
missing glyph, tagged PDFs — are drawn as WeasyPrint does. The PDF is byte for byte the same
(tests/test_incremental.py). Pinned to WeasyPrint 70.
"""

from __future__ import annotations

import contextlib
import copy
import os
import weakref
from dataclasses import dataclass

import pydyf
import weasyprint.document
from weasyprint.pdf.stream import Stream

from ..layout import incremental


@dataclass(frozen=True)
class _Drawing:
    margins: tuple  # what the page's margin boxes showed (they are made anew with each layout)
    ops: tuple | None  # the content stream's operators; None: not replayable
    fonts: tuple  # (key, font as first made, glyph → text, glyph → width), in first use
    states: tuple  # transparency states, in first use
    images: tuple  # (name, entry), in first use


_DRAWN: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # page box → {scale: _Drawing}


@contextlib.contextmanager
def pages_drawn_once():
    """Inside this block, a page drawn before is written as it was drawn, in a process that
    lays the book out again (``layout.incremental.KEEP``, the watch); ``PAMFLET_FULL_LAYOUT=1``
    leaves all drawing to WeasyPrint."""
    if os.environ.get("PAMFLET_FULL_LAYOUT") or not incremental.KEEP:
        yield
        return
    original = weasyprint.document.Page.paint

    def paint(page, stream, scale=1):
        if stream._tags is not None or not isinstance(stream, Stream):
            return original(page, stream, scale)
        box = page._page_box
        margins = _margins(box)
        drawing = _DRAWN.get(box, {}).get((scale, stream._output_intent))
        if drawing is None or drawing.margins != margins:
            drawing = _draw(original, page, stream, scale, margins)
            _DRAWN.setdefault(box, {})[(scale, stream._output_intent)] = drawing
        if drawing.ops is None:
            return original(page, stream, scale)
        _replay(drawing, stream)

    weasyprint.document.Page.paint = paint
    try:
        yield
    finally:
        weasyprint.document.Page.paint = original


def _margins(box) -> tuple:
    """The margin boxes' places and texts: the page's only parts a new layout makes again."""
    shown = []
    for child in box.children:
        if type(child).__name__ == "MarginBox":
            texts = tuple(getattr(b, "text", "") for b in child.descendants())
            shown.append((child.at_keyword, child.position_x, child.position_y, child.width, child.height, texts))
    return tuple(shown)


def _draw(original, page, stream, scale, margins) -> _Drawing:
    resources = pydyf.Dictionary({"ExtGState": pydyf.Dictionary(), "XObject": pydyf.Dictionary(), "Pattern": pydyf.Dictionary(),
                                  "Shading": pydyf.Dictionary(), "ColorSpace": stream._resources["ColorSpace"]})
    fonts, images = {}, {}
    alone = Stream(fonts, stream.page_rectangle, resources, images, None, stream._color_profiles, stream._output_intent,
                   compress=stream.compress)
    alone._ctm_stack = list(stream._ctm_stack)
    original(page, alone, scale)
    replayable = (not resources["Pattern"] and not resources["Shading"]
                  and all(key[:1] in ("a", "A") for key in resources["ExtGState"])
                  and all(name in images for name in resources["XObject"])
                  and not any(font.missing or font.used_in_forms for font in fonts.values()))
    if not replayable:
        return _Drawing(margins, None, (), (), ())  # drawn by WeasyPrint each time
    kept_fonts = []
    for key, font in fonts.items():
        first = _blank(font)
        kept_fonts.append((key, first, tuple(font.to_unicode.items()), tuple(font.widths.items())))
    return _Drawing(margins, tuple(alone.stream), tuple(kept_fonts), tuple(resources["ExtGState"].items()),
                    tuple((name, images[name]) for name in resources["XObject"]))


def _replay(drawing: _Drawing, stream) -> None:
    stream.stream.extend(drawing.ops)
    for key, first, texts, widths in drawing.fonts:
        font = stream._fonts.get(key)
        if font is None:
            font = stream._fonts[key] = _blank(first)
        for glyph, text in texts:
            font.to_unicode.setdefault(glyph, text)
        for glyph, width in widths:
            font.widths.setdefault(glyph, width)
    for key, state in drawing.states:
        if key not in stream._resources["ExtGState"]:
            stream._resources["ExtGState"][key] = pydyf.Dictionary(dict(state))
    for name, entry in drawing.images:
        stream._resources["XObject"][name] = None
        if name in stream._images:
            stream._images[name]["dpi_ratios"] |= entry["dpi_ratios"]
        else:
            stream._images[name] = {**entry, "dpi_ratios": set(entry["dpi_ratios"]), "x_object": None}


def _blank(font):
    """A copy of a font as it was made, before any glyph was drawn with it (writing the PDF
    changes a font's variations and file: each document gets its own)."""
    blank = copy.copy(font)
    blank.widths, blank.to_unicode, blank.missing, blank.variations = {}, {}, {}, dict(font.variations)
    return blank
