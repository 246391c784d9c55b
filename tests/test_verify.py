"""`pamflet check` for real: the seed book built once, then every output checked with pikepdf
(qpdf's own check among them) and EPUBCheck (one JVM); and copies broken one way each, which must fail exactly the
check that is about that way."""

from __future__ import annotations

import os
import shutil
import stat
import zipfile
from pathlib import Path

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name

from pamflet.build import build
from pamflet.verify import (
    A5,
    MM,
    SHEETS,
    XMP_PDFX_ID,
    Result,
    all_passed,
    check_archival,
    check_booklet,
    check_press,
    find_outputs,
    format_results,
    qpdf_check,
    run_verapdf,
    verify_build,
)

from .conftest import ROOT

EPOCH = "1700000000"
SLUG = "lenin-en-trotski-tegen-de-bureaucratie"

pytestmark = pytest.mark.slow

@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """The seed built once (print, EPUB, archival) with a fixed SOURCE_DATE_EPOCH."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        out = tmp_path_factory.mktemp("seed")
        return {o.kind: o.path for o in build(ROOT / "book", out)}


@pytest.fixture(scope="module")
def checked(built, tmp_path_factory) -> dict[str, Result]:
    """verify_build on one folder holding the seed's outputs plus a booklet and a press PDF,
    and a second book that has only a broken EPUB: both EPUBs go through one JVM."""
    folder = tmp_path_factory.mktemp("build")
    for path in built.values():
        shutil.copy(path, folder / path.name)
    if "booklet" not in built:  # build() makes one by default; else impose the print PDF here
        write_booklet(folder / f"{SLUG}-booklet.pdf", built["pdf"])
    write_press(folder / f"{SLUG}-press.pdf", icc_profile(built["archival"]))
    drop_member(built["epub"], folder / "broken.epub", "EPUB/text-02.xhtml")
    results = verify_build(folder)
    by_name = {r.name: r for r in results}
    assert len(by_name) == len(results), "check names must be unique"
    return by_name


def seed(checked: dict[str, Result]) -> dict[str, Result]:
    """The seed's results, without the book-id prefix that a folder of two books adds."""
    return {name.removeprefix(f"{SLUG} "): r for name, r in checked.items() if name.startswith(f"{SLUG} ")}


# --- helpers that make outputs ---


def write_booklet(path: Path, print_pdf: Path) -> Path:
    """The real booklet writer if it is there, else a stand-in with the same shape."""
    try:
        from pamflet.writers.booklet import impose_booklet
    except ImportError:
        return blank_pdf(path, [SHEETS["A4"]] * 26, title="Lenin en Trotski tegen de bureaucratie")
    data = impose_booklet(print_pdf.read_bytes(), title="Lenin en Trotski tegen de bureaucratie", author="Eric Toussaint")
    path.write_bytes(data)
    return path


def blank_pdf(path: Path, sizes: list[tuple[float, float]], title: str | None = "A booklet", **info) -> Path:
    pdf = pikepdf.new()
    for width, height in sizes:
        pdf.add_blank_page(page_size=(width, height))
    if title is not None:
        pdf.docinfo[Name.Title] = title
    for key, value in info.items():
        pdf.docinfo[Name("/" + key)] = value
    pdf.save(path)
    return path


def icc_profile(pdf_path: Path) -> bytes:
    """The ICC profile of a PDF's first output intent (WeasyPrint's sRGB in the archival PDF)."""
    with pikepdf.open(pdf_path) as pdf:
        return pdf.Root.OutputIntents[0].DestOutputProfile.read_bytes()


@pytest.fixture(scope="module")
def profile(built) -> bytes:
    return icc_profile(built["archival"])


