"""Helpers that read built outputs the way a reader or a checker would (used by the build tests)."""

from __future__ import annotations

import re
from pathlib import Path

from . import pdfread
from .conftest import pandoc_plain

WORD = re.compile(r"\w+(?:[-\u2010]\w+)*")


def norm(word: str) -> str:
    """Compare words without hyphens: a compound broken at the line end loses nothing else."""
    return re.sub("[-\u2010]", "", word)


def words(text: str) -> list[str]:
    return [norm(w) for w in WORD.findall(text)]


def markdown_body_and_notes(path: Path) -> tuple[str, dict[str, str]]:
    """The text of a Markdown file as pandoc reads it, and its notes' texts by label."""
    text = path.read_text(encoding="utf-8")
    if text.startswith("---\n"):
        text = text.split("\n---\n", 1)[1]
    notes = dict(re.findall(r"^\[\^([^\]]+)\]: (.*)$", text, re.M))
    body = re.sub(r"^\[\^[^\]]+\]: .*$", "", text, flags=re.M)
    # A reader sees each reference as its number, in order.
    numbers = iter(range(1, 1000))
    body = re.sub(r"\[\^[^\]]+\]", lambda m: str(next(numbers)), body)
    return pandoc_plain(body), {k: pandoc_plain(v).strip() for k, v in notes.items()}


def is_subsequence(needles: list[str], haystack: list[str]) -> tuple[bool, int]:
    """Do ``needles`` appear in ``haystack`` in order? Also the index of the first one missing."""
    it = iter(enumerate(haystack))
    for n, needle in enumerate(needles):
        for _, word in it:
            if word == needle:
                break
        else:
            return False, n
    return True, len(needles)


A5_HEIGHT = 595  # points
FOOT = 46  # the bottom margin below the text block (19 mm = 54 pt), where the folios are


def page_lines(pdf: Path, region: str = "page") -> list[list[str]]:
    """Each page's lines, top to bottom (hyphens left as they are).

    ``region`` "text" leaves out the bottom margin, where the folios are, and "foot" reads only it.
    """
    box = {"page": None, "text": (0, 0, 1000, A5_HEIGHT - FOOT), "foot": (0, A5_HEIGHT - FOOT, 1000, FOOT)}[region]
    return pdfread.page_lines(pdf, box)


def is_running_head(line: str, titles: list[str], shorts: tuple[str, ...] = ()) -> bool:
    """A recto's running head: a section title, its short form, or a title cut at a word with “…”."""
    line = line.strip()
    if line in titles or line in shorts:
        return True
    cut = line.removesuffix("\u2026")
    return cut != line and any(title.startswith(cut) and title[len(cut):][:1] in (" ", ",", ";", ":") for title in titles)


def text_pages(pdf: Path, book_title: str, section_titles: list[str], chapter_titles: list[str], notes: list[str] = (),
               index_titles: tuple[str, ...] = ("Register", "Registers", "Personenregister", "Index", "Indexes", "Index of names", "Index of subjects")) -> tuple[int, list[str]]:
    """The body's text page by page, without running heads, folios and footnotes.

    Returns the index of the first text page and each text page's remaining lines (folios
    are in the bottom margin, which is not read). Running
    heads follow the design: the book title on versos, the section title on rectos, none on
    a chapter's first page.
    """
    pages = [[l for l in lines if l.strip()] for lines in page_lines(pdf, "text")]
    first = (chapter_titles or section_titles)[0]
    start = next(i for i, lines in enumerate(pages) if i > 2 and lines[:1] == [first])
    cleaned = []
    for index, lines in enumerate(pages[start:-1], start=start):  # the last page is the back cover
        if lines[:1] and lines[0] in index_titles:
            break  # the back-of-book index follows the text
        opener = index == start or (lines[:1] and lines[0] in chapter_titles)
        if not opener and lines:
            if (index + 1) % 2 == 0 and lines[0] == book_title:
                lines = lines[1:]
            elif (index + 1) % 2 == 1 and is_running_head(lines[0], section_titles):
                lines = lines[1:]  # a running head is one line
        # Footnotes sit at the foot of the page, each line-led by "N. " and the note's first word.
        starts = tuple(f"{n}. {note.split()[0]}" for n, note in enumerate(notes, start=1))
        notes_at = next((i for i, l in enumerate(lines) if starts and l.startswith(starts)), len(lines))
        cleaned.append("\n".join(lines[:notes_at]))
    return start, cleaned


def joined_words(chunks: list[str], suspended: set[str] = frozenset()) -> list[str]:
    """The words of the PDF's text, a word broken at a line or page end joined again; except
    after a word the text writes with a hyphen and a space (``Arbeiders- en Boerenpartij``),
    which ``suspended`` lists: a line may end there too (a PDF reader cannot tell a line-end
    hyphen the layout added from one the author wrote)."""
    text = "\n".join(chunks)
    # The layout's own hyphen reads as U+2010; the author's as "-".
    text = re.sub(r"(\w+)([-\u2010])\n(?=\w)", lambda m: m.group(1) + ("- " if m.group(2) == "-" and m.group(1) in suspended else ""), text)
    return words(text)


def suspended_hyphens(markdown: str) -> set[str]:
    """Words the text writes with a hyphen and then a space (``Industrie- en``)."""
    return {m.group(1) for m in re.finditer(r"(\w+)-\s", markdown)}
