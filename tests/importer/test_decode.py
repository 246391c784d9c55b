import pytest

from pamflet.errors import PamfletError
from pamflet.importer.decode import decode_bytes, read_text


def test_utf8_with_bom_and_crlf():
    text, encoding = decode_bytes("\ufeffBureaucratie\r\nen staat\r\n".encode("utf-8"))
    assert (text, encoding) == ("Bureaucratie\nen staat\n", "utf-8-sig")


def test_cp1252_fallback_keeps_accents_and_quotes():
    raw = "coöperatieven “Nieuwe Koers” – één".encode("cp1252")
    text, encoding = decode_bytes(raw)
    assert encoding == "cp1252"
    assert text == "coöperatieven “Nieuwe Koers” – één"


@pytest.mark.parametrize(
    "data, message",
    [(b"", "is empty"), (b"  \n\n", "is empty"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"), (bytes(range(1, 32)) * 20, "binary")],
)
def test_bad_input_names_the_problem(data, message):
    with pytest.raises(PamfletError, match=message) as info:
        decode_bytes(data, "x.txt")
    assert str(info.value).startswith("x.txt: ")


def test_unreadable_paths(tmp_path):
    with pytest.raises(PamfletError, match="cannot read"):
        read_text(tmp_path / "missing.txt")
    with pytest.raises(PamfletError, match="folder"):
        read_text(tmp_path)


def test_word_on_a_mac_white_and_hyphens():
    from pamflet.importer.decode import decode_bytes

    raw = "What\t\r \xa0is\t\r \xa0new?\t\r \xa0\n\t\r \xa0\nSTIX-\xad\u2010Word is here.\n".encode()
    text, _ = decode_bytes(raw)
    assert text.splitlines() == ["What is new? ", " ", "STIX-Word is here."]


def test_one_hyphen_keeps_a_lone_soft_hyphen():
    from pamflet.importer.pdf import one_hyphen

    assert one_hyphen("sub-\xad\u2010folder") == "sub-folder"
    assert one_hyphen("\xad\u2010x") == "\u2010x"
    assert one_hyphen("Silben\xadtrennung") == "Silben\xadtrennung"


def test_an_unmapped_ligature_comes_back_when_one_ligature_makes_a_word():
    from pamflet.importer import import_text

    text = "Un testo\n\nÈ di\ufffdcile dire quanto sia in\ufffduente, per\ufffdno oggi, e \ufffd non si sa.\n"
    text += "\nLa somma \ufffdLi resta un simbolo.\n"  # before a capital: a symbol, not a ligature
    result = import_text(text, source="t.txt", lang="it")
    assert "difficile" in result.markdown and "influente" in result.markdown and "perfino" in result.markdown
    assert "di\ufffdcile → difficile" in result.report
    assert "\ufffd non" in result.markdown  # a lone one stays, and is reported
    assert "\ufffdLi" in result.markdown and "unreadable: 2 characters the text layer" in result.report
