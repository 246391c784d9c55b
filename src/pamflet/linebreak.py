"""Total-fit paragraph breaking (Knuth & Plass, "Breaking Paragraphs into Lines", 1981).

A paragraph is a list of boxes (unbreakable widths), glue (a space that can stretch and
shrink) and penalties (a possible break: a hyphen, with its cost). The algorithm chooses the
breaks that minimise the sum of the lines' demerits over the whole paragraph, instead of
filling each line in turn as WeasyPrint (and every browser) does. No maintained Python
library does this (PyPI's `texlinebreak`/`knuth-plass` ports are unmaintained toys without
shrink, fitness classes or hyphen runs), so it is written here, small and on its own: it
knows nothing of HTML, fonts or pages (``paragraphs.py`` feeds it).

Beyond TeX's rules, two that a press asks for: never three hyphenated lines in a row, and
no last line of fewer than ``runt_letters`` letters (a paragraph ending in half a word).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

INFINITY = 10_000  # a penalty this large forbids the break, this negative forces it


@dataclass(frozen=True)
class Item:
    kind: str  # "box", "glue" or "penalty"
    width: float
    stretch: float = 0.0
    shrink: float = 0.0
    penalty: float = 0.0
    flagged: bool = False  # a hyphen: two in a row cost more, three are forbidden
    letters: int = 0  # letters in a box (for the runt rule)


def box(width: float, letters: int = 0) -> Item:
    return Item("box", width, letters=letters)


def glue(width: float, stretch: float, shrink: float) -> Item:
    return Item("glue", width, stretch, shrink)


def penalty(width: float, cost: float, flagged: bool = False) -> Item:
    return Item("penalty", width, penalty=cost, flagged=flagged)


@dataclass(frozen=True)
class Settings:
    """TeX's values where TeX has one (plain.tex), in the same units."""

    tolerance: float = 200  # the worst badness allowed (100·r³: 200 is r ≈ 1.26)
    line_penalty: float = 10
    double_hyphen_demerits: float = 10_000
    final_hyphen_demerits: float = 5_000
    adjacent_demerits: float = 10_000  # fitness classes two apart (a tight line after a loose one)
    max_hyphen_run: int = 2
    runt_letters: int = 5  # the last line holds at least this many letters


@dataclass
class Line:
    start: int  # index of the line's first item
    end: int  # index of the break item (the line ends before it, or at its hyphen)
    ratio: float  # adjustment ratio: > 0 stretched, < 0 shrunk
    hyphenated: bool


@dataclass
class _Node:
    position: int
    line: int
    fitness: int
    hyphens: int  # hyphenated lines in a row ending at this break
    width: float  # totals after the break (what the next line starts from)
    stretch: float
    shrink: float
    demerits: float
    ratio: float = 0.0
    previous: "_Node | None" = field(default=None, repr=False)


def _fitness(ratio: float) -> int:
    if ratio < -0.5:
        return 0
    if ratio <= 0.5:
        return 1
    if ratio <= 1:
        return 2
    return 3


