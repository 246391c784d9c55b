"""Lay out again only the pages a change reached: a rebuild in the same process (``--watch``).

WeasyPrint makes a document's pages one by one, each from the state the page before left
(``context.page_maker``: where the page starts in the box tree, its side, the page counters),
and when it lays out a document a second time for page-based counters it already keeps every
page whose start did not move. Here the same is done across two versions of a book: a page of
the last layout (same book, styles, fonts, options and round of ``render_document``) is taken
as it is when

1. it starts where it started then, in the same state, and
2. no block on it or on the next page (which it may have tried to fit) differs: the box tree is
   compared block by block before the layout (text, elements, attributes, the CSS declarations
   that apply, generated content, footnotes, an inline SVG's elements), and so are the lines
   each block may not end with a hyphen (``paragraphs.Fit``); from a block added, removed or
   restyled on, every block counts as changed, and
3. it has no page-based lookups (the contents' page numbers), which are made again.

Nothing is taken when the document has boxes out of the flow (absolute, fixed, running; a
list's markers aside) or its own stylesheets changed. The layout goes from taken pages to new
ones and back only where a page starts at a block or inside a paragraph's lines (not in a
table, not inside an element with an outline entry), with no footnote carried over and no
paragraph tried on one page and set on the next, since the box tree is fresh there: a
paragraph the page starts inside is set again as it was when it began
(``paragraphs.set_again``), and where new pages give way to kept ones, it must have been set
the same way in both. Taken pages give the target collector their anchors and
``paragraphs.Stats`` what was set on them, as making them would; a later pass that would
move a taken page lays the whole document out again (``Redo``). The outcome is the layout from
scratch: the tests compare the PDFs byte for byte after edits of many kinds, and two reviews
tried to break it (tests/test_incremental.py holds what they found). Only a process that lays
the book out again keeps layouts (``KEEP``, the watch); ``PAMFLET_FULL_LAYOUT=1`` switches it
off. Pinned to WeasyPrint 70 (its ``make_all_pages`` and ``remake_page``).
"""

from __future__ import annotations

import contextlib
import copy
import os
from dataclasses import dataclass, field
from xml.etree import ElementTree

import weasyprint.layout
from weasyprint.formatting_structure import boxes
from weasyprint.layout.page import remake_page, set_page_type_computed_styles

from ..paragraphs import Fit, Stats, set_again

KEEP = False  # set by a process that will lay the same book out again (the watch): a build
# that is not followed by another keeps nothing (a layout kept costs its memory)
KEPT_LAYOUTS = 8  # (book, round) layouts kept in the process


@dataclass
class Shape:
    """The box tree before layout: one signature per block-level box, in tree order; a block
    with inline content (a "leaf") signs its whole content, footnotes included."""

    signs: list = field(default_factory=list)  # ("leaf", box, content) or ("block", box, children)
    unsupported: bool = False  # boxes out of the flow (absolute, fixed, running): not taken
    sheets: tuple = ()  # the document's own <style> and <link> elements (raw HTML)
    parents: list = field(default_factory=list)  # per sign: its parent's index
    leaves: dict = field(default_factory=dict)  # id(element) → the signs it is part of
    blocks: dict = field(default_factory=dict)  # data-block → its leaf


@dataclass
class Kept:
    """One finished layout, what the next may take from it."""

    shape: Shape
    fit: Fit
    starts: list  # per page and one more: its page_maker state, normalized
    pages: list  # per page: (page box, root, footnote area, note area, root's children)
    leaves: list  # per page: the leaves it shows
    lookups: list  # per page: has page-based lookups (made again each time)
    cuts: list  # per page start: may the layout switch between taken and new pages here
    tried: list  # per page: Stats.log entries of the paragraphs tried on it, by leaf
    fonts: list = field(default_factory=list)  # per page: the font configuration it was drawn from, kept alive
    taken: int = 0  # how many of its pages were taken from the layout before


_KEPT: dict[tuple, Kept] = {}


