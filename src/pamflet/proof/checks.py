"""The layout warnings of the proof sheet, each found in real evidence: the laid-out pages
(``layout.py``), the line breaker's adjustment ratios, the print PDF's glyphs, the index."""

from __future__ import annotations

import statistics
import unicodedata
from dataclasses import dataclass

from .layout import Line, Page, Rect

# Warning kinds, in the order the sheet lists them, with their names.
KINDS = {
    "loose": "loose line",
    "ladder": "hyphen ladder",
    "short-page": "short page",
    "heading-foot": "heading near the page foot",
    "note-moved": "footnote moved",
    "overflow": "line over the measure",
    "missing-glyph": "character missing from the font",
    "index-notes": "index term only in notes",
}
LOOSE_EM = 0.5  # word spaces wider than this (the typography benchmark's measure) read as holes
GAP_EM = 0.1  # a gap between two glyphs wider than this is a word space (kerning never is)
LADDER = 3  # hyphenated lines in a row (the line breaker allows two)
SHORT_LINES = 2  # a page whose text stops this many lines or more above its foot, the text going on
HEADING_LINES = 3  # a heading with fewer of its text's lines after it at the page foot
OVERFLOW_PX = 1.0  # beyond the measure by more than this (3/4 pt)
PX = 0.75  # pt per CSS px


@dataclass
class Warning:
    kind: str
    page: int
    text: str  # the passage, as laid out
    detail: str
    rect: Rect | None = None  # where on the page (CSS px), when it is one place

    def to_dict(self) -> dict:
        out = {"kind": self.kind, "name": KINDS[self.kind], "page": self.page, "text": self.text, "detail": self.detail}
        if self.rect:
            out["rect"] = [round(v, 1) for v in (self.rect.x, self.rect.y, self.rect.width, self.rect.height)]
        return out


