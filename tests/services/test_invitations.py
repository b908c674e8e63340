"""Joining a company takes the invited user's consent; members may leave, the last admin not;
a login lands in the company last used (issue 24, item 5)."""
from datetime import datetime, timedelta, timezone

import pytest
import time_machine
from sqlalchemy import select

from app.models import Membership
from app.services import accounts, invitations, transaction
from app.services.errors import Forbidden, InvalidTransition, NotFound, ValidationError
from app.services.tenancy import actor_for, landing_company
from tests.support.data import PASSWORD
from tests.support.members import join


def _invite(admin, email, role="member"):
    links = []
    with transaction():
        done = invitations.invite(admin, email, role, lambda invitation, raw: links.append(raw))
    return done.invitation, (links[0] if links else None)


def _memberships(db, user, company):
    return db.session.scalars(select(Membership).where(Membership.user_pk == user.pk,
                                                       Membership.company_pk == company.pk)).all()


def test_an_invited_existing_user_is_no_member_until_they_accept(actor, make_account, db):
    staff = make_account(email="staff@example.com", company="Staff Co")
    invitation, raw = _invite(actor, "Staff@Example.com")
    assert _memberships(db, staff.user, actor.company) == []
    with pytest.raises(NotFound):
        actor_for(staff.user, actor.company.id)
    # Only the token's hash is stored; the link's token is handed to the mailer once.
    assert raw and raw not in (invitation.token_hash, invitation.id) and len(invitation.token_hash) == 64
    assert invitation.id.startswith("mbi_") and invitation.email == "staff@example.com"
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)
    assert invitations.by_token(staff.user, raw) == invitation
    assert [i.id for i in invitations.open_for(staff.user)] == [invitation.id]
    with transaction():
        company = invitations.accept(staff.user, invitation.id)
    assert company == actor.company
    assert actor_for(staff.user, actor.company.id).role == "member"
    assert invitation.accepted_at is not None and invitations.open_for(staff.user) == []
    assert landing_company(staff.user) == actor.company  # the company just joined is the one last used


def test_decline_records_it_and_adds_nobody(actor, make_account, db):
    staff = make_account(email="staff@example.com", company="Staff Co")
    invitation, raw = _invite(actor, staff.user.email, "admin")
    with transaction():
        invitations.decline(staff.user, invitation.id)
    assert invitation.declined_at is not None and invitation.accepted_at is None
    assert _memberships(db, staff.user, actor.company) == []
    with pytest.raises(InvalidTransition, match="declined"):
        invitations.accept(staff.user, invitation.id)
    assert invitations.closed_message(invitations.by_token(staff.user, raw)).startswith("This invitation was declined")


def test_an_expired_invitation_cannot_be_accepted(actor, make_account, db):
    staff = make_account(email="staff@example.com", company="Staff Co")
    invitation, _ = _invite(actor, staff.user.email)
    with time_machine.travel(datetime.now(timezone.utc) + timedelta(days=7, minutes=1), tick=False):
        with pytest.raises(InvalidTransition, match="expired"):
            invitations.accept(staff.user, invitation.id)
        with pytest.raises(InvalidTransition, match="expired"):
            invitations.decline(staff.user, invitation.id)
        assert invitations.open_for(staff.user) == []
    db.session.rollback()
    assert _memberships(db, staff.user, actor.company) == [] and invitation.declined_at is None
    with time_machine.travel(datetime.now(timezone.utc) + timedelta(days=6, hours=23), tick=False):
        with transaction():
            invitations.accept(staff.user, invitation.id)  # still open a minute before the week is over
    assert len(_memberships(db, staff.user, actor.company)) == 1


def test_only_the_invited_email_can_use_an_invitation(actor, make_account, db):
    make_account(email="staff@example.com", company="Staff Co")
    intruder = make_account(email="intruder@example.com", company="Intruder Co")
    invitation, raw = _invite(actor, "staff@example.com")
    with pytest.raises(NotFound) as by_link:
        invitations.by_token(intruder.user, raw)
    with pytest.raises(NotFound) as unknown:
        invitations.by_token(intruder.user, raw[:-2] + "xx")
    assert by_link.value.message == unknown.value.message  # an unknown link and another's read alike
    for decide in (invitations.accept, invitations.decline):
        with pytest.raises(NotFound):
            decide(intruder.user, invitation.id)
    assert invitations.open_for(intruder.user) == []
    assert _memberships(db, intruder.user, actor.company) == [] and invitation.accepted_at is None


