"""The print edition's typesetting, read from WeasyPrint's own layout of the seed book."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from pamflet.parse import parse_book
from pamflet.source import read_book
from pamflet.layout.weasy import render_document

from .buildcheck import is_running_head, page_lines
from .pdfread import page_texts
from .conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def document():
    return render_document(parse_book(read_book(ROOT / "book")))


def _boxes(box):
    yield box
    for child in getattr(box, "children", None) or []:
        yield from _boxes(child)


def _lines_per_element(document, tag):
    counts = defaultdict(lambda: defaultdict(int))
    for number, page in enumerate(document.pages):
        for box in _boxes(page._page_box):
            name = type(box).__name__
            if name in ("FootnoteAreaBox", "MarginBox"):
                continue
            element = getattr(box, "element", None)
            if name == "BlockBox" and element is not None and element.tag == tag:
                lines = sum(1 for child in box.children if type(child).__name__ == "LineBox")
                counts[id(element)][number] += lines
    return counts


def test_no_widows_or_orphans(document):
    for pages in _lines_per_element(document, "p").values():
        if len(pages) > 1:
            assert all(n >= 2 for n in pages.values()), dict(pages)


def test_no_heading_alone_at_the_foot_of_a_page(document):
    for number, page in enumerate(document.pages):
        blocks = [b for b in _boxes(page._page_box) if type(b).__name__ == "BlockBox" and getattr(b, "element", None) is not None
                  and b.element.tag in ("h1", "h2", "h3", "p", "table", "figure", "blockquote", "ul", "ol")]
        text_blocks = [b for b in blocks if b.element.get("class") != "footnote"]
        if text_blocks:
            assert text_blocks[-1].element.tag not in ("h1", "h2", "h3"), (number + 1, text_blocks[-1].element.text_content())


def test_table_fits_the_text_block(document):
    for page in document.pages:
        content_width = page._page_box.width
        for box in _boxes(page._page_box):
            if type(box).__name__ == "TableBox":
                assert box.margin_width() <= content_width + 0.01


def test_dutch_hyphenation_and_justification(document, tmp_path):
    pdf = tmp_path / "seed.pdf"
    document.write_pdf(pdf)
    text = "\n".join(page_texts(pdf))
    hyphenated = re.findall(r"(\w+)\u2010\n(\w+)", text)
    assert len(hyphenated) > 100
    # Dutch patterns: a few breaks seen in this book are where Dutch hyphenation puts them.
    pairs = {a + "-" + b for a, b in hyphenated}
    assert {"bolsje-wieken", "be-reiken"} & pairs or any(p.startswith(("bureau-", "bureaucra-")) for p in pairs), sorted(pairs)[:20]


def test_running_heads_and_folios(document, tmp_path):
    pdf = tmp_path / "seed.pdf"
    document.write_pdf(pdf)
    pages = [[l for l in lines if l.strip()] for lines in page_lines(pdf, "text")]
    feet = [[l for l in lines if l.strip()] for lines in page_lines(pdf, "foot")]
    headings = re.findall(r"^## (.*)$", (ROOT / "book" / "essay.md").read_text(encoding="utf-8"), re.M)
    start = next(i for i, lines in enumerate(pages) if i > 2 and lines[:1] == [headings[0]])
    for index, lines in enumerate(pages[start:], start=start):
        number = index + 1
        assert feet[index] == [str(number)], f"page {number}: folio {feet[index]}"
        if index == start:
            continue  # the text's opening page carries no running head
        if number % 2 == 0:
            assert lines[0] == "Lenin en Trotski tegen de bureaucratie", number
        else:
            assert is_running_head(lines[0], headings), (number, lines[:2])
    assert all(foot == [] for foot in feet[:start])  # front matter: no folios



# --- running heads and contents, read from the PDF's glyph positions ---

MM = 72 / 25.4
TOP_MARGIN = 17 * MM  # styles/print.css: the running heads stand in it


@pytest.fixture(scope="module")
def seed_pdf(document, tmp_path_factory):
    import pdfplumber

    path = tmp_path_factory.mktemp("seed") / "seed.pdf"
    document.write_pdf(path)
    with pdfplumber.open(path) as pdf:
        yield pdf


def head_lines(page) -> list[str]:
    """The lines of text in a page's top margin (the running head), from the glyphs' baselines."""
    chars = [c for c in page.chars if c["bottom"] <= TOP_MARGIN]
    lines = defaultdict(list)
    for char in chars:
        lines[round(char["bottom"])].append(char)
    return ["".join(c["text"] for c in sorted(line, key=lambda c: c["x0"])) for _, line in sorted(lines.items())]


def test_a_running_head_is_one_line_inside_the_margin(seed_pdf):
    headings = re.findall(r"^## (.*)$", (ROOT / "book" / "essay.md").read_text(encoding="utf-8"), re.M)
    longest = max(headings, key=len)
    for number, page in enumerate(seed_pdf.pages, start=1):
        lines = head_lines(page)
        assert len(lines) <= 1, (number, lines)
        if lines:
            chars = [c for c in page.chars if c["bottom"] <= TOP_MARGIN]
            assert min(c["top"] for c in chars) > 8 * MM, (number, "the head rises into the margin")
            # Within the text block's width (inner 20 mm / outer 15 mm margins).
            left = 15 * MM if number % 2 == 0 else 20 * MM
            assert min(c["x0"] for c in chars) >= left - 0.5 and max(c["x1"] for c in chars) <= left + 113 * MM + 0.5, number
    # p. 43: the longest heading (two lines at full length) is cut at a word, with an ellipsis.
    head = head_lines(seed_pdf.pages[42])[0]
    assert head.endswith("\u2026"), head
    words = longest.split()
    kept = next(n for n in range(len(words), 0, -1) if " ".join(words[:n]) == head[:-1])  # a whole word
    assert 0 < kept < len(words)


def test_contents_folios_stand_in_one_column_on_their_entry_s_last_line(seed_pdf):
    page = next(p for p in seed_pdf.pages[:8] if (p.extract_text() or "").startswith("Inhoud"))
    lines = page.extract_text_lines()
    entries = lines[1:]
    with_folio = [line for line in entries if re.search(r"\d+$", line["text"])]
    headings = re.findall(r"^## (.*)$", (ROOT / "book" / "essay.md").read_text(encoding="utf-8"), re.M)
    assert len(with_folio) == len(headings)  # (this layout has no index)
    ends = [line["x1"] for line in with_folio]
    assert max(ends) - min(ends) < 0.3, ends  # one column, flush right
    for line in with_folio:  # never a line of leader dots and a folio alone
        before = re.sub(r"[\s.\u00a0]*\d+$", "", line["text"])
        assert re.search(r"[^\W\d_]", before), line["text"]
        assert re.search(r"(\. ?){3,}\s*\d+$", line["text"].replace("\u00a0", " ")), line["text"]  # after leaders
    # The text of an entry never reaches the folio column.
    for line in entries:
        if line not in with_folio:
            assert line["x1"] < min(ends) - 2 * 9.5, line["text"]
