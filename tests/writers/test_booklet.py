"""The booklet: labelled A5 pages imposed two-up, read back half by half (pypdfium2)."""

from __future__ import annotations

import io
import math

import pikepdf
import pytest
from weasyprint import HTML

from pamflet.errors import PamfletError
from pamflet.writers.booklet import impose_booklet

from ..conftest import ROOT
from ..pdfread import fonts, page_texts

SEED_PDF = ROOT / "build" / "lenin-en-trotski-tegen-de-bureaucratie.pdf"
PAGE = """<section style="break-after: page; text-align: center; padding-top: 60mm">
<span style="font: bold 120pt sans-serif">P{n}</span></section>"""
STYLE = "<style>@page { size: A5; margin: 0 }</style>"
_cache: dict[int, bytes] = {}


def labelled(count: int) -> bytes:
    """An A5 PDF whose page n shows only the big label "Pn"."""
    if count not in _cache:
        html = STYLE + "".join(PAGE.format(n=n) for n in range(1, count + 1))
        _cache[count] = HTML(string=html).write_pdf()
    return _cache[count]


def halves(pdf: bytes) -> list[tuple[str, str]]:
    """Each sheet side's (left, right) text; "" for a blank half."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        (width, height), = {(float(p.mediabox[2]), float(p.mediabox[3])) for p in doc.pages}
    half = width / 2
    return list(zip(page_texts(pdf, (0, 0, half, height)), page_texts(pdf, (half, 0, half, height))))


def reading_order(sides: list[tuple[str, str]]) -> list[str]:
    """The pages as a reader meets them once the sheets are stacked, folded and stapled:
    outward from the front cover down to the centre, then back up to the back cover."""
    sheets = [(sides[i], sides[i + 1]) for i in range(0, len(sides), 2)]
    first = [half for front, back in sheets for half in (front[1], back[0])]
    second = [half for front, back in reversed(sheets) for half in (back[1], front[0])]
    return first + second


def test_eight_pages_fold_in_order():
    assert halves(impose_booklet(labelled(8))) == [("P8", "P1"), ("P2", "P7"), ("P6", "P3"), ("P4", "P5")]


def test_five_pages_blanks_go_before_the_back_cover():
    sides = halves(impose_booklet(labelled(5)))
    assert sides == [("P5", "P1"), ("P2", ""), ("", "P3"), ("P4", "")]
    assert reading_order(sides) == ["P1", "P2", "P3", "P4", "", "", "", "P5"]


def test_keep_last_zero_appends_blanks():
    sides = halves(impose_booklet(labelled(5), keep_last=0))
    assert reading_order(sides) == ["P1", "P2", "P3", "P4", "P5", "", "", ""]


def test_keep_last_two():
    sides = halves(impose_booklet(labelled(5), keep_last=2))
    assert reading_order(sides) == ["P1", "P2", "P3", "", "", "", "P4", "P5"]


def test_thirteen_pages():
    sides = halves(impose_booklet(labelled(13)))
    assert sides == [
        ("P13", "P1"), ("P2", ""), ("", "P3"), ("P4", ""),
        ("P12", "P5"), ("P6", "P11"), ("P10", "P7"), ("P8", "P9"),
    ]
    assert reading_order(sides) == [f"P{n}" for n in range(1, 13)] + ["", "", "", "P13"]


def test_a4_sheets_are_landscape_with_pages_at_natural_size():
    with pikepdf.open(io.BytesIO(impose_booklet(labelled(8)))) as doc:
        assert len(doc.pages) == 4
        for page in doc.pages:
            _, _, width, height = (float(v) for v in page.mediabox)
            assert (round(width), round(height)) == (842, 595)
            assert width == pytest.approx(297 / 25.4 * 72, abs=1e-3)
            assert height == pytest.approx(210 / 25.4 * 72, abs=1e-3)
            for slot, (scale, (x, y), (w, h)) in enumerate(placements(page)):
                assert scale == 1
                assert h == pytest.approx(height, abs=1e-3)  # A5 is as tall as A4 is wide
                assert y == pytest.approx(0, abs=1e-3)
                assert (x + w if slot == 0 else x) == pytest.approx(width / 2, abs=1e-3)


def test_a3_scales_by_root_two_centres_vertically_and_meets_at_the_fold():
    pdf = impose_booklet(labelled(8), sheet="A3")
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            _, _, width, height = (float(v) for v in page.mediabox)
            assert (round(width), round(height)) == (1191, 842)
            for slot, (scale, (x, y), (w, h)) in enumerate(placements(page)):
                assert scale == pytest.approx(math.sqrt(2), abs=1e-4)
                assert y == pytest.approx((height - h) / 2, abs=1e-3)
                # against the fold: the left page ends at the middle, the right one starts there
                assert (x + w if slot == 0 else x) == pytest.approx(width / 2, abs=1e-3)
    assert halves(pdf)[0] == ("P8", "P1")


def test_letter_fits_the_half_sheet():
    pdf = impose_booklet(labelled(4), sheet="letter")
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        assert [round(float(v)) for v in page.mediabox] == [0, 0, 792, 612]
        for slot, (scale, (x, y), (w, h)) in enumerate(placements(page)):
            assert w == pytest.approx(396, abs=1e-3) and h < 612
            assert x == pytest.approx(slot * 396, abs=1e-3)
    assert halves(pdf) == [("P4", "P1"), ("P2", "P3")]


def placements(page: pikepdf.Page) -> list[tuple[float, tuple[float, float], tuple[float, float]]]:
    """Each placed page's scale, lower-left corner and size on the sheet, in drawing order."""
    out, matrix = [], None
    for operands, operator in pikepdf.parse_content_stream(page):
        if str(operator) == "cm":
            matrix = [float(v) for v in operands]
        elif str(operator) == "Do":
            form = page.Resources.XObject[operands[0]]
            x0, y0, x1, y1 = (float(v) for v in form.BBox)
            a, _, _, d, e, f = matrix
            assert a == d  # uniform: never stretched, never rotated
            out.append((a, (e + a * x0, f + d * y0), (a * (x1 - x0), d * (y1 - y0))))
    return out


