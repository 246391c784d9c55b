"""Books built on a Dask distributed cluster (`pamflet build BOOK… --scheduler tcp://HOST:PORT`).

No shared disk: each book folder goes to a worker as a packed file (tar, gzip) in the task's
bytes, is unpacked there into a temporary folder of the worker's own, built by the same
`pamflet build` as on one machine (``batch.build_one``), and its outputs come back packed the
same way. A book folder is untrusted on the worker too, and so is a packet on either side:
unpacking refuses absolute names, ``..``, links, devices and packets larger than
``LIMITS.packed_bytes`` unpacked, before anything is written.
"""

from __future__ import annotations

import io
import os
import shutil
import tarfile
import tempfile
import uuid
from pathlib import Path, PurePosixPath

from .batch import BookResult, build_one
from .errors import PamfletError
from .safety import LIMITS, contained


def pack(folder: Path) -> bytes:
    """The folder as a gzip'd tar of regular files and folders. A link inside that points
    inside the folder travels as the file it points to; one pointing out is refused, as the
    build would refuse it."""
    folder = Path(folder)
    buffer = io.BytesIO()
    total = count = 0
    with tarfile.open(fileobj=buffer, mode="w:gz", format=tarfile.PAX_FORMAT) as tar:
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder).as_posix()
            real = contained(path, [folder], "file")  # a link out is an error here already
            if real.is_dir():
                if path.is_symlink():
                    raise PamfletError(path, "is a link to a folder; a book sent to a cluster holds files and folders only")
                tar.addfile(_info(relative, real, tarfile.DIRTYPE))
            elif real.is_file():
                info = _info(relative, real, tarfile.REGTYPE)
                total, count = total + info.size, count + 1
                if total > LIMITS.packed_bytes or count > LIMITS.packed_files:
                    raise PamfletError(folder, f"is too large to send to a cluster (more than {LIMITS.packed_bytes // 2**20} MB or {LIMITS.packed_files} files)")
                with real.open("rb") as handle:
                    tar.addfile(info, handle)
    return buffer.getvalue()


def _info(name: str, real: Path, kind: bytes) -> tarfile.TarInfo:
    stat = real.stat()
    info = tarfile.TarInfo(name)
    info.type, info.mtime = kind, int(stat.st_mtime)  # the mtime: a build without SOURCE_DATE_EPOCH dates itself by it
    info.mode = 0o755 if kind == tarfile.DIRTYPE else 0o644
    info.size = stat.st_size if kind == tarfile.REGTYPE else 0
    return info


def unpack(data: bytes, folder: Path, folders: bool = True) -> list[Path]:
    """Unpack a packet into the new folder ``folder``, refusing (before writing anything) any
    member that is not a plain file (or folder, if ``folders``) with a relative name inside it,
    and packets too large; returns the files written."""
    members = _checked_members(data, folders)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as tar:
        for member in tar:
            target = folder.joinpath(*PurePosixPath(member.name).parts)
            if member.isdir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            source = tar.extractfile(member)
            with open(target, "xb") as handle:  # never through an existing file or link
                handle.write(source.read(member.size))
            os.utime(target, (member.mtime, member.mtime))
            written.append(target)
    assert len(written) == members
    return written


def _checked_members(data: bytes, folders: bool) -> int:
    total = count = files = 0
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as tar:
            for member in tar:
                name = PurePosixPath(member.name)
                count += 1
                if name.is_absolute() or ".." in name.parts or not name.parts or "\\" in member.name:
                    raise PamfletError(member.name, "refused in a packet: names must be relative and stay inside its folder")
                if member.isdir() and folders:
                    continue
                if not member.isfile():
                    raise PamfletError(member.name, "refused in a packet: only plain files" + (" and folders" if folders else "") + " (no links or devices)")
                if not folders and len(name.parts) > 1:
                    raise PamfletError(member.name, "refused in a packet: outputs are files without folders")
                total, files = total + member.size, files + 1
                if total > LIMITS.packed_bytes or count > LIMITS.packed_files:
                    raise PamfletError(member.name, f"refused: the packet unpacks to more than {LIMITS.packed_bytes // 2**20} MB or {LIMITS.packed_files} files")
    except tarfile.TarError as exc:
        raise PamfletError(None, f"a packet that is not a tar file: {exc}") from None
    return files


