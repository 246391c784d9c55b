import pytest

from pamflet.importer.markdown import NOTE_REF, escape, render

from ..conftest import letters, pandoc_plain


@pytest.mark.parametrize(
    "text",
    [
        "1917. Toen begon het.",
        "A. Lincoln schreef *niets* over _Marx_.",
        "- geen lijst",
        "# geen kop",
        "> geen citaat",
        "| geen regelblok",
        "Prijs: $5 en $6, 10^3, H~2~O, @auteur, [link](x), <b>vet</b>, &amp; en \\ backslash",
        "(a) geen lijst, iv. ook niet",
        "Zie https://fr.wikipedia.org/wiki/Trait%C3%A9_de_Brest-Litovsk.",
    ],
)
def test_escaped_text_reads_back_unchanged(text):
    markdown = render({"title": "T"}, [("para", escape_free(text), {})], {})
    assert pandoc_plain(markdown).strip() == text


def escape_free(text):
    return text  # render() escapes; this keeps the parametrised input readable


def test_note_references_and_definitions():
    markdown = render({"title": "T", "lang": "nl"}, [("para", f"enorm.{NOTE_REF.format(1)}", {})], {1: ["Voor een voorstelling."]})
    assert "enorm.[^1]" in markdown and "[^1]: Voor een voorstelling." in markdown
    assert "Voor een voorstelling." in pandoc_plain(markdown)


def test_lists_headings_and_line_block_for_tables():
    blocks = [
        ("heading", "Wat is te doen?", {}),
        ("item", "eerste", {"ordered": True, "number": 1}),
        ("item", "tweede", {"ordered": True, "number": 2}),
        ("table", "1917 3.024.000\n1918 2.486.000", {}),
    ]
    markdown = render({"title": "T"}, blocks, {})
    assert "## Wat is te doen?" in markdown and "1. eerste\n2. tweede" in markdown
    assert "| 1917 3.024.000\n| 1918 2.486.000" in markdown
    assert letters(pandoc_plain(markdown)) == letters("Wat is te doen 1 eerste 2 tweede 1917 3.024.000 1918 2.486.000")


def test_escape_leaves_plain_words_alone():
    assert escape("Lenin en Trotski – “de 46”") == "Lenin en Trotski – “de 46”"
