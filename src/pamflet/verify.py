"""`pamflet check`: hold a build folder's outputs to what each one claims to be.

One `Result` per check. The EPUB goes through EPUBCheck (see check.py); the PDFs are read with
pikepdf, go through qpdf's syntax check (pikepdf is qpdf) and, where it is installed, veraPDF.
A check whose tool is not installed is skipped (``ok=None``), never passed.

What is checked, by output (``<id>`` is the book's slug):

* ``<id>.epub``: EPUBCheck, no error and no warning; with an index, EPUBCheck's EPUB Indexes
  profile, nothing about the index documents.
* ``<id>.pdf`` (print): A5 pages, every font embedded, qpdf's check.
* ``<id>-archival.pdf``: PDF/A-3 as pamflet makes it: XMP identification and Dublin Core,
  the sRGB output intent, embedded fonts with Unicode mappings, no encryption, no JavaScript
  or forbidden actions, printable annotations, source attachments each listed once in /AF,
  a structure tree (level A), page labels, an outline, /Lang; then qpdf's check and veraPDF.
* ``<id>-booklet.pdf`` (if present): whole sheets, one landscape sheet size, title metadata.
* ``<id>-press.pdf`` (if present): PDF/X-4 identification and output intent, trim and bleed
  boxes, embedded fonts; no gray (black above all) written as RGB in any content stream,
  device colour only in the output intent's colour space, and crop marks in a slug beyond the
  BleedBox, none reaching into the bleed.
"""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
import struct
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

from . import check

MM = 72 / 25.4  # points per millimetre
A5 = (148 * MM, 210 * MM)  # 419.53 × 595.28 pt, portrait
# Landscape sheets a booklet may be imposed on (as in writers/booklet.py), in points.
SHEETS = {"A4": (297 * MM, 210 * MM), "A3": (420 * MM, 297 * MM), "letter": (279.4 * MM, 215.9 * MM)}
SIZE_TOLERANCE = 0.5  # pt
MIN_BLEED = 3 * MM - 0.01  # 3 mm, so a writer that rounds it to 8.5 pt still passes

SUFFIXES = {"archival": "-archival.pdf", "booklet": "-booklet.pdf", "press": "-press.pdf"}
EXPECTED = ("epub", "print", "archival")  # every build makes these; booklet and press on request

# Actions PDF/A-2 and -3 forbid (ISO 19005-2 6.6.1), plus what pamflet never writes into an
# archive copy: references to other files (GoToR) and form submission.
FORBIDDEN_ACTIONS = frozenset({
    "/Launch", "/Sound", "/Movie", "/ResetForm", "/ImportData", "/Hide", "/SetOCGState",
    "/Rendition", "/Trans", "/GoTo3DView", "/GoToR", "/SubmitForm",
})
ALLOWED_NAMED_ACTIONS = frozenset({"/NextPage", "/PrevPage", "/FirstPage", "/LastPage"})
FORBIDDEN_ANNOTATIONS = frozenset({"/3D", "/Sound", "/Screen", "/Movie"})
# Annotation flags: Print must be set; Invisible, Hidden, NoView and ToggleNoView clear.
ANNOT_PRINT, ANNOT_HIDING = 4, 1 | 2 | 32 | 256
# Simple-font encodings whose glyph names map to Unicode without a /ToUnicode CMap.
STANDARD_ENCODINGS = frozenset({"/WinAnsiEncoding", "/MacRomanEncoding", "/MacExpertEncoding", "/StandardEncoding"})
# CID collections whose character collections map to Unicode without a /ToUnicode CMap.
STANDARD_CID_ORDERINGS = frozenset({"GB1", "CNS1", "Japan1", "Korea1"})

XMP_PDFX_ID = "http://www.npes.org/pdfx/ns/id/"
VERAPDF_TIMEOUT = 600


@dataclass
class Result:
    """One check on one output: passed (True), failed (False) or skipped (None, reason in detail)."""

    name: str
    ok: bool | None
    detail: str


# --- the whole build folder ---


def verify_build(build_dir: Path) -> list[Result]:
    """Check every output in ``build_dir``; a missing EPUB, print or archival PDF is a failure."""
    build_dir = Path(build_dir)
    if not build_dir.is_dir():
        return [Result("build folder", False, f"{build_dir} is not a folder")]
    books = find_outputs(build_dir)
    if not books:
        return [Result(f"{kind}: file", False, f"no {_pattern(kind)} in {build_dir}") for kind in EXPECTED]
    epubs = [files["epub"] for files in books.values() if "epub" in files]
    epub_results = check_epubs(epubs)
    index_results = check_epub_indexes(epubs)
    results = []
    for book_id, files in books.items():
        found = []
        for kind in EXPECTED:
            if kind not in files:
                found.append(Result(f"{kind}: file", False, f"no {book_id}{_suffix(kind)} in {build_dir}"))
        if "epub" in files:
            found.append(epub_results[files["epub"]])
            if files["epub"] in index_results:
                found.append(index_results[files["epub"]])
        if "print" in files:
            found += check_print(files["print"])
        if "archival" in files:
            found += check_archival(files["archival"])
        if "booklet" in files:
            found += check_booklet(files["booklet"])
        if "press" in files:
            found += check_press(files["press"])
        if len(books) > 1:  # several books in one folder: say which each line is about
            found = [Result(f"{book_id} {r.name}", r.ok, r.detail) for r in found]
        results += found
    return results


def find_outputs(build_dir: Path) -> dict[str, dict[str, Path]]:
    """The outputs in ``build_dir`` by book id, then kind (epub, print, archival, booklet, press)."""
    books: dict[str, dict[str, Path]] = {}
    for path in sorted(Path(build_dir).iterdir()):
        if not path.is_file():
            continue
        name = path.name
        if name.endswith(".epub"):
            kind, book_id = "epub", name[: -len(".epub")]
        elif name.endswith(".pdf"):
            kind = next((k for k, s in SUFFIXES.items() if name.endswith(s)), "print")
            book_id = name[: -len(SUFFIXES.get(kind, ".pdf"))]
        else:
            continue
        if book_id:
            books.setdefault(book_id, {})[kind] = path
    return books


