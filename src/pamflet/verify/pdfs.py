"""What the PDF checks share: the Result record, pikepdf and the external tools (qpdf's check,
veraPDF), metadata, fonts and page geometry.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

from ..outputs import MM, SHEETS_MM, TRIM_MM


A5 = (TRIM_MM[0] * MM, TRIM_MM[1] * MM)  # 419.53 × 595.28 pt, portrait


SHEETS = {name: (w * MM, h * MM) for name, (w, h) in SHEETS_MM.items()}  # landscape, in points


SIZE_TOLERANCE = 0.5  # pt


VERAPDF_TIMEOUT = 600


@dataclass
class Result:
    """One check on one output: passed (True), failed (False) or skipped (None, reason in detail)."""

    name: str  # "<output>: <check>", as `pamflet check` prints it
    ok: bool | None
    detail: str

    @property
    def id(self) -> str:
        """The check's id, stable across runs: ``print.pages``, ``archival.verapdf``, ``press.marks-outside-the-bleed``."""
        output, _, check = self.name.rpartition(": ")
        return ".".join(re.sub(r"[^a-z0-9]+", "-", part.lower()).strip("-") for part in (output, check) if part)


def _open(path: Path, kind: str, results: list[Result]) -> pikepdf.Pdf | None:
    """The PDF opened with pikepdf; on failure a failed "<kind>: readable" result, and None."""
    try:
        return pikepdf.open(path)
    except pikepdf.PasswordError:
        results.append(Result(f"{kind}: readable", False, f"{path.name} is encrypted with a password"))
    except Exception as e:  # noqa: BLE001 - a damaged file is a failed check, not a crash
        results.append(Result(f"{kind}: readable", False, f"pikepdf cannot open {path.name}: {_one_line(str(e))}"))
    return None


def checked(path: Path, kind: str, checks) -> list[Result]:
    """``checks(pdf)`` on the PDF opened with pikepdf (or why it cannot be opened), then qpdf's check."""
    results: list[Result] = []
    pdf = _open(path, kind, results)
    if pdf is not None:
        with pdf:
            results += checks(pdf)
    results.append(qpdf_check(path, kind))
    return results


def qpdf_check(path: Path, kind: str) -> Result:
    """What ``qpdf --check`` checks (pikepdf is qpdf): syntax, cross-reference table, streams.
    A warning fails too: pamflet wrote the file itself, so a repaired one is a broken one."""
    name = f"{kind}: qpdf check"
    try:
        with pikepdf.open(path) as pdf:
            problems = pdf.check_pdf_syntax() + [str(w) for w in pdf.get_warnings()]
    except Exception as e:  # noqa: BLE001 - a file qpdf cannot even repair fails the check
        problems = [_one_line(str(e))]
    if not problems:
        return Result(name, True, f"{path.name}: no syntax or stream errors")
    return Result(name, False, f"{path.name}: " + _listing(problems))


def run_verapdf(path: Path, flavour: str | None = None) -> Result:
    """veraPDF on the archival PDF, if ``verapdf`` is on PATH; ``flavour`` like "3a"
    (from the file's own claim), else veraPDF's default."""
    name = "archival: veraPDF"
    verapdf = shutil.which("verapdf")
    if not verapdf:
        return Result(name, None, "veraPDF not installed: skipped")
    cmd = [verapdf, "--format", "text", "--verbose"]  # verbose: the failed rules under the verdict
    if flavour:
        cmd += ["--flavour", flavour]
    try:
        done = subprocess.run([*cmd, str(path)], check=False, capture_output=True, text=True,
                              timeout=VERAPDF_TIMEOUT)
    except subprocess.TimeoutExpired:
        return Result(name, False, f"veraPDF did not finish within {VERAPDF_TIMEOUT} s")
    return _verapdf_verdict(path, done.returncode, done.stdout, done.stderr)


