"""A rebuild in the same process takes the pages a change did not reach (layout/incremental.py),
and its PDF is byte for byte the PDF of a layout made from scratch — after edits of each kind."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from pamflet.build import build
from pamflet.layout import incremental

from .conftest import EPOCH, ROOT

pytestmark = pytest.mark.slow
INDEX = """persons:
  - term: Lenin, Vladimir
    forms: [Lenin]
  - term: Stalin, Jozef
    forms: [Stalin]
subjects:
  - term: bureaucratie
  - term: sovjets
    forms: [sovjets, sovjet]
"""


@pytest.fixture(autouse=True)
def _epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.delenv("PAMFLET_FULL_LAYOUT", raising=False)
    monkeypatch.setattr(incremental, "KEEP", True)


def _book(tmp_path: Path, length: int = 30000) -> Path:
    """A third of the seed (some fifteen pages: headings, the contents, a footnote, the index),
    with a figure."""
    text = (ROOT / "book" / "essay.md").read_text(encoding="utf-8")
    cut = text.index("\n\n", length)
    note = re.search(r"^\[\^1\]:.*$", text, re.M).group(0)
    body = text[:cut]
    figure = body.index("\n\n", length // 2)
    body = body[:figure] + "\n\n![Een schets van de velden.](images/fields.png)" + body[figure:]
    folder = tmp_path / "book"
    (folder / "images").mkdir(parents=True)
    (folder / "essay.md").write_text(body + "\n\n" + note + "\n", encoding="utf-8")
    (folder / "index.yml").write_text(INDEX, encoding="utf-8")
    shutil.copy(ROOT / "tests" / "data" / "books" / "commons" / "images" / "fields.png", folder / "images" / "fields.png")
    return folder


def _pdf(folder: Path, out: Path, **options) -> bytes:
    result = build(folder, out, only=("pdf",), warn=lambda _: None, **options)
    return next(o.path for o in result if o.kind == "pdf").read_bytes()


def _taken(folder: Path) -> int:
    """Pages the book's last body layout (first round) took from the one before."""
    return [kept for key, kept in incremental._KEPT.items() if key[0] == str(folder) and key[-1] == 0][-1].taken


def _edit(essay: Path, change) -> None:
    essay.write_text(change(essay.read_text(encoding="utf-8")), encoding="utf-8")


def _at(text: str, what: str, start: int) -> int:
    return text.index(what, start)


EDITS = {
    "a comma moved": lambda t: t[:_at(t, ", ", 20000)] + " ," + t[_at(t, ", ", 20000) + 2:],
    "a word in the footnote": lambda t: t.replace("[^1]: ", "[^1]: Zie ook elders. ", 1),
    "a sentence added": lambda t: t[:_at(t, ". ", 16000)] + ". Dit is een nieuwe zin, lang genoeg om de alinea een regel langer te maken dan ze was" + t[_at(t, ". ", 16000):],
    "a paragraph added": lambda t: t[:_at(t, "\n\n", 22000)] + "\n\nEen nieuwe alinea van een paar woorden." + t[_at(t, "\n\n", 22000):],
    "a heading renamed": lambda t: t.replace("## Het debat over de vakbonden", "## Het grote debat over de vakbonden", 1),
    "a paragraph removed": lambda t: t[:_at(t, "\n\n", 9000)] + t[_at(t, "\n\n", _at(t, "\n\n", 9000) + 2):],
}


def test_a_rebuild_takes_unchanged_pages_and_matches_a_layout_from_scratch(tmp_path, monkeypatch):
    folder = _book(tmp_path)
    essay = folder / "essay.md"
    _pdf(folder, tmp_path / "first")
    taken = {}
    for n, (name, change) in enumerate(EDITS.items()):
        _edit(essay, change)
        rebuilt = _pdf(folder, tmp_path / f"rebuilt-{n}")
        taken[name] = _taken(folder)
        with monkeypatch.context() as switch:
            switch.setenv("PAMFLET_FULL_LAYOUT", "1")
            assert rebuilt == _pdf(folder, tmp_path / f"scratch-{n}"), name
    # Each local edit leaves most pages as they were; a renamed heading moves the contents'
    # links, a removed paragraph everything after it: some pages are still taken.
    assert taken["a comma moved"] >= 8 and taken["a word in the footnote"] >= 8, taken
    assert all(count > 0 for count in taken.values()), taken


