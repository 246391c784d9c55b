"""The e-book edition: the model → XHTML (templates/epub) → EPUB 3 packaged with ebooklib."""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import uuid
import zipfile
from dataclasses import dataclass, field

from ebooklib import epub
from lxml import etree, html
from markupsafe import Markup

from ..index import heading as index_heading
from ..index import listed, locators, registers
from ..layout import PageMap
from ..model import Book, Chapter, Heading
from ..hyphenation import hyphen_points, hyphenation_exceptions
from ..render import STYLES, build_time, environment, labels, render
from ..stylesheets import epub_resources, read_css
from .epub_a11y import a11y_facts, a11y_properties, a11y_warnings, conformance
from .epub_a11y import elements as _elements

OPS = "http://www.idpf.org/2007/ops"
XHTML = "http://www.w3.org/1999/xhtml"


class TemplateHtml(epub.EpubHtml):
    """An XHTML document written by our templates: ebooklib packages it as it is (its own
    get_content would re-parse it with an HTML parser and rebuild the head)."""

    def get_content(self, default=None):
        return self.content


@dataclass
class Part:
    """One XHTML file of the text: a chapter, or a top-level section of a one-file essay."""

    file: str
    title: str
    elements: list
    headings: list[Heading] = field(default_factory=list)


def write_epub(book: Book, page_map: PageMap, warn=None) -> bytes:
    """``page_map`` is the print layout's (pamflet.layout): the page list and the index carry
    its page numbers, the cover image is its first page. ``warn`` hears what keeps the
    accessibility metadata short of EPUB Accessibility 1.1 (see ``a11y_warnings``)."""
    env, words, built = environment(book), labels(book.lang), build_time(book)
    parts = _split(book)
    notes = {note.id: note for note in book.notes}
    bodies = {part.file: _with_table_boxes(_with_note_links(part.elements, notes)) for part in parts}
    pages = _mark_print_pages(bodies, page_map.page_starts)
    _hyphenate_table_heads(bodies.values(), book)  # after the markers, which count characters
    # Which file each anchor (heading, note reference, index occurrence) ends up in.
    anchor_file = {el.get("id"): name for name, elements in bodies.items() for el in _elements(elements) if el.get("id")}
    anchor_file.update({el.get("id"): "notes.xhtml" for note in book.notes for el in _elements(note.content) if el.get("id")})

    ebook = epub.EpubBook()
    facts = a11y_facts(book, bodies, bool(pages))
    for warning in a11y_warnings(book, facts):
        (warn or print)(warning)
    _metadata(ebook, book, built, facts, words)
    css, resources = _stylesheet(book)
    ebook.add_item(epub.EpubItem(uid="css", file_name="styles/epub.css", media_type="text/css", content=css))
    for number, path in enumerate(resources, start=1):  # fonts and images the book's epub.css uses
        name = path.relative_to(book.folder).as_posix()
        ebook.add_item(epub.EpubItem(uid=f"style-resource{number}", file_name=name, media_type=_media_type(name), content=path.read_bytes()))
    context = {"book": book, "labels": words, "built": built}

    def page(uid, file_name, template, title, **extra):
        item = TemplateHtml(uid=uid, file_name=file_name, title=title, lang=book.lang)
        item.content = _xhtml(render(env, template, **context, **extra))
        ebook.add_item(item)
        return item

    title_of_index = index_heading(book.index, words)
    cover_file, cover_type, cover_bytes = page_map.cover.file, page_map.cover.media_type, page_map.cover.data
    cover = epub.EpubImage(uid="cover-image", file_name=cover_file, media_type=cover_type, content=cover_bytes)
    cover.properties = ["cover-image"]
    ebook.add_item(cover)
    ebook.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-image"})  # for EPUB 2 reading systems
    spine = [page("cover", "cover.xhtml", "epub/cover.xhtml", book.meta["title"], cover_file=cover_file)]
    spine.append(page("title", "title.xhtml", "epub/titlepage.xhtml", book.meta["title"]))
    toc = _toc(book, parts)
    if book.notes:
        toc.append({"href": "notes.xhtml", "title": words["notes"], "file": "notes.xhtml", "children": []})
    indexes = []  # each register: an index of its own (EPUB Indexes 1.0 §2.4.1: a landmark each)
    if title_of_index:
        kinds = list(book.index.entries)
        indexes = [{"href": f"index.xhtml#index-{kind}", "title": words[kind]} for kind in kinds] if len(kinds) > 1 else []
        toc.append({"href": "index.xhtml", "title": title_of_index, "file": "index.xhtml", "children": indexes})
        indexes = indexes or [{"href": "index.xhtml", "title": title_of_index}]
    toc.append({"href": "colophon.xhtml", "title": words["colophon"], "file": "colophon.xhtml", "children": []})
    nav = page("nav", "nav.xhtml", "epub/nav.xhtml", words["contents"], toc=toc, notes=book.notes, pages=pages, indexes=indexes)
    nav.properties.append("nav")
    spine.append(nav)
    for n, part in enumerate(parts, start=1):
        body = bodies[part.file]
        spine.append(page(f"text{n}", part.file, "epub/text.xhtml", part.title, part={"title": part.title, "html": _markup(body)}))
    if book.notes:
        entries = [
            {"id": note.id, "number": note.number, "ref_href": f"{anchor_file.get(note.ref_id, '')}#{note.ref_id}", "html": _markup(note.content)}
            for note in book.notes
        ]
        spine.append(page("notes", "notes.xhtml", "epub/notes.xhtml", words["notes"], notes=entries))
    if book.index:
        index_page = page("index", "index.xhtml", "epub/index.xhtml", title_of_index, **_index_context(book, page_map, anchor_file, words))
        index_page.properties.append("index")  # EPUB Indexes 1.0: the manifest names the index document
        spine.append(index_page)
    spine.append(page("colophon", "colophon.xhtml", "epub/colophon.xhtml", words["colophon"]))
    for number, path in enumerate(sorted(set(book.images)), start=1):
        name = path.relative_to(book.folder).as_posix()
        ebook.add_item(epub.EpubImage(uid=f"image{number}", file_name=name, media_type=_media_type(name), content=path.read_bytes()))

    _tidy([item for item in ebook.get_items() if isinstance(item, TemplateHtml)])
    ebook.toc = [epub.Link(entry["href"], entry["title"], f"toc{n}") for n, entry in enumerate(toc, start=1)]
    ebook.add_item(epub.EpubNcx())
    ebook.spine = spine
    out = io.BytesIO()
    options = {"mtime": built.replace(tzinfo=None), "epub3_pages": False, "epub2_guide": False, "epub3_landmark": False, "raise_exceptions": True}
    epub.write_epub(out, ebook, options)
    return _reproducible_zip(out.getvalue(), built, book.lang)


