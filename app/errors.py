"""App-level error pages: the JSON error object under /v1, HTML pages elsewhere."""
from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from app.i18n import _, _l
from app.services.errors import (
    DeliveryFailed,
    Forbidden,
    InvalidTransition,
    NotFound,
    ProviderRefused,
    ServiceError,
    ValidationError,
)

STATUS_OF = {ValidationError: 400, NotFound: 404, Forbidden: 403, InvalidTransition: 409, DeliveryFailed: 502,
             ProviderRefused: 502}
TYPE_OF = {400: "invalid_request_error", 401: "authentication_error", 403: "permission_error",
           404: "invalid_request_error", 409: "invalid_request_error", 429: "rate_limit_error"}


def status_for(error: ServiceError) -> int:
    for cls in type(error).__mro__:
        if cls in STATUS_OF:
            return STATUS_OF[cls]
    return 400


# Pages a business's clients open by link: their errors never point to the dashboard.
CLIENT_PATHS = ("/i/", "/c/", "/q/")


def wants_json() -> bool:
    """The API's and the payment provider's webhooks' errors are JSON error objects."""
    return request.path.startswith(("/v1", "/webhooks/"))


# What each error page says, by status; a status not named gets the general words below.
DASHBOARD_HEADINGS = {404: _l("Not found"), 403: _l("Not allowed"), 429: _l("Too many requests")}
CLIENT_WORDS = {  # status: (title, heading, what the client reads)
    404: (_l("Link not found"), _l("This link does not lead to a document"),
          [_l("It may have been copied incompletely, or the document was withdrawn. Please ask the business that "
              "sent it to you for a new link.")]),
    429: (_l("Too many requests"), _l("Too many requests"),
          [_l("This link was opened very often in a short time. Please wait a minute and try again.")]),
}
CLIENT_TRY_AGAIN = _l("Please try again in a moment. If it keeps happening, let the business that sent you the "
                      "link know.")


def _words(status: int, message: str | None, client: bool) -> dict:
    """The title, heading and paragraphs of the error page for ``status`` (the client's or
    the dashboard's)."""
    if client:
        title, heading, paragraphs = CLIENT_WORDS.get(status) or (
            _("Something went wrong"), _("Something went wrong"), [message, CLIENT_TRY_AGAIN])
        return {"title": title, "heading": heading, "paragraphs": paragraphs}
    heading = DASHBOARD_HEADINGS.get(status) or (_("Something went wrong") if status >= 500 else _("That did not work"))
    return {"title": status, "heading": heading, "paragraphs": [message]}


def html_error(status: int, message: str | None):
    """The error page: the client's own under CLIENT_PATHS, the dashboard's elsewhere."""
    client = request.path.startswith(CLIENT_PATHS)
    template = "errors/public.html" if client else "errors/error.html"
    return render_template(template, **_words(status, message, client)), status


def json_error(status: int, code: str, message: str, param: str | None = None, error_type: str | None = None):
    body = {"error": {"type": error_type or TYPE_OF.get(status, "api_error"), "code": code,
                      "message": message, "param": param}}
    return jsonify(body), status


def init_error_handlers(app: Flask) -> None:
    @app.errorhandler(ServiceError)
    def _service_error(error: ServiceError):
        status = status_for(error)
        if wants_json():
            return json_error(status, error.code, error.message, error.param)
        return html_error(status, error.message)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        status = error.code or 500
        if wants_json():
            code = {404: "resource_missing", 405: "method_not_allowed", 429: "rate_limited",
                    401: "unauthorized", 413: "payload_too_large"}.get(status, "invalid_request")
            response = json_error(status, code, error.description or error.name,
                                  error_type="api_error" if status >= 500 else None)[0]
            for header in ("Retry-After", "Allow"):
                if error.get_response().headers.get(header):
                    response.headers[header] = error.get_response().headers[header]
            return response, status
        return html_error(status, error.description)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        app.logger.exception("Unhandled error")
        if wants_json():
            return json_error(500, "internal_error", "Something went wrong on our side.", error_type="api_error")
        return html_error(500, _("Something went wrong on our side."))  # the JSON one above stays English
