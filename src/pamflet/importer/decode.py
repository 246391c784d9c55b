"""Read raw bytes as text: UTF-8 (with or without BOM), else cp1252; refuse binary files."""

from __future__ import annotations

from pathlib import Path

from ..errors import PamfletError

# Control characters other than tab, newline, carriage return and form feed
# do not occur in text pasted out of a PDF; many of them mean a binary file.
_TEXT_CONTROLS = {"\t", "\n", "\r", "\f"}


def read_text(path: str | Path) -> tuple[str, str]:
    """Return (text, encoding name) with newlines normalised to ``\\n``."""
    try:
        data = Path(path).read_bytes()
    except IsADirectoryError:
        raise PamfletError(path, "is a folder, not a text file") from None
    except OSError as exc:
        raise PamfletError(path, f"cannot read: {exc.strerror or exc}") from None
    return decode_bytes(data, path)


def decode_bytes(data: bytes, path: str | Path = "<input>") -> tuple[str, str]:
    if not data.strip():
        raise PamfletError(path, "is empty")
    if b"\x00" in data:
        raise PamfletError(path, "looks like a binary file (it contains NUL bytes), not text")
    if data.startswith(b"\xef\xbb\xbf"):
        text, encoding = data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
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
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, encoding
