"""The pinned book font covers every character the books print, so no machine font is used."""

from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from pamflet.build import build

from .conftest import ROOT
from .pdfread import fonts

FONTS = sorted((ROOT / "styles" / "fonts").glob("*.otf"))
BOOKS = [ROOT / "book", ROOT / "tests" / "data" / "books" / "commons"]


def _characters(folder: Path) -> set[str]:
    text = "".join(p.read_text(encoding="utf-8") for p in folder.glob("*.md"))
    labels = (ROOT / "templates" / "labels.yml").read_text(encoding="utf-8")
    return {ch for ch in text + labels if not ch.isspace()}


@pytest.mark.parametrize("font", FONTS, ids=lambda p: p.name)
@pytest.mark.parametrize("folder", BOOKS, ids=lambda p: p.name)
def test_every_character_has_a_glyph(font, folder):
    cmap = TTFont(font).getBestCmap()
    missing = sorted(ch for ch in _characters(folder) if ord(ch) not in cmap)
    assert missing == []


def test_fonts_are_licensed():
    assert (ROOT / "styles" / "fonts" / "OFL.txt").read_text().startswith("PREAMBLE")
    assert len(FONTS) == 6  # Libertine: 4 faces; Biolinum (covers): 2


def test_pdf_embeds_only_the_pinned_font(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    pdf = next(o.path for o in build(ROOT / "book", tmp_path, only=("pdf",)))
    listing = fonts(pdf)
    names = {name.split("+", 1)[1] for name, _ in listing}  # subset prefix ABCDEF+
    assert names and all(name.startswith("pamflet-serif") for name in names), names
    assert all(embedded for _, embedded in listing)
