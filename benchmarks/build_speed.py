"""`pamflet build` against its baselines, in one run (median of 5 runs each, peak memory too).

- the default full `pamflet build book/` (print PDF with its index, booklet, archival PDF/A,
  EPUB) against one bare WeasyPrint render (HTML → PDF, same stylesheet) of the same body
  HTML; target ratio ≤ 1.25;
- `pamflet build --only epub` against `pandoc book/essay.md -o x.epub`; target ratio ≤ 1.5.

Every timing is a separate process, so each pays its interpreter start-up, as a user would.
Run: `make bench`. Not part of `make test`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypandoc

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5
BARE_RENDER = """
import sys
from weasyprint import HTML, CSS
from weasyprint.text.fonts import FontConfiguration
fonts = FontConfiguration()
css = CSS(filename=sys.argv[2], font_config=fonts)
HTML(filename=sys.argv[1], base_url=sys.argv[3]).write_pdf(sys.argv[4], stylesheets=[css], font_config=fonts)
"""


def timed(command: list[str], env: dict) -> tuple[float, int]:
    """Wall time and peak resident memory (KiB) of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return elapsed, usage.ru_maxrss


def median_of(command: list[str], env: dict) -> tuple[float, int]:
    results = [timed(command, env) for _ in range(RUNS)]
    return statistics.median(t for t, _ in results), max(m for _, m in results)


def main() -> int:
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    python = sys.executable
    pamflet = [python, "-m", "pamflet.cli", "build", str(ROOT / "book")]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        sys.path.insert(0, str(ROOT / "src"))
        from pamflet.index import mark_occurrences, read_index
        from pamflet.parse import parse_book
        from pamflet.source import read_book
        from pamflet.writers.pdf import print_html

        # The body as pamflet lays it out: with the index anchors, without the index itself.
        book = parse_book(read_book(ROOT / "book"))
        book.index = read_index(book.folder)
        if book.index:
            mark_occurrences(book, book.index)
        html_file = tmp / "book.html"
        html_file.write_text(print_html(book), encoding="utf-8")
        rows = [
            ("pamflet build (print, booklet, archival, EPUB)", median_of(pamflet + ["-o", str(tmp / "a")], env)),
            ("bare WeasyPrint render of the same HTML", median_of(
                [python, "-c", BARE_RENDER, str(html_file), str(ROOT / "styles" / "print.css"), str(ROOT / "book") + "/", str(tmp / "bare.pdf")], env)),
            ("pamflet build --only epub", median_of(pamflet + ["-o", str(tmp / "b"), "--only", "epub"], env)),
            ("pandoc book/essay.md -o x.epub", median_of(
                [pypandoc.get_pandoc_path(), str(ROOT / "book" / "essay.md"), "-o", str(tmp / "x.epub")], env)),
        ]
    for name, (seconds, kib) in rows:
        print(f"{name:50} {seconds:6.2f} s  peak {kib / 1024:6.0f} MiB")
    pdf_ratio = rows[0][1][0] / rows[1][1][0]
    epub_ratio = rows[2][1][0] / rows[3][1][0]
    print(f"build / bare render: {pdf_ratio:.2f} (target ≤ 1.25: {'met' if pdf_ratio <= 1.25 else 'NOT met'})")
    print(f"epub build / pandoc epub: {epub_ratio:.2f} (target ≤ 1.5: {'met' if epub_ratio <= 1.5 else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
