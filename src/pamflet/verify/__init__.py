"""`pamflet check`: hold a build folder's outputs to what each one claims to be.

One `Result` per check. The EPUB goes through EPUBCheck (see check.py); the PDFs are read with
pikepdf, go through qpdf's syntax check (pikepdf is qpdf) and, where it is installed, veraPDF.
A check whose tool is not installed is skipped (``ok=None``), never passed.

What is checked, by output (``<id>`` is the book's slug):

* ``<id>.epub``: EPUBCheck, no error and no warning; with an index, EPUBCheck's EPUB Indexes
  profile, nothing about the index documents.
* ``<id>.pdf`` (print): A5 pages, every font embedded, qpdf's check.
* ``<id>-archival.pdf``: PDF/A-3 as pamflet makes it: XMP identification and Dublin Core,
  the sRGB output intent, embedded fonts with Unicode mappings, no encryption, no JavaScript
  or forbidden actions, printable annotations, source attachments each listed once in /AF,
  a structure tree (level A), page labels, an outline, /Lang; then qpdf's check and veraPDF.
* ``<id>-booklet.pdf`` (if present): whole sheets, one landscape sheet size, title metadata.
* ``<id>-press.pdf`` (if present): PDF/X-4 identification and output intent, trim and bleed
  boxes, embedded fonts; no gray (black above all) written as RGB in any content stream,
  device colour only in the output intent's colour space, and crop marks in a slug beyond the
  BleedBox, none reaching into the bleed.
"""

from __future__ import annotations

from pathlib import Path

from ..outputs import BY_NAME, EXPECTED, kind_of_file
from .archival import check_archival
from .booklet import check_booklet
from .epub import check_epub_indexes, check_epubs
from .pdfs import A5, MM, SHEETS, Result, qpdf_check, run_verapdf
from .press import XMP_PDFX_ID, check_press
from .printpdf import check_print


__all__ = [
    "A5", "MM", "SHEETS", "XMP_PDFX_ID", "Result", "all_passed", "check_archival", "check_booklet", "check_epubs", "check_print",
    "check_press", "find_outputs", "format_results", "qpdf_check", "run_verapdf", "verify_build",
]
LABELS = {"pdf": "print"}  # how the results name an output kind ("print: pages")


def verify_build(build_dir: Path) -> list[Result]:
    """Check every output in ``build_dir``; a missing EPUB, print or archival PDF is a failure."""
    build_dir = Path(build_dir)
    if not build_dir.is_dir():
        return [Result("build folder", False, f"{build_dir} is not a folder")]
    books = find_outputs(build_dir)
    if not books:
        return [Result(f"{_label(kind)}: file", False, f"no {_pattern(kind)} in {build_dir}") for kind in EXPECTED]
    epubs = [files["epub"] for files in books.values() if "epub" in files]
    epub_results = check_epubs(epubs)
    index_results = check_epub_indexes(epubs)
    results = []
    for book_id, files in books.items():
        found = []
        for kind in EXPECTED:
            if kind not in files:
                found.append(Result(f"{_label(kind)}: file", False, f"no {BY_NAME[kind].file_name(book_id)} in {build_dir}"))
        if "epub" in files:
            found.append(epub_results[files["epub"]])
            if files["epub"] in index_results:
                found.append(index_results[files["epub"]])
        for kind, check_pdf in (("pdf", check_print), ("archival", check_archival), ("booklet", check_booklet), ("press", check_press)):
            if kind in files:
                found += check_pdf(files[kind])
        if len(books) > 1:  # several books in one folder: say which each line is about
            found = [Result(f"{book_id} {r.name}", r.ok, r.detail) for r in found]
        results += found
    return results


def find_outputs(build_dir: Path) -> dict[str, dict[str, Path]]:
    """The outputs in ``build_dir`` by book id, then kind (outputs.KINDS: epub, pdf, archival,
    booklet, press)."""
    books: dict[str, dict[str, Path]] = {}
    for path in sorted(Path(build_dir).iterdir()):
        found = kind_of_file(path.name) if path.is_file() else None
        if found:
            book_id, kind = found
            books.setdefault(book_id, {})[kind] = path
    return books


def _label(kind: str) -> str:
    return LABELS.get(kind, kind)


def _pattern(kind: str) -> str:
    return f"*{BY_NAME[kind].suffix}" if kind != "pdf" else "*.pdf (print)"


def format_results(results: list[Result]) -> str:
    """One line per check (PASS / FAIL / SKIP), then the counts."""
    lines = []
    for r in results:
        word = "PASS" if r.ok else "SKIP" if r.ok is None else "FAIL"
        lines.append(f"{word}  {r.name}: {r.detail}  [{r.id}]")
    passed = sum(r.ok is True for r in results)
    failed = sum(r.ok is False for r in results)
    skipped = sum(r.ok is None for r in results)
    # Not "N passed, N failed": that line shape is what CI reads as a test verdict.
    lines.append(f"checks: {passed} pass, {failed} fail, {skipped} skipped")
    return "\n".join(lines)


def all_passed(results: list[Result]) -> bool:
    """No check failed (skipped ones do not count against the build)."""
    return not any(r.ok is False for r in results)
