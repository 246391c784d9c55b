"""The title block of a PDF, from its type: the largest lines at the top of the first page
are the title (however many lines it wraps over), smaller display type right below it the
subtitle, a line that names a person the author ("by", "von", "door", "par" stripped), a
line ending in a date the date. Institution, faculty, degree and academic-year lines are
recognised and left in the text (reported), never taken as the title.
"""

from __future__ import annotations

import re

from .lines import Line
from .titleblock import TitleBlock, _parse_date

ZONE = 14  # the title block is among the first lines of the first page
_BY = re.compile(r"^(?:by|von|door|par|présenté par|presentado por|przez)\s+", re.I)  # not "de", "di": name particles
_INSTITUTION = re.compile(
    r"universit|hochschule|hogeschool|faculty|facult|fakultät|faculteit|wydział|instytut|institut|"
    r"department|departement|département|school of|college|akademie|academy|thesis|these|thèse|"
    r"proefschrift|dissertation|masterarbeit|bachelorarbeit|praca (?:magisterska|licencjacka|doktorska)|"
    r"academic year|studiejaar|année universitaire|promotor|betreuer|supervisor|directeur|nr albumu|"
    r"government|gouvernement|regierung|ministry|ministère|ministerie|ministerium|natural resources|"
    r"ressources naturelles|centre|center|zentrum|agency|agence|society|société|gesellschaft|"
    r"association|vereniging|verein|\binc\b|\bltd\b|gmbh|corporation",
    re.I,
)
_EMAIL = re.compile(r"\s*[<(]?\S+@\S+\.[a-z]{2,}[>)]?")
_NAME_WORD = re.compile(r"^(?:[A-ZÀ-ÖØ-ÞĀ-ſ][\w'’.\-]*|de|van|von|der|den|di|da|du|le|la|y|e|ten|ter|zu|dos|des)$")


