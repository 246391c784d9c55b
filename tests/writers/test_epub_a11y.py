"""The accessibility metadata from what a book has (pamflet.writers.epub_a11y); the whole
EPUB, checked by Ace, is in tests/test_epub.py."""

from __future__ import annotations

from types import SimpleNamespace

from lxml import html

from pamflet.render import labels
from pamflet.writers.epub_a11y import a11y_facts, a11y_warnings, accessibility_summary


def test_no_conformance_claim_without_the_structure_behind_it():
    book = SimpleNamespace(headings=[1], notes=[], index=None)
    described = [html.fromstring('<p><img src="a.png" alt="A map"/></p>')]
    bare = [html.fromstring('<p><img src="a.png"/></p>')]
    headless_table = [html.fromstring("<table><tr><td>1</td></tr></table>")]
    assert a11y_facts(book, {"a": described}, True).conforms
    for body in (bare, headless_table):
        facts = a11y_facts(book, {"a": body}, True)
        assert not facts.conforms and labels("nl")["a11y"]["claim"] not in accessibility_summary(facts, labels("nl"))

    # The build says why there is no claim, or that the claim names no evaluator.
    def who(meta):
        return SimpleNamespace(meta=meta, sources=["book.md"], folder=".")

    [why] = a11y_warnings(who({}), a11y_facts(book, {"a": bare}, True))
    assert why.startswith("book.md: ") and "no accessibility conformance claim" in why and "a.png" in why
    [unnamed] = a11y_warnings(who({}), a11y_facts(book, {"a": described}, True))
    assert "names no evaluator" in unnamed and "accessibility.certified_by" in unnamed
    assert a11y_warnings(who({"publisher": "P"}), a11y_facts(book, {"a": described}, True)) == []
    assert a11y_warnings(who({"accessibility": {"certified_by": "E"}}), a11y_facts(book, {"a": described}, True)) == []
