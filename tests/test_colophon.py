"""The colophon and the back cover print what the metadata gives: a real print PDF of a small book."""

from __future__ import annotations


import pytest

from pamflet.errors import PamfletError
from pamflet.parse import parse_book
from pamflet.source import read_book
from pamflet.layout import lay_out
from pamflet.writers.pdf import write_pdf

from .pdfread import page_texts

META = """---
title: De staat en de revolutie
lang: nl
author: W. I. Lenin
translator: Jan Jansen
original_title: Государство и революция
isbn: 978-90-5260-123-6
publisher: Uitgeverij Aurora
rights: © 2026 Uitgeverij Aurora. CC BY-SA 4.0.
description: {description}
---

## Eerste hoofdstuk

Een alinea tekst.
"""


def pages(folder, description: str) -> list[str]:
    (folder / "boek.md").write_text(META.format(description=description), encoding="utf-8")
    pdf = folder / "boek.pdf"
    pdf.write_bytes(_print_pdf(parse_book(read_book(folder))))
    return [" ".join(page.split()) for page in page_texts(pdf)]


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    return pages(tmp_path_factory.mktemp("colophon"), "Lenins boek over de staat, in een nieuwe vertaling.")


def test_the_colophon_names_translator_original_title_rights_publisher_and_isbn(printed):
    colophon = next(page for page in printed if "Opgemaakt met pamflet" in page)
    for text in ("Oorspronkelijke titel: Государство и революция", "Vertaling: Jan Jansen", "© 2026 Uitgeverij Aurora. CC BY-SA 4.0.",
                 "Uitgeverij Aurora", "ISBN 978-90-5260-123-6"):
        assert text in colophon, (text, colophon)


def test_the_back_cover_has_the_description_publisher_and_isbn(printed):
    back = printed[-1]
    assert "Lenins boek over de staat, in een nieuwe vertaling." in back
    squeezed = back.replace(" ", "")  # the publisher is letter-spaced: a reader may split it
    assert "UitgeverijAurora" in squeezed and "ISBN978-90-5260-123-6" in squeezed


def test_a_description_too_long_for_the_back_cover_is_an_error(tmp_path):
    with pytest.raises(PamfletError, match="back cover takes 2 pages"):
        pages(tmp_path, "Een zin die de achterkant vult. " * 120)


def _print_pdf(book) -> bytes:
    return write_pdf(book, lay_out(book))
