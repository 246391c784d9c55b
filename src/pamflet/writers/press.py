"""The press PDF: single A5 pages as PDF/X-4, with bleed and crop marks, for a print shop.

WeasyPrint lays the pages out with their bleed (and writes every colour as DeviceRGB); pikepdf
then makes the file what a shop printing offset expects:

* a CMYK output intent, FOGRA39 (ISO 12647-2 coated offset), with the profile in
  ``profiles/`` that pamflet built from Fogra's freely licensed characterization data
  (Debian's ``icc-profiles-free``; see ``profiles/README.md``).
* text and rules on the black plate alone: WeasyPrint's black is ``0 0 0 rg``, which a RIP
  converting RGB to CMYK prints as four-colour black (blurred hairlines, wet ink) or a
  preflight sends back. Every colour with r = g = b in the pages', forms' and patterns'
  content streams becomes the same gray (``g``/``G``), which under a CMYK intent is K only.
* every other colour (the cover's background and text) converted to CMYK with the profile
  (Little CMS through Pillow: relative colorimetric with black point compensation); RGB
  images, shadings and transparency groups tagged with the sRGB ICC profile (device
  independent, allowed in PDF/X-4), for the RIP to convert; transparency groups (opacity)
  blend in the press's CMYK.
* crop marks outside the bleed: the MediaBox is the BleedBox plus a slug on every side,
  and the marks are drawn in the slug only (registration colour, 0.25 pt), never on the
  colour that runs into the bleed. TrimBox and BleedBox stay as WeasyPrint sets them, and
  the page's own drawing is clipped to the BleedBox.
"""

from __future__ import annotations

import hashlib
import io
import uuid
from decimal import Decimal

from functools import lru_cache

import pikepdf
from PIL import Image, ImageCms

from ..layout import Layout
from ..model import Book
from ..outputs import MM
from ..render import PROFILES
from .drawn import pages_drawn_once

MARK_GAP = 2 * MM  # between the bleed's edge and a crop mark
MARK_LENGTH = 5 * MM
SLUG_MARGIN = 1 * MM  # beyond the marks' ends
MARK_WIDTH = 0.25  # pt
REGISTRATION = "/PamfletRegistration"  # colour space resource: /Separation /All, on every plate
_GRAY_SETTERS = {"rg": "g", "RG": "G"}
_CMYK_SETTERS = {"rg": "k", "RG": "K"}
PROFILE = PROFILES / "FOGRA39L.icc"
# The characterization's registered name (ICC registry) and its print condition.
CONDITION = "FOGRA39"
CONDITION_TEXT = ("Offset printing, according to ISO 12647-2:2004/Amd 1, OFCOM, paper type 1 or 2 = coated art, "
                  "115 g/m2, tone value increase curves A (CMY) and B (K)")


def press_css(book: Book, bleed: str) -> str:
    """Bleed and crop marks; the cover's colour runs into the bleed (``bleed`` is checked by
    BuildOptions)."""
    cover = book.meta["cover"]
    return (
        f"@page {{ bleed: {bleed}; marks: none; }}\n"  # pamflet draws the marks, in the slug
        f"@page cover {{ background: {cover['background']}; }}\n"
    )


def write_press(book: Book, layout: Layout) -> bytes:
    """``layout`` is a layout of its own (``press_css``): bleed and marks change the page
    boxes (not the text's pages)."""
    # WeasyPrint's sRGB output intent: its profile tags the RGB that is left (images).
    with pages_drawn_once():
        data = layout.document.write_pdf(pdf_variant="pdf/x-4", pdf_identifier=book.slug.encode(), output_intent="srgb")
    return _stable_document_id(prepress(data))


@lru_cache(maxsize=1)
def _rgb_to_cmyk():
    srgb = ImageCms.createProfile("sRGB")
    press = ImageCms.ImageCmsProfile(str(PROFILE))
    return ImageCms.buildTransform(srgb, press, "RGB", "CMYK", renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
                                   flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)


