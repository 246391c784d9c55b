"""The press PDF's checks: PDF/X-4 identification and output intent, trim and bleed boxes, no
gray written as RGB, device colour only in the output intent's space, crop marks beyond the bleed.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

from ..outputs import MM
from .pdfs import _box, A5, Result, SIZE_TOLERANCE, _fonts_embedded, _inherited, _listing, _metadata, _nonblank, _one_line, _show, _xmp, icc_colour_space, icc_description, checked


MIN_BLEED = 3 * MM - 0.01  # 3 mm, so a writer that rounds it to 8.5 pt still passes


XMP_PDFX_ID = "http://www.npes.org/pdfx/ns/id/"


def check_press(path: Path) -> list[Result]:
    """The press PDF/X-4: identification, output intent, trim and bleed, fonts."""
    def checks(pdf: pikepdf.Pdf) -> list[Result]:
        meta = _metadata(pdf)
        return [
            _pdfx_identification(pdf, meta),
            _pdfx_metadata(pdf, meta),
            _pdfx_output_intent(pdf),
            _press_boxes(pdf),
            _press_gray(pdf),
            _press_colour_spaces(pdf),
            _press_marks(pdf),
            _fonts_embedded(pdf, "press"),
        ]

    return checked(path, "press", checks)


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
