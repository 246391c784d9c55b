"""Write the imported text as pandoc Markdown, escaping whatever pandoc would read as markup."""

from __future__ import annotations

import re

import yaml

NOTE_REF = "\ue000{}\ue001"  # placeholder for a footnote reference until escaping is done
_NOTE_REF = re.compile("\ue000(\\d+)\ue001")
# Characters pandoc Markdown may read as markup anywhere in a line.
_INLINE = re.compile(r"([\\`*_\[\]<>$^~@|{}#])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
# At the start of a block: list markers (1. a) (iv) - + *), headings, quotes, line blocks, definitions.
_BLOCK_START = re.compile(r"^(\(?[0-9A-Za-z]{1,9}[.)])(?=\s|$)|^([-+:%])(?=\s|$)")


# A note call's placeholder ends an address: it is the call set after it, not part of it.
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\]\[()“”\"\ue000\ue001]*[^\s<>.,;:!?\]\[()“”’\"\ue000\ue001]")


def escape(text: str, block_start: bool = True) -> str:
    """Escape markup characters; a web address becomes an autolink ``<…>`` (same characters)."""
    pieces = []
    last = 0
    for match in _URL.finditer(text):
        pieces.append(_escape_plain(text[last: match.start()]))
        url = match.group(0)
        pieces.append(f"<{url}>" if url.startswith("http") else _escape_plain(url))
        last = match.end()
    pieces.append(_escape_plain(text[last:]))
    text = "".join(pieces)
    if block_start:
        m = _BLOCK_START.match(text)
        if m:
            cut = m.end() - 1
            text = text[:cut] + "\\" + text[cut:]
    # "[^1]:" at a line start would define a note: escape the colon.
    return _NOTE_REF.sub(r"[^\1]", text.replace("\ue001:", "\ue001\\:"))


def _escape_plain(text: str) -> str:
    return _ENTITY.sub(r"\\&", _INLINE.sub(r"\\\1", text))


def front_matter(meta: dict[str, str]) -> str:
    body = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000, default_style=None)
    return f"---\n{body}---\n"


def render(meta: dict[str, str], blocks: list[tuple[str, str, dict]], notes: dict[int, list[str]]) -> str:
    """``blocks`` are (kind, text, extra) in order; ``notes`` map numbers to paragraphs."""
    out = [front_matter(meta)]
    previous = None
    delimiter, last_number = ".", 0
    for kind, text, extra in blocks:
        if kind == "heading":
            chunk = "#" * extra.get("level", 2) + " " + escape(text, block_start=False)
        elif kind == "item":
            marker = "-"
            if extra["ordered"]:
                if previous == "item" and extra["number"] != last_number + 1:
                    delimiter = ")" if delimiter == "." else "."  # a new list: pandoc would renumber one with the same delimiter
                marker, last_number = f"{extra['number']}{delimiter}", extra["number"]
            chunk = f"{marker} {escape(text)}"
            if previous == "item":
                out[-1] += "\n" + chunk
                continue
        elif kind == "table":
            chunk = "\n".join("| " + escape(line, block_start=False) for line in text.split("\n"))
        else:
            chunk = escape(text)
        out.append(chunk)
        previous = kind
    for number, paragraphs in notes.items():
        first, *rest = paragraphs
        chunk = f"[^{number}]: {escape(first)}"
        chunk += "".join("\n\n    " + escape(p) for p in rest)
        out.append(chunk)
    return "\n\n".join(out) + "\n"
