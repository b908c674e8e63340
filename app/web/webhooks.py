"""Settings → Webhooks (DESIGN §18): the company's endpoints, each one's deliveries and last
attempts; admins add, change, enable and disable, rotate the secret of, delete endpoints and
resend events (members read, without secrets). A signing secret is shown once, on the page
that answers its creation or rotation, and never again."""
from flask import Blueprint, flash, redirect, render_template, url_for

from app import characters
from app.extensions import db
from app.i18n import _, _l
from app.services import transaction
from app.services.errors import Forbidden, InvalidTransition, ValidationError
from app.web.helpers import button_posted, failed, member_required, put_errors, refused
from app.web.settings_forms import ConfirmForm
from app.web.webhook_forms import WebhookEndpointForm, event_groups
from app.webhooks import endpoints, log

bp = Blueprint("webhooks", __name__, url_prefix="/settings/webhooks")
NOT_ADMIN = _l("Not allowed: only an admin of this company may change its webhooks. Nothing was changed.")
ALIASES = {"enabled_events": "events"}
NO_STORE = {"Cache-Control": "no-store"}  # a page that may show a secret is not kept
RESPONSE_SHOWN = 300  # characters of a receiver's answer shown in the log (up to 4 KB are kept)
# The words for an endpoint's and a delivery's status.
STATUS_WORDS = {"enabled": _l("enabled"), "disabled": _l("disabled"), "pending": _l("pending"),
                "delivered": _l("delivered"), "failed": _l("failed")}
DELIVERY_TAGS = {"pending": "", "delivered": "tag-active", "failed": "tag-failing"}  # a delivery's status tag


@bp.app_template_filter("response_start")
def response_start(text: str | None) -> str:
    """The start of a receiver's answer as the log shows it: its first characters, without the
    control characters a binary answer holds (line breaks and tabs stay)."""
    if not text:
        return ""
    return characters.clean(text[:RESPONSE_SHOWN]) + ("…" if len(text) > RESPONSE_SHOWN else "")


def _index_page(actor, form, new=None):
    html = render_template("settings/webhooks.html", form=form, endpoints=endpoints.list_endpoints(actor), new=new,
                           groups=event_groups(), words=STATUS_WORDS, tags=DELIVERY_TAGS)
    return html, 400 if failed(form) else 200, NO_STORE


def _endpoint_page(actor, endpoint, form=None, new_secret=None):
    form = form if form is not None else WebhookEndpointForm.of(endpoint, formdata=None)
    html = render_template("settings/webhook.html", endpoint=endpoint, form=form, new_secret=new_secret,
                           attempts=log.last_attempts(actor, endpoint.id),
                           deliveries=log.recent_deliveries(actor, endpoint.id), confirm=ConfirmForm(),
                           groups=event_groups(), words=STATUS_WORDS, tags=DELIVERY_TAGS)
    return html, 400 if failed(form) else 200, NO_STORE


def _back(endpoint_id):
    return redirect(url_for("webhooks.endpoint", endpoint_id=endpoint_id))


@bp.route("", methods=["GET", "POST"])
@member_required
def index(actor):
    form, new = WebhookEndpointForm(), None
    if form.validate_on_submit():
        if not actor.may("manage_webhooks"):
            flash(str(NOT_ADMIN), "error")
            return redirect(url_for("webhooks.index"))
        if form.check_events():
            try:
                with transaction():
                    endpoint, secret = endpoints.create_endpoint(actor, form.service_data())
            except ValidationError as error:
                put_errors(form, error, ALIASES)
            else:
                new = (endpoint, secret)  # shown on this answer only; sealed at rest
                form = WebhookEndpointForm(formdata=None)
    return _index_page(actor, form, new)


