"""The print edition's running text measured from the PDF itself, against Typst (issue 11, "Measure").

For the seed (`book/`) and every test book (`tests/data/books/*`):

- pamflet's print PDF (`pamflet build --only pdf`), with total-fit line breaking, and the
  same build with it switched off (``PAMFLET_GREEDY=1``: WeasyPrint's own first fit);
- Typst (the `typst` package) typesetting the same Markdown (pandoc's Typst writer, with a
  preamble of set rules) with the same font files, size, leading, measure, justification,
  hyphenation language, first-line indent and footnotes.

Everything is read from glyph positions (pdfplumber): lines are glyphs on one baseline, a
word space is the gap between two glyphs wider than 0.1 em (kerning never is), in ems of the
body size. Only the running text counts: lines in the body size inside the text block, so
not headings (larger), running heads and folios (in the margins), footnotes, quotations,
contents and index (smaller); on pamflet's PDF only the pages from the text's first heading
to the index (or the back cover).

Also the build time, median of RUNS builds each in a process of its own, total fit on and
off interleaved. Run: `.venv/bin/python benchmarks/typography.py [--json] [--runs N] [BOOK ...]`.
Not part of `make test`; `measure_pdf` is reused by `tests/test_typography_metrics.py`.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MM = 72 / 25.4
BODY_SIZE = 10.5
LINE_HEIGHT = 1.38
INDENT_EM = 1.2
HYPHENS = ("-", "\u2010", "\xad")
GAP_EM = 0.1  # a gap between glyphs wider than this is a word space
EPOCH = "1700000000"


@dataclass(frozen=True)
class Geometry:
    """The text block: A5, margins 17 mm top, 19 mm bottom, 20 mm inner, 15 mm outer."""

    width: float = 148 * MM
    height: float = 210 * MM
    top: float = 17 * MM
    bottom: float = 19 * MM
    inner: float = 20 * MM
    outer: float = 15 * MM
    body_size: float = BODY_SIZE

    def left(self, page: int) -> float:
        return self.inner if page % 2 else self.outer  # a recto (odd page) is bound on its left

    def right(self, page: int) -> float:
        return self.width - (self.outer if page % 2 else self.inner)


A5_BOOK = Geometry()


@dataclass
class Line:
    page: int
    baseline: float  # from the top of the page
    chars: list  # the glyphs, spaces left out, left to right
    size: float  # the size most of its glyphs have
    body: bool = False
    justified: bool = False
    start: bool = False  # a paragraph's first line
    gaps: list = field(default_factory=list)  # word spaces, em

    @property
    def x0(self) -> float:
        return self.chars[0]["x0"]

    @property
    def x1(self) -> float:
        return self.chars[-1]["x1"]

    @property
    def words(self) -> list[str]:
        out, current = [], ""
        for a, b in zip(self.chars, self.chars[1:] + [None]):
            current += a["text"]
            if b is None or b["x0"] - a["x1"] > GAP_EM * self.size:
                out.append(current)
                current = ""
        return out

    @property
    def text(self) -> str:
        return " ".join(self.words)

    @property
    def hyphenated(self) -> bool:
        return self.chars[-1]["text"] in HYPHENS


def _lines(page, number: int, geometry: Geometry) -> list[Line]:
    """The page's lines inside the text block, top to bottom; a superscript (a footnote call)
    joins the line below it."""
    chars = [c for c in page.chars if c["text"].strip() and c["text"] != "\xa0"]
    chars = [c for c in chars if c["top"] >= geometry.top - 2 and c["bottom"] <= geometry.height - geometry.bottom + 3]
    for c in chars:
        c["base"] = page.height - c["matrix"][5]
    groups: list[list] = []
    for c in sorted(chars, key=lambda c: c["base"]):
        if groups and abs(groups[-1][0]["base"] - c["base"]) < 1.5:
            groups[-1].append(c)
        else:
            groups.append([c])
    # superscripts: a group of small glyphs a little above a line of larger ones joins it
    merged: list[list] = []
    for n, group in enumerate(groups):
        small = max(c["size"] for c in group) < 0.8 * geometry.body_size
        below = groups[n + 1] if n + 1 < len(groups) else None
        if small and below and 0 < below[0]["base"] - group[0]["base"] < 0.5 * geometry.body_size and max(c["size"] for c in below) >= 0.9 * geometry.body_size:
            below.extend(group)
            continue
        merged.append(group)
    lines = []
    for group in merged:
        group.sort(key=lambda c: c["x0"])
        sizes: dict[float, int] = {}
        for c in group:
            sizes[round(c["size"], 1)] = sizes.get(round(c["size"], 1), 0) + 1
        size = max(sizes, key=sizes.get)
        lines.append(Line(number, statistics.median(c["base"] for c in group), group, size))
    return lines


def _classify(lines: list[Line], geometry: Geometry) -> None:
    em = geometry.body_size
    for line in lines:
        left, right = geometry.left(line.page), geometry.right(line.page)
        line.body = abs(line.size - geometry.body_size) < 0.3 and len(line.chars) >= 2
        if not line.body:
            continue
        starts_at_edge = -1 <= line.x0 - left <= INDENT_EM * em + 1.5
        line.justified = starts_at_edge and line.x1 >= right - 2.5
        if line.justified:
            line.gaps = [(b["x0"] - a["x1"]) / line.size for a, b in zip(line.chars, line.chars[1:])
                         if b["x0"] - a["x1"] > GAP_EM * line.size]


def _paragraphs(pages: list[list[Line]], geometry: Geometry, pitch: float) -> None:
    """Mark each body line that starts a paragraph: indented, after a heading or a gap, or
    after a line that ended one (ragged); a page's first line continues the paragraph only if
    the previous page's last body line was full (justified)."""
    previous: Line | None = None
    for lines in pages:
        prior_on_page: Line | None = None
        for line in lines:
            if line.body:
                indent = line.x0 - geometry.left(line.page)
                if abs(indent - INDENT_EM * geometry.body_size) < 2:
                    line.start = True
                elif prior_on_page is not None and not prior_on_page.body:
                    line.start = True  # after a heading, a quotation, a list in another size
                elif prior_on_page is not None and line.baseline - prior_on_page.baseline > 1.4 * pitch:
                    line.start = True
                elif previous is None or not previous.justified:
                    line.start = True
                previous = line
            prior_on_page = line
            if not line.body and line.size > geometry.body_size + 0.3:
                previous = None  # a heading ends the paragraph before it


