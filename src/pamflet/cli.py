"""The command line: a thin layer that parses arguments, calls the library and prints results."""

from __future__ import annotations

import sys

import click
from rich.console import Console

from . import __version__
from .atomic import write_text
from .errors import PamfletError

err = Console(stderr=True, highlight=False)


@click.group()
@click.version_option(__version__, prog_name="pamflet")
def cli() -> None:
    """pamflet: publish an essay as print PDF, booklet, PDF/A and EPUB."""


@cli.command("import")
@click.argument("raw", type=click.Path(dir_okay=True, path_type=str))
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False), help="Markdown file to write.")
@click.option("--lang", default=None, help="Language of the text (nl, en, de, …); detected when omitted.")
@click.option("--report", "report_path", default=None, type=click.Path(dir_okay=False), help="Write the proofreader's report here (Markdown).")
def import_command(raw: str, output: str, lang: str | None, report_path: str | None) -> None:
    """Turn RAW, text pasted or extracted from a PDF, into a pandoc Markdown book source."""
    from .importer import import_file

    result = import_file(raw, lang=lang)
    write_text(output, result.markdown)
    if report_path:
        write_text(report_path, result.report)
    err.print(f"{raw} → {output}: {result.summary}")
    if report_path:
        err.print(f"report: {report_path}")


def main(argv: list[str] | None = None) -> int:
    """Entry point: user errors become one line on stderr and exit code 2, never a traceback."""
    try:
        cli.main(args=argv, prog_name="pamflet", standalone_mode=False)
    except PamfletError as exc:
        err.print(f"error: {exc}", markup=False, soft_wrap=True)
        return 2
    except click.exceptions.Abort:
        err.print("aborted")
        return 1
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except OSError as exc:
        name = getattr(exc, "filename", None) or ""
        err.print(f"error: {name}: {exc.strerror or exc}", markup=False, soft_wrap=True)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