def read_pdf_title_block(lines: list[Line], body_size: float, lang: str | None) -> TitleBlock:
    block = TitleBlock()
    page = _title_page(lines, body_size)
    offset = next((k for k, line in enumerate(lines) if line.page == page), 0)
    first_page = [line for line in lines[offset : offset + ZONE] if line.page == page]
    zone = _zone(first_page, body_size)
    if not zone:
        return block
    whole = [line for line in lines[offset:] if line.page == page]
    reordered, zone = _display_frame_first(whole, zone, body_size)
    if reordered is not whole:
        first_page = reordered[:ZONE]
    top = max(line.size for line in zone)
    if top < 1.1 * body_size and not zone[0].bold:
        return block
    i = next(i for i, line in enumerate(zone) if line.size == top)
    title_lines = [zone[i]]
    # a wrapped title keeps its leading; a line of the same type after a wide gap ("Edition 1.0",
    # a date set as large) is not the title's
    while i + 1 < len(zone) and zone[i + 1].size == top and not _wide_gap(zone[i], zone[i + 1]):
        i += 1
        title_lines.append(zone[i])
    broken = _broken_title(title_lines, lang)
    forced_sub = title_lines[broken:] if broken else []
    if broken:
        title_lines = title_lines[:broken]
        block.notes.append(f"line {forced_sub[0].no}: the title's type broken after a short first line, the rest opening with a capital: a subtitle")
    used = list(title_lines)
    block.title = " ".join(line.text for line in title_lines).strip()
    block.title = re.sub(r"[∗*†‡]+$", "", block.title).strip() or block.title
    rest = zone[i + 1:]
    marks = re.search(r"(?:\s*\[\d+\])+$", block.title)
    if marks:  # a note called from the title stays a note, at the end
        block.marks = marks.group(0)  # type: ignore[attr-defined]
        block.title = block.title[: marks.start()]
        block.notes.append(f"note {marks.group(0).strip()} is called from the title: kept as a paragraph at the end")
    sub = list(forced_sub)
    for line in [] if forced_sub else rest:
        if (
            body_size * 1.05 < line.size < top
            and not _INSTITUTION.search(line.text)
            and _split_author(line.unraised or line.text) is None
            and not _parse_date(line.text, lang)
            and (not sub or line.size == sub[0].size)
        ):
            sub.append(line)
        else:
            break
    if sub:
        block.subtitle_lines = sub
        used += sub
    authors: list[str] = []
    last_author = None
    by = ""
    date_line = None
    for line in zone:
        if any(line is u for u in used):
            continue
        text = line.text
        if _INSTITUTION.search(text):
            block.notes.append(f"line {line.no}: institution or degree “{text}” kept in the text")
            continue
        found = _split_author(line.unraised or text)
        if found is None and line.bold and line.size <= 1.05 * body_size:
            break  # a heading in the body's type: what follows (a story's byline) is not the title block's
        if found and (not authors or last_author is _previous(zone, line)):
            if line.unraised:  # "Pal^a,∗": affiliation letters and note marks raised after the names
                at = next(k for k, other in enumerate(lines) if other is line)
                plain = Line(line.no, line.unraised, page=line.page, size=line.size, top=line.top, bottom=line.bottom)
                lines[at] = zone[zone.index(line)] = plain
                block.notes.append(f"line {line.no}: the raised marks after the author's names left out: “{text}”")
                line = plain
            last_author = line
            prefix, name, rest = found
            if prefix:
                by += prefix
                block.notes.append(f"line {line.no}: “{prefix.strip()}” before the author's name left out")
            authors.append(name)
            if rest:  # an address or a parenthesis stays in the text as a line of its own
                at = next(k for k, other in enumerate(lines) if other is line)
                head = Line(line.no, name, page=line.page, size=line.size)
                tail = Line(line.no, rest, page=line.page, size=line.size, heading=False)
                lines[at : at + 1] = [head, tail]
                line = head
            used.append(line)
            continue
        if block.date is None and (parsed := _parse_date(text, lang)):
            before, written, iso = parsed
            if not before.strip():
                block.date, block.date_text = iso, written
                date_line = line
    if not authors and date_line is not None:
        # \maketitle's order: title, author, date: a short line in display type right above
        # the date names the author even when it is not a person's name ("Die … Mannschaft")
        before = _previous(zone, date_line)
        if (
            before is not None
            and not any(before is u for u in used)
            and before.size > 1.05 * body_size
            and not any(ch.isdigit() for ch in before.text)
            and len(before.text.split()) <= 6
            and "@" not in before.text
            and not _INSTITUTION.search(before.text)
            and before.text[-1:].isalpha()
        ):
            authors.append(before.text)
            used.append(before)
            block.notes.append(f"line {before.no}: author taken from the line above the date: “{before.text}”")
    if authors:
        block.author = ", ".join(authors)
        block.dropped = by  # type: ignore[attr-defined]
    if date_line is not None:
        used.append(date_line)
    block.lines = used  # in the order title, subtitle, author, date
    # The title page's other lines are not section headings; below the title block they may be.
    last = max((k for k, line in enumerate(zone) if any(line is u for u in used)), default=-1)
    whole_page = len(zone) == len(first_page) and (len(lines) <= offset + len(zone) or lines[offset + len(zone)].page != page)
    for k, line in enumerate(zone):
        last_before_prose = k == len(zone) - 1 and not whole_page
        numbered = bool(re.match(r"^\d+(?:\.\d+)*\.?\s+\S", line.text))
        body_heading = k > last and line.bold and line.size <= 1.05 * body_size  # below the title block, in the body's heading type
        if whole_page or k <= last or _INSTITUTION.search(line.text) or not (last_before_prose or numbered or body_heading):
            line.heading = False
    if block.title:
        block.notes.append(f"title from the largest type on the first page: “{block.title}”")
    return block


def _display_frame_first(page: list[Line], zone: list[Line], body_size: float) -> tuple[list[Line], list[Line]]:
    """A layout program may write the title's frame last (InDesign): the page's largest type,
    set above the first lines read, opens the title block wherever it stands in the text."""
    big = max(page, key=lambda line: line.size)
    if any(big is line for line in zone) or big.size < 1.5 * body_size or not (big.top and zone[0].top) or big.top >= zone[0].top:
        return page, zone
    at = next(k for k, line in enumerate(page) if line is big)
    start = at
    while start > 0 and page[start - 1].bottom and page[start - 1].bottom <= big.top + 1 and len(page[start - 1].text) < 60:
        start -= 1  # a date or a rubric set above the title, in the same frame
    reordered = page[start:] + page[:start]
    return reordered, _zone(reordered, body_size)


