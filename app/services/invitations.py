"""Joining and leaving a company (DESIGN §3 memberships) with the user's consent.

An admin invites an email address with a role; the invitation is emailed with a link and is
open for ``limits.INVITATION_DAYS``. The user whose account has that email accepts or declines
it while logged in (from the link, or from the list of their open invitations). Whether an
account uses the email is never told to the admin. A member may leave a company, except its
last admin."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select

from app import limits
from app.extensions import db
from app.i18n import _
from app.models import ROLES, Company, Invitation, Membership, User
from app.models.base import utcnow
from app.services import inputs, tenancy
from app.services.accounts import hash_key, use_company
from app.services.errors import Forbidden, InvalidTransition, NotFound, ValidationError
from app.services.tenancy import Actor, can_be_id

ADMIN = "admin"


def state(invitation: Invitation) -> str:
    """``open``, or why it is not: ``accepted``, ``declined``, ``revoked``, ``expired``."""
    if invitation.accepted_at is not None:
        return "accepted"
    if invitation.declined_at is not None:
        return "declined"
    if invitation.revoked_at is not None:
        return "revoked"
    if invitation.expires_at <= utcnow():
        return "expired"
    return "open"


def _open_clause():
    return (Invitation.accepted_at.is_(None), Invitation.declined_at.is_(None), Invitation.revoked_at.is_(None),
            Invitation.expires_at > utcnow())


@dataclass(frozen=True)
class Invited:
    """What an admin's invite did: an invitation sent, or (for someone already a member of
    the company, listed on the page anyway) their role set."""
    email: str
    invitation: Invitation | None = None
    membership: Membership | None = None


def invite(actor: Actor, email: object, role: object, deliver) -> Invited:
    """Invite ``email`` with ``role``; ``deliver(invitation, raw_token)`` emails the link (its
    DeliveryFailed undoes everything). The answer is the same whether or not an account uses
    the email. An open invitation of the same email is replaced (a new link, a new week)."""
    actor.require("invite_members")
    errors = inputs.Errors()
    clean = errors.capture(inputs.email, email, "email")
    if clean is None and "email" not in errors:
        errors["email"] = _("This field is required.")
    errors.capture(inputs.choice, role, "role", ROLES)
    errors.raise_if_any()
    clean = clean.lower()
    member = db.session.execute(
        tenancy.scoped(Membership, actor.company).join(User, Membership.user_pk == User.pk)
        .where(func.lower(User.email) == clean).with_for_update()).scalars().first()
    if member is not None:
        if member.role == ADMIN and role != ADMIN:
            _keep_an_admin(actor.company, _("%(email)s is the only admin of %(company)s; make another "
                                            "member an admin first.", email=clean, company=actor.company.name), field="role")
        member.role = role
        return Invited(clean, membership=member)
    now = utcnow()
    open_ones = list(db.session.scalars(tenancy.scoped(Invitation, actor.company).where(*_open_clause())))
    for old in open_ones:
        if old.email == clean:
            old.revoked_at = now  # its link stops working; the new one replaces it
    if sum(old.revoked_at is None for old in open_ones) >= limits.OPEN_INVITATIONS:
        raise ValidationError({"email": _("%(company)s has %(count)s open invitations; "
                                          "revoke some before inviting more.", company=actor.company.name,
                                          count=limits.OPEN_INVITATIONS)})
    raw = secrets.token_urlsafe(32)
    invitation = Invitation(company_pk=actor.company.pk, email=clean, role=role,
                            invited_by_pk=actor.user.pk if actor.user is not None else None,
                            token_hash=hash_key(raw), created_at=now,
                            expires_at=now + timedelta(days=limits.INVITATION_DAYS))
    db.session.add(invitation)
    db.session.flush()
    deliver(invitation, raw)
    return Invited(clean, invitation=invitation)


def open_of_company(actor: Actor) -> list[Invitation]:
    """The company's open invitations, newest first (the members page; revocable by an admin)."""
    return list(db.session.scalars(tenancy.scoped(Invitation, actor.company).where(*_open_clause())
                                   .order_by(Invitation.pk.desc())))


def revoke(actor: Actor, invitation_id: object) -> Invitation:
    actor.require("revoke_invitations")
    invitation = tenancy.get(Invitation, actor.company, invitation_id, for_update=True)
    if state(invitation) != "open":
        raise InvalidTransition(closed_message(invitation), status=state(invitation))
    invitation.revoked_at = utcnow()
    return invitation


# --- the invited user -----------------------------------------------------------------------

