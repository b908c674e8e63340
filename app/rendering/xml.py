"""Downloads of e-invoice XML (dashboard and API alike)."""
from __future__ import annotations

from flask import Response

XML = "application/xml"


def xml_response(content: bytes, filename: str) -> Response:
    response = Response(content, mimetype=XML)
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    response.headers["Cache-Control"] = "private, no-cache"
    return response
