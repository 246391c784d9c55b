"""Split extracted text into pages and remove page furniture: folios and running heads/feet.

Only lines at the top or bottom of a page can be furniture.  A folio is a bare page number
whose value rises with the page; a running head is a line that repeats (digits ignored) at
page edges on a good share of the pages.  Both rules come from the text's own statistics.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field

from .lines import Line, is_spread

_FOLIO = re.compile(r"^[-–—\s]*(\d{1,4}|[ivxlc]{1,6})[-–—\s]*$")
EDGE = 2  # lines at each end of a page that may be furniture
_NUMBER_ONLY = re.compile(r"^(?:\d{1,4}(?:\.\d{1,3})*\.?|[ivxlcdm]{1,7}|[IVXLCDM]{1,7})$")


_TAB_RUN = re.compile(r"[ \t\r\xa0]*[\t\r][ \t\r\xa0]*")


@dataclass
class Pages:
    pages: list[list[Line]]
    shape: str  # "pdftotext" (form feeds), "spread" (seed: blank after every line) or "plain"
    removed: list[tuple[Line, str]] = field(default_factory=list)


def split_pages(text: str) -> Pages:
    """Cut the text into pages of non-blank lines, recording blank gaps and page starts."""
    raw = text.split("\n")
    spread = is_spread(raw)
    has_ff = "\f" in text
    shape = "pdftotext" if has_ff else ("spread" if spread else "plain")
    pages: list[list[Line]] = [[]]
    blanks = 0
    prev_blank_swallowed = False
    for no, line in enumerate(raw, start=1):
        parts = line.split("\f")
        for k, part in enumerate(parts):
            if k > 0 and pages[-1]:
                pages.append([])
                blanks = 0
            if not part.strip():
                if spread and not prev_blank_swallowed and pages[-1] and blanks == 0:
                    prev_blank_swallowed = True  # the blank that follows every line in the seed shape
                    continue
                blanks += 1
                continue
            prev_blank_swallowed = False
            indented = part[:1].isspace()
            new_page = False
            if spread and pages[-1]:
                # Seed shape: a page starts with a line indented by one space, or after a
                # run of blank lines.
                new_page = indented or blanks >= 2
            elif not has_ff and not spread and pages[-1]:
                new_page = blanks >= 3
            if new_page:
                pages.append([])
            # Word on a Mac (Quartz) writes "What\t\r \xa0is": a run of white with a tab or a
            # carriage return in it is one space between words
            stripped = _TAB_RUN.sub(" ", part.strip())
            pages[-1].append(Line(no, stripped, indented=indented, gap_before=blanks > 0 and bool(pages[-1])))
            blanks = 0
    pages = [p for p in pages if p]
    return Pages(pages, shape)


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text.casefold())).strip()


def _folio_value(text: str) -> int | None:
    m = _FOLIO.match(text)
    if not m:
        return None
    token = m.group(1)
    if token.isdigit():
        return int(token)
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
    total = 0
    for a, b in zip(token, token[1:] + " "):
        va, vb = values[a], values.get(b, 0)
        total += -va if va < vb else va
    return total


def _edges(page: list[Line]) -> list[int]:
    """The first and last ``EDGE`` lines of a page, not counting bare numbers among them
    (pdftotext may set a section number or the folio between two running-head lines)."""
    def reach(order: range) -> list[int]:
        out, words = [], 0
        for i in order:
            if words == EDGE:
                break
            out.append(i)
            words += not _NUMBER_ONLY.match(page[i].text)
        return out

    idx = reach(range(len(page)))
    idx += [i for i in reversed(reach(range(len(page) - 1, -1, -1))) if i not in idx]
    return idx


def _rising(values: list[tuple[int, int]]) -> set[int]:
    """Positions of the longest strictly rising run (not necessarily contiguous) of values."""
    tails: list[int] = []
    tail_pos: list[int] = []
    back: dict[int, int | None] = {}
    for pos, value in values:
        i = bisect_left(tails, value)
        back[pos] = tail_pos[i - 1] if i else None
        if i == len(tails):
            tails.append(value)
            tail_pos.append(pos)
        else:
            tails[i] = value
            tail_pos[i] = pos
    keep: set[int] = set()
    pos = tail_pos[-1] if tail_pos else None
    while pos is not None:
        keep.add(pos)
        pos = back[pos]
    return keep


def remove_furniture(doc: Pages) -> Pages:
    """Drop folios and running heads/feet; mark the first kept line of each page."""
    pages = doc.pages
    multi = len(pages) > 1 or doc.shape == "pdftotext"
    if not multi:
        _mark(pages)
        return doc
    # Running heads: keys that repeat at page edges on enough pages.
    seen: Counter[str] = Counter()
    for page in pages:
        seen.update({_key(page[i].text) for i in _edges(page) if _folio_value(page[i].text) is None})
    needed = max(2, round(0.25 * len(pages)))
    heads = {k for k, n in seen.items() if n >= needed and k}
    # Folios: bare numbers at page edges whose values rise through the document.
    candidates = []
    for p, page in enumerate(pages):
        for i in _edges(page):
            value = _folio_value(page[i].text)
            if value is not None:
                candidates.append(((p, i), value))
    order = {pos: n for n, (pos, _) in enumerate(candidates)}
    rising = _rising([(order[pos], v) for pos, v in candidates])
    folios = {pos for pos, _ in candidates if order[pos] in rising}

    removed: list[tuple[Line, str]] = []
    for p, page in enumerate(pages):
        drop = set()
        for i in _edges(page):
            line = page[i]
            if (p, i) in folios:
                drop.add(i)
            elif _key(line.text) in heads and not _protected_title(pages, p, i):
                drop.add(i)
        for i in sorted(drop):
            reason = "page number" if (p, i) in folios else "running head/foot"
            removed.append((page[i], reason))
        kept = [line for i, line in enumerate(page) if i not in drop]
        # A blank line next to removed furniture is layout, not a paragraph break.
        for i, line in enumerate(page):
            if i not in drop and i - 1 in drop:
                line.gap_before = False
        pages[p] = kept
    doc.pages = [p for p in pages if p]
    doc.removed = removed
    _mark(doc.pages)
    return doc


def _protected_title(pages: list[list[Line]], p: int, i: int) -> bool:
    """On page one, a repeated line is the title block (the title, the author), not a head.

    Exception: the very first line, when the same text follows within a few lines (a running
    head printed above the title it repeats).
    """
    if p != 0:
        return False
    page = pages[0]
    if i == 0:
        key = _key(page[0].text)
        return not any(_key(line.text) == key for line in page[1:7])
    return i < len(page) - EDGE or len(page) <= 2 * EDGE + 4


def _mark(pages: list[list[Line]]) -> None:
    for n, page in enumerate(pages):
        for line in page:
            line.page = n + 1
            line.page_start = False
        page[0].page_start = n > 0
        page[0].gap_before = False
