"""The EPUB as its readers meet it: EPUBCheck (also with the EPUB Indexes profile), Ace's
metadata list, print-page markers against the print PDF, tables at a phone's width and
epub.js, a real reading system, in headless Chromium. Every book: the seed and the test books.
"""

from __future__ import annotations

import functools
import http.server
import io
import json
import shutil
import subprocess
import threading
import zipfile
from pathlib import Path

import pytest
import yaml
from lxml import etree
from PIL import Image

from pamflet.build import build
from pamflet.check import ace_metadata, failures, index_documents, index_failures, run_ace, run_epubcheck
from pamflet.writers.epub_a11y import CONFORMANCE

from .buildcheck import joined_words, text_pages, words
from .conftest import BOOKS, EPOCH, ROOT

pytestmark = pytest.mark.slow

NS = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops", "opf": "http://www.idpf.org/2007/opf"}
EPUB_TYPE = f"{{{NS['epub']}}}type"
BROWSER = ROOT / "tests" / "browser"
CHROMIUM = Path("/usr/bin/chromium")


def _documents(epub: Path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(epub) as z:
        return {n.removeprefix("EPUB/"): etree.fromstring(z.read(n)) for n in z.namelist() if n.endswith(".xhtml")}


def _opf(epub: Path) -> etree._Element:
    with zipfile.ZipFile(epub) as z:
        return etree.fromstring(z.read("EPUB/content.opf"))


def _meta(opf, prop: str) -> list[str]:
    return [m.text for m in opf.findall(f".//opf:meta[@property='{prop}']", namespaces=NS)]


def _types(element) -> list[str]:
    return (element.get(EPUB_TYPE) or "").split()


# --- EPUB Indexes 1.0 ---


ONE_REGISTER_INDEX = """persons:
  - term: Ada
  - term: Bob
    see_also: [Ada]
  - term: Robert
    see: Bob
  - term: Carol
  - term: Dora
    see: Carol
  - term: Mill family
    sub:
      - term: at the river
        forms: [river]
      - term: millers
        see: Ada
"""


@pytest.fixture(scope="module")
def one_register_book(tmp_path_factory):
    """A book whose index has one register (the seed has two): the body is then the index.
    Built --lenient with a term that never occurs (Carol, and Dora referring to it) and a
    sub-entry that only refers: what stands in the index must still be EPUB Indexes 1.0."""
    folder = tmp_path_factory.mktemp("one-register")
    (folder / "book.md").write_text(
        "---\ntitle: Small\nlang: en\npublisher: Small Press\n---\n\n# Start\n\nAda met Bob. Bob went home by the river.\n\n"
        "# End\n\nAda again, and Bob, who wrote `\\def\\futurenonspacelet#1{\\def\\@BTcs{#1}\\afterassignment\\@BTfnslone}`.\n",
        encoding="utf-8",
    )
    (folder / "index.yml").write_text(ONE_REGISTER_INDEX, encoding="utf-8")
    warnings = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        epub = {o.kind: o.path for o in build(folder, folder / "out", only=("epub",), lenient=True, warn=warnings.append)}["epub"]
    assert [w for w in warnings if "Carol" in w and w.endswith("(left out of the index)")], warnings
    return epub


def _break_an_index_term(source: Path, target: Path) -> Path:
    """The seed's EPUB with one see-also reference no longer marked as an index term."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "EPUB/index.xhtml":
                text = data.decode()
                at = text.index('epub:type="index-xref-related"')
                at = text.index('<a epub:type="index-term"', at)
                data = (text[:at] + "<a" + text[at + len('<a epub:type="index-term"'):]).encode()
            zout.writestr(info, data)
    return target


def test_epub_indexes_profile(built, one_register_book, tmp_path):
    """EPUBCheck, default and --profile idx: the index documents draw no message at all.

    The manifest declares each index document (properties="index"), which makes EPUBCheck
    apply the EPUB Indexes rules to it in the default run as well. With --profile idx,
    EPUBCheck 5.3.0 also asks every other content document to hold an index (the profile is
    for publications that are indexes); those messages, and only those, are left aside.
    """
    epubs = [outputs["epub"] for outputs in built.values()] + [one_register_book]
    broken = _break_an_index_term(built["seed"]["epub"], tmp_path / "broken.epub")
    default = run_epubcheck(epubs + [broken])
    idx = run_epubcheck(epubs + [broken], profile="idx")
    for epub in epubs:
        assert failures(default[epub]) == [], [str(m) for m in failures(default[epub])]
        assert index_failures(idx[epub], index_documents(epub)) == [], [str(m) for m in index_failures(idx[epub], index_documents(epub))]
    assert index_documents(built["seed"]["epub"]) == {"EPUB/index.xhtml"}
    assert index_documents(built["english"]["epub"]) == set()  # no index.yml
    # The rules are really applied to the index: one unmarked see-also target fails both runs.
    assert [m.location.split(":")[0] for m in failures(default[broken])] == ["EPUB/index.xhtml"]
    assert [m.location.split(":")[0] for m in index_failures(idx[broken], index_documents(broken))] == ["EPUB/index.xhtml"]
    # What is left aside is exactly one message per content document that is not the index
    # (the cover, whose body has no text outside an index, two): EPUBCheck 5.3.0 applies the
    # index schematron to every content document under --profile idx (OPSChecker), and its
    # own valid fixtures of a book with an index draw the same message on their chapter.
    seed = built["seed"]["epub"]
    content = sorted(n for n in _documents(seed) if n not in ("nav.xhtml", "index.xhtml"))
    aside = sorted(m.location.split(":")[0].removeprefix("EPUB/") for m in failures(idx[seed]) if m not in index_failures(idx[seed], index_documents(seed)))
    assert aside == sorted(content + ["cover.xhtml"]), aside


def test_index_markup(built, one_register_book):
    seed = _documents(built["seed"]["epub"])["index.xhtml"]
    body = seed.find("x:body", NS)
    indexes = seed.xpath("//*[@epub:type='index']", namespaces=NS)
    assert [el.get("id") for el in indexes] == ["index-persons", "index-subjects"] and _types(body) == ["backmatter"]
    ranges = seed.xpath("//x:span[@epub:type='index-locator-range']", namespaces=NS)
    assert len(ranges) >= 40
    for span in ranges:  # start and end of the range, both linked
        links = span.findall("x:a", NS)
        first, last = (a.text for a in links)
        assert len(links) == 2 and int(first) < int(last) and span.xpath("string()") == f"{first}–{last}"
    xrefs = seed.xpath("//x:span[@epub:type='index-xref-preferred' or @epub:type='index-xref-related']", namespaces=NS)
    assert len(xrefs) >= 40
    assert all(x.xpath("x:a[@epub:type='index-term']", namespaces=NS) for x in xrefs)
    # Sub-entries nest as an index-entry-list inside their entry.
    assert seed.xpath("//x:li[@epub:type='index-entry']/x:ul[@epub:type='index-entry-list']/x:li[@epub:type='index-entry']", namespaces=NS)
    one = _documents(one_register_book)["index.xhtml"]
    assert _types(one.find("x:body", NS)) == ["index"] and len(one.xpath("//*[@epub:type='index']", namespaces=NS)) == 1
    terms = [t.xpath("string()") for t in one.xpath("//x:li/x:span[@epub:type='index-term']", namespaces=NS)]
    assert "Carol" not in terms and {"Dora", "at the river", "millers"} <= set(terms)  # Carol never occurs: left out
    # Dora's "see Carol" names a term that is not in the index: said, not linked.
    [dora] = one.xpath("//x:li[x:span[@epub:type='index-term']='Dora']", namespaces=NS)
    assert not dora.xpath(".//x:a", namespaces=NS) and dora.xpath(".//x:span[@epub:type='index-xref-preferred']/x:span[@epub:type='index-term']", namespaces=NS)
    [millers] = one.xpath("//x:li[x:span[@epub:type='index-term']='millers']", namespaces=NS)
    [target] = millers.xpath(".//x:span[@epub:type='index-xref-preferred']/x:a[@epub:type='index-term']", namespaces=NS)
    assert one.xpath(f"//x:li[@id='{target.get('href')[1:]}']/x:span", namespaces=NS)[0].text == "Ada"


# --- accessibility ---


def _book_meta(folder: Path) -> dict:
    main = next(p for p in sorted(folder.glob("*.md")) if p.read_text(encoding="utf-8").startswith("---\n"))
    return yaml.safe_load(main.read_text(encoding="utf-8").split("---")[1])


@pytest.mark.parametrize("name", BOOKS)
def test_accessibility_metadata_is_true_for_the_book(built, name, tmp_path):
    epub = built[name]["epub"]
    opf, documents = _opf(epub), _documents(epub)
    text = {n: d for n, d in documents.items() if n.startswith("text-")}
    has = {
        "images": any(d.xpath("//x:img", namespaces=NS) for d in text.values()),
        "tables": any(d.xpath("//x:table", namespaces=NS) for d in text.values()),
        "notes": "notes.xhtml" in documents,
        "index": "index.xhtml" in documents,
        "pages": bool(documents["nav.xhtml"].xpath("//x:nav[@epub:type='page-list']//x:a", namespaces=NS)),
    }
    features = set(_meta(opf, "schema:accessibilityFeature"))
    assert ("alternativeText" in features) == has["images"]
    assert ("index" in features) == has["index"]
    assert ({"pageBreakMarkers", "pageNavigation"} <= features) == has["pages"]
    assert {"tableOfContents", "readingOrder", "structuralNavigation"} <= features
    assert set(_meta(opf, "schema:accessMode")) == {"textual"} | ({"visual"} if has["images"] else set())
    assert _meta(opf, "dcterms:conformsTo") == [CONFORMANCE]
    # The summary: in the book's language, naming what the book has and nothing it lacks.
    [summary] = _meta(opf, "schema:accessibilitySummary")
    from pamflet.render import labels

    lang = _book_meta(BOOKS[name])["lang"]
    a11y = labels(lang)["a11y"]
    assert summary.startswith(a11y["claim"])
    for part in ("notes", "tables", "images", "index", "pages"):
        assert (a11y[part] in summary) == has[part], part
    # The evaluator refines the claim, the credential and report the evaluator (EPUB
    # Accessibility 1.1, "Evaluator information"): whom the metadata names, else the
    # publisher, else none.
    meta = _book_meta(BOOKS[name])
    given = meta.get("accessibility") or {}
    certifier = given.get("certified_by") or meta.get("publisher")
    [claim] = opf.xpath("//opf:meta[@property='dcterms:conformsTo']", namespaces=NS)
    evaluators = opf.xpath("//opf:meta[@property='a11y:certifiedBy']", namespaces=NS)
    assert [(e.text, e.get("refines")) for e in evaluators] == ([(certifier, "#" + claim.get("id"))] if certifier else [])
    refining = opf.xpath("//*[@property='a11y:certifierCredential' or @rel='a11y:certifierReport']", namespaces=NS)
    assert [r.get("refines") for r in refining] == ["#certifier"] * (bool(given.get("certifier_credential")) + bool(given.get("certifier_report")))
    # Ace: no violation, and its metadata list misses only what the book's metadata does not give.
    assert run_ace(epub, tmp_path) == []
    expected_missing = [prop for value, prop in ((certifier, "a11y:certifiedBy"), (given.get("certifier_credential"), "a11y:certifierCredential"),
                                                  (given.get("certifier_report"), "a11y:certifierReport")) if not value]
    assert ace_metadata(tmp_path)["missing"] == expected_missing


def test_the_publisher_is_the_evaluator_when_the_metadata_names_none(one_register_book):
    """EPUB Accessibility 1.1, "Evaluator name": a publisher that evaluated its own book is named as the
    evaluator (its example: dc:publisher and a11y:certifiedBy the same); no credential or
    report is made up."""
    opf = _opf(one_register_book)
    [evaluator] = opf.xpath("//opf:meta[@property='a11y:certifiedBy']", namespaces=NS)
    assert evaluator.text == "Small Press" == opf.find(".//{http://purl.org/dc/elements/1.1/}publisher").text
    assert evaluator.get("refines") == "#" + opf.xpath("//opf:meta[@property='dcterms:conformsTo']", namespaces=NS)[0].get("id")
    assert not opf.xpath("//*[@property='a11y:certifierCredential' or @rel='a11y:certifierReport']", namespaces=NS)


# --- print-page markers ---


def _pdf_text_pages(name: str, pdf: Path) -> tuple[int, list[str]]:
    from pamflet.parse import parse_book
    from pamflet.source import read_book

    book = parse_book(read_book(BOOKS[name]))
    chapters = [c.headings[0].title for c in book.chapters if c.headings] if len(book.chapters) > 1 else []
    return text_pages(pdf, book.meta["title"], [h.title for h in book.headings], chapters)


def _in_noteref(text) -> bool:
    """Is this text node inside a note reference? (lxml gives a tail text the element it
    follows as its parent: the text after a reference is not inside it.)"""
    element = text.getparent().getparent() if text.is_tail else text.getparent()
    return element is not None and bool(element.xpath("ancestor-or-self::x:a[@epub:type='noteref']", namespaces=NS))


def _words_after(marker) -> list[str]:
    texts = [t for t in marker.xpath("following::text()") if not _in_noteref(t)]
    return words(" ".join(texts)[:600].replace("\u00ad", ""))  # a table head's soft hyphens


@pytest.mark.parametrize("name", BOOKS)
def test_every_print_page_marker_stands_before_the_first_word_of_its_page(built, name):
    start, pages = _pdf_text_pages(name, built[name]["pdf"])
    markers = [(n, m) for n, d in _documents(built[name]["epub"]).items() if n.startswith("text-")
               for m in d.xpath("//*[@epub:type='pagebreak']", namespaces=NS)]
    # One marker for each print page of the text (a blank page before the index has none).
    assert [int(m.get("aria-label")) for _, m in markers] == [start + 1 + n for n, page in enumerate(pages) if words(page)]
    for _, marker in markers:
        number = int(marker.get("aria-label"))
        first = joined_words([pages[number - 1 - start]])[:8]
        after = _words_after(marker)[: len(first)]
        # A word hyphenated over the page break: the marker stands before the whole word.
        assert after == first or (after[0].endswith(first[0]) and after[1:] == first[1:]), (number, first, after)


def test_a_page_that_starts_inside_a_line_block_or_code_is_marked_there(tmp_path):
    """Line blocks (the importer keeps table-like regions as them) and code blocks hold their
    text themselves: a print page that starts inside one is marked there, before its line."""
    lines = "\n".join(f"| Line {n} of the list" for n in range(1, 61))
    code = "\n".join(f"    code line {n}" for n in range(1, 61))
    (tmp_path / "book.md").write_text(f"---\ntitle: Lines\nlang: en\n---\n\n# Lines\n\nA first paragraph.\n\n{lines}\n\n"
                                      f"A paragraph between.\n\n{code}\n\nThe last paragraph.\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        out = {o.kind: o.path for o in build(tmp_path, tmp_path / "out", only=("pdf", "epub"))}
    from .buildcheck import page_lines

    pages = [[line for line in page if line.strip()] for page in page_lines(out["pdf"], "text")]
    markers = [m for n, d in _documents(out["epub"]).items() if n.startswith("text-") for m in d.xpath("//*[@epub:type='pagebreak']", namespaces=NS)]
    inside = [m for m in markers if m.getparent().tag in (f"{{{NS['x']}}}div", f"{{{NS['x']}}}pre", f"{{{NS['x']}}}code")]
    assert len(inside) >= 2, [m.getparent().tag for m in markers]
    for marker in markers:
        page = pages[int(marker.get("aria-label")) - 1]
        after = _words_after(marker)[:5]
        # The page's first line, or the one after its running head.
        assert after in (words(" ".join(page))[:5], words(" ".join(page[1:]))[:5]), (marker.get("aria-label"), page[:2], after)


# --- the content documents ---


@pytest.mark.parametrize("name", BOOKS)
def test_content_documents_carry_no_working_marks(built, name):
    documents = _documents(built[name]["epub"])
    linked = set()
    for file, doc in documents.items():
        for el in doc.iter():
            href = el.get("href") or ""
            if "#" in href:
                target, _, anchor = href.partition("#")
                linked.add((target or file, anchor))
            linked.update((file, ref) for ref in (el.get("aria-labelledby") or "").split())
    for file, doc in documents.items():
        for el in doc.iter():
            if not isinstance(el.tag, str):
                continue
            assert not [a for a in el.attrib if a.startswith("data-")], (file, el.attrib)
            assert el.get("id") is None or (file, el.get("id")) in linked, (file, el.get("id"))


@pytest.mark.parametrize("name", BOOKS)
def test_nav_and_landmarks_name_the_back_matter(built, name):
    documents = _documents(built[name]["epub"])
    nav = documents["nav.xhtml"]
    toc = [a.get("href") for a in nav.xpath("//x:nav[@epub:type='toc']//x:a", namespaces=NS)]
    landmarks = [(_types(a)[0], a.get("href")) for a in nav.xpath("//x:nav[@epub:type='landmarks']//x:a", namespaces=NS)]
    back = [f for f in ("notes.xhtml", "index.xhtml", "colophon.xhtml") if f in documents]
    assert [h for h in toc if h in back] == back
    assert set(back) <= {href.split("#")[0] for _, href in landmarks} and ("colophon", "colophon.xhtml") in landmarks
    if "index.xhtml" in documents:
        # EPUB Indexes 1.0 §2.4.1: a landmark for each index (the seed has two registers).
        registers = [f"index.xhtml#{el.get('id')}" for el in documents["index.xhtml"].xpath("//x:section[@epub:type='index']", namespaces=NS)]
        assert registers == ["index.xhtml#index-persons", "index.xhtml#index-subjects"] and set(registers) <= set(toc)
        assert [href for kind, href in landmarks if kind == "index"] == registers
    if "notes.xhtml" in documents:
        assert ("endnotes", "notes.xhtml") in landmarks
        # Pop-up notes as Apple Books and Kobo document them: a noteref link to an element with
        # epub:type footnote; a div, which Apple Books and Foliate show on the notes page (an
        # aside they hide: the page the contents lists would show no note).
        notes = documents["notes.xhtml"]
        refs = [a for n, d in documents.items() for a in d.xpath("//x:a[@epub:type='noteref']", namespaces=NS)]
        assert refs
        for ref in refs:
            file, anchor = ref.get("href").split("#")
            target = documents[file].xpath(f"//*[@id='{anchor}']")
            assert file == "notes.xhtml" and target[0].tag == f"{{{NS['x']}}}div" and "footnote" in _types(target[0])
            assert target[0].get("role") == "doc-footnote" and target[0].xpath("string()").strip()
        assert len(notes.xpath("//x:div[@epub:type='footnote']", namespaces=NS)) == len(refs) and not notes.xpath("//x:aside", namespaces=NS)


@pytest.mark.parametrize("name", BOOKS)
def test_cover_image_is_compact(built, name):
    opf = _opf(built[name]["epub"])
    [item] = opf.xpath("//opf:item[@properties='cover-image']", namespaces=NS)
    with zipfile.ZipFile(built[name]["epub"]) as z:
        data = z.read("EPUB/" + item.get("href"))
    image = Image.open(io.BytesIO(data))
    jpeg = io.BytesIO()
    image.convert("RGB").save(jpeg, format="JPEG", quality=85, optimize=True)
    assert item.get("media-type") in ("image/jpeg", "image/png")
    assert image.width >= 1000 and len(data) <= jpeg.tell() and len(data) < 40_000, len(data)


# --- in a browser ---


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def served(tmp_path):
    """A folder served over HTTP on 127.0.0.1 (a port the system picks) while the test runs."""
    root = tmp_path / "www"
    root.mkdir()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _browser(url: str, *options: str) -> dict:
    """open.mjs: the page in headless Chromium (playwright-core, Debian's chromium)."""
    if not (ROOT / "node_modules" / "playwright-core").is_dir() or not CHROMIUM.exists():
        pytest.fail("needs `npm ci` (playwright-core, epubjs) and chromium: see README")
    done = subprocess.run(["node", str(BROWSER / "open.mjs"), url, *options], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["errors"] == [], out["errors"]
    return out["result"]


def _unpack(epub: Path, folder: Path) -> None:
    with zipfile.ZipFile(epub) as z:
        z.extractall(folder)


def _widths_at_360(epub: Path, served) -> dict[str, int]:
    """Every content document of the EPUB in a frame 360 px wide (widths.html, one browser)."""
    root, base = served
    _unpack(epub, root)
    shutil.copy(BROWSER / "widths.html", root / "EPUB" / "widths.html")
    files = ",".join(sorted(_documents(epub)))
    return _browser(f"{base}/EPUB/widths.html?width=360&files={files}", "--width", "400", "--height", "700")


@pytest.mark.parametrize("name", BOOKS)
def test_no_horizontal_overflow_on_a_phone(built, name, served):
    """Every content document at 360 px (the seed's chapter with the 6-column table among
    them): the page never gets wider than the screen."""
    epub = built[name]["epub"]
    widths = _widths_at_360(epub, served)
    assert sorted(widths) == sorted(_documents(epub)) and all(width <= 360 for width in widths.values()), widths
    if name == "seed":
        [table] = [t for n, d in _documents(epub).items() if n.startswith("text-") for t in d.xpath("//x:table", namespaces=NS)]
        # Its long header words carry soft hyphens at their syllables (pyphen, as the print):
        # a narrow column breaks them there; the letters are the source's.
        heads = [th.xpath("string()") for th in table.xpath(".//x:th", namespaces=NS)]
        assert heads[1] == "In\u00addu\u00adstrie\u00adar\u00adbei\u00adders", heads
        assert [h.replace("\u00ad", "") for h in heads] == ["Jaar", "Industriearbeiders", "Leger", "Sovjet-ambtenaren", "Boerengezinnen", "Landarbeiders"]


def test_a_word_longer_than_the_line_breaks_on_a_phone(one_register_book, served):
    """A command name of 60 characters (real manuals have them) breaks instead of widening
    the page."""
    assert "\\futurenonspacelet" in "".join(d.xpath("string()") for d in _documents(one_register_book).values())
    widths = _widths_at_360(one_register_book, served)
    assert all(width <= 360 for width in widths.values()), widths


@pytest.mark.parametrize("name", BOOKS)
def test_epubjs_lands_on_the_right_elements(built, name, served, tmp_path):
    """epub.js (npm) reads the book: each contents entry, page-list target and index link
    (followed, and a sample clicked) shows the screen holding the element it names."""
    root, base = served
    shutil.copy(BROWSER / "epubjs.html", root / "epubjs.html")
    shutil.copy(ROOT / "node_modules" / "epubjs" / "dist" / "epub.min.js", root / "epub.min.js")
    _unpack(built[name]["epub"], root / "book")
    shot = tmp_path / "epubjs.png"
    result = _browser(f"{base}/epubjs.html", "--width", "600", "--height", "800", "--screenshot", str(shot))
    assert result["errors"] == []
    documents = _documents(built[name]["epub"])
    nav = documents["nav.xhtml"]
    toc = nav.xpath("//x:nav[@epub:type='toc']//x:a", namespaces=NS)
    page_list = nav.xpath("//x:nav[@epub:type='page-list']//x:a", namespaces=NS)
    assert [r["label"] for r in result["toc"]] == [a.xpath("string()").strip() for a in toc]
    assert [r["label"] for r in result["pages"]] == [a.text for a in page_list]
    for record in result["toc"] + result["pages"] + result["index"]:
        assert record["ok"], record
    assert all(r["types"] == ["pagebreak"] for r in result["pages"])
    if "index.xhtml" in documents:
        links = documents["index.xhtml"].xpath("//x:a[@href]", namespaces=NS)
        followed = [r for r in result["index"] if not r["clicked"]]
        assert sorted(r["n"] for r in followed) == list(range(len(links)))
        assert sum(r["clicked"] for r in result["index"]) >= 10
        assert {r["kind"] for r in result["index"]} == {"locator", "xref"}
    assert shot.stat().st_size > 10_000
