"""The only way WeasyPrint may read a file: local files inside the allowed folders, nothing else."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher

from .cache import SKIP_NAMES


class RefusedURL(ValueError):
    pass


class FolderFetcher(URLFetcher):
    """Serve ``file:`` URLs under ``roots``; refuse the network and ``../`` escapes, and stop the render."""

    def __init__(self, roots: list[Path]):
        super().__init__(allowed_protocols={"file"}, fail_on_errors=True)
        self.roots = [root.resolve() for root in roots]

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme != "file":
            raise RefusedURL(f"{url} is not a file inside the book (no network access)")
        path = Path(unquote(parts.path)).resolve()
        if not any(path == root or root in path.parents for root in self.roots):
            raise RefusedURL(f"{path} is outside the book, templates and styles folders")
        if path.exists() and not path.is_file():  # a pipe named like a font would block the layout
            raise RefusedURL(f"{path} is not a regular file")
        root = next(root for root in self.roots if path == root or root in path.parents)
        if any(part in SKIP_NAMES for part in path.relative_to(root).parts):  # the cache does not hash them: a stale output
            raise RefusedURL(f"{path} is inside a folder pamflet leaves alone ({', '.join(sorted(SKIP_NAMES))})")
        return super().fetch(url, headers)
