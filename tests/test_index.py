"""The back-of-book index: the term list, occurrences, locators, collation, and both outputs."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from pamflet.build import build
from pamflet.errors import PamfletError
from pamflet.index import Entry, Occurrence, collated, letter_group, locators, mark_occurrences, read_index
from pamflet.parse import parse_book
from pamflet.source import read_book

from .buildcheck import page_lines, text_pages
from .pdfread import lines, page_chars
from .conftest import ROOT

BOOK = """---
title: A small book
lang: en
---

## Enclosure

The commons were enclosed. Enclosure came by acts of Parliament.[^1] The [waste]{.idx term="commons"} was grazed.

## Parliament again

Parliament met.

[^1]: Parliament passed over four thousand acts.
"""


def _book(tmp_path: Path, index: str, text: str = BOOK) -> Path:
    folder = tmp_path / "book"
    folder.mkdir(exist_ok=True)
    (folder / "book.md").write_text(text, encoding="utf-8")
    (folder / "index.yml").write_text(index, encoding="utf-8")
    return folder


def _marked(folder: Path, lenient: bool = False):
    book = parse_book(read_book(folder))
    book.index = read_index(folder)
    warnings = mark_occurrences(book, book.index, lenient)
    return book, warnings


GOOD_INDEX = """persons:
  - term: Parliament
subjects:
  - term: commons
    forms: [commons]
  - term: enclosure
    forms: [enclosure, enclosed]
    see_also: [commons]
  - term: common land
    see: commons
