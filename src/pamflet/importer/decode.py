"""Read raw bytes as text: UTF-8 (with or without BOM), else cp1252; refuse binary files."""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..errors import PamfletError
from ..safety import LIMITS, read_bounded
from .pdf import one_hyphen

# Control characters other than tab, newline, carriage return and form feed
# do not occur in text pasted out of a PDF; many of them mean a binary file.
_TEXT_CONTROLS = {"\t", "\n", "\r", "\f"}


def read_text(path: str | Path) -> tuple[str, str]:
    """Return (text, encoding name) with newlines normalised to ``\\n``. The input is capped
    and must be a regular file (``/dev/zero`` would never end)."""
    return decode_bytes(read_bounded(path, LIMITS.import_bytes, "text file"), path)


def check_import_paths(raw: str | Path, *outputs: str | Path | None) -> None:
    """An import never writes over its own input, nor the Markdown over the report."""
    given = [Path(p) for p in outputs if p]
    for n, out in enumerate(given):
        if _same_file(raw, out):
            raise PamfletError(out, "is the input file; write the Markdown to another file")
        if any(_same_file(out, other) for other in given[n + 1:]):
            raise PamfletError(out, "is given as both the Markdown and the report")


def _same_file(a: str | Path, b: str | Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist yet
        return os.path.realpath(a) == os.path.realpath(b)


def decode_bytes(data: bytes, path: str | Path = "<input>") -> tuple[str, str]:
    if not data.strip():
        raise PamfletError(path, "is empty")
    if b"\x00" in data:
        raise PamfletError(path, "looks like a binary file (it contains NUL bytes), not text")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            text, encoding = data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            line = data[: exc.start + 3].count(b"\n") + 1
            raise PamfletError(path, f"starts with a UTF-8 byte order mark but is not UTF-8 (byte 0x{data[exc.start + 3]:02x} at line {line}); save it again as UTF-8", line) from None
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            # cp1252 leaves five bytes undefined; a file that uses them is not cp1252 text.
            try:
                text, encoding = data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                raise PamfletError(path, "is neither UTF-8 nor cp1252 text") from None
    controls = sum(1 for ch in text if ch < " " and ch not in _TEXT_CONTROLS)
    if controls > max(2, len(text) // 200):
        raise PamfletError(path, "looks like a binary file (many control characters), not text")
    # A carriage return between words ("What\t\r \xa0is", Word on a Mac through pdftotext) is
    # white space, not a line end; elsewhere CR and CRLF end a line.
    text = re.sub(r"[ \t\xa0]*\t\r(?!\n)[ \t\xa0]*", " ", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = one_hyphen(text)
    return text, encoding


# A font without a Unicode map for its ligatures gives U+FFFD in their place ("di�cile").
LIGATURES = ("ffi", "ffl", "ff", "fi", "fl", "ft", "st")
_UNMAPPED_WORD = re.compile(r"[^\W\d_]*\ufffd[^\W\d_]+|[^\W\d_]+\ufffd[^\W\d_]*")


def restore_ligatures(lines, lang: str) -> tuple[list[str], int]:
    """Put back the ligature a PDF's font left unmapped (U+FFFD) where exactly one of the
    usual ligatures makes a word of the language's word list (wordfreq). Returns the report's
    entries and how many U+FFFD are left (kept: what they stood for is not known)."""
    from wordfreq import zipf_frequency

    entries = []
    for line in lines:
        if "\ufffd" not in line.text:
            continue

        def restore(match: re.Match[str]) -> str:
            word = match.group(0)
            at = word.find("\ufffd")
            if word.count("\ufffd") != 1 or not word[at + 1:at + 2].islower() or len(word) < 4:
                return word  # a ligature stands inside a word, before lower case ("�Li": a symbol)
            found = [word.replace("\ufffd", lig) for lig in LIGATURES if zipf_frequency(word.replace("\ufffd", lig).casefold(), lang) >= 2.0]
            if len(found) != 1:
                return word
            entries.append(f"line {line.no}: {word} → {found[0]} (a ligature the PDF does not map; the word list)")
            return found[0]

        line.text = _UNMAPPED_WORD.sub(restore, line.text)
    left = sum(line.text.count("\ufffd") for line in lines)
    return entries, left
