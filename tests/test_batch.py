"""Batches: many books in parallel processes, or on a Dask cluster the test starts on 127.0.0.1;
and the packets books travel in, which refuse what could escape their folder."""

import gzip
import io
import json
import os
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest

from pamflet import cluster
from pamflet.batch import SOME_FAILED, find_books, names
from pamflet.errors import PamfletError
from pamflet.safety import Limits

from .conftest import EPOCH, GOOD

PAMFLET = [sys.executable, "-m", "pamflet.cli"]
BIN = Path(sys.executable).parent


def run(*args, env=None, timeout=600):
    return subprocess.run([*PAMFLET, *map(str, args)], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH, **(env or {})})


def _books(root: Path) -> dict[str, Path]:
    """Three small books, the second with a broken metadata block."""
    books = {}
    for name, text in [("alpha", GOOD), ("broken", GOOD.replace("title: A small book", "title: [broken")),
                       ("gamma", GOOD.replace("A small book", "Another small book"))]:
        folder = root / name
        folder.mkdir(parents=True)
        (folder / "essay.md").write_text(text, encoding="utf-8")
        books[name] = folder
    return books


def _check_batch(result, out: Path, books: dict[str, Path]):
    assert result.returncode == SOME_FAILED == 1, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["alpha", "gamma"]  # nothing for the broken book
    assert [p.name for p in (out / "alpha").iterdir() if p.name != ".pamflet-cache"] == ["a-small-book.pdf"]  # and the build cache
    assert [p.name for p in (out / "gamma").iterdir() if p.name != ".pamflet-cache"] == ["another-small-book.pdf"]
    table = result.stderr[result.stderr.index("2 of 3 books built"):]
    rows = {line.split("│")[1].strip(): line for line in table.splitlines() if line.startswith("│")}
    assert sorted(rows) == ["alpha", "broken", "gamma"]
    assert "built" in rows["alpha"] and "a-small-book.pdf" in rows["alpha"]
    assert "failed" in rows["broken"] and f"{books['broken'] / 'essay.md'}:3: invalid YAML" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_batch_of_three_with_one_broken(tmp_path):
    books = _books(tmp_path / "books")
    out = tmp_path / "out"
    result = run("build", *books.values(), "-o", out, "--only", "pdf", "-j", "3")
    _check_batch(result, out, books)
    again = run("build", tmp_path / "books", "-o", tmp_path / "again", "--only", "pdf")  # a folder of books
    _check_batch(again, tmp_path / "again", books)
    assert (out / "alpha" / "a-small-book.pdf").read_bytes() == (tmp_path / "again" / "alpha" / "a-small-book.pdf").read_bytes()


def test_find_books_and_names(tmp_path):
    books = _books(tmp_path / "shelf")
    (tmp_path / "shelf" / "notes").mkdir()  # a folder that is no book is not one
    assert find_books([tmp_path / "shelf"]) == [books["alpha"], books["broken"], books["gamma"]]
    twin = _books(tmp_path / "other")["alpha"]
    assert names([books["alpha"], twin]) == ["alpha", "alpha-2"]
    with pytest.raises(PamfletError, match="neither a book folder nor a folder of book folders"):
        find_books([tmp_path / "shelf" / "notes"])


# --- packets ---


