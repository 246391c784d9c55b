"""pamflet installed as a package (`pip install .`, not editable) builds a book on its own,
and `pamflet doctor` says what it finds and what is missing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow
SLUG = "lenin-en-trotski-tegen-de-bureaucratie"
NOT_SOURCES = shutil.ignore_patterns(".git", ".venv", "build", "node_modules", "__pycache__", "*.egg-info", ".pytest_cache")


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv with pamflet installed from a copy of the sources, the copy then deleted.

    Its dependencies come from the test venv (a .pth line, so nothing is downloaded);
    pamflet itself, templates, styles and fonts only from the wheel pip built.
    """
    tmp = tmp_path_factory.mktemp("install")
    sources = tmp / "sources"
    shutil.copytree(ROOT, sources, symlinks=True, ignore=NOT_SOURCES)
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = Path(subprocess.run([venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site / "test-deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    pip = [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python")]
    done = subprocess.run([*pip, "install", "--quiet", "--no-deps", str(sources)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    shutil.rmtree(sources)
    return venv


def _pamflet(venv: Path, *args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(venv / "bin" / "pamflet"), *args], capture_output=True, text=True, cwd=cwd,
                          env=env or dict(os.environ, SOURCE_DATE_EPOCH="1700000000"))


def test_the_installed_package_carries_templates_styles_and_fonts(installed, tmp_path):
    code = "import pamflet, pamflet.render as r; print(pamflet.__file__); print(r.TEMPLATES); print(r.STYLES)"
    lines = subprocess.run([installed / "bin" / "python", "-c", code], capture_output=True, text=True,
                           cwd=tmp_path, check=True).stdout.split()
    assert all(line.startswith(str(installed)) for line in lines), lines  # not the repository's
    templates, styles = Path(lines[1]), Path(lines[2])
    assert (templates / "print" / "book.html").is_file() and (templates / "labels.yml").is_file()
    assert len(list((styles / "fonts").glob("*.otf"))) == 6 and (styles / "print.css").is_file()


def test_the_installed_pamflet_builds_the_seed_book(installed, tmp_path, monkeypatch):
    book = shutil.copytree(ROOT / "book", tmp_path / "book")
    done = _pamflet(installed, "build", str(book), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in (tmp_path / "out").iterdir() if p.is_file())  # not the build cache
    assert names == [f"{SLUG}-archival.pdf", f"{SLUG}-booklet.pdf", f"{SLUG}.epub", f"{SLUG}.pdf"]
    # The same bytes as the package run from the repository makes (pagination included).
    from pamflet.build import build

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    (here,) = build(book, tmp_path / "here", only=("pdf",))
    assert here.path.read_bytes() == (tmp_path / "out" / f"{SLUG}.pdf").read_bytes()


def test_doctor_finds_what_build_needs(installed, tmp_path):
    done = _pamflet(installed, "doctor", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    import pypandoc
    import weasyprint

    assert any(l.startswith("ok       pandoc: " + pypandoc.get_pandoc_version()) for l in lines), lines
    assert any(l.startswith(f"ok       WeasyPrint and Pango: WeasyPrint {weasyprint.__version__}, Pango 1.") for l in lines), lines
    assert any(l.startswith("ok       fonts: 6 pinned") and str(installed) in l for l in lines), lines
    assert lines[-1] == "build: ready"


def test_doctor_names_the_command_for_what_is_missing(installed, tmp_path):
    env = dict(os.environ, PATH=str(installed / "bin"))  # no java, node or npm on this PATH
    done = _pamflet(installed, "doctor", cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stdout  # build does not need them
    assert "missing  Java: needed by EPUBCheck (pamflet check, tests); install: apt-get install default-jre-headless" in done.stdout
    assert "missing  Node.js and npm: needed to install and run Ace by DAISY (tests); install: apt-get install npm" in done.stdout


def test_doctor_fails_when_build_cannot_run(installed, tmp_path):
    styles = Path(subprocess.run([installed / "bin" / "python", "-c", "import pamflet.render as r; print(r.STYLES)"],
                                 capture_output=True, text=True, check=True).stdout.strip())
    font = styles / "fonts" / "LinLibertine_RI.otf"
    kept = font.read_bytes()
    font.unlink()
    try:
        done = _pamflet(installed, "doctor", cwd=tmp_path)
    finally:
        font.write_bytes(kept)
    assert done.returncode == 1
    assert f"MISSING  fonts: not in {styles}: fonts/LinLibertine_RI.otf; install: pip install --force-reinstall pamflet" in done.stdout
    assert done.stdout.splitlines()[-1] == "build: cannot run, 1 missing"