def test_a_used_link_changes_nothing(actor, make_account, db):
    staff = make_account(email="staff@example.com", company="Staff Co")
    invitation, _ = _invite(actor, staff.user.email, "member")
    with transaction():
        invitations.accept(staff.user, invitation.id)
    with pytest.raises(InvalidTransition, match="already accepted"):
        invitations.accept(staff.user, invitation.id)
    with pytest.raises(InvalidTransition, match="already accepted"):
        invitations.decline(staff.user, invitation.id)
    assert invitation.declined_at is None and len(_memberships(db, staff.user, actor.company)) == 1


def test_invite_checks_its_input_and_the_role(actor, make_account):
    for email, role, field in (("", "member", "email"), ("not an email", "member", "email"),
                               ("x@example.com", "owner", "role")):
        with pytest.raises(ValidationError) as error:
            _invite(actor, email, role)
        assert field in error.value.errors
    member = join(actor, make_account(email="m@example.com", company="M Co").user)
    with pytest.raises(Forbidden):
        _invite(member, "x@example.com")


def test_the_answer_does_not_tell_whether_an_account_exists(actor, make_account):
    make_account(email="known@example.com", company="Known Co")
    known, _ = _invite(actor, "known@example.com")
    unknown, _ = _invite(actor, "unknown@example.com")
    assert (known.role, known.accepted_at, known.expires_at - known.created_at) == \
           (unknown.role, unknown.accepted_at, unknown.expires_at - unknown.created_at)


def test_inviting_again_replaces_the_open_invitation(actor, make_account, db):
    staff = make_account(email="staff@example.com", company="Staff Co")
    first, first_raw = _invite(actor, staff.user.email, "member")
    second, _ = _invite(actor, staff.user.email, "admin")
    assert first.revoked_at is not None and [i.id for i in invitations.open_for(staff.user)] == [second.id]
    assert "withdrawn" in invitations.closed_message(invitations.by_token(staff.user, first_raw))


def test_revoke_is_for_an_admin_of_the_company(actor, make_account, db):
    staff = make_account(email="staff@example.com", company="Staff Co")
    invitation, _ = _invite(actor, staff.user.email)
    with pytest.raises(NotFound):
        invitations.revoke(staff, invitation.id)  # an admin of another company
    member = join(actor, make_account(email="m@example.com", company="M Co").user)
    with pytest.raises(Forbidden):
        invitations.revoke(member, invitation.id)
    with transaction():
        invitations.revoke(actor, invitation.id)
    with pytest.raises(InvalidTransition, match="withdrawn"):
        invitations.accept(staff.user, invitation.id)
    assert invitations.open_of_company(actor) == []


def test_an_existing_member_gets_the_role_but_the_last_admin_stays(actor, make_account):
    member = join(actor, make_account(email="m@example.com", company="M Co").user)
    with transaction():
        done = invitations.invite(actor, "m@example.com", "admin", lambda *args: pytest.fail("no email"))
    assert done.invitation is None and actor_for(member.user, actor.company.id).role == "admin"
    with transaction():
        invitations.invite(actor, "m@example.com", "member", lambda *args: None)
    with pytest.raises(ValidationError, match="only admin"):
        invitations.invite(actor, actor.user.email, "member", lambda *args: None)
    assert actor_for(actor.user, actor.company.id).role == "admin"


def test_a_member_can_leave_and_lands_in_another_company(actor, make_account, db):
    staff = make_account(email="staff@example.com", company="Staff Co")
    member = join(actor, staff.user)
    with pytest.raises(NotFound):
        invitations.leave(member, staff.company.id)  # the confirmation named another company
    with transaction():
        following = invitations.leave(member, actor.company.id)
    assert following == staff.company and staff.user.last_company_pk == staff.company.pk
    assert _memberships(db, staff.user, actor.company) == []
    with pytest.raises(NotFound):
        actor_for(staff.user, actor.company.id)


def test_the_last_admin_cannot_leave(actor, make_account, db):
    with pytest.raises(InvalidTransition, match="only admin"):
        invitations.leave(actor, actor.company.id)
    assert len(_memberships(db, actor.user, actor.company)) == 1
    second = join(actor, make_account(email="a2@example.com", company="A2 Co").user, "admin")
    with transaction():
        following = invitations.leave(actor, actor.company.id)  # another admin remains
    assert following is None and actor.user.last_company_pk is None
    with pytest.raises(InvalidTransition, match="only admin"):
        invitations.leave(second, second.company.id)


def test_a_login_lands_in_the_company_last_used(actor, make_account, db):
    with transaction():
        user = accounts.create_user("two@example.com", PASSWORD)
    assert landing_company(user) is None
    join(actor, user)  # Acme Studio
    with transaction():
        own = accounts.create_company(user, {"name": "Zulu Works"})
    assert landing_company(user) == own  # created last
    with transaction():
        accounts.use_company(user, actor.company)
    assert landing_company(user) == actor.company
    user.last_company_pk = None  # a user from before the column: their oldest membership
    assert landing_company(user) == actor.company
