"""Settings → Taxes: the company's tax rates (admins add, edit, archive and restore them)."""
from flask import Blueprint, flash, redirect, render_template, url_for

from app.extensions import db
from app.i18n import _, _l
from app.services import tax_rates, transaction
from app.services.errors import Forbidden, ValidationError
from app.web import numbers
from app.web.helpers import button_posted, failed, member_required, put_errors, refused
from app.web.settings_forms import ConfirmForm
from app.web.tax_rate_forms import TaxRateForm

bp = Blueprint("tax_rates", __name__, url_prefix="/settings/taxes")
NOT_ADMIN = _l("Not allowed: only an admin of this company may change its tax rates. Nothing was changed.")


@bp.route("", methods=["GET", "POST"])
@member_required
def index(actor):
    form = TaxRateForm()
    if form.validate_on_submit():
        if not actor.may("manage_tax_rates"):
            flash(str(NOT_ADMIN), "error")
            return redirect(url_for("tax_rates.index"))
        try:
            with transaction():
                rate = tax_rates.create_tax_rate(actor, form.service_data(actor.company.locale))
        except ValidationError as error:
            put_errors(form, error)
        else:
            flash(_("Tax rate “%(name)s” added.", name=rate.name), "success")
            return redirect(url_for("tax_rates.index"))
    status = 400 if failed(form) else 200
    return render_template("settings/taxes.html", form=form, rates=tax_rates.list_tax_rates(actor),
                           confirm=ConfirmForm(), categories=tax_rates.CATEGORY_NAMES), status


@bp.route("/<tax_rate_id>", methods=["GET", "POST"])
@member_required
def edit(actor, tax_rate_id):
    rate = tax_rates.get_tax_rate(actor, tax_rate_id)
    # Text, not the row: a field missing from a post keeps the stored value as a string.
    form = TaxRateForm(data={"name": rate.name, "percentage": numbers.show(rate.percentage, actor.company.locale),
                             "category": rate.category, "exemption_reason": rate.exemption_reason or "",
                             "account": rate.account or ""})
    if form.validate_on_submit():
        if not actor.may("manage_tax_rates"):
            flash(str(NOT_ADMIN), "error")
            return redirect(url_for("tax_rates.edit", tax_rate_id=rate.id))
        try:
            with transaction():
                tax_rates.update_tax_rate(actor, rate.id, form.service_data(actor.company.locale))
        except ValidationError as error:
            db.session.refresh(rate)
            put_errors(form, error)
        else:
            flash(_("Tax rate “%(name)s” saved. Invoices already sent keep the rate they were sent with.", name=rate.name),
                  "success")
            return redirect(url_for("tax_rates.index"))
    status = 400 if failed(form) else 200
    return render_template("settings/tax_rate.html", form=form, rate=rate, confirm=ConfirmForm()), status


@bp.post("/<tax_rate_id>/archive")
@member_required
def archive(actor, tax_rate_id):
    return _set_active(actor, tax_rate_id, tax_rates.archive_tax_rate,
                       _l("Tax rate “%(name)s” archived: new invoices can no longer use it."))


@bp.post("/<tax_rate_id>/restore")
@member_required
def restore(actor, tax_rate_id):
    return _set_active(actor, tax_rate_id, tax_rates.restore_tax_rate, _l("Tax rate “%(name)s” restored."))


def _set_active(actor, tax_rate_id, change, done):
    if not button_posted(ConfirmForm()):
        return redirect(url_for("tax_rates.index"))
    try:
        with transaction():
            rate = change(actor, tax_rate_id)
    except Forbidden as error:  # an unknown or foreign rate is a 404 (it propagates)
        refused(error, _("This tax rate cannot be changed."))
    else:
        flash(done % {"name": rate.name}, "success")
    return redirect(url_for("tax_rates.index"))
