"""Running heads that never wrap: a heading's short form, or its title cut at a word with an
ellipsis so that it fits one line of the head.

The running heads are set in the pinned font (``styles/print.css``: italic 8.5pt Linux
Libertine, in a margin box as wide as the text block, 113 mm). A head is measured with the
font's own advance widths (fontTools), without kerning or ligatures, which narrow a line of
Libertine a little (the seed's p. 43 head: 308.5 pt measured here, 308.2 pt drawn); a 3 %
safety margin covers the rest (old-style figures, rounding). The margin boxes are also ``white-space: nowrap``: should a book's own
styles make the head's box narrower, a long head runs on rather than rising into the margin.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont
from markupsafe import Markup

from .paths import STYLES

MM = 72 / 25.4
HEAD_FONT = STYLES / "fonts" / "LinLibertine_RI.otf"  # @top-left / @top-right in print.css
HEAD_SIZE = 8.5  # pt
HEAD_WIDTH = (148 - 20 - 15) * MM  # A5 less the inner and outer margins: 320.3 pt
SAFETY = 0.97  # of the width: old-style figures and rounding
ELLIPSIS = "\u2026"
_TRAILING = re.compile(r"[\s,;:.\u2013\u2014\-–—(\[“‘\"']+$")


@lru_cache(maxsize=None)
def _advances(font: Path) -> tuple[dict[int, float], float]:
    """Advance width per code point, in em; and a wide fallback for characters not in the font."""
    with TTFont(font, lazy=True) as ttf:
        upem = ttf["head"].unitsPerEm
        metrics = ttf["hmtx"].metrics
        widths = {code: metrics[glyph][0] / upem for code, glyph in ttf.getBestCmap().items()}
    return widths, widths.get(ord("M"), 1.0)


def text_width(text: str, size: float = HEAD_SIZE, font: Path = HEAD_FONT) -> float:
    """The width of ``text`` in points, set in ``font`` at ``size`` (an upper bound: no kerning)."""
    widths, wide = _advances(font)
    return sum(widths.get(ord(char), wide) for char in text) * size


def fits(text: str, width: float = HEAD_WIDTH, size: float = HEAD_SIZE) -> bool:
    return text_width(text, size) <= width * SAFETY


def running_head(title: str, short: str | None = None, width: float = HEAD_WIDTH) -> str:
    """The text of a running head: the short form if there is one, else the title; cut after the
    last whole word that fits, followed by an ellipsis, if it is too long for one line."""
    text = " ".join((short or title).split())
    if fits(text, width):
        return text
    words = text.split(" ")
    for count in range(len(words) - 1, 0, -1):
        kept = words[:count]
        # Do not end on a little word ("de", "en", "of") or a dash before the ellipsis.
        while len(kept) > 1 and len(kept[-1].strip(",;:")) <= 2:
            kept = kept[:-1]
        head = _TRAILING.sub("", " ".join(kept)) + ELLIPSIS
        if fits(head, width):
            return head
    # One word longer than the line: cut it at a letter.
    word = words[0]
    while len(word) > 1 and not fits(word + ELLIPSIS, width):
        word = word[:-1]
    return word + ELLIPSIS


def css_string(text: str) -> str:
    """``text`` as a CSS string literal that is safe inside an HTML <style> element."""
    out = []
    for char in text:
        if char in '"\\<>&' or ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def running_head_css(book) -> Markup:
    """Rules for the print edition's <style>: the string of each running head that is not simply
    its heading's text (a short form, or a title cut to fit), and of the book title on versos."""
    rules = []
    title = " ".join(book.meta["title"].split())
    if running_head(title) != title:
        rules.append(f".titlepage .title {{ string-set: booktitle {css_string(running_head(title))}; }}")
    for heading in book.headings:
        head = running_head(heading.title, heading.short)
        if heading.level <= 2 and head != heading.title:
            rules.append(f".text [id={css_string(heading.id)}] > h{heading.level} {{ string-set: section {css_string(head)}; }}")
    return Markup("\n".join(rules))
