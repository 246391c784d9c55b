"""The build cache: a rebuild costs only what changed, and never serves a stale output.

Each test builds a small book twice into one output folder (the second build may use the
cache) and compares with a build into a fresh folder (no cache): the bytes must be the same.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import pamflet
import pamflet.build
from pamflet.build import build
from pamflet.cache import FOLDER
from pamflet.errors import PamfletError

from .conftest import EPOCH, GOOD, ROOT

pytestmark = pytest.mark.slow
KINDS = ("pdf", "epub")
INDEX = "subjects:\n  - term: note\n"


@pytest.fixture(autouse=True)
def _epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def _book(tmp_path: Path) -> Path:
    folder = tmp_path / "book"
    folder.mkdir()
    (folder / "book.md").write_text(GOOD, encoding="utf-8")
    (folder / "index.yml").write_text(INDEX, encoding="utf-8")
    return folder


def _bytes(result) -> dict[str, bytes]:
    return {o.kind: o.path.read_bytes() for o in result}


def _states(result) -> dict[str, str]:
    return {o.kind: o.state for o in result}


def _fresh(folder: Path, tmp_path: Path, **options) -> dict[str, bytes]:
    """An uncached build: a new output folder."""
    out = tmp_path / f"fresh-{len(list(tmp_path.glob('fresh-*')))}"
    return _bytes(build(folder, out, warn=lambda _: None, **{"only": KINDS, **options}))


def test_a_rebuild_with_nothing_changed_makes_nothing_and_matches_an_uncached_build(tmp_path):
    folder, out = _book(tmp_path), tmp_path / "out"
    first = build(folder, out, only=KINDS)
    assert set(_states(first).values()) == {"written"}
    mtimes = {o.kind: o.path.stat().st_mtime_ns for o in first}
    again = build(folder, out, only=KINDS)
    assert _states(again) == {"pdf": "cached", "epub": "cached"}
    assert not any(name.startswith("laying out") for name, _ in again.stages)
    assert {o.kind: o.path.stat().st_mtime_ns for o in again} == mtimes
    assert _bytes(again) == _fresh(folder, tmp_path)


def test_a_no_op_build_imports_neither_weasyprint_nor_pandoc(tmp_path):
    folder, out = _book(tmp_path), tmp_path / "out"
    build(folder, out, only=KINDS)
    code = (f"import sys; from pamflet.build import build; r = build({str(folder)!r}, {str(out)!r}, only={KINDS!r}); "
            "print(sorted(o.state for o in r), 'weasyprint' in sys.modules, 'pypandoc' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH}, check=True)
    # The last line: the warnings a no-op build tells again come before it.
    assert done.stdout.splitlines()[-1].split() == ["['cached',", "'cached']", "False", "False"], done.stdout + done.stderr


def test_an_epub_after_a_print_build_reuses_the_page_map_without_weasyprint(tmp_path):
    folder, out = _book(tmp_path), tmp_path / "out"
    build(folder, out, only=("pdf",))
    code = (f"import sys; from pamflet.build import build; r = build({str(folder)!r}, {str(out)!r}, only=('epub',)); "
            "print([o.state for o in r], 'weasyprint' in sys.modules, any(n.startswith('laying out') for n, _ in r.stages))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH}, check=True)
    assert done.stdout.splitlines()[-1].split() == ["['written']", "False", "False"], done.stdout + done.stderr
    epub = next(out.glob("*.epub")).read_bytes()
    assert epub == _fresh(folder, tmp_path, only=("epub",))["epub"]


CHANGES = {
    "text": lambda f: (f / "book.md").write_text(GOOD.replace("Some text", "Some other text"), encoding="utf-8"),
    "index": lambda f: (f / "index.yml").write_text(INDEX + "  - term: text\n", encoding="utf-8"),
    "template": lambda f: _write(f / "templates" / "print" / "colophon.html", '<section class="colophon"><p>Set by hand.</p></section>\n'),
    "style": lambda f: _write(f / "styles" / "print.css", ".text h2 { font-size: 20pt; }\n"),
    "font": lambda f: _write(f / "fonts" / "own.otf", (ROOT / "styles" / "fonts" / "LinBiolinum_R.otf").read_bytes()),
}


def _write(path: Path, content) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    (path.write_bytes if isinstance(content, bytes) else path.write_text)(content)


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_changed_input_is_never_served_from_the_cache(change, tmp_path):
    folder, out = _book(tmp_path), tmp_path / "out"
    before = _bytes(build(folder, out, only=KINDS))
    CHANGES[change](folder)
    after = build(folder, out, only=KINDS)
    assert "cached" not in _states(after).values()
    assert _bytes(after) == _fresh(folder, tmp_path)
    if change in ("text", "index", "template", "style"):  # these show in the outputs
        assert _bytes(after) != before


def test_a_font_used_by_the_style_changes_the_outputs(tmp_path):
    folder, out = _book(tmp_path), tmp_path / "out"
    font = ROOT / "styles" / "fonts"
    _write(folder / "fonts" / "own.otf", (font / "LinBiolinum_R.otf").read_bytes())
    _write(folder / "styles" / "print.css", '@font-face { font-family: own; src: url("../fonts/own.otf"); }\nh2 { font-family: own; }\n')
    before = _bytes(build(folder, out, only=("pdf",)))
    _write(folder / "fonts" / "own.otf", (font / "LinLibertine_RB.otf").read_bytes())  # same name, other letters
    after = build(folder, out, only=("pdf",))
    assert _states(after) == {"pdf": "written"} and _bytes(after) != before
    assert _bytes(after) == _fresh(folder, tmp_path, only=("pdf",))


@pytest.mark.parametrize("option", [{"allow_raw_html": True}, {"sheet": "A3"}])
def test_a_changed_option_is_never_served_from_the_cache(option, tmp_path):
    folder, out = _book(tmp_path), tmp_path / "out"
    only = KINDS + ("booklet",)
    build(folder, out, only=only)
    after = build(folder, out, only=only, **option)
    changed = {"booklet"} if "sheet" in option else set(only)
    assert {kind for kind, state in _states(after).items() if state != "cached"} == changed
    assert _bytes(after) == _fresh(folder, tmp_path, only=only, **option)


def test_another_pamflet_version_is_a_cache_miss(tmp_path, monkeypatch):
    folder, out = _book(tmp_path), tmp_path / "out"
    first = build(folder, out, only=KINDS)
    monkeypatch.setattr(pamflet, "__version__", pamflet.__version__ + ".post1")
    again = build(folder, out, only=KINDS)
    assert "cached" not in _states(again).values()
    assert _bytes(again) == _bytes(first)  # made again; the same bytes are not rewritten
    assert set(_states(again).values()) == {"unchanged"}


def test_a_changed_or_deleted_output_is_made_again(tmp_path):
    folder, out = _book(tmp_path), tmp_path / "out"
    made = _bytes(build(folder, out, only=KINDS))
    pdf = next(out.glob("*.pdf"))
    pdf.write_bytes(b"edited by hand")
    next(out.glob("*.epub")).unlink()
    again = build(folder, out, only=KINDS)
    assert _states(again) == {"pdf": "written", "epub": "written"} and _bytes(again) == made


def test_a_corrupt_cache_is_a_miss_not_an_error(tmp_path):
    folder, out = _book(tmp_path), tmp_path / "out"
    made = _bytes(build(folder, out, only=KINDS))
    for entry in (out / FOLDER).glob("*.json"):
        entry.write_text("{not json", encoding="utf-8")
    for blob in (out / FOLDER / "blobs").iterdir():
        blob.write_bytes(b"not what its name says")
    next(out.glob("*.epub")).unlink()
    again = build(folder, out, only=KINDS)
    assert _bytes(again) == made and "cached" not in _states(again).values()


def test_a_forged_page_map_is_refused(tmp_path):
    """An entry whose values are not what pamflet writes (here: a page that is not a number) is
    a miss: the EPUB is made from a fresh layout."""
    folder, out = _book(tmp_path), tmp_path / "out"
    build(folder, out, only=("pdf",))
    (layout,) = (out / FOLDER).glob("layout-*.json")
    entry = json.loads(layout.read_text(encoding="utf-8"))
    entry["page_of"] = {key: "7; rm -rf" for key in entry["page_of"]}
    layout.write_text(json.dumps(entry), encoding="utf-8")
    pamflet.build._LAST_LAYOUT.clear()  # as in a new process (this one keeps its last layout)
    again = build(folder, out, only=("epub",))
    assert any(name.startswith("laying out") for name, _ in again.stages)
    assert _bytes(again)["epub"] == _fresh(folder, tmp_path, only=("epub",))["epub"]


def test_no_cache_when_the_output_folder_is_inside_the_book_folder(tmp_path):
    """A book folder could otherwise ship a cache of its own making."""
    folder = _book(tmp_path)
    out = folder / "out"
    build(folder, out, only=("pdf",))
    again = build(folder, out, only=("pdf",))
    assert not (out / FOLDER).exists() and _states(again) == {"pdf": "unchanged"}


def test_the_cli_says_what_the_cache_did_with_verbose(tmp_path, capsys):
    from pamflet.cli import main

    folder, out = _book(tmp_path), tmp_path / "out"
    assert main(["build", str(folder), "-o", str(out), "--only", "pdf", "--quiet"]) == 0
    assert capsys.readouterr().err == ""
    assert main(["build", str(folder), "-o", str(out), "--only", "pdf", "--verbose"]) == 0
    err = capsys.readouterr().err
    assert "cache: pdf: a-small-book.pdf is up to date" in err and "up to date)" in err
    shutil.rmtree(out / FOLDER)
    assert main(["build", str(folder), "-o", str(out), "--only", "pdf", "--verbose"]) == 0
    assert "cache: pdf: no record of a build from these inputs" in capsys.readouterr().err


def test_an_epub_after_a_build_reads_the_model_from_the_cache_and_a_forged_model_is_refused(tmp_path):
    folder, out = _book(tmp_path), tmp_path / "out"
    build(folder, out, only=("pdf",))
    again = build(folder, out, only=("epub",))
    assert "model: the parsed text and index from the cache" in again.cache
    assert not any(name.startswith("reading the text") for name, _ in again.stages)
    (model,) = (out / FOLDER).glob("model-*.json")
    entry = json.loads(model.read_text(encoding="utf-8"))
    entry["book"]["images"] = ["/etc/passwd"]  # a path outside the book folder
    model.write_text(json.dumps(entry), encoding="utf-8")
    next(out.glob("*.epub")).unlink()
    third = build(folder, out, only=("epub",))
    assert any(name.startswith("reading the text") for name, _ in third.stages)
    assert _bytes(third)["epub"] == _fresh(folder, tmp_path, only=("epub",))["epub"]


def test_outputs_made_after_a_print_build_in_the_same_process_reuse_its_layout(tmp_path):
    """A watch builds the print PDF first, then the other outputs from the layout it keeps."""
    folder, out = _book(tmp_path), tmp_path / "out"
    build(folder, out, only=("pdf",))
    after = build(folder, out, only=("pdf", "archival"))
    assert _states(after) == {"pdf": "cached", "archival": "written"}
    assert not any(name.startswith("laying out") for name, _ in after.stages)
    fresh = build(folder, tmp_path / "fresh", only=("pdf", "archival"))  # another folder: laid out again
    assert any(name.startswith("laying out") for name, _ in fresh.stages)
    assert _bytes(after) == _bytes(fresh)


def test_an_index_whose_locators_did_not_move_is_not_laid_out_again(tmp_path, monkeypatch):
    import pamflet.layout.index as print_index

    folder, out = _book(tmp_path), tmp_path / "out"
    renders = []
    real = print_index._render
    monkeypatch.setattr(print_index, "_render", lambda *args, **kw: renders.append(1) or real(*args, **kw))
    build(folder, out, only=("pdf",))
    (folder / "book.md").write_text(GOOD.replace("Some text", "Some other text"), encoding="utf-8")
    edited = _bytes(build(folder, out, only=("pdf",)))
    assert len(renders) == 1  # the text changed, not where the indexed word is
    _write(folder / "styles" / "print.css", ".index-entries li { letter-spacing: 1pt; }\n")
    styled = _bytes(build(folder, out, only=("pdf",)))
    assert len(renders) == 2 and styled != edited  # a style is part of what the index was laid out from
    (folder / "styles" / "print.css").unlink()
    print_index._LAST_INDEX.clear()
    assert edited == _fresh(folder, tmp_path, only=("pdf",))


def test_an_epub_from_the_cache_loads_neither_the_collation_table_nor_the_hyphenation_patterns(tmp_path):
    """Both take longer to load than the EPUB takes to write: the cached model carries the
    index terms' sort keys and the table heads' hyphenation points, and the EPUB made with
    them is the one made without the cache."""
    folder, out = _book(tmp_path), tmp_path / "out"
    table = "\n\n| Industrialisation | Nationalisation |\n|---|---|\n| 1921 | 1928 |\n"
    (folder / "book.md").write_text(GOOD.replace("Some text with a note.", "Some text with a note." + table), encoding="utf-8")
    build(folder, out, only=("pdf",))
    code = (f"import sys; from pamflet.build import build; r = build({str(folder)!r}, {str(out)!r}, only=('epub',)); "
            "import pamflet.index as i, pamflet.hyphenation as h; "
            "print([o.state for o in r], i._collator.cache_info().currsize, h._dictionary.cache_info().currsize)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH}, check=True)
    assert done.stdout.splitlines()[-1].split() == ["['written']", "0", "0"], done.stdout + done.stderr
    epub = next(out.glob("*.epub")).read_bytes()
    fresh = _fresh(folder, tmp_path, only=("epub",))["epub"]
    assert epub == fresh
    archive = zipfile.ZipFile(io.BytesIO(fresh))
    pages = [archive.read(name).decode() for name in archive.namelist() if name.endswith(".xhtml")]
    assert any(re.search("In(\xad|&#173;|&shy;)dus", page) for page in pages)  # the table head was hyphenated


def test_an_editors_notes_are_not_inputs_but_a_chapter_is(tmp_path):
    """A top-level Markdown file with no metadata block that is not a chapter (EDITS.md, the
    README for the editor) is read for its first line only: saving it rebuilds nothing. One
    listed as a chapter, or one that gains a metadata block, is an input."""
    folder, out = _book(tmp_path), tmp_path / "out"
    (folder / "EDITS.md").write_text("# Edits\n", encoding="utf-8")
    (folder / "part.md").write_text("## A part\n\nThe part's text.\n", encoding="utf-8")
    build(folder, out, only=KINDS)
    (folder / "EDITS.md").write_text("# Edits\n\n- a comma moved, line 3\n", encoding="utf-8")
    (folder / "part.md").write_text("## A part\n\nThe part's text, edited.\n", encoding="utf-8")
    again = build(folder, out, only=KINDS)
    assert _states(again) == {"pdf": "cached", "epub": "cached"}  # part.md is not a chapter yet: a note too

    (folder / "book.md").write_text(GOOD.replace("---\n", "---\nchapters: [part.md]\n", 1), encoding="utf-8")
    with_part = _bytes(build(folder, out, only=KINDS))
    (folder / "part.md").write_text("## A part\n\nThe part's text, edited again.\n", encoding="utf-8")
    edited = build(folder, out, only=KINDS)
    assert "cached" not in _states(edited).values() and _bytes(edited) != with_part
    assert _bytes(edited) == _fresh(folder, tmp_path)

    (folder / "EDITS.md").write_text("---\ntitle: Edits\n---\n", encoding="utf-8")  # now read whole, to find the main file
    assert "cached" not in _states(build(folder, out, only=KINDS)).values()
    (folder / "book.md").write_text(GOOD, encoding="utf-8")  # and without chapters: two main files
    with pytest.raises(PamfletError, match="several Markdown files"):
        build(folder, out, only=KINDS)


def test_notes_are_told_from_chapters_erring_towards_an_input(tmp_path):
    """Without a YAML parser: a name written in a metadata block is a chapter; a block with an
    escape, or a Markdown file that is a link, leaves no notes; a first line ended by a bare
    carriage return is a metadata block, as the source reader (universal newlines) reads it."""
    from pamflet.cache import editor_notes

    folder = tmp_path / "book"
    folder.mkdir()
    (folder / "book.md").write_text("---\ntitle: T\nlang: en\nchapters: [part.md]\n---\nText.\n", encoding="utf-8")
    for name in ("part.md", "EDITS.md", "two words.md"):
        (folder / name).write_text("Some notes.\n", encoding="utf-8")
    (folder / "old-mac.md").write_bytes(b"---\rtitle: X\r---\rText.\r")
    assert editor_notes(folder) == {"EDITS.md"}  # part.md is listed; a name with a space is never a note
    (folder / "book.md").write_text('---\ntitle: "T"\nlang: en\nchapters: ["p\\x61rt.md"]\n---\n', encoding="utf-8")
    assert editor_notes(folder) == set()  # an escape could spell any name
    (folder / "book.md").write_text("---\ntitle: T\nlang: en\n---\n", encoding="utf-8")
    assert editor_notes(folder) == {"EDITS.md", "part.md"}
    (folder / "link.md").symlink_to(folder / "EDITS.md")
    assert editor_notes(folder) == set()