def measure_pdf(path, pages=None, geometry: Geometry = A5_BOOK, footnotes: bool = False) -> dict:
    """The running text's figures for ``pages`` (1-based page numbers; all if None)."""
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        numbers = list(pages) if pages is not None else list(range(1, len(pdf.pages) + 1))
        by_page = [_lines(pdf.pages[n - 1], n, geometry) for n in numbers]
    for lines in by_page:
        _classify(lines, geometry)
    diffs = [b.baseline - a.baseline for lines in by_page for a, b in zip(lines, lines[1:]) if a.body and b.body]
    pitch = statistics.median(diffs) if diffs else geometry.body_size * LINE_HEIGHT
    _paragraphs(by_page, geometry, pitch)
    body = [[line for line in lines if line.body] for lines in by_page]
    flow = [line for lines in body for line in lines]
    justified = [line for line in flow if line.justified]
    hyphenated = [line for line in flow if line.hyphenated]
    gaps = [gap for line in justified for gap in line.gaps]

    runs = 0
    for lines in body:
        length = 0
        for line in lines + [None]:
            if line is not None and line.hyphenated:
                length += 1
                continue
            runs += length >= 3
            length = 0

    two_letter = capitalised = 0
    for a, b in zip(flow, flow[1:]):
        if a.hyphenated and not b.start:
            first = re.sub(r"\W+$", "", b.words[0])
            two_letter += len(first) == 2 and first.isalpha()
    for line in hyphenated:
        fragment = line.words[-1].lstrip("\"'‘“(«[")
        capitalised += fragment[:1].isupper()

    recto_last = sum(1 for lines in body if lines and lines[-1].page % 2 and lines[-1].hyphenated)
    widows = orphans = 0
    for n, lines in enumerate(body):
        if not lines:
            continue
        top, foot = lines[0], lines[-1]
        following = next((ls for ls in body[n + 1:] if ls), None)
        # a widow: the page's first line ends a paragraph begun on the page before
        ends = not top.justified or (len(lines) > 1 and lines[1].start)
        if not top.start and ends and not _heading_above(by_page[n], top, geometry):
            widows += 1
        # an orphan: the page's last line begins a paragraph that goes on overleaf
        if foot.start and foot.justified and following is not None and not following[0].start:
            orphans += 1

    # pages ending short: the lowest text on the page (footnotes too) against a full page, the
    # most common case (the median: a heading or a footnote shifts a page's grid a little)
    full = statistics.median([lines[-1].baseline for lines in by_page if lines] or [0])
    short = []
    for n, lines in enumerate(by_page):
        if not any(line.body for line in lines) or n + 1 >= len(by_page):
            continue  # the last page of the text ends where it ends
        after = by_page[n + 1]
        if not after or not after[0].body and after[0].size > geometry.body_size + 0.3:
            continue  # a section's last page before a chapter or a heading at the page top
        if (full - lines[-1].baseline) >= 1.5 * pitch:
            short.append(lines[-1].page)

    result = {
        "pages": f"{numbers[0]}–{numbers[-1]}" if numbers else "",
        "baseline_pitch_pt": round(pitch, 2),
        "justified_lines": len(justified),
        "hyphenated": len(hyphenated),
        "hyphenated_pct": round(100 * len(hyphenated) / len(justified), 1) if justified else 0.0,
        "runs_of_3": runs,
        "lines_over_0.4em": sum(1 for line in justified if line.gaps and max(line.gaps) > 0.4),
        "lines_over_0.5em": sum(1 for line in justified if line.gaps and max(line.gaps) > 0.5),
        "lines_over_0.75em": sum(1 for line in justified if line.gaps and max(line.gaps) > 0.75),
        "widest_space_em": round(max(gaps), 2) if gaps else 0.0,
        "median_space_em": round(statistics.median(gaps), 3) if gaps else 0.0,
        "tight_lines": sum(1 for line in justified if line.gaps and min(line.gaps) < 0.2),
        "widows": widows,
        "orphans": orphans,
        "short_pages": len(short),
        "two_letter_fragments": two_letter,
        "hyphenated_capitalised": capitalised,
        "recto_last_line_hyphens": recto_last,
    }
    if footnotes:
        result.update(_footnotes(by_page, geometry))
    return result