def write_press(path: Path, profile: bytes, bleed_mm: float = 3.0, version: str | None = "PDF/X-4", trim=A5,
                black: str = "0 g", mark_gap_mm: float = 2.0, slug_mm: float = 10.0) -> Path:
    """A stand-in PDF/X-4 made by hand: A5 trim, 3 mm bleed, a filled box and a rule in ``black``, crop marks ``mark_gap_mm`` beyond the bleed in a slug of ``slug_mm``."""
    pdf = pikepdf.new()
    bleed, slug = bleed_mm * MM, slug_mm * MM
    width, height = trim
    for _ in range(2):
        pdf.add_blank_page(page_size=(width + 2 * slug, height + 2 * slug))
        page = pdf.pages[-1]
        page.obj.TrimBox = Array([slug, slug, slug + width, slug + height])
        page.obj.BleedBox = Array([slug - bleed, slug - bleed, slug + width + bleed, slug + height + bleed])
        x0, y0, x1, y1 = slug, slug, slug + width, slug + height
        gap, n = bleed + mark_gap_mm * MM, 5 * MM
        marks = [(x0 - gap, y0, x0 - gap - n, y0), (x0 - gap, y1, x0 - gap - n, y1), (x1 + gap, y0, x1 + gap + n, y0),
                 (x1 + gap, y1, x1 + gap + n, y1), (x0, y0 - gap, x0, y0 - gap - n), (x1, y0 - gap, x1, y0 - gap - n),
                 (x0, y1 + gap, x0, y1 + gap + n), (x1, y1 + gap, x1, y1 + gap + n)]
        stroke = black[:-2] + "RG" if black.endswith("rg") else black[:-1] + black[-1].upper()
        content = [f"q {black} {x0 + 50} {y1 - 60} 100 8 re f {stroke} 0.5 w {x0 + 50} {y1 - 70} m {x0 + 150} {y1 - 70} l S Q",
                   "q 0.25 w 0 G"]
        content += [f"{a:.2f} {b:.2f} m {c:.2f} {d:.2f} l S" for a, b, c, d in marks] + ["Q"]
        page.obj.Contents = pdf.make_stream("\n".join(content).encode())

    icc = pdf.make_stream(profile, N=4 if profile[16:20] == b"CMYK" else 3)
    pdf.Root.OutputIntents = Array([Dictionary(
        Type=Name.OutputIntent, S=Name.GTS_PDFX, OutputConditionIdentifier="sRGB", DestOutputProfile=icc,
    )])
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        xmp["dc:title"] = "A press proof"
        xmp["pdf:Trapped"] = "False"
        if version:
            xmp[f"{{{XMP_PDFX_ID}}}GTS_PDFXVersion"] = version
    if version:
        pdf.docinfo[Name.GTS_PDFXVersion] = version
    pdf.docinfo[Name.Trapped] = Name("/False")
    pdf.save(path)
    return path