"""


def test_occurrences_are_found_as_whole_words_not_in_headings(tmp_path):
    book, warnings = _marked(_book(tmp_path, GOOD_INDEX))
    by_key = book.index.by_key()
    assert warnings == []
    parliament = by_key["Parliament"]
    assert [o.in_note for o in parliament.occurrences] == [False, False, True]  # text, text, note; not the heading
    assert len(by_key["enclosure"].occurrences) == 2  # "enclosed", "Enclosure" (capital at a sentence start)
    assert len(by_key["commons"].occurrences) == 2  # "commons" and the inline marker on "waste"
    headings = [h for chapter in book.chapters for h in chapter.tree.iter("h2")]
    assert not any(h.iter("span") for h in headings if list(h.iter("span"))[1:])


@pytest.mark.parametrize(
    "index, message, line",
    [
        ("persons: [term: x\n", "invalid YAML", None),
        ("subjects:\n  - term: commons\n  - term: commons\n", "appears twice", 3),
        ("subjects:\n  - term: commons\n    see: nowhere\n", "refers to “nowhere”", 2),
        ("subjects:\n  - term: Parl\n", "only inside other words", 2),
        ("subjects:\n  - term: ships\n", "does not occur", 2),
        ("subjects:\n  - term: Trotski, Leon\n", "has no forms", 2),
        ("stuff:\n  - term: x\n", "persons and/or subjects", 1),
    ],
)
def test_bad_term_lists(tmp_path, index, message, line):
    folder = _book(tmp_path, index, BOOK.replace('[waste]{.idx term="commons"}', "waste"))
    with pytest.raises(PamfletError) as info:
        _marked(folder)
    assert info.value.path.endswith("index.yml") and message in info.value.message
    if line:
        assert info.value.line == line


def test_marker_with_an_unknown_term(tmp_path):
    folder = _book(tmp_path, "subjects:\n  - term: enclosure\n    forms: [enclosed]\n")
    with pytest.raises(PamfletError, match="does not have") as info:
        _marked(folder)
    assert info.value.path.endswith("book.md") and info.value.line == 8


def test_lenient_turns_an_unknown_marker_into_a_warning(tmp_path):
    folder = _book(tmp_path, "subjects:\n  - term: enclosure\n    forms: [enclosed]\n")
    _, warnings = _marked(folder, lenient=True)
    assert len(warnings) == 1 and "book.md:8:" in warnings[0] and "commons" in warnings[0]


def test_lenient_turns_missing_terms_into_warnings(tmp_path):
    folder = _book(tmp_path, GOOD_INDEX + "  - term: ships\n")
    _, warnings = _marked(folder, lenient=True)
    assert len(warnings) == 1 and "index.yml:" in warnings[0] and "ships" in warnings[0]


def test_cli_error_for_a_bad_index_leaves_outputs_alone(tmp_path, capsys):
    from pamflet.cli import main

    folder = _book(tmp_path, "subjects:\n  - term: commons\n    see: nowhere\n", BOOK.replace('[waste]{.idx term="commons"}', "waste"))
    out = tmp_path / "build"
    out.mkdir()
    (out / "a-small-book.pdf").write_bytes(b"earlier")
    assert main(["build", str(folder), "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "index.yml:2:" in err
    assert (out / "a-small-book.pdf").read_bytes() == b"earlier"


def test_locators_merge_ranges_and_mark_notes():
    entry = Entry("subjects", "x", 1, forms=["x"])
    pages = {"a": 3, "b": 4, "c": 5, "d": 5, "e": 9, "f": 12, "g": 9}
    entry.occurrences = [Occurrence("a", False), Occurrence("b", False), Occurrence("c", False), Occurrence("d", True),
                         Occurrence("e", False), Occurrence("f", True), Occurrence("g", True)]
    assert [loc.label for loc in locators(entry, pages)] == ["3–5", "9", "12n"]


def test_dutch_collation_accents_ij_case_and_particles():
    names = ["Zinovjev", "IJzerman, Jan", "Ibsen", "Izaak", "Émile", "Engels", "ezel", "vakbond", "Vakbonden",
             ("Vries, Jan de", "Vries, Jan de"), ("de 46", "46, de")]
    entries = []
    for name in names:
        term, sort = name if isinstance(name, tuple) else (name, name)
        entries.append(Entry("subjects", term, 1, sort=sort))
    order = [e.term for e in collated(entries)]
    assert order == ["de 46", "Émile", "Engels", "ezel", "Ibsen", "IJzerman, Jan", "Izaak", "vakbond", "Vakbonden", "Vries, Jan de", "Zinovjev"]
    assert [letter_group(e) for e in collated(entries)][:2] == ["#", "E"]


# --- the seed book, built ---


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", "1700000000")
        outputs = {o.kind: o.path for o in build(ROOT / "book", tmp_path_factory.mktemp("seed"))}
    book = parse_book(read_book(ROOT / "book"))
    book.index = read_index(book.folder)
    mark_occurrences(book, book.index)
    return outputs, book


def _dehyphenate(text: str) -> str:
    """Lines joined; a line-end hyphen read both ways (soft: dropped; real: kept), the two
    readings side by side, so that a form matches whichever the hyphen was."""
    soft = re.sub(r"[-\u2010]\n", "", text).replace("\n", " ")
    real = re.sub(r"[-\u2010]\n", "-", text).replace("\n", " ")
    return soft + " \u2029 " + real


def _forms_pattern(entry):
    forms = [f for f in entry.forms] + [f[:1].upper() + f[1:] for f in entry.forms if entry.kind == "subjects"]
    forms += [f.replace("-", "") for f in forms]  # a compound broken at its hyphen, read as a soft break
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(f) for f in forms) + r")(?!\w)")


def _pdf_index(pdf: Path):
    """Per index page: (link label text, destination page) from the PDF's link annotations."""
    reader = PdfReader(pdf)
    destinations = {name: reader.get_destination_page_number(d) + 1 for name, d in reader.named_destinations.items()}
    return reader, destinations


def test_seed_index_size():
    index = read_index(ROOT / "book")
    assert len(index.entries["persons"]) >= 29
    assert len([e for e in index.entries["subjects"] if not e.see]) >= 25
    forms = {f for e in index.entries["persons"] for f in e.forms}
    assert {"Rakovski", "Rakovsky", "Piatakov", "Piatakow", "Zinovjev", "Zinoviev"} <= forms


