"""Settings → Payments: the company's bank accounts (admins add, edit, delete them and choose
each currency's default), the format of its invoices' payment references and its Stripe
connection (the card's posts: app/web/stripe_connection.py)."""
from flask import Blueprint, flash, redirect, render_template, url_for

from app import payment_references
from app.extensions import db
from app.i18n import _, _l
from app.services import accounts, bank_accounts, transaction
from app.services.errors import Forbidden, ValidationError
from app.web import stripe_forms
from app.web.bank_account_forms import BankAccountForm, PaymentReferenceForm
from app.web.helpers import button_posted, failed, member_required, put_errors, refused
from app.web.settings_forms import ConfirmForm

bp = Blueprint("bank_accounts", __name__, url_prefix="/settings/payments")
NOT_ADMIN = _l("Not allowed: only an admin of this company may change its bank accounts. Nothing was changed.")
NOT_SETTINGS = _l("Not allowed: only an admin of this company may change its settings. Nothing was changed.")
bp.add_app_template_filter(bank_accounts.printed_iban, "iban")
bp.add_app_template_filter(bank_accounts.printed_sort_code, "sort_code")


def _stored(account) -> dict:
    """The form's values from the stored account (a field missing from a post keeps its value)."""
    return {field: getattr(account, field) or "" for field in (
        "label", "account_holder", "iban", "bic", "account_number", "routing_number", "sort_code", "currency")}


def payments_page(actor, form=None, reference_form=None, stripe_form=None):
    """The Payments page; a form given comes back with its errors (400), the others fresh."""
    if form is None:
        form = BankAccountForm(formdata=None, data={"currency": actor.company.currency})
    if reference_form is None:
        reference_form = PaymentReferenceForm(
            formdata=None, data={"payment_reference_format": actor.company.payment_reference_format})
    shown = [shown for shown in (form, reference_form, stripe_form) if shown is not None]
    return render_template("settings/payments.html", form=form, reference_form=reference_form,
                           accounts=bank_accounts.list_bank_accounts(actor), confirm=ConfirmForm(),
                           formats=payment_references.LABELS,
                           stripe=stripe_forms.card(actor, stripe_form)), 400 if any(map(failed, shown)) else 200


@bp.route("", methods=["GET", "POST"])
@member_required
def index(actor):
    form = BankAccountForm(data={"currency": actor.company.currency})
    reference_form = PaymentReferenceForm(data={"payment_reference_format": actor.company.payment_reference_format})
    if form.validate_on_submit():
        if not actor.may("manage_bank_accounts"):
            flash(str(NOT_ADMIN), "error")
            return redirect(url_for("bank_accounts.index"))
        try:
            with transaction():
                account = bank_accounts.create_bank_account(actor, form.service_data(creating=True))
        except ValidationError as error:
            put_errors(form, error)
        else:
            flash(_("Bank account “%(label)s” added.", label=account.label), "success")
            return redirect(url_for("bank_accounts.index"))
    return payments_page(actor, form, reference_form)


@bp.post("/reference")
@member_required
def reference(actor):
    """The company's payment reference format (the company settings service checks it)."""
    reference_form = PaymentReferenceForm()
    if not reference_form.validate_on_submit():
        return payments_page(actor, reference_form=reference_form)
    if not actor.may("change_settings"):
        flash(str(NOT_SETTINGS), "error")
        return redirect(url_for("bank_accounts.index"))
    try:
        with transaction():
            accounts.update_company(actor, {"payment_reference_format": reference_form.payment_reference_format.data})
    except ValidationError as error:
        db.session.refresh(actor.company)
        put_errors(reference_form, error)
        return payments_page(actor, reference_form=reference_form)
    flash(_("Payment reference saved: drafts show it now; sent invoices keep theirs."), "success")
    return redirect(url_for("bank_accounts.index"))


@bp.route("/<bank_account_id>", methods=["GET", "POST"])
@member_required
def edit(actor, bank_account_id):
    account = bank_accounts.get_bank_account(actor, bank_account_id)
    form = BankAccountForm(data=_stored(account))
    if form.validate_on_submit():
        if not actor.may("manage_bank_accounts"):
            flash(str(NOT_ADMIN), "error")
            return redirect(url_for("bank_accounts.edit", bank_account_id=account.id))
        try:
            with transaction():
                bank_accounts.update_bank_account(actor, account.id, form.service_data(creating=False))
        except ValidationError as error:
            db.session.refresh(account)
            put_errors(form, error)
        else:
            flash(_("Bank account “%(label)s” saved. Invoices already sent keep the account they printed.",
                    label=account.label), "success")
            return redirect(url_for("bank_accounts.index"))
    return render_template("settings/bank_account.html", form=form, account=account,
                           confirm=ConfirmForm()), 400 if failed(form) else 200


@bp.post("/<bank_account_id>/default")
@member_required
def make_default(actor, bank_account_id):
    if not button_posted(ConfirmForm()):
        return redirect(url_for("bank_accounts.index"))
    try:
        with transaction():
            account = bank_accounts.set_default(actor, bank_account_id)
    except Forbidden as error:  # an unknown or foreign account is a 404 (it propagates)
        refused(error, _("This bank account cannot be changed."))
    else:
        flash(_("Bank account “%(label)s” is now the default for %(currency)s.", label=account.label,
                currency=account.currency), "success")
    return redirect(url_for("bank_accounts.index"))


@bp.route("/<bank_account_id>/delete", methods=["GET", "POST"])
@member_required
def delete(actor, bank_account_id):
    account = bank_accounts.get_bank_account(actor, bank_account_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            with transaction():
                bank_accounts.delete_bank_account(actor, account.id)
        except Forbidden as error:
            refused(error, _("Only an admin may delete bank accounts."))
            return redirect(url_for("bank_accounts.index"))
        flash(_("Bank account “%(label)s” was deleted. Invoices already sent keep the account they printed.",
                label=account.label), "success")
        return redirect(url_for("bank_accounts.index"))
    return render_template("settings/bank_account_delete.html", account=account, form=form)