def _verapdf_verdict(path: Path, returncode: int, stdout: str, stderr: str) -> Result:
    """Read ``verapdf --format text``: the line "PASS <file> [flavour]" or "FAIL <file> [flavour]"
    (or "ERROR <file> ..."); with --verbose the failed rules follow it."""
    name = "archival: veraPDF"
    lines = [ln.strip() for ln in stdout.splitlines() if ln.strip()]
    verdicts = [ln for ln in lines if ln.split()[0] in ("PASS", "FAIL", "ERROR")]
    mine = [ln for ln in verdicts if path.name in ln] or verdicts
    if not mine:
        log = _one_line((stdout + "\n" + stderr).strip()) or "no output"
        return Result(name, False, f"no verdict from veraPDF (exit {returncode}): {log[:300]}")
    word, *rest = mine[0].split()
    profile = rest[-1] if len(rest) > 1 and re.fullmatch(r"\w{1,4}", rest[-1]) else ""
    detail = f"{path.name}: {word}" + (f" (PDF/A-{profile})" if profile else "")
    if word != "PASS":
        rules = [ln for ln in lines if ln != mine[0]]
        if rules:
            detail += ": " + _listing(rules, 5)
    return Result(name, word == "PASS", detail)


def _metadata(pdf: pikepdf.Pdf):
    """The XMP packet, or None if there is none or it cannot be read."""
    if "/Metadata" not in pdf.Root:
        return None
    try:
        return pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False, strict=True)
    except Exception:  # noqa: BLE001 - unreadable XMP is reported by the checks that need it
        return None


def _xmp(meta, key: str):
    if meta is None:
        return None
    try:
        return meta.get(key)
    except Exception:  # noqa: BLE001 - a malformed property reads as missing
        return None


def _nonblank(value) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    return any(str(v).strip() for v in value)


def _show(value) -> str:
    """An XMP value for a message: a text as is, a list in order, a set (Bag) sorted."""
    if isinstance(value, str):
        return repr(value)
    values = value if isinstance(value, list) else sorted(value, key=str)
    return ", ".join(repr(str(v)) for v in values)


def icc_colour_space(icc: bytes) -> str | None:
    """The data colour space of an ICC profile ("RGB", "CMYK", "GRAY"), from its header."""
    if len(icc) < 128 or icc[36:40] != b"acsp":
        return None
    return icc[16:20].decode("ascii", "replace").strip()


def icc_description(icc: bytes) -> str | None:
    """An ICC profile's description tag ('desc' in v2 or 'mluc' in v4), or None."""
    try:
        (count,) = struct.unpack(">I", icc[128:132])
        for i in range(count):
            sig, offset, size = struct.unpack(">4sII", icc[132 + 12 * i: 144 + 12 * i])
            if sig != b"desc":
                continue
            tag = icc[offset: offset + size]
            if tag[:4] == b"desc":
                (length,) = struct.unpack(">I", tag[8:12])
                return tag[12: 12 + length].split(b"\0")[0].decode("latin-1")
            if tag[:4] == b"mluc":
                records, _ = struct.unpack(">II", tag[8:16])
                if records:
                    _, length, start = struct.unpack(">4sII", tag[16:28])
                    return tag[start: start + length].decode("utf-16-be")
    except (struct.error, UnicodeDecodeError):
        return None
    return None


def _fonts(pdf: pikepdf.Pdf) -> list[tuple[pikepdf.Object, int]]:
    """Every font the pages use, with the first page (1-based) it is used on: the page
    resources (inherited ones too), form XObjects, tiling patterns, Type 3 glyph resources
    and annotation appearance streams, to any depth."""
    found: list[tuple[pikepdf.Object, int]] = []
    seen: set = set()

    def once(obj) -> bool:
        key = obj.objgen if obj.is_indirect else ("direct", id(obj))
        if key in seen:
            return False
        seen.add(key)
        return True

    def resources(res, page: int) -> None:
        if not isinstance(res, Dictionary) or not once(res):
            return
        for font in _values(res.get("/Font")):
            if isinstance(font, Dictionary) and once(font):
                found.append((font, page))
                if font.get("/Subtype") == Name("/Type3"):
                    resources(font.get("/Resources"), page)
        for xobject in _values(res.get("/XObject")):
            if isinstance(xobject, Stream) and xobject.get("/Subtype") == Name("/Form") and once(xobject):
                resources(xobject.get("/Resources"), page)
        for pattern in _values(res.get("/Pattern")):
            if isinstance(pattern, Stream) and once(pattern):
                resources(pattern.get("/Resources"), page)

    def appearance(ap, page: int) -> None:
        if isinstance(ap, Stream):
            if once(ap):
                resources(ap.get("/Resources"), page)
        elif isinstance(ap, Dictionary):
            for value in ap.values():
                appearance(value, page)

    for number, page in enumerate(pdf.pages, start=1):
        resources(_inherited(page.obj, "/Resources"), number)
        for annot in page.obj.get("/Annots", Array()):
            if isinstance(annot, Dictionary):
                appearance(annot.get("/AP"), number)
    return found


