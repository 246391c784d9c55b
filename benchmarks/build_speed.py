"""`pamflet build` against its baselines, in one run (median of --runs runs each, 5 by default).

Prints, each as a ratio to a baseline timed in the same run, the runs interleaved (each round
runs every command once: the machine is shared and its load drifts):

- cold build ÷ bare render: the default `pamflet build book/` into a fresh output folder
  (print PDF with its index, booklet, archival PDF/A, EPUB) against `pandoc -s book/essay.md
  -o x.html` followed by `weasyprint -s styles/print.css x.html x.pdf`; target ≤ 1.3;
- no-op rebuild: the same build again, nothing changed, in seconds; target ≤ 0.3 s;
- EPUB-only after a build ÷ pandoc's EPUB: the EPUB deleted from a built folder and made
  again with `--only epub`, against `pandoc book/essay.md -o x.epub`; target ≤ 1.5;
- press ÷ print: `--only press` against `--only pdf`, both cold; target ≤ 1.5;
- the curve: cold builds of the seed made 1×, 3× and 10× as long (the essay repeated as
  chapters, without the index: see ``longer_book``), seconds, seconds per 1× and peak memory;
  target: 10× ≤ 1.05 × 10 × 1×, peak ≤ 1 GB.

Every timing is a separate process, so each pays its interpreter start-up, as a user would.
Peak memory is the largest resident set of the build's own process (the forked archival
writer shares most of its pages; pandoc is small). Run: `make bench`. Not part of `make test`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypandoc

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def timed(command: list[str] | list[list[str]], env: dict) -> tuple[float, int]:
    """Wall time and peak resident memory (KiB, the largest process) of one command, or of
    several run one after the other."""
    commands = command if isinstance(command[0], list) else [command]
    elapsed, peak = 0.0, 0
    for one in commands:
        start = time.perf_counter()
        process = subprocess.Popen(one, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed += time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"failed: {' '.join(one)}\n{process.stderr.read().decode()[-2000:]}")
        peak = max(peak, usage.ru_maxrss)
    return elapsed, peak


def interleaved(runs: int, commands: dict, env: dict, before: dict) -> dict[str, tuple[float, int]]:
    """Each round runs every command once, in turn, so that the machine's load drifts over all
    of them alike; the median of the rounds per command (and its largest peak memory).
    ``commands[name](n)`` is round n's command; ``before[name](n)``, untimed, prepares it."""
    results: dict[str, list] = {name: [] for name in commands}
    for n in range(runs):
        for name, make in commands.items():
            if name in before:
                before[name](n)
            results[name].append(timed(make(n), env))
    return {name: (statistics.median(t for t, _ in got), max(m for _, m in got)) for name, got in results.items()}


def longer_book(target: Path, times: int) -> Path:
    """The seed ``times`` as long: its text as ``times`` chapters, with its metadata. Without
    its index, at every length: the seed's index over ten copies of the text has entries too
    long for a column (pamflet refuses them), which a real book ten times as long would not."""
    text = (ROOT / "book" / "essay.md").read_text(encoding="utf-8")
    end = text.index("\n---\n", 4)
    front, body = text[: end + 1], text[end + 5:]
    target.mkdir(parents=True)
    names = [f"part{n:02}.md" for n in range(1, times + 1)]
    for name in names:
        (target / name).write_text(body, encoding="utf-8")
    (target / "book.md").write_text(front + "chapters: [" + ", ".join(names) + "]\n---\n", encoding="utf-8")
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--curve-runs", type=int, default=None, help="runs for the 1×, 3× and 10× books (default: --runs)")
    args = parser.parse_args()
    runs, curve_runs = args.runs, args.curve_runs or args.runs
    pamflet = [sys.executable, "-m", "pamflet.cli", "build"]
    pandoc = pypandoc.get_pandoc_path()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000", XDG_CACHE_HOME=str(tmp / "xdg"))
        book = tmp / "book"
        shutil.copytree(ROOT / "book", book)
        essay, css = book / "essay.md", ROOT / "styles" / "print.css"
        built = tmp / "built"
        subprocess.run(pamflet + [str(book), "-o", str(built)], env=env, check=True, capture_output=True)
        epub = next(built.glob("*.epub"))
        books = {times: longer_book(tmp / f"book{times}", times) for times in (1, 3, 10)}
        commands = {
            "cold": lambda n: pamflet + [str(book), "-o", str(tmp / f"cold{n}")],
            "bare": lambda n: [[pandoc, "-s", str(essay), "-o", str(tmp / "bare.html")],
                               [str(BIN / "weasyprint"), "-q", "-s", str(css), str(tmp / "bare.html"), str(tmp / "bare.pdf")]],
            "noop": lambda n: pamflet + [str(book), "-o", str(built)],
            "epub": lambda n: pamflet + [str(book), "-o", str(built), "--only", "epub"],
            "pandoc epub": lambda n: [pandoc, str(essay), "-o", str(tmp / "x.epub")],
            "print": lambda n: pamflet + [str(book), "-o", str(tmp / f"print{n}"), "--only", "pdf"],
            "press": lambda n: pamflet + [str(book), "-o", str(tmp / f"press{n}"), "--only", "press"],
        }
        rows = interleaved(runs, commands, env, before={"epub": lambda n: epub.unlink()})
        curve = interleaved(curve_runs, {times: (lambda n, t=times: pamflet + [str(books[t]), "-o", str(tmp / f"out{t}-{n}")]) for times in books}, env, {})

    names = {
        "cold": "pamflet build (print, booklet, archival, EPUB), cold", "bare": "bare render: pandoc -s HTML + weasyprint -s print.css",
        "noop": "pamflet build again, nothing changed", "epub": "pamflet build --only epub after a build",
        "pandoc epub": "pandoc essay.md -o x.epub", "print": "pamflet build --only pdf, cold", "press": "pamflet build --only press, cold",
    }
    for key, name in names.items():
        seconds, kib = rows[key]
        print(f"{name:56} {seconds:6.2f} s  peak {kib / 1024:5.0f} MiB")

    def verdict(value: float, target: float) -> str:
        return f"target ≤ {target}{' s' if target == 0.3 else ''}: {'met' if value <= target else 'NOT met'}"

    cold = rows["cold"][0] / rows["bare"][0]
    epub = rows["epub"][0] / rows["pandoc epub"][0]
    press = rows["press"][0] / rows["print"][0]
    print(f"cold build ÷ bare render:          {cold:5.2f}  ({verdict(cold, 1.3)})")
    print(f"no-op rebuild:                     {rows['noop'][0]:5.2f} s ({verdict(rows['noop'][0], 0.3)})")
    print(f"EPUB-only after a build ÷ pandoc:  {epub:5.2f}  ({verdict(epub, 1.5)})")
    print(f"press ÷ print:                     {press:5.2f}  ({verdict(press, 1.5)})")
    print("curve (cold default build):")
    for times, (seconds, kib) in curve.items():
        print(f"  {times:2}× the seed: {seconds:7.2f} s, {seconds / times:6.2f} s per 1×, peak {kib / 1024:5.0f} MiB")
    linear = curve[10][0] / (10 * curve[1][0])
    peak = max(kib for _, kib in curve.values()) / 1024
    print(f"10× ÷ (10 × 1×):                   {linear:5.2f}  ({verdict(linear, 1.05)}); peak {peak:.0f} MiB (target ≤ 1024: {'met' if peak <= 1024 else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
