"""Keep every footnote on the page of its reference, in one layout.

WeasyPrint 70 (layout/block.py, ``while report and context.current_page_footnotes``): when a
paragraph at the foot of a page cannot break without leaving a widow or an orphan, it moves
the page's footnotes to the next page, away from their references, to make room. A
typesetter moves the paragraph instead. This layout context makes the page's footnote list
read as empty in that one test (its only truth test besides the footnote area, which gets a
plain copy), so WeasyPrint breaks the paragraph its normal way, keeping widows and orphans,
and the notes stay. Pinned to WeasyPrint 70; ``writers.pdf.render_document`` still checks
every note's page and, should this ever stop working, lays the text out again.
"""

from __future__ import annotations

import contextlib

import weasyprint.document
from weasyprint.layout import LayoutContext


class _NotesStay(list):
    """The page's footnotes: all there, but "nothing to move to the next page"."""

    def __bool__(self) -> bool:
        return False


class NotesStayContext(LayoutContext):
    @property
    def current_page_footnotes(self):
        return self._page_footnotes

    @current_page_footnotes.setter
    def current_page_footnotes(self, value):
        self._page_footnotes = _NotesStay(value)

    def _update_footnote_area(self):
        # The footnote area is laid out when it has children: give it a plain list.
        kept = self._page_footnotes
        self._page_footnotes = list(kept)
        try:
            return super()._update_footnote_area()
        finally:
            self._page_footnotes = kept


@contextlib.contextmanager
def notes_stay_on_their_page():
    """Use NotesStayContext for the layouts made inside this block."""
    original = weasyprint.document.LayoutContext
    weasyprint.document.LayoutContext = NotesStayContext
    try:
        yield
    finally:
        weasyprint.document.LayoutContext = original
