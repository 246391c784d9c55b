"""The archival PDF/A's checks: identification, XMP, output intent, fonts with Unicode, no
encryption or forbidden actions, printable annotations, attachments each listed once in /AF,
a structure tree, page labels, an outline, /Lang; then qpdf's check and veraPDF.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

from .pdfs import Result, _font_name, _fonts, _fonts_embedded, _listing, _metadata, _nonblank, _one_line, _show, _walk, _xmp, icc_colour_space, icc_description, checked, run_verapdf


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


def check_archival(path: Path) -> list[Result]:
    """The archival PDF/A-3: pikepdf checks, then qpdf's check and veraPDF."""
    flavours = []  # the PDF/A part and level it claims, for veraPDF's profile

    def checks(pdf: pikepdf.Pdf) -> list[Result]:
        meta = _metadata(pdf)
        ident, flavour = _pdfa_identification(meta)
        flavours.append(flavour)
        return [
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

    results = checked(path, "archival", checks)
    results.append(run_verapdf(path, flavours[0] if flavours else None))
    return results


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


def _not_encrypted(pdf: pikepdf.Pdf, kind: str) -> Result:
    name = f"{kind}: not encrypted"
    if pdf.is_encrypted or "/Encrypt" in pdf.trailer:
        return Result(name, False, "the trailer has /Encrypt")
    return Result(name, True, "no /Encrypt")


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
