from pamflet.importer.notes import find_notes

from ..conftest import make_lines


def test_notes_section_found_by_numbered_definitions_and_residue_removed():
    lines = make_lines(
        "de Sovjeteconomie enorm. [1]",
        "voorstellen het Centraal Comité [2] uit te breiden",
        "NOTEN",
        "[1] Voor een voorstelling van het Verdrag van Brest-",
        "Litovsk: https://fr.wikipedia.org/wiki/Brest-Litovsk",
        "[2] Volgens Isaac Deutscher in januari 1923,",
        "https://fr.wikipedia.org/wiki/Brest-Litovsk",
        "stelt Trotski zelf een project voor.",
    )
    section = find_notes(lines)
    assert section.heading.text == "NOTEN" and section.start == 2
    assert sorted(section.notes) == [1, 2]
    assert [line.no for line in section.residue] == [7]
    assert [line.text for line in section.notes[2]][-1] == "stelt Trotski zelf een project voor."


def test_a_marker_wrapped_to_a_line_start_is_not_a_notes_section():
    lines = make_lines("Dit is tekst die eindigt met een noot", "[1] en dan gaat de tekst gewoon verder", "met nog meer tekst.")
    assert find_notes(lines) is None


def test_heading_word_does_not_matter():
    lines = make_lines("Text with a note.[1]", "Anmerkungen", "[1] Eine Anmerkung.")
    assert find_notes(lines).heading.text == "Anmerkungen"
