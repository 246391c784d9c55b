from pamflet.importer.pages import remove_furniture, split_pages

from ..conftest import pdftotext_shape, spread_shape

BODY = "Dit is een gewone regel tekst van een essay over de overgangsmaatschappij in"
PLACES = "Rusland Duitsland Frankrijk Polen Mexico Italië Spanje Oostenrijk Zweden".split()


def _pages(n, per_page=6, head=None, head_pages="all", foot_folio=False, top_folio=False):
    pages = []
    for p in range(1, n + 1):
        lines = [f"{BODY} {PLACES[p]} en {PLACES[i]}" for i in range(per_page)]
        wants_head = head and (head_pages == "all" or (head_pages == "odd") == (p % 2 == 1)) and p > 1
        if top_folio:
            lines.insert(0, str(p))
        if wants_head:
            lines.insert(0, head)
        if foot_folio:
            lines.append(str(p))
        pages.append(lines)
    return pages


def _kept(text):
    doc = remove_furniture(split_pages(text))
    return doc, [line.text for page in doc.pages for line in page]


def test_spread_shape_pages_split_at_folio_and_leading_space():
    pages = [["Eerste pagina regel een", "regel twee"], ["Tweede pagina regel", "en nog een"], ["Derde pagina"]]
    text = spread_shape(pages, folio_start=2)
    doc, kept = _kept(text)
    assert doc.shape == "spread"
    assert len(doc.pages) == 3
    assert kept == ["Eerste pagina regel een", "regel twee", "Tweede pagina regel", "en nog een", "Derde pagina"]
    assert [line.page_start for page in doc.pages for line in page] == [False, False, True, False, True]
    assert [reason for _, reason in doc.removed] == ["page number", "page number"]


def test_page_break_without_folio_is_found_by_leading_space():
    doc, kept = _kept(spread_shape([["regel een", "regel twee"], ["regel drie", "regel vier"]], folios=False))
    assert len(doc.pages) == 2 and kept == ["regel een", "regel twee", "regel drie", "regel vier"]


def test_running_heads_on_odd_pages_and_top_folios_are_removed():
    text = pdftotext_shape(_pages(6, head="Lenin en Trotski", head_pages="odd", top_folio=True))
    doc, kept = _kept(text)
    assert doc.shape == "pdftotext"
    assert "Lenin en Trotski" not in kept
    assert not any(line.isdigit() for line in kept)
    assert len(kept) == 6 * 6


def test_running_heads_on_even_pages_and_foot_folios_are_removed():
    text = pdftotext_shape(_pages(5, head="Eric Toussaint", head_pages="even", foot_folio=True))
    _, kept = _kept(text)
    assert "Eric Toussaint" not in kept and len(kept) == 30


def test_a_line_starting_with_a_number_is_text():
    pages = _pages(3, foot_folio=True)
    pages[1].insert(3, "25 zal hij Trotski contacteren om het blok dat hij gevormd heeft")
    _, kept = _kept(pdftotext_shape(pages))
    assert "25 zal hij Trotski contacteren om het blok dat hij gevormd heeft" in kept


def test_numbers_inside_a_page_and_big_numbers_stay():
    pages = _pages(3, foot_folio=True)
    pages[1].insert(3, "1918")
    pages[1].insert(4, "2.000.000")
    pages[2].append("34.000")
    _, kept = _kept(pdftotext_shape(pages))
    assert {"1918", "2.000.000", "34.000"} <= set(kept)


def test_title_repeated_as_running_head_is_kept_on_page_one():
    pages = _pages(4, head="Lenin en Trotski", head_pages="all")
    pages[0].insert(0, "Lenin en Trotski")
    _, kept = _kept(pdftotext_shape(pages))
    assert kept.count("Lenin en Trotski") == 1 and kept[0] == "Lenin en Trotski"
