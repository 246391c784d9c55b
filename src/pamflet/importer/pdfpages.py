"""Page furniture in a PDF, found by position: running heads and feet (lines that repeat,
digits aside, at the same height on many pages), folios (a lone Arabic or Roman number at
the top or bottom of the page), and the printed table of contents (pamflet makes its own).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from .pdf import PdfDocument, PdfLine

_FOLIO = re.compile(r"^[-–—\s]*(\d{1,4}|[ivxlcdm]{1,7}|[IVXLCDM]{1,7})[-–—\s]*$")
_CONTENTS = {
    "inhalt", "inhaltsverzeichnis", "contents", "table of contents", "table des matières", "sommaire",
    "inhoud", "inhoudsopgave", "indice", "índice", "spis treści", "sumario", "sumário", "innehåll", "indholdsfortegnelse",
    "obsah", "sommario", "innhold", "sisällys", "sisällysluettelo", "tartalom", "tartalomjegyzék", "cuprins", "kazalo",
    "sadržaj", "índex", "sumari",
}
_LISTS = {
    "list of figures", "list of tables", "abbildungsverzeichnis", "tabellenverzeichnis", "liste des figures",
    "liste des tableaux", "table des figures", "lijst van figuren", "lijst van tabellen", "spis tabel",
    "spis rysunków", "indice delle figure", "indice delle tabelle", "índice de figuras", "índice de tablas",
}
_LEADER_END = re.compile(r"(?:\.\s*){3,}\s*\S{1,6}$|\s[\divxlcIVXLC]{1,5}$")


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+|\b[ivxlc]+\b", "#", text.casefold())).strip()


def _style(line: PdfLine) -> tuple[bool, float]:
    return line.bold, round(line.size, 1)


def _stands_out(line: PdfLine, repeats: Counter) -> bool:
    """Set bolder or larger than the running head that repeats its words on later pages."""
    if not repeats:
        return False
    bold, size = repeats.most_common(1)[0][0]
    return (line.bold and not bold) or line.size > 1.05 * size


def remove_furniture(doc: PdfDocument) -> list[tuple[PdfLine, str]]:
    """Take furniture out of ``doc.pages``; return the removed lines with the reason."""
    removed: list[tuple[PdfLine, str]] = []
    n = len(doc.pages)
    at: dict[tuple[str, int, str], set[int]] = defaultdict(set)
    styles: dict[str, Counter] = defaultdict(Counter)  # how each repeated text is set after the first page
    for p, page in enumerate(doc.pages):
        for line, edge in _edge_lines(page, doc.heights[p]):
            at[(_key(line.text), round(line.y0 / 6), edge)].add(p)
            if p:
                styles[_key(line.text)][_style(line)] += 1
    repeated = {k for k, pages in at.items() if len(pages) >= max(2, n // 4) and len(k[0]) > 1}
    for p, page in enumerate(doc.pages):
        drop = {}
        for line, edge in _edge_lines(page, doc.heights[p]):
            key = (_key(line.text), round(line.y0 / 6), edge)
            if p == 0 and edge == "top" and _stands_out(line, styles[key[0]]):
                continue  # the title opening the first page, which the running heads repeat
            if any((key[0], key[1] + d, edge) in repeated for d in (-1, 0, 1)):
                drop[id(line)] = f"running {'head' if edge == 'top' else 'foot'}"
        page = [line for line in page if id(line) not in drop or removed.append((line, drop[id(line)]))]
        # folios once the running heads and feet are gone: a lone number outermost on the page
        for line, edge in _edge_lines(page, doc.heights[p]):
            if _FOLIO.match(line.text) and (_is_outermost(line, page, edge) or _in_band(line, doc.heights[p])):
                drop[id(line)] = "page number"
                removed.append((line, "page number"))
        doc.pages[p] = [line for line in page if id(line) not in drop]
    removed += _remove_contents(doc)
    return removed


def _edge_lines(page: list[PdfLine], height: float):
    """Lines in the top or bottom tenth of the page, or the outermost two lines at each end."""
    if not page:
        return []
    by_y = sorted(page, key=lambda line: line.y0)
    out = []
    for line in by_y[:2]:
        if line.y1 < 0.14 * height or line is by_y[0]:
            out.append((line, "top"))
    for line in by_y[-3:]:
        if line.y0 > 0.86 * height or line is by_y[-1]:
            if all(line is not other for other, _ in out):
                out.append((line, "bottom"))
    return out


def _in_band(line: PdfLine, height: float) -> bool:
    """In the top or bottom eighth of the page, where folios stand."""
    return line.y1 < 0.12 * height or line.y0 > 0.86 * height


def _is_outermost(line: PdfLine, page: list[PdfLine], edge: str) -> bool:
    """A lone number is a folio only if nothing stands beyond it on its side of the page,
    apart from other furniture lines on the same band."""
    if edge == "top":
        return all(other.y0 >= line.y0 - 2 or _FOLIO.match(other.text) for other in page if other is not line) or line.y1 < min(o.y0 for o in page if o is not line)
    return all(other.y1 <= line.y1 + 2 or _FOLIO.match(other.text) for other in page if other is not line) or line.y0 > max(o.y1 for o in page if o is not line) - 1


def _remove_contents(doc: PdfDocument) -> list[tuple[PdfLine, str]]:
    """The printed contents: a heading such as "Inhaltsverzeichnis" or "Contents" followed by
    lines that end in page numbers (with or without dot leaders), up to the first line of
    prose; also any run of five or more dot-leader lines."""
    removed = []
    front = max(6, len(doc.pages) // 5)
    in_toc = False
    for p, page in enumerate(doc.pages):
        keep = []
        # contents that run over from the previous page go on while its lines end in numbers
        in_toc = in_toc and bool(page) and _toc_entry(page, 0)
        for i, line in enumerate(page):
            text = line.text.strip()
            word = re.sub(r"[\W\d_]+$", "", text.casefold()).strip()
            if len(text) < 40 and ((word in _CONTENTS and p < front) or word in _LISTS) and any(_toc_entry(page, j) for j in range(i + 1, min(i + 3, len(page)))):
                in_toc = True
                removed.append((line, "printed table of contents (pamflet makes its own)"))
                continue
            if in_toc:
                if _toc_entry(page, i):
                    removed.append((line, "printed table of contents (pamflet makes its own)"))
                    continue
                in_toc = False
            keep.append(line)
        doc.pages[p] = keep
    for p, page in enumerate(doc.pages):
        leaders = [i for i, line in enumerate(page) if re.search(r"(?:\.\s?){4,}\s*\S{1,6}$", line.text)]
        if len(leaders) >= 5:
            lo, hi = leaders[0], leaders[-1]
            gone = set(range(lo, hi + 1))
            removed += [(page[i], "printed table of contents (pamflet makes its own)") for i in sorted(gone)]
            doc.pages[p] = [line for i, line in enumerate(page) if i not in gone]
    return removed


def _toc_entry(page: list[PdfLine], i: int) -> bool:
    """Line ``i`` ends in a page number, or is a short line (an entry wrapped, or a section
    number alone) that a line ending in a page number follows within two lines."""
    def ends_in_number(line: PdfLine) -> bool:
        return bool(_LEADER_END.search(line.text)) or bool(re.fullmatch(r"[\d.]+|[ivxlc]+", line.text.strip()))

    if ends_in_number(page[i]):
        return True
    return any(ends_in_number(page[j]) for j in range(i + 1, min(i + 3, len(page)))) and len(page[i].text) < 70