def _suffix(kind: str) -> str:
    return {"epub": ".epub", "print": ".pdf"}.get(kind) or SUFFIXES[kind]


def _pattern(kind: str) -> str:
    return f"*{_suffix(kind)}" if kind != "print" else "*.pdf (print)"


def format_results(results: list[Result]) -> str:
    """One line per check (PASS / FAIL / SKIP), then the counts."""
    lines = []
    for r in results:
        word = "PASS" if r.ok else "SKIP" if r.ok is None else "FAIL"
        lines.append(f"{word}  {r.name}: {r.detail}")
    passed = sum(r.ok is True for r in results)
    failed = sum(r.ok is False for r in results)
    skipped = sum(r.ok is None for r in results)
    # Not "N passed, N failed": that line shape is what CI reads as a test verdict.
    lines.append(f"checks: {passed} pass, {failed} fail, {skipped} skipped")
    return "\n".join(lines)


def all_passed(results: list[Result]) -> bool:
    """No check failed (skipped ones do not count against the build)."""
    return not any(r.ok is False for r in results)


# --- EPUB ---


def check_epubs(paths: list[Path]) -> dict[Path, Result]:
    """EPUBCheck on every EPUB in one JVM: no FATAL, ERROR or WARNING."""
    name = "epub: EPUBCheck"
    if not paths:
        return {}
    try:
        reports = check.run_epubcheck(paths)
    except check.CheckToolMissing as e:
        return {p: Result(name, None, f"skipped: {e}") for p in paths}
    except check.CheckToolFailed as e:
        return {p: Result(name, False, _one_line(str(e))) for p in paths}
    out = {}
    for path, messages in reports.items():
        bad = check.failures(messages)
        errors = sum(m.severity in ("FATAL", "ERROR") for m in bad)
        warnings = len(bad) - errors
        counts = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
        detail = f"{path.name}: {counts}"
        if bad:
            detail += ": " + _listing(str(m) for m in bad)
        out[Path(path)] = Result(name, not bad, detail)
    return out


def check_epub_indexes(paths: list[Path]) -> dict[Path, Result]:
    """EPUBCheck's EPUB Indexes profile (`--profile idx`) on the EPUBs whose package declares an
    index: nothing to say about the index documents (see `check.index_failures`)."""
    name = "epub: EPUB Indexes"
    try:
        declared = {Path(p): check.index_documents(Path(p)) for p in paths}
    except (OSError, KeyError, StopIteration, zipfile.BadZipFile, ElementTree.ParseError) as e:
        return {Path(p): Result(name, False, _one_line(f"cannot read the package: {e}")) for p in paths}
    declared = {p: docs for p, docs in declared.items() if docs}
    if not declared:
        return {}
    try:
        reports = check.run_epubcheck(list(declared), profile="idx")
    except check.CheckToolMissing as e:
        return {p: Result(name, None, f"skipped: {e}") for p in declared}
    except check.CheckToolFailed as e:
        return {p: Result(name, False, _one_line(str(e))) for p in declared}
    out = {}
    for path, messages in reports.items():
        bad = check.index_failures(messages, declared[Path(path)])
        aside = len(check.failures(messages)) - len(bad)
        detail = (f"{Path(path).name}: {len(bad)} message{'s' * (len(bad) != 1)} about {', '.join(sorted(declared[Path(path)]))}"
                  f" ({aside} left aside: the profile asks every other content document to be an index, as in a publication that is one)")
        if bad:
            detail += ": " + _listing(str(m) for m in bad)
        out[Path(path)] = Result(name, not bad, detail)
    return out


# --- the PDFs ---


def check_print(path: Path) -> list[Result]:
    """The print PDF: A5 pages, fonts embedded, qpdf's check."""
    results = []
    pdf = _open(path, "print", results)
    if pdf is not None:
        with pdf:
            results.append(_print_pages(pdf))
            results.append(_fonts_embedded(pdf, "print"))
    results.append(qpdf_check(path, "print"))
    return results


def check_archival(path: Path) -> list[Result]:
    """The archival PDF/A-3: pikepdf checks, then qpdf's check and veraPDF."""
    results = []
    pdf = _open(path, "archival", results)
    flavour = None
    if pdf is not None:
        with pdf:
            meta = _metadata(pdf)
            ident, flavour = _pdfa_identification(meta)
            results += [
                ident,
                _pdfa_xmp(meta),
                _pdfa_output_intent(pdf),
                _fonts_embedded(pdf, "archival"),
                _fonts_unicode(pdf, flavour),
                _not_encrypted(pdf, "archival"),
                *_actions(pdf),
                _annotations(pdf),
                _attachments(pdf),
                _af_once(pdf),
                _tagged(pdf, flavour),
                _page_labels(pdf),
                _outline(pdf),
                _language(pdf, meta),
            ]
    results.append(qpdf_check(path, "archival"))
    results.append(run_verapdf(path, flavour))
    return results


def check_booklet(path: Path) -> list[Result]:
    """The booklet: whole sheets (pages in pairs), one landscape sheet size, title metadata."""
    results = []
    pdf = _open(path, "booklet", results)
    if pdf is not None:
        with pdf:
            results += [
                _booklet_pages(pdf),
                _booklet_sheets(pdf),
                _booklet_metadata(pdf),
                _fonts_embedded(pdf, "booklet"),
            ]
    results.append(qpdf_check(path, "booklet"))
    return results


