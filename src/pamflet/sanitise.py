"""What pandoc made of an untrusted text, checked before any writer sees it.

pandoc escapes raw HTML (unless ``--allow-raw-html``) but its attribute syntax still lets
``{onerror=…}`` and ``[x](javascript:…)`` through. The e-book would carry them to a reading
system, so they are refused here, for every output, with the line they were written on.
(bleach and nh3 sanitise HTML strings by rewriting them silently; a book with script in it
is a mistake or an attack, and the editor should hear of it, so this only checks.)
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote

from lxml import html

from .errors import PamfletError
from .safety import LIMITS, open_regular, read_bounded
from .stylesheets import loads_files

SAFE_SCHEMES = {"http", "https", "mailto"}  # and links without a scheme: inside the book
URL_ATTRIBUTES = {"href", "src", "xlink:href", "action", "formaction", "poster", "cite", "background", "srcset", "data", "longdesc", "usemap",
                  "ping", "{http://www.w3.org/XML/1998/namespace}base", "xml:base"}
# Elements that run code or pull in other documents; never allowed, not even with --allow-raw-html.
FORBIDDEN_ELEMENTS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "link", "meta", "form", "noscript", "template", "portal"}
# Attributes whose address a reading system loads, not one a reader follows.
LOADING_ATTRIBUTES = {"src", "srcset", "poster", "data", "background", "ping", "{http://www.w3.org/XML/1998/namespace}base", "xml:base"}
_SVG_LOADING = {"image", "use", "feimage", "script"}
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.\-]*)\s*:")
_CSS_URL = re.compile(r"url\s*\(|@import|expression\s*\(", re.I)


def check_tree(tree: html.HtmlElement, text: str, path: Path, first_line: int = 1) -> None:
    """Refuse script, event handlers, unsafe links and absurd nesting in a chapter's HTML."""
    where = _Locator(text, path, first_line)
    _check_depth(tree, where)
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag in FORBIDDEN_ELEMENTS:
            raise where.error(f"<{tag}>", f"the element <{tag}> is not allowed in a book (it runs code or loads other documents)")
        if tag == "style" and (_CSS_URL.search(element.text or "") or loads_files(element.text or "")):
            raise where.error("url(", "a <style> element may not load files or addresses (url(), @import)")
        for name, value in element.attrib.items():
            _check_attribute(tag, name.lower(), value, where)


def _check_attribute(tag: str, name: str, value: str, where: "_Locator") -> None:
    if name.startswith("on"):
        raise where.error(name, f"the attribute {name}= runs script; it is not allowed in a book")
    pattern = _CSS_URL.search(value) if name == "style" else None
    if name == "style" and (pattern or loads_files(value, inline=True)):
        raise where.error("url(" if pattern else value.strip()[:24], "a style attribute may not load files or addresses (url(), image-set(), @import)")
    if name in URL_ATTRIBUTES or name.endswith(":href") or (tag in _SVG_LOADING and name == "href"):
        image = (tag, name) == ("img", "src")  # parse.py checks an image's file, and says more
        loads = (name in LOADING_ATTRIBUTES and not image) or tag in _SVG_LOADING
        for url in (value.split(",") if name == "srcset" else [value]):
            _check_url(url.strip().split(" ")[0] if name == "srcset" else url, loads, where, paths=not image)


def _check_url(url: str, loads: bool, where: "_Locator", paths: bool = True) -> None:
    """A link goes to http, https, mailto or a place inside the book; what a page loads (an
    image's srcset, a video's poster, an object's data) only inside the book."""
    cleaned = re.sub(r"[\t\n\r]", "", url).strip("\x00 \x0c")  # what a browser's URL parser drops: "java\tscript:"
    shown = url.strip()[:60]
    scheme = _SCHEME.match(cleaned)
    if scheme and (loads or scheme.group(1).lower() not in SAFE_SCHEMES):
        kind = "a file a page loads must be in the book" if loads else "links are http, https, mailto or inside the book"
        raise where.error(url.strip()[:40], f"the link {shown!r} is not allowed: {kind}")
    if scheme or not paths:
        return
    local = unquote(cleaned.split("#", 1)[0].split("?", 1)[0])  # %2e%2e/ is ../ to a browser
    if local.startswith(("/", "\\")) or posixpath.normpath(local or ".").startswith(".."):
        raise where.error(url.strip()[:40], f"the link {shown!r} is not allowed: it leads out of the book (an absolute path, '..' or '//host')")


