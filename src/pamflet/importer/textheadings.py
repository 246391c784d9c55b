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
            if (re.fullmatch(r"[IVXLC]{1,6}", line.text) and nxt.text.isupper() and len(nxt.text.split()) >= 2
                    and _title_like(nxt.text) and line.heading is None):
                # "I" / "HOW OLIVER CAME TO LONDON": a chapter's Roman numeral over its title in
                # capitals; the numeral stays a line, the capitals are the heading
                line.heading, nxt.heading = False, True
                report.append(f"line {line.no}: chapter number “{line.text}” above the heading on line {nxt.no}")
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


# "Figure 1. Five pillars …", "Tabelle 2: …": a caption opens a figure's text
_FIGURE_CAPTION = re.compile(
    r"^(?:fig(?:ure|ura)?\.?|abb(?:ildung)?\.?|afbeelding|rysunek|tab(?:le|elle|leau|la|ela)|tabel)\s*[\dIVX]+(?:\.\d+)*[.:–—-]?(?:\s|$)",
    re.I,
)
_LABEL_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})*:(?:\s|$)")  # "1.1:", "3.2:": a figure's numbered label
_SUBSECTION = re.compile(r"^\d{1,2}(?:\.\d{1,2})+\.?\s+\S")  # "2.3 Results": a section heading, never a label
_FIGURE_MAX = 120  # lines: a figure's text never runs longer without a sentence


def _full_stop(text: str) -> bool:
    """A sentence ends here; a colon ("3.1:", a label's number) ends none."""
    return ends_sentence(text) and not text.endswith(":")


def mark_figure_labels(lines: list[Line]) -> list[str]:
    """The text pdftotext reads out of a figure (its labels, its boxes' words) is no heading:
    from a caption to the first line that ends a sentence, no line is a heading, except a
    section numbered on two levels ("2.3 Results"). A line opening with a numbered label
    ("1.1: Establish …") is no heading anywhere. The lines keep their words; they stay
    paragraphs."""
    report = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if _LABEL_NUMBER.match(line.text) and line.heading is None:
            line.heading = False
        if not _FIGURE_CAPTION.match(line.text) or ends_sentence(line.text):
            i += 1
            continue
        j = i + 1
        while j < len(lines) and j - i <= _FIGURE_MAX and not _full_stop(lines[j - 1].text):
            j += 1
        region = lines[i + 1 : j]
        # a section number pdftotext set apart ("2" / "LRS") or a chapter label makes a heading
        # even under a caption set below its figure; only a figure of numbered labels overrules it
        labelled = sum(bool(_LABEL_NUMBER.match(x.text)) for x in region) >= _RUN
        for nxt in region:
            if nxt.heading is None and not _SUBSECTION.match(nxt.text):
                nxt.heading = False
            elif nxt.heading and labelled and not _SUBSECTION.match(nxt.text):
                report.append(f"line {nxt.no}: “{nxt.text}” is a figure's label, not a heading")
                nxt.heading = False
        i = j
    return report


# "by Edmund Dulac", "door Multatuli", "From Indian Myths, by Ellen Emerson": a byline; its
# name is words in capitals (with "and", "de", "van", … between them)
_BYLINE = re.compile(r"^(?:from\s[^,]{1,80},\s+)?(?:by|door|von|par|di|por|przez|av|af)\s+(.+)$", re.I)
_NAME_JOINERS = {"and", "&", "und", "en", "et", "e", "y", "i", "de", "van", "von", "der", "den", "da", "di", "du", "la", "le", "del", "ten", "zu"}


def _byline(text: str) -> bool:
    m = _BYLINE.match(text)
    if not m:
        return False
    name = re.split(r",\s", m.group(1), maxsplit=1)[0].rstrip(".")
    words = name.split()
    # "von Thomas Manderla und" / "Christine Römer": a name broken over lines is not a byline under a title
    return 0 < len(words) <= 8 and words[0][:1].isupper() and words[-1].casefold() not in _NAME_JOINERS and all(w[:1].isupper() or w.casefold() in _NAME_JOINERS for w in words)


def mark_bylines(lines: list[Line]) -> list[str]:
    """A title, then "by Edmund Dulac" under it: the title is the heading and the byline
    stays a line of its own (a paragraph), not the heading's second line."""
    report = []
    for i in range(1, len(lines)):
        line, title = lines[i], lines[i - 1]
        if line.heading is not None or title.heading is False or not _byline(line.text) or not _title_like(title.text):
            continue
        before = lines[i - 2] if i >= 2 else None
        # the title stands apart from what comes before it: a sentence's end, a blank, a page,
        # or a line of one word (a border, a label)
        if before is not None and not (title.gap_before or title.page_start or ends_sentence(before.text)
                                       or before.text.endswith(")") or len(before.text.split()) <= 1):
            continue
        title.heading, line.heading = True, False
        report.append(f"line {line.no}: byline “{line.text}” kept apart from the heading on line {title.no}")
    return report