def check_press(path: Path) -> list[Result]:
    """The press PDF/X-4: identification, output intent, trim and bleed, fonts."""
    results = []
    pdf = _open(path, "press", results)
    if pdf is not None:
        with pdf:
            meta = _metadata(pdf)
            results += [
                _pdfx_identification(pdf, meta),
                _pdfx_metadata(pdf, meta),
                _pdfx_output_intent(pdf),
                _press_boxes(pdf),
                _press_gray(pdf),
                _press_colour_spaces(pdf),
                _press_marks(pdf),
                _fonts_embedded(pdf, "press"),
            ]
    results.append(qpdf_check(path, "press"))
    return results


def _open(path: Path, kind: str, results: list[Result]) -> pikepdf.Pdf | None:
    """The PDF opened with pikepdf; on failure a failed "<kind>: readable" result, and None."""
    try:
        return pikepdf.open(path)
    except pikepdf.PasswordError:
        results.append(Result(f"{kind}: readable", False, f"{path.name} is encrypted with a password"))
    except Exception as e:  # noqa: BLE001 - a damaged file is a failed check, not a crash
        results.append(Result(f"{kind}: readable", False, f"pikepdf cannot open {path.name}: {_one_line(str(e))}"))
    return None


# --- external tools ---


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


# --- metadata ---


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


def _pdfa_identification(meta) -> tuple[Result, str | None]:
    """XMP pdfaid:part 3 and pdfaid:conformance A, B or U; returns the flavour ("3a")."""
    name = "archival: PDF/A identification"
    if meta is None:
        return Result(name, False, "no readable XMP metadata in the catalog"), None
    part, conformance = _xmp(meta, "pdfaid:part"), _xmp(meta, "pdfaid:conformance")
    if part is None:
        return Result(name, False, "XMP has no pdfaid:part"), None
    claim = f"PDF/A-{part}{(conformance or '').lower()}"
    if str(part) != "3":
        return Result(name, False, f"XMP claims {claim}, expected part 3"), None
    if str(conformance or "").upper() not in ("A", "B", "U"):
        return Result(name, False, f"XMP pdfaid:conformance is {conformance!r}, expected A, B or U"), None
    return Result(name, True, f"XMP claims {claim}"), f"3{str(conformance).lower()}"


def _pdfa_xmp(meta) -> Result:
    """Dublin Core in the XMP: a title, a creator, a language."""
    name = "archival: XMP metadata"
    if meta is None:
        return Result(name, False, "no readable XMP metadata")
    title, creator, language = (_xmp(meta, f"dc:{k}") for k in ("title", "creator", "language"))
    missing = [k for k, v in (("dc:title", title), ("dc:creator", creator), ("dc:language", language))
               if not _nonblank(v)]
    if missing:
        return Result(name, False, f"missing or empty: {', '.join(missing)}")
    return Result(name, True, f"title {_show(title)}, creator {_show(creator)}, language {_show(language)}")


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


def _language(pdf: pikepdf.Pdf, meta) -> Result:
    """The catalog's /Lang, agreeing with dc:language on the primary subtag."""
    name = "archival: document language"
    lang = str(pdf.Root.get("/Lang", "")).strip()
    if not lang:
        return Result(name, False, "the catalog has no /Lang")
    dc = [str(v) for v in (_xmp(meta, "dc:language") or [])]
    primary = lang.split("-")[0].lower()
    if dc and not any(v.split("-")[0].lower() == primary for v in dc):
        return Result(name, False, f"/Lang {lang!r} but XMP dc:language {', '.join(dc)}")
    return Result(name, True, f"/Lang {lang!r}")


# --- output intents and colour ---


def _pdfa_output_intent(pdf: pikepdf.Pdf) -> Result:
    """An /OutputIntents entry /S /GTS_PDFA1 whose DestOutputProfile is an sRGB ICC profile (N 3)."""
    name = "archival: output intent"
    intents = list(pdf.Root.get("/OutputIntents", Array()))
    pdfa = [oi for oi in intents if isinstance(oi, Dictionary) and oi.get("/S") == Name("/GTS_PDFA1")]
    if not pdfa:
        found = ", ".join(str(oi.get("/S")) for oi in intents if isinstance(oi, Dictionary)) or "none"
        return Result(name, False, f"no /OutputIntents entry with /S /GTS_PDFA1 (found: {found})")
    profiles = [oi.get("/DestOutputProfile") for oi in intents if isinstance(oi, Dictionary)]
    profiles = [p for p in profiles if p is not None]
    if len({p.objgen if p.is_indirect else id(p) for p in profiles}) > 1:
        return Result(name, False, "output intents with different DestOutputProfiles (PDF/A allows one)")
    profile = pdfa[0].get("/DestOutputProfile")
    if not isinstance(profile, Stream):
        return Result(name, False, "the GTS_PDFA1 output intent has no DestOutputProfile stream")
    n = profile.get("/N")
    try:
        icc = profile.read_bytes()
    except pikepdf.PdfError as e:
        return Result(name, False, f"the ICC profile cannot be read: {_one_line(str(e))}")
    space, description = icc_colour_space(icc), icc_description(icc)
    if n != 3 or space != "RGB":
        return Result(name, False, f"the ICC profile is {space or '?'} with /N {n}, expected RGB with /N 3")
    if "srgb" not in (description or "").lower():
        return Result(name, False, f"the ICC profile is RGB but not sRGB: {description!r}")
    condition = str(pdfa[0].get("/OutputConditionIdentifier", ""))
    return Result(name, True, f"GTS_PDFA1, ICC {description!r}, N 3" + (f", {condition!r}" if condition else ""))


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


