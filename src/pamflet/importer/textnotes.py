"""Page-foot footnotes in extracted text (both shapes): at the end of a page, lines that open
with the next expected note number ("3 Vgl. …", "3Vgl. …"), when the same page's body has
that number glued after a word or punctuation ("Analysis3", "werden.3").

The call becomes ``[k]`` and the note's lines move to the end of the text as ``[k] …``, the
shape of an endnote section, which the notes stage then reads; notes are numbered anew
through the document. A page without a matching call keeps its lines as they are.
"""

from __future__ import annotations

import re

from .lines import Line
from .pages import Pages

# "3 Vgl. …", "3Vgl. …", or (pdftotext) the number alone on its line, the text below it
_START = re.compile(r"^(\d{1,3})(?:\.?\s+(?=\S)|(?=[A-ZÀ-ÖØ-Þ„“\"(])|$)")
_MAX_NOTE_LINES = 25


_REFERENCE_NOUNS = (
    "table|figure|fig|page|pages|chapter|section|version|line|lines|note|article|art|tableau|chapitre|partie|annexe|"
    "ligne|tabla|capítulo|página|figura|tabella|pagina|capitolo|tabel|hoofdstuk|bladzijde|blz|rozdział|tabela|"
    "strona|rysunek|nr|no|vol|p|pp|s|n|tabelle|abbildung|abb|abschnitt|kapitel|seite|zeile|teil|anhang|band|"
    "nummer|punkt|listing|paragraph|satz|artikel|schritt|regel|beispiel|hoofdstuk|deel|pagina|stap|regel|"
    "step|rule|example|part|appendix|item|level|niveau|étape|exemple|règle|paso|ejemplo|parte|passo|esempio|"
    "krok|przykład|część|punkt|wersja|versión|versione|versie"
)


_NOUNS = frozenset(_REFERENCE_NOUNS.split("|"))


class _Call:
    """Where the text calls note ``n``: the number glued after a word or after punctuation
    that follows a word ("normy1", "werden.1", not "1.1"), set apart before punctuation
    ("document 1 ."), or set apart before a lower-case word after a lower-case word
    ("tutoriel 2 un peu") unless that word numbers things ("page 3 de", "Tabelle 1")."""

    def __init__(self, n: int):
        self.glued = re.compile(
            r"(?:(?<=[^\W\d_]{2})|(?<=[.,;:!?)”’\"»«\]])(?<!\d[.,:]))" + str(n) + r"(?=[\s.,;:)]|$)"
            r"|(?<=[^\W\d_] )" + str(n) + r"(?= [.,;:])"
        )
        self.spaced = re.compile(r"(?<=[^\W\d_] )" + str(n) + r"(?= [a-zà-ÿ])|(?<=[^\W\d_][.,;:] )" + str(n) + r"(?=\s+[A-ZÀ-ÖØ-Þ]|\s*$)")

    def finditer(self, text: str):
        found = list(self.glued.finditer(text))
        for m in self.spaced.finditer(text):
            before = text[: m.start()].split()
            if before and len(before[-1]) >= 3 and before[-1].casefold().strip(".,;:") not in _NOUNS:
                found.append(m)
        return sorted(found, key=lambda m: m.start())

    def search(self, text: str):
        found = self.finditer(text)
        return found[0] if found else None

    def sub(self, new: str, text: str, count: int = 1) -> str:
        m = self.search(text)
        return text if m is None else text[: m.start()] + new + text[m.end():]


def _call(n: int) -> _Call:
    return _Call(n)


