import pytest

from pamflet.importer.hyphens import Vocabulary

NL_TEXT = [
    "De bureaucratie van de arbeidersstaat groeit; de arbeidersklasse verzwakt.",
    "Hij is algemeen-secretaris van de partij, een echte sociaal nationalist.",
]


@pytest.mark.parametrize(
    "left, right, keep",
    [
        ("bureau", "cratie", False),  # soft break inside a word of the word list
        ("Sovjet", "Rusland", True),  # capital after the hyphen
        ("Brest", "Litovsk", True),
        ("sociaal", "nationalisme", True),  # the text writes "sociaal nationalist" apart
        ("algemeen", "secretaris", True),  # the text writes "algemeen-secretaris"
        ("arbeiders", "bureaucratie", False),  # the text writes other closed compounds with "arbeiders"
        ("1920", "21", True),
        ("overgangs", "maatschappij", False),
    ],
)
def test_dutch_line_end_hyphens(left, right, keep):
    assert Vocabulary(NL_TEXT, "nl").decide(left, right).keep is keep


@pytest.mark.parametrize(
    "left, right, keep",
    [("govern", "ment", False), ("self", "government", True), ("narrow", "minded", True), ("any", "thing", False)],
)
def test_english_line_end_hyphens(left, right, keep):
    assert Vocabulary(["Local government matters."], "en").decide(left, right).keep is keep


def test_german_compounds_of_two_words_join_without_evidence():
    vocab = Vocabulary(["Die Gewerkschaften und ihre Kongresse."], "de")
    assert not vocab.decide("Kongress", "reden").keep
    assert vocab.decide("SPD", "Vorsitzender").keep


def test_unglue_restores_compounds_pdftotext_glued():
    vocab = Vocabulary(["De Sovjet-Unie en de SovjetUnie.", "Ein SPDVorsitzender."], "nl")
    text, changes = vocab.unglue("in de SovjetUnie was het")
    assert text == "in de Sovjet-Unie was het" and changes
    text, _ = vocab.unglue("McDonald blijft")
    assert text == "McDonald blijft"


def test_unglue_lower_case_compound_the_text_writes_hyphenated():
    vocab = Vocabulary(["het sociaal-nationalisme", "over sociaalnationalisme"], "nl")
    assert vocab.unglue_lower("over sociaalnationalisme")[0] == "over sociaal-nationalisme"


def test_joined_line_is_split_where_the_hyphen_stood():
    vocab = Vocabulary(["a village is as narrowminded as any ministry, and sometimes more so"], "en")
    line = "they are no shield against prejudice; a village is as narrowminded as any ministry, and sometimes more so."
    fixed, changes = vocab.unglue_joined_line(line, 60)
    assert "narrow-minded" in fixed and len(changes) == 1


def test_a_capital_after_the_hyphen_yields_to_the_documents_own_spelling():
    vocab = Vocabulary(["We built TraceMonkey; TraceMonkey is fast.", "The Sovjet-Unie and the LOCATION tag."], "en")
    assert not vocab.decide("Trace", "Monkey").keep  # the text writes TraceMonkey
    assert vocab.decide("Sovjet", "Rusland").keep  # no closed form written: the capital decides
    assert not vocab.decide("LO", "CATION").keep  # a word in capitals: its case is no evidence
    assert vocab.decide("ABC", "Staat").keep