def _mine(user: User):
    """Invitations addressed to the user's email (the address is the scope: there is no company
    to scope by, the invitation is what leads to one)."""
    return select(Invitation).where(Invitation.email == user.email.lower())


def open_for(user: User) -> list[Invitation]:
    """The user's open invitations, newest first (the overview lists them)."""
    return list(db.session.scalars(_mine(user).where(*_open_clause()).order_by(Invitation.pk.desc())))


def _not_for_you(user: User) -> NotFound:
    return NotFound(_("There is no open invitation for %(email)s at this address. If the invitation was sent to "
                      "another email address, log in with that one; if the link came through a copy, it may be "
                      "incomplete.", email=user.email), param="id")


def by_token(user: User, raw: object) -> Invitation:
    """The invitation of an emailed link, when it is addressed to ``user`` (in any state: the
    page says why a closed one cannot be accepted); else NotFound, the same for an unknown link
    and one sent to another address."""
    if not isinstance(raw, str) or not raw or len(raw) > 200 or "\x00" in raw:
        raise _not_for_you(user)
    found = db.session.scalars(_mine(user).where(Invitation.token_hash == hash_key(raw))).first()
    if found is None:
        raise _not_for_you(user)
    return found


def _open_one(user: User, invitation_id: object) -> Invitation:
    found = None
    if can_be_id(invitation_id):
        found = db.session.scalars(_mine(user).where(Invitation.id == invitation_id).with_for_update()).first()
    if found is None:
        raise _not_for_you(user)
    if state(found) != "open":
        raise InvalidTransition(closed_message(found), status=state(found))
    return found


def closed_message(invitation: Invitation) -> str | None:
    """Why the invitation can no longer be accepted or declined; None while it is open."""
    now = state(invitation)
    if now == "open":
        return None
    company = invitation.company.name
    if now == "accepted":
        return _("This invitation was already accepted; nothing was changed.")
    if now == "declined":
        return _("This invitation was declined; nothing was changed. Ask an admin of %(company)s for a new one.",
                 company=company)
    if now == "revoked":
        return _("This invitation was withdrawn by %(company)s; nothing was changed.", company=company)
    return _("This invitation expired on %(date)s; nothing was changed. Ask an admin of %(company)s "
             "for a new one.", date=f"{invitation.expires_at:%Y-%m-%d}", company=company)


def accept(user: User, invitation_id: object) -> Company:
    """Join the invitation's company with its role (someone already a member keeps theirs);
    it becomes the company the user last used."""
    invitation = _open_one(user, invitation_id)
    company = invitation.company
    existing = db.session.scalars(tenancy.scoped(Membership, company).where(Membership.user_pk == user.pk)).first()
    if existing is None:
        db.session.add(Membership(user=user, company_pk=company.pk, role=invitation.role))
    invitation.accepted_at = utcnow()
    use_company(user, company)
    db.session.flush()
    return company


def decline(user: User, invitation_id: object) -> Invitation:
    invitation = _open_one(user, invitation_id)
    invitation.declined_at = utcnow()
    return invitation


# --- leaving ---------------------------------------------------------------------------------

def _keep_an_admin(company: Company, message: str, field: str | None = None) -> None:
    """Refuse when the company has one admin left (their rows are locked, so two admins leaving
    at once cannot both succeed)."""
    admins = list(db.session.scalars(tenancy.scoped(Membership, company).where(Membership.role == ADMIN)
                                     .with_for_update()))
    if len(admins) <= 1:
        raise ValidationError({field: message}) if field else InvalidTransition(message, status=ADMIN)


def leave(actor: Actor, company_id: object) -> Company | None:
    """The acting user leaves ``company_id`` (the company the confirmation named: it must be
    the one they act for). Returns where they go next: another company of theirs, or None."""
    if actor.user is None or actor.api_key is not None:
        raise Forbidden(_("Only a logged-in member can leave a company."))
    if company_id != actor.company.id:
        raise NotFound(_("No such company."), param="company_id")
    mine = db.session.scalars(tenancy.scoped(Membership, actor.company)
                              .where(Membership.user_pk == actor.user.pk).with_for_update()).first()
    if mine is None:
        raise NotFound(_("No such company."), param="company_id")
    if mine.role == ADMIN:
        _keep_an_admin(actor.company, _("You are the only admin of %(company)s, so you cannot leave it: "
                                        "make another member an admin first (invite their email with the role "
                                        "Admin).", company=actor.company.name))
    db.session.delete(mine)
    db.session.flush()
    following = tenancy.landing_company(actor.user)
    actor.user.last_company_pk = following.pk if following is not None else None
    return following
