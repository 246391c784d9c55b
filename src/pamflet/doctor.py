"""`pamflet doctor`: what pamflet finds on this machine, what is missing and how to install it.

`build` needs pandoc, WeasyPrint with Pango, and the stock templates, styles and fonts; a
missing one makes the doctor exit 1. `check` and the tests also need Java (EPUBCheck), and
the tests Node.js with npm, Ace by DAISY and chromium; veraPDF is used when there is one.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from . import __version__

APT_PANGO = "apt-get install libpango-1.0-0 libpangoft2-1.0-0"


@dataclass(frozen=True)
class Finding:
    name: str
    found: bool
    detail: str  # the version or path found, or what it is needed for
    fix: str = ""  # the command that installs it
    required: bool = False  # needed by `pamflet build`

    def __str__(self) -> str:
        if self.found:
            return f"ok       {self.name}: {self.detail}"
        word = "MISSING" if self.required else "missing" if self.fix else "absent"
        return f"{word:<8} {self.name}: {self.detail}" + (f"; install: {self.fix}" if self.fix else "")


def findings() -> list[Finding]:
    out = [Finding("pamflet", True, f"{__version__} on Python {sys.version.split()[0]}")]
    out += [_pandoc(), _weasyprint(), *_data()]
    out += [_java(), _epubcheck(), _node(), _ace(), _chromium(), _verapdf()]
    return out


def report() -> tuple[str, int]:
    """The doctor's text and exit code: 1 when something `pamflet build` needs is missing."""
    found = findings()
    missing = [f for f in found if f.required and not f.found]
    lines = [str(f) for f in found]
    lines.append(f"build: {'cannot run, ' + str(len(missing)) + ' missing' if missing else 'ready'}")
    return "\n".join(lines), 1 if missing else 0


def _pandoc() -> Finding:
    try:
        import pypandoc

        return Finding("pandoc", True, f"{pypandoc.get_pandoc_version()} ({pypandoc.get_pandoc_path()})", required=True)
    except (ImportError, OSError) as e:
        return Finding("pandoc", False, f"not found ({e})", "pip install pypandoc-binary", required=True)


def _weasyprint() -> Finding:
    try:
        import weasyprint
        from weasyprint.text.ffi import pango
    except (ImportError, OSError) as e:  # OSError: the Pango library cannot be loaded
        fix = APT_PANGO if isinstance(e, OSError) else "pip install weasyprint"
        return Finding("WeasyPrint and Pango", False, f"cannot load ({str(e).splitlines()[0]})", fix, required=True)
    n = pango.pango_version()  # 15012 for 1.50.12
    return Finding("WeasyPrint and Pango", True, f"WeasyPrint {weasyprint.__version__}, Pango {n // 10000}.{n // 100 % 100}.{n % 100}", required=True)


def _data() -> list[Finding]:
    from .render import STYLES, TEMPLATES

    reinstall = "pip install --force-reinstall pamflet"
    out = [Finding("templates", (TEMPLATES / "labels.yml").is_file(), str(TEMPLATES), reinstall, required=True)]
    css = STYLES / "print.css"
    wanted = re.findall(r"url\((fonts/[^)]+)\)", css.read_text(encoding="utf-8")) if css.is_file() else []
    missing = [name for name in wanted if not (STYLES / name).is_file()]
    fonts = sorted(Path(name).name for name in wanted)
    if wanted and not missing:
        out.append(Finding("fonts", True, f"{len(fonts)} pinned ({', '.join(fonts)}) in {STYLES / 'fonts'}", required=True))
    else:
        out.append(Finding("fonts", False, f"not in {STYLES}: {', '.join(missing) or 'print.css'}", reinstall, required=True))
    return out


def _version(command: list[str]) -> str:
    """The first line a program prints about its version (some print it on stderr)."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"does not run ({e})"
    return ((done.stdout or done.stderr).strip().splitlines() or ["?"])[0]


def _java() -> Finding:
    java = shutil.which("java")
    if not java:
        return Finding("Java", False, "needed by EPUBCheck (pamflet check, tests)", "apt-get install default-jre-headless")
    return Finding("Java", True, f"{_version([java, '-version'])} ({java})")


def _epubcheck() -> Finding:
    from .check import CheckToolMissing, epubcheck_jar

    try:
        jar = epubcheck_jar()
    except CheckToolMissing as e:
        return Finding("EPUBCheck", False, str(e), "pip install epubcheck")
    from importlib.metadata import version

    return Finding("EPUBCheck", True, f"{version('epubcheck')} ({jar})")


def _node() -> Finding:
    node, npm = shutil.which("node"), shutil.which("npm")
    if not (node and npm):
        return Finding("Node.js and npm", False, "needed to install and run Ace by DAISY (tests)", "apt-get install npm")
    return Finding("Node.js and npm", True, f"node {_version([node, '--version'])}, npm {_version([npm, '--version'])}")


def _ace() -> Finding:
    from .check import ROOT, CheckToolMissing, ace_command

    try:
        return Finding("Ace by DAISY", True, ace_command()[0])
    except CheckToolMissing:
        return Finding("Ace by DAISY", False, f"not in {ROOT / 'node_modules'} (tests)", f"cd {ROOT} && PUPPETEER_SKIP_DOWNLOAD=1 npm ci")


def _chromium() -> Finding:
    from .check import CheckToolMissing, ace_env

    try:
        return Finding("chromium", True, f"{ace_env()['PUPPETEER_EXECUTABLE_PATH']} (for Ace)")
    except CheckToolMissing:
        return Finding("chromium", False, "needed by Ace by DAISY (tests)", "apt-get install chromium")


def _verapdf() -> Finding:
    verapdf = shutil.which("verapdf")
    if not verapdf:
        return Finding("veraPDF", False, "optional: pamflet check runs it on the archival PDF when it is on PATH")
    return Finding("veraPDF", True, verapdf)