@lru_cache(maxsize=None)
def to_cmyk(r: float, g: float, b: float) -> tuple[float, float, float, float]:
    """An sRGB colour (0–1) as CMYK under the press profile (0–1, three decimals)."""
    pixel = Image.new("RGB", (1, 1), tuple(max(0, min(255, round(v * 255))) for v in (r, g, b)))
    return tuple(round(v / 255, 3) for v in ImageCms.applyTransform(pixel, _rgb_to_cmyk()).getpixel((0, 0)))


def prepress(data: bytes) -> bytes:
    """CMYK output intent, gray text and rules, CMYK colour, a slug beyond the bleed, crop
    marks in the slug (see above)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        srgb = _srgb_space(pdf)
        press = pdf.make_indirect(pikepdf.Array([pikepdf.Name.ICCBased, _cmyk_output_intent(pdf)]))
        registration = pdf.make_indirect(pikepdf.Array([
            pikepdf.Name.Separation, pikepdf.Name.All, pikepdf.Name.DeviceCMYK,
            pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[0, 0, 0, 0], C1=[1, 1, 1, 1], N=1),
        ]))
        _tag_rgb(pdf, srgb, press)
        done: set[tuple[int, int]] = set()
        for page in pdf.pages:
            _convert_resources(pdf, page.obj.get("/Resources"), done)
            trim = [float(v) for v in page.obj.TrimBox]
            bleed = [float(v) for v in page.obj.get("/BleedBox", page.obj.MediaBox)]
            slug = max(trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3]) + MARK_GAP + MARK_LENGTH + SLUG_MARGIN
            clip = [pikepdf.ContentStreamInstruction([], pikepdf.Operator("q")),
                    pikepdf.ContentStreamInstruction([bleed[0], bleed[1], bleed[2] - bleed[0], bleed[3] - bleed[1]], pikepdf.Operator("re")),
                    pikepdf.ContentStreamInstruction([], pikepdf.Operator("W")),
                    pikepdf.ContentStreamInstruction([], pikepdf.Operator("n"))]
            body = _device_colours(pikepdf.parse_content_stream(page))
            end = [pikepdf.ContentStreamInstruction([], pikepdf.Operator("Q"))]
            page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(clip + body + end) + b"\n" + crop_marks(trim, bleed))
            resources = page.obj.Resources
            if "/ColorSpace" not in resources:
                resources.ColorSpace = pikepdf.Dictionary()
            resources.ColorSpace[REGISTRATION] = registration
            page.obj.MediaBox = pikepdf.Array([trim[0] - slug, trim[1] - slug, trim[2] + slug, trim[3] + slug])
            page.obj.BleedBox = pikepdf.Array(bleed)
            for box in ("/CropBox", "/ArtBox"):
                if box in page.obj:
                    del page.obj[box]
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, fix_metadata_version=False)
        return out.getvalue()


def crop_marks(trim: list[float], bleed: list[float]) -> bytes:
    """Eight strokes on the lines of the trim, from beyond the bleed outwards: in the slug only."""
    x0, y0, x1, y1 = trim
    left, bottom, right, top = bleed[0] - MARK_GAP, bleed[1] - MARK_GAP, bleed[2] + MARK_GAP, bleed[3] + MARK_GAP
    n = MARK_LENGTH
    segments = [
        (left, y0, left - n, y0), (left, y1, left - n, y1), (right, y0, right + n, y0), (right, y1, right + n, y1),
        (x0, bottom, x0, bottom - n), (x1, bottom, x1, bottom - n), (x0, top, x0, top + n), (x1, top, x1, top + n),
    ]
    ops = [f"q {REGISTRATION} CS 1 SCN {MARK_WIDTH:g} w 0 J []0 d"]
    ops += [f"{a:.3f} {b:.3f} m {c:.3f} {d:.3f} l S" for a, b, c, d in segments]
    ops.append("Q")
    return "\n".join(ops).encode()


def _device_colours(instructions):
    """``r g b rg`` with r = g = b → ``r g`` (and ``RG`` → ``G``): the same gray, DeviceGray, K
    only; any other ``rg``/``RG`` → ``k``/``K``, converted with the press profile."""
    out = []
    for instruction in instructions:
        name = str(instruction.operator)
        operands = list(instruction.operands)
        if name in _GRAY_SETTERS and len(operands) == 3:
            if operands[0] == operands[1] == operands[2]:
                instruction = pikepdf.ContentStreamInstruction([operands[0]], pikepdf.Operator(_GRAY_SETTERS[name]))
            else:
                cmyk = to_cmyk(*(float(v) for v in operands))
                instruction = pikepdf.ContentStreamInstruction([_number(v) for v in cmyk], pikepdf.Operator(_CMYK_SETTERS[name]))
        out.append(instruction)
    return out


def _number(value: float):
    return int(value) if value == int(value) else Decimal(str(value))


def _srgb_space(pdf: pikepdf.Pdf) -> pikepdf.Array:
    """[/ICCBased sRGB] from WeasyPrint's output intent (the profile it embeds)."""
    profile = pdf.Root.OutputIntents[0].DestOutputProfile
    return pdf.make_indirect(pikepdf.Array([pikepdf.Name.ICCBased, profile]))