def _heading_above(lines: list[Line], top: Line, geometry: Geometry) -> bool:
    return any(line.baseline < top.baseline and line.size > geometry.body_size + 0.3 for line in lines)


def _footnotes(by_page: list[list[Line]], geometry: Geometry) -> dict:
    """Each footnote call (superscript digits in the text) against the notes at the page's foot
    (lines in a smaller size below the text that start with "N.")."""
    calls = on_page = 0
    for lines in by_page:
        last_body = max((line.baseline for line in lines if line.body), default=0)
        notes = set()
        for line in lines:
            if line.size < geometry.body_size - 1 and line.baseline > last_body:
                match = re.match(r"(\d+)\.", line.words[0] if line.words else "")
                if match:
                    notes.add(int(match.group(1)))
        for line in lines:
            if line.baseline > last_body or line.size < geometry.body_size - 0.3:
                continue
            digits, previous = "", None
            for c in line.chars + [None]:
                superscript = c is not None and c["size"] < 0.8 * geometry.body_size and c["text"].isdigit()
                if superscript and (previous is None or c["x0"] - previous["x1"] < 0.5):
                    digits += c["text"]
                else:
                    if digits:
                        calls += 1
                        on_page += int(digits) in notes
                    digits = c["text"] if superscript else ""
                previous = c if superscript else None
    return {"footnote_calls": calls, "footnotes_on_call_page": on_page}


