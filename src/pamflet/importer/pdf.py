"""Read a PDF's text layer with its layout (PyMuPDF): lines of spans with size, weight, style,
position and page, in reading order.

PyMuPDF (MuPDF) was chosen over pdfplumber (pure Python on pdfminer: ten to fifty times
slower) and pypdfium2 (fast, but it gives characters without font size or weight, so the
layout would have to be rebuilt by hand): it gives spans with font size, flags, origin and
bounding box at hundreds of pages a second, and is AGPL like pamflet.

Bad input — not a PDF MuPDF can open, encrypted, no pages, no text layer (a scan) — raises
``PamfletError`` with one line for the user.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import PamfletError

MAX_PAGES = 1000  # an essay or a book; a larger file is refused before any page is read (bounded memory)
_SPACE = re.compile(r"\s+")
# Word's non-breaking hyphen comes out as hyphens around a soft hyphen ("STIX-\xad‐Word"): the
# page shows one hyphen
_SOFT_HYPHEN_RUN = re.compile("([-\u2010\u2011]?)\u00ad([-\u2010\u2011])")


def one_hyphen(text: str) -> str:
    return _SOFT_HYPHEN_RUN.sub(lambda m: m.group(1) or m.group(2), text) if "\u00ad" in text else text
_MONO = re.compile(r"mono|courier|typewriter|cmtt|\btt|consol|menlo|code", re.I)


# TeX set an accent as a spacing character before (or, for the ogonek, around) its letter;
# the text layer then has "Mi´skiewicz", "wi˛ecej", "f¨ur". The letter the author wrote is
# the composed one.
_ACCENTS = {"´": "\u0301", "˛": "\u0328", "¨": "\u0308", "`": "\u0300", "ˆ": "\u0302", "˜": "\u0303",
            "¸": "\u0327", "ˇ": "\u030c", "˙": "\u0307", "˝": "\u030b", "˚": "\u030a", "˘": "\u0306"}
# Only the ogonek is set after a space inside a word ("zał ˛acznika"); a grave after a space
# begins a word ("file `e" is "file è").
_ACCENTED = re.compile("(?:(?<=[^\\W\\d_]) (?=˛))?([" + "".join(_ACCENTS) + "]) ?([A-Za-zı])")  # ı: TeX's dotless i under an accent (\\'{\\i})


def join_accents(text: str) -> str:
    def compose(m: re.Match[str]) -> str:
        before = text[m.start(1) - 1] if m.start(1) else " "
        if not (before.isalpha() or before.isspace() or before in "“‘\"'„«‹([¿¡"):
            return m.group(0)  # "fr/˜aligon": a tilde in an address, not an accent
        if m.end(1) < m.start(2) and before.isalpha():
            return m.group(0)  # "Baudisˇ and": the accent of the letter before it, not of the next word
        composed = unicodedata.normalize("NFC", m.group(2).replace("ı", "i") + _ACCENTS[m.group(1)])
        return composed if len(composed) == 1 else m.group(0)

    if not any(ch in text for ch in _ACCENTS):
        return text
    # "stosowan ˛a": the ogonek printed after the space before its letter
    text = _ACCENTED.sub(compose, text)
    if "˛" in text:  # pdftotext puts the ogonek after its letter: "stosowana˛"
        text = _OGONEK_AFTER.sub(lambda m: _compose_or(m.group(1), "\u0328", m.group(0)), text)
    return text


_OGONEK_AFTER = re.compile("([AaEeIiOoUu])˛")


def _compose_or(letter: str, mark: str, fallback: str) -> str:
    composed = unicodedata.normalize("NFC", letter + mark)
    return composed if len(composed) == 1 else fallback


@dataclass
class Span:
    text: str
    size: float
    bold: bool
    italic: bool
    x0: float
    x1: float
    y0: float
    y1: float
    baseline: float
    superscript: bool = False
    mono: bool = False


@dataclass
class PdfLine:
    page: int  # 1-based
    spans: list[Span]
    x0: float
    y0: float
    x1: float
    y1: float
    size: float = 0.0  # the size most of its letters have
    bold: bool = False  # every letter bold
    italic: bool = False
    mono: bool = False  # set in a typewriter face: code, not prose
    text: str = ""
    extra: dict = field(default_factory=dict)

    def finish(self) -> PdfLine:
        sizes: dict[float, int] = {}
        fallback: dict[float, int] = {}
        bold = italic = mono = True
        any_letters = False
        for span in self.spans:
            n = len(span.text.strip())
            if not n:
                continue
            size = round(span.size, 1)
            fallback[size] = fallback.get(size, 0) + n
            if not span.superscript:
                sizes[size] = sizes.get(size, 0) + n
                any_letters = True
                bold, italic, mono = bold and span.bold, italic and span.italic, mono and span.mono
        sizes = sizes or fallback
        self.size = max(sizes, key=sizes.get) if sizes else 0.0
        self.bold, self.italic, self.mono = any_letters and bold, any_letters and italic, any_letters and mono
        self.text = join_accents(unicodedata.normalize("NFC", _SPACE.sub(" ", "".join(s.text for s in self.spans)).strip()))
        return self


@dataclass
class PdfDocument:
    pages: list[list[PdfLine]]
    heights: list[float]
    widths: list[float]
    body_size: float
    metadata: dict


def is_pdf(path: str | Path) -> bool:
    from ..safety import open_regular

    try:
        with open_regular(path) as f:  # a pipe is refused when it is read as text
            head = f.read(1024)
    except (OSError, PamfletError):
        return False
    return b"%PDF-" in head


def read_pdf(path: str | Path) -> PdfDocument:
    import pymupdf

    pymupdf.TOOLS.mupdf_display_errors(False)  # MuPDF's repairs of broken resources are not the user's business
    pymupdf.TOOLS.mupdf_display_warnings(False)
    source = str(path)
    try:
        doc = pymupdf.open(source, filetype="pdf")
    except Exception as exc:  # MuPDF raises its own error types for damaged files
        raise PamfletError(source, f"is not a readable PDF ({_short(exc)})") from None
    with doc:
        if doc.needs_pass or doc.is_encrypted:
            raise PamfletError(source, "is an encrypted PDF (password protected): remove the protection first")
        try:
            count = doc.page_count
        except Exception as exc:
            raise PamfletError(source, f"is a damaged PDF ({_short(exc)})") from None
        if count == 0:
            raise PamfletError(source, "is a PDF with no pages")
        if count > MAX_PAGES:
            raise PamfletError(source, f"is a PDF of {count} pages; pamflet imports at most {MAX_PAGES} (split it first)")
        pages, heights, widths = [], [], []
        sideways = 0  # letters in lines that do not run left to right (a rotated page)
        for number in range(count):
            try:
                page = doc.load_page(number)
                # each character with its box: a space inside a ligature's box is no word space (_span_text)
                raw = page.get_text("rawdict", flags=pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP)
            except Exception as exc:
                raise PamfletError(source, f"is a damaged PDF (page {number + 1}: {_short(exc)})") from None
            pages.append(_lines(raw, number + 1, page.rect.height))
            sideways += sum(len(span.get("chars", ())) for block in raw.get("blocks", []) for line in block.get("lines", [])
                            if line.get("dir", (1, 0))[0] < 0.9 for span in line.get("spans", []))
            heights.append(page.rect.height)
            widths.append(page.rect.width)
        metadata = dict(doc.metadata or {})
    letters = sum(len(line.text) for page in pages for line in page)
    if letters < 20 * max(1, min(count, 3)) and letters < 200:
        if sideways > max(200, 4 * letters):
            raise PamfletError(source, "is a PDF whose text runs sideways (set vertically on its pages): pamflet reads a PDF's layout only for text set left to right; import its text instead (pdftotext FILE.pdf FILE.txt, then pamflet import FILE.txt)")
        raise PamfletError(source, "is a PDF without a text layer (a scan?): it needs OCR first")
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page:
            if not line.mono and len(line.text) > 40:  # prose lines, not code, numbers or index entries
                sizes[line.size] += len(line.text)
    if not sizes:
        for page in pages:
            for line in page:
                sizes[line.size] += len(line.text)
    body = sizes.most_common(1)[0][0]
    return PdfDocument(pages, heights, widths, body, metadata)


_LINE_NUMBER = re.compile(r"^\d{1,4}$")
_BOLD = re.compile(r"bold|black|heavy|semibold|-bx|cmbx|demi", re.I)
_ITALIC = re.compile(r"italic|oblique|-it\b|cmti|slanted", re.I)


@lru_cache(maxsize=512)
def _face(font: str) -> tuple[bool, bool, bool]:
    """Bold, italic, monospaced, from the font's name (flags miss many embedded fonts)."""
    return bool(_BOLD.search(font)), bool(_ITALIC.search(font)), bool(_MONO.search(font))


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:80]


