"""A Factur-X PDF: a PDF/A-3b (rendered by WeasyPrint with ``pdf_variant="pdf/a-3b"``) with
the CII XML embedded as ``factur-x.xml`` (AFRelationship Data) and the XMP metadata that
declares the Factur-X conformance level; the ``factur-x`` package does the embedding."""
from __future__ import annotations

import logging

from facturx import generate_from_binary

from app.characters import clean

FILENAME = "factur-x.xml"
LEVEL = "en16931"

# facturx logs every step at INFO; the app has nothing to add from it.
logging.getLogger("facturx").setLevel(logging.WARNING)


def embed(pdf: bytes, xml: bytes, *, title: str, author: str, subject: str, lang: str | None = None) -> bytes:
    """``pdf`` (a PDF/A-3b) with ``xml`` embedded and its XMP metadata rewritten for Factur-X.
    The XML was built and checked by this project, so facturx's own XSD check is skipped. The
    metadata's texts enter lxml (the XMP) as single lines without control characters."""
    texts = {"author": author, "title": title, "subject": subject}
    return generate_from_binary(pdf, xml, flavor="factur-x", level=LEVEL, check_xsd=False,
                                pdf_metadata={**{key: clean(value, single_line=True) for key, value in texts.items()},
                                              "keywords": "Factur-X, Invoice"},
                                lang=lang)
