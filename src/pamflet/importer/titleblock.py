"""Find title, subtitle, author and date in the lines above the first paragraph."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from babel import Locale, UnknownLocaleError

from .lines import Line, ends_sentence

TOP_LINES = 8  # a title block is at most this many lines
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")


@dataclass
class TitleBlock:
    title: str | None = None
    subtitle: str | None = None  # joined by the caller from subtitle_lines (hyphens need the vocabulary)
    subtitle_lines: list[Line] = field(default_factory=list)
    author: str | None = None
    date: str | None = None  # ISO: YYYY, YYYY-MM or YYYY-MM-DD
    date_text: str | None = None  # the date as the text wrote it
    lines: list[Line] = field(default_factory=list)  # the lines it consumed
    notes: list[str] = field(default_factory=list)  # what the proofreader should check


@lru_cache(maxsize=None)
def _months(lang: str | None) -> dict[str, int]:
    names: dict[str, int] = {}
    for code in ([lang] if lang else []) + ["en"]:
        try:
            locale = Locale.parse(code)
        except (UnknownLocaleError, ValueError):
            continue
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in locale.months[context][width].items():
                    names.setdefault(name.casefold().rstrip("."), number)
    return names


def _parse_date(text: str, lang: str | None) -> tuple[str, str, str] | None:
    """Split ``text`` into (before, date as written, ISO date) if it ends in a date."""
    years = list(_YEAR.finditer(text))
    if not years:
        return None
    year = years[-1]
    if text[year.end():].strip(" ,.)"):
        return None
    before = text[: year.start()].rstrip(" ,")
    words = before.split(" ")
    iso = year.group(1)
    start = len(before)
    month = _months(lang).get(words[-1].casefold().rstrip(".,")) if words and words[-1] else None
    if month:
        iso = f"{iso}-{month:02d}"
        start -= len(words[-1])
        day = words[-2].rstrip(".") if len(words) >= 2 else ""
        if day.isdigit() and 1 <= int(day) <= 31:
            iso += f"-{int(day):02d}"
            start -= len(words[-2]) + 1
    return text[:start].rstrip(" ,"), text[start:].strip(), iso


def _name_like(text: str) -> bool:
    """A person's name: 2–6 words, each capitalised except short particles (van, de, von)."""
    words = text.replace(",", " ").replace("&", " ").split()
    if not 2 <= len(words) <= 6 or ends_sentence(text) or any(ch.isdigit() for ch in text):
        return False
    capitals = sum(w[0].isupper() for w in words)
    return capitals >= 2 and all(w[0].isupper() or len(w) <= 3 for w in words)


def read_title_block(lines: list[Line], full: float, lang: str | None) -> TitleBlock:
    """Consume the title block at the top of ``lines`` (all on page one, before the first paragraph)."""
    block = TitleBlock()
    top = []
    skipped: list[Line] = []
    for line in lines[:TOP_LINES]:
        # The block ends where prose starts: a sentence end, a line as wide as the text, page two.
        wide = len(line) >= 1.1 * full and not (not top and len(line.text.split()) <= 16)
        if line.page > 1 or wide or ends_sentence(line.text):
            break
        # (A journal's or an institution's line above the title is taken as it stands: moving
        # it below the title would reorder the author's words; the report names it.)
        if not top and _masthead(line.text):
            skipped.append(line)
        top.append(line)
    if skipped:
        block.notes += [f"line {line.no}: “{line.text}” looks like a journal's or an institution's line, not a title: check the title" for line in skipped]
    if not top:
        block.notes.append("no title block found: the text starts with a paragraph")
        return block
    anchor = first_meta = None  # last line of the block, first line holding author or date
    for i, line in enumerate(top[1:], start=1):
        parsed = _parse_date(line.text, lang)
        if not parsed:
            continue
        before, date_text, iso = parsed
        if before and not _name_like(before):
            continue  # a year inside a subtitle, not a date line
        block.date_text, block.date = date_text, iso
        anchor = first_meta = i
        if before:
            block.author = before
        elif i >= 2 and _person(top[i - 1].text):
            block.author, first_meta = top[i - 1].text, i - 1
        break
    if anchor is None:
        for i, line in enumerate(top[1:], start=1):
            if _person(line.text):
                block.author, anchor, first_meta = line.text, i, i
                break
    if block.author is not None and first_meta is not None and block.author == top[first_meta].text:
        _split_author_line(block, lines, top, first_meta)
    block.title = top[0].text
    # A title wrapped over several lines is one title: a line that breaks off on one of the
    # language's small words, a comma or a hyphen, or whose next line goes on in lower case.
    wrapped = 1
    limit = first_meta if first_meta is not None else len(top)
    while wrapped < limit and not top[wrapped].gap_before and not _name_like(top[wrapped - 1].text) and _runs_on(top[wrapped - 1].text, top[wrapped].text, lang):
        block.title = f"{block.title} {top[wrapped].text}"
        wrapped += 1
    if wrapped > 1:
        block.notes.append(f"title wrapped over lines {top[0].no}–{top[wrapped - 1].no}: joined")
    if anchor is None:
        block.lines = top[:wrapped]
        block.notes.append("no author or date line found; only the first line was taken as title")
        return block
    block.subtitle_lines = top[wrapped:first_meta]
    block.lines = top[: anchor + 1]
    return block


_MASTHEAD = re.compile(r"universit|faculty|facult|fakultät|faculteit|wydział|hochschule|hogeschool|instytut|department|págs?\.|pp\.|vol\.|no\. \d|issn", re.I)


def _masthead(text: str) -> bool:
    """A line above the title naming an institution, or a journal's line with its numbers."""
    alnum = [ch for ch in text if ch.isalnum()]
    digits = sum(ch.isdigit() for ch in alnum)
    return bool(_MASTHEAD.search(text)) or (len(alnum) > 0 and digits >= 4 and digits >= 0.25 * len(alnum))


def _person(text: str) -> bool:
    """A line naming the author: a name, perhaps after "by"/"door"/"von" or before an
    e-mail address or a role in brackets."""
    from .pdftitle import _split_author

    found = _split_author(text)
    return _name_like(text) or (found is not None and _name_like(found[1]))


def _split_author_line(block: TitleBlock, lines: list[Line], top: list[Line], k: int) -> None:
    """The author is the name alone: "by" before it is left out (reported), an address or
    a role after it stays in the text as a line of its own."""
    from .pdftitle import _split_author

    line = top[k]
    found = _split_author(line.text)
    if found is None:
        return
    prefix, name, rest = found
    if not prefix and not rest:
        return
    block.author = name
    if prefix:
        block.dropped = prefix  # type: ignore[attr-defined]
        block.notes.append(f"line {line.no}: “{prefix.strip()}” before the author's name left out")
    if rest:
        head = Line(line.no, name, page=line.page)
        tail = Line(line.no, rest, page=line.page, indented=line.indented)
        at = next(j for j, other in enumerate(lines) if other is line)
        lines[at : at + 1] = [head, tail]
        top[k] = head
        block.notes.append(f"line {line.no}: “{rest}” after the author's name kept in the text")


def _runs_on(line: str, nxt: str, lang: str | None) -> bool:
    from .language import common_words

    last = line.rstrip().split()[-1].casefold() if line.split() else ""
    small = common_words(lang, 60) if lang else frozenset()
    return last in small or line.rstrip()[-1:] in ",-‐" or nxt[:1].islower()