def _pdfx_output_intent(pdf: pikepdf.Pdf) -> Result:
    """An /OutputIntents entry /S /GTS_PDFX with an ICC profile (or, PDF/X-4p, a reference to one)."""
    name = "press: output intent"
    intents = [oi for oi in pdf.Root.get("/OutputIntents", Array()) if isinstance(oi, Dictionary)]
    pdfx = [oi for oi in intents if oi.get("/S") == Name("/GTS_PDFX")]
    if not pdfx:
        found = ", ".join(str(oi.get("/S")) for oi in intents) or "none"
        return Result(name, False, f"no /OutputIntents entry with /S /GTS_PDFX (found: {found})")
    oi = pdfx[0]
    condition = str(oi.get("/OutputConditionIdentifier", ""))
    if not condition:
        return Result(name, False, "the GTS_PDFX output intent has no OutputConditionIdentifier")
    profile = oi.get("/DestOutputProfile")
    if isinstance(profile, Stream):
        icc = profile.read_bytes()
        return Result(name, True, f"GTS_PDFX {condition!r}, ICC {icc_description(icc)!r} "
                                  f"({icc_colour_space(icc)}, N {profile.get('/N')})")
    if "/DestOutputProfileRef" in oi:
        return Result(name, True, f"GTS_PDFX {condition!r}, external profile reference (PDF/X-4p)")
    return Result(name, False, f"the GTS_PDFX output intent {condition!r} has no DestOutputProfile")


# --- fonts ---


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


def _fonts_unicode(pdf: pikepdf.Pdf, flavour: str | None) -> Result:
    """Level A and U: every font maps its codes to Unicode (ISO 19005-2 6.2.11.7.2)."""
    name = "archival: fonts map to Unicode"
    if flavour and flavour[-1] == "b":
        return Result(name, None, "skipped: PDF/A level B does not require Unicode mappings")
    unmapped = []
    fonts = _fonts(pdf)
    for font, page in fonts:
        if "/ToUnicode" in font:
            continue
        subtype = font.get("/Subtype")
        if subtype == Name("/Type0"):
            info = font.get("/DescendantFonts", Array([Dictionary()]))[0].get("/CIDSystemInfo", Dictionary())
            if str(info.get("/Registry", "")) == "Adobe" and str(info.get("/Ordering", "")) in STANDARD_CID_ORDERINGS:
                continue
        else:
            encoding = font.get("/Encoding")
            if isinstance(encoding, Dictionary):
                encoding = encoding.get("/BaseEncoding")
            if encoding is not None and str(encoding) in STANDARD_ENCODINGS:
                continue
        unmapped.append(f"{_font_name(font)} (page {page})")
    if unmapped:
        return Result(name, False, f"no /ToUnicode and no standard encoding: {_listing(unmapped)}")
    return Result(name, True, f"{len(fonts)} fonts, each with /ToUnicode or a standard encoding")


# --- encryption, scripts and actions ---


def _not_encrypted(pdf: pikepdf.Pdf, kind: str) -> Result:
    name = f"{kind}: not encrypted"
    if pdf.is_encrypted or "/Encrypt" in pdf.trailer:
        return Result(name, False, "the trailer has /Encrypt")
    return Result(name, True, "no /Encrypt")


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


def _actions(pdf: pikepdf.Pdf) -> list[Result]:
    """No JavaScript (actions, /JS, the /JavaScript name tree, additional actions /AA), and
    no action PDF/A forbids or that points out of the file."""
    scripts, forbidden = [], []
    names = pdf.Root.get("/Names")
    if isinstance(names, Dictionary) and "/JavaScript" in names:
        scripts.append("catalog /Names /JavaScript")
    if "/XFA" in pdf.Root.get("/AcroForm", Dictionary()):
        forbidden.append("XFA form in /AcroForm")
    for obj, where in _walk(pdf):
        if "/JS" in obj:
            scripts.append(f"/JS at {where}")
        if "/AA" in obj:
            scripts.append(f"additional actions /AA at {where}")
        for key in ("/A", "/OpenAction", "/PA"):
            action = obj.get(key)
            if isinstance(action, Dictionary):
                _check_action(action, f"{where}{key}", scripts, forbidden)
        if obj.get("/Type") == Name("/Action"):
            _check_action(obj, where, scripts, forbidden)
    scripts, forbidden = list(dict.fromkeys(scripts)), list(dict.fromkeys(forbidden))
    return [
        Result("archival: no JavaScript", not scripts,
               _listing(scripts) if scripts else "no JavaScript actions, /JS, /AA or /JavaScript names"),
        Result("archival: no forbidden actions", not forbidden,
               _listing(forbidden) if forbidden else
               "no Launch, GoToR, ImportData, SubmitForm, Sound, Movie or other forbidden action"),
    ]


def _check_action(action: Dictionary, where: str, scripts: list, forbidden: list) -> None:
    """One action and its /Next chain."""
    todo, seen = [(action, where)], set()
    while todo:
        act, at = todo.pop()
        if not isinstance(act, Dictionary):
            continue
        key = act.objgen if act.is_indirect else id(act)
        if key in seen:
            continue
        seen.add(key)
        kind = act.get("/S")
        if kind == Name("/JavaScript"):
            scripts.append(f"JavaScript action at {at}")
        elif kind is not None and str(kind) in FORBIDDEN_ACTIONS:
            forbidden.append(f"{kind} action at {at}")
        elif kind == Name("/Named") and str(act.get("/N")) not in ALLOWED_NAMED_ACTIONS:
            forbidden.append(f"named action {act.get('/N')} at {at}")
        following = act.get("/Next")
        if isinstance(following, Dictionary):
            todo.append((following, f"{at}/Next"))
        elif isinstance(following, Array):
            todo += [(a, f"{at}/Next[{i}]") for i, a in enumerate(following)]


