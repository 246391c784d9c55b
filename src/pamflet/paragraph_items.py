"""A justified paragraph's text as Knuth–Plass sees it: words measured (as WeasyPrint will
draw them) and cut where they may break, spaces as glue; ``linebreak.break_lines`` chooses,
``paragraphs.py`` applies the choice to WeasyPrint's boxes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from weasyprint.text.line_break import split_first_line

from .hyphenation import LEFT, hyphen_points
from .linebreak import INFINITY, box, glue, penalty

HYPHEN_COST = 500  # TeX's \hyphenpenalty is 50; measured on the seed: 50 hyphenates 25 % of lines, 500 13 %
SHORT_LEFT_COST = 150  # a hyphen after only two letters
EXPLICIT_COST = 50  # TeX's \exhyphenpenalty: a break after a hyphen written in the text
CAPITAL_COST = 3000  # a name or capitalised word, in the last passes only

_FONT_KEYS = (
    "font_family", "font_size", "font_style", "font_weight", "font_stretch", "font_kerning",
    "font_variant_caps", "font_variant_numeric", "font_variant_ligatures", "font_variant_position",
    "font_variant_east_asian", "font_variant_alternates", "font_feature_settings",
    "font_variation_settings", "font_language_override", "letter_spacing", "word_spacing", "lang",
)



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


@dataclass
class _Break:
    kind: str  # "glue" (a space), "hyphen" (a soft hyphen to insert), "explicit" (after '-')
    offset: int  # the space's offset, or where the hyphen goes


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


def _items(tokens: list[_Token], settings):
    """Boxes, glue and penalties for one pass (``settings``: a ``paragraphs.Pass``);
    ``breaks[i]`` says where item i breaks."""
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
            places += [(position + cut, "hyphen", first.isupper()) for cut in hyphen_points(part, style["lang"], exceptions)]
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
