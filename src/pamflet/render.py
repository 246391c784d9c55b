"""Model → HTML through Jinja templates: a book folder's own templates/ override the stock ones."""

from __future__ import annotations

import datetime as dt
import os
from functools import lru_cache
from pathlib import Path

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
import yaml
from lxml import html
from markupsafe import Markup

from .errors import PamfletError
from .heads import running_head, running_head_css
from .index import listed
from .model import Book
from .safety import contained

from .paths import PROFILES, STYLES, TEMPLATES  # noqa: F401 — the writers find them here


class _ContainedLoader(jinja2.FileSystemLoader):
    """Templates from one folder, none through a link that leads out of ``root``."""

    def __init__(self, folder: Path, root: Path):
        super().__init__(folder)
        self.root = root

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        contained(filename, [self.root], "template")
        return source, filename, uptodate


def environment(book: Book) -> jinja2.Environment:
    """A book's templates are untrusted: Jinja's sandbox (no attribute walks to Python's
    internals, no mutation of what the templates are given), autoescaped."""
    loader = jinja2.ChoiceLoader([_ContainedLoader(book.folder / "templates", book.folder), _ContainedLoader(TEMPLATES, TEMPLATES)])
    env = ImmutableSandboxedEnvironment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.filters["human_date"] = human_date
    env.filters["human_day"] = human_day
    env.filters["running_head"] = running_head
    env.globals["running_head_css"] = running_head_css
    env.tests["listed"] = listed  # an index entry that stands in the index (pamflet.index.listed)
    return env


def render(env: jinja2.Environment, name: str, **context) -> str:
    """Render a template; a broken user template is an error that names its file and line."""
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise PamfletError(exc.filename or name, f"template error: {exc.message}", exc.lineno) from None
    except SecurityError as exc:
        path, line = _where(exc, env, name)
        raise PamfletError(path, f"template refused by the sandbox: {exc}", line) from None
    except jinja2.TemplateError as exc:
        path, line = _where(exc, env, name)
        raise PamfletError(path, f"template error: {exc}", line) from None


def _where(exc: Exception, env: jinja2.Environment, name: str):
    """The template file and line where rendering failed: Jinja names its frames after the
    template files, so the innermost such frame is the included template at fault."""
    templates = [Path(env.loader.loaders[0].searchpath[0]), TEMPLATES]
    found = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if any(filename.startswith(str(root)) for root in templates):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found or (_template_file(env, name), None)


def _template_file(env: jinja2.Environment, name: str) -> str:
    try:
        return env.get_template(name).filename or name
    except jinja2.TemplateError:
        return name


@lru_cache(maxsize=None)
def _all_labels() -> dict:
    return yaml.safe_load((TEMPLATES / "labels.yml").read_text(encoding="utf-8"))


def labels(lang: str) -> dict:
    table = _all_labels()
    return table.get(lang.split("-")[0].lower(), table["en"])


def build_time(book: Book) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else the newest source file's time."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
        except ValueError:
            raise PamfletError(None, f"SOURCE_DATE_EPOCH must be a number of seconds, not {epoch!r}") from None
    newest = max(path.stat().st_mtime for path in book.sources)
    return dt.datetime.fromtimestamp(int(newest), dt.timezone.utc)


def human_date(value: str, words: dict) -> str:
    """``1990-02`` → ``februari 1990`` in the book's language; other text is left as it is."""
    parts = str(value).split("-")
    if not (parts[0].isdigit() and len(parts[0]) == 4 and all(p.isdigit() for p in parts)):
        return str(value)
    if len(parts) == 1:
        return parts[0]
    month = words["months"][int(parts[1]) - 1]
    return f"{int(parts[2])} {month} {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}"


def human_day(moment: dt.datetime, words: dict) -> str:
    return human_date(moment.strftime("%Y-%m-%d"), words)


def markup(elements) -> Markup:
    """Serialise model elements (pandoc's HTML, transformed by a writer) for a template."""
    return Markup("".join(html.tostring(el, encoding="unicode") for el in elements))
