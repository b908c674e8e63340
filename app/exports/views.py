"""Settings → Export (/settings/export): download the invoices, credit notes, payments and
refunds of a date range as CSV, XLSX or DATEV (every member), and the company's DATEV numbers
(admins change them; members read them)."""
from __future__ import annotations

from datetime import date, datetime, timezone

from flask import Blueprint, flash, redirect, render_template, url_for

from app.exports import service
from app.exports.forms import DatevForm, ExportForm
from app.exports.response import download
from app.extensions import db
from app.i18n import _
from app.services import accounts, transaction
from app.services.errors import ValidationError
from app.services.tenancy import today_for
from app.web.helpers import failed, member_required, put_errors

bp = Blueprint("exports", __name__, url_prefix="/settings/export")
ALIASES = {"from": "start", "to": "end"}


def _page(actor, export_form: ExportForm, datev_form: DatevForm, status: int = 200):
    return render_template("exports/export.html", form=export_form, datev_form=datev_form,
                           may_change=actor.may("change_settings")), status


def _datev_form(actor) -> DatevForm:
    company = actor.company
    return DatevForm(formdata=None, data={field: "" if getattr(company, field) is None else str(getattr(company, field))
                                          for field in ("datev_consultant_number", "datev_client_number")})


@bp.route("", methods=["GET", "POST"])
@member_required
def index(actor):
    today = today_for(actor.company)
    form = ExportForm(data={"format": "csv", "start": date(today.year, 1, 1).isoformat(), "end": today.isoformat()})
    if form.validate_on_submit():
        try:
            found = service.export(actor, form.service_data(), created_at=datetime.now(timezone.utc))
        except ValidationError as error:
            put_errors(form, error, ALIASES)
        else:
            return download(found)
    return _page(actor, form, _datev_form(actor), 400 if failed(form) else 200)


@bp.post("/datev")
@member_required
def datev(actor):
    form = DatevForm()
    if not actor.may("change_settings"):
        flash(_("Not allowed: only an admin of this company may change its settings. Nothing was changed."), "error")
        return redirect(url_for("exports.index"))
    if form.validate_on_submit():
        try:
            with transaction():
                accounts.update_company(actor, form.service_data())
        except ValidationError as error:
            db.session.refresh(actor.company)
            put_errors(form, error)
        else:
            flash(_("DATEV numbers saved."), "success")
            return redirect(url_for("exports.index"))
    return _page(actor, ExportForm(formdata=None, data={"format": "csv"}), form, 400 if failed(form) else 200)
