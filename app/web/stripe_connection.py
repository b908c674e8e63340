"""Settings → Payments → Online payment (Stripe): admins save the secret key and webhook
signing secret, test the connection and disconnect (DESIGN §16). Every post answers with the
Payments page; the connection service decides and refuses."""
from flask import Blueprint, flash, redirect, url_for

from app.extensions import db
from app.i18n import _, _l
from app.online_payments import connection
from app.services import transaction
from app.services.errors import Forbidden, ProviderRefused, ValidationError
from app.web.bank_accounts import payments_page
from app.web.helpers import button_posted, member_required, put_errors, refused
from app.web.settings_forms import ConfirmForm
from app.web.stripe_forms import StripeConnectionForm

bp = Blueprint("stripe_connection", __name__, url_prefix="/settings/payments/stripe")
NOT_ADMIN = _l("Only an admin of this company may change its Stripe connection.")


def _back():
    return redirect(url_for("bank_accounts.index") + "#stripe")


@bp.post("")
@member_required
def save(actor):
    form = StripeConnectionForm()
    if not form.validate_on_submit():  # an expired CSRF token: the form says so
        return payments_page(actor, stripe_form=form)
    try:
        with transaction():
            changed = connection.connect(actor, form.service_data())
    except Forbidden as error:
        refused(error, str(NOT_ADMIN))
        return _back()
    except ValidationError as error:
        db.session.refresh(actor.company)
        put_errors(form, error)
        return payments_page(actor, stripe_form=form)
    if changed:
        flash(_("Stripe connection saved. Use “Test connection” to check the key."), "success")
    else:
        flash(_("Nothing to save: both fields were empty, the stored secrets are unchanged."), "info")
    return _back()


@bp.post("/test")
@member_required
def test(actor):
    """``GET /v1/account`` with the stored key: the account's name, or Stripe's refusal."""
    if not button_posted(ConfirmForm()):
        return _back()
    try:
        account = connection.test_connection(actor)
    except Forbidden as error:
        refused(error, str(NOT_ADMIN))
    except ValidationError as error:
        flash(next(iter(error.errors.values())), "error")
    except ProviderRefused as error:
        flash(_("The connection does not work. %(reason)s", reason=error.message), "error")
    else:
        if account.live:
            flash(_("Connected to the Stripe account “%(name)s” (%(id)s, live).", name=account.label, id=account.id),
                  "success")
        else:
            flash(_("Connected to the Stripe account “%(name)s” (%(id)s, test mode).", name=account.label,
                    id=account.id), "success")
    return _back()


@bp.post("/disconnect")
@member_required
def disconnect(actor):
    if not button_posted(ConfirmForm()):
        return _back()
    try:
        with transaction():
            removed = connection.disconnect(actor)
    except Forbidden as error:
        refused(error, str(NOT_ADMIN))
    else:
        flash(_("Stripe disconnected: clients no longer see a Pay button, and the secrets are forgotten.")
              if removed else _("Stripe was not connected."), "success" if removed else "info")
    return _back()
