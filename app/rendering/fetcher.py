"""The only way WeasyPrint may read anything: files under the project's static/ folder.

Whatever a user writes into a name, address, note or item is escaped by Jinja, so it never
becomes markup; this fetcher is the second wall. It resolves ``file://`` URLs to real paths
(symlinks and ``..`` included) and serves a file only when that path lies inside static/;
every other scheme (http, https, ftp, …) and every other path is refused. One thing comes from
no file and no network: a base64 ``data:image/png`` URI that holds a PNG image of at most
64 KiB (the payment QR codes, drawn by the app; a raster costs WeasyPrint far less than the
same code as an SVG path). Any other ``data:`` URI is refused. Each URL it was asked for is
recorded, so a render can report (and a test can prove) what was fetched."""
from __future__ import annotations

import base64
import binascii
import mimetypes
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

PNG_DATA_PREFIX = "data:image/png;base64,"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
INLINE_PNG_BYTES = 64 * 1024


class RefusedURL(ValueError):
    """A URL outside the project's static files."""


def inline_png(url: str) -> bytes:
    """The image a ``data:image/png;base64,…`` URI holds, when it is a PNG (its signature and
    header chunk) of at most INLINE_PNG_BYTES; else RefusedURL."""
    try:
        data = base64.b64decode(url[len(PNG_DATA_PREFIX):], validate=True)
    except (binascii.Error, ValueError):
        raise RefusedURL("Refused a data: URI that is not base64.") from None
    if len(data) > INLINE_PNG_BYTES or not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR":
        raise RefusedURL("Refused a data: URI that is not a small PNG image.")
    return data


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
            if url.startswith(PNG_DATA_PREFIX):
                return URLFetcherResponse(url[:40], inline_png(url), {"Content-Type": "image/png"})
            path = static_path_for(url, self.static_root)
        except RefusedURL:
            self.refused.append(url)
            raise
        mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime_type})