# -- the books --------------------------------------------------------------------------

def books() -> list[Path]:
    return [ROOT / "book"] + sorted(p for p in (ROOT / "tests" / "data" / "books").iterdir() if p.is_dir())


def _front_matter(path: Path) -> tuple[dict, str]:
    import yaml

    text = path.read_text(encoding="utf-8")
    if text.startswith("---\n"):
        head, body = text[4:].split("\n---\n", 1)
        return yaml.safe_load(head) or {}, body
    return {}, text


def sources(folder: Path) -> tuple[dict, list[Path]]:
    """The book's metadata and its Markdown files in order (the one with a YAML block, or its chapters)."""
    for md in sorted(folder.glob("*.md")):
        meta, _ = _front_matter(md)
        if meta.get("title"):
            chapters = [folder / name for name in meta.get("chapters") or []]
            return meta, [md] + chapters
    raise SystemExit(f"{folder}: no Markdown file with a YAML block")


def _first_heading(files: list[Path]) -> str:
    for md in files:
        for line in _front_matter(md)[1].splitlines():
            match = re.match(r"#{1,6}\s+(.*?)\s*(\{.*\})?\s*$", line)
            if match:
                return match.group(1)
    raise SystemExit("no heading in the book")


def _index_titles() -> set[str]:
    import yaml

    labels = yaml.safe_load((ROOT / "templates" / "labels.yml").read_text(encoding="utf-8"))
    return {words[key] for words in labels.values() if isinstance(words, dict) for key in ("index", "indexes", "persons", "subjects") if key in words}


def body_pages(pdf_path: Path, first_heading: str, geometry: Geometry = A5_BOOK) -> list[int]:
    """pamflet's text pages: from the page where the first heading of the text stands in a
    heading's size (not the contents' entry) to the page before the index or the back cover."""
    import pdfplumber

    squash = lambda s: re.sub(r"\s+", "", s)  # noqa: E731
    wanted, titles = squash(first_heading), {squash(t) for t in _index_titles()}
    start = end = None
    with pdfplumber.open(str(pdf_path)) as pdf:
        count = len(pdf.pages)
        for n in range(2, count):
            headings = [squash(line.text) for line in _lines(pdf.pages[n - 1], n, geometry) if line.size > geometry.body_size + 0.3]
            if start is None and any(h and (wanted.startswith(h) or h.startswith(wanted)) for h in headings):
                start = n
            elif start is not None and any(h in titles for h in headings):
                end = n - 1
                break
    if start is None:
        raise SystemExit(f"{pdf_path}: the first heading {first_heading!r} is not found")
    return list(range(start, (end or count - 1) + 1))  # the last page is the back cover


# -- Typst ------------------------------------------------------------------------------

def cap_height_em() -> float:
    from fontTools.ttLib import TTFont

    font = TTFont(ROOT / "styles" / "fonts" / "LinLibertine_R.otf")
    return font["OS/2"].sCapHeight / font["head"].unitsPerEm


