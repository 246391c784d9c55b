"""Where a word may take a hyphen: Pyphen's patterns for the book's language, and the book's
own list (``hyphenation:`` in the metadata). Shared by the print paragraphs and the EPUB's
table heads; apart from the layout so that the EPUB writer does not load WeasyPrint."""

from __future__ import annotations

import re
from functools import lru_cache

import pyphen

LEFT, RIGHT = 2, 3  # letters before and after a hyphen (two before costs more)


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


@lru_cache(maxsize=16)
def _dictionary(lang: str) -> pyphen.Pyphen | None:
    lang = (lang or "").replace("-", "_")
    found = pyphen.language_fallback(lang) if lang else None
    return pyphen.Pyphen(lang=found, left=LEFT, right=RIGHT) if found else None


_CORE = re.compile(r"^(\W*)([^\W\d_](?:[^\W\d_]|['’])*[^\W\d_])(\W*)$")


# Points read back with a cached model (model_json.py), by (word, language, the book's list):
# loading a language's patterns takes longer than the EPUB that needs a few table heads' words.
KNOWN_POINTS: dict[tuple, list[int]] = {}


def known_key(word: str, lang: str, exceptions: dict) -> tuple:
    return word, lang, tuple(sorted(exceptions.items()))


def hyphen_points(word: str, lang: str, exceptions: dict) -> list[int]:
    """Where a word may take a hyphen (offsets into ``word``), leading and trailing punctuation
    aside; a word listed in the book's exceptions only where the list says."""
    if KNOWN_POINTS:
        known = KNOWN_POINTS.get(known_key(word, lang, exceptions))
        if known is not None:
            return list(known)
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