def print_edition_identifier(book: Book) -> str:
    """The print edition the page list follows: its ISBN when the book gives one."""
    if book.meta.get("isbn"):
        return "urn:isbn:" + "".join(c for c in book.meta["isbn"] if c.isalnum()).upper()
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, identifier(book) + '#print')}"


def _mark_print_pages(bodies: dict[str, list], page_starts) -> list[dict]:
    """Put an epub:type="pagebreak" marker where each print page starts; return the page list.

    ``page_starts`` comes from the print layout (``pdf.page_starts``): the block a page starts
    in and how many of the block's own characters come before it, counted as
    ``layout.pagemap.block_characters`` counts them. The marker goes before the word holding that
    character (a word hyphenated over the page break belongs to the page it starts on)."""
    blocks = {int(el.get("data-block")): (name, el) for name, elements in bodies.items() for el in _elements(elements) if el.get("data-block")}
    pages = []
    for number, block, offset in page_starts:
        if block not in blocks:
            continue
        name, element = blocks[block]
        marker = html.Element("span", {"data-epub-type": "pagebreak", "role": "doc-pagebreak", "id": f"page-{number}", "aria-label": str(number)})
        _insert_before_character(element, offset, marker)
        pages.append({"label": str(number), "href": f"{name}#page-{number}"})
    return pages


