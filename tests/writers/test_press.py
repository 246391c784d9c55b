"""The press PDF of a small book, made by the real writer (WeasyPrint, then pikepdf): text and
rules in DeviceGray, crop marks only in a slug beyond the bleed; `pamflet check` passes it."""

from __future__ import annotations

import pikepdf
import pytest

from pamflet.parse import parse_book
from pamflet.source import read_book
from pamflet.verify import MM, check_press, format_results
from pamflet.layout import lay_out
from pamflet.writers.press import press_css, to_cmyk, write_press

BOOK = """---
title: A small book for the press
lang: en
author: A. Author
cover: {background: "#204060"}
---

## First

Some text with a note.[^1] And a table:

| year | copies |
|---|---:|
| 1917 | 3,000 |
| 1923 | 12,000 |

[^1]: The note, under a rule.
"""


@pytest.fixture(scope="module")
def press(tmp_path_factory):
    folder = tmp_path_factory.mktemp("press")
    (folder / "book.md").write_text(BOOK, encoding="utf-8")
    path = folder / "book-press.pdf"
    book = parse_book(read_book(folder))
    path.write_bytes(write_press(book, lay_out(book, press_css(book, "3mm"))))
    return path


def test_pamflet_check_passes_the_press_pdf(press):
    results = check_press(press)
    assert all(r.ok for r in results if r.ok is not None), format_results(results)
    assert {"press: no RGB black", "press: colour spaces", "press: marks outside the bleed"} <= {r.name for r in results}


def colours(pdf: pikepdf.Pdf) -> dict[str, set[tuple[float, ...]]]:
    found: dict[str, set] = {}
    streams = list(pdf.pages) + [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Form"]
    for stream in streams:
        for instruction in pikepdf.parse_content_stream(stream):
            if str(instruction.operator) in ("g", "G", "rg", "RG", "k", "K", "SCN"):
                values = tuple(round(float(v), 3) for v in instruction.operands if not isinstance(v, pikepdf.Name))
                found.setdefault(str(instruction.operator), set()).add(values)
    return found


def test_black_is_gray_and_the_cover_colour_cmyk(press):
    with pikepdf.open(press) as pdf:
        found = colours(pdf)
        intent = pdf.Root.OutputIntents[0]
        assert intent.OutputConditionIdentifier == "FOGRA39" and intent.DestOutputProfile.read_bytes()[16:20] == b"CMYK"
    assert (0.0,) in found["g"] and (0.0,) in found.get("G", set())  # text; the footnote and table rules
    assert "rg" not in found and "RG" not in found  # no DeviceRGB left
    cover = to_cmyk(0x20 / 255, 0x40 / 255, 0x60 / 255)  # the cover's #204060
    assert cover in found["k"] and cover[0] > 0.5 and cover[2] < 0.1 and cover[3] > 0.4, cover


def test_boxes_nest_with_a_slug_beyond_the_bleed(press):
    with pikepdf.open(press) as pdf:
        for page in pdf.pages:
            trim, bleed, media = ([float(v) for v in page.obj[k]] for k in ("/TrimBox", "/BleedBox", "/MediaBox"))
            assert trim == pytest.approx([0, 0, 148 * MM, 210 * MM], abs=0.01)
            assert bleed == pytest.approx([-3 * MM, -3 * MM, 151 * MM, 213 * MM], abs=0.01)
            assert all(b - m >= 8 * MM - 0.01 for b, m in zip(bleed[:2], media[:2]))
            assert all(m - b >= 8 * MM - 0.01 for b, m in zip(bleed[2:], media[2:]))


def test_an_opacity_group_blends_in_the_press_cmyk_and_keeps_its_black_gray():
    import io

    from weasyprint import HTML

    from pamflet.writers.press import prepress

    data = HTML(string='<style>@page { size: A5; bleed: 3mm }</style><p style="opacity: .5">Half black</p>').write_pdf(
        pdf_variant="pdf/x-4", output_intent="srgb")
    with pikepdf.open(io.BytesIO(prepress(data))) as pdf:
        forms = [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Form" and "/Group" in o]
        assert forms
        for form in forms:
            assert form.Group.CS[1].read_bytes()[16:20] == b"CMYK"
            operators = [str(i.operator) for i in pikepdf.parse_content_stream(form)]
            assert "g" in operators and "rg" not in operators
