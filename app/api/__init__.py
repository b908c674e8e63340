"""The JSON API under /v1 (DESIGN §6): the blueprint of :mod:`app.api.blueprint` with the
routes of every resource."""
from flask import Flask

from app.api import company, customers, einvoices, openapi, tax_rates  # noqa: F401  (routes)
from app.api.blueprint import bp
from app.credit_notes import api as credit_notes_api  # noqa: F401  (routes)
from app.invoices import api as invoices_api  # noqa: F401  (routes)
from app.invoices import api_pdf  # noqa: F401  (routes)
from app.quotes import api as quotes_api  # noqa: F401  (routes)
from app.recurring import api as recurring_api  # noqa: F401  (routes)


def register_api(app: Flask) -> None:
    from app.extensions import csrf

    csrf.exempt(bp)
    app.register_blueprint(bp)