def test_a_changed_image_or_style_is_laid_out_from_scratch(tmp_path):
    folder = _book(tmp_path)
    _pdf(folder, tmp_path / "first")
    image = folder / "images" / "fields.png"
    from PIL import Image

    Image.new("RGB", (40, 300), "black").save(image)  # the same name, another shape
    rebuilt = _pdf(folder, tmp_path / "image")
    assert _taken(folder) == 0
    styles = folder / "styles"
    styles.mkdir()
    (styles / "print.css").write_text("p { text-indent: 2em; }\n", encoding="utf-8")
    restyled = _pdf(folder, tmp_path / "style")
    assert _taken(folder) == 0 and restyled != rebuilt


def test_running_elements_switch_it_off(tmp_path):
    folder = _book(tmp_path)
    (folder / "styles").mkdir()
    (folder / "styles" / "print.css").write_text(".titlepage .title { position: running(booktitle); }\n", encoding="utf-8")
    _pdf(folder, tmp_path / "first")
    assert not [key for key in incremental._KEPT if key[0] == str(folder)]


def test_the_shape_tells_a_changed_word_from_a_changed_tree():
    from weasyprint import HTML

    from pamflet.paragraphs import Fit, Stats

    def shape(body: str):
        with incremental.reusing(("a test", ()), Stats(), Fit()) as run:
            HTML(string=f"<body>{body}</body>").render()
        return run.shape

    one = shape("<section><p>One two.</p><p>Three.</p></section>")
    word = shape("<section><p>One too.</p><p>Three.</p></section>")
    moved = shape("<section><p>One two.</p></section><p>Three.</p>")
    assert [a == b for a, b in zip(one.signs, word.signs)].count(False) == 1
    assert [a[:2] for a in one.signs] == [b[:2] for b in moved.signs] and one.parents != moved.parents


def test_a_layout_that_cannot_take_pages_after_all_is_laid_out_from_scratch(tmp_path, monkeypatch):
    folder = _book(tmp_path)
    _pdf(folder, tmp_path / "first")
    _edit(folder / "essay.md", EDITS["a comma moved"])

    def cannot(self, i, html):
        raise incremental.Redo

    with monkeypatch.context() as failing:
        failing.setattr(incremental._Run, "use_kept", cannot)
        rebuilt = _pdf(folder, tmp_path / "rebuilt")
    assert _taken(folder) == 0  # laid out from scratch, and kept for the next rebuild
    with monkeypatch.context() as switch:
        switch.setenv("PAMFLET_FULL_LAYOUT", "1")
        assert rebuilt == _pdf(folder, tmp_path / "scratch")
    _edit(folder / "essay.md", EDITS["a word in the footnote"])
    _pdf(folder, tmp_path / "again")
    assert _taken(folder) >= 8


def test_a_build_not_followed_by_another_keeps_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(incremental, "KEEP", False)  # as in `pamflet build` without --watch
    folder = _book(tmp_path)
    _pdf(folder, tmp_path / "once")
    assert not [key for key in incremental._KEPT if key[0] == str(folder)]


STAMP = "\n\n::: {.stamp}\nOntwerp A\n:::\n\n"
QUOTE = "\n\n> Een citaat.\n\n"
# What a page taken as it was would miss, found by an adversarial review: each case's styles,
# what the book gains for it, and the edit; the rebuild must still equal a layout from scratch.
STYLED = {
    "an absolute box": (".stamp { position: absolute; top: 0; }", STAMP, ("Ontwerp A", "Ontwerp B")),
    "a fixed box": (".stamp { position: fixed; bottom: 0; }", STAMP, ("Ontwerp A", "Ontwerp B")),
    "paragraphs in the outline": ("p { bookmark-level: 3; bookmark-label: 'alinea'; }", "", ("passeerde hij de", "passeerde hij de toen")),
    "lengths in vh": (".text h2 { margin-top: 6vh; }", "", (", ", " , ")),
    ":HAS() in capitals": (".text:HAS(blockquote p + p) p { font-style: italic; }", QUOTE, ("> Een citaat.", "> Een citaat.\n>\n> Nog een.")),
    "running heads from an imported sheet": ('@import "heads.css";', "", (", ", " , ")),
}


