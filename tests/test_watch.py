"""`pamflet build --watch` as an editor meets it: a real process, real saves, bounded waits."""

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time

import pypdfium2
import pytest

from .conftest import EPOCH, GOOD

WAIT = 120  # seconds: the longest any one step may take on a loaded machine


class Watcher:
    """`pamflet build --watch` in a subprocess, its stderr read line by line."""

    def __init__(self, book, out, only="pdf"):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pamflet.cli", "build", str(book), "-o", str(out), "--only", only, "--watch"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
            env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH})
        self.lines: queue.Queue = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stderr:
            self.lines.put(line.rstrip("\n"))

    def until(self, start: str) -> list[str]:
        """The lines printed up to and including the first one that starts with ``start``."""
        got, deadline = [], time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                assert self.process.poll() is None, f"the watch ended: {self.seen}"
                continue
            got.append(line)
            self.seen.append(line)
            if line.startswith(start):
                return got
        pytest.fail(f"no line starting {start!r} within {WAIT} s: {self.seen}")

    def stop(self, how=signal.SIGINT) -> int:
        self.process.send_signal(how)
        try:
            return self.process.wait(timeout=30)
        finally:
            if self.process.poll() is None:
                self.process.kill()


def _text(pdf) -> str:
    document = pypdfium2.PdfDocument(pdf)
    return "".join(document[n].get_textpage().get_text_range() for n in range(len(document)))


def _save(path, text):
    """As an editor saves: a new file renamed over the old."""
    tmp = path.with_name(path.name + ".tmp~")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _book(tmp_path):
    """A small book's folder, its output folder and its text."""
    book = tmp_path / "book"
    book.mkdir()
    essay = book / "essay.md"
    essay.write_text(GOOD, encoding="utf-8")
    return book, tmp_path / "out", essay


@pytest.mark.slow
def test_watch_rebuilds_on_save_and_survives_a_broken_save(tmp_path):
    book, out, essay = _book(tmp_path)
    pdf = out / "a-small-book.pdf"
    watcher = Watcher(book, out)
    try:
        assert watcher.until("built in ")[-1].endswith("a-small-book.pdf")
        watcher.until("watching ")
        _save(essay, GOOD.replace("Some text", "Quinces and medlars"))
        got = watcher.until("rebuilt in ")
        assert "changed: essay.md" in got  # the editor's temporary file is not named
        assert "Quinces and medlars" in _text(pdf)
        good = pdf.read_bytes()

        _save(essay, GOOD.replace("title: A small book", "title: [a broken save"))
        got = watcher.until("not rebuilt")
        errors = [line for line in got if line.startswith("error: ")]
        assert len(errors) == 1 and re.fullmatch(rf"error: {re.escape(str(essay))}:\d+: invalid YAML: .+", errors[0]), got
        assert "Traceback" not in "\n".join(got)
        assert pdf.read_bytes() == good  # the last good output kept

        _save(essay, GOOD.replace("Some text", "Fixed at last"))
        watcher.until("rebuilt in ")
        assert "Fixed at last" in _text(pdf)
    finally:
        code = watcher.stop()
    assert code == 0
    assert watcher.until("watch stopped")


@pytest.mark.slow
def test_watch_makes_the_print_pdf_first_then_the_others_from_its_layout(tmp_path):
    """The archival PDF is written in a forked process: it ends quietly with each build."""
    book, out, essay = _book(tmp_path)
    watcher = Watcher(book, out, only="pdf,archival")
    try:
        first = watcher.until("built in ")
        assert [line for line in first if line.startswith("built the print PDF in ")][0].endswith(": a-small-book.pdf"), first
        assert first[-1].endswith("a-small-book.pdf, a-small-book-archival.pdf"), first
        watcher.until("watching ")
        _save(essay, GOOD.replace("Some text", "Quinces and medlars"))
        got = watcher.until("rebuilt in ")
        print_pdf = [line for line in got if line.startswith("rebuilt the print PDF in ")]
        assert print_pdf and got.index(print_pdf[0]) < len(got) - 1, got
        seconds = [float(re.search(r" in ([\d.]+) s:", line).group(1)) for line in (print_pdf[0], got[-1])]
        assert seconds[0] <= seconds[1], got  # both timed from the save
        assert "Quinces and medlars" in _text(out / "a-small-book.pdf")
        assert "Quinces and medlars" in _text(out / "a-small-book-archival.pdf")
    finally:
        code = watcher.stop()
    assert code == 0
    watcher.until("watch stopped")
    assert "Traceback" not in "\n".join(watcher.seen), watcher.seen


@pytest.mark.slow
def test_saving_the_editors_notes_rebuilds_nothing(tmp_path):
    book, out, _ = _book(tmp_path)
    (book / "EDITS.md").write_text("# Edits\n", encoding="utf-8")
    watcher = Watcher(book, out, only="pdf,epub")
    try:
        watcher.until("watching ")
        pdf = (out / "a-small-book.pdf").stat().st_mtime_ns
        _save(book / "EDITS.md", "# Edits\n\n- a comma moved\n")
        got = watcher.until("nothing to rebuild")
        assert "changed: EDITS.md" in got and not any(line.startswith(("rebuilt", "warning")) for line in got), got
        assert (out / "a-small-book.pdf").stat().st_mtime_ns == pdf
    finally:
        assert watcher.stop() == 0


@pytest.mark.slow
def test_sigterm_ends_the_watch_as_ctrl_c_does(tmp_path):
    book, out, _ = _book(tmp_path)
    watcher = Watcher(book, out)
    try:
        watcher.until("watching ")
    finally:
        code = watcher.stop(signal.SIGTERM)
    assert code == 0 and watcher.until("watch stopped")
