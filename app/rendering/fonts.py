"""The fonts PDFs are set in: DejaVu Sans, and Symbola for what DejaVu lacks; prepared at first use.

The Makefile installs Debian's ``fonts-dejavu-core`` and ``fonts-symbola``; the first render
copies the faces it needs into ``static/fonts/`` so the PDF stylesheet can name them with
``url()`` and the restricted fetcher (static files only) can serve them. Every machine
therefore embeds the same fonts whatever fontconfig would have picked: Latin-1 plus € £ ¥ ₹ ₩
in DejaVu, and emoji and symbols (☕ ✓ 🎂 …) in the fallback family, which pdf.css names after
Corebill Sans, so a character DejaVu has no glyph for prints instead of an empty box."""
from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Face:
    family: str
    weights: tuple[str, ...]  # the weights it serves (Symbola has one face, used for bold too)
    package: str  # the Debian package that installs the file


FACES = {
    "DejaVuSans.ttf": Face("Corebill Sans", ("normal",), "fonts-dejavu-core"),
    "DejaVuSans-Bold.ttf": Face("Corebill Sans", ("bold",), "fonts-dejavu-core"),
    "Symbola_hint.ttf": Face("Corebill Symbols", ("normal", "bold"), "fonts-symbola"),
}
SYSTEM_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu",
               "/usr/share/fonts/truetype/ancient-scripts", "/usr/share/fonts/TTF",
               "/usr/local/share/fonts", "/Library/Fonts")


class FontsMissing(RuntimeError):
    """A PDF font is neither prepared nor installed on the system."""


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
    """Copy the faces into static/fonts once (atomically); returns name -> path."""
    folder = fonts_folder(static_folder)
    prepared = {}
    for name in FACES:
        target = folder / name
        if not target.is_file():
            source = _find_system_font(name)
            if source is None:
                raise FontsMissing(f"{name} was not found; install {FACES[name].package} (make run and make test do).")
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
        face = FACES[name]
        for weight in face.weights:
            rules.append(f"@font-face {{ font-family: '{face.family}'; font-style: normal; "
                         f"font-weight: {weight}; src: url('fonts/{name}'); }}")
    return "\n".join(rules)
