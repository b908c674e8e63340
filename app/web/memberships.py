"""Joining and leaving companies: an invitation's emailed link, accepting or declining it,
revoking one (admin), leaving a company, and creating another company. The rules live in
app/services/invitations.py and accounts.py."""
from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required

from app.i18n import _
from app.services import accounts, invitations, transaction
from app.services.errors import Forbidden, InvalidTransition, NotFound, ValidationError
from app.web.forms import first_settings
from app.web.helpers import button_posted, failed, member_required, posted_action, put_errors, refuse_nul_in_address, refused
from app.web.settings_forms import ConfirmForm, LeaveForm, NewCompanyForm

bp = Blueprint("memberships", __name__)


def _user():
    return current_user._get_current_object()


@bp.get("/join/<invitation_token>")
@login_required
def join(invitation_token):
    """The emailed link: the invitation with Accept and Decline, or why it cannot be used
    (the same page for an unknown link and one sent to another address)."""
    refuse_nul_in_address()
    try:
        invitation = invitations.by_token(_user(), invitation_token)
    except NotFound as error:
        return render_template("memberships/join.html", invitation=None, problem=error.message), 404
    problem = invitations.closed_message(invitation)
    return (render_template("memberships/join.html", invitation=invitation, problem=problem, form=ConfirmForm()),
            410 if problem else 200)


def _decide(invitation_id, decide):
    refuse_nul_in_address()
    if not button_posted(ConfirmForm()):
        return None
    try:
        with transaction():
            return decide(_user(), invitation_id)
    except (NotFound, InvalidTransition) as error:
        flash(error.message, "error")
    return None


@bp.post("/invitations/<invitation_id>/accept")
@login_required
def accept(invitation_id):
    company = _decide(invitation_id, invitations.accept)
    if company is not None:
        session["company_id"] = company.id
        flash(_("You joined %(company)s.", company=company.name), "success")
    return redirect(url_for("overview.index"))


@bp.post("/invitations/<invitation_id>/decline")
@login_required
def decline(invitation_id):
    invitation = _decide(invitation_id, invitations.decline)
    if invitation is not None:
        flash(_("You declined the invitation to join %(company)s.", company=invitation.company.name), "success")
    return redirect(url_for("overview.index"))


@bp.post("/settings/members/invitations/<invitation_id>/revoke")
@member_required
def revoke(actor, invitation_id):
    posted_action(ConfirmForm(), lambda: invitations.revoke(actor, invitation_id),
                  success=lambda invitation: _("The invitation of %(email)s is revoked; its link no longer works.",
                                               email=invitation.email),
                  missing=_("No such invitation. Nothing was changed."), refuse=(Forbidden, InvalidTransition),
                  refused_message=_("The invitation could not be revoked."))
    return redirect(url_for("settings.members"))


@bp.route("/settings/members/leave", methods=["GET", "POST"])
@member_required
def leave(actor):
    """Leaving the current company: a confirmation page, then the post."""
    form = LeaveForm(data={"company_id": actor.company.id} if request.method == "GET" else None)
    if request.method == "GET":
        return render_template("memberships/leave.html", form=form)
    if not button_posted(form):
        return redirect(url_for("memberships.leave"))
    try:
        with transaction():
            following = invitations.leave(actor, form.company_id.data)
    except (NotFound, Forbidden, InvalidTransition) as error:
        refused(error, _("You could not leave the company."))
        return redirect(url_for("settings.members"))
    flash(_("You left %(company)s.", company=actor.company.name), "success")
    if following is None:
        session.pop("company_id", None)
        return redirect(url_for("memberships.new_company"))
    session["company_id"] = following.id
    return redirect(url_for("overview.index"))


@bp.route("/companies/new", methods=["GET", "POST"])
@login_required
def new_company():
    """Another company (or a first one, after leaving the last): its creator is its admin."""
    form = NewCompanyForm(data=first_settings(request.accept_languages.best))
    if form.validate_on_submit():
        try:
            with transaction():
                company = accounts.create_company(_user(), form.service_data())
        except ValidationError as error:
            put_errors(form, error)
        else:
            session["company_id"] = company.id
            flash(_("%(company)s is ready.", company=company.name), "success")
            return redirect(url_for("overview.index"))
    return render_template("memberships/new_company.html", form=form), 400 if failed(form) else 200
