from pamflet.importer.blocks import build_blocks, heading_shape, line_width
from pamflet.importer.language import common_words

from ..conftest import make_lines


def _kinds(lines, width=72):
    blocks, _ = build_blocks(lines, [], width, common_words("nl", 100))
    return [(b.kind, [line.no for line in b.lines]) for b in blocks]


def test_paragraph_ends_where_the_next_word_would_have_fitted():
    lines = make_lines(
        "Het was feitelijk de eerste historische en praktische ervaring op grote",
        "schaal van een poging om op te bouwen.",
        "Marxistische geschriften hebben de problemen van de overgang aangeraakt,",
        "maar niet vanuit economische invalshoek.",
    )
    assert _kinds(lines, 74) == [("para", [1, 2]), ("para", [3, 4])]


def test_a_full_line_with_a_sentence_end_does_not_end_the_paragraph():
    lines = make_lines(
        "Het was feitelijk de eerste historische en praktische ervaring op grote",
        "schaal van een poging om een socialistische samenleving te bouwen. Dit",
        "Marxistische geschriften hebben de problemen van de overgang aangeraakt.",
    )
    lines[1].text = lines[1].text[:-4]  # ends "…te bouwen." but the next word would not have fitted
    assert _kinds(lines, 72) == [("para", [1, 2, 3])]


def test_a_paragraph_continues_across_a_page_break():
    lines = make_lines(
        "bondgenootschap tot stand te brengen van het proletariaat en de boeren om de",
        ("dictatuur van de burgerij omver te gooien. Dit bondgenootschap moest worden", True),
        "geleid door het proletariaat.",
    )
    assert _kinds(lines, 78) == [("para", [1, 2, 3])]


def test_headings_short_long_and_question():
    lines = make_lines(
        "Inleidende opmerkingen",
        "Ten eerste, de marxisten en het probleem van de overgangsmaatschappij tussen",
        "kapitalisme en socialisme.",
        "Lenin valt Stalin aan voor zijn fatale rol in het nationale vraagstuk",
        "Het derde punt van reflectie van Lenin gaat over de kwestie van de naties.",
        "Hoe deze houding van Lenin verklaren?",
        "Lenin vat de bureaucratie vooral op als overblijfsel van het tsaristische",
        "erfgoed.",
    )
    assert _kinds(lines, 82) == [
        ("heading", [1]),
        ("para", [2, 3]),
        ("heading", [4]),
        ("para", [5]),
        ("heading", [6]),
        ("para", [7, 8]),
    ]


def test_a_line_ending_in_a_function_word_is_not_a_heading():
    lines = make_lines(
        "Vorige alinea eindigt hier.",
        "Op 5 december 1923 aanvaardt het Politiek Bureau een tekst geschreven door",
        "Trotski, geamendeerd door Stalin en Kamenev, waarin de leiding een koers",
        "aankondigt.",
    )
    assert _kinds(lines, 82) == [("para", [1]), ("para", [2, 3, 4])]


def test_two_line_heading():
    lines = make_lines(
        "een uitvloeisel van de Burgeroorlog.",
        "Trotski gaat in het offensief tegen de bureaucratisering van de partij (najaar",
        "1923)",
        "Na het congres van maart 1923 wint de oppositie in de bolsjewistische partij aan",
    )
    assert _kinds(lines, 82)[1] == ("heading", [2, 3])


def test_bulleted_and_numbered_lists():
    lines = make_lines(
        "We need three things:",
        "• Residents wanted a say in the",
        "matters that touch them.",
        "• Councils must publish budgets.",
        "1. Small bodies lack expertise.",
        "2. Small bodies are captured",
        "by local notables.",
        "After the list the text goes on with a long line of ordinary prose here.",
    )
    blocks, markers = build_blocks(lines, [], 72, common_words("en", 100))
    kinds = [(b.kind, b.ordered, b.number, [line.no for line in b.lines]) for b in blocks]
    assert kinds == [
        ("para", False, 0, [1]),
        ("item", False, 0, [2, 3]),
        ("item", False, 0, [4]),
        ("item", True, 1, [5]),
        ("item", True, 2, [6, 7]),
        ("para", False, 0, [8]),
    ]
    assert markers[2] == 2 and markers[5] == 3


def test_line_width_ignores_lines_pdftotext_glued_together():
    lines = make_lines(*(["y" * 60] * 8 + ["z" * 200] * 2 + ["w" * 62] * 2))
    assert line_width(lines) == 62


def test_a_line_ending_in_an_abbreviation_the_text_uses_does_not_end_the_paragraph():
    from pamflet.importer.lines import abbreviations

    lines = make_lines(
        "Zie Carr, blz. 304, en verder.",
        "Tot werktuig van sabotage van de economie.” (Het Overgangsprogramma, blz.",
        "60).",
    )
    blocks, _ = build_blocks(lines, [], 82, common_words("nl", 100), abbreviations(lines))
    assert [[line.no for line in b.lines] for b in blocks] == [[1], [2, 3]]


def test_gutenberg_bold_mark_is_a_heading_shape():
    assert heading_shape("=Hunting the Quail=", frozenset())
    assert not heading_shape("=Hunting the quail.=", frozenset())  # a sentence stays one


def test_a_heading_wrapped_onto_a_shorter_line_is_one_heading():
    lines = make_lines(
        "Threats Highlight the Importance of Establishing Strong and Clear",
        "Leadership in Cybersecurity",
        "Federal agencies and our nation's critical infrastructure depend on technology systems to carry",
        "out fundamental operations and to process, maintain, and report vital information.",
    )
    assert _kinds(lines)[0] == ("heading", [1, 2])
