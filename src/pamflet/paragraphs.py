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
import re
from dataclasses import dataclass, field
from functools import lru_cache

import pyphen
import weasyprint.layout.block
from weasyprint.formatting_structure import boxes
from weasyprint.text.line_break import split_first_line, strut

from .linebreak import INFINITY, Settings, box, break_lines, glue, penalty

SLACK = 1.0  # px left free on a line so that WeasyPrint's first fit takes exactly our words
LEFT, RIGHT = 2, 3  # letters before and after a hyphen (two before costs more)
HYPHEN_COST = 500  # TeX's \hyphenpenalty is 50; measured on the seed: 50 hyphenates 25 % of lines, 500 13 %
SHORT_LEFT_COST = 150  # a hyphen after only two letters
EXPLICIT_COST = 50  # TeX's \exhyphenpenalty: a break after a hyphen written in the text
CAPITAL_COST = 3000  # a name or capitalised word, in the last passes only


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
    alone: frozenset = frozenset()  # data-blocks left to WeasyPrint in this layout


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


def hyphenation_exceptions(words: list[str]) -> dict[str, tuple[int, ...]]:
    """``[Ordzjo-nikidze, Rakovsky]`` → where each may be broken (nowhere for Rakovsky)."""
    out = {}
    for word in words:
        cuts, position = [], 0
        for part in word.split("-")[:-1]:
            position += len(part)
            cuts.append(position)
        out[word.replace("-", "").casefold()] = tuple(cuts)
    return out


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
_FONT_KEYS = (
    "font_family", "font_size", "font_style", "font_weight", "font_stretch", "font_kerning",
    "font_variant_caps", "font_variant_numeric", "font_variant_ligatures", "font_variant_position",
    "font_variant_east_asian", "font_variant_alternates", "font_feature_settings",
    "font_variation_settings", "font_language_override", "letter_spacing", "word_spacing", "lang",
)


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


class _Measure:
    """Widths as WeasyPrint will find them: its own Pango layout, cached per text and font
    for the whole layout. The breaks are chosen from words' widths built from letters and
    letter pairs; each chosen line is then measured whole, so the spacing is exact."""

    # Widths depend only on the text and the font's signature: kept across layouts (a book is
    # laid out more than once: the safety rounds, the press PDF), bounded.
    shared: dict[tuple, object] = {}

    def __init__(self, context):
        self.context = context
        if len(self.shared) > 500_000:
            self.shared.clear()
        self.cache = self.shared
        self.fonts: dict[int, tuple] = {}  # id(style) → (style, its font signature)
        self.wider_styles: dict[tuple, tuple] = {}

    @classmethod
    def of(cls, context) -> "_Measure":
        if getattr(context, "_pamflet_measure", None) is None:
            context._pamflet_measure = cls(context)
        return context._pamflet_measure

    def font(self, style) -> tuple:
        if id(style) not in self.fonts:
            self.fonts[id(style)] = (style, tuple(repr(style[key]) for key in _FONT_KEYS))
        return self.fonts[id(style)][1]

    def styled(self, style, spacing: float):
        """The style with ``spacing`` more word-spacing (kept, so that the cache's ids hold)."""
        key = (id(style), spacing)
        if key not in self.wider_styles:
            changed = style.copy()
            changed["word_spacing"] = style["word_spacing"] + spacing
            self.wider_styles[key] = (style, changed)
        return self.wider_styles[key][1]

    def __call__(self, text: str, style) -> float:
        key = (text, self.font(style))
        if key not in self.cache:
            self.cache[key] = split_first_line(text, style, self.context, None, 0)[3] if text else 0.0
        return self.cache[key]

    def estimate(self, text: str, style) -> float:
        """A word's width from its letters and its letter pairs (kerning, two-letter
        ligatures), each measured once: Pango lays out a handful of pairs instead of every
        word (a layout costs a quarter of a millisecond; a book has tens of thousands)."""
        width = sum(self(ch, style) for ch in text)
        for a, b in zip(text, text[1:]):
            width += self.pair(a + b, style)
        return width

    def pair(self, pair: str, style) -> float:
        key = (pair, "pair", self.font(style))
        if key not in self.cache:
            self.cache[key] = self(pair, style) - self(pair[0], style) - self(pair[1], style)
        return self.cache[key]


@lru_cache(maxsize=16)
def _dictionary(lang: str) -> pyphen.Pyphen | None:
    lang = (lang or "").replace("-", "_")
    found = pyphen.language_fallback(lang) if lang else None
    return pyphen.Pyphen(lang=found, left=LEFT, right=RIGHT) if found else None


_CORE = re.compile(r"^(\W*)([^\W\d_](?:[^\W\d_]|['’])*[^\W\d_])(\W*)$")


