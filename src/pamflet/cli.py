"""The command line: a thin layer that parses arguments, calls the library and prints results."""

from __future__ import annotations

import sys

import click
from rich.console import Console

from . import __version__
from .atomic import check_own_output, write_own_output
from .errors import PamfletError, stage, stage_of
from .outputs import BY_NAME, DEFAULT, SHEETS_MM

err = Console(stderr=True, highlight=False)


@click.group()
@click.version_option(__version__, prog_name="pamflet")
@click.option("--debug", is_flag=True, help="Show the full traceback of an internal error.")
def cli(debug: bool) -> None:
    """pamflet: publish an essay as print PDF, booklet, PDF/A and EPUB."""


@cli.command("import")
@click.argument("raw", type=click.Path(dir_okay=True, path_type=str))
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False), help="Markdown file to write.")
@click.option("--lang", default=None, help="Language of the text (nl, en, de, …); detected when omitted.")
@click.option("--report", "report_path", default=None, type=click.Path(dir_okay=False), help="Write the proofreader's report here (Markdown).")
@click.option("--force", is_flag=True, help="Overwrite an output file that was edited since pamflet wrote it (or that pamflet did not write).")
def import_command(raw: str, output: str, lang: str | None, report_path: str | None, force: bool) -> None:
    """Turn RAW, text pasted or extracted from a PDF, into a pandoc Markdown book source."""
    from .importer import import_file
    from .importer.decode import check_import_paths
    from .importer.language import import_language

    check_import_paths(raw, output, report_path)
    for path in filter(None, (output, report_path)):
        check_own_output(path, force)
    with stage("importing the text"):
        result = import_file(raw, lang=import_language(lang) if lang else None)
    write_own_output(output, result.markdown)
    if report_path:
        write_own_output(report_path, result.report)
    err.print(f"{raw} → {output}: {result.summary}")
    if report_path:
        err.print(f"report: {report_path}")


class _Option(click.ParamType):
    """A build option checked as BuildOptions checks it, before anything is read: a bad value
    is one line and exit code 2."""

    def __init__(self, field: str, split: bool = False):
        self.name, self.field, self.split = field, field, split

    def convert(self, value, param, ctx):
        from .options import BuildOptions

        if self.split and isinstance(value, str):
            value = tuple(k.strip() for k in value.split(",") if k.strip())
        try:
            return getattr(BuildOptions(**{self.field: value}), self.field)
        except PamfletError as exc:
            self.fail(exc.message, param, ctx)


class _Shown:
    """The build's progress on stderr: on a terminal each stage with its time and a summary line;
    elsewhere only warnings and one line per output; with --quiet nothing but errors."""

    def __init__(self, quiet: bool, verbose: bool):
        self.quiet, self.verbose = quiet, verbose
        self.live = err.is_terminal and not quiet

    def stage(self, name: str, seconds: float) -> None:
        if self.live:
            err.print(f"  [dim]{seconds:6.2f} s[/dim]  {name}")

    def decision(self, message: str) -> None:
        if self.verbose and not self.quiet:
            err.print(f"cache: {message}", markup=False, soft_wrap=True, style="dim" if self.live else None)

    def warn(self, message: str) -> None:
        if not self.quiet:
            err.print(f"warning: {message}", markup=False, soft_wrap=True)

    def done(self, result) -> None:
        if self.quiet:
            return
        for output in result.outputs:
            note = {"cached": ", up to date", "unchanged": ", unchanged"}.get(output.state, "")
            err.print(f"{output.path} ({output.size / 1024:.0f} KiB{note})", markup=False, soft_wrap=True)
        if self.live:
            cached = sum(o.state == "cached" for o in result.outputs)
            err.print(f"[bold]built {len(result.outputs)} output{'s' if len(result.outputs) != 1 else ''} in {result.seconds:.2f} s[/bold]"
                      + (f" ({cached} up to date)" if cached else ""))


