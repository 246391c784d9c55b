"""What the proof sheet reads from WeasyPrint's laid-out pages: every line, heading, footnote
call and note with its page and position (CSS px, from the page's top left corner)."""

from __future__ import annotations

from dataclasses import dataclass, field

from weasyprint.formatting_structure import boxes

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
HYPHENS = ("-", "\u2010", "\xad")


@dataclass
class Rect:
    x: float
    y: float
    width: float
    height: float

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def union(self, other: "Rect") -> "Rect":
        x, y = min(self.x, other.x), min(self.y, other.y)
        return Rect(x, y, max(self.x + self.width, other.x + other.width) - x, max(self.bottom, other.bottom) - y)


@dataclass
class Line:
    page: int  # 1-based
    rect: Rect  # the ink's extent: from the first box's left to the last box's right
    text: str
    element: object  # the paragraph (an lxml element), or None
    block: str | None  # its data-block
    measure: tuple[float, float]  # the left and right of the line's containing block
    justified: bool
    font_size: float  # px
    in_note: bool
    index: int = 0  # the line's number within its paragraph (from 0)
    last: bool = False  # the paragraph's last line (not justified)

    @property
    def ends_in_hyphen(self) -> bool:
        return self.text.rstrip().endswith(HYPHENS)


@dataclass
class Page:
    number: int
    width: float
    height: float
    bottom: float  # where the text may go down to: the footnote area's top, or the page's content bottom
    lines: list[Line] = field(default_factory=list)  # the text's lines (not the notes, not the margins)
    note_lines: list[Line] = field(default_factory=list)
    headings: list[tuple[str, Rect, str]] = field(default_factory=list)  # tag, rect, text
    calls: dict[str, Rect] = field(default_factory=dict)  # note id → its call in the text
    notes: list[str] = field(default_factory=list)  # the ids of the notes at its foot
    moved: list[tuple[str, Rect, str]] = field(default_factory=list)  # data-block, rect, text: paragraphs sent to a new page
    anchors: dict[str, Rect] = field(default_factory=dict)  # element id → where it is
    texts: list[tuple[str, Rect]] = field(default_factory=list)  # every text box: its text and place


def read_pages(document) -> list[Page]:
    pages = []
    for number, page in enumerate(document.pages, start=1):
        box = page._page_box
        area = next((c for c in box.children if type(c).__name__ == "FootnoteAreaBox"), None)
        bottom = box.content_box_y() + box.height
        if area is not None and area.children:
            bottom = area.position_y
        info = Page(number, page.width, page.height, bottom)
        _walk(box, info, None, False)
        pages.append(info)
    _number_lines(pages)
    return pages


def _walk(box, page: Page, container, in_note: bool) -> None:
    name = type(box).__name__
    if name == "MarginBox":
        return
    if name == "FootnoteAreaBox":
        page.notes += [note.element.get("id") for note in box.children if note.element is not None]
        in_note = True
    element = getattr(box, "element", None)
    pseudo = "::" in (getattr(box, "element_tag", "") or "")
    if element is not None and not pseudo:
        if element.get("id") and element.get("id") not in page.anchors:
            page.anchors[element.get("id")] = _rect(box)
        if element.tag in HEADINGS and isinstance(box, boxes.BlockBox) and not in_note:
            page.headings.append((element.tag, _rect(box), _text(box)))
        if isinstance(box, boxes.BlockBox) and "new-page" in (element.get("class") or "").split() and element.get("data-block"):
            page.moved.append((element.get("data-block"), _rect(box), _text(box)))
    footnote = getattr(box, "footnote", None)
    if footnote is not None and footnote.element is not None:
        page.calls.setdefault(footnote.element.get("id"), _rect(box))
    if isinstance(box, boxes.TextBox):
        page.texts.append((box.text, _rect(box)))
        return
    if isinstance(box, boxes.LineBox):
        for child in box.descendants():
            if isinstance(child, boxes.TextBox):
                page.texts.append((child.text, _rect(child)))
            inner = getattr(child, "element", None)
            if child is not box and inner is not None and inner.get("id") and inner.get("id") not in page.anchors:
                page.anchors[inner.get("id")] = _rect(child)  # an index mark, a note's anchor
            if getattr(child, "footnote", None) is not None and child.footnote.element is not None:
                page.calls.setdefault(child.footnote.element.get("id"), _rect(child))
        line = _line(box, page.number, container, in_note)
        if line is not None:
            (page.note_lines if in_note else page.lines).append(line)
        return
    for child in getattr(box, "children", None) or []:
        _walk(child, page, box if isinstance(box, boxes.BlockContainerBox) else container, in_note)


def _line(box, number: int, container, in_note: bool) -> Line | None:
    children = [c for c in box.children if c.is_in_normal_flow()]
    text = _text(box)
    if not children or not text.strip():
        return None
    left = min(c.position_x for c in children)
    right = max(c.position_x + c.margin_width() for c in children)
    top = box.position_y
    measure = (container.content_box_x(), container.content_box_x() + container.width) if container is not None else (left, right)
    element = box.element
    block = element.get("data-block") if element is not None else None
    return Line(number, Rect(left, top, right - left, box.height), text, element, block, measure,
                box.style["text_align_all"] == "justify", box.style["font_size"], in_note)


def _rect(box) -> Rect:
    return Rect(box.position_x, box.position_y, box.margin_width(), box.margin_height())


def _text(box) -> str:
    """A box's text; a block's lines joined by a space."""
    if isinstance(box, boxes.TextBox):
        return box.text
    if isinstance(box, boxes.LineBox):
        return "".join(child.text for child in box.descendants() if isinstance(child, boxes.TextBox))
    parts = [_text(line) for line in box.descendants() if isinstance(line, boxes.LineBox)]
    return " ".join(part.strip() for part in parts if part.strip())


def _number_lines(pages: list[Page]) -> None:
    """Each line's place in its paragraph, across pages; the paragraph's last line marked."""
    seen: dict[int, list[Line]] = {}
    for page in pages:
        for line in page.lines:
            if line.element is not None:
                lines = seen.setdefault(id(line.element), [])
                line.index = len(lines)
                lines.append(line)
    for lines in seen.values():
        lines[-1].last = True
