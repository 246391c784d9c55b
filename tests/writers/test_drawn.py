"""Pages drawn once (writers/drawn.py): a document written again gives WeasyPrint's own bytes,
pages it cannot replay are drawn as WeasyPrint draws them."""

from __future__ import annotations

import weasyprint.document
from weasyprint import HTML

from pamflet.layout import incremental
from pamflet.writers import drawn

from ..conftest import ROOT

FIGURE = (ROOT / "tests" / "data" / "books" / "commons" / "images" / "fields.png").as_uri()
PAGES = f"""<style>@page {{ size: A6; margin: 12mm; @bottom-center {{ content: counter(page) }} }}
body {{ font: 11pt serif; }} .faint {{ color: rgba(0, 0, 0, 0.5) }}</style>
<p>Plain text on the first page, <em>some in italics</em>, and ﬁ ligatures — with a dash.</p>
<p class="faint" style="break-after: page">Half-transparent text.</p>
<p>An image: <img src="{FIGURE}" style="width: 30mm"></p>
<table style="border-collapse: collapse; break-after: page"><tr><td style="border: 1px solid">a cell</td></tr></table>
<p style="opacity: 0.5">A block with opacity is a group, drawn as WeasyPrint draws it.</p>
"""


def _paints(monkeypatch) -> list:
    """Count WeasyPrint's own page drawing (what ``pages_drawn_once`` wraps)."""
    calls = []
    original = weasyprint.document.Page.paint

    def counted(page, stream, scale=1):
        calls.append(page)
        return original(page, stream, scale)

    monkeypatch.setattr(weasyprint.document.Page, "paint", counted)
    return calls


def test_a_document_written_again_is_weasyprints_own_pdf_and_replays_what_it_can(monkeypatch):
    monkeypatch.delenv("PAMFLET_FULL_LAYOUT", raising=False)
    monkeypatch.setattr(incremental, "KEEP", True)
    document = HTML(string=PAGES).render()
    assert len(document.pages) == 3
    direct = document.write_pdf()  # WeasyPrint alone
    calls = _paints(monkeypatch)
    with drawn.pages_drawn_once():
        first = document.write_pdf()
        drawn_first = len(calls)
        again = document.write_pdf()
    assert first == direct and again == direct
    # First: each page drawn once into a stream of its own, and the group page once more
    # (straight into the document's); then only the group page is drawn again.
    assert drawn_first == 4 and len(calls) - drawn_first == 1
    assert [drawn._DRAWN[page._page_box][(0.75, None)].ops is None for page in document.pages] == [False, False, True]


def test_a_page_laid_out_again_is_drawn_again(monkeypatch):
    monkeypatch.delenv("PAMFLET_FULL_LAYOUT", raising=False)
    monkeypatch.setattr(incremental, "KEEP", True)
    with drawn.pages_drawn_once():
        one = HTML(string="<p>One.</p>").render().write_pdf()
        two = HTML(string="<p>Two.</p>").render().write_pdf()
    assert two == HTML(string="<p>Two.</p>").render().write_pdf() and one != two
