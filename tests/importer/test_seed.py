"""The first book's raw text: the spots a proofreader checks first."""

import re

import pytest
import yaml

from pamflet.importer import import_file

from ..conftest import SEED, letters, pandoc_plain


@pytest.fixture(scope="module")
def seed():
    return import_file(SEED)


def _body(markdown):
    return markdown.split("\n---\n", 1)[1]


def test_metadata(seed):
    meta = yaml.safe_load(seed.markdown.split("---")[1])
    assert meta == {
        "title": "Lenin en Trotski tegen de bureaucratie",
        "subtitle": "Russische Revolutie en de overgangsmaatschappij",
        "author": "Eric Toussaint",
        "date": "1990-02",
        "lang": "nl",
    }


def test_headings(seed):
    headings = re.findall(r"^## (.*)$", seed.markdown, re.M)
    for expected in [
        "Inleidende opmerkingen",
        "De eerste vijf jaar van de arbeiderssovjetstaat?",
        "Het debat over de vakbonden (1920 – 1921)",
        "De partij: waarborg tegen bureaucratie",
        "Lenin valt Stalin aan voor zijn fatale rol in het nationale vraagstuk",
        "Trotski gaat in het offensief tegen de bureaucratisering van de partij (najaar 1923)",
        "De dood van Lenin",
        "De socialistische, pluralistische en levendige democratie",
    ]:
        assert expected in headings
    assert "NOTEN" not in headings and len(headings) >= 18
    assert all(len(h.split()) <= 16 for h in headings)


def test_compounds_keep_their_hyphen(seed):
    for word in ["Sovjet-Rusland", "Brest-Litovsk", "“sociaal-nationalisme”", "algemeen-secretaris"]:
        assert word in seed.markdown


def test_notes_become_footnotes(seed):
    body = _body(seed.markdown)
    for n in (1, 2, 3):
        assert body.count(f"[^{n}]") == 2  # one reference, one definition
        assert f"\n[^{n}]: " in body
    assert "enorm.[^1]" in body and "Centraal Comité[^2] uit" in body
    note3 = body.split("[^3]: ", 1)[1]
    assert "Eind 25 zal hij Trotski contacteren" in note3
    assert body.count("Trait%C3%A9_de_Brest-Litovsk") == 1  # link residue gone, the note's own link kept


def test_no_page_numbers_left(seed):
    paragraphs = _body(seed.markdown).split("\n\n")
    assert not [p for p in paragraphs if p.strip().isdigit()]
    assert "boeren om de dictatuur van de burgerij omver te gooien" in seed.markdown  # across the page-2 break


def test_table_is_flagged_not_guessed(seed):
    assert "lines 342–372" in seed.report
    assert "| 1918 2.486.000 800.000 114.539 18.000.000" in seed.markdown


def test_report_lists_the_decisions(seed):
    report = seed.report
    for needle in ["line 59: page number “2”", "notes heading “NOTEN”", "link residue", "Sovjet-Rusland", "Headings", "Table-like regions"]:
        assert needle in report


def test_every_word_survives_in_order(seed):
    raw = SEED.read_text(encoding="utf-8")
    removed = {59: "2", 1247: "21", 1507: "25", 2194: "36", 2422: "NOTEN", 2442: "https://fr.wikipedia.org/wiki/Trait%C3%A9_de_Brest-Litovsk"}
    kept = [line for no, line in enumerate(raw.split("\n"), start=1) if no not in removed]
    for no, text in removed.items():
        assert raw.split("\n")[no - 1].strip() == text
    plain = pandoc_plain(seed.markdown)
    meta = yaml.safe_load(seed.markdown.split("---")[1])
    expected = letters("\n".join(kept)).replace("februari1990", "")
    got = letters(" ".join([meta["title"], meta["subtitle"], meta["author"], plain]))
    assert got == expected
