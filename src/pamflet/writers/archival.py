"""The archival edition: PDF/A-3a written from the print layout, with its sources attached."""

from __future__ import annotations

import datetime as dt
import io
import mimetypes
from pathlib import Path

import pikepdf
from weasyprint import Attachment

from ..model import Book
from ..render import build_time
from ..safety import contained
from ..layout import Layout

# PDF/A-3 level a (tagged): WeasyPrint writes the structure tree from the same layout.
VARIANT = "pdf/a-3a"


def source_files(book: Book) -> list[Path]:
    """What the archive copy carries of its making: the Markdown, index.yml and the raw text."""
    files = list(book.sources)
    if (book.folder / "index.yml").is_file():
        files.append(book.folder / "index.yml")
    raw = book.folder / "raw"
    if raw.is_dir():
        contained(raw, [book.folder], "folder")
        files += sorted(p for p in raw.rglob("*") if p.is_file())
    for path in files:  # a link in raw/ to a file elsewhere would publish that file
        contained(path, [book.folder], "source file")
    return files


def write_archival(book: Book, layout: Layout) -> bytes:
    built = build_time(book)
    attachments = [_attachment(book, path, built) for path in source_files(book)]
    data = layout.document.write_pdf(pdf_variant=VARIANT, attachments=attachments, pdf_identifier=book.slug.encode())
    return _finish(data, book, layout, built)


# Our own types: the host's MIME database would make them depend on the machine.
TYPES = {".md": "text/markdown", ".yml": "application/yaml", ".yaml": "application/yaml", ".txt": "text/plain"}


def media_type(path: Path) -> str:
    return TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name, strict=True)[0] or "application/octet-stream"


def _attachment(book: Book, path: Path, built: dt.datetime) -> Attachment:
    name = path.relative_to(book.folder).as_posix()
    kind = media_type(path)
    # Fixed dates: WeasyPrint would take them from the file's timestamps otherwise.
    return Attachment(filename=str(path), name=name, description=f"Source: {name} ({kind})", relationship="Source", created=built, modified=built)


def _finish(data: bytes, book: Book, layout: Layout, built: dt.datetime) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        _one_af_entry_per_file(pdf)
        _media_types(pdf)
        _page_labels(pdf, first_text_page(layout))
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=True) as xmp:
            xmp["dc:language"] = [book.lang]
            for key in ("rights", "description", "publisher"):
                if book.meta.get(key):
                    xmp[f"dc:{key}"] = book.meta[key] if key != "publisher" else [book.meta[key]]
            if book.meta.get("date"):
                xmp["dc:date"] = [book.meta["date"]]
            xmp["xmp:MetadataDate"] = built.isoformat()
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, fix_metadata_version=False)
    return out.getvalue()


def _one_af_entry_per_file(pdf: pikepdf.Pdf) -> None:
    """WeasyPrint 70 lists each attachment twice in /AF; PDF/A wants each once."""
    if "/AF" not in pdf.Root:
        return
    seen, kept = set(), pikepdf.Array()
    for spec in pdf.Root.AF:
        key = spec.objgen
        if key not in seen:
            seen.add(key)
            kept.append(spec)
    pdf.Root.AF = kept


def _media_types(pdf: pikepdf.Pdf) -> None:
    """Each embedded file's /Subtype as pamflet names it (WeasyPrint asks the host)."""
    for spec in pdf.Root.AF:
        kind = media_type(Path(str(spec.UF)))
        spec.EF.F.Subtype = pikepdf.Name("/" + kind)


def first_text_page(layout: Layout) -> int:
    starts = layout.page_map.page_starts
    return starts[0][0] if starts else 1


def _page_labels(pdf: pikepdf.Pdf, first_text: int) -> None:
    """Labels as printed: front matter i, ii, …; from the text on, the folios (which count
    the front pages, so the text's first page is labelled with its folio)."""
    numbers = pikepdf.Array()
    if first_text > 1:
        numbers.extend([0, pikepdf.Dictionary(S=pikepdf.Name.r)])
    numbers.extend([first_text - 1, pikepdf.Dictionary(S=pikepdf.Name.D, St=first_text)])
    pdf.Root.PageLabels = pikepdf.Dictionary(Nums=numbers)