def _cmyk_output_intent(pdf: pikepdf.Pdf) -> pikepdf.Stream:
    """FOGRA39 replaces WeasyPrint's sRGB output intent; returns the profile's stream."""
    icc = pdf.make_stream(PROFILE.read_bytes(), N=4)
    pdf.Root.OutputIntents = pikepdf.Array([pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX, OutputConditionIdentifier=CONDITION,
        RegistryName="http://www.color.org", OutputCondition=CONDITION_TEXT,
        Info=f"{CONDITION}: {CONDITION_TEXT} (profile built from Fogra's FOGRA39L data)", DestOutputProfile=icc,
    )])
    return icc


def _tag_rgb(pdf: pikepdf.Pdf, srgb: pikepdf.Array, press: pikepdf.Array) -> None:
    """DeviceRGB is not allowed under a CMYK output intent: images and shadings in DeviceRGB
    are tagged as sRGB (what WeasyPrint meant). Transparency groups (WeasyPrint's opacity)
    blend in the press's CMYK instead of sRGB, so that gray text inside them stays K only."""
    for obj in pdf.objects:
        if not isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
            continue
        if obj.get("/Subtype") == pikepdf.Name.Image or "/ShadingType" in obj:
            if obj.get("/ColorSpace") == pikepdf.Name.DeviceRGB:
                obj.ColorSpace = srgb
        group = obj.get("/Group")
        if isinstance(group, pikepdf.Dictionary) and "/CS" in group and _components(group.CS) == 3:
            group.CS = press


def _components(space) -> int | None:
    if space == pikepdf.Name.DeviceRGB:
        return 3
    if isinstance(space, pikepdf.Array) and len(space) == 2 and space[0] == pikepdf.Name.ICCBased:
        return int(space[1].get("/N", 0))
    return None


def _convert_resources(pdf: pikepdf.Pdf, resources, done: set) -> None:
    """``_device_colours`` for every form XObject and tiling pattern the resources name, recursively."""
    if not isinstance(resources, pikepdf.Dictionary):
        return
    streams = []
    for key in ("/XObject", "/Pattern"):
        group = resources.get(key)
        if isinstance(group, pikepdf.Dictionary):
            streams += [group[name] for name in group.keys()]
    for stream in streams:
        if not isinstance(stream, pikepdf.Stream) or stream.objgen in done:
            continue
        if stream.get("/Subtype") != pikepdf.Name.Form and stream.get("/PatternType") != 1:
            continue  # images, shadings
        done.add(stream.objgen)
        stream.write(pikepdf.unparse_content_stream(_device_colours(pikepdf.parse_content_stream(stream))))
        _convert_resources(pdf, stream.get("/Resources"), done)


def _stable_document_id(data: bytes) -> bytes:
    """WeasyPrint writes a random xmpMM:DocumentID for PDF/X; derive it from the content:
    the file saved with a placeholder ID is hashed, and the hash names the document."""
    def save(document_id: str) -> bytes:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
                xmp["xmpMM:DocumentID"] = document_id
            out = io.BytesIO()
            pdf.save(out, deterministic_id=True, fix_metadata_version=False)
            return out.getvalue()

    digest = hashlib.sha256(save("xmp.did:pending")).hexdigest()
    return save(f"xmp.did:{uuid.uuid5(uuid.NAMESPACE_URL, 'pamflet:' + digest)}")
