"""Decide, for a word split at a line end, whether its hyphen is soft (join) or real (keep).

Evidence, strongest first: a capital or digit after the break (Sovjet-Rusland, 1920-21),
unless the document writes the word closed elsewhere (TraceMonkey) or the word is set in
capitals (LO-CATION); how the document itself writes the word elsewhere; the language's word list (wordfreq);
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
# Languages that write compounds closed (Arbeiterbewegung, arbeidersklasse): there a split
# compound of two words is a soft break unless the text itself shows the parts apart.
CLOSED_COMPOUNDS = {"nl", "de", "da", "sv", "nb", "nn", "no", "is", "af", "fy", "fi", "et", "hu"}
# pdftotext glues `Sovjet-` + `Unie` into `SovjetUnie`: a lower-case letter followed by a capital.
_GLUED = re.compile(r"\b([^\W\d_]*[a-zà-ÿ]|[A-ZÀ-Þ]{2,})([A-ZÀ-Þ][a-zà-ÿ]+)\b")


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
        self.open_pairs: set[tuple[str, str]] = set()  # (word, first 5 letters of the next word)
        for text in texts:
            words = WORD.findall(text)
            self.open_pairs.update((a.casefold(), b[:5].casefold()) for a, b in zip(words, words[1:]))
            for word in words:
                low = word.casefold().replace("\u2010", "-").replace("\u2011", "-")
                if "-" in low:
                    parts = low.split("-")
                    self.hyphenated[low] += 1
                    if len(parts) > 2:  # nord-süd-konflikt also vouches for süd-konflikt
                        self.hyphenated.update(f"{a}-{b}" for a, b in zip(parts, parts[1:]))
                    self.plain.update(parts)
                else:
                    self.plain[low] += 1
        self._sorted: list[str] | None = None
        self._compound_heads: dict[str, list[str]] = {}

    def zipf(self, word: str) -> float:
        return zipf_frequency(word, self.lang) if self.lang else 0.0

    def _closed_compounds_with(self, head: str, exclude: str) -> bool:
        """Does the document write closed compounds (other than ``exclude``) that start with ``head``?"""
        if head not in self._compound_heads:
            if self._sorted is None:
                self._sorted = sorted(self.plain)
            found = []
            for i in range(bisect_left(self._sorted, head), len(self._sorted)):
                word = self._sorted[i]
                if not word.startswith(head):
                    break
                rest = word[len(head):]
                if len(rest) >= 4 and self.zipf(rest) >= PART_WORD:
                    found.append(word)
            self._compound_heads[head] = found
        return any(word != exclude for word in self._compound_heads[head])

    def decide(self, left: str, right: str) -> Decision:
        """``left`` is the word before the line-end hyphen (it may hold hyphens itself), ``right`` the part after."""
        if not left or not right:
            return Decision(True, "not a word split")
        joined = (left + right).casefold()
        hyphenated = f"{left}-{right}".casefold()
        n_joined, n_hyph = self.plain[joined] + self.hyphenated[joined], self.hyphenated[hyphenated]
        in_capitals = left.isupper() and right.isupper() and len(right) > 1  # LO-CATION: a word set in capitals, its case says nothing
        if not in_capitals and (right[0].isupper() or right[0].isdigit() or left[-1].isdigit()):
            if right[0].isupper() and n_joined > n_hyph:  # Trace-Monkey where the text writes TraceMonkey
                return Decision(False, f"the text writes “{left}{right}” elsewhere")
            return Decision(True, "capital or digit after the hyphen")
        if n_hyph > n_joined:
            return Decision(True, f"the text writes “{left}-{right}” elsewhere")
        if n_joined > n_hyph:
            return Decision(False, f"the text writes “{left}{right}” elsewhere")
        head = re.split(r"[-\u2010\u2011]", left)[-1]  # sociaal-demo|cratisch: judge demo|cratisch
        joined_freq = self.zipf((head + right).casefold())
        halves_are_words = self.zipf(head.casefold()) >= PART_WORD and self.zipf(right.casefold()) >= PART_WORD
        if joined_freq > 0 and (not halves_are_words or joined_freq >= PART_WORD):
            return Decision(False, "the joined word is in the word list")
        if halves_are_words:
            if (head.casefold(), right[:5].casefold()) in self.open_pairs:
                return Decision(True, f"the text writes “{head} {right[:5]}…” as two words elsewhere")
            if self._closed_compounds_with(head.casefold(), (head + right).casefold()):
                return Decision(False, f"the text writes other closed compounds with “{head}”")
            if self.lang not in CLOSED_COMPOUNDS:
                return Decision(True, "both halves are words, the joined form is rare or unknown")
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
            if left.isupper() and self.zipf(right.casefold()) >= PART_WORD:
                changes.append((glued, hyph, "an abbreviation glued to a word"))
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


    def unglue_joined_line(self, text: str, width: float) -> tuple[str, list[tuple[str, str, str]]]:
        """pdftotext joined this over-long line to the next after dropping a line-end hyphen.

        The glued word lies near where the first line ended (about ``width`` characters in);
        split it where the hyphen decision says a real hyphen stood.
        """
        changes: list[tuple[str, str, str]] = []
        for match in re.finditer(r"[^\W\d_]{5,}", text):
            if match.end() < 0.6 * width or match.start() > 1.15 * width:
                continue
            word = match.group(0)
            if word[1:] != word[1:].lower() or self.zipf(word.casefold()) >= PART_WORD or self.plain[word.casefold()] > 1:
                continue
            best = None
            self.plain[word.casefold()] -= 1  # this glued occurrence is no evidence for itself
            for cut in range(2, len(word) - 1):
                left, right = word[:cut], word[cut:]
                decision = self.decide(left, right)
                if decision.keep and decision.reason != "not a word split":
                    score = min(self.zipf(left.casefold()), self.zipf(right.casefold()))
                    if best is None or score > best[0]:
                        best = (score, cut, decision.reason)
            self.plain[word.casefold()] += 1
            if best:
                fixed = f"{word[:best[1]]}-{word[best[1]:]}"
                changes.append((word, fixed, best[2]))
                return text[: match.start()] + fixed + text[match.end():], changes
        return text, changes


def split_word_at_end(text: str) -> str:
    """The (partial) word before a line-end hyphen."""
    m = re.search(r"([^\W\d_]+(?:[-\u2010\u2011][^\W\d_]+)*)[-\u2010\u2011\u00ad]$", text)
    return m.group(1) if m else ""


def word_at_start(text: str) -> str:
    m = re.match(r"[^\W\d_]+", text)
    return m.group(0) if m else ""