def _annotations(pdf: pikepdf.Pdf) -> Result:
    """Every annotation but a Popup has /F with Print set and none of the hiding flags
    (ISO 19005-2 6.3.2), and none is a 3D, Sound, Screen or Movie annotation."""
    name = "archival: annotations"
    problems, count = [], 0
    for number, page in enumerate(pdf.pages, start=1):
        for annot in page.obj.get("/Annots", Array()):
            if not isinstance(annot, Dictionary):
                continue
            count += 1
            subtype = annot.get("/Subtype")
            if str(subtype) in FORBIDDEN_ANNOTATIONS:
                problems.append(f"{subtype} annotation on page {number}")
            if subtype == Name("/Popup"):
                continue
            flags = int(annot.get("/F", 0))
            if not flags & ANNOT_PRINT or flags & ANNOT_HIDING:
                problems.append(f"{subtype} on page {number} has /F {flags}")
    if problems:
        return Result(name, False, _listing(problems))
    return Result(name, True, f"{count} annotations, all printable and visible")


# --- attachments ---


def _embedded_files(pdf: pikepdf.Pdf) -> list[tuple[str, pikepdf.Object]]:
    names = pdf.Root.get("/Names")
    if not isinstance(names, Dictionary) or "/EmbeddedFiles" not in names:
        return []
    return [(str(key), spec) for key, spec in pikepdf.NameTree(names.EmbeddedFiles).items()]


def _attachments(pdf: pikepdf.Pdf) -> Result:
    """At least one embedded file; each a file specification with /F and /UF, an embedded
    file stream with a MIME /Subtype, and /AFRelationship /Source (pamflet attaches sources)."""
    name = "archival: attachments"
    files = _embedded_files(pdf)
    if not files:
        return Result(name, False, "the catalog has no /Names /EmbeddedFiles (or it is empty)")
    problems = []
    for key, spec in files:
        if not isinstance(spec, Dictionary):
            problems.append(f"{key}: not a file specification dictionary")
            continue
        relationship = spec.get("/AFRelationship")
        if relationship is None:
            problems.append(f"{key}: no /AFRelationship")
        elif relationship != Name("/Source"):
            problems.append(f"{key}: /AFRelationship {relationship}, expected /Source")
        for field in ("/F", "/UF"):
            if field not in spec:
                problems.append(f"{key}: no {field}")
        stream = spec.get("/EF", Dictionary()).get("/F")
        if not isinstance(stream, Stream):
            problems.append(f"{key}: no embedded file stream /EF /F")
        elif "/Subtype" not in stream:
            problems.append(f"{key}: the embedded file has no MIME /Subtype")
    if problems:
        return Result(name, False, _listing(problems))
    listed = [f"{key} ({spec.get('/EF').get('/F').get('/Subtype')})" for key, spec in files]
    return Result(name, True, f"{len(files)} files, /AFRelationship /Source: {_listing(listed, 6)}")


def _af_once(pdf: pikepdf.Pdf) -> Result:
    """Each embedded file's specification appears exactly once in the catalog's /AF."""
    name = "archival: /AF lists each attachment once"
    files = _embedded_files(pdf)
    af = pdf.Root.get("/AF")
    if not isinstance(af, Array):
        return Result(name, False, "the catalog has no /AF array" + (f" ({len(files)} embedded files)" if files else ""))
    counts: dict = {}
    for entry in af:
        key = entry.objgen if entry.is_indirect else ("direct", id(entry))
        counts[key] = counts.get(key, 0) + 1
    problems = []
    for key, spec in files:
        if not spec.is_indirect:
            problems.append(f"{key}: a direct object, so /AF cannot refer to it")
            continue
        n = counts.get(spec.objgen, 0)
        if n != 1:
            problems.append(f"{key} listed {n} times" if n else f"{key} not listed")
    if problems:
        return Result(name, False, _listing(problems))
    return Result(name, True, f"{len(files)} attachments, each once in /AF ({len(af)} entries)")


# --- structure and navigation ---


def _tagged(pdf: pikepdf.Pdf, flavour: str | None) -> Result:
    """Level A: a /StructTreeRoot with content and /MarkInfo /Marked true."""
    name = "archival: tagged"
    if flavour and flavour[-1] != "a":
        return Result(name, None, f"skipped: PDF/A-{flavour} is not level A")
    root = pdf.Root.get("/StructTreeRoot")
    marked = pdf.Root.get("/MarkInfo", Dictionary()).get("/Marked")
    problems = []
    if not isinstance(root, Dictionary):
        problems.append("no /StructTreeRoot")
    elif "/K" not in root:
        problems.append("the /StructTreeRoot has no /K (no structure elements)")
    if marked is not True:
        problems.append(f"/MarkInfo /Marked is {marked}, not true")
    if problems:
        return Result(name, False, "; ".join(problems))
    return Result(name, True, "/StructTreeRoot with elements, /MarkInfo /Marked true")


def _page_labels(pdf: pikepdf.Pdf) -> Result:
    """A /PageLabels number tree that starts at the first page."""
    name = "archival: page labels"
    labels = pdf.Root.get("/PageLabels")
    if not isinstance(labels, Dictionary):
        return Result(name, False, "the catalog has no /PageLabels")
    try:
        keys = sorted(int(k) for k in pikepdf.NumberTree(labels))
    except (pikepdf.PdfError, TypeError, ValueError) as e:
        return Result(name, False, f"/PageLabels cannot be read: {_one_line(str(e))}")
    if not keys or keys[0] != 0:
        return Result(name, False, "/PageLabels has no entry for the first page (key 0)")
    pages = pdf.pages
    shown = [pages[i].label for i in sorted({0, *[k for k in keys if k < len(pages)], len(pages) - 1})]
    return Result(name, True, f"{len(keys)} ranges, labels {', '.join(shown)}")


def _outline(pdf: pikepdf.Pdf) -> Result:
    """An /Outlines tree with at least one item."""
    name = "archival: outline"
    outlines = pdf.Root.get("/Outlines")
    if not isinstance(outlines, Dictionary) or "/First" not in outlines:
        return Result(name, False, "the catalog has no /Outlines with items")
    count, seen, todo = 0, set(), [outlines.First]
    while todo:
        item = todo.pop()
        if not isinstance(item, Dictionary) or (item.is_indirect and item.objgen in seen):
            continue
        if item.is_indirect:
            seen.add(item.objgen)
        count += 1
        for key in ("/First", "/Next"):
            if key in item:
                todo.append(item[key])
    return Result(name, True, f"{count} items")


