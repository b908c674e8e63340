"""Invoice forms: shape only; the invoice service and the money module hold the rules. The
editor's customer, pricing and item rows are the shared :mod:`app.web.document_forms`."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import Length

from app import limits
from app.i18n import _, _l
from app.presentation import fmt_date, fmt_money
from app.services.document_items import SUPPLY_FIELDS
from app.web import choices, numbers
from app.web.document_forms import DocumentForm, document_form_data


class SupplyFields:
    """When the goods or services were supplied: a day, or a period (each may stay empty)."""
    supply_date = StringField(_l("Supply date"))
    supply_period_start = StringField(_l("Supply period from"))
    supply_period_end = StringField(_l("Supply period to"))


class InvoiceForm(SupplyFields, DocumentForm):
    TEXTS, DATES = ("payment_terms",), ("issue_date", "due_date")
    issue_date = StringField(_l("Issue date"))
    due_date = StringField(_l("Due date"))
    payment_terms = StringField(_l("Payment terms"))
    # The company's accounts in the invoice's currency; blank: its default (the service checks the id).
    bank_account_id = SelectField(_l("Bank account"), validate_choice=False)
    # Changes in any status (DESIGN §16): it only decides whether the client's page has a Pay button.
    online_payment = BooleanField(_l("Offer online payment (Pay button on the client's page)"), default=True)

    def service_data(self, locale: str, *, draft_fields: bool = True) -> tuple[dict, list[int]]:
        data, rows = super().service_data(locale, draft_fields=draft_fields)
        return {**data, "online_payment": bool(self.online_payment.data)}, rows

    def draft_data(self) -> dict:
        return {**super().draft_data(), **{field: (self[field].data or "").strip() for field in SUPPLY_FIELDS},
                "bank_account_id": self.bank_account_id.data or None}

    def set_accounts(self, accounts, chosen=None) -> None:
        """The account picker: "Company default", the ``accounts`` (those of the invoice's
        currency) and the ``chosen`` one whatever its currency (saving it then says why not)."""
        offered = list(accounts) + ([chosen] if chosen is not None and chosen not in accounts else [])
        self.bank_account_id.choices = choices.as_choices(
            [("", _("Company default"))] + [(account.id, account_label(account)) for account in offered])


def account_label(account) -> str:
    """How an account reads in the picker: "Business EUR (EUR, default)"."""
    if account.is_default:
        return _("%(label)s (%(currency)s, default)", label=account.label, currency=account.currency)
    return f"{account.label} ({account.currency})"


def form_data_of(invoice, locale: str) -> dict:
    """An invoice as the editor's initial data: exact decimals, written in ``locale``."""
    return {**document_form_data(invoice, locale), "issue_date": invoice.issue_date.isoformat(),
            "due_date": invoice.due_date.isoformat(), "payment_terms": invoice.payment_terms or "",
            "bank_account_id": invoice.bank_account.id if invoice.bank_account_pk is not None else "",
            "online_payment": bool(invoice.online_payment),
            **{field: getattr(invoice, field).isoformat() if getattr(invoice, field) else "" for field in SUPPLY_FIELDS}}


class MoneyForm(FlaskForm):
    """A form moving money on an invoice (a payment, a refund): the amount, read in the
    company's locale, and its ``TEXTS``."""
    TEXTS: tuple[str, ...] = ()

    def service_data(self, locale: str) -> dict:
        data = {field: (self[field].data or "").strip() for field in self.TEXTS}
        return {"amount": numbers.read(self.amount.data, locale), **data}


class PaymentForm(MoneyForm):
    TEXTS = ("paid_at", "payment_method", "transaction_id", "notes")
    amount = StringField(_l("Amount"))
    paid_at = StringField(_l("Payment date"))
    payment_method = StringField(_l("Method"))
    transaction_id = StringField(_l("Reference"))
    notes = TextAreaField(_l("Notes"))


class RefundForm(MoneyForm):
    TEXTS = ("payment_id", "reason", "payment_method")
    # The payments with something left to refund, most recent first (the service checks the id).
    payment_id = SelectField(_l("Payment to refund"), validate_choice=False)
    amount = StringField(_l("Amount to refund"))
    reason = TextAreaField(_l("Reason"))
    payment_method = StringField(_l("Method"))

    def set_payments(self, left, locale: str) -> None:
        """The payment picker: each ``(payment, what it has left)``, most recent first;
        "via Stripe" marks the ones refunded through Stripe."""
        self.payment_id.choices = choices.as_choices([(payment.id, payment_label(payment, rest, locale))
                                                      for payment, rest in left])
        self.through_stripe = any(payment.provider for payment, _rest in left)


def payment_label(payment, left, locale: str) -> str:
    """How a payment reads in the refund form's picker: "Dec 7, 2026 · €100.00 via Stripe (€40.00 left)"."""
    when, amount = fmt_date(payment.paid_at, locale), fmt_money(payment.amount, payment.currency, locale)
    rest = fmt_money(left, payment.currency, locale)
    if payment.provider == "stripe":
        return _("%(date)s · %(amount)s via Stripe (%(left)s left)", date=when, amount=amount, left=rest)
    if payment.payment_method:
        return _("%(date)s · %(amount)s · %(method)s (%(left)s left)", date=when, amount=amount,
                 method=payment.payment_method, left=rest)
    return _("%(date)s · %(amount)s (%(left)s left)", date=when, amount=amount, left=rest)


class ReviewForm(FlaskForm):
    """Put an invoice in review (the client disputes it) or back to sent; the service
    decides which moves are allowed."""
    status = HiddenField(_l("Status"), validators=[Length(max=limits.FORM_WORD)])


class CancelForm(FlaskForm):
    reason = TextAreaField(_l("Reason (optional)"))
