"""A region the text-preservation check refuses is kept verbatim and flagged; the import goes on."""

import pamflet.importer as importer
from pamflet.importer import import_text

TEXT = (
    "Het eerste stuk\n\nDit is een gewone alinea over de fabriek en de arbeiders die er werken, "
    "en over de plannen die de directie had voor het nieuwe jaar.\n\nHier staat een tweede alinea "
    "die de stage zal verminken, met woorden die niet verloren mogen gaan in de uitvoer.\n\n"
    "En een derde alinea die gewoon blijft zoals zij is, met de laatste woorden van de tekst.\n"
)


def test_a_mangled_block_is_kept_verbatim(monkeypatch):
    real = importer.join_lines

    def mangling(lines, vocab, log):
        text = real(lines, vocab, log)
        return text.replace("verminken", "") if "verminken" in text else text

    monkeypatch.setattr(importer, "join_lines", mangling)
    result = import_text(TEXT, lang="nl")
    assert "| Hier staat een tweede alinea" in result.markdown
    assert "verminken" in result.markdown
    assert "Kept verbatim" in result.report
    assert "derde alinea die gewoon blijft" in result.markdown
