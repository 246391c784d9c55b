"""Rebuild paragraphs, headings and list items from lines, using line lengths and sentence ends.

A line ends a paragraph when it ends a sentence and is clearly shorter than a full line of
the text, and the next line can open a paragraph; blank lines inside a page also end one.
A page break alone never does: a paragraph continues across pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .hyphens import HYPHENS
from .lines import OPENERS, Line, ends_sentence, ends_with_abbreviation, starts_sentence

SHORT = 0.7  # a line shorter than this share of the line width was broken on purpose
HEADING_MAX = 0.75  # a heading's (last) line is shorter than this share of the line width
_BULLET = re.compile(r"^([•·▪◦●○■□►‣⁃])\s*")
_DASH = re.compile(r"^([-–—*])\s+(?=\S)")
_INNER_SENTENCE_END = re.compile(r"[.!?…][”’\"»)]* +\S")
# code, captions ("Tabelle 2: …", "Figure 3 – …") and contents entries ("2.1 Options 12")
# are not headings
_CODE = re.compile(r"\\[A-Za-z@]|[{}]|:=|;\s*$")
_CAPTION = re.compile(
    r"^(?:tab(?:le|elle|leau|la|ela)|fig(?:ure|ura)?\.?|abb(?:ildung)?\.?|rysunek|listing|źródło|quelle|source|afbeelding|tabel)\s*[\dIVX]+(?:\.\d+)*[.:–—-]?(?:\s|$)",
    re.I,
)
_CONTENTS_ENTRY = re.compile(r"^\d+(?:\.\d+)*\.?\s+.*\S\s+\d{1,3}$")
_NUMBERED = re.compile(r"^(\d{1,2})([.)])\s+(?=\S)")


@dataclass
class Block:
    kind: str  # "para", "heading", "item", "table"
    lines: list[Line] = field(default_factory=list)
    ordered: bool = False
    number: int = 0
    text: str = ""  # filled in when the lines are joined

    @property
    def first(self) -> int:
        return self.lines[0].no


def line_width(lines: list[Line]) -> float:
    """The width of the text block in characters: the 90th percentile of line lengths,
    since most lines of prose are full and a few carry unusually narrow letters."""
    lengths = sorted(len(line) for line in lines if len(line) > 1)
    if not lengths:
        return 60.0
    # pdftotext glues a line-end compound and the whole next line onto one line: leave those
    # out. Full lines of prose are the commonest length among the longer half of the lines
    # (the median alone is too short in a text with many table cells or code lines).
    upper = lengths[len(lengths) // 2 :]
    bins: dict[int, int] = {}
    for n in upper:
        bins[n // 5] = bins.get(n // 5, 0) + 1
    mode = 5 * max(bins, key=lambda b: (bins[b], b)) + 5
    cap = 1.25 * max(lengths[len(lengths) // 2], mode)
    lengths = [n for n in lengths if n <= cap]
    return float(lengths[int(0.9 * (len(lengths) - 1))])


def heading_shape(text: str, function_words: frozenset[str]) -> bool:
    """At most 16 words, no sentence-final punctuation (a question mark is allowed), opens
    with a capital or digit, and does not stop on one of the language's most common words
    (a line ending in "de" or "door" breaks off a sentence)."""
    if m := re.fullmatch(r"=(\S(?:.*\S)?)=", text):
        text = m.group(1)  # "=Hunting the Quail=": Project Gutenberg's mark for bold type
    words = text.split()
    if not 0 < len(words) <= 16 or not any(ch.isalpha() for ch in text):
        return False
    if _CODE.search(text) or _CAPTION.match(text) or _CONTENTS_ENTRY.match(text) or text.count(";") >= 2:
        return False
    if re.search(r"\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}$|\.{4,}", text):
        return False  # a version line ending in its date, a contents line with dot leaders
    if sum(ch.isalpha() for ch in re.sub(r"^[\dIVX.]+\s+", "", text)) < 5:
        return False  # "Job", "1 Tm": a table cell or a label, not a heading
    if not text.endswith("?") and words[-1].casefold() in function_words:
        return False
    if _INNER_SENTENCE_END.search(text):
        return False
    if text[-1] in ",;:-\u2010–—(" or (ends_sentence(text) and not text.endswith("?")):
        return False
    first = text.lstrip(OPENERS)[:1]
    return first.isupper() or first.isdigit()


def deliberate_break(line: Line, nxt: Line | None, width: float) -> bool:
    """The line ends before the text block's edge although the next word would have fitted."""
    if nxt is None:
        return True
    if line.text[-1] in HYPHENS:
        return False
    return len(line) + 1 + len(nxt.text.split(" ", 1)[0]) <= width


def opens_list_item(text: str) -> bool:
    """Whether a line begins with a list marker (a bullet, a dash, a number): its next lines
    may hang under its text."""
    return bool(_BULLET.match(text) or _DASH.match(text) or _NUMBERED.match(text))


def _list_item(line: Line, current: Block | None, at_break: bool) -> tuple[bool, int, int] | None:
    """(ordered, number, marker length) if ``line`` opens a list item here."""
    text = line.text
    if m := _BULLET.match(text):
        return False, 0, m.end()
    in_list = current is not None and current.kind == "item"
    if (m := _DASH.match(text)) and (at_break or (in_list and not current.ordered)):
        return False, 0, m.end()
    if m := _NUMBERED.match(text):
        n = int(m.group(1))
        if (in_list and current.ordered and n == current.number + 1) or (n == 1 and at_break):
            return True, n, m.end()
    return None