def _lines(raw: dict, page: int, height: float = 0.0) -> list[PdfLine]:
    """Visual lines in reading order: MuPDF's lines, with pieces of the same line (a superscript
    on a line of its own, a run set in another font) merged into the line they stand on."""
    out: list[PdfLine] = []
    for block in raw.get("blocks", []):
        for line in block.get("lines", []):
            if line.get("dir", (1, 0))[0] < 0.9:  # vertical or rotated text: not body
                continue
            spans = []
            for s in line.get("spans", []):
                text = one_hyphen(_span_text(s))
                if not text:
                    continue
                x0, y0, x1, y1 = s["bbox"]
                flags = s.get("flags", 0)
                f_bold, f_italic, f_mono = _face(s.get("font", ""))
                bold = bool(flags & 16) or f_bold
                italic = bool(flags & 2) or f_italic
                mono = bool(flags & 8) or f_mono
                spans.append(Span(text, s["size"], bold, italic, x0, x1, y0, y1, s["origin"][1], mono=mono))
            if not "".join(s.text for s in spans).strip():
                continue
            x0, y0, x1, y1 = line["bbox"]
            new = PdfLine(page, spans, x0, y0, x1, y1)
            prev = out[-1] if out else None
            if prev and _same_line(prev, new):
                last = prev.spans[-1]
                if spans[0].x0 - last.x1 > 0.15 * last.size and not last.text.endswith(" ") and not spans[0].text.startswith(" "):
                    spans.insert(0, Span(" ", last.size, last.bold, last.italic, last.x1, spans[0].x0, last.y0, last.y1, last.baseline))
                prev.spans.extend(spans)
                prev.x1 = max(prev.x1, x1)
                prev.y0, prev.y1 = min(prev.y0, y0), max(prev.y1, y1)
            elif prev and _mark_within(prev, new):  # a note's mark MuPDF gave before the line it stands in
                new.spans = prev.spans + new.spans
                new.y0 = min(new.y0, prev.y0)
                out[-1] = new
            elif prev and _mark_within(new, prev):  # … or after it
                prev.spans.extend(new.spans)
                prev.y0 = min(prev.y0, new.y0)
            else:
                out.append(new)
    for line in out:
        line.spans.sort(key=lambda s: s.x0)
        _accents_before_their_letters(line)
        _mark_superscripts(line)
        line.finish()
    out = [line for line in out if line.text]
    out = _attach_line_numbers(out)
    if _one_column(out, height):
        out.sort(key=lambda line: (round(line.y0), line.x0))  # a line MuPDF took out of order
    return out


