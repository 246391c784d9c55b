"""A book's own stylesheets, read as untrusted CSS (tinycss2, WeasyPrint's own parser).

- The EPUB copies the book's ``styles/epub.css`` into the e-book, where a reading system would
  follow its ``url()``s: only files inside the book folder are allowed, and they are packaged.
- The print edition uses only the pinned fonts: every family a print stylesheet asks for must
  be declared with ``@font-face`` from a file pamflet ships or the book carries — otherwise
  fontconfig would quietly substitute a system font and the pages would differ per machine.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import tinycss2

from .errors import PamfletError
from .safety import LIMITS, contained, read_bounded

GENERIC = {
    "serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui", "ui-serif", "ui-sans-serif",
    "ui-monospace", "ui-rounded", "emoji", "math", "fangsong",
}
KEYWORDS = {"inherit", "initial", "unset", "revert", "revert-layer"}
# Nested at-rules whose content is a list of rules; every other block holds declarations.
_RULE_LISTS = {"media", "supports", "document", "layer", "container"}


@dataclass
class Url:
    value: str
    line: int


def read_css(path: Path, folder_roots: list[Path]) -> str:
    contained(path, folder_roots, "stylesheet")
    try:
        return read_bounded(path, LIMITS.text_bytes, "stylesheet").decode("utf-8")
    except UnicodeDecodeError:
        raise PamfletError(path, "is not UTF-8 text") from None


def _walk(nodes, rule_list: bool = False):
    """Every declaration and at-rule in a stylesheet, nested ones included."""
    for node in nodes:
        if node.type == "qualified-rule":
            yield from _walk(tinycss2.parse_blocks_contents(node.content, skip_comments=True, skip_whitespace=True))
        elif node.type == "at-rule":
            yield node
            if node.content is not None:
                if node.lower_at_keyword in _RULE_LISTS:
                    yield from _walk(tinycss2.parse_rule_list(node.content, skip_comments=True, skip_whitespace=True))
                else:
                    yield from _walk(tinycss2.parse_blocks_contents(node.content, skip_comments=True, skip_whitespace=True))
        elif node.type == "declaration":
            yield node
        elif node.type == "error":
            yield node


def _urls(tokens):
    for token in tokens or []:
        if token.type == "url":
            yield Url(token.value, token.source_line)
        elif token.type == "function":
            if token.lower_name in ("url", "src"):
                strings = [t for t in token.arguments if t.type == "string"]
                yield Url(strings[0].value if strings else tinycss2.serialize(token.arguments), token.source_line)
            elif token.lower_name in LOADING_FUNCTIONS:
                # a bare string here is an image to load, as url() is: image-set("a.png" 1x)
                yield from (Url(t.value, t.source_line) for t in token.arguments if t.type == "string")
                if any(t.type == "function" and t.lower_name == "var" for t in token.arguments):
                    yield Url(tinycss2.serialize(token.arguments).strip(), token.source_line)  # var(--u): unknown until a reader resolves it
                yield from _urls(token.arguments)
            else:
                yield from _urls(token.arguments)
        elif token.type in ("() block", "[] block", "{} block"):
            yield from _urls(token.content)


LOADING_FUNCTIONS = ("image-set", "-webkit-image-set", "image", "cross-fade", "element")


def loads_files(css: str, inline: bool = False) -> bool:
    """Whether CSS (a style attribute's declarations when ``inline``) would load anything:
    url(), src(), image-set() and its kin, @import — read as a browser reads it, escapes and
    all (``u\\72l(`` is url()), not by a pattern on the text."""
    nodes = tinycss2.parse_blocks_contents(css) if inline else tinycss2.parse_stylesheet(css)

    def walk(tokens) -> bool:
        for token in tokens or []:
            if token.type == "url" or (token.type == "at-rule" and token.lower_at_keyword == "import"):
                return True
            if token.type == "function" and token.lower_name in ("url", "src", *LOADING_FUNCTIONS):
                return True
            for part in ("arguments", "content", "prelude", "value"):
                if walk(getattr(token, part, None) if isinstance(getattr(token, part, None), list) else None):
                    return True
        return False

    return walk(nodes)


def urls(css: str) -> list[Url]:
    """Every address a stylesheet would load: url(), @import, image-set, src()."""
    found = []
    for node in _walk(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)):
        if node.type == "at-rule":
            found += list(_urls(node.prelude))
            if node.lower_at_keyword == "import":
                found += [Url(t.value, t.source_line) for t in node.prelude if t.type == "string"]
        elif node.type == "declaration":
            found += list(_urls(node.value))
    return found


def epub_resources(path: Path, folder: Path) -> list[Path]:
    """The files a book's epub.css refers to, all inside the book folder; anything else is an error."""
    resources = []
    for url in urls(read_css(path, [folder])):
        parts = urlsplit(url.value)
        if parts.scheme or parts.netloc or url.value.startswith("/"):
            raise PamfletError(path, f"url({url.value!r}) is not a file inside the book folder; an e-book's stylesheet may not load addresses or outside files", url.line)
        target = contained(path.parent / unquote(parts.path), [folder], "file", path, url.line)
        if not target.is_file():
            raise PamfletError(path, f"url({url.value!r}) does not exist", url.line)
        resources.append(target)
    return resources


def _families(tokens) -> list[str]:
    """The family names in a font-family value: strings, or runs of identifiers."""
    families, words = [], []
    for token in list(tokens) + [None]:
        if token is None or (token.type == "literal" and token.value == ","):
            if words:
                families.append(" ".join(words))
            words = []
        elif token.type == "string":
            words.append(token.value)
        elif token.type == "ident":
            words.append(token.value)
    return families


def _shorthand_families(tokens) -> list[str]:
    """``font: italic 10pt/12pt "pamflet serif", serif``: the families follow the size."""
    tokens = [t for t in tokens if t.type != "whitespace"]
    sizes = [n for n, t in enumerate(tokens) if t.type in ("dimension", "percentage") or (t.type == "ident" and t.lower_value.endswith(("small", "medium", "large", "smaller", "larger")))]
    if not sizes:
        return []
    rest = tokens[sizes[0] + 1:]
    if rest and rest[0].type == "literal" and rest[0].value == "/":
        rest = rest[2:]
    return _families(rest)


def check_print_fonts(sheets: list[tuple[Path, str]], allowed: list[Path]) -> dict[str, list[Path]]:
    """Family → its font files, for the families declared with @font-face from ``allowed`` folders;
    an error for a family asked for but not declared, a local() font, or a font file elsewhere."""
    declared: dict[str, list[Path]] = {}
    asked: list[tuple[Path, int, str]] = []
    for path, css in sheets:
        for node in _walk(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)):
            if node.type == "at-rule" and node.lower_at_keyword == "font-face" and node.content is not None:
                _font_face(path, node, declared, allowed)
            elif node.type == "declaration" and node.lower_name in ("font-family", "font"):
                names = _families(node.value) if node.lower_name == "font-family" else _shorthand_families(node.value)
                asked += [(path, node.source_line, name) for name in names]
    for path, line, name in asked:
        key = name.lower()
        if key in KEYWORDS:
            continue
        if key in GENERIC:
            if not any(n.lower() in declared for p, l, n in asked if (p, l) == (path, line)):
                raise PamfletError(path, f"font-family {name!r} would use a system font; name one of the book's fonts ({', '.join(sorted(declared))}) first", line)
            continue
        if key not in declared:
            raise PamfletError(path, f"the font {name!r} is not declared with @font-face from styles/fonts/ or the book's fonts/; fontconfig would replace it by a system font", line)
    return declared


def _font_face(path: Path, rule, declared: dict[str, list[Path]], allowed: list[Path]) -> None:
    family, files = None, []
    for node in tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True):
        if node.type != "declaration":
            continue
        if node.lower_name == "font-family":
            family = (_families(node.value) or [None])[0]
        elif node.lower_name == "src":
            for token in node.value:
                if token.type == "function" and token.lower_name == "local":
                    raise PamfletError(path, "@font-face src: local() would use a font installed on this machine; give the font file", node.source_line)
            for url in _urls(node.value):
                parts = urlsplit(url.value)
                if parts.scheme or parts.netloc:
                    raise PamfletError(path, f"font {url.value!r} refused: the print edition loads fonts only from files in the book (no network access)", url.line)
                target = contained(path.parent / unquote(parts.path), allowed, "font file", path, url.line)
                files.append(target)
    if family:
        declared.setdefault(family.lower(), []).extend(files)


@lru_cache(maxsize=64)
def _cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


def covered(font_files: list[Path]) -> frozenset[int]:
    """The code points the given font files have glyphs for."""
    points: set[int] = set()
    for path in font_files:
        points |= _cmap(path)
    return frozenset(points)
