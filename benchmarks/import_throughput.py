"""Import throughput on a large generated input, in MB/s, and as a ratio to a baseline.

The input is the seed essay's body repeated until it is about 5 MB (title block once, notes
once at the end), so it has the seed's page furniture, hyphens, headings and table.  The
baseline, timed in the same run on the same text, is the least any importer must do: decode
the bytes and split them into lines and words.  Run: `make bench`.  Not part of `make test`.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

from pamflet.importer import import_text

ROOT = Path(__file__).resolve().parent.parent
TARGET_MB_PER_S = 1.0


def generated_input(size: int = 5_000_000) -> str:
    seed = (ROOT / "book" / "raw" / "essay.txt").read_text(encoding="utf-8")
    body, notes = seed.split("\nNOTEN \n", 1)
    title, rest = body.split("Inleidende opmerkingen", 1)
    copies = max(1, size // len(rest))
    return title + "Inleidende opmerkingen" + rest * copies + "\nNOTEN \n" + notes


def baseline(data: bytes) -> int:
    text = data.decode("utf-8")
    return sum(len(re.findall(r"\w+", line)) for line in text.split("\n"))


def best_of(runs: int, fn, *args) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    text = generated_input()
    data = text.encode("utf-8")
    megabytes = len(data) / 1_000_000
    base = best_of(3, baseline, data)
    imported = best_of(2, lambda: import_text(data.decode("utf-8"), source="generated.txt"))
    rate = megabytes / imported
    print(f"input: {megabytes:.1f} MB generated from the seed essay")
    print(f"baseline (decode, split lines, find words): {base:.2f} s = {megabytes / base:.1f} MB/s")
    print(f"pamflet import: {imported:.2f} s = {rate:.2f} MB/s ({imported / base:.1f}× the baseline's time)")
    print(f"target ≥ {TARGET_MB_PER_S} MB/s: {'met' if rate >= TARGET_MB_PER_S else 'NOT met'}")
    return 0 if rate >= TARGET_MB_PER_S else 1


if __name__ == "__main__":
    sys.exit(main())