def _hyphen_points(word: str, lang: str, exceptions: dict) -> list[int]:
    """Where a word may take a hyphen (offsets into ``word``), leading and trailing punctuation
    aside; a word listed in the book's exceptions only where the list says."""
    match = _CORE.match(word)
    if not match:
        return []
    lead, core, _ = match.groups()
    if core.casefold() in exceptions:
        return [len(lead) + cut for cut in exceptions[core.casefold()]]
    dictionary = _dictionary(lang)
    if dictionary is None:
        return []
    return [len(lead) + cut for cut in dictionary.positions(core) if LEFT <= cut <= len(core) - RIGHT]


@dataclass
class _Break:
    kind: str  # "glue" (a space), "hyphen" (a soft hyphen to insert), "explicit" (after '-')
    offset: int  # the space's offset, or where the hyphen goes


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


def _set_paragraph(context, line_box, containing_block, state: _State, page_end: frozenset[int] = frozenset()) -> None:
    _unwrap_index_marks(line_box)
    slots = _slots(line_box)
    block = line_box.element.get("data-block") if line_box.element is not None else None
    if slots is None or block in state.fit.alone:
        state.stats.left_alone += 1
        return
    text = "".join(slot.box.text for slot in slots)
    if "\n" in text or "\t" in text or "\xad" in text:
        state.stats.left_alone += 1  # forced breaks and the author's own soft hyphens: WeasyPrint's
        return
    owner = [n for n, slot in enumerate(slots) for _ in slot.box.text]
    measure = _Measure.of(context)
    indent = line_box.style["text_indent"]
    indent = indent.value if getattr(indent, "unit", "px") == "px" else (indent.value * containing_block.width / 100 if indent.unit == "%" else 0)
    width = containing_block.width

    def line_width(n: int) -> float:
        return width - (indent if n == 0 else 0)

    avoid = frozenset(line for key, line in state.fit.avoid if key == block) | page_end
    tokens = _tokens(text, slots, owner, measure, state.exceptions)
    for number, settings in enumerate(PASSES):
        items, breaks = _items(tokens, settings)
        lines = break_lines(items, line_width, Settings(tolerance=settings.tolerance), no_hyphen_lines=avoid)
        if lines:
            ends = [breaks[line.end] for line in lines]
            _apply(slots, text, owner, ends, measure, line_width)
            state.stats.set += 1
            state.stats.passes[number] = state.stats.passes.get(number, 0) + 1
            if block:
                state.stats.plans[block] = _planned_lines(text, ends, slots[0].box.style["hyphenate_character"])
            return
    state.stats.left_alone += 1


@dataclass
class _Cut:
    """A place a word may break: after a hyphen it is written with, or at a dictionary point."""

    offset: int  # in the paragraph's text
    kind: str  # "explicit" or "hyphen"
    prefix: float  # width of the word up to here (estimated)
    letters: int  # letters up to here
    cost: float
    capital: bool  # in a name or a capitalised word


@dataclass
class _Token:
    kind: str  # "glue", "nobreak" (a no-break space) or "word"
    offset: int
    width: float
    letters: int = 0
    cuts: list = field(default_factory=list)
    hyphen: float = 0.0  # the hyphen's width in the word's font


def _tokens(text, slots, owner, measure, exceptions) -> list[_Token]:
    """The paragraph measured once: spaces and words with every place they may break."""
    tokens, exceptions_key = [], tuple(sorted(exceptions.items()))
    for match in re.finditer(r" +|[^ ]+", text):
        start, chunk = match.start(), match.group()
        style = slots[owner[start]].box.style
        if chunk[0] == " ":
            tokens.append(_Token("glue", start, measure(" ", style)))  # word-spacing included: Pango applies it
            continue
        for piece_start, piece in _nbsp_pieces(start, chunk):
            if piece == "\xa0":
                tokens.append(_Token("nobreak", piece_start, measure(" ", style)))
            else:
                tokens.append(_word(piece_start, piece, slots, owner, measure, exceptions, exceptions_key))
    return tokens


def _items(tokens: list[_Token], settings: Pass):
    """Boxes, glue and penalties for one pass; ``breaks[i]`` says where item i breaks."""
    items, breaks = [], []

    def add(item, where=None):
        items.append(item)
        breaks.append(where)

    for token in tokens:
        if token.kind == "glue":
            add(glue(token.width, token.width / 2, token.width / 3), _Break("glue", token.offset))
        elif token.kind == "nobreak":
            add(penalty(0, INFINITY))  # no break at a no-break space
            add(glue(token.width, token.width / 2, token.width / 3))
        else:
            done, letters = 0.0, 0
            for cut in token.cuts:
                if cut.kind == "hyphen" and not (settings.hyphenate and (settings.capitals or not cut.capital)):
                    continue
                add(box(cut.prefix - done, cut.letters - letters))
                done, letters = cut.prefix, cut.letters
                width = 0 if cut.kind == "explicit" else token.hyphen
                add(penalty(width, cut.cost, flagged=True), _Break(cut.kind, cut.offset))
            add(box(token.width - done, token.letters - letters))
    add(penalty(0, -INFINITY), _Break("end", -1))  # the offset of the end is not needed
    return items, breaks


