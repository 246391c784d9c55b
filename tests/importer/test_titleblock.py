from pamflet.importer.titleblock import read_title_block

from ..conftest import make_lines


BODY = "Ten eerste, de marxisten en het probleem van de overgangsmaatschappij tussen de"


def test_seed_title_block_with_wrapped_subtitle_and_author_date_line():
    block = read_title_block(
        make_lines("Lenin en Trotski tegen de bureaucratie", "Russische Revolutie en de", "overgangsmaatschappij", "Eric Toussaint februari 1990", "Inleidende opmerkingen", BODY),
        78,
        "nl",
    )
    assert block.title == "Lenin en Trotski tegen de bureaucratie"
    assert [line.text for line in block.subtitle_lines] == ["Russische Revolutie en de", "overgangsmaatschappij"]
    assert (block.author, block.date, block.date_text) == ("Eric Toussaint", "1990-02", "februari 1990")
    assert len(block.lines) == 4  # the heading after it is body


def test_author_and_date_on_separate_lines_in_german():
    block = read_title_block(make_lines("Solidarität über Grenzen", "Heinrich Wallmann", "3. Oktober 1975", "Ein neues Wort", BODY), 60, "de")
    assert (block.author, block.date) == ("Heinrich Wallmann", "1975-10-03")
    assert block.subtitle_lines == []


def test_year_inside_a_subtitle_is_not_a_date():
    block = read_title_block(make_lines("De revolutie", "Rusland na 1917", "Jan de Vries", "June 2004", BODY), 78, "en")
    assert [line.text for line in block.subtitle_lines] == ["Rusland na 1917"]
    assert (block.author, block.date) == ("Jan de Vries", "2004-06")


def test_no_title_block_when_text_starts_with_prose():
    block = read_title_block(make_lines("Dit is gewoon een zin die meteen met de tekst begint en eindigt.", BODY), 78, "nl")
    assert block.title is None and block.lines == [] and block.notes


def test_author_after_door_and_with_an_address():
    from pamflet.importer import import_text

    body = (
        "Dit is een gewone alinea over de fabriek en de arbeiders die er werken, en over de plannen die de "
        "directie had voor het nieuwe jaar, zoals iedereen wist.\n\nEen tweede alinea met meer woorden over de "
        "zaak, die gewoon blijft zoals zij is.\n"
    )
    md = import_text("Plan en inspraak\n\ndoor Marijke van Dalen\n\nmaart 1987\n\n" + body, lang="nl").markdown
    assert "author: Marijke van Dalen" in md
    md = import_text("Plan en inspraak\n\nMarijke van Dalen <m@example.org>\n\nmaart 1987\n\n" + body, lang="nl").markdown
    assert "author: Marijke van Dalen" in md and "m\\@example.org" in md
