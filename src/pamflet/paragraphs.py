"""Justified paragraphs set as a whole (Knuth–Plass), inside WeasyPrint's own layout.

WeasyPrint breaks lines first-fit, one at a time, which leaves loose lines and ladders of
hyphens. Here, just before WeasyPrint lays out the lines of a justified paragraph (its
``iter_line_boxes``, when the paragraph's width is known), the paragraph's text is measured
and broken by ``linebreak.break_lines``, and the box tree is changed so that WeasyPrint's
own first-fit finds exactly those lines: a soft hyphen where a chosen line ends in a
hyphen (and ``hyphens: manual``, so that it hyphenates nowhere else), and on each line's
text a ``word-spacing`` that fills the line to just under its width, so that nothing more
fits and WeasyPrint's justification adds only the last fraction of a point. Pagination,
widows and orphans, footnotes, links, index anchors and PDF tags are WeasyPrint's as before.

Widths are measured with WeasyPrint's own text layout (Pango and HarfBuzz on the same font
files, features and sizes as it draws with) rather than a second shaper, so what is measured
is what is drawn. Pinned to WeasyPrint 70, like ``footnotes.py``.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field

import weasyprint.layout.block
from weasyprint.formatting_structure import boxes
from weasyprint.text.line_break import split_first_line, strut

from .linebreak import Settings, break_lines
from .paragraph_items import _Break, _Measure, _items, _tokens

SLACK = 1.0  # px left free on a line so that WeasyPrint's first fit takes exactly our words


@dataclass(frozen=True)
class Pass:
    """One try at a paragraph; the first that finds lines within its tolerance is kept."""

    tolerance: float
    hyphenate: bool
    capitals: bool = False


# TeX's way (\pretolerance, then \tolerance — 400, spaces up to 0.45 em, so that fewer words
# are broken), then names may be hyphenated (spaces up to 0.5 em), then an emergency pass
# whose lines may be as loose as 0.75 em spaces (r = 4).
PASSES = (Pass(100, False), Pass(400, True), Pass(800, True, capitals=True), Pass(6400, True, capitals=True))


@dataclass
class Stats:
    """What the layout did, for the typography benchmark and the tests."""

    set: int = 0  # paragraphs set by total fit
    left_alone: int = 0  # paragraphs left to WeasyPrint (no solution, or content it cannot measure)
    passes: dict = field(default_factory=dict)  # pass index → paragraphs set in it
    plans: dict = field(default_factory=dict)  # data-block → the lines chosen, as text
    ratios: dict = field(default_factory=dict)  # data-block → each chosen line's adjustment ratio (`pamflet proof`)
    alone: frozenset = frozenset()  # data-blocks left to WeasyPrint in this layout
    log: list = field(default_factory=list)  # (page, where, block, pass, lines, ratios, how): each paragraph tried, in order

    def add(self, page: int, where, block, number: int | None = None, lines=None, ratios=None, how=None) -> None:
        """A paragraph tried on ``page`` (``where``: its element, or what ``layout.incremental``
        replays; ``how``: its width and the lines that may not end in a hyphen, for
        ``set_again``): set in pass ``number``, or left to WeasyPrint (None)."""
        self.log.append((page, where, block, number, lines, ratios, how))
        if number is None:
            self.left_alone += 1
            return
        self.set += 1
        self.passes[number] = self.passes.get(number, 0) + 1
        if block:
            self.plans[block] = lines
            self.ratios[block] = ratios


@dataclass(frozen=True)
class Fit:
    """What a layout must respect, learnt from the layout before it."""

    avoid: frozenset = frozenset()  # (data-block, line index): lines that may not end in a hyphen
    alone: frozenset = frozenset()  # data-blocks WeasyPrint did not set as planned: left to it
    rectos: bool = True  # keep hyphens off the last line of a recto (tests switch it off)


@dataclass
class _State:
    exceptions: dict[str, tuple[int, ...]]
    fit: Fit
    stats: Stats


_STATE: list[_State] = []


@contextlib.contextmanager
def total_fit(exceptions: dict[str, tuple[int, ...]] | None = None, fit: Fit = Fit()):
    """Set justified paragraphs by total fit in the layouts made inside this block; yields Stats.

    ``PAMFLET_GREEDY=1`` in the environment leaves every paragraph to WeasyPrint's own
    first-fit breaking: a switch for ``benchmarks/typography.py`` to compare against, not a
    user option."""
    if os.environ.get("PAMFLET_GREEDY"):
        yield Stats()
        return
    state = _State(exceptions or {}, fit, Stats(alone=fit.alone))
    original = weasyprint.layout.block.iter_line_boxes
    weasyprint.layout.block.iter_line_boxes = _iter_line_boxes(original)
    _STATE.append(state)
    try:
        yield state.stats
    finally:
        _STATE.pop()
        weasyprint.layout.block.iter_line_boxes = original


def _iter_line_boxes(original):
    def iter_line_boxes(context, box_, position_y, bottom_space, skip_stack, containing_block, *args, **kwargs):
        if skip_stack is None and _STATE and not getattr(box_, "_pamflet_set", False):
            box_._pamflet_set = True  # once: the same box is laid out again on every retry
            if box_.style["text_align_all"] == "justify" and box_.style["white_space"] == "normal":
                page_end = _last_line_on_recto(context, box_, position_y, bottom_space) if _STATE[-1].fit.rectos else frozenset()
                _set_paragraph(context, box_, containing_block, _STATE[-1], page_end)
        return original(context, box_, position_y, bottom_space, skip_stack, containing_block, *args, **kwargs)

    return iter_line_boxes


@dataclass
class _Slot:
    """A text box of the paragraph, where it stands in the box tree and in the paragraph's text."""

    box: boxes.TextBox
    parent: boxes.ParentBox
    start: int


