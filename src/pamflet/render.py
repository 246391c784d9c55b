"""Model → HTML through Jinja templates: a book folder's own templates/ override the stock ones."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import re
import signal
import threading
import types
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
        for folder in self.searchpath:  # checked before the file is read: a link out may name a huge file
            candidate = os.path.join(folder, *jinja2.loaders.split_template_path(template))
            if os.path.lexists(candidate):
                contained(candidate, [self.root], "template")
                break
        source, filename, uptodate = super().get_source(environment, template)
        contained(filename, [self.root], "template")
        return source, filename, uptodate


# What a template may call a method of: plain data and Jinja's own helpers. Not a Path (the
# model's book.folder, book.sources…: read_text, write_text, unlink), nor anything else pamflet
# hands the templates: those are read, never called.
_PLAIN = (str, bytes, int, float, bool, list, tuple, dict, dt.date, dt.time, dt.timedelta, Markup,
          jinja2.runtime.LoopContext, jinja2.utils.Cycler, jinja2.utils.Joiner, jinja2.utils.Namespace)
_MAX_POWER = 1000  # 2 ** 1000 is far more than any template needs; 2 ** 99999999 never ends
_MAX_REPEAT = 100_000  # "a" * 3000000000 would exhaust memory


class _BookSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, stricter: a template may call only Jinja's macros and
    helpers, the filters, tests and globals pamflet gives it, functions pamflet puts in its
    context, and methods of plain data; powers and repetitions are bounded."""

    intercepted_binops = frozenset(["**", "*"])

    def is_safe_callable(self, obj) -> bool:
        if not super().is_safe_callable(obj):
            return False
        if isinstance(obj, (jinja2.runtime.Macro, jinja2.runtime.BlockReference)) or obj in (range, dict):
            return True
        owner = getattr(obj, "__self__", None)
        if owner is not None and not isinstance(owner, type(os)):  # a bound method
            return isinstance(owner, _PLAIN)
        if any(obj is f for table in (self.filters, self.tests, self.globals) for f in table.values()):
            return True
        return isinstance(obj, types.FunctionType) and (getattr(obj, "__module__", None) or "").startswith("pamflet.")

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 — Jinja's own signature
        _bounded(getattr(__obj, "__name__", "call"), args, kwargs, getattr(__obj, "__self__", None))
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context, operator, left, right):
        if operator == "**" and isinstance(right, (int, float)) and isinstance(left, (int, float)) and (abs(right) > _MAX_POWER or abs(left) > 2 ** 64):
            raise SecurityError(f"the power {operator} {right} is too large for a template")
        if operator == "*" and (isinstance(left, (str, list, tuple)) or isinstance(right, (str, list, tuple))):
            count = right if isinstance(right, int) else left if isinstance(left, int) else 0
            if isinstance(count, int) and count > _MAX_REPEAT:
                raise SecurityError(f"repeating a text {count} times is too much for a template")
        return super().call_binop(context, operator, left, right)


_MAX_ARGUMENT = 1_000_000  # "a".ljust(3000000000), (1).to_bytes(3000000000), |center(10 ** 9): memory, not layout
_WIDE_FORMAT = re.compile(r"\d{7,}")  # "%10000000s"|format("a"), "{:>10000000}".format(1)


def _bounded(name: str, args, kwargs, owner=None) -> None:
    values = list(args) + list(kwargs.values())
    if any(isinstance(v, int) and not isinstance(v, bool) and abs(v) > _MAX_ARGUMENT for v in values):
        raise SecurityError(f"{name}() with a number above {_MAX_ARGUMENT} is not for a template")
    if "format" in name and any(isinstance(v, str) and _WIDE_FORMAT.search(v) for v in [owner, *values]):
        raise SecurityError("a format wider than a million characters is not for a template")


def _bounded_filter(function):
    """A filter whose arguments are checked as a call's are (Jinja calls filters directly)."""
    def checked(*args, **kwargs):
        _bounded(function.__name__, args, kwargs)
        return function(*args, **kwargs)

    return functools.update_wrapper(checked, function)


def environment(book: Book) -> jinja2.Environment:
    """A book's templates are untrusted: a strict sandbox (``_BookSandbox``: no attribute walks
    to Python's internals, no mutation of what the templates are given, no method of anything
    but plain data), autoescaped."""
    loader = jinja2.ChoiceLoader([_ContainedLoader(book.folder / "templates", book.folder), _ContainedLoader(TEMPLATES, TEMPLATES)])
    env = _BookSandbox(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.globals.pop("lipsum", None)  # lipsum(100000000) fills memory; no book needs filler text
    for name in ("center", "indent", "wordwrap", "truncate", "format", "batch", "slice", "random"):
        if name in env.filters:
            env.filters[name] = _bounded_filter(env.filters[name])
    env.filters["human_date"] = human_date
    env.filters["human_day"] = human_day
    env.filters["running_head"] = running_head
    env.globals["running_head_css"] = running_head_css
    env.tests["listed"] = listed  # an index entry that stands in the index (pamflet.index.listed)
    return env


TEMPLATE_SECONDS = 60  # the stock templates render in milliseconds; loops inside loops over range() never end


class _TooLong(Exception):
    pass


@contextlib.contextmanager
def _time_limit(seconds: int):
    """Stop a template that runs too long (Jinja's sandbox bounds each range(), not loops in
    loops). A timer signal, so only in the main thread; elsewhere no limit."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise _TooLong()

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def render(env: jinja2.Environment, name: str, **context) -> str:
    """Render a template; a broken user template is an error that names its file and line."""
    try:
        with _time_limit(TEMPLATE_SECONDS):
            return env.get_template(name).render(**context)
    except _TooLong:
        raise PamfletError(_template_file(env, name), f"template error: it ran for more than {TEMPLATE_SECONDS} s (a loop without end?)") from None
    except UnicodeDecodeError:
        raise PamfletError(_undecodable(env) or name, "template error: the template is not UTF-8 text") from None
    except jinja2.TemplateSyntaxError as exc:
        raise PamfletError(exc.filename or name, f"template error: {exc.message}", exc.lineno) from None
    except SecurityError as exc:
        path, line = _where(exc, env, name)
        raise PamfletError(path, f"template refused by the sandbox: {exc}", line) from None
    except jinja2.TemplateError as exc:
        path, line = _where(exc, env, name)
        raise PamfletError(path, f"template error: {exc}", line) from None
    except RecursionError as exc:  # a macro or an include that calls itself
        path, line = _where(exc, env, name)
        raise PamfletError(path, "template error: it calls itself without end (a macro or an include)", line) from None
    except MemoryError as exc:
        path, line = _where(exc, env, name)
        raise PamfletError(path, "template error: it makes more text than memory holds", line) from None


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


def _undecodable(env: jinja2.Environment) -> str | None:
    """The book's template that is not UTF-8 (Jinja's error does not name it)."""
    folder = Path(env.loader.loaders[0].searchpath[0])
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        if path.is_file() and not path.is_symlink():
            try:
                path.read_bytes().decode("utf-8")
            except UnicodeDecodeError:
                return str(path)
    return None


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
