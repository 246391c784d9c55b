"""The EPUB's checks: EPUBCheck, and its EPUB Indexes profile when the book has an index.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

from .. import check
from .pdfs import Result, _listing, _one_line


def check_epubs(paths: list[Path]) -> dict[Path, Result]:
    """EPUBCheck on every EPUB in one JVM: no FATAL, ERROR or WARNING."""
    name = "epub: EPUBCheck"
    if not paths:
        return {}
    reports, answer = _epubcheck(name, paths)
    if answer is not None:
        return answer
    out = {}
    for path, messages in reports.items():
        bad = check.failures(messages)
        errors = sum(m.severity in ("FATAL", "ERROR") for m in bad)
        warnings = len(bad) - errors
        counts = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
        detail = f"{path.name}: {counts}"
        if bad:
            detail += ": " + _listing(str(m) for m in bad)
        out[Path(path)] = Result(name, not bad, detail)
    return out


def check_epub_indexes(paths: list[Path]) -> dict[Path, Result]:
    """EPUBCheck's EPUB Indexes profile (`--profile idx`) on the EPUBs whose package declares an
    index: nothing to say about the index documents (see `check.index_failures`)."""
    name = "epub: EPUB Indexes"
    try:
        declared = {Path(p): check.index_documents(Path(p)) for p in paths}
    except (OSError, KeyError, StopIteration, zipfile.BadZipFile, ElementTree.ParseError) as e:
        return {Path(p): Result(name, False, _one_line(f"cannot read the package: {e}")) for p in paths}
    declared = {p: docs for p, docs in declared.items() if docs}
    if not declared:
        return {}
    reports, answer = _epubcheck(name, list(declared), profile="idx")
    if answer is not None:
        return answer
    out = {}
    for path, messages in reports.items():
        bad = check.index_failures(messages, declared[Path(path)])
        aside = len(check.failures(messages)) - len(bad)
        detail = (f"{Path(path).name}: {len(bad)} message{'s' * (len(bad) != 1)} about {', '.join(sorted(declared[Path(path)]))}"
                  f" ({aside} left aside: the profile asks every other content document to be an index, as in a publication that is one)")
        if bad:
            detail += ": " + _listing(str(m) for m in bad)
        out[Path(path)] = Result(name, not bad, detail)
    return out


def _epubcheck(name: str, paths: list[Path], **options) -> tuple[dict, dict[Path, Result] | None]:
    """EPUBCheck's reports on ``paths``; or, when it is missing or fails, the answer for every
    one of them instead (skipped, or failed with EPUBCheck's one line)."""
    try:
        return check.run_epubcheck(paths, **options), None
    except check.CheckToolMissing as e:
        return {}, {p: Result(name, None, f"skipped: {e}") for p in paths}
    except check.CheckToolFailed as e:
        return {}, {p: Result(name, False, _one_line(str(e))) for p in paths}
