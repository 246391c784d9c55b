"""`pamflet build --watch` on the seed: how long after a save the print PDF and then every
output are rebuilt, against a cold build of the same book timed in the same run.

A watch runs on a copy of the seed; each round saves, in turn, a comma moved and a sentence
added (the paragraph gains a line: every page after it moves) to essay.md, each as an editor's
save (a new file renamed over the old), and times, from the rename, the watch's "rebuilt the
print PDF in" and "rebuilt in" lines; then (the machine is shared and its load drifts) a cold
`pamflet build` of the same folder into a fresh output folder, the baseline. Prints the
medians of --runs rounds (5 by default) and their ratios. Not part of `make test`. Run: `.venv/bin/python benchmarks/watch_speed.py`.
"""

from __future__ import annotations

import argparse
import os
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WAIT = 300  # seconds: the longest any one rebuild may take


class Watch:
    def __init__(self, book: Path, out: Path, env: dict):
        self.process = subprocess.Popen([sys.executable, "-m", "pamflet.cli", "build", str(book), "-o", str(out), "--watch"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
        self.lines: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stderr:
            self.lines.put((time.monotonic(), line.rstrip("\n")))

    def until(self, start: str) -> float:
        """When the first line starting with ``start`` was printed."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                seen, line = self.lines.get(timeout=1)
            except queue.Empty:
                if self.process.poll() is not None:
                    raise SystemExit("the watch ended")
                continue
            if line.startswith(("error:", "internal error")):
                raise SystemExit(f"the watch failed: {line}")
            if line.startswith(start):
                return seen
        raise SystemExit(f"no {start!r} within {WAIT} s")


SENTENCE = " Dit is een nieuwe zin, lang genoeg om de alinea een regel langer te maken."
EDITS = {  # what an editor's save changes, somewhere new each round
    "a one-comma save": lambda text, n: _moved_comma(text, 4000 + 2500 * n),
    "a sentence added": lambda text, n: _added(text, text.index(". ", 6000 + 5000 * n) + 1, SENTENCE),
}


def _moved_comma(text: str, start: int) -> str:
    at = text.index(", ", start)
    return text[:at] + " ," + text[at + 2:]


def _added(text: str, at: int, words: str) -> str:
    return text[:at] + words + text[at:]


def save(essay: Path, edit, n: int) -> float:
    """The edit saved as an editor's save (a new file renamed over the old); its time."""
    tmp = essay.with_name(essay.name + ".tmp~")
    tmp.write_text(edit(essay.read_text(encoding="utf-8"), n), encoding="utf-8")
    saved = time.monotonic()
    os.replace(tmp, essay)
    return saved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000", XDG_CACHE_HOME=str(tmp / "xdg"))
        book = tmp / "book"
        shutil.copytree(ROOT / "book", book)
        watch = Watch(book, tmp / "watched", env)
        print_pdf, everything, cold = {name: [] for name in EDITS}, {name: [] for name in EDITS}, []
        try:
            watch.until("watching ")
            for n in range(args.runs):
                for name, edit in EDITS.items():
                    saved = save(book / "essay.md", edit, n)
                    print_pdf[name].append(watch.until("rebuilt the print PDF in ") - saved)
                    everything[name].append(watch.until("rebuilt in ") - saved)
                start = time.perf_counter()
                subprocess.run([sys.executable, "-m", "pamflet.cli", "build", str(book), "-o", str(tmp / f"cold{n}")],
                               env=env, check=True, capture_output=True)
                cold.append(time.perf_counter() - start)
        finally:
            watch.process.terminate()
            watch.process.wait(timeout=60)
    base = statistics.median(cold)
    print(f"cold build of the seed (every output):      {base:6.2f} s")
    for name in EDITS:
        first, whole = statistics.median(print_pdf[name]), statistics.median(everything[name])
        print(f"watch, {name + ' → print PDF:':36}{first:6.2f} s  ({first / base:.2f} × the cold build)")
        print(f"watch, {name + ' → every output:':36}{whole:6.2f} s  ({whole / base:.2f} × the cold build)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
