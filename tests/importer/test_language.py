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