def _slots(line_box) -> list[_Slot] | None:
    """The paragraph's text boxes in order; None if it holds what this cannot measure
    (an image, an inline block, an inline box with horizontal margins, borders or padding)."""
    slots: list[_Slot] = []
    offset = 0

    def walk(parent) -> bool:
        nonlocal offset
        for child in parent.children:
            if not child.is_in_normal_flow():
                continue
            if isinstance(child, boxes.TextBox):
                slots.append(_Slot(child, parent, offset))
                offset += len(child.text)
            elif isinstance(child, boxes.InlineBox):
                style = child.style
                edges = [style[f"{kind}_{side}"] for kind in ("margin", "padding") for side in ("left", "right")]
                if any(getattr(edge, "value", edge) for edge in edges) or style["border_left_width"] or style["border_right_width"]:
                    return False
                if not walk(child):
                    return False
            else:
                return False
        return True

    return slots if walk(line_box) and slots else None


# What a text's width depends on, of its style: equal values, equal widths.
def _unwrap_index_marks(parent) -> None:
    """The index's anchors (``span.idx``, no style of their own) taken out of the box tree,
    their anchor moved to their text: WeasyPrint breaks lines inside and around inline boxes
    less well than inside one text box, and index marks must never change a line break."""
    children, changed = [], False
    for child in parent.children:
        element = getattr(child, "element", None)
        if isinstance(child, boxes.InlineBox) and element is not None and "idx" in (element.get("class") or "").split() \
                and all(isinstance(inner, boxes.TextBox) for inner in child.children) and child.children:
            first = child.children[0]
            first.style = first.style.copy()
            first.style["anchor"] = child.style["anchor"]
            children += list(child.children)
            changed = True
        else:
            if isinstance(child, boxes.ParentBox):
                _unwrap_index_marks(child)
            children.append(child)
    if changed:
        parent.children = type(parent.children)(children)