def test_metadata_has_title_and_author_and_never_none():
    pdf = impose_booklet(labelled(5), title="Lenin en Trotski", author="Eric Toussaint")
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        info = {str(k): str(v) for k, v in doc.docinfo.items()}
        assert info["/Title"] == "Lenin en Trotski" and info["/Author"] == "Eric Toussaint"
        assert not any("None" in value for value in info.values())
        assert not any(key in info for key in ("/Keywords", "/Subject", "/CreationDate", "/ModDate"))
        assert b"MetadataDate" not in doc.Root.Metadata.read_bytes()
        xmp = doc.open_metadata()  # read only: a with block would stamp it
        assert xmp["dc:title"] == "Lenin en Trotski"
        assert xmp["dc:creator"] == ["Eric Toussaint"]


def test_empty_title_and_author_are_left_out():
    with pikepdf.open(io.BytesIO(impose_booklet(labelled(4)))) as doc:
        assert "/Title" not in doc.docinfo and "/Author" not in doc.docinfo
        assert "/Metadata" not in doc.Root


def test_fonts_are_embedded_once():
    pdf = impose_booklet(labelled(8))
    listing = fonts(pdf)
    assert listing and all(embedded for _, embedded in listing)
    names = [name for name, _ in listing]
    assert len(names) == len(set(names))


def test_same_input_gives_identical_bytes():
    first = impose_booklet(labelled(5), title="T", author="A")
    assert impose_booklet(labelled(5), title="T", author="A") == first


def test_prints_duplex_on_the_short_edge_at_actual_size():
    with pikepdf.open(io.BytesIO(impose_booklet(labelled(4)))) as doc:
        assert doc.Root.ViewerPreferences.Duplex == "/DuplexFlipShortEdge"
        assert doc.Root.ViewerPreferences.PrintScaling == "/None"


def test_unknown_sheet_size_is_a_user_error():
    with pytest.raises(PamfletError, match=r"unknown sheet size 'B5' \(choose from A4, A3, letter\)"):
        impose_booklet(labelled(4), sheet="B5")


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory) -> bytes:
    """The seed book's print PDF: the one `make` wrote, or a fresh build of it."""
    if SEED_PDF.exists():
        return SEED_PDF.read_bytes()
    from pamflet.build import build

    (output,) = build(ROOT / "book", tmp_path_factory.mktemp("seed"), only=("pdf",))
    return output.path.read_bytes()


@pytest.mark.slow
def test_seed_book(seed_pdf):
    with pikepdf.open(io.BytesIO(seed_pdf)) as doc:
        pages = len(doc.pages)
    padded = pages + -pages % 4
    booklet = impose_booklet(seed_pdf, title="Lenin en Trotski tegen de bureaucratie", author="Eric Toussaint")
    with pikepdf.open(io.BytesIO(booklet)) as doc:
        assert len(doc.pages) == padded // 2
        assert len(doc.pages) % 2 == 0  # whole sheets
    if pages == 50:
        assert (padded, padded // 2, padded // 4) == (52, 26, 13)
    # the first sheet side: the last page on the left, the first page on the right
    left, right = halves(booklet)[0]
    assert (left.split(), right.split()) == (_page_text(seed_pdf, pages).split(), _page_text(seed_pdf, 1).split())


def _page_text(pdf: bytes, page: int) -> str:
    return page_texts(pdf)[page - 1]
