"""A book folder is untrusted data: what it may read, how much, and how YAML is read from it.

Every file a build reads is resolved to its real path (symlinks followed) and must lie in
one of the allowed folders; sizes and nesting are capped so that a hostile file ends in an
error, not in a machine out of memory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from .cache import SKIP_NAMES
from .errors import PamfletError
from .files import open_regular  # noqa: F401 — the readers of a book's files find it here


@dataclass(frozen=True)
class Limits:
    """One table of the caps a build and an import apply (README: Safety)."""

    import_bytes: int = 50 * 1024 * 1024  # raw text given to `pamflet import`
    text_bytes: int = 20 * 1024 * 1024  # one Markdown file of a book
    yaml_bytes: int = 2 * 1024 * 1024  # the metadata block, index.yml
    nesting: int = 48  # element depth of the text after pandoc (lists, quotes inside each other)
    image_pixels: int = 50_000_000  # width × height of one image (decompression bombs)
    packed_bytes: int = 500 * 1024 * 1024  # a book folder (or its outputs) sent to or from a cluster, unpacked
    packed_files: int = 20_000  # files and folders in one such packet


LIMITS = Limits()


def contained(path: str | Path, roots: list[Path], what: str, source: str | Path | None = None, line: int | None = None) -> Path:
    """``path`` resolved (symlinks followed); an error unless it lies inside one of ``roots``."""
    real = Path(os.path.realpath(path))
    root = next((r for r in map(Path, map(os.path.realpath, roots)) if _under(real, r)), None)
    if root is None:
        shown = Path(path)
        reason = "is a link to a file outside the book folder" if shown.is_symlink() or real != shown.absolute() else "is outside the book folder"
        raise PamfletError(source or path, f"{what} {shown.name!r} {reason}", line)
    hidden = unwatched_folder(real, root)
    if hidden:
        raise PamfletError(source or path, f"{what} {Path(path).name!r} is inside {hidden}/, a folder pamflet leaves alone (version control, caches): move it", line)
    return real


def unwatched_folder(real: Path, root: Path) -> str | None:
    """The folder on the way from ``root`` to ``real`` that the cache does not hash (``.git``,
    ``__pycache__``…): a file read from there would go stale unseen."""
    return next((part for part in real.relative_to(root).parts[:-1] if part in SKIP_NAMES), None)


def _under(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def read_bounded(path: str | Path, limit: int, what: str = "file") -> bytes:
    """Read a regular file of at most ``limit`` bytes; devices, pipes and larger files are refused
    before anything is read into memory."""
    try:
        with open_regular(path, what) as handle:
            info = os.fstat(handle.fileno())
            if info.st_size > limit:
                raise PamfletError(path, f"is too large ({info.st_size / 1e6:.0f} MB; at most {limit / 1e6:.0f} MB)")
            data = handle.read(limit + 1)
    except IsADirectoryError:
        raise PamfletError(path, "is a folder, not a file") from None
    except OSError as exc:
        raise PamfletError(path, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > limit:  # it grew while we read it
        raise PamfletError(path, f"is too large (at most {limit / 1e6:.0f} MB)")
    return data


class AliasRefused(yaml.YAMLError):
    def __init__(self, mark):
        super().__init__("YAML anchors and aliases are not allowed")
        self.mark = mark


class YamlLoader(yaml.SafeLoader):
    """Safe YAML without anchors/aliases (no alias bombs) and without timestamps: a date stays
    the text it was written as, and is checked by the metadata schema."""

    def compose_node(self, parent, index):
        # Refused as the parser meets them, before any subtree could be repeated.
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise AliasRefused(event.start_mark)
        return super().compose_node(parent, index)


YamlLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(text: str, path: str | Path, first_line: int = 1, loader: type = YamlLoader):
    """Parse untrusted YAML: size capped, aliases refused (each one could repeat a large
    subtree: the 'billion laughs'), errors as ``file:line``. Returns the data and the root node."""
    if len(text.encode("utf-8")) > LIMITS.yaml_bytes:
        raise PamfletError(path, f"the YAML is too large (at most {LIMITS.yaml_bytes // 1024 // 1024} MB)", first_line)
    try:
        node = yaml.compose(text, Loader=loader)
        data = loader(text).construct_document(node) if node is not None else None
    except AliasRefused as exc:
        raise PamfletError(path, "YAML anchors and aliases (&name, *name) are not allowed", first_line + exc.mark.line) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise PamfletError(path, f"invalid YAML: {problem}", first_line + mark.line if mark else first_line) from None
    except RecursionError:
        raise PamfletError(path, "the YAML is nested too deeply", first_line) from None
    return data, node


def key_lines(node, first_line: int = 1, prefix: tuple = ()) -> dict[tuple, int]:
    """For a composed YAML mapping: (key, subkey, …) → the line it is written on."""
    lines: dict[tuple, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = prefix + (key.value,)
            lines[name] = first_line + key.start_mark.line
            lines.update(key_lines(value, first_line, name))
    elif isinstance(node, yaml.SequenceNode):
        for n, item in enumerate(node.value):
            lines[prefix + (n,)] = first_line + item.start_mark.line
            lines.update(key_lines(item, first_line, prefix + (n,)))
    return lines