def move_page_notes(doc: Pages) -> tuple[Pages, list[str]]:
    """Take page-foot notes out of the pages; return the pages and report lines."""
    notes: list[list[Line]] = []
    report: list[str] = []
    expected = 1
    for p, page in enumerate(doc.pages):
        following = doc.pages[p + 1][0].text if p + 1 < len(doc.pages) and doc.pages[p + 1] else ""
        split = _split_merged_note(page, expected, following)
        if split:
            report.append(split)
        found = None
        # the next number; or one after a note this stage missed; or 1 (numbering restarts)
        for first in dict.fromkeys((expected, expected + 1, expected + 2, 1)):
            found = _page_notes(page, first)
            if found:
                break
        symbols = _symbol_notes(page, found[0] if found else None)
        if found is None and not symbols:
            continue
        start = min(([found[0]] if found else []) + list(symbols))
        numbers = list(found[1]) if found else []
        body, foot = page[:start], page[start:]
        groups: list[tuple[str, list[Line]]] = []
        for offset, line in enumerate(foot):
            m = _START.match(line.text)
            if start + offset in symbols:
                groups.append((symbols[start + offset], [line]))
            elif m and numbers and int(m.group(1)) == numbers[0]:
                numbers.pop(0)
                groups.append((m.group(1), [line]))
            elif groups:
                groups[-1][1].append(line)
            else:
                body.append(line)
        # a number whose text pdftotext put elsewhere (no letters follow it) is left as it
        # stands, and so is its call
        kept: list[Line] = []
        for label, group in groups:
            m = _SYMBOL_START.match(group[0].text) if not label.isdigit() else _START.match(group[0].text)
            if not any(ch.isalpha() for ch in group[0].text[m.end():] + "".join(l.text for l in group[1:])):
                kept.extend(group)
                continue
            k = len(notes) + 1
            pattern = _call(int(label)) if label.isdigit() else _symbol_call(label)
            for line in (reversed(body) if label.isdigit() else body):
                if pattern.search(line.text):
                    line.text = _replace_last(pattern, line.text, f"[{k}]") if label.isdigit() else pattern.sub(f"[{k}]", line.text, count=1)
                    break
            group[0].text = f"[{k}] " + group[0].text[m.end():]
            notes.append(group)
            report.append(f"line {group[0].no}: page-foot note {label} becomes note {k}")
            if label.isdigit():
                expected = int(label) + 1
        page[:] = body + kept
    if notes:
        tail = [line for group in notes for line in group]
        for line in tail:
            line.gap_before = False
        doc.pages.append(tail)
    doc.pages = [p for p in doc.pages if p]
    return doc, report


def _split_merged_note(page: list[Line], expected: int, following: str) -> str | None:
    """pdftotext joins a page's last body line with the first note line when the body line
    ends in a hyphen: "… behandeln o. g. Punk2. Vgl. Moretti, …" is the body's "… Punk-"
    (its word goes on at the next page's top, "te …") and note 2, "Vgl. Moretti, …". The
    line is cut before the note's number, and the hyphen is put back where the next page
    goes on in lower case (the hyphen stage then joins the word)."""
    lo = max(1, len(page) - _MAX_NOTE_LINES)
    for i in range(lo, len(page)):
        line = page[i]
        if _START.match(line.text):
            return None  # the notes start on a line of their own
        m = re.search(r"(?<=[^\W\d_]{2})(%d)\.?\s+(?=[A-ZÀ-ÖØ-Þ„“\"(])" % expected, line.text)
        if not m or len(line.text[m.end():].split()) < 2:
            continue
        if not any(_call(expected).search(other.text) for other in page[:i]):
            continue
        body, note = line.text[: m.start()], line.text[m.start():]
        hyphen = "-" if following[:1].islower() else ""
        line.text = body + hyphen
        page.insert(i + 1, Line(line.no, note, page=line.page))
        return f"line {line.no}: pdftotext had joined the page's last line and note {expected}: cut before “{note[:20]}…”" + (", the hyphen before the next page put back" if hyphen else "")
    return None


_SYMBOL_START = re.compile(r"^([*∗†‡§¶]{1,3})\s*(?=\S)")


def _symbol_call(symbol: str) -> re.Pattern[str]:
    return re.compile(r"(?<=[^\W\d_]|[.,;:!?)”’\"»])(?<![*∗†‡§¶])" + re.escape(symbol) + r"(?![*∗†‡§¶])")


def _symbol_notes(page: list[Line], numeric_start: int | None) -> dict[int, str]:
    """Notes marked ∗, †, ** at the page foot, each called by its symbol glued to a word above."""
    lo = max(1, len(page) - (_MAX_NOTE_LINES if numeric_start is not None else 12))
    found = {}
    for i in range(lo, len(page)):
        m = _SYMBOL_START.match(page[i].text)
        if m and any(_symbol_call(m.group(1)).search(line.text) for line in page[:i]):
            found[i] = m.group(1)
    return found


def _replace_last(pattern, text: str, new: str) -> str:
    matches = list(pattern.finditer(text))
    m = matches[-1]
    return text[: m.start()] + new + text[m.end():]


def _page_notes(page: list[Line], expected: int) -> tuple[int, list[int]] | None:
    """(index of the first note line, the numbers of the notes) if the page ends in notes."""
    lo = max(1, len(page) - _MAX_NOTE_LINES)
    # the lowest line that opens the expected note: a numbered list above the notes is text
    for i in range(len(page) - 1, lo - 1, -1):
        m = _START.match(page[i].text)
        if not m or int(m.group(1)) != expected:
            continue
        body = page[:i]
        numbers = []
        n = expected
        for line in page[i:]:
            mm = _START.match(line.text)
            if mm and int(mm.group(1)) == n and any(_call(n).search(b.text) for b in body):
                numbers.append(n)
                n += 1
        if numbers:
            return i, numbers
    return None
