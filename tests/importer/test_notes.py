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


def test_a_numbered_reference_list_is_not_notes():
    from pamflet.importer import import_text

    text = (
        "A study of things\n\nJane Doe\n\nMarch 2020\n\nAs shown before [1], and again in [2, 3], the results hold for all the cases "
        "that we tried, which is what one would expect from the theory.\n\nReferences\n\n"
        "[1] A. Author. A book about things. Some Press, 1999.\n\n[2] B. Writer. Another paper. Journal 4, pp. 1–10, 2003.\n\n"
        "[3] C. Person. Third work. Verlag, 2010.\n"
    )
    result = import_text(text, lang="en")
    assert "[^1]" not in result.markdown
    assert "## References" in result.markdown
    assert "A. Author. A book about things" in result.markdown


def test_pdftotext_merge_of_last_body_line_and_first_note_is_undone():
    from pamflet.importer.pages import split_pages
    from pamflet.importer.textnotes import move_page_notes

    text = (
        "Die Analyse1 zeigt, dass Moretti die Romane zählt, und das2 mit Grund.\n"
        "Darum werden wir im Folgenden die o. g. Punk1. Vgl. Moretti, Graphs, Maps, Trees, S. 4.\n"
        "2 Siehe oben.\n\f"
        "te behandeln, und zwar der Reihe nach.\n"
    )
    doc, report = move_page_notes(split_pages(text))
    lines = [line.text for page in doc.pages for line in page]
    assert lines[:3] == [
        "Die Analyse[1] zeigt, dass Moretti die Romane zählt, und das[2] mit Grund.",
        "Darum werden wir im Folgenden die o. g. Punk-",
        "te behandeln, und zwar der Reihe nach.",
    ]
    assert lines[3:] == ["[1] Vgl. Moretti, Graphs, Maps, Trees, S. 4.", "[2] Siehe oben."]
    assert any("joined the page's last line and note 1" in entry for entry in report)
