"""`pamflet build`: a book folder → the outputs of ``outputs.KINDS`` in the output folder.

The stages, each a module with one result: source (``source.read_book`` → Source), model
(``parse.parse_book`` and the index's anchors → Book), layout (``layout.lay_out`` → Layout,
whose PageMap the EPUB needs), writers (bytes). The cache (``cache.py``) keeps the page map,
the cover image and what each output's bytes were, under keys that hash every input: a build
with nothing changed reads no book and imports neither pandoc nor WeasyPrint; an EPUB made
after a print build reuses the print layout's page map; an output that would come out the
same is not written again.

The library's entry point: ``build(book_dir, out_dir, BuildOptions(...)) -> BuildResult``.
"""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from .atomic import write_all
from .cache import Cache, digest, file_sha256, inputs_key, sha256
from .errors import PamfletError, stage
from .options import BuildOptions
from .outputs import BY_NAME, KINDS


@dataclass
class Output:
    kind: str
    path: Path
    size: int
    state: str = "written"  # written, unchanged (made again, the same bytes), cached (not made)


@dataclass
class BuildResult:
    outputs: list[Output] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    stages: list[tuple[str, float]] = field(default_factory=list)  # (stage, seconds), in order
    cache: list[str] = field(default_factory=list)  # the cache's decisions, for --verbose
    seconds: float = 0.0  # the whole build, wall time (stages run in parallel overlap)

    def __iter__(self):
        return iter(self.outputs)

    def __len__(self):
        return len(self.outputs)


class Progress:
    """What the build tells as it goes; the CLI shows it (rich on a terminal)."""

    def stage(self, name: str, seconds: float) -> None: ...

    def decision(self, message: str) -> None: ...


def build(
    book_dir: str | Path = "book",
    out_dir: str | Path = "build",
    options: BuildOptions | None = None,
    *,
    warn=None,
    progress: Progress | None = None,
    then: tuple[str, ...] = (),
    **option_fields,
) -> BuildResult:
    """Build ``book_dir`` into ``out_dir``. ``options`` (or its fields as keywords: ``only=``,
    ``sheet=``, …) say what to make. Outputs are made in memory first and written at the
    end, so that a failure leaves earlier files untouched; a failure raises PamfletError.
    ``then``: the outputs the caller asks for next, in this process (the watch makes the print
    PDF first): what only they need is left to that build."""
    options = options or BuildOptions(**option_fields)
    _refuse_linked_output(Path(book_dir), Path(out_dir))
    started = time.perf_counter()
    result = _Build(Path(book_dir), Path(out_dir), options, warn or print, progress or Progress(), then).run()
    result.seconds = time.perf_counter() - started
    return result


def _refuse_linked_output(book_dir: Path, out_dir: Path) -> None:
    """An output folder inside the book folder reached through a link the book holds (``build``
    → /elsewhere) would let the book choose where pamflet writes."""
    import os

    def within(path: str, folder: str) -> bool:
        real = os.path.realpath(path)
        return real == folder or real.startswith(folder + os.sep)

    book = os.path.realpath(book_dir)
    if within(out_dir, os.path.join(book, "raw")):
        raise PamfletError(out_dir, "the output folder is inside the book's raw/, which the archival PDF attaches: give another folder")
    here = os.path.abspath(out_dir)
    while True:  # each folder on the way to the output: a link that lies inside the book is the book's
        parent = os.path.dirname(here)
        if os.path.islink(here) and within(parent, book):
            raise PamfletError(out_dir, "the output folder is reached through a link inside the book folder: give a real folder")
        if parent == here:
            return
        here = parent