def typst_source(meta: dict, files: list[Path]) -> str:
    """pandoc's Typst for the book's Markdown, after a preamble that sets it as pamflet does."""
    import pypandoc

    lang, _, region = str(meta.get("lang", "en")).partition("-")
    # Typst's leading is the gap from one line's bottom edge (the baseline) to the next one's
    # top edge (the cap height): baseline distance = cap height + leading = 10.5pt × 1.38.
    leading = BODY_SIZE * (LINE_HEIGHT - cap_height_em())
    region_arg = f', region: "{region.lower()}"' if region else ""
    preamble = f"""
#set page(paper: "a5", binding: left, margin: (top: 17mm, bottom: 19mm, inside: 20mm, outside: 15mm), numbering: "1")
#set text(font: "Linux Libertine O", size: {BODY_SIZE}pt, lang: "{lang.lower()}"{region_arg}, hyphenate: true, number-type: "old-style", top-edge: "cap-height", bottom-edge: "baseline")
#set par(justify: true, leading: {leading:.3f}pt, spacing: {leading:.3f}pt, first-line-indent: {INDENT_EM}em)
#show heading: set text(weight: "regular", hyphenate: false)
#show heading: set par(justify: false)
#show heading.where(level: 1): it => {{ pagebreak(weak: true, to: "odd"); set text(size: 16pt); block(above: 0pt, below: 8mm, it.body) }}
#show heading.where(level: 2): it => {{ set text(size: 12pt, style: "italic"); block(above: 1.6em, below: 0.7em, it.body) }}
#show heading.where(level: 3): it => {{ set text(size: {BODY_SIZE}pt, style: "italic"); block(above: 1.2em, below: 0.4em, it.body) }}
#show quote.where(block: true): set text(size: 9.5pt)
#show figure.caption: set text(size: 8.5pt, style: "italic")
#show footnote.entry: set text(size: 8.5pt)
#show footnote.entry: set par(justify: false, leading: {8.5 * (1.3 - cap_height_em()):.3f}pt)
#set footnote.entry(separator: line(length: 30%, stroke: 0.4pt))
#let horizontalrule = line(length: 100%, stroke: 0.4pt)
"""
    parts = []
    for md in files:
        _, body = _front_matter(md)
        if body.strip():
            typ = pypandoc.convert_text(body, "typst", format="markdown-smart")
            # images by absolute path: the document is compiled with root "/"
            typ = re.sub(r'image\("(?!/)([^"]+)"', lambda m: f'image("{(md.parent / m.group(1)).resolve()}"', typ)
            parts.append(typ)
    return preamble + "\n\n".join(parts)


def typst_pdf(meta: dict, files: list[Path], out: Path) -> tuple[Path, float]:
    import typst

    out.parent.mkdir(parents=True, exist_ok=True)
    source = out.with_suffix(".typ")
    source.write_text(typst_source(meta, files), encoding="utf-8")
    start = time.perf_counter()
    typst.compile(str(source), output=str(out), root="/", font_paths=[str(ROOT / "styles" / "fonts")])
    return out, time.perf_counter() - start


# -- pamflet ----------------------------------------------------------------------------

