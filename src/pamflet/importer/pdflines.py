"""From the PDF's layout to the importer's ``Line``s: paragraph starts from indents and
vertical space, headings from type size and weight, page starts; the notes become the
``[k] …`` lines of a notes section after the body.
"""

from __future__ import annotations

import re
from collections import Counter
from statistics import median

from .blocks import opens_list_item
from .lines import Line, ends_sentence
from .pagenotes import columns_of, page_body, starts_column
from .pdf import PdfDocument, PdfLine

HEADING_SIZE = 1.1  # type this much larger than the body's is display type
MAX_HEADING_WORDS = 18
_SECTION_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[A-Z]\.|[IVX]+\.)\s+\S")
_NUMBER_ONLY = re.compile(r"^[\divxlcIVXLC]+(?:\.[\dA-Za-z]+)*\.?$")


def to_lines(doc: PdfDocument, notes: dict[int, list[PdfLine]]) -> tuple[list[Line], list[Line], dict[int, int]]:
    """(body lines, note lines, heading level per body line number)."""
    body = doc.body_size
    leading = _leading(doc)
    left = _left_edges(doc)
    out: list[Line] = []
    levels: dict[int, int] = {}
    heading_sizes = _heading_sizes(doc)
    vocabulary = Counter(w.casefold() for page in doc.pages for pl in page for w in _WORD.findall(pl.text))
    no = 0
    for p, page in enumerate(doc.pages):
        pbody = page_body(page, body)
        title_zone = _title_zone(page, body) if p == 0 else 0
        prev: PdfLine | None = None
        group: list[PdfLine] = []
        for i, pl in enumerate(page):
            no += 1
            # back up the page: a new column (right of the last line: the paragraph may go on,
            # as across a page break) or a block set apart (a gap)
            new_column = starts_column(prev, pl)
            gap = prev is not None and not new_column and (pl.y0 - prev.y1 > leading + 0.35 * body or pl.y0 < prev.y0 - 2)
            edge = left.get(id(pl))
            indent = prev is not None and edge is not None and edge + 0.8 * body < pl.x0 < edge + 6 * body
            if indent and prev.x0 > edge + 0.8 * body and (abs(pl.x1 - prev.x1) < 2 or abs(pl.x0 + pl.x1 - prev.x0 - prev.x1) < 4):
                indent = False  # ragged left (set flush right or centred): a line's start says nothing
            if indent and not pl.mono and _hangs(prev, pl, page[i + 1] if i + 1 < len(page) else None, body, leading):
                indent = False  # a block set in (a quotation, a list item's hanging lines): not a first-line indent
            # a heading at a page's foot is judged by what opens the next page
            seen = page + doc.pages[p + 1][:1] if i + 1 == len(page) and p + 1 < len(doc.pages) else page
            heading = _heading_like(pl, seen, i, pbody, leading) and not _ornament(pl.text, vocabulary)
            line = Line(no, pl.text, indented=indent, gap_before=bool(gap or indent or (prev is not None and (heading or _heading_like(prev, page, i - 1, pbody, leading)))), page_start=prev is None, page=pl.page, heading=heading, size=pl.size, bold=pl.bold,
                        top=pl.y0, bottom=pl.y1, unraised=_unraised(pl))
            # a heading set over two lines is one heading
            dash_run = bool(group) and bool(re.search(r"\s[-–—]$", group[-1].text))  # "The Buried Moon -" / "An English Fairy Tale"
            if (heading or dash_run) and (i >= title_zone or dash_run) and out and getattr(out[-1], "heading", False) and group and prev is not None and _continues_heading(group[-1], pl, leading):
                out[-1].text = f"{out[-1].text} {pl.text}"
                group.append(pl)
                prev = pl
                continue
            if heading:
                group = [pl]
                levels[no] = (conference_level(pl) if _conference_heading(pl, page, i, pbody, leading) else None) or 2 + min(_level(pl, body, heading_sizes), 2)
            out.append(line)
            prev = pl
    _chapter_labels(out, levels)
    _repeated_labels(out, levels)
    note_lines: list[Line] = []
    for k, lines in notes.items():
        for j, pl in enumerate(lines):
            no += 1
            note_lines.append(Line(no, pl.text, page=pl.page))
    return out, note_lines, levels


