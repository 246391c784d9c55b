"""Where a word may take a hyphen: Pyphen's patterns, the book's own list, and no WeasyPrint."""

import subprocess
import sys

from pamflet.hyphenation import hyphen_points, hyphenation_exceptions


def test_the_books_list_says_where_and_where_not():
    exceptions = hyphenation_exceptions(["Ordzjo-nikidze", "Rakovsky"])
    assert exceptions == {"ordzjonikidze": (6,), "rakovsky": ()}
    assert hyphen_points("(Ordzjonikidze,", "nl", exceptions) == [7]  # after the bracket
    assert hyphen_points("Rakovsky", "nl", exceptions) == []


def test_pyphen_points_keep_two_letters_before_and_three_after():
    points = hyphen_points("Industriearbeiders", "nl", {})
    assert points and all(2 <= p <= len("Industriearbeiders") - 3 for p in points)
    assert "".join("-" + c if i in points else c for i, c in enumerate("Industriearbeiders")) == "In-du-strie-ar-bei-ders"  # Pyphen's Dutch patterns
    assert hyphen_points("1917", "nl", {}) == [] and hyphen_points("word", "xx", {}) == []


def test_it_does_not_load_weasyprint():
    code = "import sys, pamflet.hyphenation, pamflet.writers.epub; print('weasyprint' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"