def test_every_locator_page_has_a_form_and_every_occurrence_is_located(seed):
    outputs, book = seed
    raw = ["\n".join(lines).strip() for lines in page_lines(outputs["pdf"], "text")]
    start, body = text_pages(outputs["pdf"], book.meta["title"], [h.title for h in book.headings], [])
    following = {start + n: text for n, text in enumerate(body)}  # a page's text without its running head
    # A page and the start of the next: an occurrence may begin on a page and end overleaf.
    pages = [_dehyphenate(page + "\n" + following.get(n + 1, "")[:60]) for n, page in enumerate(raw)]
    reader, destinations = _pdf_index(outputs["pdf"])
    headings = sorted({h.title for h in book.headings}, key=len, reverse=True)
    body_pages = [_dehyphenate(page) for page in body]
    located_pages = {}
    for entry in book.index.all_entries():
        if not entry.forms:
            continue
        pattern = _forms_pattern(entry)
        pages_of_entry = set()
        for occurrence in entry.occurrences:
            pages_of_entry.add(destinations[occurrence.id])
        for loc in locators(entry, {o.id: destinations[o.id] for o in entry.occurrences}):
            first, _, last = loc.label.rstrip("n").partition("–")
            for number in range(int(first), int(last or first) + 1):
                assert pattern.search(pages[number - 1]), (entry.key, loc.label, number)  # a range never spans a page without the term
        located_pages[entry.key] = pages_of_entry
    # Every occurrence in the text (headings, running heads and notes aside) is located, by its
    # entry or by an entry with a longer form that contains it ("thermidoriaanse bureaucratie").
    entries = [e for e in book.index.all_entries() if e.forms]
    for entry in entries:
        pattern = _forms_pattern(entry)
        covered = set(located_pages[entry.key])
        for other in entries:
            if any(f in g and f != g for f in entry.forms for g in other.forms):
                covered |= located_pages[other.key]
        for number, text in enumerate(body_pages, start=start + 1):
            for heading in headings:
                text = text.replace(heading, " ")
            if pattern.search(text):
                assert number in covered, (entry.key, number)


def test_print_index_links_go_to_the_pages_they_name(seed):
    outputs, _ = seed
    reader, destinations = _pdf_index(outputs["pdf"])
    checked = 0
    for number in range(destinations["index-start"], len(reader.pages) + 1):
        page = reader.pages[number - 1]
        height = float(page.mediabox.height)
        chars = page_chars(outputs["pdf"], [number])[0]  # read once, then box by box
        for annotation in page.get("/Annots") or []:
            link = annotation.get_object()
            x1, y1, x2, y2 = [float(v) for v in link["/Rect"]]
            box = (min(x1, x2) - 1, height - max(y1, y2) - 1, abs(x2 - x1) + 2, abs(y2 - y1) + 2)
            label = " ".join(lines(*chars, box)).strip().strip(",")
            first = int(re.match(r"\d+", label).group(0))
            assert destinations[str(link["/Dest"])] == first, (label, link["/Dest"])
            checked += 1
    assert checked > 200


def test_epub_index_labels_equal_the_print_pages(seed):
    outputs, book = seed
    _, destinations = _pdf_index(outputs["pdf"])
    ns = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
    with zipfile.ZipFile(outputs["epub"]) as z:
        index = etree.fromstring(z.read("EPUB/index.xhtml"))
        texts = {n: etree.fromstring(z.read(n)) for n in z.namelist() if n.endswith(".xhtml")}
        nav = etree.fromstring(z.read("EPUB/nav.xhtml"))
    locators_found = index.xpath("//x:a[@epub:type='index-locator']", namespaces=ns)
    assert len(locators_found) > 300
    for link in locators_found:
        file, anchor = link.get("href").split("#")
        assert texts[f"EPUB/{file}"].xpath(f"//*[@id='{anchor}']"), link.get("href")
        first = int(re.match(r"\d+", link.text).group(0))
        assert destinations[anchor] == first, (link.text, anchor)
    assert index.xpath("//x:section[@epub:type='index']", namespaces=ns)
    page_list = nav.xpath("//x:nav[@epub:type='page-list']//x:a", namespaces=ns)
    assert len(page_list) >= 40
    # Each page-list target sits in the text where that print page starts.
    for link in page_list:
        file, anchor = link.get("href").split("#")
        marker = texts[f"EPUB/{file}"].xpath(f"//*[@id='{anchor}']")
        assert marker and marker[0].get(f"{{{ns['epub']}}}type") == "pagebreak" and marker[0].get("aria-label") == link.text


def test_an_entry_too_long_for_a_column_is_an_error(tmp_path, capsys):
    from pamflet.cli import main

    folder = _book(tmp_path, GOOD_INDEX)
    (folder / "styles").mkdir()
    # A book style that makes one entry taller than the page: it cannot be printed.
    (folder / "styles" / "print.css").write_text(".index-entry { font-size: 200pt; line-height: 1.2; }\n", encoding="utf-8")
    assert main(["build", str(folder), "-o", str(tmp_path / "out"), "--only", "pdf"]) == 2
    err = capsys.readouterr().err.strip()
    assert "index.yml:" in err and "too long to fit" in err and len(err.splitlines()) == 1
    assert not (tmp_path / "out").exists()