def _is_noteref(element) -> bool:
    return element.get("role") == "doc-noteref" or element.get("data-epub-type") == "noteref"


def _text_slots(block):
    """Every character of a block's own text with where it is: (element, "text" or "tail",
    index), in reading order; notes, nested blocks and page markers left out, as in
    ``layout.pagemap.block_characters``."""
    def visit(node, top):
        if not top and (node.get("data-block") or _is_noteref(node) or node.get("data-epub-type") == "pagebreak"):
            return
        for i, char in enumerate(node.text or ""):
            yield char, node, "text", i
        for child in node:
            if isinstance(child.tag, str):
                yield from visit(child, False)
            for i, char in enumerate(child.tail or ""):
                yield char, child, "tail", i

    return list(visit(block, True))


def _insert_before_character(block, offset: int, marker) -> None:
    slots = _text_slots(block)
    visible = [n for n, slot in enumerate(slots) if not slot[0].isspace()]
    if offset >= len(visible):  # the page starts after the block's last character: at its end
        block.append(marker)
        return
    at = visible[offset]
    while at > 0 and not slots[at - 1][0].isspace():  # back to the start of the word
        at -= 1
    _, node, kind, index = slots[at]
    if kind == "text" and index == 0 and node is not block:
        node.addprevious(marker)
    elif kind == "text":
        marker.tail, node.text = node.text[index:], node.text[:index]
        node.insert(0, marker)
    else:
        marker.tail, node.tail = node.tail[index:], node.tail[:index]
        node.addnext(marker)


def _index_context(book: Book, page_map: PageMap, anchor_file: dict[str, str], words: dict) -> dict:
    """The same locators as the printed index, linked to the occurrences in the e-book."""
    anchors, located = {}, {}
    for n, entry in enumerate(book.index.all_entries(), start=1):
        if listed(entry):  # what stands in the index can be linked to
            anchors[entry.key] = f"entry-{n}"
        located[entry.key] = [
            {"label": loc.label, "href": f"{anchor_file[loc.href]}#{loc.href}", "first": loc.label.partition("–")[0], "last": loc.label.partition("–")[2],
             "end_href": f"{anchor_file[loc.end_href]}#{loc.end_href}" if loc.end_href else None}
            for loc in locators(entry, page_map.page_of)
        ]
    return {"registers": registers(book.index, words), "locators": located, "anchors": anchors, "index_heading": index_heading(book.index, words)}


def _split(book: Book) -> list[Part]:
    """Several chapter files: one XHTML file each. One file: one per top-level section."""
    parts: list[Part] = []
    if len(book.chapters) > 1:
        for chapter in book.chapters:
            title = chapter.headings[0].title if chapter.headings else book.meta["title"]
            parts.append(Part(f"text-{len(parts) + 1:02d}.xhtml", title, list(chapter.tree), chapter.headings))
        return parts
    chapter: Chapter = book.chapters[0]
    lead: list = []
    for element in chapter.tree:
        if element.tag == "section" and element.get("id"):
            headings = [h for h in chapter.headings if element.get("id") == h.id or element.xpath(f".//section[@id='{h.id}']")]
            parts.append(Part(f"text-{len(parts) + 1:02d}.xhtml", headings[0].title, lead + [element], headings))
            lead = []
        elif isinstance(element.tag, str):
            lead.append(element)
    if lead:  # text after the last section, or a text without headings
        if parts:
            parts[-1].elements += lead
        else:
            parts.append(Part("text-01.xhtml", book.meta["title"], lead, []))
    return parts