@dataclass
class _Run:
    key: tuple | None
    kept: Kept | None
    stats: Stats
    fit: Fit
    context: object = None
    root: object = None
    shape: Shape | None = None
    dirty: frozenset = frozenset()  # the blocks (by index in the shape) whose content changed
    after: int = 1 << 62  # and every block from this one on
    made: dict = field(default_factory=dict)  # page index → (snapshot, carried over: bool)
    taken: dict = field(default_factory=dict)  # page index → True for a kept page
    take_until: int = -1
    taken_count: int = 0

    # -- deciding -----------------------------------------------------------------------------

    def begin(self, context, root_box, html) -> None:
        self.context, self.root = context, root_box
        self.shape = _shape(root_box, html)
        kept = self.kept
        if kept is None or self.shape.unsupported or kept.shape.sheets != self.shape.sheets \
                or kept.fit.rectos != self.fit.rectos:  # the recto rule reaches every page
            self.kept = None
            return
        old, new = kept.shape, self.shape
        changed = next((n for n, (a, b) in enumerate(zip(old.signs, new.signs)) if a[:2] != b[:2] or old.parents[n] != new.parents[n]), None)
        if changed is None and len(old.signs) != len(new.signs):
            changed = min(len(old.signs), len(new.signs))
        if changed is not None:
            # A block added, removed, or changed in kind or style (a block's style can change
            # with its siblings, ``:last-child``, ``:has()``): everything from there on is new.
            self.after = changed
        dirty = {n for n, (a, b) in enumerate(zip(old.signs[:self.after], new.signs[:self.after])) if a != b}
        for block in _fit_changes(kept.fit, self.fit):
            if block in new.blocks:
                dirty.add(new.blocks[block])
        self.dirty = frozenset(dirty)

    def _touched(self, shown: frozenset) -> bool:
        return bool(shown & self.dirty) or any(n >= self.after for n in shown)

    def _takeable(self, i: int) -> bool:
        kept = self.kept
        return (i < len(kept.pages) and not kept.lookups[i] and not self._touched(kept.leaves[i])
                and not (i + 1 < len(kept.pages) and self._touched(kept.leaves[i + 1])))

    def take(self, i: int) -> bool:
        """Whether page ``i`` is the kept one (decided when its start is known)."""
        if self.kept is None:
            return False
        if i <= self.take_until:
            return True
        kept = self.kept
        if not (self._takeable(i) and kept.cuts[i] and self._cut_here(i)
                and _normal(self.context.page_maker[i]) == kept.starts[i]):
            return False
        last = i
        while self._takeable(last + 1):
            last += 1
        while last >= i and not (last + 1 >= len(kept.pages) or kept.cuts[last + 1]):
            last -= 1  # leave the kept pages only where a new page can start
        self.take_until = last
        return last >= i

    def _cut_here(self, i: int) -> bool:
        """May new pages give way to kept ones at page ``i`` (everything before it settled)?"""
        if i == 0:
            return True
        if not self.taken.get(i - 1) and self.made.get(i - 1, (None, True, None))[1]:
            return False
        where = self._where(self.context.page_maker[i][0])
        if where is None or not self._tried_shown(i):
            return False
        if where[0] == "paragraph":  # the same lines only if it was set the same way
            leaves = self._leaves_of(where[1])
            kept = [entry for page in self.kept.tried for entry in page]
            return _how(leaves, self._tried()) == _how(leaves, [(page, leaf, entry[-1]) for page, leaf, *entry in kept])
        return True

    def _tried_shown(self, i: int) -> bool:
        shown = set().union(*(self._leaves(p) for p in range(i)))
        return all(leaf in shown for page, leaf, _ in self._tried() if page <= i)

    def _where(self, resume_at):
        """``_resuming_in``, a paragraph only if it is one leaf of the shape (not a list item's
        text beside its sublist, say)."""
        where = _resuming_in(self.root, resume_at)
        return where if where is None or where[0] == "block" or len(self._leaves_of(where[1])) == 1 else None

    def _leaves_of(self, box) -> set:
        return self.shape.leaves.get(id(box.element), set()) if box.element is not None else set()

    def resume(self, i: int) -> None:
        """Before page ``i`` is laid out after kept ones: a paragraph it starts inside is set
        on the fresh tree as it was set when it began, so that the layout resumes in the same lines."""
        where = self._where(self.context.page_maker[i][0])
        if where and where[0] == "paragraph":
            how = _how(self._leaves_of(where[1]), self._tried())
            if how is not None:
                set_again(self.context, where[1].children[0], *how)

    # -- doing --------------------------------------------------------------------------------

    def use_kept(self, i: int, html):
        kept, context = self.kept, self.context
        page, root, footnotes, notes, children = kept.pages[i]
        set_page_type_computed_styles(page.page_type, html, context.style_for)  # its margin boxes' styles
        if i == 0:  # as make_page does on the first page: what vw and vh are
            context.style_for.initial_page_sizes.update(box=page.style["size"], area=(page.width, page.height))
        root.children = list(children)
        page.children = [root, footnotes, notes]
        resume_at, next_page, right_page, state = copy.deepcopy(kept.starts[i + 1])
        fresh = {"content_changed": False, "pages_wanted": False, "anchors": [], "content_lookups": []}
        context.page_maker[i + 1:] = [(resume_at, next_page, right_page, state, fresh)]
        remake_state = context.page_maker[i][-1]  # page i's own, as make_page fills it
        remake_state.update(content_changed=False, pages_wanted=False, anchors=[], content_lookups=[])
        seen = {anchor for entry in context.page_maker[:i] for anchor in entry[-1].get("anchors", [])}
        for child in page.descendants(placeholders=True):  # as make_page does for a page it makes
            anchor = child.style["anchor"]
            if anchor and anchor not in seen:
                seen.add(anchor)
                remake_state["anchors"].append(anchor)
                context.target_collector.cache_target_page_counters(anchor, state[1], i, context.page_maker)
        for _, leaf, block, number, lines, ratios, how in kept.tried[i]:
            self.stats.add(i + 1, ("leaf", leaf), block, number, lines, ratios, how)
        self.taken[i] = True
        self.taken_count += 1
        return page, resume_at

    def made_page(self, i: int, page) -> None:
        root, footnotes, notes = page.children
        carried = bool(self.context.reported_footnotes or self.context.broken_out_of_flow)
        self.made[i] = ((page, root, footnotes, notes, list(root.children)), carried, self._shown(page))
        self.taken.pop(i, None)

    # -- keeping ------------------------------------------------------------------------------

    def _leaves(self, i: int) -> frozenset:
        if self.taken.get(i):
            return self.kept.leaves[i]
        return self.made[i][2]

    def _shown(self, page) -> frozenset:
        """The leaves a page shows."""
        root, footnotes, notes = page.children
        found = set()
        for top in (root, footnotes, notes):
            for box in top.descendants(placeholders=True):
                found |= self.shape.leaves.get(id(box.element), set()) if box.element is not None else set()
        return frozenset(found)

    def _tried_leaves(self, where) -> set:
        """The leaves of a ``Stats.log`` entry: replayed ("leaf", n) or a paragraph's element."""
        return {where[1]} if isinstance(where, tuple) else self.shape.leaves.get(id(where), set())

    def _tried(self) -> list[tuple[int, int, tuple]]:
        """(page number, leaf, how it was set) of each paragraph tried so far."""
        tried = []
        for page, where, *_, how in self.stats.log:
            tried += [(page, leaf, how) for leaf in self._tried_leaves(where)]
        return tried

    def keep(self, document) -> None:
        if self.key is None or self.shape is None or self.shape.unsupported:
            return
        count = len(document.pages)
        maker = self.context.page_maker
        leaves = [self._leaves(i) for i in range(count)]
        tried = [[] for _ in range(count)]
        for page, where, block, number, lines, ratios, how in self.stats.log:
            for leaf in self._tried_leaves(where):
                if 1 <= page <= count:
                    tried[page - 1].append((page, leaf, block, number, lines, ratios, how))
        cuts, shown, attempted = [], set(), set()
        for i in range(count + 1):
            carried = i > 0 and (self.kept.cuts[i] is False if self.taken.get(i - 1) else self.made[i - 1][1])
            cuts.append(i == 0 or (not carried and attempted <= shown and self._where(maker[i][0]) is not None))
            if i < count:
                shown |= leaves[i]
                attempted |= {leaf for _, leaf, *_ in tried[i]}
        pages = [self.kept.pages[i] if self.taken.get(i) else self.made[i][0] for i in range(count)]
        lookups = [bool(maker[i][-1]["content_lookups"] or maker[i][-1]["pages_wanted"]) for i in range(count)]
        kept = Kept(self.shape, self.fit, [_normal(maker[i]) for i in range(count + 1)], pages, leaves, lookups, cuts, tried,
                    [self.kept.fonts[i] if self.taken.get(i) else document.font_config for i in range(count)], self.taken_count)
        _KEPT.pop(self.key, None)
        _KEPT[self.key] = kept
        while len(_KEPT) > KEPT_LAYOUTS:
            del _KEPT[next(iter(_KEPT))]