def _span_text(span: dict) -> str:
    """A span's text from its characters, less a space set back behind the glyph before it,
    with the next glyph right after that one: InDesign writes a space into a ligature's box
    ("Erﬁ nder": MuPDF gives f, i at the ligature's end, then the space back inside it),
    which no reader sees. (A ligature MuPDF splits may give its second letter the space's
    origin, "Jeff Siskind": that space is kept.)"""
    chars = span.get("chars")
    if chars is None:
        return span.get("text", "")
    kept = []
    for i, char in enumerate(chars):
        if char["c"] == " " and 0 < i < len(chars) - 1 and kept:
            before, after = chars[i - 1], chars[i + 1]["bbox"]
            backwards = char["origin"][0] < before["origin"][0] - 0.1 * span["size"]  # left of where the glyph before it stands
            if backwards and after[0] <= before["bbox"][2] + 0.05 * span["size"] and chars[i + 1]["c"] != " ":
                continue
        kept.append(char["c"])
    return "".join(kept)


def _accents_before_their_letters(line: PdfLine) -> None:
    """A TeX accent MuPDF gives as a span of its own (another font) sorts, by its left edge,
    after the letter it stands over ("Baudi" "s" "ˇ"): put it back before that letter, where
    the text layer has it in one span ("Baudiˇs") and ``join_accents`` joins them. The letter
    is the one under the accent's middle (its place in the span estimated from the span's
    width)."""
    accents = [s for s in line.spans if len(s.text.strip()) == 1 and s.text.strip() in _ACCENTS]
    for accent in accents:
        middle = (accent.x0 + accent.x1) / 2
        hosts = [s for s in line.spans if s is not accent and s not in accents and s.text.strip() and s.x0 - 0.5 <= middle <= s.x1 + 0.5]
        if not hosts:
            continue
        host = hosts[0]
        k = min(len(host.text) - 1, max(0, int((middle - host.x0) / max(host.x1 - host.x0, 0.01) * len(host.text))))
        host.text = host.text[:k] + accent.text.strip() + host.text[k:]
        line.spans.remove(accent)


