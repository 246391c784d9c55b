"""`pamflet new`: a book folder that builds at once, with flags and from a real PDF."""

import re
import subprocess
import sys

import pypdfium2
import pytest
import yaml

from pamflet.importer import import_file
from pamflet.metadata import Accessibility, Cover, Metadata, validate
from pamflet.new import metadata_block

from .conftest import ROOT

PAMFLET = [sys.executable, "-m", "pamflet.cli"]
REAL_PDF = ROOT / "tests" / "data" / "real" / "en-fixltxhyph" / "doc.pdf"


def run(*args, cwd=None):
    return subprocess.run([*PAMFLET, *map(str, args)], capture_output=True, text=True, cwd=cwd)


def _block(path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return text.split("---\n")[1], text.split("---\n", 2)[2]


def _uncommented(block: str) -> str:
    """Every field of the block in use: the '# ' before each commented key removed."""
    return "\n".join(re.sub(r"^(\s*)# (?=\w+:)", r"\1", line) for line in block.split("\n"))


def test_metadata_block_lists_every_field_of_the_schema():
    block = metadata_block({"title": "T", "lang": "en"})
    keys = re.findall(r"^\s*(?:# )?(\w+):", block, re.M)
    expected = list(Metadata.model_fields)
    for nested, model in (("cover", Cover), ("accessibility", Accessibility)):
        at = expected.index(nested) + 1
        expected[at:at] = list(model.model_fields)
    assert keys == expected
    for name, info in Metadata.model_fields.items():
        assert info.description in block, name
    meta = validate(yaml.safe_load(_uncommented(block)), "essay.md")  # uncommented, it is still valid
    assert meta["title"] == "T" and meta["cover"]["background"] == "#7a1f1f"
    assert yaml.safe_load(block) == {"title": "T", "lang": "en"}


@pytest.mark.slow
def test_new_with_flags_then_build(tmp_path):
    book = tmp_path / "mijn-boek"
    made = run("new", book, "--title", "Een klein boek: de proef", "--author", "A. de Auteur", "--lang", "NL")
    assert made.returncode == 0, made.stderr
    assert {p.name for p in book.iterdir()} >= {"essay.md", "raw", "index.yml", "EDITS.md", "README.md"}
    block, _ = _block(book / "essay.md")
    assert yaml.safe_load(block) == {"title": "Een klein boek: de proef", "lang": "nl", "author": "A. de Auteur"}
    built = run("build", book, "-o", tmp_path / "out")
    assert built.returncode == 0, built.stderr
    # A new book names no publisher yet, so the EPUB's conformance claim has no evaluator: the
    # one warning, naming the field to fill (issue 12); nothing else.
    warnings = [line for line in built.stderr.splitlines() if line.startswith("warning")]
    assert all("names no evaluator" in line and "'publisher'" in line for line in warnings), built.stderr
    pdf = pypdfium2.PdfDocument(tmp_path / "out" / "een-klein-boek-de-proef.pdf")
    text = "".join(pdf[n].get_textpage().get_text_range() for n in range(len(pdf)))
    assert "Een klein boek: de proef" in text and "A. de Auteur" in text
    assert "Index" not in text and "Register" not in text  # the empty index.yml prints no index
    assert (tmp_path / "out" / "een-klein-boek-de-proef.epub").stat().st_size > 0


@pytest.mark.slow
def test_new_from_a_real_pdf_then_build(tmp_path):
    book = tmp_path / "fixltxhyph"
    made = run("new", book, "--from", REAL_PDF)
    assert made.returncode == 0, made.stderr
    expected = import_file(REAL_PDF)
    block, body = _block(book / "essay.md")
    _, imported_block, imported_body = expected.markdown.split("---\n", 2)
    assert body == imported_body  # the text exactly as `pamflet import` writes it
    assert {k: v for k, v in yaml.safe_load(block).items()} == yaml.safe_load(imported_block)
    assert (book / "raw" / "doc.pdf").read_bytes() == REAL_PDF.read_bytes()
    assert (book / "import-report.md").read_text(encoding="utf-8") == expected.report
    assert "pamflet import raw/doc.pdf" in (book / "EDITS.md").read_text(encoding="utf-8")
    built = run("build", book, "-o", tmp_path / "out", "--only", "pdf,epub")
    assert built.returncode == 0, built.stderr
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 1


def test_existing_folder_refused_and_left_alone(tmp_path):
    book = tmp_path / "book"
    book.mkdir()
    (book / "essay.md").write_text("mine\n")
    result = run("new", book, "--lang", "en")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(book) in lines[0] and "not empty" in lines[0]
    assert [p.name for p in book.iterdir()] == ["essay.md"] and (book / "essay.md").read_text() == "mine\n"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run("new", empty, "--lang", "en").returncode == 0  # an empty folder is fine
    assert (empty / "essay.md").is_file()


def test_bad_lang_same_error_as_import(tmp_path):
    raw = tmp_path / "raw.txt"
    raw.write_text("Some text in a paragraph.\n")
    new = run("new", tmp_path / "a", "--lang", "klingon-x-1")
    imported = run("import", raw, "-o", tmp_path / "a.md", "--lang", "klingon-x-1")
    assert new.returncode == imported.returncode == 2
    assert new.stderr == imported.stderr and new.stderr.count("\n") == 1
    assert not (tmp_path / "a").exists()


def test_failed_import_leaves_nothing(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run("new", tmp_path / "book", "--from", empty)
    assert result.returncode == 2 and "is empty" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.txt"]  # no book, no temporary folder


def test_language_needed_without_a_text(tmp_path):
    result = run("new", tmp_path / "book")
    assert result.returncode == 2 and "--lang" in result.stderr
    assert not (tmp_path / "book").exists()