_RUNS: list[_Run] = []


class Redo(Exception):
    """This layout cannot take pages after all: lay it out from scratch."""


@contextlib.contextmanager
def reusing(key: tuple | None, stats: Stats, fit: Fit, take: bool = True):
    """Inside this block, a layout takes what it can from the last one made under ``key``
    (``weasy.reuse_key``: the book's folder, its stylesheets, …; None: takes nothing,
    keeps nothing; ``take=False``: takes nothing); yields the run, whose ``keep(document)``
    is called once the document is made. A layout that cannot take pages after all raises
    ``Redo`` (the caller lays it out again, not taking)."""
    if os.environ.get("PAMFLET_FULL_LAYOUT") or not KEEP:
        key = None
    run = _Run(key, _KEPT.get(key) if key is not None and take else None, stats, fit)
    if key is None:  # WeasyPrint's own layout
        yield run
        return
    original = weasyprint.layout.make_all_pages
    weasyprint.layout.make_all_pages = _make_all_pages
    _RUNS.append(run)
    try:
        yield run
    finally:
        _RUNS.pop()
        weasyprint.layout.make_all_pages = original


def _make_all_pages(context, root_box, html, pages):
    """WeasyPrint 70's ``layout.page.make_all_pages``, taking kept pages in its first pass."""
    run = _RUNS[-1]
    first = not pages
    if first:
        run.begin(context, root_box, html)
    i = 0
    reported_footnotes = None
    context.rendered_notes = []
    while True:
        remake_state = context.page_maker[i][-1]
        if first and run.take(i):
            page, resume_at = run.use_kept(i, html)
            reported_footnotes = None
        elif first or remake_state["content_changed"] or remake_state["pages_wanted"]:
            if not first and run.taken.get(i):
                raise Redo  # a later pass moved a kept page: the tree is not as a full layout left it
            if run.taken.get(i - 1):
                run.resume(i)
            remake_state["content_changed"] = False
            remake_state["pages_wanted"] = False
            remake_state["anchors"] = []
            remake_state["content_lookups"] = []
            page, resume_at = remake_page(i, context, root_box, html)
            reported_footnotes = context.reported_footnotes
            run.made_page(i, page)
        else:
            resume_at = context.page_maker[i + 1][0]
            reported_footnotes = None
            page = pages[i]
        yield page
        i += 1
        if resume_at is None and not reported_footnotes:
            context.page_maker = context.page_maker[:i + 1]
            context.broken_out_of_flow.clear()
            context.reported_footnotes.clear()
            return