@bp.route("/<endpoint_id>", methods=["GET", "POST"])
@member_required
def endpoint(actor, endpoint_id):
    found = endpoints.get_endpoint(actor, endpoint_id)  # another company's is missing (404)
    form = WebhookEndpointForm.of(found)
    if form.validate_on_submit():
        if not actor.may("manage_webhooks"):
            flash(str(NOT_ADMIN), "error")
            return _back(found.id)
        if form.check_events():
            try:
                with transaction():
                    endpoints.update_endpoint(actor, found.id, form.service_data())
            except ValidationError as error:
                db.session.refresh(found)
                put_errors(form, error, ALIASES)
            else:
                flash(_("Endpoint %(url)s saved.", url=found.url), "success")
                return _back(found.id)
    return _endpoint_page(actor, found, form)


def _set_status(actor, endpoint_id, status: str, done: str):
    if button_posted(ConfirmForm()):
        try:
            with transaction():
                found = endpoints.update_endpoint(actor, endpoint_id, {"status": status})
        except Forbidden as error:  # an unknown or foreign endpoint is a 404 (it propagates)
            refused(error, str(NOT_ADMIN))
        else:
            flash(done % {"url": found.url}, "success")
    return _back(endpoint_id)


@bp.post("/<endpoint_id>/enable")
@member_required
def enable(actor, endpoint_id):
    return _set_status(actor, endpoint_id, "enabled",
                       _("Endpoint %(url)s enabled: it receives new events from now on (not those it missed)."))


@bp.post("/<endpoint_id>/disable")
@member_required
def disable(actor, endpoint_id):
    return _set_status(actor, endpoint_id, "disabled",
                       _("Endpoint %(url)s disabled: it receives nothing until it is enabled again."))


@bp.route("/<endpoint_id>/rotate", methods=["GET", "POST"])
@member_required
def rotate(actor, endpoint_id):
    """Confirm, then a new secret (shown on this answer only); the old one no longer signs."""
    found = endpoints.get_endpoint(actor, endpoint_id)
    if not actor.may("manage_webhooks"):
        flash(str(NOT_ADMIN), "error")
        return _back(found.id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            with transaction():
                found, secret = endpoints.rotate_secret(actor, found.id)
        except Forbidden as error:
            refused(error, str(NOT_ADMIN))
            return _back(found.id)
        return _endpoint_page(actor, found, new_secret=secret)
    return render_template("settings/webhook_confirm.html", endpoint=found, form=form, action="rotate")


@bp.route("/<endpoint_id>/delete", methods=["GET", "POST"])
@member_required
def delete(actor, endpoint_id):
    found = endpoints.get_endpoint(actor, endpoint_id)
    if not actor.may("manage_webhooks"):
        flash(str(NOT_ADMIN), "error")
        return _back(found.id)
    form = ConfirmForm()
    if form.validate_on_submit():
        url = found.url
        try:
            with transaction():
                endpoints.delete_endpoint(actor, found.id)
        except Forbidden as error:
            refused(error, str(NOT_ADMIN))
            return _back(found.id)
        flash(_("Endpoint %(url)s deleted, with its delivery log. Its events are kept for 30 days.", url=url), "success")
        return redirect(url_for("webhooks.index"))
    return render_template("settings/webhook_confirm.html", endpoint=found, form=form, action="delete")


@bp.post("/<endpoint_id>/resend/<event_id>")
@member_required
def resend(actor, endpoint_id, event_id):
    """The event sent to the endpoint again (a new delivery); an unknown or foreign endpoint or
    event is a 404."""
    if button_posted(ConfirmForm()):
        try:
            with transaction():
                delivery = log.resend(actor, endpoint_id, event_id)
        except (Forbidden, InvalidTransition) as error:
            refused(error, str(NOT_ADMIN))
        except ValidationError as error:
            flash(_("%(reason)s Nothing was changed.", reason=" ".join(error.errors.values())), "error")
        else:
            flash(_("Event %(id)s (%(type)s) will be sent again in a moment.", id=delivery.event.id,
                    type=delivery.event.type), "success")
    return _back(endpoint_id)
