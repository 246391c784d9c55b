"""`pamflet build` end to end: real pandoc, real WeasyPrint, real EPUBCheck, real Ace.

Two books: the seed essay (Dutch, one file, notes, a table) and a small English book written
for these tests (two chapter files, an image, a list, a block quote, no notes).
"""

from __future__ import annotations

import os
import difflib
import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest
import yaml
from lxml import etree

from pamflet.build import build
from pamflet.check import failures, run_ace, run_epubcheck

from .buildcheck import joined_words, markdown_body_and_notes, page_lines, suspended_hyphens, text_pages, words
from .conftest import BOOKS, EPOCH, SEED_BOOK

# `built` (each book built once) is in conftest.py: the EPUB tests use the same builds.

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def epubcheck_results(built):
    paths = [outputs["epub"] for outputs in built.values()]
    return run_epubcheck(paths)


def _markdown_files(folder: Path) -> list[Path]:
    main = next(p for p in sorted(folder.glob("*.md")) if p.read_text(encoding="utf-8").startswith("---\n"))
    meta = yaml.safe_load(main.read_text(encoding="utf-8").split("---")[1])
    return [main] if not meta.get("chapters") else [folder / c for c in meta["chapters"]]


def _headings(files: list[Path]) -> tuple[list[str], list[str]]:
    text = "\n".join(p.read_text(encoding="utf-8") for p in files)
    return re.findall(r"^# (.*)$", text, re.M), re.findall(r"^## (.*)$", text, re.M)


def _meta(folder: Path) -> dict:
    main = next(p for p in sorted(folder.glob("*.md")) if p.read_text(encoding="utf-8").startswith("---\n"))
    return yaml.safe_load(main.read_text(encoding="utf-8").split("---")[1])


@pytest.mark.parametrize("name", BOOKS)
def test_both_outputs_exist(built, name):
    slug = {"seed": "lenin-en-trotski-tegen-de-bureaucratie", "english": "the-commons-reconsidered"}[name]
    assert built[name]["pdf"].name == f"{slug}.pdf" and built[name]["epub"].name == f"{slug}.epub"
    assert built[name]["pdf"].read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("name", BOOKS)
def test_pdf_holds_every_word_of_the_text_in_order(built, name):
    folder = BOOKS[name]
    files = _markdown_files(folder)
    chapters, sections = _headings(files)
    expected, tables, notes = [], Counter(), []
    for path in files:
        body, chapter_notes = markdown_body_and_notes(path)
        expected += words(body)
        notes += list(chapter_notes.values())
        for table in re.findall(r"(?:^\|.*\n)+(?:\n: .*\n)?", path.read_text(encoding="utf-8"), re.M):
            tables += Counter(words(re.sub(r"^\|[-|: ]+\|$", "", table, flags=re.M)))
    _, pages = text_pages(built[name]["pdf"], _meta(folder)["title"], chapters + sections, chapters, notes)
    got = joined_words(pages, set().union(*(suspended_hyphens(path.read_text(encoding="utf-8")) for path in files)))
    # Tables are read cell by cell in another order than pandoc writes them: the only
    # difference allowed is the order of the table's own words.
    moved_out, moved_in = Counter(), Counter()
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=expected, b=got, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        moved_out += Counter(expected[a1:a2])
        moved_in += Counter(got[b1:b2])
    assert moved_out == moved_in and not (moved_out - tables), (moved_out - moved_in, moved_in - moved_out)
    assert len(got) == len(expected)


def test_each_footnote_is_on_the_page_of_its_marker(built):
    pages = [" ".join(joined_words(["\n".join(lines)])) for lines in page_lines(built["seed"]["pdf"], "text")]
    body, notes = markdown_body_and_notes(SEED_BOOK / "essay.md")
    source = (SEED_BOOK / "essay.md").read_text(encoding="utf-8")
    assert len(notes) == 3
    for number, (label, note) in enumerate(notes.items(), start=1):
        before = re.search(rf"((?:\S+\s+){{3}}\S*)\[\^{re.escape(label)}\]", source).group(1)
        marker = " ".join(words(before)) + f"{'' if before[-1].isalpha() else ' '}{number}"
        note_start = f"{number} " + " ".join(words(note)[:8])
        marker_pages = [i for i, text in enumerate(pages) if marker in text]
        note_pages = [i for i, text in enumerate(pages) if note_start in text]
        assert marker_pages and marker_pages == note_pages, (number, marker, marker_pages, note_pages)


@pytest.mark.parametrize("name", BOOKS)
def test_contents_page_numbers_are_where_the_headings_are(built, name):
    folder = BOOKS[name]
    chapters, sections = _headings(_markdown_files(folder))
    pages = page_lines(built[name]["pdf"], "text")
    contents_page = next(i for i, lines in enumerate(pages) if lines and lines[0] in ("Inhoud", "Contents"))
    listing = " ".join(pages[contents_page] + pages[contents_page + 1])
    listing = re.sub(r"\s+", " ", listing.replace(" .", ""))
    start, _ = text_pages(built[name]["pdf"], _meta(folder)["title"], chapters + sections, chapters)
    for title in chapters + sections:
        m = re.search(re.escape(title) + r"[ .]*?(\d+)", listing)
        assert m, f"{title!r} not in the contents"
        number = int(m.group(1))
        where = next(i for i, lines in enumerate(pages) if i >= start and (title in lines or _wrapped(title, lines)))
        assert number == where + 1, (title, number, where + 1)


def _wrapped(title: str, lines: list[str]) -> bool:
    return any(" ".join(lines[i:i + 2]) == title for i in range(len(lines)))