def _attach_line_numbers(lines: list[PdfLine]) -> list[PdfLine]:
    """A lone number just left of a line on the same baseline (a code listing's or a legal
    text's line numbers) is that line's first word, not a line of its own."""
    numbers = [l for l in lines if _LINE_NUMBER.match(l.text)]
    if not numbers:
        return lines
    gone = set()
    for num in numbers:
        for other in lines:
            if other is num or id(other) in gone or _LINE_NUMBER.match(other.text):
                continue
            overlap = min(num.y1, other.y1) - max(num.y0, other.y0)
            if overlap > 0.5 * min(num.y1 - num.y0, other.y1 - other.y0) and 0 <= other.x0 - num.x1 < 8 * max(num.size, 6):
                other.spans[:0] = num.spans + [Span(" ", num.spans[-1].size, False, False, num.x1, other.x0, num.y0, num.y1, num.spans[-1].baseline)]
                other.x0 = num.x0
                other.finish()
                gone.add(id(num))
                break
    return [l for l in lines if id(l) not in gone]


def _one_column(lines: list[PdfLine], height: float = 0.0) -> bool:
    """No two lines stand side by side (columns, a table's cells, a margin note); a footer's
    parts side by side in the page's top or bottom band ("Summary   December 1998   Page 1")
    do not count."""
    def counts(line: PdfLine) -> bool:
        return not (height and (line.y1 < 0.12 * height or line.y0 > 0.86 * height))

    by_y = sorted((line for line in lines if counts(line)), key=lambda line: line.y0)
    for a, b in zip(by_y, by_y[1:]):
        if b.y0 < a.y1 - 0.3 * (a.y1 - a.y0) and (b.x0 >= a.x1 or a.x0 >= b.x1):
            return False
    return True


def _same_line(prev: PdfLine, new: PdfLine) -> bool:
    overlap = min(prev.y1, new.y1) - max(prev.y0, new.y0)
    shorter = min(prev.y1 - prev.y0, new.y1 - new.y0)
    if overlap <= 0.5 * shorter or new.x0 < prev.x1 - 2:
        return False
    # a page number set flush right in a table of contents belongs to its entry
    lone_number = _LINE_NUMBER.match("".join(s.text for s in new.spans).strip()) is not None
    return new.x0 - prev.x1 < 40 or lone_number


def _mark_within(mark: PdfLine, line: PdfLine) -> bool:
    """A short run of smaller type (a raised note mark, "copying²", or a note's own mark just
    before its first word) standing within a line's width, at its height: part of that line."""
    text = "".join(s.text for s in mark.spans).strip()
    overlap = min(mark.y1, line.y1) - max(mark.y0, line.y0)
    size = max(s.size for s in line.spans)
    small = max(s.size for s in mark.spans) < 0.85 * size
    raised = max(s.baseline for s in mark.spans) < max(s.baseline for s in line.spans) - 0.15 * size  # not a listing's line number
    return bool(_NOTE_MARK.fullmatch(text)) and small and raised and overlap > 0.5 * (mark.y1 - mark.y0) and line.x0 - size < mark.x0 and mark.x1 < line.x1


_NOTE_MARK = re.compile(r"\d{1,3}|[*∗†‡§¶]{1,3}")  # not a letter: a formula's subscripts keep their place


def _mark_superscripts(line: PdfLine) -> None:
    """A span set smaller than the line's type and raised above its baseline is a superscript."""
    if len(line.spans) < 2:
        return
    sizes: dict[float, int] = {}
    for span in line.spans:
        size = round(span.size, 1)
        sizes[size] = sizes.get(size, 0) + len(span.text.strip())
    main = max(sizes, key=sizes.get)
    baselines: dict[float, int] = {}
    for span in line.spans:
        if round(span.size, 1) == main and span.text.strip():
            baselines[round(span.baseline, 1)] = baselines.get(round(span.baseline, 1), 0) + len(span.text)
    base = max(baselines, key=baselines.get) if baselines else line.spans[0].baseline
    for span in line.spans:
        if span.size < 0.85 * main and span.baseline < base - 0.2 * main and span.text.strip():
            span.superscript = True
