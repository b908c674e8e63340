"""Public links: invoices /i/<token> (DESIGN §8), credit notes /c/<token> (§11), quotes /q/<token> (§12):
the blueprint of :mod:`app.public.blueprint` with the pages of every document type."""
from flask import Flask

from app.credit_notes import public as credit_note_pages  # noqa: F401  (routes)
from app.invoices import public as invoice_pages  # noqa: F401  (routes)
from app.public.blueprint import bp
from app.quotes import public as quote_pages  # noqa: F401  (routes)


def register_public(app: Flask) -> None:
    app.register_blueprint(bp)
