"""Rendered PDFs kept by content in a folder every app process shares.

The key is the sha256 of what fully determines the document (the rendered HTML, the
stylesheet and the renderer's version), so a change to the invoice, its customer or the
company gives a new key, and the same document is never rendered twice, whichever process
asks. The "How to pay" block (DESIGN §15) is part of that HTML: its account, reference, amount
due and due date, and its payment code drawn as inline SVG, so a payment, a new account or a
new reference gives a new key, and a cached PDF never asks for a stale amount. Files are
written to a temporary name and renamed, so readers never see half a PDF."""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

KEY = re.compile(r"^[0-9a-f]{64}$")


class PdfCache:
    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def path(self, key: str) -> Path:
        if not KEY.match(key):
            raise ValueError("A cache key is a sha256 hex digest.")
        return self.folder / key[:2] / f"{key}.pdf"

    def get(self, key: str) -> bytes | None:
        try:
            return self.path(key).read_bytes()
        except FileNotFoundError:
            return None

    def put(self, key: str, content: bytes) -> Path:
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return target
