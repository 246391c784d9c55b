"""The one table of output kinds (outputs.py): the README's table and the CLI say the same."""

from __future__ import annotations

from click.testing import CliRunner

from pamflet.cli import cli
from pamflet.outputs import DEFAULT, KINDS, kind_of_file

from .conftest import ROOT


def test_the_readme_table_is_the_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = [line for line in readme.splitlines() if line.startswith("| `") and "<id>" in line]
    assert rows == [f"| `{k.name}` | `<id>{k.suffix}` | {k.title} | {'yes' if k.default else 'on request'} | {k.checks} |" for k in KINDS]


def test_the_cli_offers_the_table_s_kinds_and_defaults():
    text = CliRunner().invoke(cli, ["build", "--help"]).output
    assert all(kind.name in text for kind in KINDS) and ",".join(DEFAULT) in " ".join(text.split())


def test_a_file_s_kind_is_read_by_its_longest_suffix():
    assert kind_of_file("x-archival.pdf") == ("x", "archival")
    assert kind_of_file("x.pdf") == ("x", "pdf")
    assert kind_of_file("x-press.pdf") == ("x", "press")
    assert kind_of_file("notes.txt") is None and kind_of_file(".pdf") is None
