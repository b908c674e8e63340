"""The fonts PDFs are set in: DejaVu Sans, prepared at first use.

The Makefile installs Debian's ``fonts-dejavu-core``; the first render copies the two faces
it needs into ``static/fonts/`` so the PDF stylesheet can name them with ``url()`` and the
restricted fetcher (static files only) can serve them. Every machine therefore embeds the
same font whatever fontconfig would have picked, and Latin-1 plus € £ ¥ ₹ ₩ render."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

FACES = {"DejaVuSans.ttf": "normal", "DejaVuSans-Bold.ttf": "bold"}
SYSTEM_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu",
               "/usr/share/fonts/TTF", "/usr/local/share/fonts", "/Library/Fonts")


class FontsMissing(RuntimeError):
    """The DejaVu fonts are neither prepared nor installed on the system."""


def fonts_folder(static_folder: Path) -> Path:
    return Path(static_folder) / "fonts"


def _find_system_font(name: str) -> Path | None:
    for folder in SYSTEM_DIRS:
        candidate = Path(folder) / name
        if candidate.is_file():
            return candidate
    for root, _dirs, files in os.walk("/usr/share/fonts"):
        if name in files:
            return Path(root) / name
    return None


def prepare_fonts(static_folder: Path) -> dict[str, Path]:
    """Copy the DejaVu faces into static/fonts once (atomically); returns name -> path."""
    folder = fonts_folder(static_folder)
    prepared = {}
    for name in FACES:
        target = folder / name
        if not target.is_file():
            source = _find_system_font(name)
            if source is None:
                raise FontsMissing(f"{name} was not found; install fonts-dejavu-core (make setup does).")
            folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
            os.close(handle)
            shutil.copyfile(source, temporary)
            os.replace(temporary, target)
        prepared[name] = target
    return prepared


def font_face_css(static_folder: Path) -> str:
    """@font-face rules naming the prepared files relative to static/ (the stylesheet's base
    URL), so the text, and thus the cache key, is the same wherever the project lives."""
    rules = []
    for name in prepare_fonts(static_folder):
        rules.append("@font-face { font-family: 'Corebill Sans'; font-style: normal; "
                     f"font-weight: {FACES[name]}; src: url('fonts/{name}'); }}")
    return "\n".join(rules)