def _toc(book: Book, parts: list[Part]) -> list[dict]:
    toc = []
    top = min((h.level for h in book.headings), default=2)
    for part in parts:
        for heading in part.headings:
            entry = {"href": f"{part.file}#{heading.id}", "title": heading.title, "file": part.file, "children": []}
            if heading.level == top or not toc:
                toc.append(entry)
            elif heading.level == top + 1:
                toc[-1]["children"].append(entry)
    if not toc:
        toc = [{"href": parts[0].file, "title": book.meta["title"], "file": parts[0].file, "children": []}]
    return toc


def _note_refs(elements) -> list:
    return [ref for el in elements for ref in el.xpath(".//a[@role='doc-noteref']")]


def _with_note_links(elements, notes) -> list:
    """pandoc's note references become EPUB pop-up note references into notes.xhtml."""
    elements = [copy.deepcopy(el) for el in elements]
    for ref in _note_refs(elements):
        note = notes[ref.get("href").lstrip("#")]
        ref.set("href", f"notes.xhtml#{note.id}")
        ref.set("data-epub-type", "noteref")
        ref.attrib.pop("class", None)
    return elements


def _with_table_boxes(elements) -> list:
    """Each table in a box of its own (``.table-scroll`` in epub.css) that scrolls sideways
    when the table cannot reflow to the screen's width. pandoc's column widths (from the
    Markdown's dashes) go: they would hold the columns at fixed shares of any screen."""
    for root in elements:
        for table in list(root.iter("table")):
            for colgroup in table.findall("colgroup"):
                table.remove(colgroup)
            box = html.Element("div", {"class": "table-scroll", "tabindex": "0"})
            box.tail, table.tail = table.tail, None
            table.addprevious(box)
            box.append(table)
    return elements


def _hyphenate_table_heads(bodies, book: Book) -> None:
    """Soft hyphens in the words of table header cells, where the print edition may break
    them (its dictionary and the book's own list): a narrow column breaks "Industrie-arbeiders"
    with a hyphen in any reading system, also one that cannot hyphenate the language, and
    never mid-syllable. Invisible where the word is not broken; the letters stay as written."""
    exceptions = hyphenation_exceptions(book.meta.get("hyphenation") or [])

    def soft(text):
        if not text:
            return text
        return re.sub(r"\S+", lambda m: _with_soft_hyphens(m.group(0), hyphen_points(m.group(0), book.lang, exceptions)), text)

    for roots in bodies:
        for root in roots:
            for cell in root.iter("th"):
                for node in cell.iter(tag=etree.Element):
                    node.text = soft(node.text)
                    if node is not cell:
                        node.tail = soft(node.tail)


def _with_soft_hyphens(word: str, points: list[int]) -> str:
    for point in sorted(points, reverse=True):
        word = word[:point] + "\u00ad" + word[point:]
    return word


def _tidy(items) -> None:
    """Leave no working marks in the content documents: no data-* attributes, and no id that
    nothing links to (an index occurrence nobody points at loses its span altogether)."""
    trees = {item.file_name: etree.fromstring(item.content) for item in items}
    wanted = set()
    for name, root in trees.items():
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            href = el.get("href") or ""
            if "#" in href and "://" not in href:
                file, _, anchor = href.partition("#")
                wanted.add((file or name, anchor))
            for attribute in ("aria-labelledby", "aria-describedby"):
                wanted.update((name, ref) for ref in (el.get(attribute) or "").split())
    for item in items:
        root = trees[item.file_name]
        for el in list(root.iter()):
            if not isinstance(el.tag, str):
                continue
            for attribute in [a for a in el.attrib if a.startswith("data-")]:
                del el.attrib[attribute]
            if el.get("id") and (item.file_name, el.get("id")) not in wanted:
                del el.attrib["id"]
                if el.tag == f"{{{XHTML}}}span" and el.get("class") == "idx" and len(el.attrib) == 1:
                    _unwrap(el)
        item.content = etree.tostring(root, xml_declaration=True, encoding="utf-8", doctype="<!DOCTYPE html>")


