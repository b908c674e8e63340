"""The server-rendered dashboard: one blueprint per area (each document type's are named by
its descriptor, app/document_types.py)."""
from flask import Flask, g, has_request_context, request

from app import document_types
from app.document_types import resolve
from app.services import read_one_snapshot


def register_web(app: Flask) -> None:
    from app.exports.views import bp as exports
    from app.web.auth import bp as auth
    from app.web.bank_accounts import bp as bank_accounts
    from app.web.customers import bp as customers
    from app.web.memberships import bp as memberships
    from app.web.overview import bp as overview
    from app.web.profile import bp as profile
    from app.web.reminders import bp as reminders
    from app.web.settings import bp as settings
    from app.web.stripe_connection import bp as stripe_connection
    from app.web.tax_rates import bp as tax_rates
    from app.web.webhooks import bp as webhooks

    documents = tuple(resolve(blueprint) for found in document_types.all_types()
                      for blueprint in found.dashboard.blueprints)
    pages = (auth, overview, customers, *documents, settings, profile, tax_rates, bank_accounts, stripe_connection, reminders,
             memberships, webhooks, exports)
    for blueprint in pages:
        app.register_blueprint(blueprint)
    names = {blueprint.name for blueprint in pages}

    @app.before_request
    def _pages_read_one_snapshot():
        """A page shows an invoice's totals and its payments, read in separate statements:
        they must agree. Pages (GET) write nothing, so nothing can conflict."""
        if request.blueprint in names and request.method in ("GET", "HEAD"):
            read_one_snapshot()

    from app.web.navigation import companies_for_switcher, invitations_for_user
    from app.web.presenters import init_presenters
    from app.web.session import current_actor

    init_presenters(app)

    @app.before_request
    def _fresh_actor():
        g.pop("actor", None)  # one actor per request, even when an app context is shared

    @app.context_processor
    def _inject_actor():
        if not has_request_context():  # mail and documents rendered from the CLI
            return {}
        return {"actor": current_actor(), "switchable_companies": companies_for_switcher,
                "invitations_for_user": invitations_for_user}
