"""Settings: company profile (admin), API keys (each user's own), members (invitations and
leaving: app/web/memberships.py)."""
from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from app.extensions import db
from app.i18n import _, _l, ngettext
from app.limits import INVITATION_DAYS
from app.links import base_url
from app.rendering import mail
from app.rendering import outbox as outbox_files
from app.services import accounts, invitations, transaction
from app.services.errors import DeliveryFailed, Forbidden, ValidationError
from app.web.helpers import failed, member_required, posted_action, put_errors, refused
from app.web.settings_forms import ApiKeyForm, CompanyForm, ConfirmForm, MemberForm

bp = Blueprint("settings", __name__, url_prefix="/settings")
ROLE_WORDS = {"member": _l("member"), "admin": _l("admin")}  # a role as a sentence names it


@bp.route("", methods=["GET", "POST"])
@member_required
def index(actor):
    company = actor.company
    form = CompanyForm(obj=company)
    if not actor.may("change_settings"):
        if form.is_submitted():
            flash(_("Not allowed: only an admin of this company may change its settings. Nothing was changed."), "error")
        return render_template("settings/company.html", form=form, read_only=True)
    if form.validate_on_submit():
        try:
            with transaction():
                accounts.update_company(actor, form.service_data())
        except ValidationError as error:
            db.session.refresh(company)
            put_errors(form, error)
        else:
            flash(_("Company settings saved."), "success")
            return redirect(url_for("settings.index"))
    status = 400 if failed(form) else 200
    return render_template("settings/company.html", form=form, read_only=False), status


@bp.route("/developers", methods=["GET", "POST"])
@member_required
def developers(actor):
    user = current_user._get_current_object()
    form, new_key = ApiKeyForm(), None
    if form.validate_on_submit():
        try:
            with transaction():
                key, raw = accounts.create_api_key(user, form.name.data or "")
        except ValidationError as error:
            put_errors(form, error)
        else:
            new_key = (key, raw)  # shown on this response only, never stored in clear
            form = ApiKeyForm(formdata=None)
    status = 400 if failed(form) else 200
    response = render_template("settings/developers.html", form=form, new_key=new_key,
                               keys=accounts.api_keys_of(user), revoke_form=ConfirmForm(),
                               curl=_curl_example(actor, new_key[1] if new_key else None))
    return response, status, {"Cache-Control": "no-store"}


def _curl_example(actor, raw_key: str | None) -> str:
    """A request that works as pasted (with the new key, when one was just made): this
    company's customers, from the address the app answers on."""
    key = raw_key or "$COREBILL_API_KEY"
    return (f'curl -H "Authorization: Bearer {key}" \\\n'
            f'  "{base_url()}/v1/customers?company_id={actor.company.id}"')


@bp.post("/developers/<key_id>/revoke")
@member_required
def revoke_key(actor, key_id):
    posted_action(ConfirmForm(), lambda: accounts.revoke_api_key(current_user._get_current_object(), key_id),
                  success=lambda key: _("API key “%(name)s” revoked; requests using it now fail.", name=key.name),
                  missing=_("No such API key. Nothing was changed."))
    return redirect(url_for("settings.developers"))


@bp.route("/members", methods=["GET", "POST"])
@member_required
def members(actor):
    """The members and the open invitations; an admin invites (the answer is the same whether
    or not an account uses the email)."""
    form = MemberForm()
    if form.validate_on_submit():
        try:
            with transaction():
                done = invitations.invite(actor, form.email.data or "", form.role.data or "",
                                          mail.deliver_invitation)
        except ValidationError as error:
            put_errors(form, error)
        except (Forbidden, DeliveryFailed) as error:
            refused(error, _("The invitation could not be sent."))
            return redirect(url_for("settings.members"))
        else:
            flash(_invited(done, actor.company.name), "success")
            return redirect(url_for("settings.members"))
    status = 400 if failed(form) else 200
    return render_template("settings/members.html", form=form, rows=accounts.members(actor),
                           invitations=invitations.open_of_company(actor), confirm=ConfirmForm()), status


def _invited(done, company_name: str) -> str:
    if done.membership is not None:
        role = done.membership.role
        return _("%(email)s is already a member of %(company)s; their role is now %(role)s.", email=done.email,
                 company=company_name, role=str(ROLE_WORDS.get(role, role)))
    return ngettext("Invitation sent to %(email)s. It is open for %(num)d day; they join %(company)s when they "
                    "accept it.",
                    "Invitation sent to %(email)s. It is open for %(num)d days; they join %(company)s when they "
                    "accept it.", INVITATION_DAYS, email=done.email, company=company_name)


@bp.get("/outbox")
@member_required
def outbox(actor):
    """Emails written as .eml files because no mail server is configured."""
    messages = mail.outbox_messages(company_id=actor.company.id, limit=100)
    return render_template("settings/outbox.html", messages=messages,
                           smtp=bool(current_app.config.get("MAIL_SERVER")))


@bp.get("/outbox/<filename>")
@member_required
def outbox_message(actor, filename):
    message = outbox_files.read(filename, company_id=actor.company.id)
    if message is None:
        abort(404)
    body = message.get_body(preferencelist=("plain",))
    return render_template("settings/outbox_message.html", message=message, filename=filename,
                           body=body.get_content() if body is not None else "",
                           attachment=outbox_files.attached_pdf(message))


@bp.get("/outbox/<filename>/pdf")
@member_required
def outbox_pdf(actor, filename):
    """The invoice PDF attached to an outbox message, as a download."""
    message = outbox_files.read(filename, company_id=actor.company.id)
    attachment = outbox_files.attached_pdf(message) if message is not None else None
    if attachment is None:
        abort(404)
    response = Response(attachment.content, mimetype="application/pdf")
    response.headers.set("Content-Disposition", "attachment", filename=attachment.filename)
    response.headers["Cache-Control"] = "private, no-store"
    return response
