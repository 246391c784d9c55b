"""The layout stage: the model → the print edition laid out once (WeasyPrint), and what the
other outputs need of it, the `PageMap` (anchor pages, page starts, the cover image).

Every output uses the print layout: the PDFs draw it, the EPUB's page list and index carry
its page numbers. The page map is plain data that the build cache keeps, so that an EPUB
made after a print build needs no layout (and does not import WeasyPrint: nothing here does
until ``lay_out`` is called).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import cached_property

from ..errors import PamfletError
from ..model import Book


@dataclass(frozen=True)
class Cover:
    """The print cover as the e-book's cover image."""

    file: str  # images/cover.jpg or images/cover.png
    media_type: str
    data: bytes


@dataclass
class PageMap:
    """Where the print layout put things: all that the EPUB needs of it."""

    page_of: dict[str, int]  # anchor id → print page (1-based)
    page_starts: list[tuple[int, int, int]]  # (page, data-block it starts in, the block's characters before it)
    warnings: list[str] = field(default_factory=list)  # characters the fonts lack, with pages
    cover: Cover | None = None  # made on request (``Layout.cover``): only the EPUB needs it

    def to_json(self) -> dict:
        """For the build cache (the cover's bytes go in a blob of their own)."""
        cover = self.cover and {"file": self.cover.file, "media_type": self.cover.media_type}
        return {"page_of": self.page_of, "page_starts": [list(s) for s in self.page_starts], "warnings": self.warnings, "cover": cover}

    @classmethod
    def from_json(cls, data: dict, cover_bytes: bytes | None) -> "PageMap | None":
        """The page map back from the cache; None (a miss) unless every field is as written."""
        try:
            page_of = {str(k): int(v) for k, v in data["page_of"].items() if isinstance(v, int)}
            starts = [(int(a), int(b), int(c)) for a, b, c in data["page_starts"]]
            warnings = [w for w in data["warnings"] if isinstance(w, str)]
            cover = data["cover"]
            if cover is not None:
                if cover_bytes is None or (cover["file"], cover["media_type"]) not in COVER_TYPES or not cover_bytes.startswith(COVER_TYPES[cover["file"], cover["media_type"]]):
                    return None
                cover = Cover(cover["file"], cover["media_type"], cover_bytes)
        except (KeyError, TypeError, ValueError, AttributeError):
            return None
        if len(page_of) != len(data["page_of"]) or len(warnings) != len(data["warnings"]):
            return None
        return cls(page_of, starts, warnings, cover)


# The cover images pamflet makes, and how their files start (a cached cover is checked).
COVER_TYPES = {("images/cover.jpg", "image/jpeg"): b"\xff\xd8\xff", ("images/cover.png", "image/png"): b"\x89PNG\r\n\x1a\n"}


@dataclass
class Layout:
    """The print edition laid out: the text's WeasyPrint document and its page map; the whole
    document, with the index and the back cover joined, is made when a PDF is written."""

    book: Book
    body: object  # weasyprint Document of the front matter and the text
    page_map: PageMap
    extra_css: str = ""

    @cached_property
    def document(self):
        from .index import with_index
        from .weasy import _render
        from ..render import environment, labels, render

        book, extra_css = self.book, self.extra_css
        document = with_index(book, self.body, self.page_map.page_of, extra_css) if book.index else self.body
        back = _render(book, render(environment(book), "print/back-cover.html", book=book, cover=book.meta["cover"], labels=labels(book.lang)), extra_css)
        if len(back.pages) != 1:
            raise PamfletError(book.sources[0], f"the back cover takes {len(back.pages)} pages: shorten the description (metadata field 'description')")
        return document.copy(document.pages + back.pages)

    def cover(self, width: int = 1000) -> Cover:
        """The first page, the cover, as an image: a JPEG; a typographic cover (flat colours and
        type, no picture) as a 64-colour PNG instead when that is no larger, as it keeps the
        letters sharp. Kept in the page map."""
        if self.page_map.cover is None:
            import pypdfium2

            first = self.body.copy(self.body.pages[:1]).write_pdf()
            page = pypdfium2.PdfDocument(first)[0]
            image = page.render(scale=width / page.get_width()).to_pil().convert("RGB")
            jpeg = io.BytesIO()
            image.save(jpeg, format="JPEG", quality=85, optimize=True)
            cover = Cover("images/cover.jpg", "image/jpeg", jpeg.getvalue())
            if not (self.book.meta.get("cover") or {}).get("image"):
                png = io.BytesIO()
                image.quantize(64).save(png, format="PNG", optimize=True)
                if png.tell() <= jpeg.tell():
                    cover = Cover("images/cover.png", "image/png", png.getvalue())
            self.page_map.cover = cover
        return self.page_map.cover


def lay_out(book: Book, extra_css: str = "") -> Layout:
    """The text laid out once; ``extra_css`` varies it (the press PDF's bleed and marks)."""
    from .pagemap import page_numbers, page_starts
    from .weasy import font_files, missing_characters, render_document

    fonts = font_files(book)  # the fonts are checked before the layout, which takes seconds
    body = render_document(book, extra_css)
    page_map = PageMap(page_numbers(body), page_starts(body), missing_characters(book, body, fonts))
    return Layout(book, body, page_map, extra_css)