def pamflet_build(folder: Path, out: Path, greedy: bool) -> tuple[float, float]:
    """One `pamflet build --only pdf` in a process of its own: wall time and CPU time (user +
    system, the machine being shared), in seconds."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    env.pop("PAMFLET_GREEDY", None)
    if greedy:
        env["PAMFLET_GREEDY"] = "1"
    command = [sys.executable, "-m", "pamflet.cli", "build", str(folder), "-o", str(out), "--only", "pdf"]
    shutil.rmtree(out, ignore_errors=True)  # a cold build each time: the folder's build cache would make it a no-op
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return elapsed, usage.ru_utime + usage.ru_stime


def run(folders: list[Path], runs: int, keep: Path | None = None) -> dict:
    results = {}
    with tempfile.TemporaryDirectory() as scratch:
        tmp = keep or Path(scratch)
        for folder in folders:
            name = folder.name
            meta, files = sources(folder)
            times = {"on": [], "off": []}
            for n in range(runs):  # interleaved, so that a busy machine slows both alike
                times["on"].append(pamflet_build(folder, tmp / name / "on", greedy=False))
                times["off"].append(pamflet_build(folder, tmp / name / "off", greedy=True))
            pdf_on = next((tmp / name / "on").glob("*.pdf"))
            pdf_off = next((tmp / name / "off").glob("*.pdf"))
            heading = _first_heading(files)
            entry = {}
            pages = body_pages(pdf_on, heading)
            entry["pamflet"] = measure_pdf(pdf_on, pages, footnotes=True)
            entry["pamflet"]["build_s"] = round(statistics.median(t for t, _ in times["on"]), 2)
            entry["pamflet"]["build_cpu_s"] = round(statistics.median(c for _, c in times["on"]), 2)
            pages_off = body_pages(pdf_off, heading)
            entry["pamflet greedy"] = measure_pdf(pdf_off, pages_off, footnotes=True)
            entry["pamflet greedy"]["build_s"] = round(statistics.median(t for t, _ in times["off"]), 2)
            entry["pamflet greedy"]["build_cpu_s"] = round(statistics.median(c for _, c in times["off"]), 2)
            typ_pdf, seconds = typst_pdf(meta, files, tmp / name / "typst.pdf")
            entry["typst"] = measure_pdf(typ_pdf)
            entry["typst"]["build_s"] = round(seconds, 2)
            results[name] = entry
    return results


ROWS = [
    ("pages", "pages measured"),
    ("baseline_pitch_pt", "baseline distance (pt)"),
    ("justified_lines", "justified lines"),
    ("hyphenated", "hyphenated line ends"),
    ("hyphenated_pct", "  % of justified lines"),
    ("runs_of_3", "runs of ≥ 3 hyphens"),
    ("lines_over_0.4em", "lines, spaces > 0.4 em"),
    ("lines_over_0.5em", "lines, spaces > 0.5 em"),
    ("lines_over_0.75em", "lines, spaces > 0.75 em"),
    ("widest_space_em", "widest space (em)"),
    ("median_space_em", "median space (em)"),
    ("tight_lines", "tight lines (< 0.2 em)"),
    ("widows", "widows"),
    ("orphans", "orphans"),
    ("short_pages", "pages ≥ 1.5 lines short"),
    ("two_letter_fragments", "two-letter fragments"),
    ("hyphenated_capitalised", "hyphenated capitalised"),
    ("recto_last_line_hyphens", "hyphens, recto's last line"),
    ("footnotes_on_call_page", "footnotes on call's page"),
    ("build_s", "build time (s)"),
    ("build_cpu_s", "  CPU time (s)"),
]


def table(results: dict) -> str:
    columns = [(book, engine) for book, entry in results.items() for engine in entry]
    header = ["", *[f"{book}: {engine}" for book, engine in columns]]
    rows = [header]
    for key, label in ROWS:
        row = [label]
        for book, engine in columns:
            figures = results[book][engine]
            if key == "footnotes_on_call_page":
                value = f"{figures[key]}/{figures['footnote_calls']}" if key in figures else "–"
            else:
                value = str(figures.get(key, "–"))
            row.append(value)
        rows.append(row)
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    out = []
    for n, row in enumerate(rows):
        out.append("  ".join(cell.ljust(widths[0]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row)))
        if n == 0:
            out.append("-" * len(out[0]))
    out.append("")
    for book, entry in results.items():
        if "pamflet" in entry and "pamflet greedy" in entry and entry["pamflet greedy"]["build_s"]:
            wall = entry["pamflet"]["build_s"] / entry["pamflet greedy"]["build_s"]
            cpu = entry["pamflet"]["build_cpu_s"] / entry["pamflet greedy"]["build_cpu_s"]
            out.append(f"{book}: build with total fit / without (PAMFLET_GREEDY=1): {wall:.2f}× wall time, {cpu:.2f}× CPU time")
    out.append("build time: pamflet `build --only pdf`, median of the runs, each a process of its own, on and off"
               " interleaved; typst: one typst.compile in this process (no start-up, no pandoc)")
    return "\n".join(out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("books", nargs="*", type=Path, help="book folders (default: book/ and tests/data/books/*)")
    parser.add_argument("--runs", type=int, default=3, help="builds per setting for the timing (default 3)")
    parser.add_argument("--json", action="store_true", help="also write the figures as JSON to stdout (the table then goes to stderr)")
    parser.add_argument("--keep", type=Path, help="keep the PDFs (and the Typst sources) in this folder")
    args = parser.parse_args(argv)
    results = run([p.resolve() for p in args.books] or books(), args.runs, args.keep.resolve() if args.keep else None)
    if args.json:  # the figures alone on stdout, for a program to read; the table to stderr
        print(table(results), file=sys.stderr)
        print(json.dumps(results, indent=2, ensure_ascii=False))
    else:
        print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
