"""`pamflet import essay.pdf`: the PDF read with its layout, and bad PDFs refused in one line."""

import json
from pathlib import Path

import pikepdf
import pytest

from pamflet.errors import PamfletError
from pamflet.importer import import_file

REAL = Path(__file__).parent.parent / "data" / "real"


def test_real_pdf_notes_title_headings():
    result = import_file(REAL / "es-division" / "doc.pdf")
    truth = json.loads((REAL / "es-division" / "truth.json").read_text())
    md = result.markdown
    assert "title: División de palabras con guiones" in md
    assert "author: Javier Bezos" in md
    assert md.count("\n[^") == len(truth["footnotes"]) == 18
    assert "[^1]: Se sigue manteniendo" in md
    assert "## 2. Los patrones de TEX" in md
    assert "TEXemplares 0/0000" in md  # the journal line stays text; nothing is lost


def test_notes_restarting_per_chapter_are_numbered_through():
    md = import_file(REAL / "pl-wkmgr" / "doc.pdf").markdown
    assert "[^9]:" in md and "Miśkiewicz" in md  # TeX accents joined to their letters


def _pdf(tmp_path, name, pages=1, **save):
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page()
    path = tmp_path / name
    pdf.save(path, **save)
    return path


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda t: _pdf(t, "scan.pdf"), "needs OCR first"),
        (lambda t: _pdf(t, "locked.pdf", encryption=pikepdf.Encryption(owner="o", user="u")), "encrypted"),
    ],
)
def test_bad_pdfs(tmp_path, make, message):
    path = make(tmp_path)
    with pytest.raises(PamfletError) as err:
        import_file(path)
    assert message in str(err.value)


def test_damaged_pdf(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    with pytest.raises(PamfletError) as err:
        import_file(path)
    assert "PDF" in str(err.value)


def test_no_pages_and_too_many_pages(tmp_path):
    empty = tmp_path / "zero.pdf"
    empty.write_bytes(
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
    with pytest.raises(PamfletError) as err:
        import_file(empty)
    assert "no pages" in str(err.value)
    with pytest.raises(PamfletError) as err:
        import_file(_pdf(tmp_path, "huge.pdf", pages=2000))
    assert "2000 pages" in str(err.value)


def test_cli_bad_pdf_one_line_exit_2_nothing_written(tmp_path):
    import subprocess
    import sys

    bad = _pdf(tmp_path, "scan.pdf")
    out = tmp_path / "essay.md"
    result = subprocess.run([sys.executable, "-m", "pamflet.cli", "import", str(bad), "-o", str(out)], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "needs OCR first" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    "text, joined",
    [
        ("Mi´skiewicz", "Miśkiewicz"),
        ("zał ˛acznika", "załącznika"),
        ("file `e", "file è"),
        ("O˘guz", "Oğuz"),  # a breve
        ("cos`ı", "così"),  # TeX's dotless i under an accent
        ("www.univ-tours.fr/˜aligon_j", "www.univ-tours.fr/˜aligon_j"),  # a tilde in an address stays
        ("Baudisˇ and", "Baudisˇ and"),  # an accent after its letter is not moved onto the next word
    ],
)
def test_tex_accents_join_their_letters_and_only_theirs(text, joined):
    from pamflet.importer.pdf import join_accents

    assert join_accents(text) == joined


def test_an_accent_in_a_span_of_its_own_goes_before_the_letter_under_it():
    from pamflet.importer.pdf import PdfLine, Span

    def span(text, x0, x1):
        return Span(text, 10, False, False, x0, x1, 100, 110, 108)

    # MuPDF's spans, sorted by their left edges: the caron over the s and the one over the S
    spans = [span("(Baudi", 10, 40), span("s", 40, 44), span("ˇ", 40.5, 43.5), span(" and ", 44, 64), span("Sediv`y,", 64, 100), span("ˇ", 65, 69)]
    line = PdfLine(1, spans, 10, 100, 100, 110)
    from pamflet.importer.pdf import _accents_before_their_letters

    _accents_before_their_letters(line)
    assert line.finish().text == "(Baudiš and Šedivỳ,"


def test_a_space_inside_a_ligatures_box_is_no_word_space():
    from pamflet.importer.pdf import _span_text

    def chars(*rows):
        return [{"c": c, "origin": (x0, 0), "bbox": (x0, 0, x1, 9)} for c, x0, x1 in rows]

    # InDesign: "Erﬁnder", a space written back inside the ﬁ ligature (MuPDF expands it to f, i)
    indesign = chars(("E", 174.2, 179.7), ("r", 179.7, 183.2), ("f", 183.2, 188.7), ("i", 188.7, 188.7), (" ", 185.9, 188.4), ("n", 188.7, 194.2))
    assert _span_text({"size": 9, "chars": indesign}) == "Erfin"
    # TeX: "Jeff Siskind", the ff ligature split, its second f given the real space's origin
    tex = chars(("f", 209.28, 214.66), ("f", 214.66, 217.47), (" ", 214.66, 217.29), ("S", 217.29, 222.41))
    assert _span_text({"size": 9, "chars": tex}) == "ff S"


def test_a_pdf_whose_text_runs_sideways_is_told_so(tmp_path):
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    for k in range(30):
        page.insert_text((60 + 14 * k, 800), "Beautiful is better than ugly, explicit better than implicit.", rotate=90)
    path = tmp_path / "sideways.pdf"
    doc.save(path)
    with pytest.raises(PamfletError, match="text runs sideways"):
        import_file(path)


def test_a_note_mark_given_as_a_line_of_its_own_stays_in_its_line():
    from pamflet.importer.pdf import _lines

    def span(text, x0, y0, size):
        width = (size * 0.5) * len(text)
        chars = [{"c": c, "origin": (x0 + k * size * 0.5, y0 + size), "bbox": (x0 + k * size * 0.5, y0, x0 + (k + 1) * size * 0.5, y0 + size)} for k, c in enumerate(text)]
        return {"chars": chars, "size": size, "flags": 0, "font": "Times", "bbox": (x0, y0, x0 + width, y0 + size), "origin": (x0, y0 + size)}

    def line(*spans):
        x0, y0 = min(s["bbox"][0] for s in spans), min(s["bbox"][1] for s in spans)
        x1, y1 = max(s["bbox"][2] for s in spans), max(s["bbox"][3] for s in spans)
        return {"dir": (1, 0), "bbox": (x0, y0, x1, y1), "spans": list(spans)}

    mark = line(span("2", 195.6, 96.9, 7.2))  # MuPDF's order: the raised mark first, then its line
    host = line(span("unauthorized copying", 108, 97.3, 12), span(" of a copyrighted work.", 198, 97.3, 12))
    out = _lines({"blocks": [{"lines": [mark]}, {"lines": [host]}]}, 4)
    assert [pl.text for pl in out] == ["unauthorized copying2 of a copyrighted work."]
