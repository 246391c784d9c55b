"""The only way WeasyPrint may read a file: local files inside the allowed folders, nothing else."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher

from .cache import SKIP_NAMES
from .safety import unwatched_folder


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
        root = next((root for root in self.roots if path == root or root in path.parents), None)
        if root is None:
            raise RefusedURL(f"{path} is outside the book, templates and styles folders")
        if path.exists() and not path.is_file():  # a pipe named like a font would block the layout
            raise RefusedURL(f"{path} is not a regular file")
        if unwatched_folder(path, root):
            raise RefusedURL(f"{path} is inside a folder pamflet leaves alone ({', '.join(sorted(SKIP_NAMES))})")
        return super().fetch(url, headers)