def _unwrap(el) -> None:
    """Replace an element by its content."""
    parent, previous = el.getparent(), el.getprevious()
    text = (el.text or "")
    children = list(el)
    if children:
        children[-1].tail = (children[-1].tail or "") + (el.tail or "")
    else:
        text += el.tail or ""
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    index = parent.index(el)
    parent.remove(el)
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)


def _markup(elements) -> Markup:
    return Markup("".join(etree.tostring(el, method="xml", encoding="unicode") for el in elements))


def _xhtml(text: str) -> bytes:
    """Parse the rendered page as XML (it must be well-formed) and give our data-epub-type
    marks their real name, epub:type, which lxml.html elements cannot carry."""
    root = etree.fromstring(text.encode("utf-8"), etree.XMLParser(remove_blank_text=False, resolve_entities=False))
    for el in root.iter():
        if isinstance(el.tag, str) and "data-epub-type" in el.attrib:
            el.set(f"{{{OPS}}}type", el.attrib.pop("data-epub-type"))
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", doctype="<!DOCTYPE html>")


def _stylesheet(book: Book) -> tuple[bytes, list]:
    """The stock epub.css, then the book's own (checked: it may only use files in the book
    folder, which the e-book then carries at the same place)."""
    own = book.folder / "styles" / "epub.css"
    css = (STYLES / "epub.css").read_bytes()
    if not own.is_file() and not own.exists():  # a pipe or a folder goes on to read_css, which refuses it
        return css, []
    resources = sorted(set(epub_resources(own, book.folder)))
    return css + b"\n" + read_css(own, [book.folder]).encode("utf-8"), resources


MEDIA_TYPES = {
    "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "gif": "image/gif", "svg": "image/svg+xml",
    "webp": "image/webp", "otf": "font/otf", "ttf": "font/ttf", "woff": "font/woff", "woff2": "font/woff2",
}


def _media_type(name: str) -> str:
    return MEDIA_TYPES.get(name.rsplit(".", 1)[-1].lower(), "application/octet-stream")


def identifier(book: Book) -> str:
    """The book's own identifier, else a UUID derived from its metadata: stable, never random."""
    if book.meta.get("identifier"):
        return book.meta["identifier"]
    key = "|".join(str(book.meta.get(k) or "") for k in ("title", "subtitle", "author", "date", "lang"))
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'pamflet:' + key)}"


def _metadata(ebook: epub.EpubBook, book: Book, built: dt.datetime, facts, words: dict) -> None:
    meta = book.meta
    ebook.set_identifier(identifier(book))
    ebook.set_title(meta["title"])
    ebook.set_language(book.lang)
    if meta.get("author"):
        ebook.add_author(meta["author"])
    if meta.get("date"):
        ebook.add_metadata("DC", "date", meta["date"])
    for key in ("publisher", "rights", "description", "source"):
        if meta.get(key):
            ebook.add_metadata("DC", key, meta[key])
    for subject in meta.get("subjects") or []:
        ebook.add_metadata("DC", "subject", str(subject))
    properties = a11y_properties(facts, words)
    if facts.pages:  # the page list follows the print edition pamflet makes alongside
        properties.append(("pageBreakSource", print_edition_identifier(book)))
    for prop, value in properties:
        ebook.add_metadata(None, "meta", value, {"property": prop})
    conformance(ebook, book, facts)


def _package_language(opf: bytes, lang: str) -> bytes:
    """ebooklib leaves the package element without xml:lang; accessibility checkers want it."""
    root = etree.fromstring(opf)
    root.set("{http://www.w3.org/XML/1998/namespace}lang", lang)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def _reproducible_zip(data: bytes, built: dt.datetime, book_lang: str) -> bytes:
    """Same input, same bytes: fixed entry dates, mimetype first and stored."""
    stamp = max(built, dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)).timetuple()[:6]
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        names = ["mimetype"] + [n for n in source.namelist() if n != "mimetype"]
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            data = source.read(name)
            if name.endswith(".opf"):
                data = _package_language(data, book_lang)
            target.writestr(info, data)
    return out.getvalue()
