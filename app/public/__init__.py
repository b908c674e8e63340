"""Public links: invoices /i/<token> (DESIGN §8), credit notes /c/<token> (§11), quotes /q/<token> (§12):
each document type with a public page (its descriptor, app/document_types.py) adds its routes here."""
from flask import Flask

from app import document_types
from app.extensions import limiter
from app.public import rate_limits
from app.public.blueprint import bp

for _type in document_types.with_public_page():
    document_types.resolve(_type.public.module)

# Every visitor view writes an activity, so a link cannot be used to flood the database: a
# real link is limited on its token, a token that is no document's on its address (rate_limits).
# Each bucket is shared by every public route (a link's page, PDF and decisions draw on one).
limiter.shared_limit(rate_limits.page_limit, "public-link", key_func=rate_limits.token_key,
                     exempt_when=rate_limits.is_miss)(bp)
limiter.shared_limit(rate_limits.miss_limit, "public-miss", key_func=rate_limits.miss_key,
                     exempt_when=rate_limits.is_known)(bp)


def register_public(app: Flask) -> None:
    app.register_blueprint(bp)
