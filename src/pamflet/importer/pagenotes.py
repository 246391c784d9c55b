"""Page-foot footnotes in a PDF: the block of small type below the body at the foot of a page,
each note opening with its mark, the matching call a raised small mark in the body.

A note is taken only when the body of its page calls it (a superscript with the same mark,
or the mark glued after a word when it is the next expected number); small type at a page
foot that nobody calls (code listings, table notes, captions) stays in the text. A foot
block that opens without a mark continues the previous page's last note. Notes are numbered
anew through the document (a book whose notes restart per chapter gets one sequence); the
call becomes ``[k]`` and the note's first line ``[k] …``, the shape the rest of the importer
reads as a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lines import ends_sentence
from .pdf import PdfDocument, PdfLine

SMALL = 0.93  # note type is smaller than this share of the body type
_MARK = re.compile(r"^\s*(\d{1,3}|[*∗†‡§¶]{1,3}|[a-z])\s*$")
_LEAD_MARK = re.compile(r"^(\d{1,3}|[*∗†‡§¶]{1,3})(?:[.)]\s*|\s+)(?=\S)")


@dataclass
class PageNotes:
    notes: dict[int, list[PdfLine]] = field(default_factory=dict)
    labels: dict[int, str] = field(default_factory=dict)  # the mark as printed
    unmatched: list[str] = field(default_factory=list)  # for the report
    glued_calls: list[str] = field(default_factory=list)


def extract_notes(doc: PdfDocument) -> PageNotes:
    """Take the notes out of ``doc.pages``."""
    for p, page in enumerate(doc.pages):
        doc.pages[p] = _foot_block_last(page, page_body(page, doc.body_size))
    styles: dict[str, int] = {}
    for p, page in enumerate(doc.pages):
        main, foot = _split_foot(page, page_body(page, doc.body_size), doc.heights[p])
        if not foot:
            continue
        calls = _calls(main)
        for line in foot:
            label, how = _opening_mark(line)
            if label is not None and label in calls:
                styles[how] = styles.get(how, 0) + 1
    style = max(styles, key=styles.get) if styles else None  # no superscript calls: either shape
    return _extract(doc, style)


def _extract(doc: PdfDocument, style: str | None) -> PageNotes:
    result = PageNotes()
    body = doc.body_size
    k = 0
    last_note: int | None = None
    for p, page in enumerate(doc.pages):
        main, foot = _split_foot(page, page_body(page, body), doc.heights[p])
        if not foot:
            last_note = None if page else last_note
            continue
        calls = _calls(main)
        opened: list[tuple[int, str, str]] = []  # (index in foot, label, how)
        for i, line in enumerate(foot):
            label, how = _opening_mark(line)
            if label is not None and (style is None or how == style) and (label in calls or _glued_call(main, label, k + 1 + len(opened))):
                opened.append((i, label, how))
        if not opened and last_note is None:
            continue
        if not opened and not _looks_like_notes(foot):
            continue
        # Lines before the first mark continue the previous page's last note.
        first = opened[0][0] if opened else len(foot)
        if first and last_note is not None and _continues(result.notes[last_note][-1], foot[0]):
            result.notes[last_note].extend(foot[:first])
        elif first:
            if not opened:
                continue  # small type at the foot with nothing to continue: leave the page alone
            main = main + foot[:first]
        for j, (i, label, how) in enumerate(opened):
            k += 1
            end = opened[j + 1][0] if j + 1 < len(opened) else len(foot)
            note_lines = foot[i:end]
            if j + 1 == len(opened):
                # the last note ends at a wide gap: what stands below it is not the note's
                for m in range(1, len(note_lines)):
                    if note_lines[m].y0 - note_lines[m - 1].y1 > 1.2 * note_lines[m].size:
                        main = main + note_lines[m:]
                        note_lines = note_lines[:m]
                        break
            _strip_mark(note_lines[0], how, k)
            result.notes[k] = note_lines
            result.labels[k] = label
            if label in calls:
                span = calls[label].pop(0)
                span.text = f"[{k}]"
                if not calls[label]:
                    del calls[label]
            else:
                _replace_glued(main, label, k)
                result.glued_calls.append(f"page {p + 1}: note {label} called by a digit glued to a word")
            last_note = k
        doc.pages[p] = main
        for line in main:
            line.finish()
    return result


def _foot_block_last(page: list[PdfLine], body: float) -> list[PdfLine]:
    """A page whose text frames a layout program wrote out of order (InDesign: the notes' frame
    before the figure, the sidebar and the title's) gets its foot block back at the end: a run
    of small lines opening with a mark, below every line of body type on the page."""
    bottom = max((line.y1 for line in page if line.size >= 0.97 * body), default=None)
    if bottom is None:
        return page
    i = 0
    while i < len(page):
        line = page[i]
        if line.size < SMALL * body and line.y0 > bottom - 1 and _opening_mark(line)[0] is not None:
            j = i + 1
            while j < len(page) and page[j].size < SMALL * body and page[j].y0 > bottom - 1 and abs(page[j].x0 - line.x0) < 3 * body:
                j += 1
            if j == len(page) or all(other.size < SMALL * body for other in page[j:]):
                return page  # already at the end (or only small type follows it)
            return page[:i] + page[j:] + page[i:j]
        i += 1
    return page


def page_body(page: list[PdfLine], body: float) -> float:
    """The type size of this page's prose (a page of tables or of notes may differ from the
    document's)."""
    sizes: dict[float, int] = {}
    for line in page:
        if len(line.text) > 40 and not line.mono:
            sizes[line.size] = sizes.get(line.size, 0) + len(line.text)
    if not sizes:
        return body
    best = max(sizes, key=sizes.get)
    return max(best, body)


def starts_column(prev: PdfLine | None, line: PdfLine) -> bool:
    """Reading order goes back up and to the right of the last line: a new column."""
    return prev is not None and line.y0 < prev.y0 - 2 and line.x0 >= prev.x1 - 5


def columns_of(page: list[PdfLine]) -> list[list[PdfLine]]:
    """The page's lines cut into columns (``starts_column``)."""
    columns: list[list[PdfLine]] = [[]]
    for line in page:
        if starts_column(columns[-1][-1] if columns[-1] else None, line):
            columns.append([])
        columns[-1].append(line)
    return columns


def _split_foot(page: list[PdfLine], body: float, height: float) -> tuple[list[PdfLine], list[PdfLine]]:
    """(the page without its foot notes, the foot blocks' lines in reading order): the block
    of small type that ends the page and, in two columns, one that ends an earlier column
    (LaTeX sets a note at the foot of its call's column, and the next column follows it in
    reading order) when it reaches the page's foot and opens with a mark the page calls."""
    start = _foot_start(page, body, height)
    rest, tail = (page, []) if start is None else (page[:start], page[start:])
    columns = columns_of(rest)
    bottom = max((line.y1 for line in page), default=0.0)
    calls = _calls(rest)
    main: list[PdfLine] = []
    foot: list[PdfLine] = []
    for column in columns[:-1]:
        at = _foot_start(column, body, height)
        if at is not None and _opening_mark(column[at])[0] in calls and column[-1].y1 >= bottom - 2 * body:
            main += column[:at]
            foot += column[at:]
        else:
            main += column
    return main + columns[-1], foot + tail


def _foot_start(page: list[PdfLine], body: float, height: float) -> int | None:
    """Index of the first line of the small-type block that ends the page, if any."""
    i = len(page)
    while i > 0 and page[i - 1].size < SMALL * body and page[i - 1].size > 0:
        i -= 1
    if i == len(page) or i == 0:
        return None
    # The notes begin after the widest vertical gap (the rule and space above them); small
    # type above that gap (a quotation, a rule set small) is body text.
    # The first gap above a line that opens with a mark wins (a block below the notes, such
    # as a licence line, is not where they start).
    best, widest = i, -1.0
    for j in range(i, len(page)):
        gap = page[j].y0 - page[j - 1].y1
        if gap > widest + 0.5:
            best, widest = j, gap
    for j in range(i, len(page)):
        gap = page[j].y0 - page[j - 1].y1
        if gap >= -0.5 and _opening_mark(page[j])[0] is not None and (j == i or gap >= 0.4 * page[j].size):
            best, widest = j, max(gap, 0.4 * page[j].size)  # the change to small type is the break
            break
    if widest < 0.4 * page[best].size:
        return None
    if page[best].y0 < 0.45 * height:
        return None
    # the block must sit below the body lines of its column (in two columns, the notes at the
    # foot of the right column stand beside the left column's last lines)
    x0, x1 = min(line.x0 for line in page[best:]), max(line.x1 for line in page[best:])
    above = [line.y1 for line in page[:best] if line.x1 > x0 + 1 and line.x0 < x1 - 1 and line.y0 < page[best].y0]
    if above and page[best].y0 < max(above) - 1:
        return None
    return best


def _calls(main: list[PdfLine]) -> dict[str, list]:
    calls: dict[str, list] = {}
    for line in main:
        for span in line.spans:
            if span.superscript:
                m = _MARK.match(span.text)
                if m:
                    calls.setdefault(m.group(1), []).append(span)
    return calls


def _opening_mark(line: PdfLine) -> tuple[str | None, str]:
    first = next((s for s in line.spans if s.text.strip()), None)
    if first is None:
        return None, ""
    rest = [s for s in line.spans if s is not first and s.text.strip()]
    if not first.superscript and first.text.strip().isdigit() and rest and sum(len(s.text) for s in rest if s.mono) > 0.5 * sum(len(s.text) for s in rest):
        return None, ""  # a numbered line of a code listing (its number not raised), not a note
    m = _MARK.match(first.text)
    if m and (first.superscript or first.size < 0.9 * line.size or len(line.spans) > 1):
        return m.group(1), "span"
    m = _LEAD_MARK.match(line.text)
    if m:
        return m.group(1), "text"
    return None, ""


def _strip_mark(line: PdfLine, how: str, k: int) -> None:
    if how == "span":
        first = next(s for s in line.spans if s.text.strip())
        first.text = f"[{k}] "
    else:
        first = next(s for s in line.spans if s.text.strip())
        if re.fullmatch(r"\s*(\d{1,3}|[*∗†‡§¶]{1,3})[.)]?\s*", first.text):
            first.text = f"[{k}] "
        else:
            first.text = _LEAD_MARK.sub(f"[{k}] ", first.text.lstrip(), count=1)
    line.finish()


def _continues(last: PdfLine, line: PdfLine) -> bool:
    """A note runs on to the next page when it broke off mid-sentence."""
    if abs(last.size - line.size) > 0.3 or line.mono != last.mono:
        return False
    return not ends_sentence(last.text) or line.text[:1].islower()


def _looks_like_notes(foot: list[PdfLine]) -> bool:
    return len(foot) <= 12


def _glued_pattern(label: str) -> re.Pattern[str]:
    if not label.isdigit():  # "cinq**": a symbol glued to the word, not part of a longer run
        return re.compile(r"(?<=[^\W\d_]|[.,;:!?)”’\"»])(?<![*∗†‡§¶])" + re.escape(label) + r"(?![*∗†‡§¶])")
    return re.compile(r"(?:(?<=[^\W\d_]{2})|(?<=[.,;:!?)”’\"»«\]])(?<!\d[.,:]))" + re.escape(label) + r"(?=[\s.,;:)]|$)")


def _glued_call(main: list[PdfLine], label: str, expected: int) -> bool:
    if label.isdigit() and int(label) != expected:
        return False
    if label.isalpha():
        return False
    pattern = _glued_pattern(label)
    return any(pattern.search(line.text) for line in main)


def _replace_glued(main: list[PdfLine], label: str, k: int) -> None:
    pattern = _glued_pattern(label)
    for line in main:
        for span in line.spans:
            if pattern.search(span.text):
                span.text = pattern.sub(f"[{k}]", span.text, count=1)
                line.finish()
                return