def test_front_pages_have_no_running_head_or_folio(built):
    pages = page_lines(built["seed"]["pdf"], "text")
    title_page = [l for l in pages[0] if l.strip()]
    assert title_page[0] == "Eric Toussaint" and not title_page[-1].strip().isdigit()
    assert "Lenin en Trotski tegen de" in " ".join(title_page)


@pytest.mark.parametrize("name", BOOKS)
def test_epubcheck_is_clean(epubcheck_results, built, name):
    messages = epubcheck_results[built[name]["epub"]]
    assert failures(messages) == [], [str(m) for m in failures(messages)]


@pytest.mark.parametrize("name", BOOKS)
def test_ace_reports_no_violations(built, name, tmp_path):
    violations = run_ace(built[name]["epub"], tmp_path)
    assert violations == [], [str(v) for v in violations]


def test_epub_structure_and_metadata(built):
    with zipfile.ZipFile(built["seed"]["epub"]) as z:
        assert z.namelist()[0] == "mimetype" and z.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        opf = etree.fromstring(z.read("EPUB/content.opf"))
        ns = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
        assert opf.findtext(".//dc:title", namespaces=ns) == "Lenin en Trotski tegen de bureaucratie"
        assert opf.findtext(".//dc:language", namespaces=ns) == "nl"
        assert opf.findtext(".//dc:creator", namespaces=ns) == "Eric Toussaint"
        assert opf.findtext(".//dc:identifier", namespaces=ns).startswith("urn:uuid:")
        assert opf.findtext(".//opf:meta[@property='dcterms:modified']", namespaces=ns) == "2023-11-14T22:13:20Z"
        for prop in ("accessMode", "accessModeSufficient", "accessibilityFeature", "accessibilityHazard", "accessibilitySummary"):
            assert opf.findall(f".//opf:meta[@property='schema:{prop}']", namespaces=ns), prop
        texts = [n for n in z.namelist() if n.startswith("EPUB/text-")]
        assert 5 <= len(texts) <= 40
        notes = z.read("EPUB/notes.xhtml").decode()
        assert notes.count('epub:type="footnote"') == 3 and notes.count('role="doc-backlink"') == 3
        refs = sum(z.read(n).decode().count('epub:type="noteref"') for n in texts)
        assert refs == 3
        nav = z.read("EPUB/nav.xhtml").decode()
        assert 'epub:type="toc"' in nav and 'epub:type="landmarks"' in nav
        table = next(z.read(n).decode() for n in texts if "<table" in z.read(n).decode())
        assert "<th" in table and "<caption" in table


def test_english_book_epub_has_image_list_and_quote(built):
    with zipfile.ZipFile(built["english"]["epub"]) as z:
        names = z.namelist()
        assert "EPUB/images/fields.png" in names
        texts = "".join(z.read(n).decode() for n in names if n.startswith("EPUB/text-"))
        assert "<ul>" in texts and "<blockquote>" in texts and 'alt="A schematic village' in texts
        assert "notes.xhtml" not in names and "EPUB/notes.xhtml" not in names


def test_two_builds_are_byte_identical(built, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    again = {o.kind: o.path for o in build(SEED_BOOK, tmp_path)}
    for kind in ("pdf", "epub"):
        assert again[kind].read_bytes() == built["seed"][kind].read_bytes(), kind


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="the archival PDF is forked only with two cores")
def test_the_forked_writer_leaves_the_signals_to_its_parent():
    """A watch raises KeyboardInterrupt on SIGTERM; the forked writer must not inherit that
    (the pool ends its worker with SIGTERM: a traceback on the editor's terminal), nor take
    a Ctrl-C meant for the watch."""
    import signal

    from pamflet.build import _run_jobs

    def handler(signum, frame):
        raise KeyboardInterrupt

    before = signal.signal(signal.SIGTERM, handler)
    try:
        seen = _run_jobs({"archival": lambda: f"{signal.getsignal(signal.SIGTERM)!r} {signal.getsignal(signal.SIGINT)!r}".encode()},
                         parallel=("archival",))
    finally:
        signal.signal(signal.SIGTERM, before)
    assert seen["archival"].decode() == f"{signal.SIG_DFL!r} {signal.SIG_IGN!r}"


def test_a_print_build_followed_by_the_epub_leaves_the_cover_image_to_it(tmp_path, monkeypatch):
    """``then``: the watch's print step does not draw the cover image the EPUB step draws."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    book = BOOKS["english"]
    first = build(book, tmp_path / "watched", only=("pdf",), then=("pdf", "epub"), warn=lambda _: None)
    assert "drawing the cover image" not in dict(first.stages)
    second = build(book, tmp_path / "watched", only=("pdf", "epub"), warn=lambda _: None)
    assert "drawing the cover image" in dict(second.stages)
    fresh = build(book, tmp_path / "fresh", only=("pdf", "epub"), warn=lambda _: None)
    assert {o.kind: o.path.read_bytes() for o in second} == {o.kind: o.path.read_bytes() for o in fresh}


def test_the_layout_is_imported_while_pandoc_reads_the_text():
    """A cold build starts a thread that imports WeasyPrint and loads the hyphenation patterns
    and the collation table while pandoc runs (``build._warm_layout``); in a fresh interpreter,
    none of them is loaded before it and all are after it; a language with no patterns is no
    error (the layout reports what it must)."""
    import subprocess
    import sys

    script = """
import sys
from pamflet import build, hyphenation, index
before = ("weasyprint" in sys.modules, hyphenation._dictionary.cache_info().currsize, index._collator.cache_info().currsize)
build._warm_layout("nl", True).join()
build._warm_layout("xx-unknown", False).join()
print(before, ("weasyprint" in sys.modules, hyphenation._dictionary.cache_info().currsize, index._collator.cache_info().currsize))
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()
    assert " ".join(out) == "(False, 0, 0) (True, 2, 1)", out
