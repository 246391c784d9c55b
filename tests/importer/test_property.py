"""Property: import never crashes and never loses or reorders a word it did not report removing."""

import re

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pamflet.errors import PamfletError
from pamflet.importer import import_text

from ..conftest import letters, pandoc_plain

WORDS = (
    "de het een van en in is dat op te zijn met voor niet bureaucratie arbeiders partij staat "
    "the of and to a in that is for it government parish council der die und zu den "
    "Lenin Trotski Stalin Sovjet-Unie sociaal- bureau- cratie Rusland Brest- Litovsk 1917 1920-21 "
    "3.024.000 [1] [2] [3] NOTEN Notes • - 1. 2. “citaat” ‘x’ ( ) ? . , : ; … – https://example.org/a_b"
).split()

line = st.lists(st.sampled_from(WORDS), min_size=1, max_size=14).map(" ".join)
separator = st.sampled_from(["\n", "\n", "\n", "\n\n", "\n\n\n\n 7 \n \n\n", "\n\f", "\n 12 \n"])
document = st.lists(st.tuples(line, separator), min_size=1, max_size=60).map(lambda parts: "".join(a + b for a, b in parts))


def _removed_lines(report: str) -> set[int]:
    section = report.split("## Lines removed", 1)
    if len(section) == 1:
        return set()
    return {int(n) for n in re.findall(r"^- line (\d+):", section[1].split("\n## ", 1)[0], re.M)}


def _moved_notes(report: str) -> list[tuple[int, int]]:
    """The notes the report says were kept as paragraphs at the end of the text, before the
    notes (no marker calls them): their line ranges."""
    return [(int(a), int(b)) for a, b in re.findall(r"^- note \d+: text at lines (\d+)–(\d+) has no marker", report, re.M)]


def _linked_notes_start(report: str) -> int | None:
    starts = [int(a) for a in re.findall(r"^- note \d+: text at lines (\d+)–\d+, linked to its marker", report, re.M)]
    return min(starts, default=None)


def _check(text: str) -> None:
    try:
        result = import_text(text, source="gen.txt")
    except PamfletError as exc:
        assert "internal error" not in str(exc)
        assert str(exc).startswith("gen.txt: ")
        return
    removed = _removed_lines(result.report)
    numbered = [(no, l) for no, l in enumerate(text.split("\n"), start=1) if no not in removed]
    moved = _moved_notes(result.report)
    if moved:  # the documented move: unreferenced notes go where the body ends, before the linked notes
        is_moved = lambda no: any(a <= no <= b for a, b in moved)  # noqa: E731
        orphans = [(no, l) for no, l in numbered if is_moved(no)]
        rest = [(no, l) for no, l in numbered if not is_moved(no)]
        start = _linked_notes_start(result.report)
        cut = next((i for i, (no, _) in enumerate(rest) if start is not None and no >= start), len(rest))
        numbered = rest[:cut] + orphans + rest[cut:]
    kept = [l for _, l in numbered]
    expected = letters("\n".join(kept))
    meta = yaml.safe_load(result.markdown.split("---")[1])
    got = letters(" ".join([meta["title"], meta.get("subtitle", ""), meta.get("author", ""), pandoc_plain(result.markdown)]))
    if meta["title"] == "gen":  # no title found: the file name stands in
        got = got[3:]
    date = re.search(r"date “(.*)” written as", result.report)
    if date:
        # the date leaves the text from one of its lines; the report does not say which
        # (the title "… 1917 …" may hold the same figures): one occurrence taken out must give the text
        mark = letters(date.group(1))
        starts = [m.start() for m in re.finditer(re.escape(mark), expected)] if mark else []
        assert any(got == expected[:k] + expected[k + len(mark):] for k in starts) or got == expected.replace(mark, "", 1)
        return
    assert got == expected


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document)
# Found by hypothesis: a note call after a web address was read as part of the address.
@example("de\nde de de https://example.org/a_b [1] de de\n[1] de\n")
# Found by hypothesis: an unreferenced note (2) after a linked one is kept at the end of the body,
# before the notes, as the report says.
@example("de\n\nde de de de [1]\n[1] de de de de\n[2] de\n")
def test_structured_inputs_keep_every_word(text):
    _check(text)


@settings(max_examples=40, deadline=None)
@given(st.text(min_size=1, max_size=400))
def test_arbitrary_text_never_crashes(text):
    _check(text)
