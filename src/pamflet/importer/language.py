"""Guess the language of a text from how many of its words are that language's most common words."""

from __future__ import annotations

import re
from functools import lru_cache

from wordfreq import top_n_list

# Latin-script languages wordfreq has lists for; the importer's rules work on these.
CANDIDATES = ("nl", "en", "de", "fr", "es", "it", "pt", "da", "sv", "nb", "pl", "cs", "fi", "ca")
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=None)
def common_words(lang: str | None, n: int = 200) -> frozenset[str]:
    """The language's ``n`` most frequent words (articles, prepositions, pronouns, …)."""
    return frozenset(top_n_list(lang, n, wordlist="small")) if lang else frozenset()


def detect_language(text: str, sample_words: int = 20000) -> tuple[str | None, float]:
    """Return (language code, share of sampled words that are its common words).

    The sample is the text's prose lines (six words or more) when they hold enough words:
    captions, table cells, diagram labels and code are not the body's language, and over the
    whole body an abstract in another language (a Dutch thesis's English summary) is outvoted.
    A lead of twice the runner-up counts where the share is low (a technical text whose body is
    half names and abbreviations)."""
    prose = [line for line in text.split("\n") if len(line.split()) >= 6]
    words = [w.casefold() for w in _WORD.findall(" ".join(prose))]
    if len(words) < 200:
        words = [w.casefold() for w in _WORD.findall(text)]
    words = words[:: max(1, len(words) // sample_words)][:sample_words]
    if not words:
        return None, 0.0
    scores = {lang: sum(w in common_words(lang) for w in words) / len(words) for lang in CANDIDATES}
    best, second = sorted(scores, key=scores.get, reverse=True)[:2]
    if scores[best] >= 0.15 or (scores[best] >= 0.08 and scores[best] >= 2 * scores[second]):
        return best, scores[best]
    return None, scores[best]


def import_language(lang: str, option: str = "--lang") -> str:
    """A language given by the user: a BCP 47 code (``EN`` → ``en``) for which wordfreq has a word
    list (the importer's hyphen and heading rules need one)."""
    from wordfreq import available_languages

    from ..errors import PamfletError
    from ..metadata import normalise_lang

    try:
        tag = normalise_lang(lang)
    except ValueError as exc:
        raise PamfletError(option, str(exc)) from None
    known = available_languages(wordlist="small")
    if tag.split("-")[0] not in known:
        raise PamfletError(option, f"pamflet has no word list for {tag!r}; it imports {', '.join(sorted(known))}")
    return tag
