"""pamflet's layout context: a paragraph moves to the next page, never a footnote."""

import weasyprint
from weasyprint.text.fonts import FontConfiguration

from pamflet.footnotes import notes_stay_on_their_page
from pamflet.layout.pagemap import _descendants
from pamflet.layout.weasy import _paragraphs_pushing_notes_away

STYLE = """@page { size: 100mm 100mm; margin: 10mm; } body { font: 10pt/14pt serif; margin: 0 }
p { margin: 0; orphans: 2; widows: 2 } .footnote { float: footnote; footnote-policy: line }"""


def _html():
    """Ten filler lines, a paragraph with a long note, then a four-line paragraph that does
    not fit below it without a widow or an orphan (found by trying sizes)."""
    filler = "".join(f'<p data-block="{i}">Line {i} of the filler text here.</p>' for i in range(10))
    note = "Note text. " * 12
    p1 = f'<p data-block="900">A paragraph with a note<span class="footnote" id="fn1">{note}</span> and more.</p>'
    p2 = '<p data-block="901">' + " ".join(["Second paragraph words that run on and on."] * 4) + "</p>"
    return f"<html><body>{filler}{p1}{p2}</body></html>"


def _render():
    fonts = FontConfiguration()
    return weasyprint.HTML(string=_html()).render(stylesheets=[weasyprint.CSS(string=STYLE, font_config=fonts)], font_config=fonts)


def _lines_of(document, block):
    counts = []
    for page in document.pages:
        lines = sum(
            1 for box in _descendants(page._page_box)
            if type(box).__name__ == "LineBox" and box.element is not None and box.element.get("data-block") == block
        )
        if lines:
            counts.append(lines)
    return counts


def test_weasyprint_alone_moves_the_note_away():
    assert _paragraphs_pushing_notes_away(_render()) == frozenset({901})


def test_with_pamflets_context_the_paragraph_moves_instead():
    with notes_stay_on_their_page():
        document = _render()
    assert _paragraphs_pushing_notes_away(document) == frozenset()
    assert all(n >= 2 for n in _lines_of(document, "901"))  # still no widow or orphan
    assert weasyprint.document.LayoutContext.__name__ == "LayoutContext"  # restored afterwards
