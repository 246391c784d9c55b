"""`pamflet new DIR`: a book folder an editor can build at once and fill in.

The metadata block lists every field of the schema (``metadata.Metadata``), the unused ones
commented out with their help text, so that the block is the field reference; with
``--from`` the text is imported (``pamflet import``) and its report kept beside it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel

from .atomic import write_own_output, write_text
from .errors import PamfletError
from .metadata import Metadata

MAIN = "essay.md"
REPORT = "import-report.md"
COLUMN = 30  # where the help comments of the metadata block start

STARTER_TEXT = """
## {heading}

Write or paste the text here. A paragraph is a block of lines; an empty line ends it.
A note goes where it is called,[^1] its text below.

[^1]: The note's text.
"""

INDEX_SKELETON = """\
# The back-of-book index (see pamflet's README, "The index"). No terms yet: no index is printed.
# Each form is looked for as a whole word in the text and the notes (headings do not count).
#
# persons:                          # the register of persons; forms match case-sensitively
#   - term: Trotski, Leon           # the heading as printed
#     forms: [Trotski, Trotski’s]
#     see_also: [Linkse Oppositie]
# subjects:                         # a lower-case form also matches with a capital
#   - term: trojka                  # no forms: the term itself
#   - term: congressen van de partij
#     sub:
#       - term: 10de congres (1921)
#         forms: [10de congres]
"""

EDITS = """\
# Hand edits to `{main}`

{origin}

List here every change you make by hand, with the line, so that a later reader can tell the
author's text from the editor's (see pamflet's `book/EDITS.md` for an example).
"""

README = """\
# {title}

A book folder for pamflet.

- `{main}`: the text, with its metadata block at the top (every field is listed there;
  remove the `#` before a field to use it).
- `raw/`: the original as received{raw_note}.
- `index.yml`: the back-of-book index, empty for now.
- `EDITS.md`: your hand edits to the text, listed.{report_note}

Build it (print PDF, booklet, PDF/A, EPUB) into `build/`:

    pamflet build {folder} -o build/{name}

Rebuild on every save while you edit, and see where the layout needs a look:

    pamflet build {folder} -o build/{name} --watch
    pamflet proof {folder} -o proof/{name}
"""


@dataclass
class NewBook:
    folder: Path
    main: Path
    summary: str  # one line: what was made (the import's summary with --from)


def new_book(folder: str | Path, title: str | None = None, author: str | None = None, lang: str | None = None, source: str | Path | None = None) -> NewBook:
    """Make the book folder ``folder`` (refused if it exists and is not empty); the whole folder
    is made under a temporary name beside it and renamed, so a failure leaves nothing."""
    target = Path(folder)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise PamfletError(target, "exists and is not empty; pamflet new makes a new book folder")
    if source is None and not lang:
        raise PamfletError("--lang", "give the language of the book (nl, en, de, …), or --from a text to detect it from")
    if source is None and not title:
        title = target.name.replace("-", " ").replace("_", " ").strip().capitalize() or "Untitled"
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(work, 0o777 & ~umask)  # mkdtemp's folder is private; a book folder is not
    try:
        summary = _fill(work, target, title, author, lang, source)
        if target.exists():
            target.rmdir()  # empty (checked above)
        os.replace(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return NewBook(target, target / MAIN, summary)


def _fill(work: Path, target: Path, title, author, lang, source) -> str:
    (work / "raw").mkdir()
    given = {"title": title, "author": author}
    if source is not None:
        from .importer import import_file
        from .importer.language import import_language

        result = import_file(source, lang=import_language(lang) if lang else None)
        values, body = _split(result.markdown)
        values.update({key: value for key, value in given.items() if value})
        shutil.copyfile(source, work / "raw" / Path(source).name)
        write_own_output(work / REPORT, result.report)
        origin = f"`{MAIN}` is the output of\n\n    pamflet import raw/{Path(source).name} -o {MAIN} --report {REPORT}\n\n(`raw/{Path(source).name}` is the original as received), proofread against `{REPORT}`."
        summary = result.summary
    else:
        from .importer.language import import_language

        values = {key: value for key, value in given.items() if value}
        values["lang"] = import_language(lang)
        body = STARTER_TEXT.format(heading="Introduction" if values["lang"].startswith("en") else "Inleiding" if values["lang"].startswith("nl") else "I")
        origin = f"`{MAIN}` was started with `pamflet new`; put the original text in `raw/`."
        summary = "a new book with a starter text"
    write_own_output(work / MAIN, "---\n" + metadata_block(values) + "---\n" + body)
    write_text(work / "index.yml", INDEX_SKELETON)
    write_text(work / "EDITS.md", EDITS.format(main=MAIN, origin=origin))
    write_text(work / "README.md", README.format(
        title=values.get("title") or target.name, main=MAIN, folder=target, name=target.name,
        raw_note=f" (`{Path(source).name}`)" if source is not None else " (put it here)",
        report_note=f"\n- `{REPORT}`: what the import decided, with line numbers; proofread the text against it." if source is not None else "",
    ))
    return summary


def _split(markdown: str) -> tuple[dict, str]:
    """The importer's Markdown: its YAML block's values, and the text after it."""
    lines = markdown.split("\n")
    end = lines.index("---", 1)
    return yaml.safe_load("\n".join(lines[1:end])) or {}, "\n".join(lines[end + 1:])


def metadata_block(values: dict) -> str:
    """The YAML block: every field of the schema, in its order, with its help; the fields in
    ``values`` set, the others commented out (uncommented, each is valid as it stands)."""
    return "".join(_field_lines(Metadata, values, ""))


def _field_lines(model: type[BaseModel], values: dict, indent: str):
    for name, info in model.model_fields.items():
        nested = _model_of(info.annotation)
        value = values.get(name)
        help_text = f"# {info.description}"
        if nested is not None:
            # A nested block (cover, accessibility): its fields with their defaults.
            if value:
                yield f"{indent}{name + ':':<{COLUMN - len(indent) + 2}} {help_text}\n"
            else:
                yield f"{indent}# {name + ':':<{COLUMN - len(indent)}} {help_text}\n"
            for line in _field_lines(nested, value or {}, indent + "  "):
                yield line if value or line.lstrip().startswith("#") else f"{indent}# {line[len(indent):]}"
            continue
        if value is None or value == []:
            default = info.get_default(call_default_factory=True)
            shown = _yaml_value(default)
            yield f"{indent}# {f'{name}: {shown}'.rstrip():<{COLUMN - len(indent)}} {help_text}\n"
        else:
            yield f"{indent}{f'{name}: {_yaml_value(value)}':<{COLUMN - len(indent) + 2}} {help_text}\n"


def _model_of(annotation):
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def _yaml_value(value) -> str:
    """One value as YAML on one line ('' for none: the key alone reads as null)."""
    if value is None:
        return ""
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000).strip()
    return text.removesuffix("\n...").removesuffix("...").strip()