# --- booklet ---


def _page_size(page: pikepdf.Page) -> tuple[float, float]:
    """A page's MediaBox width and height as displayed (after /Rotate)."""
    box = _box(page, "/MediaBox")
    width, height = (box[2] - box[0], box[3] - box[1]) if box else (0.0, 0.0)
    rotate = int(_inherited(page.obj, "/Rotate") or 0)
    return (height, width) if rotate % 180 else (width, height)


def _booklet_pages(pdf: pikepdf.Pdf) -> Result:
    name = "booklet: page count"
    n = len(pdf.pages)
    if n == 0 or (n * 2) % 4:
        return Result(name, False, f"{n} sheet sides hold {n * 2} pages: not a multiple of 4")
    return Result(name, True, f"{n} sheet sides, {n * 2} pages on {n // 2} sheets")


def _booklet_sheets(pdf: pikepdf.Pdf) -> Result:
    """Every page's MediaBox is one landscape sheet size: A4, A3 or letter."""
    name = "booklet: sheet size"
    sizes = [_page_size(page) for page in pdf.pages]
    if not sizes:
        return Result(name, False, "no pages")
    for sheet, (w, h) in SHEETS.items():
        if all(abs(pw - w) <= SIZE_TOLERANCE and abs(ph - h) <= SIZE_TOLERANCE for pw, ph in sizes):
            return Result(name, True, f"every page {sheet} landscape ({w:.2f} × {h:.2f} pt)")
    odd = [f"page {i}: {w:.2f} × {h:.2f} pt" for i, (w, h) in enumerate(sizes, start=1)
           if not any(abs(w - sw) <= SIZE_TOLERANCE and abs(h - sh) <= SIZE_TOLERANCE for sw, sh in SHEETS.values())]
    if not odd:
        return Result(name, False, "pages of different sheet sizes: " + _listing(sorted({f"{w:.0f} × {h:.0f} pt" for w, h in sizes})))
    return Result(name, False, f"not A4, A3 or letter landscape: {_listing(odd)}")


def _booklet_metadata(pdf: pikepdf.Pdf) -> Result:
    """A document info Title, and no info or XMP value that is the text "None"."""
    name = "booklet: metadata"
    info = pdf.docinfo
    problems = []
    title = str(info.get("/Title", "")).strip()
    if not title:
        problems.append("no document info /Title")
    problems += [f"info {key} is 'None'" for key, value in info.items() if str(value).strip() == "None"]
    meta = _metadata(pdf)
    for key in ("dc:title", "dc:creator", "dc:description"):
        value = _xmp(meta, key)
        values = [value] if isinstance(value, str) else list(value or [])
        problems += [f"XMP {key} is 'None'" for v in values if str(v).strip() == "None"]
    if problems:
        return Result(name, False, _listing(problems))
    author = str(info.get("/Author", "")).strip()
    return Result(name, True, f"title {title!r}" + (f", author {author!r}" if author else ""))


# --- press ---


def _pdfx_identification(pdf: pikepdf.Pdf, meta) -> Result:
    """PDF/X-4 named in XMP pdfxid:GTS_PDFXVersion and/or info /GTS_PDFXVersion (and they agree)."""
    name = "press: PDF/X identification"
    xmp = _xmp(meta, f"{{{XMP_PDFX_ID}}}GTS_PDFXVersion")
    info = pdf.docinfo.get("/GTS_PDFXVersion") if "/Info" in pdf.trailer else None
    claims = {where: str(v).strip() for where, v in (("XMP pdfxid:GTS_PDFXVersion", xmp), ("info /GTS_PDFXVersion", info)) if v is not None}
    if not claims:
        return Result(name, False, "neither XMP pdfxid:GTS_PDFXVersion nor info /GTS_PDFXVersion")
    wrong = [f"{where} is {v!r}" for where, v in claims.items() if not re.fullmatch(r"PDF/X-4p?", v)]
    if wrong:
        return Result(name, False, "; ".join(wrong) + ", expected 'PDF/X-4'")
    return Result(name, True, "; ".join(f"{where} {v!r}" for where, v in claims.items()))


def _pdfx_metadata(pdf: pikepdf.Pdf, meta) -> Result:
    """What PDF/X-4 requires of the metadata besides the version: a title and the Trapped key."""
    name = "press: PDF/X metadata"
    problems = []
    if not _nonblank(_xmp(meta, "dc:title")):
        problems.append("no XMP dc:title")
    trapped = _xmp(meta, "pdf:Trapped")
    info_trapped = pdf.docinfo.get("/Trapped") if "/Info" in pdf.trailer else None
    if trapped is None and info_trapped is None:
        problems.append("no Trapped key (XMP pdf:Trapped or info /Trapped)")
    elif trapped is not None and str(trapped) not in ("True", "False"):
        problems.append(f"XMP pdf:Trapped is {trapped!r}, expected True or False")
    if problems:
        return Result(name, False, "; ".join(problems))
    return Result(name, True, f"title {_show(_xmp(meta, 'dc:title'))}, Trapped {trapped or info_trapped}")