class _Build:
    def __init__(self, book_dir: Path, out_dir: Path, options: BuildOptions, warn, progress: Progress, then: tuple[str, ...] = ()):
        self.book_dir, self.out_dir, self.options, self.progress, self.then = book_dir, out_dir, options, progress, then
        self.result = BuildResult()
        self._warn = warn
        self.cache = Cache.for_build(book_dir, out_dir)
        self.cache.decisions = self.result.cache
        self.book = None
        self._warming: threading.Thread | None = None  # the layout's imports, made while pandoc runs

    def warn(self, message: str) -> None:
        self.result.warnings.append(message)
        self._warn(message)

    def decide(self, message: str) -> None:
        self.cache.note(message)
        self.progress.decision(message)

    @contextlib.contextmanager
    def stage(self, name: str):
        started = time.perf_counter()
        with stage(name):
            yield
        seconds = time.perf_counter() - started
        self.result.stages.append((name, seconds))
        self.progress.stage(name, seconds)

    # --- the build ---

    def run(self) -> BuildResult:
        options = self.options
        with self.stage("hashing the inputs"):
            parse_options = {"allow_raw_html": options.allow_raw_html, "lenient": options.lenient}
            self.key = inputs_key(self.book_dir, self.out_dir, parse_options)
            record = self.cache.entry("build", self.key)
        keys = {kind: self._output_key(kind) for kind in options.only}
        todo = [kind for kind in options.only if not self._current(record, kind, keys[kind])]
        if not todo:
            for message in record["warnings"]:
                self.warn(message)
            self.decide("nothing changed: every output is as the last build made it")
            return self.result
        self._read()
        self.later = []  # the writers' warnings: told once every output is made (a failed build tells only its error)
        made = self._make(todo, keys, record)
        for message in self.later:
            self.warn(message)
        self._write(made, keys)
        return self.result

    def _output_key(self, kind: str) -> str:
        variant = {"booklet": self.options.sheet, "press": self.options.bleed}.get(kind)
        return digest(self.key, kind, variant)

    def _current(self, record: dict | None, kind: str, key: str) -> bool:
        """Whether the output in the folder is the one these inputs make (the last build's
        record says which bytes they made, and the file still has them)."""
        if record is None:
            self.decide(f"{kind}: no record of a build from these inputs")
            return False
        entry = (record.get("outputs") or {}).get(kind)
        if not isinstance(entry, dict) or entry.get("key") != key or not isinstance(record.get("warnings"), list):
            self.decide(f"{kind}: not made by the last build from these inputs")
            return False
        try:
            path = self._target(record.get("slug"), kind)
        except PamfletError:
            return False  # a record that does not read as pamflet wrote it: a miss
        if file_sha256(path) != entry.get("sha256"):
            self.decide(f"{kind}: {path.name} is missing or was changed since")
            return False
        self.result.outputs.append(Output(kind, path, path.stat().st_size, "cached"))
        self.decide(f"{kind}: {path.name} is up to date")
        return True

    def _target(self, slug, kind: str) -> Path:
        """Outputs go straight into ``out_dir``: the slug is checked by the metadata schema, and
        this checks once more that nothing can name a file elsewhere."""
        folder = self.out_dir.absolute()
        if not isinstance(slug, str) or "/" in slug or slug in ("", ".", ".."):
            raise PamfletError(None, f"the output name {slug!r} would leave the output folder")
        path = folder / BY_NAME[kind].file_name(slug)
        if path.parent != folder:
            raise PamfletError(None, f"the output name {slug!r} would leave the output folder")
        return path

    def _read(self) -> None:
        """The model, from the cache when these inputs made one (no pandoc then), else read."""
        from .model_json import book_from_json

        folder = self.book_dir.resolve()
        self.model_key = digest(self.key, "model")
        entry = self.cache.entry("model", self.model_key)
        book = entry and isinstance(entry.get("warnings"), list) and book_from_json(entry.get("book"), folder)
        if book:
            self.decide("model: the parsed text and index from the cache")
            for warning in entry["warnings"]:
                self.warn(str(warning))
            self._target(book.slug, "pdf")
            self.book, self.model_made = book, None
            return
        self.decide("model: no parsed text of these inputs in the cache: reading it")
        from .index import mark_occurrences, read_index
        from .parse import parse_book
        from .source import near_misses, read_book

        warnings_before = len(self.result.warnings)
        with self.stage("reading the book folder"):
            source = read_book(self.book_dir)
            for warning in near_misses(source.folder):
                self.warn(warning)
        self._target(source.slug, "pdf")
        self._warming = _warm_layout(str(source.meta.get("lang") or ""), (source.folder / "index.yml").is_file())
        with self.stage("reading the text with pandoc"):
            book = parse_book(source, allow_raw_html=self.options.allow_raw_html)
        if "archival" in self.options.only:
            from .writers.archival import source_files

            source_files(book)  # refuses a link out of raw/ now, not after the layout
        with self.stage("reading the index"):
            book.index = read_index(book.folder)
            if book.index:
                for warning in mark_occurrences(book, book.index, self.options.lenient):
                    self.warn(warning)
        self.book, self.model_made = book, self.result.warnings[warnings_before:]

    def _make(self, todo: list[str], keys: dict, record: dict | None) -> dict[str, bytes]:
        """Every output of ``todo`` in memory. The print layout is made when a PDF needs it; an
        EPUB without one takes the page map from the cache when it is there, and a booklet the
        print PDF in the folder when that is current."""
        from .layout import lay_out

        if self._warming is not None:  # done before the layout, and before the archival writer's fork
            self._warming.join()
        book, made = self.book, {}
        current = {o.kind: o.path for o in self.result.outputs if o.state == "cached"}
        if "booklet" in todo and "pdf" not in todo and "pdf" in current:
            made["pdf"] = current["pdf"].read_bytes()
            self.decide("booklet: imposed from the current print PDF")
        needs_layout = {"pdf", "archival"} & set(todo) or ("booklet" in todo and "pdf" not in made)
        layout_key = digest(self.key, "print layout")
        page_map = layout = None
        if "epub" in todo and not needs_layout:
            page_map = self._cached_page_map(layout_key)
        if page_map is None and (needs_layout or "epub" in todo):
            remembered = (layout_key, str(self.book_dir.resolve()), str(self.out_dir.resolve()))
            layout = _LAST_LAYOUT.get(remembered)
            if layout is None:
                with self.stage("laying out the print edition"):
                    layout = lay_out(book)
                _LAST_LAYOUT.clear()
                _LAST_LAYOUT[remembered] = layout
            else:
                self.decide("print layout: the one this process made from these inputs")
            page_map = layout.page_map
            self._page_map = (layout_key, page_map)
        for warning in page_map.warnings if page_map else ():
            self.warn(warning)

        def cover() -> None:
            """For this EPUB, or one made after this print build (the page map keeps it). Drawn
            with the other writers, after the fork: the archival PDF is written meanwhile."""
            if layout is not None and page_map.cover is None:
                with self.stage("drawing the cover image"):
                    layout.cover()

        def print_pdf() -> bytes:
            with self._writing("pdf"):
                data = self._writer("pdf").write_pdf(book, layout)
            if "epub" not in todo and "epub" not in self.then:
                cover()
            return data

        def epub() -> bytes:
            cover()
            with self._writing("epub"):
                return self._writer("epub").write_epub(book, page_map, self.later.append)

        def archival() -> bytes:
            with self._writing("archival"):
                return self._writer("archival").write_archival(book, layout)

        jobs = {}
        if layout is not None and ("pdf" in todo or "booklet" in todo) and "pdf" not in made:
            jobs["pdf"] = print_pdf
        if "epub" in todo:
            jobs["epub"] = epub
        if "archival" in todo:
            jobs["archival"] = archival
        if {"pdf", "archival"} & jobs.keys() and "document" not in vars(layout):
            with self.stage("laying out the index and the back cover"):
                layout.document  # the whole document, before the archival writer's fork shares it
        made.update(_run_jobs(jobs, parallel=("archival",)))
        if "booklet" in todo:
            with self._writing("booklet"):
                made["booklet"] = self._writer("booklet").impose_booklet(
                    made["pdf"], self.options.sheet, book.meta["title"], book.meta.get("author") or "", keep_last=1)  # the back cover stays last
        if "press" in todo:
            press = self._writer("press")
            with self.stage("laying out the press edition"):
                press_layout = lay_out(book, press.press_css(book, self.options.bleed))
            with self._writing("press"):
                made["press"] = press.write_press(book, press_layout)
        return {kind: data for kind, data in made.items() if kind in todo}

    def _writing(self, kind: str):
        return self.stage(f"writing the {BY_NAME[kind].title}")

    @staticmethod
    def _writer(name: str):
        import importlib

        return importlib.import_module(f".writers.{BY_NAME[name].writer}", __package__)

    def _cached_page_map(self, layout_key: str):
        from .layout import PageMap

        entry = self.cache.entry("layout", layout_key)
        page_map = entry and PageMap.from_json(entry, self.cache.blob(entry.get("cover_sha256")))
        if page_map is None or page_map.cover is None:
            self.decide("epub: no page map of this print layout in the cache: laying it out")
            return None
        self.decide("epub: the print layout's page map and cover from the cache")
        return page_map

    def _write(self, made: dict[str, bytes], keys: dict) -> None:
        book, cache = self.book, self.cache
        outputs = {o.kind: o for o in self.result.outputs}
        changed = []
        for kind in [k.name for k in KINDS if k.name in made]:
            data, path = made[kind], self._target(book.slug, kind)
            same = file_sha256(path) == sha256(data)
            if not same:
                changed.append((path, data))
            outputs[kind] = Output(kind, path, len(data), "unchanged" if same else "written")
            self.decide(f"{kind}: {path.name} {'made again, the same bytes: not rewritten' if same else 'written'}")
        try:
            write_all(changed)  # all or none: a failure leaves every earlier output as it was
        except OSError as exc:
            raise PamfletError(self.out_dir, f"cannot write the outputs: {exc.strerror or exc}") from None
        self.result.outputs = [outputs[k.name] for k in KINDS if k.name in outputs]
        # The cache, last: a failed build leaves none behind.
        if self.model_made is not None:
            from .model_json import book_to_json

            cache.put("model", self.model_key, {"book": book_to_json(book), "warnings": self.model_made})
        if getattr(self, "_page_map", None):
            layout_key, page_map = self._page_map
            cover = page_map.cover
            cache.put("layout", layout_key, {**page_map.to_json(), "cover_sha256": cover and sha256(cover.data)}, (cover.data,) if cover else ())
        earlier = self.cache.entry("build", self.key) or {}
        recorded = dict(earlier.get("outputs") or {}) if isinstance(earlier.get("outputs"), dict) else {}
        for output in self.result.outputs:
            if output.state != "cached":
                recorded[output.kind] = {"key": keys[output.kind], "sha256": file_sha256(output.path)}
        cache.put("build", self.key, {"slug": book.slug, "outputs": recorded, "warnings": self.result.warnings})
        cache.prune()


