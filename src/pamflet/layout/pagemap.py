"""Where things landed in a laid-out document: each anchor's page, and where each page starts
in the text (the EPUB marks the print pages there). Reads WeasyPrint's boxes by their
attributes, without importing it."""

from __future__ import annotations


def page_numbers(document) -> dict[str, int]:
    """Anchor id → the page (1-based) where it first appears."""
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            pages.setdefault(anchor, number)
    return pages


def page_starts(document) -> list[tuple[int, int, int]]:
    """For each page of the text, from the laid-out boxes: the block (data-block) its first
    line belongs to, and where in that block the page starts, as the number of the block's
    own characters before it (see ``block_characters``: no spaces, notes or nested blocks)."""
    done: dict[int, int] = {}  # block → its characters laid out on earlier pages
    own: dict[int, str] = {}  # block → its characters in the source, to align the boxes with
    starts = []
    for number, page in enumerate(document.pages, start=1):
        first = None
        for block, element, text in _flow_texts(page._page_box, None, None):
            if block not in own:
                own[block] = "".join(block_characters(element, _is_note))
            if first is None:
                first = (number, block, done.get(block, 0))
            done[block] = _advance(own[block], done.get(block, 0), text)
        if first:
            starts.append(first)
    return starts


def block_characters(element, skip):
    """A block's own characters in order: not whitespace, not inside ``skip``ped elements
    (notes) or nested blocks. The e-book counts the same way to place a page's marker."""
    def visit(node, top):
        if not top and (node.get("data-block") or skip(node)):
            return
        yield from _visible(node.text)
        for child in node:
            if isinstance(child.tag, str):
                yield from visit(child, False)
            yield from _visible(child.tail)

    return visit(element, True)


def _visible(text):
    return (c for c in text or "" if not c.isspace())


def _is_note(element) -> bool:
    return "footnote" in (element.get("class") or "").split()


HYPHENS = "\u2010-\u00ad"


def _advance(source: str, at: int, laid_out: str) -> int:
    """Step through the source characters that a text box shows; a hyphen the layout added at
    a line break is not in the source and is skipped (case aside: a book's style may
    transform it)."""
    for char in _visible(laid_out):
        if at < len(source) and source[at].casefold() == char.casefold():
            at += 1
        elif char not in HYPHENS:
            at += 1  # should not happen; keep counting rather than stall
    return at


def _flow_texts(box, block, element):
    """Depth-first, the text boxes in the page's flow (not margins, not footnotes, not
    generated content) with the block (data-block) and its element each belongs to."""
    name = type(box).__name__
    if name in ("MarginBox", "FootnoteAreaBox"):
        return
    node = getattr(box, "element", None)
    if node is not None and getattr(box, "element_tag", "").find("::") < 0:
        if _is_note(node):
            return
        if node.get("data-block"):
            block, element = int(node.get("data-block")), node
    if name == "TextBox":
        if block is not None and box.text.strip() and getattr(box, "element_tag", "").find("::") < 0:
            yield block, element, box.text
        return
    for child in getattr(box, "children", None) or []:
        yield from _flow_texts(child, block, element)


def _descendants(box):
    yield box
    for child in getattr(box, "children", None) or []:
        yield from _descendants(child)
