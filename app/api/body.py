"""The JSON body of a request: an object, parsed with exact decimals, or a clear 400."""
from __future__ import annotations

from flask import current_app, request

from app.api.errors import ApiError

MAX_BODY_BYTES = 5 * 1024 * 1024  # 1000 items with long descriptions fit


def check_size() -> None:
    length = request.content_length
    if length is not None and length > MAX_BODY_BYTES:
        raise ApiError(413, "payload_too_large", f"The request body is larger than {MAX_BODY_BYTES} bytes.")


def json_body() -> dict:
    """The request's JSON object; an empty body is an empty object."""
    check_size()
    raw = request.get_data(cache=True)
    if len(raw) > MAX_BODY_BYTES:
        raise ApiError(413, "payload_too_large", f"The request body is larger than {MAX_BODY_BYTES} bytes.")
    if not raw.strip():
        return {}
    if request.mimetype != "application/json":
        raise ApiError(400, "invalid_content_type",
                       "Send the request body as JSON with 'Content-Type: application/json'.")
    try:
        data = current_app.json.loads(raw)
    except (ValueError, RecursionError, TypeError) as error:
        # ValueError covers JSONDecodeError, bad UTF-8, NaN/Infinity and oversized integers.
        raise ApiError(400, "invalid_json", f"The request body is not valid JSON: {error}") from None
    if not isinstance(data, dict):
        raise ApiError(400, "invalid_json", "The request body must be a JSON object.")
    if not _encodable(data):
        raise ApiError(400, "invalid_json", "The request body contains invalid Unicode (a lone surrogate).")
    return data


def _encodable(data) -> bool:
    """Every key and string is valid UTF-8 (JSON escapes can spell lone surrogates)."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return False
    return True
