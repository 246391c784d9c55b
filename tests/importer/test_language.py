import pytest

from pamflet.importer.language import detect_language


@pytest.mark.parametrize(
    "text, lang",
    [
        ("De bolsjewieken werden geconfronteerd met de opbouw van een arbeidersstaat en het probleem van de bureaucratie.", "nl"),
        ("The parish council is the smallest unit of elected government in the country, and it is often ignored.", "en"),
        ("Die Gewerkschaftsbewegung hat eine lange Tradition, aber sie hat die Frage nach dem Süden nicht gestellt.", "de"),
    ],
)
def test_detects_dutch_english_german(text, lang):
    assert detect_language(text)[0] == lang


def test_no_language_for_gibberish():
    assert detect_language("xqzt vbnm qwrp zzkx plmq wxcv bnmq")[0] is None


def test_body_outvotes_an_abstract_in_another_language():
    abstract = "Abstract\nThis thesis studies the history of the labour movement in the north of the country and its press.\n"
    body = "De arbeidersbeweging in het noorden van het land had een eigen pers, en de kranten werden door de leden gelezen.\n" * 6
    assert detect_language(abstract + abstract + body)[0] == "nl"


def test_prose_lines_decide_over_labels_and_codes():
    labels = "\n".join(f"CL_Type{i}\nNetworkLinearElement\nLRS Abstract Model::Event" for i in range(80))
    prose = "The hydro network is the set of all the water bodies and the links between them in the country.\n" * 12
    assert detect_language(labels + "\n" + prose)[0] == "en"