def break_lines(items: list[Item], line_width, settings: Settings = Settings(), no_hyphen_lines: frozenset[int] = frozenset()) -> list[Line] | None:
    """The best breaks for ``items`` (which must end with a forced break), or None when no set
    of lines keeps every badness within the tolerance. ``line_width(n)`` is line n's width;
    the lines numbered in ``no_hyphen_lines`` (from 0) may not end in a hyphen."""
    n = len(items)
    # Running totals of width, stretch and shrink before each item.
    width = [0.0] * (n + 1)
    stretch = [0.0] * (n + 1)
    shrink = [0.0] * (n + 1)
    letters_after = [0] * (n + 1)
    for i, item in enumerate(items):
        is_glue = item.kind == "glue"
        width[i + 1] = width[i] + (item.width if item.kind != "penalty" else 0)
        stretch[i + 1] = stretch[i] + (item.stretch if is_glue else 0)
        shrink[i + 1] = shrink[i] + (item.shrink if is_glue else 0)
    for i in range(n - 1, -1, -1):
        letters_after[i] = letters_after[i + 1] + items[i].letters

    active = [_Node(0, 0, 1, 0, 0.0, 0.0, 0.0, 0.0)]
    for b, item in enumerate(items):
        if item.kind == "box":
            continue
        if item.kind == "glue" and (b == 0 or items[b - 1].kind != "box"):
            continue  # a break at glue only after a box
        if item.kind == "penalty" and item.penalty >= INFINITY:
            continue
        forced = item.kind == "penalty" and item.penalty <= -INFINITY
        if not forced and letters_after[b] < settings.runt_letters:
            continue  # what would follow is too short to stand as the last line
        candidates: dict[tuple[int, int], _Node] = {}
        survivors = []
        for node in active:
            natural = width[b] - node.width + (item.width if item.kind == "penalty" else 0)
            target = line_width(node.line)
            if natural < target:
                room = stretch[b] - node.stretch
                ratio = (target - natural) / room if room > 0 else math.inf
            elif natural > target:
                room = shrink[b] - node.shrink
                ratio = (target - natural) / room if room > 0 else -math.inf
            else:
                ratio = 0.0
            if forced and natural <= target:
                ratio = 0.0  # the last line: set at its natural width (TeX's \parfillskip)
            if ratio >= -1 and not forced:
                survivors.append(node)
            badness = 100 * abs(ratio) ** 3 if not math.isinf(ratio) else math.inf
            if ratio < -1 or badness > settings.tolerance:
                continue
            hyphenated = item.kind == "penalty" and item.flagged
            hyphens = node.hyphens + 1 if hyphenated else 0
            if hyphens > settings.max_hyphen_run or (hyphenated and node.line in no_hyphen_lines):
                continue
            demerits = (settings.line_penalty + badness) ** 2
            if item.kind == "penalty" and not forced:
                demerits += item.penalty ** 2 if item.penalty >= 0 else -(item.penalty ** 2)
            if hyphenated and node.hyphens:
                demerits += settings.double_hyphen_demerits
            if forced and node.hyphens:
                demerits += settings.final_hyphen_demerits
            fitness = _fitness(ratio)
            if abs(fitness - node.fitness) > 1:
                demerits += settings.adjacent_demerits
            total = node.demerits + demerits
            key = (fitness, hyphens, node.line if no_hyphen_lines else 0)
            if key not in candidates or total < candidates[key].demerits:
                candidates[key] = _Node(b, node.line + 1, fitness, hyphens, 0, 0, 0, total, ratio, node)
        active = survivors
        if candidates:
            after_width, after_stretch, after_shrink = _after_break(items, b, width, stretch, shrink)
            for node in candidates.values():
                node.width, node.stretch, node.shrink = after_width, after_stretch, after_shrink
            active += list(candidates.values())
        if forced:
            break
        if not active:
            return None
    finals = [node for node in active if node.position == n - 1]
    if not finals:
        return None
    best = min(finals, key=lambda node: node.demerits)
    lines: list[Line] = []
    while best.previous is not None:
        start = _first_item(items, best.previous.position) if best.previous.position else 0
        end_item = items[best.position]
        lines.append(Line(start, best.position, best.ratio, end_item.kind == "penalty" and end_item.flagged))
        best = best.previous
    return lines[::-1]


def _after_break(items, b, width, stretch, shrink):
    """Totals at the first item a line after break ``b`` keeps (glue and penalties after a break vanish)."""
    i = b
    while i < len(items) and (i == b or items[i].kind != "box"):
        if items[i].kind == "penalty" and items[i].penalty <= -INFINITY and i > b:
            break
        i += 1
    return width[i], stretch[i], shrink[i]


def _first_item(items, b) -> int:
    i = b + 1
    while i < len(items) and items[i].kind != "box":
        i += 1
    return i