def _box(page: pikepdf.Page, key: str) -> tuple[float, float, float, float] | None:
    value = page.obj.get(key) if key != "/MediaBox" else _inherited(page.obj, key)
    if not isinstance(value, Array) or len(value) != 4:
        return None
    x0, y0, x1, y1 = (float(v) for v in value)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _press_boxes(pdf: pikepdf.Pdf) -> Result:
    """Every page: a TrimBox the size of A5, a BleedBox at least 3 mm beyond it on each side,
    and a MediaBox that holds the BleedBox."""
    name = "press: page boxes"
    problems, bleeds = [], []
    for number, page in enumerate(pdf.pages, start=1):
        trim, bleed, media = _box(page, "/TrimBox"), _box(page, "/BleedBox"), _box(page, "/MediaBox")
        if trim is None or bleed is None:
            problems.append(f"page {number}: no {'/TrimBox' if trim is None else '/BleedBox'}")
            continue
        w, h = trim[2] - trim[0], trim[3] - trim[1]
        if abs(w - A5[0]) > SIZE_TOLERANCE or abs(h - A5[1]) > SIZE_TOLERANCE:
            problems.append(f"page {number}: TrimBox {w:.2f} × {h:.2f} pt, not A5 ({A5[0]:.2f} × {A5[1]:.2f})")
        sides = (trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3])
        if min(sides) < MIN_BLEED:
            shown = ", ".join(f"{s:.2f}" for s in sides)
            problems.append(f"page {number}: bleed {shown} pt (left, bottom, right, top), under 3 mm")
        bleeds.append(min(sides))
        if media is not None and not (media[0] <= bleed[0] + 0.01 and media[1] <= bleed[1] + 0.01
                                      and media[2] >= bleed[2] - 0.01 and media[3] >= bleed[3] - 0.01):
            problems.append(f"page {number}: the BleedBox reaches beyond the MediaBox")
    if not len(pdf.pages):
        problems.append("no pages")
    if problems:
        return Result(name, False, _listing(problems))
    return Result(name, True, f"{len(pdf.pages)} pages, TrimBox A5, bleed ≥ {min(bleeds) / MM:.2f} mm each side")


def _content_streams(pdf: pikepdf.Pdf):
    """(page number, stream) for every page's content and every form XObject or tiling pattern
    it uses (each once)."""
    seen = set()

    def inner(resources, number):
        if not isinstance(resources, Dictionary):
            return
        for key in ("/XObject", "/Pattern"):
            group = resources.get(key)
            for name in group.keys() if isinstance(group, Dictionary) else ():
                stream = group[name]
                if not isinstance(stream, Stream) or stream.objgen in seen:
                    continue
                if stream.get("/Subtype") == Name.Form or stream.get("/PatternType") == 1:
                    seen.add(stream.objgen)
                    yield number, stream
                    yield from inner(stream.get("/Resources"), number)

    for number, page in enumerate(pdf.pages, start=1):
        yield number, page
        yield from inner(_inherited(page.obj, "/Resources"), number)


def _press_gray(pdf: pikepdf.Pdf) -> Result:
    """No gray set as RGB (``0 0 0 rg``, any r = g = b with rg/RG): it would print as
    four-colour black; text and rules belong on the black plate (DeviceGray)."""
    name = "press: no RGB black"
    found: dict[int, int] = {}
    grays = 0
    try:
        for number, stream in _content_streams(pdf):
            for instruction in pikepdf.parse_content_stream(stream):
                operator = str(instruction.operator)
                operands = list(instruction.operands)
                if operator in ("rg", "RG") and len(operands) == 3 and operands[0] == operands[1] == operands[2]:
                    found[number] = found.get(number, 0) + 1
                elif operator in ("g", "G"):
                    grays += 1
    except pikepdf.PdfError as e:
        return Result(name, False, f"a content stream cannot be read: {_one_line(str(e))}")
    if found:
        shown = [f"page {n}: {c}×" for n, c in sorted(found.items())]
        return Result(name, False, f"{sum(found.values())} gray colours set as RGB (r = g = b with rg/RG): {_listing(shown)}")
    return Result(name, True, f"text and rules in DeviceGray ({grays} gray colours, none as RGB)")


_DEVICE_OPERATORS = {"rg": "RGB", "RG": "RGB", "k": "CMYK", "K": "CMYK"}
_DEVICE_SPACES = {"/DeviceRGB": "RGB", "/DeviceCMYK": "CMYK"}


def _press_colour_spaces(pdf: pikepdf.Pdf) -> Result:
    """PDF/X-4: device colour in the output intent's colour space only: under a CMYK intent no
    DeviceRGB (rg/RG, cs /DeviceRGB, images, shadings, groups), under an RGB one no DeviceCMYK;
    DeviceGray and ICC-based colour are allowed under either."""
    name = "press: colour spaces"
    intents = [oi for oi in pdf.Root.get("/OutputIntents", Array()) if isinstance(oi, Dictionary) and oi.get("/S") == Name("/GTS_PDFX")]
    profile = intents[0].get("/DestOutputProfile") if intents else None
    intent = icc_colour_space(profile.read_bytes()) if isinstance(profile, Stream) else None
    if intent is None:  # "press: output intent" fails it
        return Result(name, None, "skipped: no GTS_PDFX output intent with a profile to hold the colour to")
    if intent not in ("RGB", "CMYK"):
        return Result(name, False, f"the output intent's profile is {intent}, expected CMYK or RGB")
    wrong = "RGB" if intent == "CMYK" else "CMYK"
    found: list[str] = []
    try:
        for number, stream in _content_streams(pdf):
            for instruction in pikepdf.parse_content_stream(stream):
                operator = str(instruction.operator)
                operands = [str(o) for o in instruction.operands]
                if _DEVICE_OPERATORS.get(operator) == wrong or (operator in ("cs", "CS") and _DEVICE_SPACES.get(operands[0] if operands else "") == wrong):
                    found.append(f"page {number}: {operator}")
    except pikepdf.PdfError as e:
        return Result(name, False, f"a content stream cannot be read: {_one_line(str(e))}")
    for obj in pdf.objects:
        if isinstance(obj, (Dictionary, Stream)):
            space = obj.get("/ColorSpace") if (obj.get("/Subtype") == Name.Image or "/ShadingType" in obj) else None
            group = obj.get("/Group")
            if isinstance(group, Dictionary):
                space = space or group.get("/CS")
            if isinstance(space, Name) and _DEVICE_SPACES.get(str(space)) == wrong:
                found.append(f"object {obj.objgen[0]}: {space}")
    if found:
        shown = sorted(set(found), key=found.index)
        return Result(name, False, f"Device{wrong} under the {intent} output intent: {len(found)}×: {_listing(shown)}")
    return Result(name, True, f"{intent} output intent; no Device{wrong}")