def _column_feet(height: float, chars: list[tuple], width: float) -> tuple[float, float]:
    """The lowest text of the left and of the right column of an index page, in points from
    the page's top (the running head and the folio left out: the top and bottom 12 %)."""
    body = [(left, height - bottom) for ch, left, bottom, right, top in chars
            if not ch.isspace() and 0.12 * height < height - bottom < 0.88 * height]
    left = [y for x, y in body if x < width / 2]
    right = [y for x, y in body if x >= width / 2]
    return max(left, default=0.0), max(right, default=0.0)


def test_the_index_columns_are_balanced_where_each_register_ends(built):
    """WeasyPrint balances the last page of a multi-column box; pamflet finds that height by
    trial and bisection (layout/columns.py). Where a register ends, both columns hold text
    and their feet are within three lines of each other: the most that can move is a letter's
    heading, which keeps with its first entry, and the space above it (unbalanced, the left
    column would be full and the right one short or empty)."""
    import pypdfium2

    from pamflet.render import labels

    pdf = built["seed"]["pdf"]
    width = pypdfium2.PdfDocument(pdf)[0].get_width()
    pages = page_chars(pdf)
    texts = ["".join(ch for ch, *_ in chars) for _, chars in pages]
    titles = [labels("nl")[kind] for kind in ("persons", "subjects")]
    starts = [next(n for n, text in enumerate(texts) if title.replace(" ", "") in text.replace(" ", "")) for title in titles]
    assert len(starts) == 2 and starts[0] < starts[1], f"register titles {titles} not found in order"
    ends = [starts[1] - 1, len(pages) - 2]  # the last page is the back cover
    line = 12.0  # the index's line, about 12 pt
    for number in ends:
        left, right = _column_feet(pages[number][0], pages[number][1], width)
        assert left > 0 and right > 0, f"page {number + 1}: a column is empty"
        assert abs(left - right) <= 3 * line, f"page {number + 1}: column feet at {left:.0f} and {right:.0f} pt"


def _column_layout_signature(html: str, keep: bool, monkeypatch) -> tuple[list, int]:
    """Every box of every page (kind, place, size, text) and the number of columns laid out,
    with the final columns taken from a trial (``keep``) or laid out again."""
    from weasyprint import HTML

    import weasyprint.layout.block
    from pamflet.layout import columns

    if not keep:
        monkeypatch.setattr(columns, "_keepable", lambda *args: False)
    laid_out = []
    original = weasyprint.layout.block.block_box_layout

    def counted(context, box, *args, **kwargs):
        if getattr(box, "is_column", False):
            laid_out.append(box)
        return original(context, box, *args, **kwargs)

    monkeypatch.setattr(weasyprint.layout.block, "block_box_layout", counted)
    with columns.bisected_balance():
        document = HTML(string=html).render()
    monkeypatch.undo()
    signature = []
    for page in document.pages:
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            signature.append((type(box).__name__, round(box.position_x, 3), round(box.position_y, 3),
                              round(box.width or 0, 3), round(box.height or 0, 3), getattr(box, "text", None)))
            stack.extend(getattr(box, "children", ()))
    return signature, len(laid_out)


def test_columns_taken_from_a_trial_are_the_columns_laid_out_again(monkeypatch):
    """layout/columns.py takes the final columns from the trial at the same height instead of
    laying them out once more: the pages must be the same, box for box, in a two-column box
    over several pages that ends balanced, a three-column one right to left, one holding a
    float (never taken: the trial's clean-up takes floats back), and short ones whose last
    trial was too low (an earlier trial at the final height is not taken: the later ones
    moved its boxes)."""
    entries = "".join(f"<p>Entry {n} {'word ' * (n % 7)}</p>" for n in range(160))
    html = f"""<style>@page {{ size: A6; margin: 10mm }} body {{ font-size: 9pt }}
      .two {{ columns: 2; column-fill: balance }} .three {{ columns: 3; direction: rtl }}
      p {{ margin: 0 0 2pt; break-inside: avoid }} .float {{ float: left; width: 8mm; height: 8mm }}</style>
      <h2>Register</h2><div class="two">{entries}</div>
      <div class="three">{entries[:3000]}</div>
      <div class="two"><div class="float"></div>{entries[:2000]}</div>
      <h2>Short</h2><div class="two"><p>One</p><p>Two words here and some more of them to wrap</p><p>Three</p></div>
      <div class="two">{"".join(f"<p>{'Item ' * (n % 5 + 1)}</p>" for n in range(9))}</div>"""
    taken, fewer = _column_layout_signature(html, True, monkeypatch)
    again, more = _column_layout_signature(html, False, monkeypatch)
    assert taken == again
    assert fewer < more, (fewer, more)