def _inherited(node: pikepdf.Object, key: str):
    """A page attribute, looked up the page tree if the page does not carry it."""
    for _ in range(64):
        if key in node:
            return node[key]
        node = node.get("/Parent")
        if not isinstance(node, Dictionary):
            return None
    return None


def _values(obj) -> list:
    return list(obj.values()) if isinstance(obj, Dictionary) else []


def _font_name(font) -> str:
    return str(font.get("/BaseFont", font.get("/Name", "(unnamed)"))).lstrip("/")


def _font_program(font) -> bool | None:
    """Whether a font's program is embedded (None for Type 3, whose glyphs are content streams)."""
    subtype = font.get("/Subtype")
    if subtype == Name("/Type3"):
        return None
    if subtype == Name("/Type0"):
        descendants = font.get("/DescendantFonts")
        if not isinstance(descendants, Array) or not len(descendants):
            return False
        font = descendants[0]
    descriptor = font.get("/FontDescriptor")
    if not isinstance(descriptor, Dictionary):
        return False
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def _fonts_embedded(pdf: pikepdf.Pdf, kind: str) -> Result:
    name = f"{kind}: fonts embedded"
    fonts = _fonts(pdf)
    if not fonts:
        return Result(name, True, "no fonts used")
    missing = [f"{_font_name(font)} (page {page})" for font, page in fonts if _font_program(font) is False]
    if missing:
        return Result(name, False, f"{len(missing)} of {len(fonts)} fonts not embedded: {_listing(missing)}")
    names = sorted({_font_name(font) for font, _ in fonts})
    return Result(name, True, f"{len(fonts)} fonts, all embedded: {_listing(names)}")


def _walk(pdf: pikepdf.Pdf):
    """Every dictionary (stream dictionaries too) reachable from the trailer, once each,
    with the key path it was first reached by."""
    seen: set = set()
    stack: list[tuple[pikepdf.Object, str]] = [(pdf.trailer, "trailer")]
    while stack:
        obj, where = stack.pop()
        if obj.is_indirect:
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
        if isinstance(obj, (Dictionary, Stream)):
            yield obj, where
            for key in obj.keys():  # noqa: SIM118 - a Stream is not iterable like a dict
                value = obj.get(key)
                if isinstance(value, (Dictionary, Stream, Array)):
                    stack.append((value, f"{where}{key}"))
        elif isinstance(obj, Array):
            for i, value in enumerate(obj):
                if isinstance(value, (Dictionary, Stream, Array)):
                    stack.append((value, f"{where}[{i}]"))


def _page_size(page: pikepdf.Page) -> tuple[float, float]:
    """A page's MediaBox width and height as displayed (after /Rotate)."""
    box = _box(page, "/MediaBox")
    width, height = (box[2] - box[0], box[3] - box[1]) if box else (0.0, 0.0)
    rotate = int(_inherited(page.obj, "/Rotate") or 0)
    return (height, width) if rotate % 180 else (width, height)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _listing(items, limit: int = 3) -> str:
    items = [_one_line(str(i)) for i in items]
    shown = "; ".join(items[:limit])
    return shown + (f"; … and {len(items) - limit} more" if len(items) > limit else "")


def _box(page: pikepdf.Page, key: str) -> tuple[float, float, float, float] | None:
    value = page.obj.get(key) if key != "/MediaBox" else _inherited(page.obj, key)
    if not isinstance(value, Array) or len(value) != 4:
        return None
    x0, y0, x1, y1 = (float(v) for v in value)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)