def drop_member(src: Path, dst: Path, member: str) -> Path:
    """A copy of an EPUB without one of the files its manifest lists."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            if info.filename != member:
                zout.writestr(info, zin.read(info.filename))
    return dst


def edited(src: Path, dst: Path, edit) -> Path:
    """A copy of a PDF, changed by edit(pdf) with pikepdf."""
    with pikepdf.open(src) as pdf:
        edit(pdf)
        pdf.save(dst)
    return dst


def failed(results: list[Result]) -> set[str]:
    return {r.name for r in results if r.ok is False}


def named(results: list[Result], name: str) -> Result:
    return next(r for r in results if r.name == name)


# --- the real build passes ---


ARCHIVAL_CHECKS = [
    "archival: PDF/A identification",
    "archival: XMP metadata",
    "archival: output intent",
    "archival: fonts embedded",
    "archival: fonts map to Unicode",
    "archival: not encrypted",
    "archival: no JavaScript",
    "archival: no forbidden actions",
    "archival: annotations",
    "archival: attachments",
    "archival: /AF lists each attachment once",
    "archival: tagged",
    "archival: page labels",
    "archival: outline",
    "archival: document language",
]


def test_the_seed_passes_every_archival_check(checked):
    results = seed(checked)
    for name in ARCHIVAL_CHECKS:
        assert results[name].ok is True, f"{name}: {results[name].detail}"


def test_the_seed_epub_passes_epubcheck(checked):
    result = seed(checked)["epub: EPUBCheck"]
    assert result.ok is True, result.detail
    assert "0 errors, 0 warnings" in result.detail


def test_qpdf_finds_nothing_in_any_seed_pdf(checked):
    results = seed(checked)
    for kind in ("print", "archival", "booklet", "press"):
        assert results[f"{kind}: qpdf check"].ok is True, results[f"{kind}: qpdf check"].detail


def test_nothing_in_the_seed_build_fails(checked):
    results = seed(checked)
    assert not [f"{r.name}: {r.detail}" for r in results.values() if r.ok is False]
    # Booklet and press were checked because they were there.
    assert {"booklet: page count", "booklet: sheet size", "booklet: metadata", "press: page boxes"} <= set(results)
    # Only a missing tool may skip a check.
    for r in results.values():
        if r.ok is None:
            assert "not installed" in r.detail, r


def test_what_the_archival_checks_read(checked):
    results = seed(checked)
    assert "PDF/A-3a" in results["archival: PDF/A identification"].detail
    assert "sRGB" in results["archival: output intent"].detail
    assert "essay.md" in results["archival: attachments"].detail
    assert "'nl'" in results["archival: document language"].detail


def test_the_index_passes_the_epub_indexes_profile(checked):
    result = seed(checked)["epub: EPUB Indexes"]
    assert result.ok is True and "0 messages about EPUB/index.xhtml" in result.detail, result.detail


def test_a_broken_epub_fails_epubcheck_in_the_same_run(checked):
    result = checked["broken epub: EPUBCheck"]
    assert result.ok is False
    assert "RSC-001" in result.detail and "text-02.xhtml" in result.detail


def test_a_book_with_only_an_epub_misses_its_pdfs(checked):
    assert checked["broken print: file"].ok is False
    assert checked["broken archival: file"].ok is False
    assert "broken-archival.pdf" in checked["broken archival: file"].detail


def test_an_empty_folder_fails_each_expected_output(tmp_path):
    results = verify_build(tmp_path)
    assert [(r.name, r.ok) for r in results] == [("epub: file", False), ("print: file", False), ("archival: file", False)]


def test_missing_outputs_fail_without_running_epubcheck(built, tmp_path):
    shutil.copy(built["pdf"], tmp_path)
    results = verify_build(tmp_path)
    assert {"epub: file", "archival: file"} <= failed(results)
    assert named(results, "print: pages").ok is True


def test_outputs_are_found_by_suffix(tmp_path):
    for name in ("a.epub", "a.pdf", "a-archival.pdf", "a-booklet.pdf", "a-press.pdf", "b-archival.pdf", "notes.txt"):
        (tmp_path / name).write_bytes(b"")
    found = find_outputs(tmp_path)
    assert set(found) == {"a", "b"}
    assert {k: p.name for k, p in found["a"].items()} == {
        "epub": "a.epub", "pdf": "a.pdf", "archival": "a-archival.pdf",
        "booklet": "a-booklet.pdf", "press": "a-press.pdf",
    }
    assert set(found["b"]) == {"archival"}


# --- a broken archival PDF fails the check about it, and only that one ---


def _first_font_descriptor(pdf: pikepdf.Pdf) -> Dictionary:
    for page in pdf.pages:
        for font in page.obj.Resources.get("/Font", Dictionary()).values():
            if font.get("/Subtype") == Name.Type0:
                return font.DescendantFonts[0].FontDescriptor
            if "/FontDescriptor" in font:
                return font.FontDescriptor
    raise AssertionError("the archival PDF uses no font")


def _duplicate_af(pdf):
    pdf.Root.AF.append(pdf.Root.AF[0])


def _drop_output_intents(pdf):
    del pdf.Root["/OutputIntents"]


def _javascript_open_action(pdf):
    pdf.Root.OpenAction = pdf.make_indirect(Dictionary(Type=Name.Action, S=Name.JavaScript, JS="app.alert('hi')"))


def _drop_font_file(pdf):
    descriptor = _first_font_descriptor(pdf)
    for key in ("/FontFile", "/FontFile2", "/FontFile3"):
        if key in descriptor:
            del descriptor[key]


def _launch_link(pdf):
    page = pdf.pages[-1]
    link = pdf.make_indirect(Dictionary(
        Type=Name.Annot, Subtype=Name.Link, Rect=Array([0, 0, 10, 10]), F=4,
        A=Dictionary(S=Name.Launch, F="evil.exe"),
    ))
    page.obj.Annots = Array([*page.obj.get("/Annots", Array()), link])


def _drop_lang(pdf):
    del pdf.Root["/Lang"]


def _drop_page_labels(pdf):
    del pdf.Root["/PageLabels"]


def _unmark(pdf):
    pdf.Root.MarkInfo.Marked = False


def _claim_pdfa2(pdf):
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        xmp["pdfaid:part"] = "2"


def _hidden_annotation(pdf):
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", Array()):
            annot.F = 2 | 4
            return


BREAKAGES = {
    "duplicate /AF entry": (_duplicate_af, "archival: /AF lists each attachment once", "listed 2 times"),
    "no /OutputIntents": (_drop_output_intents, "archival: output intent", "GTS_PDFA1"),
    "JavaScript /OpenAction": (_javascript_open_action, "archival: no JavaScript", "/OpenAction"),
    "font without FontFile": (_drop_font_file, "archival: fonts embedded", "not embedded"),
    "Launch action in a link": (_launch_link, "archival: no forbidden actions", "/Launch"),
    "no /Lang": (_drop_lang, "archival: document language", "/Lang"),
    "no /PageLabels": (_drop_page_labels, "archival: page labels", "/PageLabels"),
    "/Marked false": (_unmark, "archival: tagged", "/Marked"),
    "claims PDF/A-2": (_claim_pdfa2, "archival: PDF/A identification", "part 3"),
    "hidden annotation": (_hidden_annotation, "archival: annotations", "/F 6"),
}


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_a_broken_archival_pdf_fails_the_check_about_it(built, tmp_path, breakage):
    edit, name, why = BREAKAGES[breakage]
    path = edited(built["archival"], tmp_path / f"{SLUG}-archival.pdf", edit)
    results = check_archival(path)
    result = named(results, name)
    assert result.ok is False, result
    assert why in result.detail
    assert failed(results) == {name}, format_results(results)


def test_a_damaged_cross_reference_fails_qpdf(built, tmp_path):
    data = bytearray(built["archival"].read_bytes())
    at = data.rindex(b"startxref")
    number = data[at + 10:].split()[0]
    data[at + 10: at + 10 + len(number)] = str(int(number) - 7).encode().rjust(len(number), b"0")
    path = tmp_path / "damaged-archival.pdf"
    path.write_bytes(bytes(data))
    result = qpdf_check(path, "archival")
    assert result.ok is False
    assert "xref not found" in result.detail, result.detail


def test_an_unreadable_pdf_is_a_failed_check_not_a_crash(tmp_path):
    path = tmp_path / "x-archival.pdf"
    path.write_bytes(b"not a pdf at all")
    results = check_archival(path)
    assert named(results, "archival: readable").ok is False


# --- tools that are not installed are skipped, and veraPDF's verdict is read ---


def test_a_missing_verapdf_skips(built, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    result = run_verapdf(built["archival"], "3a")
    assert result == Result("archival: veraPDF", None, "veraPDF not installed: skipped")


def _fake_verapdf(folder: Path, verdict: str, code: int) -> None:
    """A `verapdf` that records its arguments and prints a text-format verdict."""
    script = folder / "verapdf"
    script.write_text(
        "#!/bin/sh\n"
        f'echo "$@" > "{folder}/args"\n'
        'for last; do :; done\n'
        f'echo "{verdict} $last 3a"\n'
        + ('echo "  FAIL 6.2.11.4.1-1"\n' if verdict == "FAIL" else "")
        + f"exit {code}\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)


@pytest.mark.parametrize(("verdict", "code", "ok"), [("PASS", 0, True), ("FAIL", 1, False)])
def test_verapdf_verdict_is_read_from_its_text_report(built, tmp_path, monkeypatch, verdict, code, ok):
    _fake_verapdf(tmp_path, verdict, code)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    result = run_verapdf(built["archival"], "3a")
    assert result.ok is ok, result
    assert (tmp_path / "args").read_text().split() == ["--format", "text", "--verbose", "--flavour", "3a",
                                                            str(built["archival"])]
    if not ok:
        assert "6.2.11.4.1-1" in result.detail


def test_verapdf_without_a_verdict_fails(built, tmp_path, monkeypatch):
    script = tmp_path / "verapdf"
    script.write_text("#!/bin/sh\necho 'java.lang.OutOfMemoryError' >&2\nexit 7\n")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    result = run_verapdf(built["archival"])
    assert result.ok is False and "no verdict" in result.detail and "OutOfMemoryError" in result.detail


# --- booklet ---


def test_the_real_booklet_passes(built, tmp_path):
    path = built.get("booklet") or write_booklet(tmp_path / "x-booklet.pdf", built["pdf"])
    results = check_booklet(path)
    assert not failed(results), format_results(results)


@pytest.mark.parametrize(
    ("sizes", "info", "name"),
    [
        ([SHEETS["A4"]] * 3, {}, "booklet: page count"),
        ([(A5[0], A5[1])] * 4, {}, "booklet: sheet size"),
        ([(A5[1], A5[0])] * 4, {}, "booklet: sheet size"),  # A5 landscape: half a sheet
        ([SHEETS["A4"], SHEETS["A3"]], {}, "booklet: sheet size"),  # two sheet sizes
        ([SHEETS["A4"]] * 2, {"title": None}, "booklet: metadata"),
        ([SHEETS["A4"]] * 2, {"title": "A booklet", "Author": "None"}, "booklet: metadata"),
    ],
    ids=["odd page count", "A5 portrait", "A5 landscape", "A4 and A3", "no title", "author None"],
)
def test_a_wrong_booklet_fails_the_check_about_it(tmp_path, sizes, info, name):
    path = blank_pdf(tmp_path / "x-booklet.pdf", sizes, **info)
    results = check_booklet(path)
    assert failed(results) == {name}, format_results(results)


@pytest.mark.parametrize("sheet", ["A4", "A3", "letter"])
def test_every_sheet_size_the_writer_offers_passes(tmp_path, sheet):
    results = check_booklet(blank_pdf(tmp_path / "x-booklet.pdf", [SHEETS[sheet]] * 2))
    assert named(results, "booklet: sheet size").ok is True
    assert sheet in named(results, "booklet: sheet size").detail


# --- press ---


def test_a_good_press_pdf_passes(tmp_path, profile):
    results = check_press(write_press(tmp_path / "x-press.pdf", profile))
    assert not failed(results), format_results(results)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"bleed_mm": 2.0}, "press: page boxes"),
        ({"trim": (A5[0] + 5, A5[1])}, "press: page boxes"),
        ({"version": None}, "press: PDF/X identification"),
        ({"version": "PDF/X-1a:2001"}, "press: PDF/X identification"),
    ],
    ids=["2 mm bleed", "trim not A5", "no PDF/X version", "PDF/X-1a"],
)
def test_a_wrong_press_pdf_fails_the_check_about_it(tmp_path, profile, kwargs, name):
    results = check_press(write_press(tmp_path / "x-press.pdf", profile, **kwargs))
    assert failed(results) == {name}, format_results(results)


@pytest.mark.parametrize(
    ("kwargs", "name", "why"),
    [
        ({"black": "0 0 0 rg"}, "press: no RGB black", "gray colours set as RGB"),
        ({"black": "0.2 0.2 0.2 rg"}, "press: no RGB black", "page 1: 2×"),
        ({"mark_gap_mm": -2.0}, "press: marks outside the bleed", "from the slug into the bleed"),
        ({"slug_mm": 3.0, "mark_gap_mm": -2.5}, "press: marks outside the bleed", "no slug for the marks"),
    ],
    ids=["RGB black", "RGB gray", "marks into the bleed", "no slug"],
)
def test_a_press_pdf_with_rgb_black_or_marks_in_the_bleed_fails(tmp_path, profile, kwargs, name, why):
    results = check_press(write_press(tmp_path / "x-press.pdf", profile, **kwargs))
    assert failed(results) == {name}, format_results(results)
    assert why in named(results, name).detail, named(results, name).detail


def test_colour_that_is_not_gray_may_stay_rgb_under_an_rgb_intent(tmp_path, profile):
    results = check_press(write_press(tmp_path / "x-press.pdf", profile, black="0.478 0.122 0.122 rg"))
    assert not failed(results), format_results(results)


FOGRA39 = (ROOT / "profiles" / "FOGRA39L.icc").read_bytes()


@pytest.mark.parametrize(
    ("icc", "black", "bad"),
    [(FOGRA39, "0 g", None), (FOGRA39, "0 0 0 1 k", None), (FOGRA39, "0.478 0.122 0.122 rg", "DeviceRGB under the CMYK"),
     ("srgb", "0 0 0 1 k", "DeviceCMYK under the RGB")],
    ids=["CMYK intent, gray", "CMYK intent, CMYK", "CMYK intent, RGB", "RGB intent, CMYK"],
)
def test_device_colour_must_match_the_output_intent(tmp_path, profile, icc, black, bad):
    results = check_press(write_press(tmp_path / "x-press.pdf", profile if icc == "srgb" else icc, black=black))
    result = named(results, "press: colour spaces")
    assert failed(results) == ({"press: colour spaces"} if bad else set()), format_results(results)
    assert bad is None or bad in result.detail, result.detail


def test_a_press_pdf_without_pdfx_output_intent_fails(tmp_path, profile):
    path = edited(write_press(tmp_path / "a-press.pdf", profile), tmp_path / "b-press.pdf",
                  lambda pdf: setattr(pdf.Root.OutputIntents[0], "S", Name.GTS_PDFA1))
    assert failed(check_press(path)) == {"press: output intent"}


def test_a_press_pdf_without_bleed_box_fails(tmp_path, profile):
    def drop(pdf):
        del pdf.pages[1].obj["/BleedBox"]

    path = edited(write_press(tmp_path / "a-press.pdf", profile), tmp_path / "b-press.pdf", drop)
    result = named(check_press(path), "press: page boxes")
    assert result.ok is False and "page 2: no /BleedBox" in result.detail


# --- the report ---


def test_format_results_one_line_each_then_the_counts():
    text = format_results([
        Result("archival: outline", True, "59 items"),
        Result("archival: tagged", False, "no /StructTreeRoot"),
        Result("archival: veraPDF", None, "veraPDF not installed: skipped"),
    ])
    assert text.splitlines() == [
        "PASS  archival: outline: 59 items  [archival.outline]",
        "FAIL  archival: tagged: no /StructTreeRoot  [archival.tagged]",
        "SKIP  archival: veraPDF: veraPDF not installed: skipped  [archival.verapdf]",
        "checks: 1 pass, 1 fail, 1 skipped",
    ]


def test_every_check_of_the_seed_has_an_id_of_its_own(checked):
    ids = [Result(name, r.ok, r.detail).id for name, r in seed(checked).items()]
    assert len(set(ids)) == len(ids) and all(i.split(".")[0] in {"epub", "print", "archival", "booklet", "press"} for i in ids), ids


def test_all_passed_ignores_skips():
    assert all_passed([Result("a", True, ""), Result("b", None, "")])
    assert not all_passed([Result("a", True, ""), Result("b", False, "")])


def test_the_report_for_the_seed_has_a_line_per_check_and_no_failure(checked):
    results = list(seed(checked).values())
    lines = format_results(results).splitlines()
    assert len(lines) == len(results) + 1
    assert all(line.startswith(("PASS  ", "SKIP  ")) for line in lines[:-1])
    passed = sum(r.ok is True for r in results)
    assert lines[-1] == f"checks: {passed} pass, 0 fail, {len(results) - passed} skipped"
