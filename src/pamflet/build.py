"""`pamflet build`: a book folder → print PDF, EPUB, archival PDF/A, booklet (and press PDF) in build/."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .atomic import write_bytes
from .errors import PamfletError, stage
from .index import mark_occurrences, read_index
from .parse import parse_book
from .source import near_misses, read_book

FORMATS = ("pdf", "epub", "archival", "booklet")
OPTIONAL = ("press",)  # on request
SUFFIXES = {"pdf": ".pdf", "epub": ".epub", "archival": "-archival.pdf", "booklet": "-booklet.pdf", "press": "-press.pdf"}


@dataclass
class Output:
    kind: str
    path: Path
    size: int


def build(
    book_dir: str | Path = "book",
    out_dir: str | Path = "build",
    only: tuple[str, ...] = FORMATS,
    allow_raw_html: bool = False,
    lenient: bool = False,
    warn=None,
    sheet: str = "A4",
    bleed: str = "3mm",
) -> list[Output]:
    unknown = set(only) - set(FORMATS + OPTIONAL)
    if unknown:
        raise PamfletError(None, f"unknown output format(s): {', '.join(sorted(unknown))} (choose from {', '.join(FORMATS + OPTIONAL)})")
    warn = warn or print
    with stage("reading the book folder"):
        source = read_book(book_dir)
        for warning in near_misses(source.folder):
            warn(warning)
    with stage("reading the text with pandoc"):
        book = parse_book(source, allow_raw_html=allow_raw_html)
    _check_options(book, set(only), sheet, bleed)  # before the layout, which takes seconds
    targets = {kind: _output_path(out_dir, book.slug, kind) for kind in only}
    with stage("reading the index"):
        book.index = read_index(book.folder)
        if book.index:
            for warning in mark_occurrences(book, book.index, lenient):
                warn(warning)
    # Make every output in memory first, so that a failure leaves earlier files untouched.
    # The EPUB's page list and index carry the print page numbers: every output needs the layout.
    from .writers.pdf import lay_out

    with stage("laying out the print edition"):
        edition = lay_out(book)
    for warning in edition.warnings:
        warn(warning)
    said = []  # the writers' warnings: told once every output is made (a failed build tells only its error)
    jobs = _jobs(book, edition, set(only), sheet, bleed, said.append)
    made = _run_jobs(jobs, parallel=("archival",), edition=edition)
    outputs = []
    for kind in [k for k in FORMATS + OPTIONAL if k in made]:
        data = made[kind]
        write_bytes(targets[kind], data)
        outputs.append(Output(kind, targets[kind], len(data)))
    for warning in said:
        warn(warning)
    return outputs


def _output_path(out_dir, slug: str, kind: str) -> Path:
    """Outputs go straight into ``out_dir``: the slug is checked by the metadata schema, and
    this checks once more that nothing can name a file elsewhere."""
    folder = Path(out_dir).absolute()
    path = folder / f"{slug}{SUFFIXES[kind]}"
    if path.parent != folder or "/" in slug or slug in ("", ".", ".."):
        raise PamfletError(None, f"the output name {slug!r} would leave the output folder")
    return path


def _check_options(book, only: set[str], sheet: str, bleed: str) -> None:
    if "archival" in only:
        from .writers.archival import source_files

        source_files(book)  # refuses a link out of raw/ now, not after the layout
    if "booklet" in only:
        from .writers.booklet import sheet_size

        sheet_size(sheet)
    if "press" in only:
        from .writers.press import press_css

        press_css(book, bleed)


def _jobs(book, edition, only: set[str], sheet: str, bleed: str, warn=print) -> dict:
    """What to write, each from the one layout (the press PDF alone needs its own: bleed)."""
    from .writers.archival import write_archival
    from .writers.booklet import impose_booklet
    from .writers.epub import write_epub
    from .writers.pdf import write_pdf
    from .writers.press import write_press

    print_pdf = {}

    def pdf():
        if "pdf" not in print_pdf:
            print_pdf["pdf"] = write_pdf(book, edition)
        return print_pdf["pdf"]

    table = {
        "pdf": pdf,
        "epub": lambda: write_epub(book, edition, warn),
        "archival": lambda: write_archival(book, edition),
        # The print PDF ends with the back cover: the booklet's blanks go before it.
        "booklet": lambda: impose_booklet(pdf(), sheet, book.meta["title"], book.meta.get("author") or "", keep_last=1),
        "press": lambda: write_press(book, bleed),
    }
    return {kind: _in_stage(f"writing the {NAMES[kind]}", job) for kind, job in table.items() if kind in only}


NAMES = {"pdf": "print PDF", "epub": "EPUB", "archival": "archival PDF/A", "booklet": "booklet", "press": "press PDF"}


def _in_stage(name: str, job):
    def run():
        with stage(name):
            return job()

    return run


_FORKED_JOBS: dict = {}


def _run_forked(kind: str) -> bytes:
    return _FORKED_JOBS[kind]()


def _run_jobs(jobs: dict, parallel: tuple[str, ...], edition) -> dict[str, bytes]:
    """Run the jobs; on a machine with two cores, the ``parallel`` ones in a process forked
    after layout, which inherits the laid-out document instead of laying it out again."""
    import multiprocessing
    import os

    forked = [kind for kind in parallel if kind in jobs]
    if forked:
        edition.document  # join the index and back cover once, before the fork shares them
    if not forked or (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return {kind: job() for kind, job in jobs.items()}
    _FORKED_JOBS.clear()
    _FORKED_JOBS.update(jobs)
    with multiprocessing.get_context("fork").Pool(1) as pool:
        pending = {kind: pool.apply_async(_run_forked, (kind,)) for kind in forked}
        made = {kind: job() for kind, job in jobs.items() if kind not in forked}
        made.update({kind: result.get() for kind, result in pending.items()})
    _FORKED_JOBS.clear()
    return made