def _normal(entry) -> tuple:
    """A page_maker entry without its remake state, the page total as in a first pass."""
    resume_at, next_page, right_page, state, _ = entry
    state = copy.deepcopy(state)
    state[1]["pages"] = [0]
    return copy.deepcopy(resume_at), copy.deepcopy(next_page), right_page, state


def _resuming_in(root, resume_at):
    """Where a page starting at ``resume_at`` starts, through plain blocks only: ("block",
    None) at a block, ("paragraph", its box) inside a paragraph's lines; None elsewhere (in a
    table, a flex box, mixed content)."""
    box, skip = root, resume_at
    while skip:
        # A box cut in two keeps its element on each side; an outline entry is made once per
        # element (WeasyPrint's layout_document): not where the two would be different elements.
        if len(skip) != 1 or type(box) is not boxes.BlockBox or box.bookmark_label:
            return None
        (index, skip), = skip.items()
        if index >= len(box.children):
            return None
        child = box.children[index]
        if isinstance(child, boxes.LineBox):
            return ("paragraph", box) if index == 0 and len(box.children) == 1 else None
        box = child
    return ("block", None) if isinstance(box, boxes.BlockLevelBox) else None


def _how(leaves: set, tried: list) -> tuple | None:
    """How the paragraph (its leaves) was set when it was tried, if it was."""
    return next((how for _, leaf, how in tried if leaf in leaves and how is not None), None)


