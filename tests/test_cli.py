"""The command line as a user meets it: exit codes, one-line errors, atomic outputs."""

import subprocess
import sys

import pytest

from pamflet.cli import main

from .conftest import SEED

PAMFLET = [sys.executable, "-m", "pamflet.cli"]


def run(*args, cwd=None):
    return subprocess.run([*PAMFLET, *map(str, args)], capture_output=True, text=True, cwd=cwd)


def test_import_writes_markdown_and_report(tmp_path):
    out, report = tmp_path / "essay.md", tmp_path / "report.md"
    result = run("import", SEED, "-o", out, "--report", report)
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8").startswith("---\ntitle: Lenin en Trotski tegen de bureaucratie\n")
    assert "## Headings" in report.read_text(encoding="utf-8")
    assert "3 notes" in result.stderr


@pytest.mark.parametrize(
    "content, message",
    [(b"", "is empty"), (b"\x00\x01\x02binary\x00", "binary"), ("12 34 56 7 8 9\n".encode(), "too little text")],
)
def test_bad_input_one_line_error_exit_2_no_output(tmp_path, content, message):
    raw = tmp_path / "raw.txt"
    raw.write_bytes(content)
    out = tmp_path / "out.md"
    result = run("import", raw, "-o", out)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(raw) in lines[0] and message in lines[0]
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_unreadable_path_and_folder(tmp_path):
    for path in (tmp_path / "missing.txt", tmp_path):
        result = run("import", path, "-o", tmp_path / "out.md")
        assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
        assert "Traceback" not in result.stderr


def test_failed_import_leaves_earlier_output_intact(tmp_path):
    out = tmp_path / "out.md"
    out.write_text("earlier good output\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    assert main(["import", str(bad), "-o", str(out)]) == 2
    assert out.read_text(encoding="utf-8") == "earlier good output\n"
    assert [p.name for p in tmp_path.iterdir()] and not list(tmp_path.glob("*.tmp"))


def test_gibberish_asks_for_a_language(tmp_path):
    raw = tmp_path / "raw.txt"
    raw.write_text("xqzt vbnm qwrp zzkx plmq wxcv bnmq trzk vvlp qqzm\n", encoding="utf-8")
    result = run("import", raw, "-o", tmp_path / "o.md")
    assert result.returncode == 2 and "--lang" in result.stderr


def test_usage_error_exit_code(tmp_path):
    assert run("import").returncode == 2
