"""Bad book input: one line naming file and line, exit code 2, earlier outputs untouched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pamflet.cli import main

from .conftest import GOOD, ROOT
from .pdfread import page_texts


def _book(tmp_path: Path, text: str = GOOD, files: dict[str, str] | None = None) -> Path:
    folder = tmp_path / "book"
    folder.mkdir()
    (folder / "book.md").write_text(text, encoding="utf-8")
    for name, content in (files or {}).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return folder


def _build(folder: Path, out: Path, capsys) -> tuple[int, str]:
    code = main(["build", str(folder), "-o", str(out), "--only", "pdf"])
    return code, capsys.readouterr().err.strip()


@pytest.mark.parametrize(
    "text, where, message",
    [
        (GOOD.replace("title: A small book\n", ""), "book.md:1", "no 'title'"),
        (GOOD.replace("lang: en\n", ""), "book.md:1", "no 'lang'"),
        (GOOD.replace("title: A small book", "title: [unclosed"), "book.md:3", "invalid YAML"),
        (GOOD.replace("title: A small book", 'title: "A small\\u0007book"'), "book.md:2", "control character"),
        (GOOD.replace("[^1]: The note.", ""), "book.md:8", "footnote [^1] has no definition"),
        (GOOD.replace("a note.[^1]", "a note."), "book.md:10", "footnote [^1] is defined but never referenced"),
        (GOOD + "\n![A map](images/missing.png)\n", "book.md:12", "does not exist"),
        (GOOD + "\n![A map](https://example.org/map.png)\n", "book.md:12", "remote images are not fetched"),
        (GOOD + "\n![A map](../outside.png)\n", "book.md:12", "outside the book folder"),
    ],
)
def test_bad_book_one_line_error(tmp_path, capsys, text, where, message):
    (tmp_path / "outside.png").write_bytes(b"\x89PNG\r\n")
    out = tmp_path / "build"
    out.mkdir()
    (out / "a-small-book.pdf").write_bytes(b"earlier good output")
    code, err = _build(_book(tmp_path, text), out, capsys)
    assert code == 2
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert f"{where}: " in err and message in err, err
    assert (out / "a-small-book.pdf").read_bytes() == b"earlier good output"
    assert sorted(p.name for p in out.iterdir()) == ["a-small-book.pdf"]


def test_template_error_in_a_user_override(tmp_path, capsys):
    folder = _book(tmp_path, files={"templates/print/titlepage.html": "<h1>{{ book.meta.title }</h1>\n"})
    code, err = _build(folder, tmp_path / "build", capsys)
    assert code == 2 and "titlepage.html:1: template error" in err and len(err.splitlines()) == 1
    assert not (tmp_path / "build").exists() or not list((tmp_path / "build").iterdir())


def test_a_user_template_overrides_the_stock_one(tmp_path, capsys):
    override = '<section class="titlepage"><h1 class="title">OVERRIDDEN {{ book.meta.title }}</h1></section>\n'
    folder = _book(tmp_path, files={"templates/print/titlepage.html": override})
    code, err = _build(folder, tmp_path / "build", capsys)
    assert code == 0, err
    text = "\n".join(page_texts(tmp_path / "build" / "a-small-book.pdf"))
    assert "OVERRIDDEN A small book" in text


def test_raw_html_is_escaped_by_default(tmp_path, capsys):
    folder = _book(tmp_path, GOOD + '\n<img src="https://example.org/x.png"> <b>bold</b>\n')
    code, err = _build(folder, tmp_path / "build", capsys)
    assert code == 0, err
    text = "\n".join(page_texts(tmp_path / "build" / "a-small-book.pdf"))
    assert '<img src="https://example.org/x.png">' in text and "<b>bold</b>" in text


def test_stylesheet_cannot_reach_the_network_or_leave_the_book(tmp_path, capsys):
    cases = [
        ('@font-face { font-family: x; src: url("https://example.org/font.woff"); } p { font-family: x; }', "no network access"),
        ('@font-face { font-family: x; src: url("../../../etc/passwd"); } p { font-family: x; }', "outside the book folder"),
        ('p { background: url("https://example.org/x.png"); }', "refused"),
        ('p { background: url("../../../etc/passwd"); }', "refused"),
    ]
    for css, message in cases:
        shutil.rmtree(tmp_path / "book", ignore_errors=True)
        folder = _book(tmp_path, files={"styles/print.css": css + "\n"})
        code, err = _build(folder, tmp_path / "build", capsys)
        assert code == 2 and message in err and len(err.splitlines()) == 1, err


def test_a_folder_without_a_book(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    code, err = _build(tmp_path / "empty", tmp_path / "build", capsys)
    assert code == 2 and "no Markdown file" in err


@pytest.mark.parametrize(
    "args, message",
    [(["--sheet", "B7"], "unknown sheet size 'B7'"), (["--press", "--bleed", "three"], "bleed must be a length")],
)
def test_bad_booklet_and_press_options(tmp_path, capsys, args, message):
    out = tmp_path / "build"
    assert main(["build", str(_book(tmp_path)), "-o", str(out), *args]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1 and not out.exists()


def test_missing_cover_image(tmp_path, capsys):
    text = GOOD.replace("lang: en\n", "lang: en\ncover:\n  background: '#223344'\n  image: images/none.jpg\n")
    code, err = _build(_book(tmp_path, text), tmp_path / "build", capsys)
    assert code == 2 and "book.md:6:" in err and "cover image 'images/none.jpg' does not exist" in err


def test_unknown_output_format(capsys, tmp_path):
    assert main(["build", str(ROOT / "book"), "-o", str(tmp_path), "--only", "docx"]) == 2
    assert "unknown output format" in capsys.readouterr().err


def test_outputs_are_written_all_or_none(tmp_path):
    from pamflet.atomic import write_all

    (tmp_path / "book.pdf").write_bytes(b"earlier")
    (tmp_path / "blocked").write_bytes(b"a file where a folder should be")
    with pytest.raises(OSError):
        write_all([(tmp_path / "book.pdf", b"new"), (tmp_path / "blocked" / "book.epub", b"new")])
    assert (tmp_path / "book.pdf").read_bytes() == b"earlier"  # the first was not replaced
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocked", "book.pdf"]  # no temporary file left


def test_a_very_long_title_makes_a_file_name_that_fits(tmp_path):
    from pamflet.source import slugify

    slug = slugify("Een " + "zeer " * 60 + "lange titel")
    assert len(slug) <= 100 and slug.startswith("een-zeer") and not slug.endswith("-")
    assert slugify("a" * 232) == "a" * 100
