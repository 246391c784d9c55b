#!/usr/bin/env python3
"""Regenerate the synthetic `pamflet import` test corpus.

Run:  /work/main/.venv/bin/python tests/data/import/make_synthetic.py [--keep-pdf DIR]

For each case: sources/<lang>.md -> HTML (pypandoc) -> PDF (WeasyPrint, A5,
justified, hyphens: auto) -> text (poppler's pdftotext), written to
<case>/raw.txt, plus the ground truth in <case>/expected.json.
PDFs go to a temporary directory (or --keep-pdf DIR) and are not kept here.

Shapes:
  pdftotext  `pdftotext file.pdf raw.txt`, byte for byte.
  seed       lines and words from `pdftotext -bbox-layout` (same reading
             order, but words are not glued across line ends), laid out like
             the seed sample: every line + " \\n\\n", a page break is blank
             lines, a lone " 2 " folio/running-head line and a " " line; a
             break without margin text starts the new page's first line with
             a space right after the previous line.
"""
import argparse
import html
import json
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pypandoc
import yaml
from weasyprint import HTML

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"

# name, lang, shape, design, hyphenate-character used by the renderer
CASES = [
    ("nl-seed-a", "nl", "seed", "a", "-"),
    ("nl-pdftotext-b", "nl", "pdftotext", "b", "\u2010"),
    ("nl-seed-b", "nl", "seed", "b", "-"),
    ("en-pdftotext-a", "en", "pdftotext", "a", "\u2010"),
    ("en-seed-c", "en", "seed", "c", "-"),
    ("de-pdftotext-c", "de", "pdftotext", "c", "-"),
    ("de-seed-d", "de", "seed", "d", "-"),
]

NOTES_HEADING = {"nl": "NOTEN", "en": "Notes", "de": "Anmerkungen"}
MONTHS = {
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "en": "january february march april may june july august september october november december",
    "de": "januar februar märz april mai juni juli august september oktober november dezember",
}

# Page margins (mm); extracted lines inside them are margin text (heads, folios).
MARGIN_TOP_MM, MARGIN_BOTTOM_MM = 22, 20
MM = 72 / 25.4

BASE_CSS = """
@page { size: A5; margin: %(top)smm 18mm %(bottom)smm 18mm; }
body { font-family: "DejaVu Serif"; font-size: 10pt; line-height: 1.35;
       text-align: justify; hyphens: auto; hyphenate-character: "%(hyph)s"; }
header { margin-bottom: 1.5em; text-align: left; hyphens: manual; }
h1 { font-size: 19pt; margin: 0 0 0.2em; }
.subtitle { font-size: 12pt; font-style: italic; margin: 0 0 0.8em; }
.author, .date { margin: 0; }
h2 { font-size: 13pt; font-weight: bold; text-align: left; hyphens: manual;
     margin: 1.1em 0 0.4em; break-after: avoid; }
ul, ol { margin: 0.3em 0 0.6em; padding-left: 1.4em; }
li { margin-bottom: 0.2em; }
.url { hyphens: none; }
"""

# The four page designs (CSS margin boxes). %(title)s / %(author)s are quoted.
DESIGNS = {
    # (a) running head (title) on all pages incl. p. 1, folio bottom right on all pages
    "a": """
p { margin: 0 0 0.5em; }
@page { @top-center { content: %(title)s; font-size: 8pt; font-style: italic; }
        @bottom-right { content: counter(page); font-size: 9pt; } }
""",
    # (b) running head on odd (right) pages only, folio top outside, none on p. 1
    "b": """
p { margin: 0; text-indent: 1.2em; }
h2 + p, header + p { text-indent: 0; }
@page :right { @top-center { content: %(title)s; font-size: 8pt; }
               @top-right { content: counter(page); font-size: 9pt; } }
@page :left { @top-left { content: counter(page); font-size: 9pt; } }
@page :first { @top-center { content: none; } @top-right { content: none; } }
""",
    # (c) running head (author) on even (left) pages only, folio bottom centre, none on p. 1
    "c": """
p { margin: 0 0 0.4em; }
@page :left { @top-center { content: %(author)s; font-size: 8pt; letter-spacing: 0.05em; } }
@page { @bottom-center { content: counter(page); font-size: 9pt; } }
@page :first { @bottom-center { content: none; } }
""",
    # (d) no running head, folio bottom right, none on p. 1
    "d": """
p { margin: 0; text-indent: 1.2em; }
h2 + p, header + p { text-indent: 0; }
@page { @bottom-right { content: counter(page); font-size: 9pt; } }
@page :first { @bottom-right { content: none; } }
""",
}