def _tar(*members) -> bytes:
    """A tar.gz of (TarInfo, data) pairs."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for info, data in members:
            info.size = len(data) if data is not None else 0
            tar.addfile(info, io.BytesIO(data) if data is not None else None)
    return buffer.getvalue()


def _member(name, kind=tarfile.REGTYPE, data=b"x", link=""):
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, link
    return info, (data if kind == tarfile.REGTYPE else None)


def test_pack_and_unpack_round_trip(tmp_path):
    book = _books(tmp_path / "books")["alpha"]
    (book / "raw").mkdir()
    (book / "raw" / "essay.txt").write_bytes(b"raw text\n")
    os.utime(book / "essay.md", (1_600_000_000, 1_600_000_000))
    (book / "same.md").symlink_to("essay.md")  # a link inside the book travels as its file
    folder = tmp_path / "unpacked"
    cluster.unpack(cluster.pack(book), folder)
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) == ["essay.md", "raw", "raw/essay.txt", "same.md"]
    assert (folder / "essay.md").read_bytes() == (book / "essay.md").read_bytes() == (folder / "same.md").read_bytes()
    assert not (folder / "same.md").is_symlink()
    assert (folder / "essay.md").stat().st_mtime == 1_600_000_000  # the build dates itself by it


def test_pack_refuses_a_link_out_of_the_book(tmp_path):
    book = _books(tmp_path / "books")["alpha"]
    (tmp_path / "secret.txt").write_text("secret")
    (book / "raw").mkdir()
    (book / "raw" / "x.txt").symlink_to(tmp_path / "secret.txt")
    with pytest.raises(PamfletError, match="outside the book folder"):
        cluster.pack(book)


@pytest.mark.parametrize("member, message", [
    (_member("/etc/evil"), "must be relative"),
    (_member("../evil"), "must be relative"),
    (_member("raw/../../evil"), "must be relative"),
    (_member("link", tarfile.SYMTYPE, link="/etc/passwd"), "no links"),
    (_member("hard", tarfile.LNKTYPE, link="essay.md"), "no links"),
    (_member("dev", tarfile.CHRTYPE), "no links or devices"),
    (_member("fifo", tarfile.FIFOTYPE), "no links or devices"),
])
def test_unpack_refuses_what_could_escape(tmp_path, member, message):
    data = _tar(_member("essay.md"), member)
    with pytest.raises(PamfletError, match=message):
        cluster.unpack(data, tmp_path / "book")
    assert not (tmp_path / "book").exists()  # refused before anything is written
    assert not (tmp_path.parent / "evil").exists()


def test_unpack_refuses_a_size_bomb(tmp_path, monkeypatch):
    monkeypatch.setattr(cluster, "LIMITS", Limits(packed_bytes=1024 * 1024, packed_files=50))
    bomb = _tar(_member("essay.md"), _member("raw/zeros.txt", data=bytes(8 * 1024 * 1024)))
    assert len(bomb) < 64 * 1024  # small to send, large unpacked
    with pytest.raises(PamfletError, match="more than 1 MB"):
        cluster.unpack(bomb, tmp_path / "book")
    many = _tar(*[_member(f"f{n}.md") for n in range(60)])
    with pytest.raises(PamfletError, match="50 files"):
        cluster.unpack(many, tmp_path / "book")
    assert not (tmp_path / "book").exists()
    with pytest.raises(PamfletError, match="not a tar file"):
        cluster.unpack(gzip.compress(b"not a tar" * 100), tmp_path / "book")


def test_outputs_sent_back_are_flat_files(tmp_path):
    with pytest.raises(PamfletError, match="without folders"):
        cluster.unpack(_tar(_member("sub/book.pdf")), tmp_path / "out", folders=False)


# --- a Dask cluster on 127.0.0.1 ---


@pytest.fixture
def dask_cluster(tmp_path):
    """`dask scheduler` and two `dask worker`s, each worker in a folder of its own (no shared
    disk: the test's folders are not where they run)."""
    pytest.importorskip("distributed")
    base = tmp_path / "cluster"
    base.mkdir()
    scheduler_file = base / "scheduler.json"
    logs, processes = [], []

    def start(args, cwd):
        log = open(cwd / "log.txt", "w")
        logs.append(log)
        processes.append(subprocess.Popen([str(BIN / "dask"), *args], cwd=cwd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL))

    start(["scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file", str(scheduler_file)], base)
    deadline = time.time() + 60
    while not scheduler_file.exists() and time.time() < deadline:
        time.sleep(0.2)
    address = json.loads(scheduler_file.read_text())["address"]
    for n in (1, 2):
        folder = base / f"worker{n}"
        folder.mkdir()
        start(["worker", address, "--name", f"worker{n}", "--nworkers", "1", "--nthreads", "1", "--no-dashboard",
               "--local-directory", str(folder), "--host", "127.0.0.1"], folder)
    from distributed import Client

    with Client(address, timeout="30s") as client:
        client.wait_for_workers(2, timeout=60)
    try:
        yield address
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in logs:
            log.close()


@pytest.mark.slow
def test_batch_on_a_dask_cluster(tmp_path, dask_cluster):
    books = _books(tmp_path / "books")
    out = tmp_path / "out"
    result = run("build", *books.values(), "-o", out, "--only", "pdf", "--scheduler", dask_cluster)
    _check_batch(result, out, books)
    assert "built on" in result.stderr and "worker" in result.stderr
    local = run("build", books["alpha"], "-o", tmp_path / "local", "--only", "pdf")
    assert local.returncode == 0, local.stderr
    assert (out / "alpha" / "a-small-book.pdf").read_bytes() == (tmp_path / "local" / "a-small-book.pdf").read_bytes()


def test_unreachable_scheduler_is_one_line(tmp_path):
    pytest.importorskip("distributed")
    books = _books(tmp_path / "books")
    result = run("build", books["alpha"], "-o", tmp_path / "out", "--scheduler", "tcp://127.0.0.1:9", timeout=120)
    assert result.returncode == 2, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: --scheduler: cannot reach the Dask scheduler at tcp://127.0.0.1:9: {errors[0].split(': ', 3)[3]}"]
    assert "Traceback" not in result.stderr and not (tmp_path / "out" / "alpha").exists()