def build_packed(name: str, packed: bytes, args: list[str], env: dict) -> tuple[dict, bytes]:
    """The task a worker runs: unpack the book into a folder of its own, build it with
    `pamflet build`, pack the outputs. Returns the result (as a dict) and the packed outputs."""
    work = Path(tempfile.mkdtemp(prefix="pamflet-book-"))
    try:
        book, out = work / "book" / name, work / "out"
        try:
            unpack(packed, book)
        except PamfletError as exc:
            return BookResult(name, name, False, message=str(exc), where=_worker_name()).to_dict(), b""
        result = build_one(name, book, out, args, env)
        result.where = _worker_name()
        result.message = result.message.replace(str(book), BOOK)  # the client names its own folder
        if result.ok:
            from .cache import FOLDER

            shutil.rmtree(out / FOLDER, ignore_errors=True)  # the worker's build cache stays with the worker's throwaway folder
        return result.to_dict(), pack(out) if result.ok else b""
    finally:
        shutil.rmtree(work, ignore_errors=True)


BOOK = "\0book\0"  # stands for the book folder in a message from a worker


def _worker_name() -> str:
    """The Dask worker's name (its address when it has none), for the summary."""
    try:
        from distributed import get_worker

        worker = get_worker()
        return str(worker.name if worker.name is not None else worker.address)
    except (ImportError, ValueError):
        import socket

        return socket.gethostname()


def build_on_cluster(named: list[tuple[str, Path]], out_dir: Path, args: list[str], scheduler: str, done=None) -> dict[str, BookResult]:
    """Send every book to the cluster at ``scheduler``; each book's outputs are unpacked into
    ``out_dir/<name>`` (a new one replaces the old only once all of it is unpacked)."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise PamfletError("--scheduler", "needs Dask: pip install 'pamflet[cluster]' (make installs it)") from None
    env = {key: os.environ[key] for key in ("SOURCE_DATE_EPOCH",) if key in os.environ}
    results: dict[str, BookResult] = {}
    try:
        client = Client(scheduler, timeout="10s")
    except (OSError, TimeoutError) as exc:
        raise PamfletError("--scheduler", f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    with client:
        futures = {}
        for name, book in named:
            try:
                packed = pack(book)
            except PamfletError as exc:
                results[name] = _finish(BookResult(name, str(book), False, message=str(exc)), done)
                continue
            future = client.submit(build_packed, name, packed, args, env, key=f"pamflet-build-{name}-{uuid.uuid4().hex[:8]}", pure=False, retries=0)
            futures[future] = (name, book)
        for future in as_completed(futures):
            name, book = futures[future]
            try:
                data, outputs = future.result()
                result = BookResult.from_dict(data)
                result.book = str(book)
                result.message = result.message.replace(BOOK, str(book))
                if result.ok:
                    _receive(outputs, out_dir / name)
            except PamfletError as exc:
                result = BookResult(name, str(book), False, message=f"the outputs sent back were refused: {exc}")
            except Exception as exc:  # noqa: BLE001 — a worker lost or killed: this book failed, not the batch
                result = BookResult(name, str(book), False, message=f"the cluster could not build it: {type(exc).__name__}: {' '.join(str(exc).split())[:200]}")
            results[name] = _finish(result, done)
    return results


def _receive(outputs: bytes, folder: Path) -> None:
    """The outputs unpacked beside ``folder``, then moved in one by one (earlier outputs of
    other kinds stay, as on one machine)."""
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".incoming-", dir=folder))
    try:
        for path in unpack(outputs, staging, folders=False):
            os.replace(path, folder / path.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _finish(result: BookResult, done) -> BookResult:
    if done:
        done(result)
    return result