# Words for the no-lost-words check: runs of letters/digits, kept together
# across inner - ’ ' . , (Sovjet-Unie, kilo’s, 1.200.000, 3,5).
WORD_RE = re.compile(r"\w+(?:[-’'.,]\w+)*")
MARKER_RE = re.compile(r"\[\d+\]")
URL_RE = re.compile(r"https?://[^\s<]*[^\s<.,;:]")
BODY_WORDS_RULE = ("text of the rendered body (headings, paragraphs, list items; "
                   "no title block, no notes section), [n] markers removed, "
                   "then re.findall(body_words_regex, text)")


def read_source(lang):
    """Split sources/<lang>.md into (meta, body markdown, notes markdown)."""
    text = (SOURCES / f"{lang}.md").read_text(encoding="utf-8")
    _, front, rest = text.split("---\n", 2)
    meta = yaml.safe_load(front)
    head = f"## {NOTES_HEADING[lang]}\n"
    body, notes = rest.split(head)
    return meta, body.strip() + "\n", head + notes


def md_to_html(md):
    return pypandoc.convert_text(md, "html5", format="markdown-smart-auto_identifiers",
                                 extra_args=["--wrap=none"])


class TextOf(HTMLParser):
    """Plain text of an HTML fragment, with a space between elements."""
    def __init__(self):
        super().__init__()
        self.parts = []

    def handle_starttag(self, tag, attrs):
        self.parts.append(" ")

    def handle_endtag(self, tag):
        self.parts.append(" ")

    def handle_data(self, data):
        self.parts.append(data)


def html_text(fragment):
    p = TextOf()
    p.feed(fragment)
    return "".join(p.parts)


def iso_date(lang, date):
    month, year = date.split()
    return f"{int(year):04d}-{MONTHS[lang].split().index(month.lower()) + 1:02d}"


def css_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def build_html(lang, meta, body_md, notes_md, design, hyph):
    css = BASE_CSS % {"top": MARGIN_TOP_MM, "bottom": MARGIN_BOTTOM_MM, "hyph": hyph}
    css += DESIGNS[design] % {"title": css_string(meta["title"]),
                              "author": css_string(meta["author"])}
    e = html.escape
    # URLs are not hyphenated (they may still break at a '/' or '-')
    notes_html = URL_RE.sub(r'<span class="url">\g<0></span>', md_to_html(notes_md))
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{e(meta['title'])}</title>
<style>{css}</style></head><body>
<header><h1>{e(meta['title'])}</h1>
<p class="subtitle">{e(meta['subtitle'])}</p>
<p class="author">{e(meta['author'])}</p>
<p class="date">{e(meta['date'])}</p></header>
{md_to_html(body_md)}
{notes_html}
</body></html>"""


def bbox_pages(pdf):
    """Pages as (height, [(yMin, yMax, text), ...]), in pdftotext's reading order."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"],
                         check=True, capture_output=True).stdout.decode("utf-8")
    xml = xml[xml.index("<doc>"):xml.index("</doc>") + 6]
    pages = []
    for page in ET.fromstring(xml).iter("page"):
        height = float(page.get("height"))
        lines = []
        for line in page.iter("line"):
            text = " ".join(w.text for w in line.iter("word"))
            lines.append((float(line.get("yMin")), float(line.get("yMax")), text))
        pages.append((height, lines))
    return pages


def split_margins(pages):
    """Per page: (top margin lines, body lines, bottom margin lines)."""
    out = []
    for height, lines in pages:
        top = [t for y0, y1, t in lines if y1 < MARGIN_TOP_MM * MM]
        bottom = [t for y0, y1, t in lines if y0 > height - MARGIN_BOTTOM_MM * MM]
        body = [t for y0, y1, t in lines
                if not (y1 < MARGIN_TOP_MM * MM or y0 > height - MARGIN_BOTTOM_MM * MM)]
        out.append((top, body, bottom))
    return out


def seed_text(parts):
    """Lay the extracted lines out like the seed sample (see module doc)."""
    out = []
    top0 = parts[0][0]
    for t in top0:
        out.append(f" {t} \n")
    if top0:
        out.append(" \n\n")
    prev_margin = True  # page 1 starts plainly
    for i, (top, body, bottom) in enumerate(parts):
        for j, line in enumerate(body):
            lead = " " if (j == 0 and not prev_margin) else ""
            last_before_bare_break = (j == len(body) - 1 and i + 1 < len(parts)
                                      and not (bottom or parts[i + 1][0]))
            out.append(f"{lead}{line} \n" + ("" if last_before_bare_break else "\n"))
        margin = bottom + (parts[i + 1][0] if i + 1 < len(parts) else [])
        if margin:
            out.append("\n\n")
            out.extend(f" {t} \n" for t in margin)
            if i + 1 < len(parts):
                out.append(" \n\n")
        prev_margin = bool(margin)
    return "".join(out)


