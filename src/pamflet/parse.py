"""Markdown → document model: pandoc (sandboxed) writes HTML, lxml reads it into the model."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pypandoc
from lxml import html

from .errors import PamfletError
from .model import Book, Chapter, Heading, Note
from .safety import contained
from .sanitise import check_image, check_tree
from .source import Source

# Smart quotes off: the author's quote marks stay as written. Raw HTML and TeX are read as
# text unless the book opts in.
READER = "markdown-smart-raw_tex-raw_attribute"


def parse_book(source: Source, allow_raw_html: bool = False) -> Book:
    chapters, notes, images = [], [], []
    reader = READER if allow_raw_html else READER + "-raw_html"
    for index, chapter_source in enumerate(source.chapters, start=1):
        prefix = f"c{index}-" if len(source.chapters) > 1 else ""
        tree = _pandoc(chapter_source.text, reader, prefix, chapter_source.path)
        check_tree(tree, chapter_source.text, chapter_source.path, chapter_source.first_line)
        notes += _take_notes(tree, start=len(notes) + 1)
        images += _check_images(tree, source, chapter_source)
        chapters.append(Chapter(chapter_source.path, tree, _headings(tree)))
    _number_blocks(chapters, notes)
    sources = [source.main] + [c.path for c in source.chapters if c.path != source.main]
    return Book(source.folder, source.slug, source.meta, chapters, notes, images, sources)


def _pandoc(text: str, reader: str, prefix: str, path: Path) -> html.HtmlElement:
    args = ["--sandbox", "--section-divs", "--wrap=none"]
    if prefix:
        args.append(f"--id-prefix={prefix}")
    try:
        out = pypandoc.convert_text(text, "html5", format=reader, extra_args=args)
    except RuntimeError as exc:
        raise PamfletError(path, f"pandoc could not read it: {str(exc).strip().splitlines()[-1]}") from None
    return html.fragment_fromstring(out or "<p></p>", create_parent="div")


BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "caption", "figcaption", "dt", "dd", "pre"}


def _is_block(element) -> bool:
    # pandoc's line block (| lines, and the importer's table-like regions) holds its text itself.
    return element.tag in BLOCKS or (element.tag == "div" and "line-block" in (element.get("class") or "").split())


def _number_blocks(chapters: list[Chapter], notes: list[Note]) -> None:
    """Give every text block an id both writers share (data-block), so that where a print
    page starts can be marked in the e-book."""
    counter = 0
    for tree in [c.tree for c in chapters] + [el for note in notes for el in note.content]:
        for element in tree.iter():
            if isinstance(element.tag, str) and _is_block(element):
                counter += 1
                element.set("data-block", str(counter))


def _headings(tree: html.HtmlElement) -> list[Heading]:
    headings = []
    for section in tree.iter("section"):
        heading = next((child for child in section if child.tag in ("h1", "h2", "h3", "h4", "h5", "h6")), None)
        if heading is not None and section.get("id"):
            short = " ".join((heading.get("data-short") or "").split()) or None
            headings.append(Heading(section.get("id"), int(heading.tag[1]), " ".join(heading.text_content().split()), short))
    return headings


def _take_notes(tree: html.HtmlElement, start: int) -> list[Note]:
    """Remove pandoc's end-of-document notes section; keep each note's content for the writers."""
    section = next((s for s in tree.iter("section") if "footnotes" in (s.get("class") or "").split()), None)
    if section is None:
        return []
    section.getparent().remove(section)
    notes = []
    for number, item in enumerate(section.iter("li"), start=start):
        for back in item.xpath(".//a[@role='doc-backlink']"):
            back.drop_tree()
        ref = tree.xpath(f".//a[@href='#{item.get('id')}']")
        notes.append(Note(number, item.get("id"), ref[0].get("id") if ref else "", list(item)))
    return notes


def _check_images(tree: html.HtmlElement, source: Source, chapter) -> list[Path]:
    """Images must be files inside the book folder: no web addresses, no ../ escapes."""
    found = []
    for img in tree.iter("img"):
        src = img.get("src", "")
        line = _line_of(chapter, src)
        parts = urlsplit(src)
        if parts.scheme or parts.netloc:
            raise PamfletError(chapter.path, f"image {src!r} is not a file in the book folder (remote images are not fetched)", line)
        path = contained(source.folder / unquote(parts.path), [source.folder], "image", chapter.path, line)
        if not path.is_file():
            raise PamfletError(chapter.path, f"image {src!r} does not exist", line)
        check_image(path, src, chapter.path, line)
        if not img.get("alt"):
            raise PamfletError(chapter.path, f"image {src!r} has no description (alt text): write ![description]({src})", line)
        img.set("src", path.relative_to(source.folder).as_posix())
        found.append(path)
    return found


def _line_of(chapter, needle: str) -> int | None:
    offset = chapter.text.find(needle)
    return None if offset < 0 else chapter.first_line + chapter.text.count("\n", 0, offset)