@cli.command("new")
@click.argument("folder", type=click.Path(path_type=str))
@click.option("--title", default=None, help="The book's title (default: from FOLDER's name; with --from, the imported one).")
@click.option("--author", default=None, help="The author, as printed.")
@click.option("--lang", default=None, help="Language of the book (nl, en, …); with --from, detected when omitted.")
@click.option("--from", "source", default=None, type=click.Path(exists=True, dir_okay=False, path_type=str), help="Import this text or PDF as the book's text (kept in raw/, with the import report).")
def new_command(folder: str, title: str | None, author: str | None, lang: str | None, source: str | None) -> None:
    """Make a new book folder FOLDER that builds at once: metadata, text, raw/, index.yml, EDITS.md, README."""
    from .new import new_book

    with stage("making the book folder"):
        made = new_book(folder, title=title, author=author, lang=lang, source=source)
    err.print(f"{made.folder}: {made.summary}", markup=False, soft_wrap=True)
    err.print(f"next: pamflet build {made.folder} -o build/{made.folder.name}", markup=False, soft_wrap=True)


@cli.command("build")
@click.argument("books", nargs=-1, type=click.Path(file_okay=False, path_type=str))
@click.option("-o", "--output", "out_dir", default="build", type=click.Path(file_okay=False), help="Folder for the outputs (default: build/); with several books, one sub-folder per book.")
@click.option("--only", default=",".join(DEFAULT), type=_Option("only", split=True), help=f"Comma-separated outputs: {', '.join(BY_NAME)} (default: {','.join(DEFAULT)}).")
@click.option("--sheet", default="A4", type=_Option("sheet"), help=f"Sheet size for the booklet: {', '.join(SHEETS_MM)} (default: A4).")
@click.option("--press", is_flag=True, help="Also make the press PDF (PDF/X-4 with bleed and crop marks).")
@click.option("--bleed", default="3mm", type=_Option("bleed"), help="Bleed for the press PDF (default 3mm).")
@click.option("--allow-raw-html", is_flag=True, help="Pass raw HTML in the Markdown through (escaped by default).")
@click.option("--lenient", is_flag=True, help="Index terms that never occur are warnings, not errors.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@click.option("-v", "--verbose", is_flag=True, help="Also say what the cache reused and what it did not, and why.")
@click.option("--watch", is_flag=True, help="Build, then rebuild on every saved change until Ctrl-C.")
@click.option("-j", "--jobs", type=click.IntRange(1, 256), default=None, help="Books built at once in a batch (default: the number of cores).")
@click.option("--scheduler", default=None, metavar="tcp://HOST:PORT", help="Build the books on this Dask distributed cluster.")
def build_command(books: tuple[str, ...], out_dir: str, only: tuple, sheet: str, press: bool, bleed: str, allow_raw_html: bool, lenient: bool,
                  quiet: bool, verbose: bool, watch: bool, jobs: int | None, scheduler: str | None) -> None:
    """Build the book in BOOKS (default: book/) into print PDF and EPUB. Several books, or a
    folder of books, are built in parallel into one sub-folder of OUT each (exit code 1 when
    any failed)."""
    from . import batch

    paths = list(books) or ["book"]
    if scheduler or batch.is_batch(paths):
        if watch:
            raise click.UsageError("--watch takes one book")
        _build_batch(batch.find_books(paths), out_dir, batch.build_args(",".join(only), sheet, press, bleed, allow_raw_html, lenient), jobs, scheduler)
        return
    kinds = only + (("press",) if press and "press" not in only else ())
    if watch:
        from .watch import watch_book

        watch_book(paths[0], out_dir, kinds, dict(allow_raw_html=allow_raw_html, lenient=lenient, sheet=sheet, bleed=bleed), err)
        return
    from .build import build
    from .options import BuildOptions

    options = BuildOptions(kinds, sheet, bleed, allow_raw_html, lenient)
    shown = _Shown(quiet, verbose)
    shown.done(build(paths[0], out_dir, options, warn=shown.warn, progress=shown))


def _build_batch(books, out_dir: str, args: list[str], jobs: int | None, scheduler: str | None) -> None:
    from .batch import SOME_FAILED, build_batch, summary_table

    def done(result):
        state = "built" if result.ok else f"FAILED: {result.message}"
        err.print(f"{result.name}: {state} ({result.seconds:.1f} s)", markup=False, soft_wrap=True)

    where = f" on {scheduler}" if scheduler else ""
    err.print(f"building {len(books)} book{'s' if len(books) > 1 else ''} into {out_dir}/{where}", markup=False, soft_wrap=True)
    results = build_batch(books, out_dir, args, jobs=jobs, scheduler=scheduler, done=done)
    Console(stderr=True, highlight=False, width=200).print(summary_table(results))
    if not all(result.ok for result in results):
        raise SystemExit(SOME_FAILED)


@cli.command("proof")
@click.argument("book_dir", default="book", type=click.Path(file_okay=False, path_type=str))
@click.option("-o", "--output", "out_dir", default="proof", type=click.Path(file_okay=False), help="Folder for proof.html and proof.json (default: proof/).")
@click.option("--strict", is_flag=True, help="Exit with code 1 when there is any warning (for CI).")
def proof_command(book_dir: str, out_dir: str, strict: bool) -> None:
    """A proof sheet of BOOK_DIR's print edition (default: book/): every page, the layout warnings marked and listed."""
    from .proof import make_proof

    proof = make_proof(book_dir, out_dir)
    for warning in proof.warnings:
        err.print(f"page {warning.page}: {warning.kind}: {warning.text} ({warning.detail})", markup=False, soft_wrap=True)
    for message in proof.build_warnings:
        err.print(f"warning: {message}", markup=False, soft_wrap=True)
    count = len(proof.warnings) + len(proof.build_warnings)
    err.print(f"{proof.sheet}: {proof.pages} pages, {count} warning{'s' if count != 1 else ''} ({proof.seconds:.1f} s)", markup=False, soft_wrap=True)
    if strict and count:
        raise SystemExit(1)


@cli.command("check")
@click.argument("build_dir", default="build", type=click.Path(file_okay=False, path_type=str))
def check_command(build_dir: str) -> None:
    """Check the outputs in BUILD_DIR (default: build/): EPUBCheck, PDF/A structure, booklet, press."""
    from pathlib import Path

    from .verify import all_passed, format_results, verify_build

    results = verify_build(Path(build_dir))
    click.echo(format_results(results))
    if not all_passed(results):
        raise SystemExit(1)


@cli.command("doctor")
def doctor_command() -> None:
    """What pamflet finds on this machine, what is missing and the command that installs it."""
    from .doctor import report

    text, code = report()
    click.echo(text)
    if code:
        raise SystemExit(code)


INTERNAL_ERROR = 70  # EX_SOFTWARE (sysexits.h): pamflet's own fault, not the input's


def main(argv: list[str] | None = None) -> int:
    """Entry point: user errors become one line on stderr and exit code 2; anything unexpected
    one line and exit code 70 — never a traceback, unless ``--debug`` asks for it."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        cli.main(args=args, prog_name="pamflet", standalone_mode=False)
    except PamfletError as exc:
        for line in str(exc).splitlines():
            err.print(f"error: {line}", markup=False, soft_wrap=True)
        return 2
    except SystemExit as exc:
        return int(exc.code or 0)
    except click.exceptions.Abort:
        err.print("aborted")
        return 1
    except click.BadParameter as exc:  # a bad option value: one line, like a bad input
        err.print(f"error: {exc.format_message()}", markup=False, soft_wrap=True)
        return 2
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except OSError as exc:
        name = getattr(exc, "filename", None) or ""
        err.print(f"error: {name}: {exc.strerror or exc}", markup=False, soft_wrap=True)
        return 2
    except Exception as exc:  # noqa: BLE001 — the last line of defence (RecursionError, MemoryError too)
        if "--debug" in args:
            raise
        message = " ".join(str(exc).split())[:200] or type(exc).__name__
        err.print(f"internal error while {stage_of(exc)}: {type(exc).__name__}: {message}; please report it (run with --debug for the traceback)", markup=False, soft_wrap=True)
        return INTERNAL_ERROR
    return 0


if __name__ == "__main__":
    sys.exit(main())
