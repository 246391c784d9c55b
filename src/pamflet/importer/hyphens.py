"""Decide, for a word split at a line end, whether its hyphen is soft (join) or real (keep).

Evidence, strongest first: a capital or digit after the break (Sovjet-Rusland, 1920-21);
how the document itself writes the word elsewhere; the language's word list (wordfreq);
whether both halves are words of their own.  Also restores compound hyphens that
pdftotext dropped when it glued a line-end compound together (SovjetUnie).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass

from wordfreq import zipf_frequency

HYPHENS = "-\u2010\u2011\u00ad"  # hyphen-minus, hyphen, non-breaking hyphen, soft hyphen
WORD = re.compile(r"[^\W\d_]+(?:[-\u2010\u2011][^\W\d_]+)*")
PART_WORD = 3.0  # Zipf frequency from which a half counts as a word on its own
# pdftotext glues `Sovjet-` + `Unie` into `SovjetUnie`: a lower-case letter followed by a capital.
_GLUED = re.compile(r"\b([^\W\d_]*[a-zà-ÿ])([A-ZÀ-Þ][a-zà-ÿ]+)\b")


@dataclass
class Decision:
    keep: bool
    reason: str


class Vocabulary:
    """How often the document writes each word joined, and each compound hyphenated."""

    def __init__(self, texts: list[str], lang: str | None):
        self.lang = lang
        self.plain: Counter[str] = Counter()
        self.hyphenated: Counter[str] = Counter()
        for text in texts:
            for word in WORD.findall(text):
                low = word.casefold().replace("\u2010", "-").replace("\u2011", "-")
                if "-" in low:
                    self.hyphenated[low] += 1
                    self.plain.update(low.split("-"))
                else:
                    self.plain[low] += 1
        self._sorted: list[str] | None = None
        self._compound_heads: dict[str, bool] = {}

    def zipf(self, word: str) -> float:
        return zipf_frequency(word, self.lang) if self.lang else 0.0

    def _closed_compounds_with(self, head: str) -> bool:
        """Does the document write other closed compounds that start with ``head``?"""
        if head not in self._compound_heads:
            if self._sorted is None:
                self._sorted = sorted(self.plain)
            found = False
            for i in range(bisect_left(self._sorted, head), len(self._sorted)):
                word = self._sorted[i]
                if not word.startswith(head):
                    break
                rest = word[len(head):]
                if len(rest) >= 4 and self.zipf(rest) >= PART_WORD:
                    found = True
                    break
            self._compound_heads[head] = found
        return self._compound_heads[head]

    def decide(self, left: str, right: str) -> Decision:
        """``left`` is the word part before the line-end hyphen, ``right`` the part after."""
        if not left or not right:
            return Decision(True, "not a word split")
        if right[0].isupper() or right[0].isdigit() or left[-1].isdigit():
            return Decision(True, "capital or digit after the hyphen")
        joined = (left + right).casefold()
        hyphenated = f"{left}-{right}".casefold()
        n_joined, n_hyph = self.plain[joined], self.hyphenated[hyphenated]
        if n_hyph > n_joined:
            return Decision(True, f"the text writes “{left}-{right}” elsewhere")
        if n_joined > n_hyph:
            return Decision(False, f"the text writes “{left}{right}” elsewhere")
        if "-" in left or any(h in left for h in HYPHENS[1:]):
            return Decision(True, "part of a compound with several hyphens")
        if self.zipf(joined) > 0:
            return Decision(False, "the joined word is in the word list")
        if self.zipf(left.casefold()) >= PART_WORD and self.zipf(right.casefold()) >= PART_WORD:
            if self._closed_compounds_with(left.casefold()):
                return Decision(False, f"the text writes other closed compounds with “{left}”")
            return Decision(True, "both halves are words, the joined form is not")
        return Decision(False, "soft hyphen (default)")

    def unglue(self, text: str) -> tuple[str, list[tuple[str, str, str]]]:
        """Restore hyphens in compounds pdftotext glued together; return changes made."""
        changes: list[tuple[str, str, str]] = []

        def repair(match: re.Match[str]) -> str:
            left, right = match.group(1), match.group(2)
            glued = left + right
            hyph = f"{left}-{right}"
            if self.hyphenated[hyph.casefold()]:
                changes.append((glued, hyph, "the text writes it with a hyphen elsewhere"))
                return hyph
            if len(left) >= 3 and min(self.zipf(left.casefold()), self.zipf(right.casefold())) >= PART_WORD:
                if self.zipf(glued.casefold()) < min(self.zipf(left.casefold()), self.zipf(right.casefold())):
                    changes.append((glued, hyph, "both halves are words (word list)"))
                    return hyph
            return glued

        return _GLUED.sub(repair, text), changes

    def unglue_lower(self, text: str) -> tuple[str, list[tuple[str, str, str]]]:
        """pdftotext also glues lower-case compounds (sociaal-nationalisme): restore those the text writes hyphenated."""
        changes: list[tuple[str, str, str]] = []
        if not self.hyphenated:
            return text, changes
        glued_forms = {h.replace("-", ""): h for h in self.hyphenated if h.count("-") == 1}

        def repair(match: re.Match[str]) -> str:
            word = match.group(0)
            hyph = glued_forms.get(word.casefold())
            if not hyph or self.zipf(word.casefold()) > 0:
                return word
            cut = hyph.index("-")
            fixed = word[:cut] + "-" + word[cut:]
            changes.append((word, fixed, "the text writes it with a hyphen elsewhere"))
            return fixed

        return re.sub(r"[^\W\d_]{5,}", repair, text), changes


def split_word_at_end(text: str) -> str:
    """The (partial) word before a line-end hyphen."""
    m = re.search(r"([^\W\d_]+(?:[-\u2010\u2011][^\W\d_]+)*)[-\u2010\u2011\u00ad]$", text)
    return m.group(1) if m else ""


def word_at_start(text: str) -> str:
    m = re.match(r"[^\W\d_]+", text)
    return m.group(0) if m else ""