def _title_zone(page: list[PdfLine], body: float) -> int:
    """How many lines at the top of the first page stand above its first paragraph: the title
    block reads them one by one (a title, an author, an affiliation are not one heading)."""
    for k, pl in enumerate(page):
        nxt = page[k + 1] if k + 1 < len(page) else None
        if len(pl.text) > 60 and not pl.bold and (pl.size == body or (nxt is not None and nxt.size == pl.size and len(nxt.text) > 40)):
            big = max(page, key=lambda line: line.size)
            if k and big.size >= 1.5 * body and all(line is not big for line in page[:k]) and big.y0 < page[0].y0:
                return 0  # the title's frame comes later in the text (see pdftitle._display_frame_first)
            return k
    return len(page)


def _heading_sizes(doc: PdfDocument) -> list[int]:
    """Display type sizes used on more than one page, largest first (the title's size alone on
    the first page is not a heading level)."""
    pages_by_size: dict[int, set[int]] = {}
    for p, page in enumerate(doc.pages):
        for i, l in enumerate(page):
            if l.size >= HEADING_SIZE * doc.body_size and _heading_like(l, page, i, doc.body_size, 0.2 * doc.body_size):
                pages_by_size.setdefault(round(l.size), set()).add(p)
    sizes = sorted(pages_by_size, reverse=True)
    if len(sizes) > 1 and pages_by_size[sizes[0]] == {0}:
        sizes = sizes[1:]
    return sizes


def _leading(doc: PdfDocument) -> float:
    gaps = []
    for page in doc.pages[:50]:
        for a, b in zip(page, page[1:]):
            if a.size == doc.body_size == b.size and 0 < b.y0 - a.y0 < 3 * doc.body_size:
                gaps.append(b.y0 - a.y1)
    return median(gaps) if gaps else 0.2 * doc.body_size


_REFERENCE = re.compile(r"^\[\d{1,3}\]\s")


_ROMAN_HEADING = re.compile(r"^(?:[IVX]{1,5})\.\s+(?=\S)")
_LETTER_HEADING = re.compile(r"^[A-H]\.\s+(?=[^\W\d_])")


def _conference_heading(pl: PdfLine, page: list[PdfLine], i: int, body: float, leading: float) -> bool:
    """IEEE's and ACM's headings, in body type or smaller: a Roman number before words in
    (small) capitals ("I. EINLEITUNG"), or a capital letter before words in italics
    ("A. Motivation"), short, with space above."""
    roman, letter = _ROMAN_HEADING.match(pl.text), _LETTER_HEADING.match(pl.text)
    if not (roman or letter) or pl.mono or len(pl.text.split()) > 10 or pl.size < 0.7 * body:
        return False
    above = page[i - 1] if i else None
    if above is not None and above.y0 < pl.y0 and above.y1 > pl.y0 - leading - 0.35 * body:
        return False  # no space above (a page's or column's first line has none to show): a list item, an initial ("A. Nicole Clowers")
    rest = pl.text[(roman or letter).end():]
    if roman:
        return rest.upper() == rest and any(ch.isalpha() for ch in rest)
    return pl.italic and not ends_sentence(rest)


def conference_level(pl: PdfLine) -> int | None:
    """The level of a conference heading: a Roman number a section, a letter a subsection."""
    return 2 if _ROMAN_HEADING.match(pl.text) else 3 if _LETTER_HEADING.match(pl.text) else None


def _hangs(prev: PdfLine, pl: PdfLine, nxt: PdfLine | None, body: float, leading: float) -> bool:
    """Whether a line set in from the left edge belongs to a block set in (a quotation, a
    list item's lines hanging under its text) rather than opening a paragraph: a first-line
    indent is one line further in than the next, and than the line before it unless that
    opens a list item or a numbered reference ("[1] E. Attneave, …")."""
    if abs(pl.x0 - prev.x0) < 1 or (pl.x0 > prev.x0 + 1 and (opens_list_item(prev.text) or _REFERENCE.match(prev.text))):
        return True
    return (nxt is not None and abs(nxt.x0 - pl.x0) < 0.8 * body and not nxt.mono
            and 0 <= nxt.y0 - pl.y1 < leading + 0.35 * body)  # the next line, close below, starts as far in


def _left_edges(doc: PdfDocument) -> dict[int, float]:
    """Each line's left edge of the text (by ``id``): where most body lines of its column start
    (columns cut where reading order goes back up and to the right). None for a column set
    ragged left (flush right, centred: under three in ten lines start at one place), whose
    lines' starts say nothing of paragraphs."""
    edges = {}
    for page in doc.pages:
        for column in columns_of(page):
            xs = Counter(round(l.x0) for l in column if l.size == doc.body_size)
            if not xs:
                continue
            x, count = xs.most_common(1)[0]
            near = sum(n for other, n in xs.items() if abs(other - x) <= 1)
            if near >= 0.3 * sum(xs.values()) or sum(xs.values()) < 5:
                edges.update((id(line), float(x)) for line in column)
    return edges