def _nbsp_pieces(start: int, chunk: str):
    position = start
    for piece in re.split(r"(\xa0)", chunk):
        if piece:
            yield position, piece
        position += len(piece)


def _word(start, word, slots, owner, measure, exceptions, exceptions_key) -> _Token:
    """A word, measured, with the places it may break (worked out once per word and font)."""
    letters = sum(ch.isalpha() for ch in word)
    fonts = {measure.font(slots[n].box.style) for n, _ in _parts(start, word, owner)}
    if len(fonts) > 1:  # across fonts (italics in the middle of a word): whole
        return _Token("word", start, sum(measure.estimate(part, slots[n].box.style) for n, part in _parts(start, word, owner)), letters)
    # One font, perhaps in several boxes (an index mark around part of it): measured and broken
    # as one word, so that index marks never change a line break.
    style = slots[owner[start]].box.style
    key = (word, "word", measure.font(style), exceptions_key)
    if key not in measure.cache:
        measure.cache[key] = _word_shape(word, style, measure, exceptions)
    width, hyphen, cuts = measure.cache[key]
    return _Token("word", start, width, letters, [_Cut(start + cut, *rest) for cut, *rest in cuts], hyphen)


def _word_shape(word, style, measure, exceptions):
    places: list[tuple[int, str, bool]] = [(m.end(), "explicit", False) for m in re.finditer(r"(?<=[^\W\d_])-(?=[^\W\d_]{2})", word)]
    position = 0
    for part in re.split(r"(-)", word):
        if part and part != "-":
            first = next((ch for ch in part if ch.isalpha()), "")
            places += [(position + cut, "hyphen", first.isupper()) for cut in _hyphen_points(part, style["lang"], exceptions)]
        position += len(part)
    cuts = []
    for cut, kind, capital in sorted(places):
        before = word[:cut]
        lead = len(before) - len(before.lstrip("\"'‘“(«["))
        cost = EXPLICIT_COST if kind == "explicit" else HYPHEN_COST + (SHORT_LEFT_COST if cut - lead <= LEFT else 0) + (CAPITAL_COST if capital else 0)
        cuts.append((cut, kind, measure.estimate(before, style), sum(ch.isalpha() for ch in before), cost, capital))
    return measure.estimate(word, style), measure(style["hyphenate_character"], style), cuts


def _parts(start, word, owner):
    """A word that spans several text boxes, cut where the boxes meet: (slot index, text)."""
    parts, current, begin = [], owner[start], 0
    for i in range(1, len(word) + 1):
        if i == len(word) or owner[start + i] != current:
            parts.append((current, word[begin:i]))
            if i < len(word):
                current, begin = owner[start + i], i
    return parts


def _apply(slots, text, owner, ends: list[_Break], measure, line_width) -> None:
    """Rewrite the text boxes so that WeasyPrint finds the chosen lines: each line's text in
    boxes of its own, a soft hyphen where it breaks a word, and a word-spacing that fills it
    to just under its width, so that WeasyPrint's first fit can put nothing more on it.

    A line that ends inside a word keeps the rest of the word in its last box (it has no
    spaces to widen): WeasyPrint breaks a box at a hyphen well, between two boxes badly."""
    starts = {slot.start for slot in slots}
    # A break space that opens a box (after an index mark or italics) goes to the box before:
    # WeasyPrint lets a space hang past the line's end only at the end of a text box.
    moved = set()
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
            slot_end = slot.start + len(slot.box.text)
            lo, hi = max(begin, slot.start + (slot.start in moved)), min(stop, slot_end)
            if lo >= hi:
                continue
            tail = " " if hi == slot_end and hi in moved else ""
            chunk = "".join(("\xad" if lo + i in shy else "") + ch for i, ch in enumerate(slot.box.text[lo - slot.start: hi - slot.start]))
            pieces.append((slot, chunk + tail))
            visible = slot.box.text[lo - slot.start: min(hi, seen) - slot.start]
            if end.kind == "hyphen" and hi > seen:
                visible += slot.box.style["hyphenate_character"]
            if visible or tail:
                shown.append((slot, visible + tail))
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
