"""Book folders from strangers, hostile or careless: no code run, no outside file read or
published, nothing written outside -o, and each mistake one line `file[:line]: message`, exit 2."""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from pamflet.cli import main

from .conftest import GOOD, ROOT

SECRET = "pamflet-test-secret-7f3a"
ONE_LINE = re.compile(r"^error: \S+?(:\d+)?: \S")


def _write(folder: Path, files: dict) -> None:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))


def _link(folder: Path, name: str, target: Path) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


def _png(width: int, height: int) -> bytes:
    """A PNG header claiming ``width`` × ``height``: a decompression bomb as a reader sees it."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 1024)) + chunk(b"IEND", b"")


BOMB = "lang: en\n" + "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + n)}: &{chr(98 + n)} [" + ", ".join([f"*{chr(97 + n)}"] * 9) + "]\n" for n in range(8)
)


def _nested(kind: str, depth: int = 200) -> str:
    if kind == "list":
        return "\n".join("  " * n + "- item" for n in range(depth)) + "\n"
    return "> " * depth + "quoted\n"


def _template(folder, outside):
    _write(folder, {"templates/print/titlepage.html": "<h1>{{ cycler.__init__.__globals__.os.popen('echo RAN > " + str(outside / "ran") + "').read() }}</h1>\n"})


def _template_epub(folder, outside):
    _write(folder, {"templates/epub/titlepage.xhtml": "{{ ''.__class__.__mro__[1].__subclasses__() }}\n"})


def _fifo(folder: Path, name: str) -> None:
    import os

    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(folder / name)


# Each case: what it does to a good book folder, the file the error must name, a part of the message.
CASES = {
    "template runs a shell command": (_template, "titlepage.html", "sandbox"),
    "template walks to Python's classes": (_template_epub, "titlepage.xhtml", "sandbox"),
    "template reads a file through the book's Path": (
        lambda f, o: _write(f, {"templates/print/titlepage.html": "<p>{{ book.folder.joinpath('" + str(o / "secret.txt") + "').read_text() }}</p>\n"}),
        "titlepage.html:1", "sandbox",
    ),
    "template writes a file through a chapter's Path": (
        lambda f, o: _write(f, {"templates/epub/titlepage.xhtml": "{{ book.sources[0].with_name('../../ran').write_text('x') }}\n"}),
        "titlepage.xhtml:1", "sandbox",
    ),
    "template raises a number to a huge power": (lambda f, o: _write(f, {"templates/print/titlepage.html": "{{ 7 ** 99999999 }}\n"}), "titlepage.html:1", "too large"),
    "template repeats a text without end": (lambda f, o: _write(f, {"templates/print/titlepage.html": "{{ ('a' * 3000000000)|length }}\n"}), "titlepage.html:1", "too much"),
    "template macro calls itself": (lambda f, o: _write(f, {"templates/print/titlepage.html": "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}\n"}), "titlepage.html", "calls itself"),
    "raw/ links to an outside file": (lambda f, o: _link(f, "raw/notes.txt", o / "secret.txt"), "notes.txt", "outside the book folder"),
    "raw/ is a link to an outside folder": (lambda f, o: _link(f, "raw", o), "raw", "outside the book folder"),
    "styles/epub.css links outside": (lambda f, o: _link(f, "styles/epub.css", o / "secret.txt"), "epub.css", "outside the book folder"),
    "styles/print.css links outside": (lambda f, o: _link(f, "styles/print.css", o / "secret.txt"), "print.css", "outside the book folder"),
    "template override links outside": (lambda f, o: _link(f, "templates/print/titlepage.html", o / "secret.txt"), "titlepage.html", "outside the book folder"),
    "templates/ links to an outside folder": (lambda f, o: (_write(o, {"print/titlepage.html": SECRET}), _link(f, "templates", o / "print" / "..")), "titlepage.html", "outside the book folder"),
    "included template links outside": (
        lambda f, o: (_write(f, {"templates/print/titlepage.html": "{% include 'print/x.html' %}\n"}), _link(f, "templates/print/x.html", o / "secret.txt")),
        "x.html", "outside the book folder",
    ),
    "main Markdown links outside": (lambda f, o: ((f / "book.md").unlink(), _write(o, {"other.md": GOOD}), _link(f, "book.md", o / "other.md")), "book.md", "outside the book folder"),
    "chapter links outside": (
        lambda f, o: (_write(f, {"book.md": GOOD.replace("lang: en\n", "lang: en\nchapters: [one.md]\n")}), _write(o, {"one.md": "## One\n\nText.\n"}), _link(f, "one.md", o / "one.md")),
        "one.md", "outside the book folder",
    ),
    "image links outside": (lambda f, o: (_write(f, {"book.md": GOOD + "\n![A map](map.png)\n"}), _link(f, "map.png", o / "map.png")), "book.md:12", "outside the book folder"),
    "cover image links outside": (
        lambda f, o: (_write(f, {"book.md": GOOD.replace("lang: en\n", "lang: en\ncover:\n  image: c.png\n")}), _link(f, "c.png", o / "map.png")),
        "book.md:5", "outside the book folder",
    ),
    "a chapter is a pipe": (
        lambda f, o: (_write(f, {"book.md": GOOD.replace("lang: en\n", "lang: en\nchapters: [one.md]\n")}), _fifo(f, "one.md")),
        "book.md:4", "not a regular file",
    ),
    "a font is a pipe": (
        lambda f, o: (_write(f, {"styles/print.css": "@font-face { font-family: X; src: url(../fonts/x.otf); }\nbody { font-family: X; }\n"}), _fifo(f, "fonts/x.otf")),
        "x.otf", "not a regular file",
    ),
    "index term with a NUL": (lambda f, o: _write(f, {"index.yml": 'subjects:\n  - term: "Some\\u0000"\n'}), "index.yml:2", "control character"),
    "index.yml is a pipe": (lambda f, o: _fifo(f, "index.yml"), "index.yml", "not a regular file"),
    "styles/print.css is a pipe": (lambda f, o: _fifo(f, "styles/print.css"), "print.css", "not a regular file"),
    "styles/epub.css is a pipe": (lambda f, o: _fifo(f, "styles/epub.css"), "epub.css", "not a regular file"),
    "index.yml links outside": (lambda f, o: _link(f, "index.yml", o / "secret.txt"), "index.yml", "outside the book folder"),
    "epub.css loads an address": (lambda f, o: _write(f, {"styles/epub.css": "p {\n  background: url(https://example.org/x.png); }\n"}), "epub.css:2", "may not load addresses"),
    "epub.css loads file:": (lambda f, o: _write(f, {"styles/epub.css": "@import url('file:///etc/passwd');\n"}), "epub.css:1", "may not load addresses"),
    "epub.css loads an outside file": (lambda f, o: _write(f, {"styles/epub.css": "@font-face { font-family: x; src: url(../../secret.txt); }\n"}), "epub.css:1", "outside the book folder"),
    "id leaves the output folder": (lambda f, o: _write(f, {"book.md": GOOD.replace("lang: en\n", "lang: en\nid: ../../../../elsewhere/x\n")}), "book.md:4", "'id' must be a file name"),
    "onerror on an image": (lambda f, o: _write(f, {"book.md": GOOD + '\n![A map](map.png){onerror="alert(1)"}\n', "map.png": _png(2, 2)}), "book.md:12", "onerror"),
    "onload on a span": (lambda f, o: _write(f, {"book.md": GOOD + '\n[x]{onload="alert(1)"}\n'}), "book.md:12", "onload"),
    "onclick on a link": (lambda f, o: _write(f, {"book.md": GOOD + '\n[x](#a){onclick="alert(1)"}\n'}), "book.md:12", "onclick"),
    "onmouseover on a heading": (lambda f, o: _write(f, {"book.md": GOOD + '\n## Two {onmouseover="alert(1)"}\n'}), "book.md:12", "onmouseover"),
    "javascript: link": (lambda f, o: _write(f, {"book.md": GOOD + "\n[click](javascript:alert(1))\n"}), "book.md:12", "javascript:"),
    "data:text/html link": (lambda f, o: _write(f, {"book.md": GOOD + "\n[click](data:text/html;base64,PHNjcmlwdD4=)\n"}), "book.md:12", "data:"),
    "srcset loads an address": (lambda f, o: _write(f, {"book.md": GOOD + '\n![A map](map.png){srcset="http://127.0.0.1:9/t.png 2x"}\n', "map.png": _png(2, 2)}), "book.md:12", "must be in the book"),
    "poster loads an address": (lambda f, o: _write(f, {"book.md": GOOD + '\n[x]{poster="http://127.0.0.1:9/t.png"}\n'}), "book.md:12", "must be in the book"),
    "link to an absolute path": (lambda f, o: _write(f, {"book.md": GOOD + "\n[secret](/etc/passwd)\n"}), "book.md:12", "leads out of the book"),
    "link out through ..": (lambda f, o: _write(f, {"book.md": GOOD + "\n[up](../../outside/secret.txt)\n"}), "book.md:12", "leads out of the book"),
    "link to //host": (lambda f, o: _write(f, {"book.md": GOOD + "\n[smb](//evil.example/share)\n"}), "book.md:12", "leads out of the book"),
    "javascript: with a tab, allow-raw-html": (lambda f, o: _write(f, {"book.md": GOOD + '\n<a href="java&#09;script:alert(1)">x</a>\n'}), "book.md", "not allowed"),
    "svg image loads an address, allow-raw-html": (lambda f, o: _write(f, {"book.md": GOOD + '\n<svg><image href="http://127.0.0.1:9/t.png"/></svg>\n'}), "book.md", "must be in the book"),
    "epub.css image-set loads an address": (lambda f, o: _write(f, {"styles/epub.css": 'body {\n  background-image: image-set("http://127.0.0.1:9/t.png" 1x); }\n'}), "epub.css:2", "may not load addresses"),
    "style attribute with image-set": (lambda f, o: _write(f, {"book.md": GOOD + "\n[a]{style=\"background-image:image-set('http://127.0.0.1:9/t.png' 1x)\"}\n"}), "book.md:12", "style attribute"),
    "style attribute with an escaped url(": (lambda f, o: _write(f, {"book.md": GOOD + "\n[b]{style=\"mask-image:\\75 rl(http://127.0.0.1:9/t.png)\"}\n"}), "book.md:12", "style attribute"),
    "epub.css image-set through a custom property": (lambda f, o: _write(f, {"styles/epub.css": ':root { --u: "http://127.0.0.1:9/t.png"; }\np { background-image: image-set(var(--u) 1x); }\n'}), "epub.css:2", ""),
    "link out through %2e%2e": (lambda f, o: _write(f, {"book.md": GOOD + "\n[x](%2e%2e/%2e%2e/etc/passwd)\n"}), "book.md:12", "leads out of the book"),
    "ping to an address, allow-raw-html": (lambda f, o: _write(f, {"book.md": GOOD + '\n<a href="#x" ping="http://127.0.0.1:9/p">x</a>\n'}), "book.md", "must be in the book"),
    "template pads a text to a billion": (lambda f, o: _write(f, {"templates/print/titlepage.html": "{{ 'a'.ljust(3000000000) }}\n"}), "titlepage.html:1", "not for a template"),
    "template centres a text in a billion": (lambda f, o: _write(f, {"templates/print/titlepage.html": "{{ 'a'|center(1000000000) }}\n"}), "titlepage.html:1", "not for a template"),
    "template calls format": (lambda f, o: _write(f, {"templates/print/titlepage.html": '{{ "{}".format(1) }}{{ lipsum(100000000) }}\n'}), "titlepage.html", "template"),
    "template not UTF-8": (lambda f, o: (f / "templates" / "print").mkdir(parents=True) or (f / "templates" / "print" / "titlepage.html").write_bytes(b"<p>\xff\xfe caf\xe9</p>\n"), "titlepage.html", "not UTF-8"),
    "print.css loads from .git/": (lambda f, o: _write(f, {"styles/print.css": "body { background: url(../.git/x.png); }\n", ".git/x.png": _png(2, 2)}), ".git", "leaves alone"),
    "vbscript: link": (lambda f, o: _write(f, {"book.md": GOOD + "\n[x](vbscript:msgbox(1))\n"}), "book.md:12", "vbscript:"),
    "SVG image with script": (
        lambda f, o: _write(f, {"book.md": GOOD + "\n![A map](map.svg)\n", "map.svg": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'}),
        "book.md:12", "script",
    ),
    "SVG image with an external entity": (
        lambda f, o: _write(f, {"book.md": GOOD + "\n![A map](map.svg)\n", "map.svg": '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/hostname">]>\n<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>'}),
        "book.md:12", "DTD",
    ),
    "image decompression bomb": (lambda f, o: _write(f, {"book.md": GOOD + "\n![A map](map.png)\n", "map.png": _png(100_000, 100_000)}), "book.md:12", "million pixels"),
    "YAML alias bomb in the metadata": (lambda f, o: _write(f, {"book.md": "---\ntitle: Bomb\n" + BOMB + "---\n\nText.\n"}), "book.md:4", "aliases"),
    "YAML alias bomb in index.yml": (lambda f, o: _write(f, {"index.yml": "subjects:\n  - term: x\n" + BOMB.replace("lang: en\n", "")}), "index.yml:3", "aliases"),
    "impossible date": (lambda f, o: _write(f, {"book.md": GOOD.replace("lang: en\n", "lang: en\ndate: 2011-13-45\n")}), "book.md:4", "no month 13"),
    "subjects not a list": (lambda f, o: _write(f, {"book.md": GOOD.replace("lang: en\n", "lang: en\nsubjects: 5\n")}), "book.md:4", "must be a list"),
    "unknown key": (lambda f, o: _write(f, {"book.md": GOOD.replace("lang: en\n", "lang: en\nautor: Someone\n")}), "book.md:4", "did you mean 'author'"),
    "lang not a language": (lambda f, o: _write(f, {"book.md": GOOD.replace("lang: en", "lang: english")}), "book.md:3", "language code"),
    "lists nested 200 deep": (lambda f, o: _write(f, {"book.md": GOOD + "\n" + _nested("list")}), "book.md", "nested more than"),
    "quotes nested 200 deep": (lambda f, o: _write(f, {"book.md": GOOD + "\n" + _nested("quote")}), "book.md", "nested more than"),
    "duplicate footnote label": (lambda f, o: _write(f, {"book.md": GOOD + "\n[^1]: Another note.\n"}), "book.md:12", "lines 10 and 12"),
    "note inside a note": (lambda f, o: _write(f, {"book.md": GOOD.replace("The note.", "The note.[^2]") + "\n[^2]: Inner.\n"}), "book.md:10", "note inside a note"),
    "a font that is not shipped": (lambda f, o: _write(f, {"styles/print.css": "h2 { font-family: 'Comic Sans MS'; }\n"}), "print.css:1", "not declared with @font-face"),
    "a system font by its generic name": (lambda f, o: _write(f, {"styles/print.css": "code {\n  font-family: monospace; }\n"}), "print.css:2", "system font"),
    "a local() font": (lambda f, o: _write(f, {"styles/print.css": "@font-face { font-family: y; src: local(DejaVu Sans); }\np { font-family: y; }\n"}), "print.css:1", "local()"),
    "script element with --allow-raw-html": (lambda f, o: _write(f, {"book.md": GOOD + "\n<script>alert(1)</script>\n"}), "book.md:12", "<script>"),
    "event handler with --allow-raw-html": (lambda f, o: _write(f, {"book.md": GOOD + '\n<img src="x.png" alt="x" onerror="alert(1)">\n'}), "book.md:12", "onerror"),
}


@pytest.fixture
def places(tmp_path):
    """A good book folder, an outside folder with a secret, an output folder with an earlier output."""
    folder, outside, out = tmp_path / "book", tmp_path / "outside", tmp_path / "out"
    _write(folder, {"book.md": GOOD})
    _write(outside, {"secret.txt": SECRET, "map.png": _png(4, 4)})
    _write(out, {"a-small-book.pdf": b"earlier good output"})
    return folder, outside, out


def _snapshot(root: Path, skip: Path) -> dict[str, int]:
    return {str(p): p.lstat().st_mtime_ns for p in root.rglob("*") if skip not in p.parents and p != skip}


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_book_folder(case, places, capsys, tmp_path):
    change, where, message = CASES[case]
    folder, outside, out = places
    change(folder, outside)
    before = _snapshot(tmp_path, out)
    flags = ["--allow-raw-html"] if "allow-raw-html" in case else []
    code = main(["build", str(folder), "-o", str(out), "--only", "pdf,epub,archival", *flags])
    err = capsys.readouterr().err.strip()
    assert code == 2, err
    assert len(err.splitlines()) == 1 and ONE_LINE.match(err), err
    assert where in err and message in err, err
    assert "Traceback" not in err and SECRET not in err
    assert _snapshot(tmp_path, out) == before, "a file outside -o was written"
    assert sorted(p.name for p in out.iterdir()) == ["a-small-book.pdf"]
    assert (out / "a-small-book.pdf").read_bytes() == b"earlier good output"
    assert not (outside / "ran").exists(), "the template ran a command"


def _run(*args, limit_mb: int = 1500, timeout: float = 120):
    """pamflet in a child process with its memory capped (a bomb would fail, not swap). The
    timeout only keeps a hang from stalling the suite: how fast is the benchmarks' business."""
    import resource

    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (limit_mb * 2**20, limit_mb * 2**20))

    return subprocess.run([sys.executable, "-m", "pamflet.cli", *map(str, args)], capture_output=True, text=True, timeout=timeout, preexec_fn=cap)