def _heading_like(pl: PdfLine, page: list[PdfLine], i: int, body: float, leading: float) -> bool:
    text = pl.text
    words = text.split()
    if not words or len(words) > MAX_HEADING_WORDS or not any(ch.isalpha() for ch in text):
        return False
    if _NUMBER_ONLY.match(text):
        return False
    dash = bool(re.search(r"(?:\s[-–—]|--)$", text))  # a dash ("The Buried Moon -", "If--"), not a word broken off
    if (text[-1] in ",;-–(" and not dash) or (ends_sentence(text) and not text.endswith("?") and not text.endswith(":") and not re.search(r"\d\.$", text)):
        return False
    big = pl.size >= HEADING_SIZE * body
    numbered = bool(_SECTION_NUMBER.match(text))
    first = re.sub(r"^[\d.]+\s*", "", text)[:1]
    if first and not numbered and not (first.isupper() or first.isdigit() or not first.isalpha()):
        if not big or len(words) > 4:
            return False  # lower case: a heading only in display type and short ("enumerate neu starten")
    # bold headings may be set a little smaller than the body (a sans face); a heading in
    # body type needs a section number of two levels or more (2.2.1) and space above it
    sub_numbered = bool(re.match(r"^\d+\.\d+(?:\.\d+)*\.?\s+\S", text)) and not pl.mono and pl.size >= 0.97 * body
    if sub_numbered and i and page[i - 1].y1 < pl.y0 - leading - 0.35 * body and len(words) <= 12:
        return not _table_row(pl)
    if _conference_heading(pl, page, i, body, leading):
        return not _table_row(pl)
    if not big and (not pl.bold or pl.size < 0.85 * body or pl.mono):
        return False
    if _table_row(pl):
        return False
    prev = page[i - 1] if i else None
    nxt = page[i + 1] if i + 1 < len(page) else None
    if dash and nxt is not None and nxt.bold and abs(nxt.size - pl.size) < 0.3 and i + 2 < len(page):
        nxt = page[i + 2]  # the heading goes on after its dash: judged by what follows it
    if not big:
        # bold in body type: a heading only when it stands apart, above prose that is not bold
        if text.endswith(":"):
            return False
        if prev is not None and prev.y1 > pl.y0 - leading - 0.35 * body and prev.bold == pl.bold and prev.size == pl.size:
            return False
        if nxt is None or nxt.bold or len(words) > 12:
            return False
        if pl.x1 - pl.x0 > 0.85 * _column_width(page, body):
            return False  # a bold line as wide as the text runs on: bold prose
    if big:
        # display type running over several full lines is prose set large (a box, an
        # abstract), not a heading
        col = _column_width(page, body)
        def full(other: PdfLine | None) -> bool:
            return other is not None and abs(other.size - pl.size) < 0.3 and other.x1 - other.x0 > 0.8 * col
        if ((full(prev) and full(nxt)) or (full(pl) and full(nxt) and not numbered) or (full(prev) and full(pl) and not numbered)) and not _bold_heading_run(page, i):
            return False
    # runs of short display-type lines side by side are a table or a figure, not headings
    if prev is not None and abs(prev.y0 - pl.y0) < 2 and prev is not pl:
        return False
    return True


_WORD = re.compile(r"[^\W\d_]+")
_LONE_NUMBER = re.compile(r"^[IVXLC]{1,6}\.?$")


def _ornament(text: str, vocabulary: Counter) -> bool:
    """Letters of a dingbat font set as a rule or a border ("kikikiki", "HBCEAK KLDSC"): no word
    that is not a run of repeated letters ("gtgtgt") or vowel-less found elsewhere in the document, and one such."""
    words = _WORD.findall(text)
    own = Counter(w.casefold() for w in words)
    strange = {w for w in own if re.search(r"(...?)\1\1", w) or (len(w) >= 4 and not re.search(r"[aeiouyäöüéèáàíóúâêîôû]", w))}
    return bool(strange) and all(w in strange or vocabulary[w] == n for w, n in own.items())