def excerpt(text: str, length: int = 90) -> str:
    text = " ".join(text.replace("\xad", "").split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def loose_lines(pages: list[Page], glyphs, ratios: dict) -> list[Warning]:
    """Justified lines whose word spaces, measured between the glyphs of the print PDF, are
    wider than LOOSE_EM; with the line breaker's adjustment ratio where it set the paragraph.
    ``glyphs(page)`` gives that page's glyphs as (char, left, bottom, right, top) in PDF points."""
    out = []
    for page in pages:
        candidates = [line for line in page.lines if line.justified and not line.last]
        if not candidates:
            continue
        chars = [g for g in glyphs(page.number) if not g[0].isspace()]
        for line in candidates:
            spaces = _word_spaces(line, chars, page.height)
            if spaces and statistics.median(spaces) > LOOSE_EM:
                ratio = (ratios.get(line.block) or [])[line.index:line.index + 1]
                why = f", adjustment ratio {ratio[0]:.2f}" if ratio else ", set by WeasyPrint (no total-fit solution)"
                out.append(Warning("loose", page.number, excerpt(line.text), f"word spaces {statistics.median(spaces):.2f} em (widest {max(spaces):.2f} em){why}", line.rect))
    return out


def _word_spaces(line: Line, chars, page_height: float) -> list[float]:
    """The word spaces of ``line`` in em: gaps between the glyphs whose middle lies in it."""
    top, bottom = (page_height - line.rect.y) * PX, (page_height - line.rect.bottom) * PX
    left, right = line.rect.x * PX, (line.rect.x + line.rect.width) * PX
    inside = sorted((g for g in chars if bottom <= (g[2] + g[4]) / 2 <= top and left - 1 <= (g[1] + g[3]) / 2 <= right + 1), key=lambda g: g[1])
    em = line.font_size * PX
    gaps = [(b[1] - a[3]) / em for a, b in zip(inside, inside[1:])]
    return [gap for gap in gaps if gap > GAP_EM]


def hyphen_ladders(pages: list[Page]) -> list[Warning]:
    """LADDER or more lines in a row that end in a hyphen."""
    out = []
    for page in pages:
        run: list[Line] = []
        for line in page.lines + [None]:
            if line is not None and line.ends_in_hyphen:
                run.append(line)
                continue
            if len(run) >= LADDER:
                rect = run[0].rect
                for other in run[1:]:
                    rect = rect.union(other.rect)
                ends = " / ".join(excerpt(r.text).split(" ")[-1] for r in run)
                out.append(Warning("ladder", page.number, ends, f"{len(run)} lines in a row end in a hyphen", rect))
            run = []
    return out


def short_pages(pages: list[Page]) -> list[Warning]:
    """A page whose text stops SHORT_LINES or more lines above the foot while the text goes on
    overleaf (not a chapter's end: the next page does not start a chapter or the index)."""
    out = []
    for page, following in zip(pages, pages[1:]):
        if not page.lines or not following.lines or _opens_anew(following):
            continue
        height = _line_height(page)
        text_bottom = max(line.rect.bottom for line in page.lines)
        left = (page.bottom - text_bottom) / height
        if left >= SHORT_LINES:
            cause = ""
            if following.moved:
                cause = "; a paragraph was moved overleaf to keep a footnote with its call"
            elif following.headings and following.lines and following.lines[0].rect.y >= following.headings[0][1].y:
                cause = "; the heading overleaf did not fit with two lines of its text"
            out.append(Warning("short-page", page.number, excerpt(page.lines[-1].text), f"the text stops {left:.0f} lines above the foot{cause}",
                               Rect(page.lines[-1].measure[0], text_bottom, page.lines[-1].measure[1] - page.lines[-1].measure[0], page.bottom - text_bottom)))
    return out


def _opens_anew(page: Page) -> bool:
    """The page starts with a forced break: a chapter opening (h1), the index, a moved paragraph
    is not one (it is what made the page before it short)."""
    first = page.lines[0]
    heading_first = page.headings and page.headings[0][1].y <= first.rect.y
    return bool(heading_first and page.headings[0][0] == "h1") or (first.element is not None and first.block is None and not page.moved)


def _line_height(page: Page) -> float:
    return statistics.mode(round(line.rect.height, 1) for line in page.lines) or 1.0


def headings_at_foot(pages: list[Page]) -> list[Warning]:
    """A heading of the text in the last lines of its page, with fewer than HEADING_LINES
    lines of its text after it there (the rest overleaf)."""
    out = []
    for page, following in zip(pages, pages[1:]):
        if not page.lines:
            continue
        height = _line_height(page)
        for tag, rect, text in page.headings:
            after = [line for line in page.lines if line.rect.y >= rect.bottom - 0.5]
            if len(after) >= HEADING_LINES or page.bottom - rect.bottom > HEADING_LINES * height:
                continue
            if any(line.block is None for line in after) or not following.lines or following.lines[0].block is None:
                continue  # not the text: the title page, the contents, an index letter
            out.append(Warning("heading-foot", page.number, excerpt(text), f"only {len(after)} line{'s' if len(after) != 1 else ''} of its text follow it at the page foot", rect))
    return out


def moved_notes(pages: list[Page]) -> list[Warning]:
    """A note set on another page than its call; and a paragraph that was moved to a new page
    so that a note stays on its call's page (the page before is left short)."""
    call_page = {note: page for page in reversed(pages) for note in page.calls}
    out = []
    for page in pages:
        for note in page.notes:
            called = call_page.get(note)
            if called is not None and called.number != page.number:
                out.append(Warning("note-moved", page.number, excerpt(_note_text(page, note)), f"the note is on page {page.number}, its call on page {called.number}", called.calls[note]))
        for block, rect, text in page.moved:
            out.append(Warning("note-moved", page.number, excerpt(text), f"this paragraph was moved to a new page so that its page's footnote stays with its call (page {page.number - 1} ends early)", rect))
    return out


def _note_text(page: Page, note: str) -> str:
    return next((line.text for line in page.note_lines), note)


def overflowing_lines(pages: list[Page]) -> list[Warning]:
    """Lines whose boxes reach beyond their column's right edge (an unbreakable word, a long
    address)."""
    out = []
    for page in pages:
        for line in page.lines + page.note_lines:
            over = line.rect.x + line.rect.width - line.measure[1]
            if over > OVERFLOW_PX:
                out.append(Warning("overflow", page.number, excerpt(line.text), f"{over * PX:.1f} pt beyond the right edge of the text", line.rect))
    return out


def missing_glyphs(pages: list[Page], covered: set[int]) -> list[Warning]:
    """Characters laid out that the book's pinned fonts have no glyph for (drawn from a system
    font, or as a box): one warning per character and page."""
    out, seen = [], set()
    for page in pages:
        for text, rect in page.texts:
            for char in text:
                if ord(char) in covered or char.isspace() or unicodedata.category(char) in ("Cf", "Cc") or (page.number, char) in seen:
                    continue
                seen.add((page.number, char))
                name = unicodedata.name(char, f"U+{ord(char):04X}")
                out.append(Warning("missing-glyph", page.number, excerpt(text), f"the font has no glyph for “{char}” (U+{ord(char):04X} {name})", rect))
    return out


def index_terms_only_in_notes(index, page_of: dict[str, int], pages: list[Page]) -> list[Warning]:
    """Index terms found only in footnotes: the index points its reader to notes alone
    (locators ``12n``); perhaps a form of the term in the text is missing."""
    if index is None:
        return []
    anchors = {anchor: page for page in pages for anchor in page.anchors}
    out = []
    for entry in index.all_entries():
        if entry.occurrences and all(o.in_note for o in entry.occurrences):
            first = entry.occurrences[0].id
            number = page_of.get(first) or (anchors[first].number if first in anchors else 0)
            where = sorted({page_of[o.id] for o in entry.occurrences if o.id in page_of})
            rect = anchors[first].anchors[first] if first in anchors else None
            out.append(Warning("index-notes", number, entry.key, f"found only in notes (page{'s' if len(where) > 1 else ''} {', '.join(map(str, where))}); forms: {', '.join(entry.forms)}", rect))
    return out
