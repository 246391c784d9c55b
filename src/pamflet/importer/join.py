"""Join a block's lines into one text: line-end hyphens decided, whitespace normalised."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .hyphens import HYPHENS, Vocabulary, split_word_at_end, word_at_start
from .lines import Line

_SPACES = re.compile(r" {2,}")
_SPACE_BEFORE = re.compile(r"(?<=\S) +(?=[.,)\]](?:\s|$|[”’\"»]))")
_SPACE_BEFORE_HIGH = re.compile(r"(?<=\S) +(?=[;:!?](?:\s|$|[”’\"»]))")  # not for French, which spaces them
_MISSING_SPACE = re.compile(r"(?<=[a-zà-ÿ\d]{2})([.!?])(?=[A-ZÀ-Þ][a-zà-ÿ])")


@dataclass
class JoinLog:
    """What joining decided, for the report: (input line, text, reason) per decision."""

    joined: list[tuple[int, str, str]] = field(default_factory=list)
    kept: list[tuple[int, str, str]] = field(default_factory=list)
    spaces_inserted: list[tuple[int, str]] = field(default_factory=list)
    whitespace_fixes: int = 0


def join_lines(lines: list[Line], vocab: Vocabulary, log: JoinLog) -> str:
    out = lines[0].text
    for before, line in zip(lines, lines[1:]):
        text = line.text
        if len(out) >= 2 and out[-1] in HYPHENS and out[-2].isalpha():
            left, right = split_word_at_end(out), word_at_start(text)
            decision = vocab.decide(left, right)
            if decision.keep:
                hyphen = "-" if out[-1] == "\u00ad" else out[-1]
                out = out[:-1] + hyphen + text
                log.kept.append((before.no, f"{left}-{right}", decision.reason))
            else:
                out = out[:-1] + text
                log.joined.append((before.no, f"{left}{right}", decision.reason))
        else:
            out = out + " " + text
    return out


def normalise_spaces(text: str, lang: str | None, line_no: int, log: JoinLog) -> str:
    """Collapse double spaces and remove spaces before punctuation; never touch a word."""
    fixed = _SPACES.sub(" ", text)
    fixed = _SPACE_BEFORE.sub("", fixed)
    if lang != "fr":
        fixed = _SPACE_BEFORE_HIGH.sub("", fixed)
    if fixed != text:
        log.whitespace_fixes += 1

    def insert(match: re.Match[str]) -> str:
        start = max(0, match.start() - 12)
        log.spaces_inserted.append((line_no, fixed[start: match.end() + 12]))
        return match.group(1) + " "

    # Skip web addresses and abbreviations like "U.S.": only word.Word is a missing space.
    if "://" not in fixed and "www." not in fixed:
        fixed = _MISSING_SPACE.sub(insert, fixed)
    return fixed