def _bold_heading_run(page: list[PdfLine], i: int) -> bool:
    """Two or three bold lines of one type filling the column, then smaller type: a long
    heading wrapped ("The Administration Needs to Fully Develop and / Implement …"), not prose set large."""
    pl = page[i]
    if not pl.bold:
        return False
    same = lambda other: other.bold and abs(other.size - pl.size) < 0.3  # noqa: E731
    a = i
    while a > 0 and same(page[a - 1]) and page[a - 1].y1 <= pl.y0 + 1:
        a -= 1
    b = i + 1
    while b < len(page) and same(page[b]) and page[b].y0 >= page[b - 1].y0:
        b += 1
    return b - a <= 3 and b < len(page) and page[b].size < pl.size - 0.3 and not page[b].bold


def _table_row(pl: PdfLine) -> bool:
    """Words spread over the width with wide gaps between them: a table row."""
    spans = [sp for sp in pl.spans if sp.text.strip()]
    return any(b.x0 - a.x1 > 2.5 * pl.size for a, b in zip(spans, spans[1:]))


_WIDTHS: dict[int, float] = {}


def _column_width(page: list[PdfLine], body: float) -> float:
    key = id(page)
    if key in _WIDTHS and _WIDTHS[key][0] is page:
        return _WIDTHS[key][1]
    widths = sorted(l.x1 - l.x0 for l in page if l.size == body)
    width = widths[int(0.9 * (len(widths) - 1))] if widths else 1e9
    _WIDTHS.clear()
    _WIDTHS[key] = (page, width)
    return width


def _continues_heading(a: PdfLine, b: PdfLine, leading: float) -> bool:
    return abs(a.size - b.size) < 0.3 and a.bold == b.bold and b.y0 - a.y1 < leading + 0.5 * a.size and not a.text.endswith(":")


def _level(pl: PdfLine, body: float, sizes: list[int]) -> int:
    """0, 1, 2 for ##, ###, ####: the section number's depth, else the rank of the type size."""
    m = re.match(r"^(\d+(?:\.\d+)*)\.?\s", pl.text)
    if m:
        return min(m.group(1).count("."), 2)
    if round(pl.size) in sizes:
        return min(sizes.index(round(pl.size)), 2)
    return min(len(sizes), 2)


def _unraised(pl: PdfLine) -> str:
    """The line without its raised spans (note marks, affiliation letters), when it has any."""
    if not any(span.superscript for span in pl.spans):
        return ""
    return re.sub(r"\s+", " ", "".join(span.text for span in pl.spans if not span.superscript)).strip()


def _repeated_labels(out: list[Line], levels: dict[int, int]) -> None:
    """The same words set as a heading three times or more, each time over the same line
    ("Code List" / "«CodeList»" in the boxes of UML diagrams, nearly always): labels of a figure, not sections
    ("Exercises" closing each chapter opens different text each time)."""
    seen: dict[str, list[str]] = {}
    for line, nxt in zip(out, out[1:]):
        if line.heading:
            seen.setdefault(line.text.strip().casefold(), []).append(nxt.text.strip())
    labels = {text for text, after in seen.items() if len(after) >= 3 and max(after.count(a) for a in after) >= 0.75 * len(after)}
    for line in out:
        if line.heading and line.text.strip().casefold() in labels:
            line.heading = False
            levels.pop(line.no, None)


def _chapter_labels(out: list[Line], levels: dict[int, int]) -> None:
    """"Appendix A" / "Summary of the 3d package": the label above a title is a line of its
    own, the title the heading (as in text input)."""
    from .textheadings import _CHAPTER_LABEL

    for line, nxt in zip(out, out[1:]):
        if line.heading and _CHAPTER_LABEL.match(line.text) and nxt.page == line.page and len(nxt.text.split()) <= 14 and nxt.text[:1].isupper() and not ends_sentence(nxt.text):
            line.heading, nxt.heading = False, True
            if line.no in levels:
                levels[nxt.no] = levels.pop(line.no)
    # a chapter number alone on its line ("III", "Chapter 3") over a title set in capitals, in
    # the body's type, with space below it: the capitals are the chapter's heading
    for k, (line, nxt) in enumerate(zip(out, out[1:])):
        after = out[k + 2] if k + 2 < len(out) else None
        if (
            not line.heading and not nxt.heading and (_LONE_NUMBER.match(line.text) or _CHAPTER_LABEL.match(line.text))
            and nxt.page == line.page and nxt.text.isupper() and 2 <= len(nxt.text.split()) <= 14 and not ends_sentence(nxt.text)
            and after is not None and after.gap_before and not after.text.isupper()
        ):
            nxt.heading = True
            levels[nxt.no] = 2