def _title_page(lines: list[Line], body_size: float) -> int:
    """The page that carries the title: the first page, unless its largest type makes no words
    (a cover's logo letters, "CS G U T") and one of the next two pages has a title in display type."""
    pages = list(dict.fromkeys(line.page for line in lines))[:3]
    for page in pages:
        offset = next(k for k, line in enumerate(lines) if line.page == page)
        zone = _zone([line for line in lines[offset : offset + ZONE] if line.page == page], body_size)
        if not zone:
            continue
        top = max(line.size for line in zone)
        if top < 1.1 * body_size and not zone[0].bold:
            continue
        words = " ".join(line.text for line in zone if line.size == top).split()
        if any(sum(ch.isalpha() for ch in word) >= 3 for word in words):
            return page
    return pages[0] if pages else 0


def _zone(first_page: list[Line], body_size: float) -> list[Line]:
    """The lines above the first line of running prose on the first page."""
    zone = []
    for k, line in enumerate(first_page):
        nxt = first_page[k + 1] if k + 1 < len(first_page) else None
        prose = len(line.text) > 60 and not line.bold
        if prose and (line.size == body_size or (nxt is not None and nxt.size == line.size and len(nxt.text) > 40)):
            break  # a paragraph starts here, in whatever type
        zone.append(line)
    return zone


def _broken_title(title_lines: list[Line], lang: str | None) -> int:
    """Where the author broke a title by hand: a first line well short of the next, not ending
    on a connecting word, the next opening with a capital ("The FixLtxHyph package" / "A small
    fix in order to …"). A title wrapped by the typesetter fills its first line."""
    from .language import common_words

    if len(title_lines) < 2:
        return 0
    first, second = title_lines[0].text, title_lines[1].text
    last_word = re.sub(r"\W+$", "", first.split()[-1].casefold()) if first.split() else ""
    if (
        len(first) < 0.75 * len(second)
        and second[:1].isupper()
        and first[-1:].isalnum()
        and last_word not in common_words(lang, 200)
        and len(first.split()) >= 2
    ):
        return 1
    return 0


def _wide_gap(above: Line, below: Line) -> bool:
    """More white between two lines than a line of their type (text input has no positions)."""
    return bool(above.bottom and below.top) and below.top - above.bottom > max(above.size, below.size)


def _previous(zone: list[Line], line: Line) -> Line | None:
    for k, other in enumerate(zone):
        if other is line:
            return zone[k - 1] if k else None
    return None


def _split_author(text: str) -> tuple[str, str, str] | None:
    """(prefix such as "by ", the person's name, what follows: an address, a parenthesis, a
    note mark) if the line names a person."""
    m = _BY.match(text)
    prefix = m.group(0) if m else ""
    rest_start = len(text)
    for pattern in (_EMAIL, re.compile(r"\s*\([^)]*\)\s*$"), re.compile(r"[∗*†‡]+$")):
        found = pattern.search(text, len(prefix))
        if found:
            rest_start = min(rest_start, found.start())
    name = text[len(prefix) : rest_start].strip()
    if "@" in name or not _is_name(name):
        return None
    return prefix, name, text[rest_start:].strip()


def _is_name(text: str) -> bool:
    parts = [p.strip() for p in re.split(r",\s*|\s+(?:and|und|en|et|y|i|e)\s+|\s*&\s*", text) if p.strip()]
    if not parts or len(parts) > 5:
        return False
    for part in parts:
        words = part.split()
        if not 2 <= len(words) <= 5 or not all(_NAME_WORD.match(w) for w in words) or not words[0][:1].isupper():
            return False
        if any(ch.isdigit() for ch in part):
            return False
    return True
