"""The book's metadata: one schema (pydantic) for every field, its type, default and help.

`pamflet build` validates the YAML block with it, `pamflet import` writes through it, and the
README's table of fields is generated from it (a test keeps them equal).
"""

from __future__ import annotations

import calendar
import difflib
import re
from pathlib import Path
from typing import Annotated, Literal

import langcodes
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from .errors import PamfletError, PamfletErrors

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_COLOUR = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?|[a-zA-Z]{3,20}")
_SLUG = re.compile(r"[a-z0-9](?:[a-z0-9._-]{0,78}[a-z0-9])?")
_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
COVER_FONTS = {"serif": '"pamflet serif"', "sans": '"pamflet sans"'}


def _text(value: str) -> str:
    # PDF/A (and XML) forbid control characters in metadata.
    if _CONTROL.search(value):
        raise ValueError("contains a control character")
    return value


def normalise_lang(value: str) -> str:
    """A BCP 47 language tag, in its standard form: ``EN`` → ``en``, ``nl_be`` → ``nl-BE``."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be a language code like nl or en-GB")
    tag = value.strip()
    if not langcodes.tag_is_valid(tag.replace("_", "-")):
        raise ValueError(f"must be a language code like nl or en-GB (BCP 47), not {value!r}")
    return langcodes.standardize_tag(tag.replace("_", "-"))


def parse_date(value) -> str:
    """``1990``, ``1990-02`` or ``1990-02-14``, a real calendar date; nothing else."""
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    match = _ISO_DATE.fullmatch(text or "")
    if not match:
        raise ValueError(f"must be a date written 1990, 1990-02 or 1990-02-14, not {value!r}")
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"{text!r} has no month {month}")
    if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise ValueError(f"{text!r} has no day {day}")
    return text


def parse_isbn(value: str) -> str:
    """An ISBN-10 or ISBN-13 whose check digit is right; hyphens and spaces as the author wrote
    them (``978-90-6445-123-4``), an "ISBN" in front dropped."""
    text = re.sub(r"^ISBN(?:-1[03])?:?\s*", "", value.strip(), flags=re.I)
    digits = re.sub(r"[\s-]", "", text).upper()
    if re.fullmatch(r"\d{9}[\dX]", digits):
        total = sum((10 - i) * (10 if d == "X" else int(d)) for i, d in enumerate(digits))
        if total % 11:
            raise ValueError(f"{value!r} is not an ISBN: the check digit of an ISBN-10 is wrong")
    elif re.fullmatch(r"97[89]\d{10}", digits):
        if sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits)) % 10:
            raise ValueError(f"{value!r} is not an ISBN: the check digit of an ISBN-13 is wrong")
    else:
        raise ValueError(f"must be an ISBN of 10 or 13 digits (978…), not {value!r}")
    if not re.fullmatch(r"[\dXx]+(?:[\s-][\dXx]+)*", text):
        raise ValueError(f"must be an ISBN: digits with hyphens or spaces between groups, not {value!r}")
    return text


def _slug(value: str) -> str:
    if not _SLUG.fullmatch(value):
        raise ValueError(f"must be a file name of lower-case letters, digits, '.', '-' and '_' (like lenin-trotski), not {value!r}")
    return value


def _web_address(value: str) -> str:
    # It becomes a link in the e-book: nothing but a web address (no javascript:, data:, file:).
    if not re.fullmatch(r"https?://[^\s<>\"']+", value):
        raise ValueError(f"must be a web address starting with http:// or https://, not {value!r}")
    return value


Text = Annotated[str, Field(strict=True), AfterValidator(_text)]
WebAddress = Annotated[str, Field(strict=True), AfterValidator(_text), AfterValidator(_web_address)]
Lang = Annotated[str, Field(strict=True), AfterValidator(normalise_lang)]
Date = Annotated[str, BeforeValidator(parse_date)]
Slug = Annotated[str, Field(strict=True), AfterValidator(_slug)]
Isbn = Annotated[str, Field(strict=True), AfterValidator(parse_isbn)]
Colour = Annotated[str, Field(strict=True, pattern=_COLOUR.pattern)]


class Cover(BaseModel):
    """The typographic cover (print, booklet, press PDF and the EPUB's cover image)."""

    model_config = ConfigDict(extra="forbid")
    background: Colour = Field("#7a1f1f", description="background colour, #rrggbb or a CSS colour name")
    color: Colour = Field("#fdf6e3", description="text colour")
    font: Literal["serif", "sans"] = Field("serif", description="serif (Linux Libertine) or sans (Linux Biolinum)")
    image: Text | None = Field(None, description="an image file in the book folder, shown on the cover")


class Accessibility(BaseModel):
    """Who evaluated the e-book's accessibility: the publisher's to say (EPUB Accessibility 1.1)."""

    model_config = ConfigDict(extra="forbid")
    certified_by: Text | None = Field(None, description="who evaluated it (a11y:certifiedBy; default: the publisher)")
    certifier_credential: Text | None = Field(None, description="the evaluator's credential (a11y:certifierCredential)")
    certifier_report: WebAddress | None = Field(None, description="the address of the evaluation report (a11y:certifierReport)")


class Metadata(BaseModel):
    """The YAML block at the top of the book's main Markdown file."""

    model_config = ConfigDict(extra="forbid")
    title: Text = Field(description="the title (required)")
    lang: Lang = Field(description="the language, a BCP 47 code: nl, en-GB (required)")
    subtitle: Text | None = Field(None, description="the subtitle")
    author: Text | None = Field(None, description="the author, as printed")
    translator: Text | None = Field(None, description="the translator, as printed (colophon)")
    original_title: Text | None = Field(None, description="the title of the original, for a translation (colophon)")
    date: Date | None = Field(None, description="the date of the text: 1990, 1990-02 or 1990-02-14")
    id: Slug | None = Field(None, description="the output files' name (default: from the title)")
    identifier: Text | None = Field(None, description="ISBN, DOI or URN of the e-book (default: a UUID from the metadata)")
    isbn: Isbn | None = Field(None, description="the ISBN of the print edition, ISBN-10 or -13, check digit checked (colophon, back cover)")
    publisher: Text | None = Field(None, description="the publisher (title page, colophon, covers)")
    rights: Text | None = Field(None, description="the licence or copyright line")
    description: Text | None = Field(None, description="a short description (back cover; EPUB, PDF/A metadata)")
    source: Text | None = Field(None, description="where the text comes from")
    subjects: list[Text] = Field(default_factory=list, description="subject keywords")
    chapters: list[Text] = Field(default_factory=list, description="the chapter files, in order, for a book of several files")
    cover: Cover = Field(default_factory=Cover, description="the cover: background, color, font, image")
    accessibility: Accessibility = Field(default_factory=Accessibility, description="the e-book's accessibility evaluation: certified_by, certifier_credential, certifier_report")
    hyphenation: list[Text] = Field(default_factory=list, description="words hyphenated only as written (Ordzjo-nikidze) or never (Rakovsky)")

    @field_validator("accessibility")
    @classmethod
    def _evaluator_named(cls, value: Accessibility, info: ValidationInfo) -> Accessibility:
        # A credential or a report belongs to an evaluator: the one named, else the publisher.
        if (value.certifier_credential or value.certifier_report) and not (value.certified_by or info.data.get("publisher")):
            raise ValueError("has a credential or report but no evaluator: give certified_by (or the book's publisher)")
        return value


FIELDS = tuple(Metadata.model_fields)


def validate(data, path: str | Path, lines: dict[tuple, int] | None = None, first_line: int = 1) -> dict:
    """The metadata as a dict (every field present, defaults filled in); every problem is reported
    at once, each with the line of its key."""
    lines = lines or {}
    if not isinstance(data, dict):
        raise PamfletError(path, "the metadata block must be a mapping of fields (title: …)", first_line)
    try:
        meta = Metadata.model_validate(data).model_dump()
    except ValidationError as exc:
        problems = [_problem(error, path, lines, first_line) for error in exc.errors()]
        raise PamfletErrors(sorted(problems, key=lambda p: p.line or 0)) from None
    meta["cover"]["family"] = COVER_FONTS[meta["cover"]["font"]]
    return meta


def _problem(error: dict, path, lines: dict[tuple, int], first_line: int) -> PamfletError:
    loc = tuple(error["loc"])
    line = next((lines[loc[:n]] for n in range(len(loc), 0, -1) if loc[:n] in lines), first_line)
    name = ".".join(str(part) for part in loc)
    kind = error["type"]
    if kind == "extra_forbidden":
        model = {"cover": Cover, "accessibility": Accessibility}.get(str(loc[0]), Metadata) if len(loc) > 1 else Metadata
        close = difflib.get_close_matches(str(loc[-1]), list(model.model_fields), n=1, cutoff=0.6)
        hint = f" — did you mean {close[0]!r}?" if close else f" (known: {', '.join(model.model_fields)})"
        return PamfletError(path, f"unknown key {name!r}{hint}", line)
    if kind == "missing":
        return PamfletError(path, f"the metadata block has no {name!r}", line)
    if kind in ("string_type", "string_pattern_mismatch") and loc[:1] != ("cover",):
        return PamfletError(path, f"metadata field {name!r} must be text (put it in quotes)", line)
    if kind == "string_pattern_mismatch":
        return PamfletError(path, f"{name} must be a colour like #7a1f1f or a colour name, not {error.get('input')!r}", line)
    if kind in ("list_type", "model_type", "dict_type"):
        what = "a list" if kind == "list_type" else "a mapping of fields"
        return PamfletError(path, f"metadata field {name!r} must be {what}", line)
    message = error["msg"].removeprefix("Value error, ")
    return PamfletError(path, f"metadata field {name!r} {message}" if kind == "value_error" else f"metadata field {name!r}: {message}", line)


def readme_table() -> str:
    """The README's table of metadata fields, made from the schema."""
    rows = ["| field | meaning |", "|---|---|"]
    for name, info in Metadata.model_fields.items():
        rows.append(f"| `{name}` | {info.description} |")
    for name, info in Cover.model_fields.items():
        rows.append(f"| `cover.{name}` | {info.description} (default `{info.default}`) |")
    for name, info in Accessibility.model_fields.items():
        rows.append(f"| `accessibility.{name}` | {info.description} |")
    return "\n".join(rows)