@pytest.mark.parametrize("case", STYLED)
def test_what_pages_taken_as_they_were_would_miss_is_laid_out_again(case, tmp_path, monkeypatch):
    css, added, (before, after) = STYLED[case]
    folder = _book(tmp_path, 30000)
    essay = folder / "essay.md"
    text = essay.read_text(encoding="utf-8")
    middle = text.index("\n\n", 14000)  # a few pages of the text before it, and after
    essay.write_text(text[:middle] + added + text[middle:], encoding="utf-8")
    (folder / "styles").mkdir()
    (folder / "styles" / "print.css").write_text(css + "\n", encoding="utf-8")
    (folder / "styles" / "heads.css").write_text(
        ".titlepage .title { position: running(booktitle); }\n@page :left { @top-left { content: element(booktitle); } }\n", encoding="utf-8")
    _pdf(folder, tmp_path / "first")
    text = essay.read_text(encoding="utf-8")
    at = text.index(before, 15000 if before == ", " else 0)
    essay.write_text(text[:at] + after + text[at + len(before):], encoding="utf-8")
    rebuilt = _pdf(folder, tmp_path / "rebuilt")
    with monkeypatch.context() as switch:
        switch.setenv("PAMFLET_FULL_LAYOUT", "1")
        assert rebuilt == _pdf(folder, tmp_path / "scratch")


LIST = "\n\n- een eerste punt, met wat woorden;\n- een tweede punt, met nog wat woorden.\n\n"
RAW = {  # raw HTML (--allow-raw-html): what a block's boxes do not show
    "an inline SVG": ('<p><svg width="60" height="20"><rect width="60" height="20" fill="red"/>'
                      '<text x="2" y="14">Ontwerp A</text></svg></p>', ('fill="red"', 'fill="blue"')),
    "an @page rule in the text": ("<style>@page { margin-bottom: 40mm; }</style>", ("40mm", "20mm")),
}


@pytest.mark.parametrize("case", RAW)
def test_raw_html_that_no_block_shows_is_laid_out_again(case, tmp_path, monkeypatch):
    added, (before, after) = RAW[case]
    folder = _book(tmp_path, 18000)
    essay = folder / "essay.md"
    text = essay.read_text(encoding="utf-8")
    middle = text.index("\n\n", 14000)
    essay.write_text(text[:middle] + "\n\n" + added + "\n\n" + text[middle:], encoding="utf-8")
    _pdf(folder, tmp_path / "first", allow_raw_html=True)
    _edit(essay, lambda t: t.replace(before, after, 1))
    rebuilt = _pdf(folder, tmp_path / "rebuilt", allow_raw_html=True)
    with monkeypatch.context() as switch:
        switch.setenv("PAMFLET_FULL_LAYOUT", "1")
        assert rebuilt == _pdf(folder, tmp_path / "scratch", allow_raw_html=True)


def test_a_book_with_lists_still_takes_pages(tmp_path, monkeypatch):
    """WeasyPrint places a list's markers absolutely; they stay with their item."""
    folder = _book(tmp_path, 18000)
    essay = folder / "essay.md"
    text = essay.read_text(encoding="utf-8")
    middle = text.index("\n\n", 9000)
    essay.write_text(text[:middle] + LIST + text[middle:], encoding="utf-8")
    _pdf(folder, tmp_path / "first")
    _edit(essay, lambda t: t.replace("een tweede punt", "een tweede, langer punt", 1))
    rebuilt = _pdf(folder, tmp_path / "rebuilt")
    assert _taken(folder) >= 3
    with monkeypatch.context() as switch:
        switch.setenv("PAMFLET_FULL_LAYOUT", "1")
        assert rebuilt == _pdf(folder, tmp_path / "scratch")
