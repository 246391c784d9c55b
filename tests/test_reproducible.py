"""Two clones in two folders, the same SOURCE_DATE_EPOCH: every output byte-identical."""

import os
import shutil
import subprocess
import sys

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow


def _clone(target):
    for part in ("src", "templates", "styles", "profiles", "book"):
        shutil.copytree(ROOT / part, target / part)
    return target


def _build(clone):
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000", PYTHONPATH=str(clone / "src"))
    out = clone / "build"
    command = [sys.executable, "-m", "pamflet.cli", "build", str(clone / "book"), "-o", str(out), "--press"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=clone)
    assert done.returncode == 0, done.stderr
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}  # not the build cache


def test_every_output_is_byte_identical_across_clone_folders(tmp_path):
    first = _build(_clone(tmp_path / "one"))
    second = _build(_clone(tmp_path / "elsewhere" / "two"))
    assert sorted(first) == [
        "lenin-en-trotski-tegen-de-bureaucratie-archival.pdf",
        "lenin-en-trotski-tegen-de-bureaucratie-booklet.pdf",
        "lenin-en-trotski-tegen-de-bureaucratie-press.pdf",
        "lenin-en-trotski-tegen-de-bureaucratie.epub",
        "lenin-en-trotski-tegen-de-bureaucratie.pdf",
    ]
    for name in first:
        assert first[name] == second[name], name