def _strokes(pdf: pikepdf.Pdf, page: pikepdf.Page) -> list[list[tuple[float, float]]]:
    """The points of every stroked path on a page, in the page's coordinates (the CTM followed
    through q/Q/cm and into form XObjects)."""
    paths: list[list[tuple[float, float]]] = []

    def apply(m, x, y):
        return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]

    def times(a, b):  # a then b
        return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2],
                a[2] * b[1] + a[3] * b[3], a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]

    def walk(stream, resources, ctm, depth):
        stack, path = [], []
        for instruction in pikepdf.parse_content_stream(stream):
            op = str(instruction.operator)
            args = [float(a) if isinstance(a, (int, float, Decimal)) and not isinstance(a, bool) else a for a in instruction.operands]
            if op == "q":
                stack.append(ctm)
            elif op == "Q" and stack:
                ctm = stack.pop()
            elif op == "cm" and len(args) == 6:
                ctm = times([float(a) for a in args], ctm)
            elif op in ("m", "l") and len(args) == 2:
                path.append(apply(ctm, *args))
            elif op in ("c", "v", "y"):
                path += [apply(ctm, args[i], args[i + 1]) for i in range(0, len(args) - 1, 2)]
            elif op == "re" and len(args) == 4:
                x, y, w, h = args
                path += [apply(ctm, x, y), apply(ctm, x + w, y), apply(ctm, x + w, y + h), apply(ctm, x, y + h)]
            elif op in ("S", "s", "B", "B*", "b", "b*"):
                if path:
                    paths.append(path)
                path = []
            elif op in ("f", "F", "f*", "n"):
                path = []
            elif op == "Do" and depth < 8 and isinstance(resources, Dictionary):
                form = (resources.get("/XObject") or Dictionary()).get(str(args[0]))
                if isinstance(form, Stream) and form.get("/Subtype") == Name.Form:
                    matrix = [float(v) for v in form.get("/Matrix", [1, 0, 0, 1, 0, 0])]
                    walk(form, form.get("/Resources", resources), times(matrix, ctm), depth + 1)

    walk(page, _inherited(page.obj, "/Resources"), [1, 0, 0, 1, 0, 0], 0)
    return paths


def _press_marks(pdf: pikepdf.Pdf) -> Result:
    """Crop marks in a slug beyond the bleed: the MediaBox reaches beyond the BleedBox on every
    side; at least 8 strokes lie wholly outside the BleedBox; no stroke that reaches outside
    the BleedBox enters it (a mark drawn on the colour that runs into the bleed)."""
    name = "press: marks outside the bleed"
    problems, counts = [], []
    for number, page in enumerate(pdf.pages, start=1):
        bleed, media = _box(page, "/BleedBox"), _box(page, "/MediaBox")
        if bleed is None or media is None:
            problems.append(f"page {number}: no /BleedBox")
            continue
        slug = min(bleed[0] - media[0], bleed[1] - media[1], media[2] - bleed[2], media[3] - bleed[3])
        if slug < 1:
            problems.append(f"page {number}: the MediaBox is not larger than the BleedBox (no slug for the marks)")
            continue
        inside = lambda x, y: bleed[0] + 0.01 < x < bleed[2] - 0.01 and bleed[1] + 0.01 < y < bleed[3] - 0.01  # noqa: E731
        try:
            paths = _strokes(pdf, page)
        except pikepdf.PdfError as e:
            problems.append(f"page {number}: content cannot be read: {_one_line(str(e))}")
            continue
        marks = [p for p in paths if not any(inside(x, y) for x, y in p)]
        crossing = [p for p in paths if any(inside(x, y) for x, y in p) and not all(inside(x, y) for x, y in p)]
        if crossing:
            problems.append(f"page {number}: {len(crossing)} stroke{'s' * (len(crossing) > 1)} from the slug into the bleed")
        if len(marks) < 8:
            problems.append(f"page {number}: {len(marks)} strokes outside the BleedBox, expected 8 crop marks")
        counts.append(slug)
    if problems:
        return Result(name, False, _listing(problems))
    return Result(name, True, f"crop marks in a slug of ≥ {min(counts) / MM:.1f} mm beyond the BleedBox on every page")


# --- print ---


def _print_pages(pdf: pikepdf.Pdf) -> Result:
    """Every page's trim (TrimBox, else MediaBox) is A5 portrait."""
    name = "print: pages"
    odd = []
    for number, page in enumerate(pdf.pages, start=1):
        box = _box(page, "/TrimBox") or _box(page, "/MediaBox")
        w, h = (box[2] - box[0], box[3] - box[1]) if box else (0, 0)
        if abs(w - A5[0]) > SIZE_TOLERANCE or abs(h - A5[1]) > SIZE_TOLERANCE:
            odd.append(f"page {number}: {w:.2f} × {h:.2f} pt")
    if not len(pdf.pages):
        return Result(name, False, "no pages")
    if odd:
        return Result(name, False, f"not A5 ({A5[0]:.2f} × {A5[1]:.2f} pt): {_listing(odd)}")
    return Result(name, True, f"{len(pdf.pages)} pages, A5")


# --- text ---


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _listing(items, limit: int = 3) -> str:
    items = [_one_line(str(i)) for i in items]
    shown = "; ".join(items[:limit])
    return shown + (f"; … and {len(items) - limit} more" if len(items) > limit else "")
