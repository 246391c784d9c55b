"""The metadata schema: one place for every field; the README's table is made from it."""

from __future__ import annotations

import pytest

from pamflet.errors import PamfletErrors
from pamflet.metadata import normalise_lang, parse_date, readme_table, validate

from .conftest import ROOT


def test_the_readme_table_is_the_schema():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- metadata fields: generated from pamflet.metadata.readme_table() -->\n")
    end = readme.index("<!-- end of metadata fields -->")
    assert readme[start:end].split("\n", 1)[1].strip() == readme_table()


@pytest.mark.parametrize("given, tag", [("EN", "en"), ("nl", "nl"), ("nl_be", "nl-BE"), ("en-gb", "en-GB"), ("de-CH", "de-CH")])
def test_lang_is_normalised_as_bcp47(given, tag):
    assert normalise_lang(given) == tag


@pytest.mark.parametrize("given", ["xx", "english", "", "e n", 5])
def test_lang_that_is_not_a_language(given):
    with pytest.raises(ValueError):
        normalise_lang(given)


@pytest.mark.parametrize("given, text", [("1990", "1990"), (1990, "1990"), ("1990-02", "1990-02"), ("2000-02-29", "2000-02-29")])
def test_dates(given, text):
    assert parse_date(given) == text


@pytest.mark.parametrize("given", ["2011-13-45", "1990-02-30", "1900-02-29", "februari 1990", "90-02", True, 1990.5])
def test_bad_dates(given):
    with pytest.raises(ValueError):
        parse_date(given)


def test_defaults_and_normalised_values():
    meta = validate({"title": "T", "lang": "EN", "date": "1990-02"}, "book.md")
    assert meta["lang"] == "en" and meta["author"] is None and meta["subjects"] == [] and meta["chapters"] == []
    assert meta["cover"]["background"] == "#7a1f1f" and meta["cover"]["family"] == '"pamflet serif"'


def test_all_problems_with_their_lines():
    lines = {("autor",): 4, ("cover", "font"): 7, ("title",): 2}
    with pytest.raises(PamfletErrors) as caught:
        validate({"title": 5, "lang": "en", "autor": "X", "cover": {"font": "comic"}}, "book.md", lines)
    problems = [(p.line, p.message) for p in caught.value.problems]
    assert [line for line, _ in problems] == [2, 4, 7]
    assert "must be text" in problems[0][1] and "did you mean 'author'" in problems[1][1] and "cover.font" in problems[2][1]


def test_cover_key_typo_gets_a_suggestion():
    with pytest.raises(PamfletErrors) as caught:
        validate({"title": "T", "lang": "en", "cover": {"colour": "#fff"}}, "book.md")
    assert "unknown key 'cover.colour' — did you mean 'color'?" in str(caught.value)


@pytest.mark.parametrize("given, kept", [
    ("978-3-16-148410-0", "978-3-16-148410-0"), ("9783161484100", "9783161484100"), ("ISBN 978 3 16 148410 0", "978 3 16 148410 0"),
    ("0-306-40615-2", "0-306-40615-2"), ("080442957X", "080442957X"), ("ISBN-10: 0-8044-2957-x", "0-8044-2957-x"),
])
def test_isbn_with_a_right_check_digit(given, kept):
    assert validate({"title": "T", "lang": "en", "isbn": given}, "book.md")["isbn"] == kept


@pytest.mark.parametrize("given, why", [
    ("978-3-16-148410-1", "check digit of an ISBN-13"), ("0-306-40615-3", "check digit of an ISBN-10"),
    ("12345", "10 or 13 digits"), ("123-4567-890123", "10 or 13 digits"), ("978-3-16-148410-0-", "hyphens"),
])
def test_isbn_with_a_wrong_check_digit_or_shape(given, why):
    with pytest.raises(PamfletErrors) as caught:
        validate({"title": "T", "lang": "en", "isbn": given}, "book.md", {("isbn",): 6})
    problem = caught.value.problems[0]
    assert problem.line == 6 and "isbn" in problem.message and why in problem.message, problem.message


def test_an_isbn_written_as_a_number_must_be_quoted():
    with pytest.raises(PamfletErrors) as caught:
        validate({"title": "T", "lang": "en", "isbn": 9783161484100}, "book.md")
    assert "put it in quotes" in str(caught.value)


def test_what_the_importer_writes_passes_the_schema(seed_text):
    """The importer's metadata block (title, subtitle, author, ISO date, lang) is valid as it stands."""
    import yaml

    from pamflet.importer import import_text

    markdown = import_text(seed_text, source="essay.txt").markdown
    block = markdown.split("---\n")[1]
    meta = validate(yaml.safe_load(block), "essay.md")
    assert meta["lang"] == "nl" and meta["date"] == "1990-02" and meta["title"].startswith("Lenin en Trotski")


def test_an_evaluators_credential_or_report_needs_the_evaluator():
    """EPUB Accessibility 1.1, "Evaluator information": the credential and report refine the
    evaluator's name: the one given (certified_by), else the publisher's."""
    report = {"certifier_report": "https://example.org/report.html"}
    with pytest.raises(PamfletErrors) as caught:
        validate({"title": "T", "lang": "en", "accessibility": report}, "book.md", {("accessibility",): 6})
    [problem] = caught.value.problems
    assert str(problem).startswith("book.md:6: metadata field 'accessibility' has a credential or report but no evaluator")
    assert validate({"title": "T", "lang": "en", "publisher": "P", "accessibility": report}, "book.md")["accessibility"]["certifier_report"]
    assert validate({"title": "T", "lang": "en", "accessibility": {"certified_by": "E", **report}}, "book.md")
