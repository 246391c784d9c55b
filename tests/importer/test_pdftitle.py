"""The PDF title block read from type and position (Lines as pdflines makes them)."""

from pamflet.importer.lines import Line
from pamflet.importer.pdftitle import read_pdf_title_block


def _line(no, text, size, top, page=1, bold=False, unraised=""):
    return Line(no, text, page=page, size=size, bold=bold, top=top, bottom=top + size, unraised=unraised)


PROSE = "This is the first paragraph of the body, long enough to be running prose and not display."


def test_a_line_of_the_title_type_after_a_wide_gap_is_not_the_title():
    lines = [
        _line(1, "National Hydro Network, Canada, Level 1", 18, 204),
        _line(2, "Data Model", 18, 225),
        _line(3, "Edition 1.0", 18, 294),
        _line(4, "Gouvernement du Canada", 12, 404, bold=True),
        _line(5, PROSE, 10, 500),
    ]
    block = read_pdf_title_block(lines, 10, "en")
    assert block.title == "National Hydro Network, Canada, Level 1 Data Model"
    assert block.author is None  # a government is not a person
    assert any("institution" in note and "Gouvernement" in note for note in block.notes)


def test_author_read_without_raised_affiliation_letters():
    lines = [
        _line(1, "Cubic Bézier approximation of a digitized curve", 17, 155),
        _line(2, "Sarbajit Pala,∗, Pankaj Gangulyb, P.K. Biswasc", 13, 182, unraised="Sarbajit Pal, Pankaj Ganguly, P.K. Biswas"),
        _line(3, PROSE, 10, 300),
    ]
    block = read_pdf_title_block(lines, 10, "en")
    assert block.author == "Sarbajit Pal, Pankaj Ganguly, P.K. Biswas"
    assert block.subtitle_lines == []
    assert lines[1].text == "Sarbajit Pal, Pankaj Ganguly, P.K. Biswas"  # the check of letters sees the same
    assert any("raised marks" in note for note in block.notes)


def test_title_broken_by_hand_after_a_short_first_line_has_a_subtitle():
    lines = [
        _line(1, "The FixLtxHyph package", 17, 163),
        _line(2, "A small fix in order to hyphenate emphasized", 17, 185),
        _line(3, "words after a vocalic elision", 17, 207),
        _line(4, "Claudio Beccari", 12, 262),
        _line(5, PROSE, 10, 330),
    ]
    block = read_pdf_title_block(lines, 10, "en")
    assert block.title == "The FixLtxHyph package"
    assert [line.text for line in block.subtitle_lines] == ["A small fix in order to hyphenate emphasized", "words after a vocalic elision"]
    assert block.author == "Claudio Beccari"


def test_a_title_wrapped_by_the_typesetter_stays_one_title():
    lines = [
        _line(1, "Kritische Analyse zum Format der wissenschaftlichen", 17, 163),
        _line(2, "Dissertation", 17, 185),
        _line(3, PROSE, 10, 330),
    ]
    assert read_pdf_title_block(lines, 10, "de").title == "Kritische Analyse zum Format der wissenschaftlichen Dissertation"


def test_a_cover_of_logo_letters_gives_the_title_to_a_later_page():
    lines = [
        _line(1, "CS", 40, 100), _line(2, "G", 40, 100), _line(3, "U T", 40, 150),
        _line(4, "Vykreslení středové části obrazce Shri Yantra", 14, 50, page=3, bold=True),
        _line(5, "pomocí METAPOSTu", 14, 66, page=3, bold=True),
        _line(6, PROSE, 10, 200, page=3),
    ]
    assert read_pdf_title_block(lines, 10, "en").title == "Vykreslení středové části obrazce Shri Yantra pomocí METAPOSTu"
