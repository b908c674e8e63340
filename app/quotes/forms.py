"""Quote forms: shape only; the quote services and the money module hold the rules. The
editor's customer, pricing and item rows are the shared :mod:`app.web.document_forms`."""
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField

from app.i18n import _l
from app.web.document_forms import DocumentForm, document_form_data


class QuoteForm(DocumentForm):
    NOUN, TEXTS, DATES = "quote", ("terms",), ("issue_date", "expiry_date")
    issue_date = StringField(_l("Issue date"))
    expiry_date = StringField(_l("Valid until"))
    terms = TextAreaField(_l("Terms"))


def form_data_of(quote, locale: str) -> dict:
    """A quote as the editor's initial data: exact decimals, written in ``locale``."""
    return {**document_form_data(quote, locale), "issue_date": quote.issue_date.isoformat(),
            "expiry_date": quote.expiry_date.isoformat(), "terms": quote.terms or ""}


class AcceptForm(FlaskForm):
    """A member records an acceptance that came by other means."""
    accepted_by = StringField(_l("Accepted by (name)"))


class DeclineForm(FlaskForm):
    reason = TextAreaField(_l("Reason (optional)"))