def line_end_splits(parts, words):
    """Words the renderer broke at a line end: (hard compounds, soft-hyphenated)."""
    body_lines = [l for _, body, _ in parts for l in body]
    hard, soft = [], []
    for a, b in zip(body_lines, body_lines[1:]):
        last, first = a.split()[-1], b.split()[0]
        if last[-1] not in "-\u2010" or not WORD_RE.findall(last) or not WORD_RE.findall(first):
            continue
        left, right = WORD_RE.findall(last)[-1], WORD_RE.findall(first)[0]
        if last[-1] == "-" and f"{left}-{right}" in words:
            hard.append(f"{left}-{right}")
        elif left + right in words:
            soft.append(left + right)
        else:
            print(f"  warning: unclassified line-end hyphen {last!r} / {first!r}")
    return hard, soft


def squash(s):
    return re.sub(r"[\W_]", "", s)


def make_case(name, lang, shape, design, hyph, tmp):
    meta, body_md, notes_md = read_source(lang)
    pdf = Path(tmp) / f"{name}.pdf"
    HTML(string=build_html(lang, meta, body_md, notes_md, design, hyph)).write_pdf(pdf)

    plain = subprocess.run(["pdftotext", str(pdf), "-"], check=True,
                           capture_output=True).stdout.decode("utf-8")
    parts = split_margins(bbox_pages(pdf))
    raw = plain if shape == "pdftotext" else seed_text(parts)

    # Consistency: bbox lines and the plain output hold the same characters.
    bbox_all = "".join(t for tp, b, bt in parts for t in tp + b + bt)
    assert sorted(squash(bbox_all)) == sorted(squash(plain)), name

    body_text = MARKER_RE.sub("", html_text(md_to_html(body_md)))
    body_words = WORD_RE.findall(body_text)
    # No-lost-words self-check on the body lines (margin text left out, so a
    # word broken across a page break with a running head still matches).
    raw_sq = squash("".join(t for _, b, _ in parts for t in b))
    lost = [w for w in body_words if squash(w) not in raw_sq]
    assert not lost, (name, lost[:5])

    compounds = list(dict.fromkeys(w for w in body_words if re.search(r"\w-\w", w)))
    notes_words = WORD_RE.findall(html_text(md_to_html(notes_md)))
    hard, soft = line_end_splits(parts, set(body_words + notes_words))

    headings = re.findall(r"^## (.+)$", body_md, re.M)
    notes = dict(re.findall(r"^\[(\d+)\] (.+)$", notes_md, re.M))
    lists, cur, kind = [], [], None
    for line in body_md.splitlines() + [""]:
        m = re.match(r"^(- |\d+\. )(.+)$", line)
        k = None if not m else ("ul" if m.group(1) == "- " else "ol")
        if cur and k != kind:
            lists.append(cur)
            cur = []
        if m:
            cur.append(m.group(2))
        kind = k
    running = {"a": meta["title"], "b": meta["title"], "c": meta["author"], "d": None}[design]

    expected = {
        "lang": lang,
        "shape": shape,
        "design": design,
        "design_notes": {
            "a": "running head (title) on all pages; folio bottom right on all pages",
            "b": "running head (title) on odd pages except p. 1; folio top outside; no folio on p. 1",
            "c": "running head (author) on even pages; folio bottom centre; no folio on p. 1",
            "d": "no running head; folio bottom right; no folio on p. 1",
        }[design],
        "hyphenate_character": hyph,
        "pages": len(parts),
        "title": meta["title"],
        "subtitle": meta["subtitle"],
        "author": meta["author"],
        "date": iso_date(lang, meta["date"]),
        "date_text": meta["date"],
        "headings": headings,
        "notes_heading": NOTES_HEADING[lang],
        "notes": notes,
        "lists": lists,
        "running_heads": running,
        "compounds": compounds,
        "compounds_broken_at_line_end": hard,
        "soft_hyphenated_at_line_end": soft,
        "body_words_rule": BODY_WORDS_RULE,
        "body_words_regex": WORD_RE.pattern,
        "body_words": body_words,
    }
    out = HERE / name
    out.mkdir(exist_ok=True)
    (out / "raw.txt").write_bytes(raw.encode("utf-8"))
    # one key per line, values compact
    compact = dict(ensure_ascii=False, separators=(",", ":"))
    text = ",\n".join(f" {json.dumps(k)}: {json.dumps(v, **compact)}"
                      for k, v in expected.items())
    (out / "expected.json").write_text("{\n" + text + "\n}\n", encoding="utf-8")
    print(f"{name}: {len(parts)} pages, {len(body_words)} words, "
          f"{len(hard)} hard / {len(soft)} soft line-end hyphens")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keep-pdf", metavar="DIR", help="write the PDFs to DIR")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pdf_dir = args.keep_pdf or tmp
        Path(pdf_dir).mkdir(parents=True, exist_ok=True)
        for case in CASES:
            make_case(*case, pdf_dir)


if __name__ == "__main__":
    sys.exit(main())
