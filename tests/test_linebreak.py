"""Knuth–Plass on its own: boxes, glue and penalties, no fonts."""

from __future__ import annotations

from pamflet.linebreak import INFINITY, Settings, box, break_lines, glue, penalty


def words(text: str, hyphen_points: dict[str, list[int]] | None = None, space: float = 1.0):
    """Each letter 1 wide; a space 1 wide, stretching 0.5 and shrinking 0.33."""
    items = []
    for n, word in enumerate(text.split()):
        if n:
            items.append(glue(space, space / 2, space / 3))
        cuts = (hyphen_points or {}).get(word, [])
        last = 0
        for cut in cuts:
            items += [box(cut - last, cut - last), penalty(1, 50, flagged=True)]
            last = cut
        items.append(box(len(word) - last, len(word) - last))
    return items + [penalty(0, -INFINITY)]


TEXT = (
    "it was the best of times it was the worst of times it was the age of wisdom it was the age "
    "of foolishness it was the epoch of belief it was the epoch of incredulity it was the season "
    "of light it was the season of darkness"
)


def natural(items, line) -> float:
    end = items[line.end]
    return sum(i.width for i in items[line.start:line.end] if i.kind != "penalty") + (end.width if end.kind == "penalty" else 0)


def test_every_line_within_the_tolerance_and_the_last_line_natural():
    items = words(TEXT)
    lines = break_lines(items, lambda n: 30)
    assert lines and len(lines) >= 4
    assert all(100 * abs(line.ratio) ** 3 <= 200 for line in lines)
    assert lines[-1].end == len(items) - 1 and lines[-1].ratio == 0


def test_total_fit_beats_first_fit():
    """Greedy fills line 1 and leaves line 2 loose; total fit balances them (Knuth's classic case)."""
    items = words(TEXT)
    width = 30
    lines = break_lines(items, lambda n: width, Settings(tolerance=10_000))
    total = sum(100 * abs(line.ratio) ** 3 for line in lines[:-1])
    assert total < _greedy_badness(TEXT, width)


def _greedy_badness(text: str, width: int) -> float:
    """First fit, as a browser breaks: as many words as fit on each line."""
    lines, line = [], []
    for word in text.split():
        if line and len(" ".join(line + [word])) > width:
            lines.append(line)
            line = []
        line.append(word)
    total = 0.0
    for words_ in lines:
        room = width - len(" ".join(words_))
        total += 100 * (room / (0.5 * (len(words_) - 1))) ** 3
    return total


def test_impossible_within_tolerance_is_none():
    assert break_lines(words("a bb ccccccccccccccccccc d"), lambda n: 10) is None


def test_no_three_hyphens_in_a_row():
    points = {w: [3] for w in ["hyphenated", "separately", "breakable", "wonderful", "marvelous", "something"]}
    text = "xx hyphenated yy separately zz breakable qq wonderful rr marvelous ss something tt"
    items = words(text, points)
    loose = Settings(tolerance=10_000, max_hyphen_run=2)
    for width in range(8, 16):
        lines = break_lines(items, lambda n: width, loose)
        if lines:
            runs, run = [], 0
            for line in lines:
                run = run + 1 if line.hyphenated else 0
                runs.append(run)
            assert max(runs) <= 2


def test_runt_rule_keeps_a_real_last_line():
    items = words(TEXT + " ab")
    for width in range(24, 40):
        lines = break_lines(items, lambda n: width, Settings(tolerance=10_000, runt_letters=5))
        assert lines and sum(item.letters for item in items[lines[-1].start:]) >= 5
        assert all(natural(items, line) <= width * 1.0001 or line.ratio < 0 for line in lines)


def test_a_line_that_may_not_end_in_a_hyphen():
    points = {w: [3, 6] for w in TEXT.split() if len(w) >= 9}
    items = words(TEXT, points)
    loose = Settings(tolerance=10_000)
    checked = 0
    for width in range(16, 40):
        free = break_lines(items, lambda n: width, loose)
        hyphenated = [n for n, line in enumerate(free or []) if line.hyphenated]
        if not hyphenated:
            continue
        held = break_lines(items, lambda n: width, loose, no_hyphen_lines=frozenset(hyphenated[:1]))
        if held:
            assert not held[hyphenated[0]].hyphenated
            checked += 1
    assert checked >= 3


def test_first_line_may_be_shorter_for_an_indent():
    items = words(TEXT)
    lines = break_lines(items, lambda n: 26 if n == 0 else 30, Settings(tolerance=10_000))
    for n, line in enumerate(lines[:-1]):
        room = sum(i.stretch if line.ratio > 0 else i.shrink for i in items[line.start:line.end] if i.kind == "glue")
        assert abs(natural(items, line) + line.ratio * room - (26 if n == 0 else 30)) < 1e-9
