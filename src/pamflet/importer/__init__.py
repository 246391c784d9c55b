"""``pamflet import``: text pasted out of a PDF becomes a pandoc Markdown book source.

The stages, in order: decode → pages (folios, running heads) → title block → notes section →
tables → blocks (paragraphs, headings, lists) → join lines (hyphens, spaces) → Markdown.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import PamfletError
from .blocks import Block, build_blocks, line_width
from .decode import read_text, restore_ligatures
from .hyphens import Vocabulary
from .join import JoinLog, join_lines, normalise_spaces
from .language import common_words, detect_language
from .lines import Line, abbreviations
from .markdown import NOTE_REF, render
from .notes import MARKER, find_notes, strip_definition
from .pagenotes import extract_notes
from .pages import Pages, remove_furniture, split_pages
from .pdf import is_pdf, join_accents, read_pdf
from .pdflines import to_lines
from .pdfpages import remove_furniture as remove_pdf_furniture
from .pdftitle import read_pdf_title_block
from .report import Report
from .tables import find_tables
from .textheadings import (
    join_section_numbers,
    mark_bylines,
    mark_figure_labels,
    mark_long_clauses,
    mark_numbered_headings,
    mark_part_names,
    mark_short_runs,
)
from .textnotes import move_page_notes
from .titleblock import read_title_block

_WORD = re.compile(r"[^\W\d_]{2,}")
_ALNUM = re.compile(r"\w+")


@dataclass
class ImportResult:
    markdown: str
    report: str
    summary: str


def import_file(path: str | Path, lang: str | None = None) -> ImportResult:
    if is_pdf(path):
        return import_pdf(path, lang=lang)
    text, encoding = read_text(path)
    return import_text(text, source=str(path), lang=lang, encoding=encoding)


def import_pdf(path: str | Path, lang: str | None = None) -> ImportResult:
    """A PDF read with its layout: furniture by position, notes from the page foot, headings
    and the title block from type size and weight; then the same stages as text."""
    source = str(path)
    doc = read_pdf(path)
    removed = remove_pdf_furniture(doc)
    page_notes = extract_notes(doc)
    lines, note_lines, levels = to_lines(doc, page_notes.notes)
    furniture = [(Line(0, pl.text, page=pl.page), f"{reason} (page {pl.page})") for pl, reason in removed]
    pages = Pages([lines], "pdf", furniture)
    pages.page_count = len(doc.pages)
    layout = _Layout(doc.body_size, note_lines, levels, page_notes)
    return import_text("", source=source, lang=lang, encoding="PDF text layer", _pages=pages, _layout=layout)


@dataclass
class _Layout:
    body_size: float
    note_lines: list[Line]
    levels: dict[int, int]
    page_notes: object


def import_text(text: str, source: str = "<input>", lang: str | None = None, encoding: str = "utf-8", _pages=None, _layout=None) -> ImportResult:
    report = Report(Path(source).name)
    doc = _pages or remove_furniture(split_pages(text))
    foot_notes: list[str] = []
    if _pages is None and doc.shape in ("pdftotext", "spread"):
        doc, foot_notes = move_page_notes(doc)
    if _pages is None:
        foot_notes += join_section_numbers(doc.pages)
        accents = 0
        for page in doc.pages:
            for line in page:
                joined = join_accents(unicodedata.normalize("NFC", line.text))
                if joined != line.text:
                    line.text, accents = joined, accents + 1
    lines = [line for page in doc.pages for line in page]
    if _layout:
        lines += _layout.note_lines
    _check_structure(lines, source)
    detected, share = detect_language("\n".join(line.text for line in lines))
    if lang is None and detected is None:
        raise PamfletError(source, "cannot tell the language of the text; give it with --lang")
    page_count = getattr(doc, "page_count", len(doc.pages))
    report.facts.append(f"encoding: {encoding}; shape: {_SHAPES[doc.shape]}; {page_count} pages")
    report.facts.append(f"language: {lang} (given)" if lang else f"language: {detected} (detected: {share:.0%} of words are its common words)")
    lang = lang or detected
    restored, unmapped = restore_ligatures(lines, lang)
    for entry in restored:
        report.add("Ligatures restored", entry)
    if unmapped:
        pages = sorted({line.page for line in lines if "\ufffd" in line.text and line.page})
        where = f" (pages {', '.join(map(str, pages[:10]))}{' …' if len(pages) > 10 else ''})" if pages else ""
        report.facts.append(f"unreadable: {unmapped} character{'s' if unmapped > 1 else ''} the text layer maps to no letter (U+FFFD, kept as they are){where}: read those passages against the PDF, or OCR it")
    full = line_width(lines)
    report.facts.append(f"line width: {full:.0f} characters (90th percentile of line lengths)")
    if _pages is None and accents:
        report.facts.append(f"letters composed on {accents} lines (Unicode NFC; accents that TeX set apart, “Mi´skiewicz”, joined to their letters)")
    for entry in foot_notes:
        report.add("Notes", entry)
    for line, reason in doc.removed:
        where = f"line {line.no}: " if line.no else ""  # a PDF's furniture names its page instead
        report.add("Lines removed", f"{where}{reason} “{line.text}”")
    if doc.shape == "pdf":
        report.facts.append("line numbers below count the PDF's text lines in reading order, page after page")

    if _layout:
        title = read_pdf_title_block(lines, _layout.body_size, lang)
    else:
        title = read_title_block(lines, full, lang)
        marks = re.search(r"(?:\s*\[\d+\])+$", title.title or "")
        made = {int(m) for entry in foot_notes for m in re.findall(r"becomes note (\d+)$", entry)}
        if marks and all(int(n) in made for n in re.findall(r"\d+", marks.group(0))):  # a note called from the title stays a note, kept at the end
            title.marks, title.title = marks.group(0), title.title[: marks.start()]  # type: ignore[attr-defined]
            title.notes.append(f"note {marks.group(0).strip()} is called from the title: kept as a paragraph at the end")
    for note in title.notes:
        report.add("Title block", note)
    body = [line for line in lines if not any(line is used for used in title.lines)]
    if _layout:
        known_from = next((i for i, line in enumerate(body) if any(line is note for note in _layout.note_lines)), None)
    else:
        known_from = 0 if any("page-foot note" in entry for entry in foot_notes) else None
    notes_section = find_notes(body, known_from)
    if _layout and notes_section and notes_section.heading:
        notes_section.heading, notes_section.start = None, notes_section.start + 1  # the PDF's notes have no heading
    if notes_section:
        body = body[: notes_section.start]
        if notes_section.heading:
            report.add("Lines removed", f"line {notes_section.heading.no}: notes heading “{notes_section.heading.text}” (the notes become footnotes)")
        for line in notes_section.residue:
            report.add("Lines removed", f"line {line.no}: link residue inside the notes “{line.text}”")

    vocab = Vocabulary([line.text for line in lines], lang)
    log = JoinLog()
    if doc.shape == "pdftotext":
        _unglue_long_lines(lines, vocab, report)
    if title.subtitle_lines:
        title.subtitle = normalise_spaces(join_lines(title.subtitle_lines, vocab, log), lang, title.subtitle_lines[0].no, log)
    if not _layout:
        for entry in mark_bylines(body):  # before the short runs: a title and its byline are two short lines
            report.add("Headings", entry)
        mark_numbered_headings(body)
        mark_part_names(body)
        mark_short_runs(body, full)
        mark_long_clauses(body, full)
        for entry in mark_figure_labels(body):
            report.add("Headings", entry)
    tables = find_tables(body, full)
    blocks, markers = build_blocks(body, tables, full, common_words(lang, 200), abbreviations(lines))
    notes = _note_texts(notes_section, vocab, lang, log)
    referenced: set[int] = set()
    out_blocks = [_block_text(block, markers, vocab, lang, log, set(notes), report, referenced) for block in blocks]
    out_blocks = [_verified(block, out, report) for block, out in zip(blocks, out_blocks)]
    if _layout:
        for i, block in enumerate(blocks):
            if block.kind == "heading" and block.first in _layout.levels:
                out_blocks[i][2]["level"] = _layout.levels[block.first]
    else:
        _levels_from_numbers(blocks, out_blocks)
    unreferenced = [n for n in notes if not any(NOTE_REF.format(n) in text for _, text, _ in out_blocks)]
    for n in unreferenced:
        at = notes_section.notes[n]
        report.add("Notes", f"note {n}: text at lines {at[0].no}–{at[-1].no} has no marker in the text: kept as a paragraph at the end of the text, before the notes")
        out_blocks.append(("para", f"[{n}] " + " ".join(notes.pop(n)), {"unreferenced": n}))
    if doc.shape == "pdftotext":
        out_blocks, notes = _unglue(out_blocks, notes, vocab, report)
        if title.subtitle:
            title.subtitle = _unglue([("para", title.subtitle, {})], {}, vocab, report)[0][0][1]

    meta = _metadata(title, lang, source, report)
    _report_blocks(report, blocks, body, full, notes_section, set(notes))
    _report_log(report, log)
    if not _check_no_loss(source, lines, notes_section, title, out_blocks, notes, raise_error=False):
        # Last resort: the whole text line by line, flagged, rather than nothing.
        report.add("Kept verbatim", "the whole text: its rebuilt form would not keep every letter; kept line by line as a line block")
        notes_section = None
        rest = [line for line in lines if not any(line is used for used in title.lines)]
        out_blocks, notes = [("table", "\n".join(line.text for line in rest), {})], {}
        if not _check_no_loss(source, lines, notes_section, title, out_blocks, notes, raise_error=False):
            # the title block itself does not give back its lines: they stay in the text too
            out_blocks = [("table", "\n".join(line.text for line in lines), {})]
            _check_no_loss(source, lines, notes_section, type(title)(), out_blocks, notes)
    markdown = render(meta, out_blocks, notes)
    summary = (
        f"{page_count} pages, {sum(b.kind == 'para' for b in blocks)} paragraphs, "
        f"{sum(b.kind == 'heading' for b in blocks)} headings, {len(notes)} notes, "
        f"{report.count('Lines removed')} lines removed, {report.count('Table-like regions')} table regions"
    )
    report.facts.append(f"result: {summary}")
    return ImportResult(markdown, report.render(), summary)


_SHAPES = {
    "spread": "every line followed by a blank line (page breaks: lone folio, leading space)",
    "pdftotext": "pdftotext (form feeds between pages)",
    "plain": "plain lines",
    "pdf": "PDF read with its layout (type size, weight, position)",
}


def _check_structure(lines: list[Line], source: str) -> None:
    text = " ".join(line.text for line in lines)
    words = _WORD.findall(text)
    if len(words) < 10:
        raise PamfletError(source, f"has too little text to import ({len(words)} words)")
    letters = sum(ch.isalpha() for ch in text)
    if letters < 0.5 * sum(not ch.isspace() for ch in text):
        raise PamfletError(source, "has no recognisable text structure (too few letters)")


def _note_texts(section, vocab: Vocabulary, lang: str, log: JoinLog) -> dict[int, list[str]]:
    if not section:
        return {}
    notes = {}
    for n, lines in section.notes.items():
        first = replace(lines[0], text=strip_definition(lines[0].text))
        text = join_lines([first] + lines[1:], vocab, log) if first.text or lines[1:] else ""
        notes[n] = [normalise_spaces(text.strip(), lang, lines[0].no, log)]
    return notes


def _block_text(block: Block, markers, vocab, lang, log, note_numbers, report, referenced: set[int]) -> tuple[str, str, dict]:
    if block.kind == "table":
        return "table", "\n".join(line.text for line in block.lines), {}
    lines = block.lines
    if block.kind == "item":
        lines = [replace(lines[0], text=lines[0].text[markers[lines[0].no]:])] + lines[1:]
    text = normalise_spaces(join_lines(lines, vocab, log), lang, block.first, log)

    def note_ref(match: re.Match[str]) -> str:
        n = int(match.group(1))
        if n in note_numbers and n not in referenced:
            referenced.add(n)
            return NOTE_REF.format(n)
        if n in referenced:
            report.add("Notes", f"line {block.first}: marker [{n}] appears again; only the first becomes a footnote reference")
            return match.group(0)
        report.add("Notes", f"line {block.first}: marker [{n}] has no note text; left as text")
        return match.group(0)

    text = re.sub(r"\s?" + MARKER.pattern, note_ref, text)
    return block.kind, text, {"ordered": block.ordered, "number": block.number}


def _verified(block: Block, out: tuple[str, str, dict], report: Report) -> tuple[str, str, dict]:
    """A block whose letters and digits are not those of its lines (a stage went wrong on
    it) is kept verbatim, line by line, and flagged: one region never costs the document."""
    kind, text, extra = out
    expected = "".join("".join(_ALNUM.findall(line.text)) for line in block.lines)
    number = str(extra.get("number", "")) if kind == "item" and extra.get("ordered") else ""
    actual = "".join(_ALNUM.findall(number + _NOTE_REF.sub(r"\1", text)))
    if expected == actual:
        return out
    report.add(
        "Kept verbatim",
        f"lines {block.first}–{block.lines[-1].no}: the rebuilt text would not keep every letter of these lines; kept line by line as a line block, to check by hand",
    )
    return "table", "\n".join(line.text for line in block.lines), {}


_NOTE_REF = re.compile(r"\[\^(\d+)\]")


def _unglue(out_blocks, notes, vocab: Vocabulary, report: Report):
    def fix(text: str) -> str:
        text, changes = vocab.unglue(text)
        text, more = vocab.unglue_lower(text)
        for glued, hyph, reason in changes + more:
            report.add("Hyphens restored", f"{glued} → {hyph} ({reason})")
        return text

    blocks = [(kind, fix(text) if kind != "table" else text, extra) for kind, text, extra in out_blocks]
    return blocks, {n: [fix(p) for p in paragraphs] for n, paragraphs in notes.items()}


def _unglue_long_lines(lines: list[Line], vocab: Vocabulary, report: Report) -> None:
    """pdftotext joins a line ending in a hyphen to the next one: such lines stand out by length."""
    lengths = sorted(len(line) for line in lines)
    typical = lengths[len(lengths) // 2]
    width = line_width(lines)
    for line in lines:
        if len(line) > 1.25 * typical:
            line.text, changes = vocab.unglue_joined_line(line.text, width)
            for glued, hyph, reason in changes:
                report.add("Hyphens restored", f"line {line.no}: {glued} → {hyph} ({reason})")
            # The first line filled the width; what follows is the last line's own length.
            line.tail = max(1, len(line.text) - int(width))


def _levels_from_numbers(blocks: list[Block], out_blocks: list) -> None:
    """Text input has no type sizes: where the headings are numbered, "2" is ##, "2.1" ###,
    "2.1.1" and deeper ####; an unnumbered heading among numbered ones stays ##."""
    numbered = [re.match(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s", text) for (kind, text, _), block in zip(out_blocks, blocks) if block.kind == "heading"]
    if sum(m is not None for m in numbered) < 2:
        return
    for (kind, text, extra), block in zip(out_blocks, blocks):
        m = re.match(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s", text) if block.kind == "heading" else None
        if m:
            extra["level"] = 2 + min(m.group(1).count("."), 2)


def _metadata(title, lang: str, source: str, report: Report) -> dict[str, str]:
    meta: dict[str, str] = {}
    if title.title:
        meta["title"] = title.title
    else:
        meta["title"] = Path(source).stem
        report.add("Title block", f"no title found: set to the file name “{meta['title']}”")
    if title.subtitle:
        meta["subtitle"] = title.subtitle
    if title.author:
        meta["author"] = title.author
    if title.date:
        meta["date"] = title.date
        report.add("Title block", f"date “{title.date_text}” written as {title.date}")
    meta["lang"] = lang
    for key in ("title", "subtitle", "author"):
        if key in meta and title.lines:
            report.add("Title block", f"{key}: “{meta[key]}”")
    return meta


def _report_blocks(report: Report, blocks: list[Block], body: list[Line], full: float, notes_section, linked: set[int]) -> None:
    """The report's lines for the text's blocks and for the notes linked to their markers
    (``linked``: an unreferenced note is reported where it is kept as a paragraph)."""
    for block in blocks:
        if block.kind == "heading":
            report.add("Headings", f"line {block.first}: “{' '.join(line.text for line in block.lines)}”")
        elif block.kind == "table":
            rows = len(block.lines)
            report.add(
                "Table-like regions",
                f"lines {block.first}–{block.lines[-1].no}: {rows} lines dominated by numbers, kept line by line as a line block; rebuild as a table by hand",
            )
        elif block.kind == "item":
            report.add("Lists", f"line {block.first}: {'numbered' if block.ordered else 'bulleted'} item")
        if block.kind == "para":
            for line in block.lines[:-1]:
                if len(line) < 0.5 * full:
                    report.add("Unclassified lines", f"line {line.no}: short line inside a paragraph, joined to the next: “{line.text}”")
    if notes_section:
        for n, lines in notes_section.notes.items():
            if n in linked:
                report.add("Notes", f"note {n}: text at lines {lines[0].no}–{lines[-1].no}, linked to its marker")


def _report_log(report: Report, log: JoinLog) -> None:
    for no, word, reason in log.joined:
        report.add("Hyphens joined", f"line {no}: {word} ({reason})")
    for no, word, reason in log.kept:
        report.add("Hyphens kept", f"line {no}: {word} ({reason})")
    for no, context in log.spaces_inserted:
        report.add("Spaces inserted", f"line {no}: after sentence end in “{context}”")
    if log.whitespace_fixes:
        report.facts.append(f"whitespace normalised (double spaces, space before punctuation) in {log.whitespace_fixes} paragraphs")


def _check_no_loss(source, lines, notes_section, title, out_blocks, notes, raise_error: bool = True) -> bool:
    """Guard the rule that import never loses or reorders a word: compare letter-and-digit streams."""
    dropped = set()
    if notes_section:
        dropped |= {id(line) for line in notes_section.residue}
        if notes_section.heading:
            dropped.add(id(notes_section.heading))
    ordered = list(title.lines) + [line for line in lines if not any(line is used for used in title.lines)]
    expected = "".join("".join(_ALNUM.findall(line.text)) for line in ordered if id(line) not in dropped)
    parts = [title.title or "", getattr(title, "marks", ""), title.subtitle or "", getattr(title, "dropped", ""), title.author or "", title.date_text or ""]
    parts += [(str(extra["number"]) if kind == "item" and extra["ordered"] else "") + text for kind, text, extra in out_blocks if "unreferenced" not in extra]
    # notes in their numbers' order, those kept as paragraphs (no call in the text) among them
    every = {n: f"{n}" + " ".join(paragraphs) for n, paragraphs in notes.items()}
    every.update({extra["unreferenced"]: text for kind, text, extra in out_blocks if "unreferenced" in extra})
    parts += [every[n] for n in sorted(every)]
    actual = "".join("".join(_ALNUM.findall(part)) for part in parts)
    if expected != actual:
        if not raise_error:
            return False
        at = next((i for i, (a, b) in enumerate(zip(expected, actual)) if a != b), min(len(expected), len(actual)))
        raise PamfletError(source, f"internal error: the import would change the text near “{expected[max(0, at - 30): at + 30]}”; please report this")
    return True