def _fit_changes(old: Fit, new: Fit) -> set:
    """The data-blocks whose lines may be set otherwise under ``new`` than under ``old``."""
    return {block for block, _ in old.avoid ^ new.avoid} | set(old.alone ^ new.alone)


def _shape(root, html=None) -> Shape:
    # A stylesheet in the document itself (raw HTML) may hold @page rules, which no block shows.
    shape = Shape(sheets=tuple(ElementTree.tostring(element) for element in html.etree_element.iter()
                               if element.tag in ("style", "link")) if html is not None else ())

    declared: dict[int, str] = {}

    def sign(box) -> tuple:
        element, style = box.element, box.style
        attrs = tuple(sorted(element.attrib.items())) if element is not None else ()
        if id(style) not in declared:  # the declarations that apply to it, from every sheet
            declared[id(style)] = repr(sorted((name, value) for name, (value, _) in getattr(style, "cascaded", {}).items()))
        if style["position"] not in ("static", "relative") and not box.element_tag.endswith("::marker"):
            shape.unsupported = True  # (a list's markers are absolute in WeasyPrint 70, and stay with their item)
        if isinstance(box, boxes.ReplacedBox) and element is not None and len(element):
            attrs += (ElementTree.tostring(element),)  # an inline SVG: its drawing is its elements, not boxes
        return (type(box).__name__, box.element_tag, attrs, declared[id(style)])

    def mark(box, n: int) -> None:
        if box.element is not None:
            shape.leaves.setdefault(id(box.element), set()).add(n)

    def inline(box, parts: list, leaf: int) -> None:
        mark(box, leaf)
        if isinstance(box, boxes.TextBox):
            parts.append(box.text)
            return
        parts.append(sign(box))
        footnote = getattr(box, "footnote", None)
        if footnote is not None:
            parts.append("footnote")
            inline(footnote, parts, leaf)
        for child in getattr(box, "children", ()):
            inline(child, parts, leaf)
        parts.append(")")

    def add(entry: tuple, parent: int | None) -> int:
        shape.signs.append(entry)
        shape.parents.append(parent)
        return len(shape.signs) - 1

    def block(box, parent: int | None) -> None:
        children = getattr(box, "children", ())
        if children and all(isinstance(child, boxes.LineBox) for child in children):
            parts: list = []
            leaf = add(("leaf", sign(box), parts), parent)
            mark(box, leaf)
            for child in children:
                inline(child, parts, leaf)
            shape.signs[leaf] = ("leaf", sign(box), tuple(parts))
            if box.element is not None and box.element.get("data-block"):
                shape.blocks.setdefault(box.element.get("data-block"), leaf)
            return
        n = add(("block", sign(box), len(children)), parent)
        mark(box, n)
        for child in children:
            if isinstance(child, boxes.LineBox):  # mixed content: signed like a leaf's
                parts = []
                leaf = add(("leaf", sign(child), parts), n)
                inline(child, parts, leaf)
                shape.signs[leaf] = ("leaf", sign(child), tuple(parts))
            else:
                block(child, n)

    block(root, None)
    return shape
