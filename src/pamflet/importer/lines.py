"""Input lines with their line numbers, and the two shapes of PDF-extracted text."""

from __future__ import annotations

import re
from dataclasses import dataclass

SENTENCE_END = ".!?:…"
CLOSERS = "”’\"'»›)]*"
OPENERS = "“‘\"'„«‹([¿¡"
_MARKER_TAIL = re.compile(r"(\s?\[\d+\])+\s*$")


@dataclass
class Line:
    """One non-blank input line: ``no`` is its 1-based number in the input file."""

    no: int
    text: str  # without leading/trailing whitespace
    indented: bool = False  # had leading whitespace in the input
    gap_before: bool = False  # a blank line stands between it and the previous kept line
    page_start: bool = False  # first line of a page (after page furniture is removed)
    page: int = 0
    # pdftotext joins a line that ends in a hyphen with the next: the length of that last
    # part is what tells whether the paragraph ends here.
    tail: int | None = None
    # From a PDF's layout (None/0 for text input): a heading by type size or weight, the
    # line's type size and weight.
    heading: bool | None = None
    size: float = 0.0
    bold: bool = False
    # the line's top and bottom on its page, and its text without raised marks (an author's
    # affiliation letters "Pal^a,∗"): what the title block reads in a PDF
    top: float = 0.0
    bottom: float = 0.0
    unraised: str = ""

    def __len__(self) -> int:
        return len(self.text) if self.tail is None else self.tail


def ends_sentence(text: str) -> bool:
    """True if the line ends with sentence-final punctuation (before closing quotes or note markers)."""
    text = _MARKER_TAIL.sub("", text).rstrip().rstrip(CLOSERS).rstrip()
    return bool(text) and text[-1] in SENTENCE_END


def starts_sentence(text: str) -> bool:
    """True if the line could open a paragraph: a capital, a digit, a quote or a bracket first."""
    stripped = text.lstrip(OPENERS)
    if not stripped:
        return bool(text)
    first = stripped[0]
    return first.isupper() or first.isdigit() or stripped is not text or not first.isalpha()


def is_spread(raw_lines: list[str]) -> bool:
    """The seed's shape: (nearly) every non-blank line is followed by exactly one blank line."""
    nonblank = followed = 0
    for i, line in enumerate(raw_lines):
        if line.strip():
            nonblank += 1
            if i + 1 < len(raw_lines) and not raw_lines[i + 1].strip():
                followed += 1
    return nonblank >= 4 and followed >= 0.7 * nonblank


_ABBREVIATION_USE = re.compile(r"(?<![\w.])([^\W\d_]{1,5})\. ?(?=[a-zà-ÿ\d])")


def abbreviations(lines: list[Line]) -> frozenset[str]:
    """Words the text writes with a full stop before a lower-case word or a number (blz. 304,
    p. 12, e.g. the): at a line end they do not end a sentence."""
    found = set()
    for line in lines:
        found.update(m.group(1).casefold() for m in _ABBREVIATION_USE.finditer(line.text))
    return frozenset(found)


def ends_with_abbreviation(text: str, known: frozenset[str]) -> bool:
    m = re.search(r"(?<![\w.])([^\W\d_]{1,5})\.$", text)
    return bool(m) and m.group(1).casefold() in known
