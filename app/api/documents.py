"""What the /v1 routes of every kind of document share besides what every resource does
(:mod:`app.api.resources`): the PDF."""
from __future__ import annotations

from app.api.errors import ApiError
from app.rendering.pdf import RenderFailed, pdf_response

PDF = "application/pdf"


def pdf_download(document, render):
    """The document's PDF as a download; a render that fails is a 503 ``render_failed``."""
    try:
        rendered = render(document)
    except RenderFailed as error:
        raise ApiError(503, "render_failed", str(error)) from None
    return pdf_response(document, document=rendered)
