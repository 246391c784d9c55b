"""book/essay.md is the importer's output plus the hand edits listed in book/EDITS.md."""

import re

import pytest

from pamflet.importer import import_file

from .conftest import ROOT, SEED


def _blocks(markdown):
    return markdown.strip().split("\n\n")


def test_essay_is_import_output_plus_listed_edits():
    fresh = _blocks(import_file(SEED).markdown)
    edited = _blocks((ROOT / "book" / "essay.md").read_text(encoding="utf-8"))
    line_block = [b for b in fresh if b.startswith("| ")]
    pipe_table = [b for b in edited if b.startswith("|") and "|---" in b]
    caption = [b for b in edited if b.startswith(": ")]
    assert len(line_block) == len(pipe_table) == len(caption) == 1
    assert [b for b in fresh if b not in line_block] == [b for b in edited if b not in pipe_table + caption]
    # Every number of the raw table is in the rebuilt one, in the same order.
    numbers = re.findall(r"\d[\d.\-]*\d|\d", line_block[0])
    assert re.findall(r"\d[\d.\-]*\d|\d", pipe_table[0].split("\n", 2)[2]) == numbers


def test_raw_text_is_the_seed_unchanged():
    original = ROOT.parent / "shared" / "seed" / "000_c4b4d05d79d41771.txt"
    if not original.exists():
        pytest.skip("../shared/seed is not beside this checkout")
    assert SEED.read_bytes() == original.read_bytes()
