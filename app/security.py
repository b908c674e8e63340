"""Headers on every response (CSP without inline scripts, nosniff, referrer, HSTS, caching), request
logs that never show an API key or a public invoice token, and NUL characters found in an
address before they reach the database."""
import logging
import re
from functools import cache

from flask import Flask, request

from app.links import public_prefixes, token_prefixes

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
       "form-action 'self'; frame-ancestors 'none'")

API_KEY = re.compile(r"sk_live_[A-Za-z0-9_\-]+")
# Files that are the same for everyone keep their own caching; every other answer is no-store
# unless its view says otherwise (a dashboard or API PDF: private, revalidated by its ETag).
CACHED_ENDPOINTS = ("static", "favicon")
REQUEST_LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error")


@cache
def _tokens() -> re.Pattern:
    """A public link's or an invitation's token after its prefix (every registered document
    type's public prefix: app/document_types.py)."""
    prefixes = "|".join(re.escape(prefix) for prefix in token_prefixes())
    return re.compile(rf"({prefixes})[A-Za-z0-9_\-]{{16,}}", re.I)


def redact(text: str) -> str:
    """``text`` without the secrets that can end up in a request line: a key pasted into a URL,
    a public link's or an invitation's token."""
    text = API_KEY.sub("sk_live_[redacted]", text)
    return _tokens().sub(r"\1[redacted]", text)


class RedactSecrets(logging.Filter):
    """Rewrites a record's message with API keys and public tokens masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


_FILTER = RedactSecrets()


def nul_in_path(path_args: dict) -> bool:
    """Whether an id in the path holds NUL: PostgreSQL cannot compare such text, and no id
    has one, so the doors answer 404 before querying."""
    return any("\x00" in str(value) for value in path_args.values())


def nul_query_parameter() -> str | None:
    """The name (NUL removed) of the first query parameter whose name or value holds NUL."""
    for name, value in request.args.items(multi=True):
        if "\x00" in name or "\x00" in value:
            return name.replace("\x00", "")
    return None


def init_log_redaction(app: Flask) -> None:
    for name in REQUEST_LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
    if _FILTER not in app.logger.filters:
        app.logger.addFilter(_FILTER)


def init_security_headers(app: Flask) -> None:
    init_log_redaction(app)

    @app.after_request
    def _headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        public = request.path.startswith(public_prefixes())
        holds_token = request.path.startswith(token_prefixes())
        headers.setdefault("Referrer-Policy", "no-referrer" if holds_token else "same-origin")
        if public:  # a client's page or PDF stays in no cache (a shared computer, a proxy)
            headers["Cache-Control"] = "no-store"
        elif request.endpoint not in CACHED_ENDPOINTS:  # the back button after logout shows nothing
            headers.setdefault("Cache-Control", "no-store")
        headers.remove("Date")  # the HTTP server (gunicorn, werkzeug) sends the one Date
        if request.is_secure or app.config["APP_BASE_URL"].startswith("https://"):
            headers.setdefault("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
        return response
