"""`pamflet build BOOK… -o OUT`: many books at once, one sub-folder of OUT per book.

Each book is built by pamflet's own `pamflet build` in a process of its own (a thread per
running book waits for it): a book that fails, or crashes its process, costs only itself,
and every output and error is exactly the one-book build's. With ``scheduler`` the books go
to a Dask distributed cluster instead (``cluster.py``): sent as packed files, built there by
the same command, the outputs sent back as packed files — no shared disk.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .errors import PamfletError
from .files import open_regular

SOME_FAILED = 1  # the exit code of a batch in which a book failed (the others are built)


@dataclass
class BookResult:
    name: str  # the book's sub-folder of OUT
    book: str  # the book folder as given
    ok: bool
    outputs: list[tuple[str, int]] = field(default_factory=list)  # file name, bytes
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    message: str = ""  # the build's error line(s), when it failed
    where: str = ""  # the machine that built it (a cluster worker's address)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "BookResult":
        data = dict(data)
        data["outputs"] = [tuple(output) for output in data["outputs"]]
        return cls(**data)


def is_book(folder: Path) -> bool:
    """A book folder has a Markdown file at its top that starts with a YAML block."""
    for path in folder.glob("*.md"):
        try:
            with open_regular(path) as handle:  # a pipe named *.md is no book (and would block)
                if handle.readline(80).rstrip() == b"---":
                    return True
        except (OSError, PamfletError):
            continue
    return False


def find_books(paths: list[str | Path]) -> list[Path]:
    """The books named: each path a book folder, or a folder whose sub-folders are books."""
    books = []
    for given in map(Path, paths):
        if not given.is_dir():
            raise PamfletError(given, "is not a book folder")
        if is_book(given):
            books.append(given)
            continue
        inside = sorted(p for p in given.iterdir() if p.is_dir() and not p.name.startswith(".") and is_book(p))
        if not inside:
            raise PamfletError(given, "is neither a book folder nor a folder of book folders")
        books += inside
    return books


def is_batch(paths: list[str]) -> bool:
    """Several books, or one folder of books (one book folder alone is the ordinary build)."""
    return len(paths) > 1 or (Path(paths[0]).is_dir() and not is_book(Path(paths[0])) and bool(find_books_quietly(paths[0])))


def find_books_quietly(path: str) -> list[Path]:
    try:
        return find_books([path])
    except PamfletError:
        return []


def build_args(only: str, sheet: str, press: bool, bleed: str, allow_raw_html: bool, lenient: bool) -> list[str]:
    """The options of `pamflet build` each book is built with."""
    args = ["--only", only, "--sheet", sheet, "--bleed", bleed]
    return args + (["--press"] if press else []) + (["--allow-raw-html"] if allow_raw_html else []) + (["--lenient"] if lenient else [])


def names(books: list[Path]) -> list[str]:
    """Each book's sub-folder of OUT: its folder's name (two books of one name: -2, -3 …)."""
    out, seen = [], set()
    for book in books:
        name, n = book.resolve().name, 1
        while name in seen:
            n += 1
            name = f"{book.resolve().name}-{n}"
        seen.add(name)
        out.append(name)
    return out


def build_batch(books: list[Path], out_dir: str | Path, args: list[str], jobs: int | None = None, scheduler: str | None = None, done=None) -> list[BookResult]:
    """Build every book into ``out_dir/<name>``; ``done(result)`` is called as each finishes.
    Results come back in the books' order."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    named = list(zip(names(books), books))
    if scheduler:
        from .cluster import build_on_cluster

        results = build_on_cluster(named, out_dir, args, scheduler, done)
    else:
        results = {}
        with ThreadPoolExecutor(max_workers=jobs or os.cpu_count() or 1) as pool:
            pending = {pool.submit(build_one, name, book, out_dir / name, args): name for name, book in named}
            for future in as_completed(pending):
                result = future.result()
                results[result.name] = result
                if done:
                    done(result)
    return [results[name] for name, _ in named]


def build_one(name: str, book: Path, out: Path, args: list[str], env: dict | None = None) -> BookResult:
    """One book built by `pamflet build` in a process of its own."""
    start = time.time()
    command = [sys.executable, "-m", "pamflet.cli", "build", str(book), "-o", str(out), *args]
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, **(env or {})}, stdin=subprocess.DEVNULL)
    seconds = time.time() - start
    lines = done.stderr.splitlines()
    warnings = [line.removeprefix("warning: ") for line in lines if line.startswith("warning: ")]
    if done.returncode != 0:
        errors = [line.removeprefix("error: ") for line in lines if line.startswith(("error: ", "internal error"))]
        message = "; ".join(errors) or (lines[-1] if lines else f"the build process ended with code {done.returncode}")
        return BookResult(name, str(book), False, [], warnings, seconds, message)
    made = sorted((p.name, p.stat().st_size) for p in out.iterdir() if p.is_file() and not p.name.startswith(".") and p.stat().st_mtime >= start - 1)
    return BookResult(name, str(book), True, made, warnings, seconds)


def summary_table(results: list[BookResult]):
    """The batch at a glance (rich): one row per book."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"{sum(r.ok for r in results)} of {len(results)} books built", title_justify="left")
    for column in ("book", "result", "outputs", "warnings", "time"):
        table.add_column(column, justify="right" if column in ("warnings", "time") else "left")
    if any(r.where for r in results):
        table.add_column("built on")
    for r in results:
        outputs = ", ".join(f"{n} ({size // 1024} KiB)" for n, size in r.outputs) if r.ok else r.message
        # Text, not markup: a message may hold brackets ("index marker [de oppositie] …").
        row = [Text(r.name), Text("built") if r.ok else Text("failed", style="bold red"), Text(outputs), str(len(r.warnings)), f"{r.seconds:.1f} s"]
        table.add_row(*row, *([Text(r.where)] if any(x.where for x in results) else []))
    return table