def test_a_pipe_named_like_markdown_does_not_stop_the_build(places):
    # open() of a FIFO waits for a writer: the build must not look inside one
    folder, _, out = places
    _fifo(folder, "a.md")
    result = _run("build", folder, "-o", out, "--only", "epub", timeout=300)
    assert result.returncode == 0, result.stderr


def test_a_yaml_bomb_is_refused_before_it_expands(places):
    # The refusal comes from the loader as it composes the first alias, so nothing was expanded;
    # the memory cap makes an expansion fail here instead of swapping.
    folder, _, out = places
    _write(folder, {"book.md": "---\ntitle: Bomb\n" + BOMB + "---\n\nText.\n"})
    result = _run("build", folder, "-o", out)
    assert result.returncode == 2 and "aliases" in result.stderr, result.stderr


@pytest.mark.parametrize("source", ["/dev/zero", "/dev/urandom"])
def test_import_of_a_device_is_refused_before_reading(source, tmp_path):
    # Refused before a byte is read: "not a regular file" is said from the file's type alone.
    result = _run("import", source, "-o", tmp_path / "x.md", limit_mb=600)
    assert result.returncode == 2 and "not a regular file" in result.stderr, result.stderr
    assert not (tmp_path / "x.md").exists()


def test_import_of_a_huge_file_is_refused_before_reading(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(60 * 2**20)  # sparse: 60 MB that cost nothing to make
    result = _run("import", big, "-o", tmp_path / "x.md", limit_mb=600)
    assert result.returncode == 2 and "too large" in result.stderr and not (tmp_path / "x.md").exists()


@pytest.mark.parametrize(
    "raw, args, message",
    [
        (b"\xef\xbb\xbfHallo w\xe9reld, dit is tekst.\n", [], "byte order mark but is not UTF-8"),
        ("Een tekst.\n" * 20, ["--lang", "xx"], "--lang: must be a language code"),
        ("Een tekst.\n" * 20, ["--lang", "english"], "--lang: must be a language code"),
    ],
)
def test_import_bad_input_one_line(tmp_path, capsys, raw, args, message):
    path = tmp_path / "raw.txt"
    path.write_bytes(raw if isinstance(raw, bytes) else raw.encode())
    assert main(["import", str(path), "-o", str(tmp_path / "x.md"), *args]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and message in err and "Traceback" not in err, err
    assert not (tmp_path / "x.md").exists()


def test_import_never_writes_over_its_input(tmp_path, capsys, seed_text):
    raw = tmp_path / "essay.txt"
    raw.write_text(seed_text, encoding="utf-8")
    for output in (raw, tmp_path / "." / "essay.txt"):
        assert main(["import", str(raw), "-o", str(output)]) == 2
        assert "is the input file" in capsys.readouterr().err
    assert raw.read_text(encoding="utf-8") == seed_text
    assert main(["import", str(raw), "-o", str(tmp_path / "a.md"), "--report", str(tmp_path / "a.md")]) == 2


def test_lang_is_normalised(tmp_path, capsys, seed_text):
    raw = tmp_path / "essay.txt"
    raw.write_text(seed_text, encoding="utf-8")
    assert main(["import", str(raw), "-o", str(tmp_path / "x.md"), "--lang", "NL"]) == 0
    assert "\nlang: nl\n" in (tmp_path / "x.md").read_text(encoding="utf-8")


def test_every_problem_in_the_metadata_at_once(places, capsys):
    folder, _, out = places
    _write(folder, {"book.md": GOOD.replace("lang: en\n", "lang: en\nautor: X\ndate: 1990-02-30\nsubjects: 5\n")})
    assert main(["build", str(folder), "-o", str(out)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert [line.split(": ", 2)[1].rsplit(":", 1)[1] for line in lines] == ["4", "5", "6"], lines
    assert "did you mean 'author'" in lines[0] and "no day 30" in lines[1] and "must be a list" in lines[2]


def test_near_misses_are_warned_about(places, capsys):
    folder, _, out = places
    _write(folder, {"index.yaml": "subjects:\n  - term: note\n", "style/print.css": "p { color: red }\n"})
    assert main(["build", str(folder), "-o", str(out), "--only", "epub"]) == 0
    err = capsys.readouterr().err
    assert "index.yaml: ignored; the index's term list must be named index.yml" in err
    assert "style: ignored; the book's stylesheets must be named styles" in err


def test_characters_the_font_lacks_are_reported_with_their_page(places, capsys):
    folder, _, out = places
    _write(folder, {"book.md": GOOD.replace("Some text", "Some text 中文")})
    assert main(["build", str(folder), "-o", str(out), "--only", "pdf"]) == 0
    err = capsys.readouterr().err
    assert re.search(r"no glyph for “中” \(U\+4E2D\), used on page \d+", err), err


def test_an_unexpected_failure_is_one_line_exit_70(places, capsys, monkeypatch):
    import pamflet.parse

    def broken(*args, **kwargs):
        raise KeyError("something pamflet did not expect")

    monkeypatch.setattr(pamflet.parse, "_take_notes", broken)
    folder, _, out = places
    assert main(["build", str(folder), "-o", str(out)]) == 70
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith("internal error while reading the text with pandoc: KeyError"), err
    assert "please report it" in err
    with pytest.raises(KeyError):
        main(["--debug", "build", str(folder), "-o", str(out)])


# --- what a build opens and connects to, seen by the kernel ---

ALLOWED = [ROOT, Path(sys.prefix), Path(sys.base_prefix), Path(sys.exec_prefix), Path(os.path.realpath(sys.base_prefix))]
SYSTEM = ("/usr/lib", "/usr/share", "/lib", "/lib64", "/usr/lib64", "/etc/fonts", "/etc/ld.so", "/etc/localtime", "/etc/mime.types",
          "/proc/self", "/proc/", "/sys/devices/system/cpu", "/sys/fs/cgroup", "/dev/null", "/dev/urandom", "/dev/shm", "/var/cache/fontconfig",
          "/etc/nsswitch.conf", "/etc/host.conf", "/etc/resolv.conf", "/etc/gai.conf", "/usr/local/lib", "/etc/ssl", "/etc/pango",
          "/etc/locale.alias", "/usr/local/share/fonts")


@pytest.mark.slow
def test_a_build_opens_nothing_outside_and_connects_nowhere(places, tmp_path):
    """strace sees every openat() and connect() of the build and its children (pandoc, the fork)."""
    import shutil

    if not shutil.which("strace"):
        pytest.skip("strace is not installed (the set-up installs it); cannot watch the build's system calls")
    folder, _, out = places
    _write(folder, {"book.md": GOOD + "\n![A map](map.png)\n", "map.png": _png(4, 4), "index.yml": "subjects:\n  - term: note\n"})
    log = tmp_path / "strace.log"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "0", "HOME": str(tmp_path / "home"), "XDG_CACHE_HOME": str(tmp_path / "cache"), "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    probe = subprocess.run(["strace", "-f", "-o", str(log), "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip(f"strace cannot trace here: {probe.stderr.strip()[:200]}")
    result = subprocess.run(
        ["strace", "-f", "-qq", "-e", "trace=openat,open,connect", "-o", str(log), sys.executable, "-m", "pamflet.cli", "build", str(folder), "-o", str(out)],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    opened, connects = _outside(log, tmp_path)
    assert not connects, connects[:5]
    assert not opened, sorted(set(opened))[:20]


def _outside(log: Path, tmp_path: Path) -> tuple[list[str], list[str]]:
    """From an strace log: files opened (successfully) outside the allowed places, and connects."""
    allowed = [str(p) for p in ALLOWED + [tmp_path]]
    opened, connects = [], []
    for line in log.read_text().splitlines():
        if " connect(" in line and "AF_UNIX" not in line:
            connects.append(line)
        match = re.search(r'open(?:at)?\([^"]*"([^"]+)".*\)\s+=\s+(\d+)', line)
        if match:
            path = os.path.realpath(match.group(1))  # relative ones: to the build's folder, this one
            if not any(path.startswith(p) for p in allowed + list(SYSTEM)):
                opened.append(path)
    return opened, connects


def test_the_strace_reading_sees_an_outside_file_and_a_connect(tmp_path):
    """The check above must be able to fail: a log with an outside open and a connect."""
    log = tmp_path / "log"
    log.write_text(
        '12 openat(AT_FDCWD, "/etc/hostname", O_RDONLY|O_CLOEXEC) = 3\n'
        '12 openat(AT_FDCWD, "/etc/nothing", O_RDONLY) = -1 ENOENT (No such file or directory)\n'
        f'12 openat(AT_FDCWD, "{ROOT}/styles/print.css", O_RDONLY) = 4\n'
        '13 connect(5, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("93.184.216.34")}, 16) = -1 ENETUNREACH\n'
    )
    opened, connects = _outside(log, tmp_path)
    assert opened == ["/etc/hostname"] and len(connects) == 1


def test_an_epub_stylesheet_may_use_files_of_the_book_and_the_epub_carries_them(places, capsys):
    import zipfile

    folder, _, out = places
    font = (ROOT / "styles" / "fonts" / "LinBiolinum_R.otf").read_bytes()
    _write(folder, {"fonts/own.otf": font, "styles/epub.css": '@font-face { font-family: own; src: url("../fonts/own.otf"); }\nh2 { font-family: own; }\n'})
    assert main(["build", str(folder), "-o", str(out), "--only", "epub"]) == 0, capsys.readouterr().err
    with zipfile.ZipFile(out / "a-small-book.epub") as epub:
        names = epub.namelist()
        opf = epub.read(next(n for n in names if n.endswith(".opf"))).decode()
        assert any(n.endswith("fonts/own.otf") for n in names) and 'media-type="font/otf"' in opf
        assert epub.read(next(n for n in names if n.endswith("fonts/own.otf"))) == font


def test_an_edited_import_is_never_overwritten_without_force(tmp_path, capsys, seed_text):
    raw, out = tmp_path / "essay.txt", tmp_path / "essay.md"
    raw.write_text(seed_text, encoding="utf-8")
    assert main(["import", str(raw), "-o", str(out)]) == 0
    assert main(["import", str(raw), "-o", str(out)]) == 0  # still pamflet's own: rewritten
    edited = out.read_text(encoding="utf-8").replace("Ten eerste", "Ten eerste (proefgelezen)")
    out.write_text(edited, encoding="utf-8")
    capsys.readouterr()
    assert main(["import", str(raw), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "was changed since pamflet wrote it" in err and "--force" in err and len(err.strip().splitlines()) == 1
    assert out.read_text(encoding="utf-8") == edited
    other = tmp_path / "notes.md"
    other.write_text("my own notes\n", encoding="utf-8")
    assert main(["import", str(raw), "-o", str(other)]) == 2 and other.read_text(encoding="utf-8") == "my own notes\n"
    assert main(["import", str(raw), "-o", str(out), "--force"]) == 0
    assert "(proefgelezen)" not in out.read_text(encoding="utf-8")


def test_import_refuses_a_pipe_to_read_or_to_write(tmp_path):
    _fifo(tmp_path, "pasted.txt")
    result = _run("import", tmp_path / "pasted.txt", "-o", tmp_path / "essay.md", timeout=60)
    assert result.returncode == 2 and "not a regular file" in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    (tmp_path / "raw.txt").write_text("A title\n\nA first paragraph of text, long enough to read as prose here.\n", encoding="utf-8")
    _fifo(tmp_path, "report.md")
    result = _run("import", tmp_path / "raw.txt", "-o", tmp_path / "essay.md", "--report", tmp_path / "report.md", timeout=60)
    assert result.returncode == 2 and "not a regular file" in result.stderr, result.stderr
    assert not (tmp_path / "essay.md").exists()


def test_a_chapter_in_a_folder_the_cache_leaves_alone_is_refused(places, capsys):
    # the cache does not hash .git/ or __pycache__/: a chapter there would go stale unseen
    folder, _, out = places
    _write(folder, {"book.md": GOOD.replace("lang: en\n", "lang: en\nchapters: [__pycache__/one.md]\n"), "__pycache__/one.md": "## One\n\nText.\n"})
    code = main(["build", str(folder), "-o", str(out), "--only", "epub"])
    err = capsys.readouterr().err
    assert code == 2 and "book.md:4" in err and "__pycache__/" in err, err


def test_the_book_cannot_choose_where_its_outputs_go(places, capsys):
    # the book ships build -> elsewhere, and the user builds into BOOK/build
    folder, outside, _ = places
    (folder / "build").symlink_to(outside, target_is_directory=True)
    before = sorted(p.name for p in outside.iterdir())
    code = main(["build", str(folder), "-o", str(folder / "build"), "--only", "epub"])
    err = capsys.readouterr().err
    assert code == 2 and "link inside the book folder" in err, err
    assert sorted(p.name for p in outside.iterdir()) == before


def test_a_template_that_runs_without_end_is_stopped(places, capsys, monkeypatch):
    from pamflet import render

    monkeypatch.setattr(render, "TEMPLATE_SECONDS", 2)  # 60 s in a build
    folder, _, out = places
    _write(folder, {"templates/print/titlepage.html": "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n"})
    code = main(["build", str(folder), "-o", str(out), "--only", "pdf"])
    err = capsys.readouterr().err
    assert code == 2 and "ran for more than 2 s" in err and len(err.strip().splitlines()) == 1, err


def test_outputs_are_not_written_into_raw(places, capsys):
    folder, _, _ = places
    code = main(["build", str(folder), "-o", str(folder / "raw" / "out"), "--only", "epub"])
    err = capsys.readouterr().err
    assert code == 2 and "raw/" in err and not (folder / "raw" / "out").exists(), err
