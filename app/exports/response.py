"""The download both doors answer with: the export's file, streamed as it is written."""
from __future__ import annotations

from flask import Response, stream_with_context

from app.exports.service import ExportFile
from app.services import read_one_snapshot


def _in_one_snapshot(chunks):
    read_one_snapshot()  # the batches after the first see the database as the first did
    yield from chunks


def download(found: ExportFile) -> Response:
    response = Response(stream_with_context(_in_one_snapshot(found.chunks)), content_type=found.media_type)
    response.headers.set("Content-Disposition", "attachment", filename=found.filename)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
