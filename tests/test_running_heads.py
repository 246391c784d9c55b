"""Running heads never wrap: a heading's short form, or a title cut at a word with an ellipsis;
read from a real PDF of a small book (pdfplumber: the glyphs in the top margin)."""

from __future__ import annotations

from collections import defaultdict

import pytest

from pamflet.heads import HEAD_WIDTH, css_string, running_head, text_width
from pamflet.parse import parse_book
from pamflet.source import read_book
from pamflet.layout import lay_out
from pamflet.writers.pdf import write_pdf

MM = 72 / 25.4
LONG = ("A heading long enough that its running head would have to wrap onto a second line and "
        "rise into the margin above it")
TITLE = "The title of this book is so long that on the versos its running head would also wrap to two lines"
PARAGRAPH = "Words follow words in a paragraph of plain text, set justified with hyphenation. " * 12


def test_a_title_that_fits_is_its_own_head():
    assert running_head("Inleidende opmerkingen") == "Inleidende opmerkingen"


def test_a_short_form_replaces_the_title():
    assert running_head(LONG, "Short form") == "Short form"


def test_a_long_title_is_cut_after_a_whole_word_with_an_ellipsis():
    head = running_head(LONG)
    assert text_width(LONG) > HEAD_WIDTH and text_width(head) <= HEAD_WIDTH
    assert head.endswith("\u2026")
    kept = head[:-1].split(" ")
    assert kept == LONG.split(" ")[: len(kept)]  # whole words, in order
    assert len(kept[-1]) > 2  # not "…and the…"


def test_punctuation_before_the_cut_is_dropped():
    head = running_head("Trotski, Zinovjev, Kamenev, Boecharin, Rykov, Tomski, Stalin, Sokolnikov, Preobrazjenski, Radek, Pjatakov")
    assert head.endswith("\u2026") and not head[:-1].endswith(",")


def test_a_css_string_cannot_close_the_style_element():
    assert "</style" not in css_string('</style><script>"x"\\')
    assert css_string("Lenin – Trotski") == '"Lenin – Trotski"'


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    import pdfplumber

    folder = tmp_path_factory.mktemp("heads")
    (folder / "book.md").write_text(
        f"---\ntitle: {TITLE}\nlang: en\n---\n\n## First\n\n{PARAGRAPH}\n\n## {LONG}\n\n"
        + f"{PARAGRAPH}\n\n" * 6 + f"## {LONG} again {{short=\"Short form\"}}\n\n" + f"{PARAGRAPH}\n\n" * 6,
        encoding="utf-8")
    path = folder / "book.pdf"
    path.write_bytes(_print_pdf(parse_book(read_book(folder))))
    with pdfplumber.open(path) as opened:
        yield opened


def heads(pdf) -> dict[int, list[tuple[str, float, float, float]]]:
    """Page number → the lines in the top margin: (text, top, x0, x1)."""
    out = {}
    for number, page in enumerate(pdf.pages, start=1):
        lines = defaultdict(list)
        for char in page.chars:
            if char["bottom"] <= 17 * MM:
                lines[round(char["bottom"])].append(char)
        out[number] = [("".join(c["text"] for c in sorted(cs, key=lambda c: c["x0"])), min(c["top"] for c in cs),
                        min(c["x0"] for c in cs), max(c["x1"] for c in cs)) for _, cs in sorted(lines.items())]
    return out


def test_every_head_is_one_line_within_the_text_block(pdf):
    found = heads(pdf)
    texts = {lines[0][0] for lines in found.values() if lines}
    assert running_head(LONG) in texts  # the long heading, cut
    assert "Short form" in texts  # the short form, not the heading
    assert running_head(TITLE) in texts and running_head(TITLE) != TITLE  # the book title on versos, cut
    assert not any(LONG in t for t in texts)
    for number, lines in found.items():
        assert len(lines) <= 1, (number, lines)
        for text, top, x0, x1 in lines:
            left = 15 * MM if number % 2 == 0 else 20 * MM
            assert top > 8 * MM and x0 >= left - 0.5 and x1 <= left + HEAD_WIDTH + 0.5, (number, text)


def test_the_full_title_stays_in_the_text_and_contents(pdf):
    text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert " ".join(text.split()).count(" ".join(LONG.split()[:8])) >= 3  # contents ×2 and the heading


def _print_pdf(book) -> bytes:
    return write_pdf(book, lay_out(book))
