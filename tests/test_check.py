"""The checkers for real: EPUBCheck and Ace on tiny pandoc EPUBs, good and deliberately broken."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pypandoc
import pytest

from pamflet.check import (
    CheckToolMissing,
    Message,
    ace_command,
    failures,
    run_ace,
    run_epubcheck,
)

pytestmark = pytest.mark.slow  # one JVM run (~3 s) and two Ace runs (~2 s each)

MARKDOWN = """---
title: Tiny
lang: en
{extra}---

# One

Hello *world*.

# Two

More text.
"""
SUMMARY = "accessibilitySummary: Text only, with headings and a table of contents.\n"
CHAPTER = "EPUB/text/ch001.xhtml"


def make_epub(path: Path, extra: str = "") -> Path:
    pypandoc.convert_text(MARKDOWN.format(extra=extra), "epub3", format="markdown", outputfile=str(path))
    return path


def rewrite(src: Path, dst: Path, edit) -> Path:
    """Copy an EPUB, passing each member through edit(name, data); None drops the member."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for name in zin.namelist():
            data = edit(name, zin.read(name))
            if data is not None:
                kind = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
                zout.writestr(name, data, compress_type=kind)
    return dst


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("books")
    plain = make_epub(tmp / "plain.epub")
    return {
        "plain": plain,
        "summary": make_epub(tmp / "summary.epub", SUMMARY),
        "missing": rewrite(plain, tmp / "missing.epub", lambda n, d: None if n == CHAPTER else d),
        "invalid": rewrite(
            plain, tmp / "invalid.epub", lambda n, d: d.replace(b"</p>", b"", 1) if n == CHAPTER else d
        ),
    }


def test_epubcheck_valid_and_broken_in_one_run(books):
    names = ["summary", "missing", "invalid"]
    result = run_epubcheck([books[n] for n in names])
    assert list(result) == [books[n] for n in names]
    assert result[books["summary"]] == []
    missing = failures(result[books["missing"]])
    assert Message("ERROR", "RSC-001", f'File "{CHAPTER}" could not be found.', CHAPTER) in missing
    invalid = failures(result[books["invalid"]])
    assert [(m.severity, m.id) for m in invalid] == [("FATAL", "RSC-016")]
    assert invalid[0].location.startswith(f"{CHAPTER}:")


def test_ace_wants_an_accessibility_summary(books, tmp_path):
    [violation] = run_ace(books["plain"], tmp_path / "plain")
    assert (violation.rule, violation.impact) == ("metadata-accessibilitysummary", "moderate")
    assert violation.location == "EPUB/content.opf"
    assert (tmp_path / "plain" / "report.json").exists()
    assert run_ace(books["summary"], tmp_path / "summary") == []


def test_missing_tools_raise(tmp_path, monkeypatch, books):
    with pytest.raises(CheckToolMissing, match="npm ci"):
        ace_command(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(CheckToolMissing, match="default-jre-headless"):
        run_epubcheck([books["plain"]])
