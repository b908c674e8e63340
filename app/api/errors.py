"""The API's own errors (authentication, request shape) and the one place that turns any
error of a request into the JSON error object of DESIGN §6."""
from __future__ import annotations

from flask import Response

from app.errors import json_error, status_for
from app.services.errors import ServiceError


class ApiError(Exception):
    """An error of the HTTP layer itself: missing key, malformed body, bad header."""

    def __init__(self, status: int, code: str, message: str, param: str | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.param = status, code, message, param


def error_response(error: ApiError | ServiceError) -> Response:
    if isinstance(error, ApiError):
        response, status = json_error(error.status, error.code, error.message, error.param)
        if status == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="corebill"'
    else:
        response, status = json_error(status_for(error), error.code, error.message, error.param)
    response.status_code = status
    return response


def register_error_handlers(bp) -> None:
    @bp.errorhandler(ApiError)
    def _api_error(error: ApiError):
        return error_response(error)
