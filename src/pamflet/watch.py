"""`pamflet build --watch`: build, then rebuild on every saved change (watchfiles) until Ctrl-C.

Each rebuild is the ordinary `build()`, which makes every output in memory before it writes
any: a broken save prints its one-line error and leaves the last good outputs as they were,
and the watch goes on.
"""

from __future__ import annotations

import signal
import time
from pathlib import Path

from watchfiles import Change, DefaultFilter, watch

from .errors import PamfletError, stage_of

DEBOUNCE_MS = 200  # an editor's save is often several writes (a temporary file, a rename)


class _BookFilter(DefaultFilter):
    """What an editor saves in the book folder; not the outputs (when they are written inside
    it), not pamflet's hidden records, not editors' swap and backup files (DefaultFilter)."""

    def __init__(self, out_dir: Path):
        super().__init__()
        self.out_dir = out_dir.resolve()

    def __call__(self, change, path: str) -> bool:
        resolved = Path(path).resolve()
        if resolved == self.out_dir or self.out_dir in resolved.parents or resolved.name.startswith("."):
            return False
        return super().__call__(change, path)


def watch_book(book_dir: str | Path, out_dir: str | Path, kinds: tuple[str, ...], options: dict, console, stop_event=None) -> None:
    """Build ``book_dir`` now and after every change, printing what changed, the outputs and
    how long it took, or the error."""
    from .layout import incremental

    book, out = Path(book_dir), Path(out_dir)
    if not book.is_dir():
        raise PamfletError(book, "is not a book folder")
    incremental.KEEP = True  # each rebuild takes the pages a save did not reach
    signal.signal(signal.SIGTERM, _interrupt)  # a stop from a service manager or `kill` ends the watch as Ctrl-C does
    try:
        # The watch starts first and the first build is made at its first beat, so that a
        # save made during that build is seen (and rebuilt) too.
        started = False
        for changes in watch(book, watch_filter=_BookFilter(out), debounce=DEBOUNCE_MS, step=50, rust_timeout=200,
                             yield_on_timeout=True, raise_interrupt=False, stop_event=stop_event):
            if not started:
                started = True
                _build(book, out, kinds, options, console, "built")
                console.print(f"watching {book}/ for changes (Ctrl-C to stop)", markup=False, soft_wrap=True)
                continue
            changed = _saved(book, changes)
            if not changed:
                continue  # a beat without changes, or only temporary files made and gone (an editor's, sed's)
            console.print(f"changed: {', '.join(changed)}", markup=False, soft_wrap=True)
            _build(book, out, kinds, options, console, "rebuilt")
    except KeyboardInterrupt:
        pass
    console.print("watch stopped", markup=False)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _saved(book: Path, changes) -> list[str]:
    """The files changed, as the book folder names them; not a file made and removed again
    within the same save."""
    kinds: dict[str, set] = {}
    for change, path in changes:
        kinds.setdefault(path, set()).add(change)
    temporary = {path for path, seen in kinds.items() if {Change.added, Change.deleted} <= seen and not Path(path).exists()}
    return sorted(_shown(book, path) for path in kinds if path not in temporary)


def _shown(book: Path, path: str) -> str:
    try:
        return Path(path).resolve().relative_to(book.resolve()).as_posix()
    except ValueError:
        return path


def _build(book: Path, out: Path, kinds, options: dict, console, verb: str) -> bool:
    """The print PDF first, when there are other outputs to make: it is what an editor looks
    at after a save, and the others are then made from the same layout (``build`` keeps the
    last one in memory). A save that no output uses (an editor's notes) makes nothing."""
    kinds, start = tuple(kinds), time.perf_counter()
    steps = [("pdf",), kinds] if "pdf" in kinds and len(kinds) > 1 else [kinds]
    told, warned = False, set()  # the second step tells again what the first read: once is enough
    for n, step in enumerate(steps):
        outputs = _build_kinds(book, out, step, options, console, start, verb == "built", warned, then=kinds if step != kinds else ())
        if outputs is None:
            return False
        if verb == "built" or any(output.state != "cached" for output in outputs):
            names = ", ".join(output.path.name for output in outputs)
            label = verb if n == len(steps) - 1 else f"{verb} the print PDF"
            console.print(f"{label} in {time.perf_counter() - start:.1f} s: {names}", markup=False, soft_wrap=True)
            told = True
    if not told:
        console.print(f"nothing to rebuild ({time.perf_counter() - start:.1f} s): no output uses what changed", markup=False)
    return True


def _build_kinds(book: Path, out: Path, kinds: tuple[str, ...], options: dict, console, start: float, replay: bool, warned: set,
                 then: tuple[str, ...] = ()):
    """The build's outputs, or None when it failed (said). Warnings a build only repeats from
    the record of the last (nothing made) are told on the watch's first build, not after."""
    from .build import build

    warnings: list[str] = []
    try:
        outputs = build(book, out, only=kinds, warn=warnings.append, then=then, **options)
    except PamfletError as exc:
        _tell(console, warnings, warned)
        for line in str(exc).splitlines():
            console.print(f"error: {line}", markup=False, soft_wrap=True)
        console.print(f"not rebuilt ({time.perf_counter() - start:.1f} s); the last good outputs are kept", markup=False)
        return None
    except Exception as exc:  # noqa: BLE001 — the watch goes on, as after a user error
        message = " ".join(str(exc).split())[:200] or type(exc).__name__
        console.print(f"internal error while {stage_of(exc)}: {type(exc).__name__}: {message}; please report it", markup=False, soft_wrap=True)
        return None
    if replay or any(output.state != "cached" for output in outputs):
        _tell(console, warnings, warned)
    return outputs


def _tell(console, warnings: list[str], warned: set) -> None:
    for message in warnings:
        if message not in warned:
            warned.add(message)
            console.print(f"warning: {message}", markup=False, soft_wrap=True)