# The last print layout this process made, by its inputs' key and folders: a watch builds the print PDF
# first and then the other outputs from the same layout (a layout is a WeasyPrint document,
# not data the cache on disk can keep).
_LAST_LAYOUT: dict = {}

_FORKED_JOBS: dict = {}


def _warm_layout(lang: str, index: bool) -> threading.Thread:
    """Import the layout (WeasyPrint, about a second), load the language's hyphenation
    patterns and, for a book with an index, the collation table, in a thread while pandoc
    reads the text: pandoc is a subprocess, and the interpreter would wait for it doing
    nothing. A failure here is left to the stage that needs it, which does the same again
    and reports it."""

    def warm() -> None:
        with contextlib.suppress(Exception):
            import importlib

            from .hyphenation import _dictionary

            importlib.import_module(".layout.weasy", __package__)  # loaded once, for the layout
            _dictionary(lang)
            if index:
                from .index import _collator

                _collator()

    thread = threading.Thread(target=warm, name="pamflet-warm-layout", daemon=True)
    thread.start()
    return thread


def _run_forked(kind: str) -> bytes:
    return _FORKED_JOBS[kind]()


def _forked_signals() -> None:
    """The forked writer leaves Ctrl-C to its parent and ends quietly when the pool ends it
    (it would inherit a watch's handlers, which raise KeyboardInterrupt: a traceback)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _run_jobs(jobs: dict, parallel: tuple[str, ...]) -> dict[str, bytes]:
    """Run the jobs; on a machine with two cores, the ``parallel`` ones in a process forked
    after layout, which inherits the laid-out document instead of laying it out again."""
    import multiprocessing
    import os

    forked = [kind for kind in parallel if kind in jobs]
    if not forked or (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return {kind: job() for kind, job in jobs.items()}
    _FORKED_JOBS.clear()
    _FORKED_JOBS.update(jobs)
    with multiprocessing.get_context("fork").Pool(1, initializer=_forked_signals) as pool:
        pending = {kind: pool.apply_async(_run_forked, (kind,)) for kind in forked}
        made = {kind: job() for kind, job in jobs.items() if kind not in forked}
        made.update({kind: result.get() for kind, result in pending.items()})
    _FORKED_JOBS.clear()
    return made
