"""The only way WeasyPrint may read anything: files under the project's static/ folder.

Whatever a user writes into a name, address, note or item is escaped by Jinja, so it never
becomes markup; this fetcher is the second wall. It resolves ``file://`` URLs to real paths
(symlinks and ``..`` included) and serves a file only when that path lies inside static/;
every other scheme (http, https, ftp, data, …) and every other path is refused. Each URL it
was asked for is recorded, so a render can report (and a test can prove) what was fetched."""
from __future__ import annotations

import mimetypes
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse


class RefusedURL(ValueError):
    """A URL outside the project's static files."""


def static_path_for(url: str, static_root: Path) -> Path:
    """The real file a ``file://`` URL names when it lies inside ``static_root``, else RefusedURL."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file":
        raise RefusedURL(f"Refused {parts.scheme or 'relative'} URL: only static files are served.")
    if parts.netloc not in ("", "localhost"):
        raise RefusedURL("Refused a file URL on another host.")
    path = Path(os.path.realpath(unquote(parts.path)))
    root = Path(os.path.realpath(static_root))
    if not path.is_relative_to(root):
        raise RefusedURL("Refused a file outside the project's static folder.")
    if not path.is_file():
        raise RefusedURL("Refused: no such static file.")
    return path


class StaticOnlyFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves static/ and nothing else, and keeps a log."""

    def __init__(self, static_root: Path):
        super().__init__(timeout=1, allowed_protocols=("file",), allow_redirects=False)
        self.static_root = Path(os.path.realpath(static_root))
        self.requested: list[str] = []
        self.refused: list[str] = []

    def reset_log(self) -> None:
        self.requested, self.refused = [], []

    def fetch(self, url, headers=None):
        self.requested.append(url)
        try:
            path = static_path_for(url, self.static_root)
        except RefusedURL:
            self.refused.append(url)
            raise
        mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime_type})
