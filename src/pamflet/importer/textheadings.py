"""Heading evidence in extracted text, where no type size is left: a section number that
pdftotext put on a line of its own belongs to the heading after it, and short lines that
come in runs (figure labels, table cells, the words of a diagram) are not headings.
"""

from __future__ import annotations

import re

from .lines import Line, ends_sentence

_SECTION_NUMBER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2}){0,4}\.?|[A-Z]\.|[IVX]{1,4}\.)$")
_CHAPTER_LABEL = re.compile(
    r"^(?:chapter|chapitre|kapitel|hoofdstuk|capitolo|capítulo|rozdział|kapitola|luku|appendix|anhang|annexe|bijlage|"
    r"załącznik|appendice|apéndice)\s+(?:\d{1,2}|[A-Z]|[IVXLC]{1,6})\.?$",
    re.I,
)
_MARGIN_LABEL = re.compile(r"^[a-z][\w-]{1,30}$")  # one lower-case word: an option's or a command's name
_RUN = 3  # this many short lines in a row are a figure or a table, not headings
_SHORT = 0.45


def join_section_numbers(pages: list[list[Line]]) -> list[str]:
    """"2.1" alone, then "Installazione": one heading line "2.1 Installazione"."""
    report = []
    for page in pages:
        i = 0
        while i + 1 < len(page):
            line, nxt = page[i], page[i + 1]
            after = page[i + 2] if i + 2 < len(page) else None
            if _CHAPTER_LABEL.match(line.text) and _title_like(nxt.text) and line.heading is None:
                # "ROZDZIAŁ 1" / "Tytuł rozdziału pierwszego": the label stays a line, the title is the heading
                line.heading, nxt.heading = False, True
                report.append(f"line {line.no}: chapter label “{line.text}” above the heading on line {nxt.no}")
                i += 2
                continue
            if _SECTION_NUMBER.match(line.text) and _MARGIN_LABEL.match(nxt.text) and after is not None and _title_like(after.text) and after.gap_before:
                # "2.1" / "hyphenation" (the option's name in the margin) / "Césures": the number and
                # the label stay where pdftotext put them, the line after them is the heading
                after.heading = True
                report.append(f"line {after.no}: heading after section number “{line.text}” and margin label “{nxt.text}”")
                i += 3
                continue
            if _SECTION_NUMBER.match(line.text) and _title_like(nxt.text):
                nxt.text = f"{line.text} {nxt.text}"
                nxt.heading = True  # pdftotext sets a section number apart only in a heading
                nxt.gap_before = line.gap_before or i == 0
                nxt.page_start = line.page_start
                report.append(f"line {line.no}: section number “{line.text}” joined to the heading on line {nxt.no}")
                del page[i]
                continue
            i += 1
    return report


def _title_like(text: str) -> bool:
    words = text.split()
    if re.search(r"(?:\.\s?){4,}", text):
        return False  # a contents entry with dot leaders
    return 0 < len(words) <= 14 and text[:1].isupper() and not ends_sentence(text)


def mark_short_runs(lines: list[Line], width: float) -> None:
    """Lines in a run of short lines are not headings (unless numbered as sections)."""
    short = [(len(line) < _SHORT * width or len(line) <= 20) and not ends_sentence(line.text) for line in lines]
    i = 0
    while i < len(lines):
        if not short[i]:
            i += 1
            continue
        j = i
        while j < len(lines) and short[j]:
            j += 1
        if j - i >= _RUN:
            for line in lines[i:j]:
                if line.heading is None and not re.match(r"^\d+(?:\.\d+)*\.?\s+\S", line.text):
                    line.heading = False
        i = j


_NUMBERED_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,4})\.?\s+(\S.*)$")


def mark_numbered_headings(lines: list[Line]) -> None:
    """"2.3 Personal und Rede": a section number and a short title standing alone is a
    heading. A single number ("2. …") counts only away from other numbered lines (a list)."""
    for i, line in enumerate(lines):
        m = _NUMBERED_HEADING.match(line.text)
        if not m or line.heading is not None:
            continue
        number, title = m.groups()
        # "4.1.1 main.tex": under a number of two levels or more the title may be lower case
        shaped = _title_like(title) or ("." in number and _title_like(title[:1].upper() + title[1:]))
        if not shaped or len(title.split()) > 10 or title[-1:].isdigit() or "  " in title:
            continue
        if sum(ch.isalpha() for ch in title) < 5:
            continue  # "1 Tm", "2 Pe": a table's cells
        if ", " in title and len(line.text.split()) > 7:
            continue  # "1. Nativer Support von Unicode, dem …": a list item's sentence
        prev = lines[i - 1] if i else None
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if nxt is not None and not (nxt.text[:1].isupper() or nxt.gap_before or not nxt.text[:1].isalpha()):
            continue  # the sentence goes on
        if "." not in number:
            neighbours = [x for x in (prev, nxt) if x is not None and re.match(r"^\d{1,2}[.)]?\s", x.text)]
            if neighbours:
                continue
        line.heading = True


def mark_long_clauses(lines: list[Line], width: float) -> None:
    """A long line with a comma inside, without a section number, is the first line of a
    paragraph ("Siehe Anhang B für Hinweise, wie die …"), not a heading."""
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if nxt is not None and len(nxt) < 0.5 * width and not ends_sentence(nxt.text) and not nxt.page_start:
            continue  # a long heading wrapped onto a short second line ("…, Rosa Luxemburg en de … voor / socialistische democratie")
        # the whole line's length: pdftotext's glued lines count only their tail in len(line)
        if line.heading is None and len(line.text) >= 0.85 * width and ", " in line.text and not _NUMBERED_HEADING.match(line.text):
            line.heading = False


# The names of the parts every paper has, in the languages the importer reads: alone on a
# line, such a word is that part's heading even where pdftotext left no blank after it.
_PART_NAMES = {
    "abstract", "summary", "zusammenfassung", "kurzfassung", "samenvatting", "sommario", "riassunto", "résumé",
    "resumen", "resumo", "streszczenie", "abstrakt", "shrnutí", "tiivistelmä", "sammanfattning", "sammendrag",
    "references", "bibliography", "bibliografie", "bibliographie", "bibliografía", "bibliografia", "literatur",
    "literaturverzeichnis", "literatuur", "literatura", "références", "referencias", "riferimenti bibliografici",
    "acknowledgements", "acknowledgments", "danksagung", "dankwoord", "remerciements", "ringraziamenti",
    "agradecimientos", "podziękowania", "introduction", "einleitung", "inleiding", "introduzione", "introducción",
    "wprowadzenie", "conclusion", "conclusions", "schluss", "fazit", "conclusie", "conclusione", "conclusiones",
    "zakończenie", "index", "register", "indice analitico",
}


def mark_part_names(lines: list[Line]) -> None:
    """"Abstract", "Zusammenfassung", "Bibliografia" alone on a line is a heading."""
    for line in lines:
        if line.heading is None and line.text.strip(" :").casefold() in _PART_NAMES:
            line.heading = True