def _check_depth(tree, where: "_Locator") -> None:
    """Lists or quotes nested hundreds deep overflow the writers' (and WeasyPrint's) recursion."""
    stack = [(tree, 0)]
    while stack:
        element, depth = stack.pop()
        if depth > LIMITS.nesting:
            sample = " ".join(element.text_content().split())[:30]
            raise where.error(sample, f"the text is nested more than {LIMITS.nesting} levels deep (lists or quotes inside each other)")
        stack.extend((child, depth + 1) for child in element if isinstance(child.tag, str))


class _Locator:
    """The line of the Markdown a problem was written on (the first place its text occurs)."""

    def __init__(self, text: str, path: Path, first_line: int):
        self.text, self.path, self.first_line = text, path, first_line

    def error(self, needle: str, message: str) -> PamfletError:
        offset = self.text.find(needle) if needle else -1
        if offset < 0 and needle:
            offset = self.text.lower().find(needle.lower())
        line = self.first_line + self.text.count("\n", 0, offset) if offset >= 0 else None
        return PamfletError(self.path, message, line)


def check_svg(path: Path, shown_as: str, source: Path, line: int | None) -> None:
    """An SVG image is a document: no script, no event handlers, no links out of itself."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        root = etree.fromstring(read_bounded(path, LIMITS.text_bytes, "SVG image"), parser)
    except etree.XMLSyntaxError as exc:
        raise PamfletError(source, f"image {shown_as!r} is not a valid SVG file: {exc}", line) from None
    if root.getroottree().docinfo.internalDTD is not None:  # <!ENTITY x SYSTEM "file:///etc/…">
        raise PamfletError(source, f"image {shown_as!r} declares a DTD (entities); an SVG image may not", line)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if etree.QName(element).localname.lower() == "style" and _CSS_URL.search(element.text or ""):
            raise PamfletError(source, f"image {shown_as!r} loads files from its stylesheet; not allowed", line)
        if etree.QName(element).localname.lower() in ("script", "foreignobject"):
            raise PamfletError(source, f"image {shown_as!r} contains script or embedded HTML; not allowed", line)
        for name, value in element.attrib.items():
            local = etree.QName(name).localname.lower()
            if local.startswith("on"):
                raise PamfletError(source, f"image {shown_as!r} has the event handler {local}=; not allowed", line)
            if local == "href" and not value.startswith("#"):
                raise PamfletError(source, f"image {shown_as!r} links to {value[:60]!r}; an SVG image may only refer to itself", line)
            if local == "style" and _CSS_URL.search(value):
                raise PamfletError(source, f"image {shown_as!r} loads files in a style attribute; not allowed", line)


def check_image(path: Path, shown_as: str, source: Path, line: int | None) -> None:
    """An image must be one a reader can open: a known format, not a decompression bomb."""
    if path.suffix.lower() == ".svg":
        check_svg(path, shown_as, source, line)
        return
    from PIL import Image

    try:
        with open_regular(path, "image") as handle, Image.open(handle) as image:
            width, height = image.size
    except PamfletError as exc:  # a pipe or a device named like an image
        raise PamfletError(source, f"image {shown_as!r} {exc.message}", line) from None
    except Image.DecompressionBombError:  # far over our limit: Pillow itself refuses it
        raise PamfletError(source, f"image {shown_as!r} has too many pixels; at most {LIMITS.image_pixels // 1_000_000} million pixels", line) from None
    except Exception as exc:  # Pillow raises many kinds for a file it cannot read
        raise PamfletError(source, f"image {shown_as!r} cannot be read as an image ({type(exc).__name__})", line) from None
    if width * height > LIMITS.image_pixels:
        raise PamfletError(source, f"image {shown_as!r} has too many pixels ({width} × {height}); at most {LIMITS.image_pixels // 1_000_000} million pixels", line)
