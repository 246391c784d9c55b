"""The e-book's accessibility metadata (EPUB Accessibility 1.1): what the book really has,
the summary in its language, the conformance claim and who stands behind it."""

from __future__ import annotations

from dataclasses import dataclass

from ebooklib import epub

from ..model import Book

# EPUB Accessibility 1.1, "Publication conformance": the claim, in the form Ace by DAISY and
# reading systems recognise; made only when the book's own structure backs it (``a11y_facts``).
CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"


def elements(roots):
    """Every element under ``roots``."""
    return (el for root in roots for el in root.iter() if isinstance(el.tag, str))


@dataclass(frozen=True)
class A11yFacts:
    """What the e-book really has, for its accessibility metadata and summary."""

    headings: bool
    notes: bool
    tables: bool
    images: bool
    described: bool  # every image has a text alternative
    index: bool
    pages: bool
    problems: tuple[str, ...]  # why WCAG 2.1 AA cannot be claimed; empty: it can

    @property
    def conforms(self) -> bool:
        return not self.problems


def a11y_facts(book: Book, bodies: dict[str, list], pages: bool) -> A11yFacts:
    """Look at the content documents' elements (text and notes) as the writer produced them."""
    found = [el for roots in bodies.values() for el in elements(roots)]
    found += [el for note in book.notes for el in elements(note.content)]
    images = [el for el in found if el.tag == "img"]
    tables = [el for el in found if el.tag == "table"]
    undescribed = [el for el in images if not (el.get("alt") or "").strip()]
    problems = [f"image {el.get('src')} has no text alternative" for el in undescribed]
    problems += ["a table has no header cells" for el in tables if not el.xpath(".//th")]
    if not book.headings and len(bodies) > 1:
        problems.append("the text has several files but no headings to navigate by")
    return A11yFacts(bool(book.headings), bool(book.notes), bool(tables), bool(images), not undescribed, bool(book.index), pages, tuple(problems))


def accessibility_summary(facts: A11yFacts, words: dict) -> str:
    """The summary in the book's language (templates/labels.yml, ``a11y``), from what it has."""
    a11y = words["a11y"]
    has = [a11y[name] for name in ("headings", "notes", "tables", "images", "index", "pages") if getattr(facts, name)]
    if not facts.headings:
        has.insert(0, a11y["toc"])
    listed = has[0] if len(has) == 1 else f"{', '.join(has[:-1])} {a11y['and']} {has[-1]}"
    sentences = ([a11y["claim"]] if facts.conforms else []) + [f"{a11y['has']} {listed}.", a11y["display"], a11y["hazards"]]
    return " ".join(sentences)


def a11y_properties(facts: A11yFacts, words: dict) -> list[tuple[str, str]]:
    """The discovery metadata (schema.org): access modes, features, hazards, summary."""
    modes = ["textual"] + (["visual"] if facts.images else [])
    features = ["tableOfContents", "readingOrder", "displayTransformability", "ARIA"]
    if facts.headings:
        features.append("structuralNavigation")
    if facts.images:
        features.append("alternativeText")
    if facts.pages:
        features += ["pageBreakMarkers", "pageNavigation"]
    if facts.index:
        features.append("index")
    properties = [("schema:accessMode", m) for m in modes]
    # With every image described in text, text alone suffices.
    properties += [("schema:accessModeSufficient", "textual")] if facts.described else []
    if facts.images:
        properties.append(("schema:accessModeSufficient", "textual,visual"))
    properties += [("schema:accessibilityFeature", f) for f in features]
    properties += [("schema:accessibilityHazard", "none"), ("schema:accessibilitySummary", accessibility_summary(facts, words))]
    return properties


def evaluator(book: Book) -> str | None:
    """Who evaluated the e-book's accessibility (a11y:certifiedBy): whom the metadata names
    (``accessibility.certified_by``), else the publisher, who puts the conformance claim into
    its own package: EPUB Accessibility 1.1 ("Evaluator name") names a publisher that evaluated
    its own book by its own name ("the values of dc:publisher and a11y:certifiedBy are the same").
    Not the author: whoever wrote the text need not have made or checked this e-book."""
    given = book.meta.get("accessibility") or {}
    return given.get("certified_by") or book.meta.get("publisher")


def conformance(ebook: epub.EpubBook, book: Book, facts: A11yFacts) -> None:
    """The conformance claim and who stands behind it (EPUB Accessibility 1.1, "Conformance
    reporting"): the evaluator refines the claim, the credential and report the evaluator.
    A credential or report is only ever the publisher's own (metadata ``accessibility``)."""
    given = book.meta.get("accessibility") or {}
    certifier = evaluator(book)
    if facts.conforms:
        ebook.add_metadata(None, "meta", CONFORMANCE, {"property": "dcterms:conformsTo", "id": "conformance"})
    if not certifier:
        return
    about = {"refines": "#conformance"} if facts.conforms else {}
    ebook.add_metadata(None, "meta", certifier, {"property": "a11y:certifiedBy", "id": "certifier", **about})
    if given.get("certifier_credential"):
        ebook.add_metadata(None, "meta", given["certifier_credential"], {"property": "a11y:certifierCredential", "refines": "#certifier"})
    if given.get("certifier_report"):
        ebook.add_metadata(None, "link", "", {"rel": "a11y:certifierReport", "href": given["certifier_report"], "refines": "#certifier"})


def a11y_warnings(book: Book, facts: A11yFacts) -> list[str]:
    """What keeps the e-book's accessibility metadata short of EPUB Accessibility 1.1."""
    where = book.sources[0] if book.sources else book.folder
    if not facts.conforms:
        return [f"{where}: the EPUB makes no accessibility conformance claim: {'; '.join(facts.problems)}"]
    if not evaluator(book):
        return [f"{where}: the EPUB claims {CONFORMANCE} but names no evaluator, which EPUB Accessibility 1.1 "
                "(its section 'Evaluator name') asks for with the claim: give the metadata field 'publisher' or 'accessibility.certified_by'"]
    return []
