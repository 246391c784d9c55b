"""The typography benchmark's measuring (benchmarks/typography.py) on PDFs made to have known properties."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "styles" / "fonts"


def _typography():
    spec = importlib.util.spec_from_file_location("typography", ROOT / "benchmarks" / "typography.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["typography"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


typography = _typography()

CSS = f"""
@font-face {{ font-family: serif-test; src: url({(FONTS / 'LinLibertine_R.otf').as_uri()}); }}
@page {{ size: A5; margin: 17mm 15mm 19mm 20mm; }}
@page :left {{ margin-left: 15mm; margin-right: 20mm; }}  /* a verso: the inner margin on the right */
html {{ font-family: serif-test; font-size: 10.5pt; line-height: 1.38; }}
body {{ margin: 0; }}
p {{ margin: 0; text-align: justify; hyphens: manual; }}
p + p {{ text-indent: 1.2em; }}
.forced {{ text-align-last: justify; }}
"""

# A paragraph of many short words: full lines with spaces close to the natural 0.25 em, no hyphen.
EVEN = "<p>" + " ".join(["ab"] * 400) + "</p>"
# Three lines, each ending in a hyphen and each justified with only one wide space: a run of
# three hyphens, three lines with spaces far over 0.75 em, two lines starting with a two-letter
# fragment (cc, Ee) after a hyphen, one capitalised word hyphenated (Ff-), the recto's last line.
LADDER = '<p class="{cls}">Aa bb-<br>cc dd-<br>Ee Ff-</p>'


def _pdf(tmp_path: Path, html: str) -> Path:
    from weasyprint import CSS as Sheet, HTML
    from weasyprint.text.fonts import FontConfiguration

    out = tmp_path / "t.pdf"
    fonts = FontConfiguration()  # or the @font-face rule is ignored
    HTML(string=f"<html lang=en><body>{html}</body></html>", base_url=str(ROOT)).write_pdf(
        out, stylesheets=[Sheet(string=CSS, font_config=fonts)], font_config=fonts)
    return out


def test_a_ladder_of_hyphens_and_wide_spaces_is_counted(tmp_path):
    figures = typography.measure_pdf(_pdf(tmp_path, EVEN + LADDER.format(cls="forced")))
    assert figures["hyphenated"] == 3
    assert figures["runs_of_3"] == 1
    assert figures["lines_over_0.75em"] == 3
    assert figures["widest_space_em"] > 5
    assert figures["two_letter_fragments"] == 2
    assert figures["hyphenated_capitalised"] == 1
    assert figures["recto_last_line_hyphens"] == 1
    assert figures["baseline_pitch_pt"] == pytest.approx(10.5 * 1.38, abs=0.05)
    assert 0.22 < figures["median_space_em"] < 0.32


def test_even_text_has_none_of_it(tmp_path):
    figures = typography.measure_pdf(_pdf(tmp_path, EVEN))
    assert figures["justified_lines"] >= 10
    assert figures["hyphenated"] == 0
    assert figures["lines_over_0.5em"] == 0
    assert figures["widows"] == figures["orphans"] == 0


def test_ragged_lines_are_not_justified_lines(tmp_path):
    """The same ladder set ragged: its lines do not reach the measure, so their spaces do not count."""
    even = typography.measure_pdf(_pdf(tmp_path, EVEN))
    ragged = typography.measure_pdf(_pdf(tmp_path, EVEN + LADDER.format(cls="")))
    assert ragged["justified_lines"] == even["justified_lines"] + 0
    assert ragged["lines_over_0.75em"] == 0
    assert ragged["hyphenated"] == 3


def test_a_widow_at_a_page_top_is_counted(tmp_path):
    """A paragraph whose last few words go alone to the top of page 2 (widows: 1 allows it);
    a word fewer per line's worth and it fits on page 1: no widow."""
    import pdfplumber

    def filler(words: int) -> str:
        return "<p style='widows: 1; orphans: 1'>" + " ".join(["ab"] * words) + "</p>"

    with pdfplumber.open(str(_pdf(tmp_path, filler(1500)))) as doc:
        on_first_page = "".join(c["text"] for c in doc.pages[0].chars).count("ab")
    assert typography.measure_pdf(_pdf(tmp_path, filler(on_first_page + 3)))["widows"] == 1
    assert typography.measure_pdf(_pdf(tmp_path, filler(on_first_page)))["widows"] == 0
    assert typography.measure_pdf(_pdf(tmp_path, filler(on_first_page + 200)))["widows"] == 0