def _last_line_on_recto(context, line_box, position_y: float, bottom_space: float) -> frozenset[int]:
    """Which of the paragraph's lines will end this page, if it is a recto (predicted from the
    room left and the line height; footnotes and widows can move it by a line, so both)."""
    if not context.current_page or context.current_page % 2 == 0 or context.page_bottom is None:
        return frozenset()
    height = strut(line_box.style)[0]
    if not height:
        return frozenset()
    fit = int((context.page_bottom - bottom_space - position_y) // height)
    return frozenset(line for line in (fit - 2, fit - 1) if line >= 0)


def set_again(context, line_box, width: float, page_end: frozenset[int]) -> None:
    """Set a paragraph's lines as an earlier layout tried them (``how`` in ``Stats.log``), on a
    fresh box tree whose layout resumes inside it (``layout.incremental``); not counted again."""
    if not getattr(line_box, "_pamflet_set", False):  # once, as in a layout from scratch
        line_box._pamflet_set = True
        _set_paragraph(context, line_box, _Width(width), _STATE[-1], page_end, counted=False)


@dataclass(frozen=True)
class _Width:
    """What ``_set_paragraph`` reads of a containing block."""

    width: float


def _set_paragraph(context, line_box, containing_block, state: _State, page_end: frozenset[int] = frozenset(), counted: bool = True) -> None:
    _unwrap_index_marks(line_box)
    slots = _slots(line_box)
    block = line_box.element.get("data-block") if line_box.element is not None else None
    page, how = context.current_page, (containing_block.width, page_end)

    def add(*outcome):
        if counted:
            state.stats.add(page, line_box.element, block, *outcome, how=how)

    if slots is None or block in state.fit.alone:
        add()
        return
    text = "".join(slot.box.text for slot in slots)
    if "\n" in text or "\t" in text or "\xad" in text:
        add()  # forced breaks and the author's own soft hyphens: WeasyPrint's
        return
    owner = [n for n, slot in enumerate(slots) for _ in slot.box.text]
    measure = _Measure.of(context)
    indent = line_box.style["text_indent"]
    indent = indent.value if getattr(indent, "unit", "px") == "px" else (indent.value * containing_block.width / 100 if indent.unit == "%" else 0)
    width = containing_block.width

    def line_width(n: int) -> float:
        return width - (indent if n == 0 else 0)

    avoid = frozenset(line for key, line in state.fit.avoid if key == block) | page_end
    key = (text, tuple((len(slot.box.text), measure.font(slot.box.style), slot.box.style["hyphenate_character"]) for slot in slots),
           width, indent, avoid, tuple(sorted(state.exceptions.items())))
    if key not in _PLANS:
        _PLANS[key] = _plan(text, slots, owner, measure, state.exceptions, line_width, avoid)
    plan = _PLANS[key]
    if plan is None:
        add()
        return
    number, ends, ratios = plan
    _apply(slots, text, owner, ends, measure, line_width)
    add(number, _planned_lines(text, ends, slots[0].box.style["hyphenate_character"]), ratios)


# The lines chosen for a paragraph, by all they were chosen from (its text, each box's font,
# the measure, the lines that may not end in a hyphen, the book's hyphenation list): a book
# is laid out more than once in a process (the safety rounds, the press PDF, a watch's
# rebuilds), and an unchanged paragraph gets the same lines without being measured and
# broken again. Bounded, like ``_Measure.shared``.
_PLANS: dict[tuple, tuple | None] = {}


def _plan(text, slots, owner, measure, exceptions, line_width, avoid) -> tuple | None:
    """(the pass that found lines, where each line ends, each line's ratio), or None."""
    if len(_PLANS) > 50_000:
        _PLANS.clear()
    tokens = _tokens(text, slots, owner, measure, exceptions)
    for number, settings in enumerate(PASSES):
        items, breaks = _items(tokens, settings)
        lines = break_lines(items, line_width, Settings(tolerance=settings.tolerance), no_hyphen_lines=avoid)
        if lines:
            return number, [breaks[line.end] for line in lines], [line.ratio for line in lines]
    return None


def _apply(slots, text, owner, ends: list[_Break], measure, line_width) -> None:
    """Rewrite the text boxes so that WeasyPrint finds the chosen lines: each line's text in
    boxes of its own, a soft hyphen where it breaks a word, and a word-spacing that fills it
    to just under its width, so that WeasyPrint's first fit can put nothing more on it.

    A line that ends inside a word keeps the rest of the word in its last box (it has no
    spaces to widen): WeasyPrint breaks a box at a hyphen well, between two boxes badly."""
    # A line's break space stays where the text has it, even at the start of a box after an
    # index mark or italics: WeasyPrint lets it hang there (moving it into the box before did
    # worse, measured on the seed).
    shy = {end.offset for end in ends if end.kind == "hyphen"}
    begin, carry = 0, 0.0
    lines = []
    for end in ends:
        if end.kind in ("hyphen", "explicit"):
            stop = _word_end(text, end.offset, slots[owner[end.offset]])
            seen = end.offset  # what this line shows: up to the break
        else:
            stop = seen = end.offset + 1 if end.kind == "glue" else len(text)
        pieces, shown = [], []
        for slot in slots:
            lo, hi = max(begin, slot.start), min(stop, slot.start + len(slot.box.text))
            if lo >= hi:
                continue
            chunk = "".join(("\xad" if lo + i in shy else "") + ch for i, ch in enumerate(slot.box.text[lo - slot.start: hi - slot.start]))
            pieces.append((slot, chunk))
            visible = slot.box.text[lo - slot.start: min(hi, seen) - slot.start]
            if end.kind == "hyphen" and hi > seen:
                visible += slot.box.style["hyphenate_character"]
            if visible:
                shown.append((slot, visible))
        lines.append((pieces, shown, carry, end.kind))
        carry = measure(text[seen:stop], slots[owner[seen]].box.style) if stop > seen else 0.0
        begin = stop
    replacements: dict[int, list] = {}
    for n, (pieces, shown, carried, kind) in enumerate(lines):
        spacing = _spacing(shown, carried, line_width(n), kind, measure)
        if kind in ("hyphen", "explicit") and pieces:
            spacing = _hyphen_fits(pieces, shown, carried, line_width(n), spacing, measure)
        for slot, chunk in pieces:
            piece = slot.box.copy_with_text(chunk)
            piece.style = slot.box.style.copy()
            piece.style["hyphens"] = "manual"
            # A box that is only a space keeps its word-spacing: WeasyPrint would write it as a
            # space and a zero-width space, which does not vanish at a line's end.
            piece.style["word_spacing"] = slot.box.style["word_spacing"] + (spacing if chunk.strip(" ") else 0.0)
            replacements.setdefault(id(slot), []).append(piece)
    for slot in slots:
        children = list(slot.parent.children)
        position = children.index(slot.box)
        children[position:position + 1] = replacements.get(id(slot), [])
        slot.parent.children = type(slot.parent.children)(children)


def _planned_lines(text: str, ends: list[_Break], hyphen: str) -> list[str]:
    """The chosen lines as they should read on the page (to check WeasyPrint set them so)."""
    lines, begin = [], 0
    for end in ends:
        stop = end.offset if end.kind in ("hyphen", "explicit") else (end.offset + 1 if end.kind == "glue" else len(text))
        lines.append(_normal(text[begin:stop] + (hyphen if end.kind == "hyphen" else "")))
        begin = stop
    return lines


def _normal(line: str) -> str:
    return " ".join(line.replace("\xad", "").replace("\u200b", "").split())


def _word_end(text: str, offset: int, slot: _Slot) -> int:
    """Where the word broken at ``offset`` ends: the next space, or its box's end."""
    box_end = slot.start + len(slot.box.text)
    space = text.find(" ", offset, box_end)
    return box_end if space < 0 else space


def _spacing(shown, carried: float, width: float, kind: str, measure) -> float:
    """The word-spacing to add on a line so that it measures ``width - SLACK`` as WeasyPrint
    measures it: each box alone, its edge spaces and all, each space taking the word-spacing
    once, and, where Pango breaks the line at a hyphen, one word-spacing more (measured:
    Pango's break test counts it)."""
    natural, extra = carried, 0.0
    for slot, chunk in shown:
        natural += measure(chunk, slot.box.style)
        if chunk.strip(" "):  # a box of spaces alone keeps its own (see _apply)
            extra += chunk.count(" ") + chunk.count("\xa0")  # each takes the word-spacing once (measured)
    target = width - SLACK
    if extra <= 0 or (kind == "end" and natural <= target):
        return 0.0  # nothing to widen, or the last line, which keeps its natural spaces
    spacing = (target - natural) / extra
    if kind in ("hyphen", "explicit") and spacing > 0:
        spacing = (target - natural) / (extra + 1)  # Pango wants one more to break at the hyphen
    return spacing


def _hyphen_fits(pieces, shown, carried: float, width: float, spacing: float, measure) -> float:
    """Pango decides itself whether a line may end at a hyphen, with a margin that depends on
    the spacing; ask it, and narrow the line's spacing a little until it says yes."""
    slot, chunk = pieces[-1]
    expected = shown[-1][1].removesuffix(slot.box.style["hyphenate_character"])
    for _ in range(8):
        style = measure.styled(slot.box.style, spacing)
        before = carried + sum(measure(text, measure.styled(s.box.style, spacing)) for s, text in shown[:-1])
        _, length, _, drawn, _, _ = split_first_line(chunk, style, measure.context, width - before, 0, is_line_start=False)
        if chunk.encode()[:length].decode(errors="ignore").replace("\xad", "") == expected and drawn <= width - before - 0.05:
            return spacing
        spacing -= 0.3
    return spacing


def corrections(document, stats: Stats, fit: Fit) -> Fit:
    """From a finished layout: the lines that end a recto with a hyphen (the reader would turn
    the page in the middle of a word), and the paragraphs WeasyPrint did not set as planned."""
    avoid, realized = set(fit.avoid), {}
    for number, page in enumerate(document.pages, start=1):
        last = None
        for line in _flow_lines(page._page_box):
            block = line.element.get("data-block")
            realized.setdefault(block, []).append(_normal("".join(b.text for b in line.descendants() if isinstance(b, boxes.TextBox))))
            last = (block, len(realized[block]) - 1, line)
        if last and number % 2 == 1 and last[0] in stats.plans and _ends_in_hyphen(last[2]):
            avoid.add(last[:2])
    alone = set(fit.alone) | {block for block, lines in stats.plans.items() if realized.get(block) != lines}
    return Fit(frozenset(avoid) if fit.rectos else frozenset(), frozenset(alone), fit.rectos)


def _flow_lines(box):
    """The page's line boxes of numbered paragraphs, in order (not the footnotes, not the margins)."""
    name = type(box).__name__
    if name in ("MarginBox", "FootnoteAreaBox"):
        return
    if isinstance(box, boxes.LineBox):
        if box.element is not None and box.element.get("data-block"):
            yield box
        return
    for child in getattr(box, "children", None) or []:
        yield from _flow_lines(child)


def _ends_in_hyphen(line) -> bool:
    texts = [b.text for b in line.descendants() if isinstance(b, boxes.TextBox)]
    return bool(texts) and texts[-1].rstrip().endswith(("-", "\u2010", "\xad"))