def build_blocks(
    lines: list[Line],
    tables: list[tuple[int, int]],
    width: float,
    function_words: frozenset[str] = frozenset(),
    abbreviations: frozenset[str] = frozenset(),
) -> tuple[list[Block], dict[int, int]]:
    """Group lines into blocks; also return, per list item line, its marker length."""
    in_table = {i for start, end in tables for i in range(start, end)}
    blocks: list[Block] = []
    markers: dict[int, int] = {}
    current: Block | None = None
    for i, line in enumerate(lines):
        if i in in_table:
            if current is None or current.kind != "table" or i - 1 not in in_table:
                current = Block("table")
                blocks.append(current)
            current.lines.append(line)
            continue
        prev = lines[i - 1] if i else None
        if line.heading is not None:  # the PDF's type decided
            heading = line.heading
        else:
            heading = _stands_alone(lines, i, in_table, width, function_words)
        at_break = (
            bool(line.heading)
            or current is None
            or current.kind in ("table", "heading")
            or _breaks(prev, line, current, width, abbreviations)
            # a short heading right after a sentence end, even if that line was full
            or (heading and len(line) < HEADING_MAX * width and ends_sentence(prev.text))
        )
        item = None if line.heading else _list_item(line, current, at_break)
        if item:
            ordered, number, length = item
            current = Block("item", [line], ordered=ordered, number=number)
            markers[line.no] = length
            blocks.append(current)
        elif at_break:
            kind = "heading" if heading else "para"
            current = Block(kind, [line])
            blocks.append(current)
        else:
            current.lines.append(line)
    reclassify_headings(blocks, width, function_words)
    return blocks, markers


def _stands_alone(lines: list[Line], i: int, in_table: set[int], width: float, function_words: frozenset[str]) -> bool:
    """Could line ``i`` be a heading: heading-shaped, short or broken on purpose, and followed by a new paragraph?"""
    line = lines[i]
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    if nxt is not None and nxt.gap_before and starts_sentence(nxt.text):
        function_words = frozenset()  # a blank line and a capital after it: no sentence broken off ("Font installation help")
    elif nxt is not None and not nxt.page_start and line.tail is not None and len(line.text) >= 0.9 * width and not re.match(r"^\d", line.text):
        return False  # a line pdftotext filled to the edge, running on without a blank: a paragraph's first line
    return (
        heading_shape(line.text, function_words)
        and _heading_follows(lines, i, in_table)
        and not _short_follows(lines, i, width)
        and (len(line) < HEADING_MAX * width or deliberate_break(line, nxt, width))
    )


def _short_follows(lines: list[Line], i: int, width: float) -> bool:
    """A heading opens prose: a short fragment after it (a table cell, a label, a word of a
    diagram) says the line is one of those too."""
    if i + 1 >= len(lines):
        return False
    nxt = lines[i + 1]
    if nxt.page_start or _BULLET.match(nxt.text) or _DASH.match(nxt.text) or _NUMBERED.match(nxt.text):
        return False
    if nxt.heading or re.match(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+[A-ZÀ-ÖØ-Þ]", nxt.text):
        return False  # the next section's heading: this one is a chapter title above it
    if nxt.tail is not None and len(nxt.text) >= width:
        return False  # a full line that pdftotext glued to the next one: prose, not a fragment
    return len(nxt) < 0.4 * width and not ends_sentence(nxt.text) and not nxt.text.startswith("[")


def _heading_follows(lines: list[Line], i: int, in_table: set[int]) -> bool:
    """A heading stands alone: what follows opens a new paragraph (or the text ends)."""
    if i + 1 >= len(lines) or i + 1 in in_table:
        return True
    nxt = lines[i + 1]
    return starts_sentence(nxt.text) or nxt.gap_before


def _breaks(prev: Line, line: Line, current: Block, width: float, abbreviations: frozenset[str]) -> bool:
    """Does a new paragraph (or list item) start at ``line``?"""
    if line.gap_before:
        return True
    if not starts_sentence(line.text) or prev.text[-1] in HYPHENS:
        return False
    sentence_end = ends_sentence(prev.text) and not ends_with_abbreviation(prev.text, abbreviations)
    measure = width
    if current.kind == "item" and len(current.lines) > 1:
        measure = min(width, max(len(other) for other in current.lines))  # its lines hang under its text: a shorter measure
    if deliberate_break(prev, line, measure) and (sentence_end or current.kind == "item"):
        return True
    return len(prev) < SHORT * width


def reclassify_headings(blocks: list[Block], width: float, function_words: frozenset[str]) -> None:
    """A paragraph of two lines that looks like a heading is one: long headings wrap too.
    So do two heading lines in a row, the first filling the column and the second shorter,
    without a blank or a section number between them: one heading wrapped, not two."""
    i = 0
    while i + 1 < len(blocks):
        a, b = blocks[i], blocks[i + 1]
        if (a.kind == b.kind == "heading" and len(a.lines) == len(b.lines) == 1 and a.lines[0].heading is None
                and b.lines[0].heading is None and not b.lines[0].gap_before and not b.lines[0].page_start
                and len(a.lines[0]) >= 0.7 * width and len(b.lines[0]) < len(a.lines[0])
                and not re.match(r"^[\dIVX]+[.:)]?\s", b.lines[0].text) and a.lines[0].text[-1] not in HYPHENS
                and heading_shape(f"{a.lines[0].text} {b.lines[0].text}", function_words)):
            a.lines.append(b.lines[0])
            del blocks[i + 1]
        i += 1
    for block in blocks:
        if block.kind == "para" and len(block.lines) == 2 and block.lines[0].heading is None:
            first, last = block.lines
            if first.text[-1] not in HYPHENS and len(last) < HEADING_MAX * width and heading_shape(f"{first.text} {last.text}", function_words):
                block.kind = "heading"
