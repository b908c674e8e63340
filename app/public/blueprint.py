"""The public links' blueprint and its rate limits; the pages of each document type add their
views to it, and :mod:`app.public` imports them all and registers it."""
from flask import Blueprint

from app.extensions import limiter
from app.public import rate_limits

bp = Blueprint("public", __name__)

# Every visitor view writes an activity, so a link cannot be used to flood the database: a
# real link is limited on its token, a token that is no document's on its address (rate_limits).
# Each bucket is shared by every public route (a link's page, PDF and decisions draw on one).
limiter.shared_limit(rate_limits.page_limit, "public-link", key_func=rate_limits.token_key,
                     exempt_when=rate_limits.is_miss)(bp)
limiter.shared_limit(rate_limits.miss_limit, "public-miss", key_func=rate_limits.miss_key,
                     exempt_when=rate_limits.is_known)(bp)
