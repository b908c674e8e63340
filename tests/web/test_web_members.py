"""Members through the dashboard: an invitation emailed with a link, accepted or declined by
the invited user; the same answer whether or not the email has an account; leaving a
company; a login that lands in the company last used (issue 24, item 5)."""
import re
from datetime import datetime, timedelta, timezone
from email import policy
from email.parser import BytesParser

import pytest
import time_machine
from sqlalchemy import select

from app.models import Invitation, Membership
from app.rendering import mail, outbox
from app.services import accounts, transaction
from tests.support.data import PASSWORD
from tests.support.html import flashes, text_of
from tests.support.members import join


def _memberships(db, user, company):
    return db.session.scalars(select(Membership).where(Membership.user_pk == user.pk,
                                                       Membership.company_pk == company.pk)).all()


def _invite(client, email, role="member"):
    response = client.post("/settings/members", data={"email": email, "role": role}, follow_redirects=True)
    assert response.status_code == 200
    return text_of(response)


def _emailed_link(company, email):
    """The link path of the newest invitation email to ``email`` in the company's outbox."""
    for found in mail.outbox_messages(company_id=company.id):
        message = outbox.read(found.filename, company_id=company.id)
        if message["To"] == email and message[mail.INVITATION_HEADER]:
            body = message.get_body(preferencelist=("plain",)).get_content()
            return re.search(r"http://localhost(/join/[A-Za-z0-9_\-]+)", body).group(1)
    return None


def _switch_user(client, email):
    client.post("/logout")
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302


def test_adding_an_existing_user_sends_an_invitation_and_adds_nobody(client, owner, make_account, db):
    colleague = make_account(email="colleague@example.com", company="Their Own Co")
    html = _invite(client, "Colleague@Example.com")
    assert "Invitation sent to colleague@example.com. It is open for 7 days; they join Acme Studio when they " \
           "accept it." in flashes(html)
    assert _memberships(db, colleague.user, owner.company) == []
    assert "colleague@example.com" in html.split("Open invitations")[1]  # listed as open, not as a member
    link = _emailed_link(owner.company, "colleague@example.com")
    assert link and link.split("/join/")[1] not in {i.token_hash for i in db.session.scalars(select(Invitation))}

    _switch_user(client, colleague.user.email)
    assert "Their Own Co" in text_of(client.get("/"))  # still lands in their own company
    page = client.get(link)
    assert page.status_code == 200 and "Join Acme Studio" in text_of(page)
    response = client.post(re.search(r'action="(/invitations/[^"]+/accept)"', text_of(page)).group(1),
                           follow_redirects=True)
    assert "You joined Acme Studio." in flashes(text_of(response))
    assert "Acme Studio · amounts in USD" in text_of(response)
    assert [m.role for m in _memberships(db, colleague.user, owner.company)] == ["member"]
    again = client.get(link)
    assert again.status_code == 410 and "already accepted" in text_of(again)


def test_the_members_page_says_the_same_with_or_without_an_account(client, owner, make_account):
    make_account(email="known@example.com", company="Known Co")
    with_account = _invite(client, "known@example.com").replace("known@example.com", "EMAIL")
    without = _invite(client, "nobody@example.com").replace("nobody@example.com", "EMAIL")
    # The pages differ only in the open invitations listed (each new one first, with its id).
    assert flashes(with_account) == flashes(without) == [
        "Invitation sent to EMAIL. It is open for 7 days; they join Acme Studio when they accept it."]
    assert "No account uses this email" not in without


def test_a_declined_invitation_adds_nobody(client, owner, make_account, db):
    colleague = make_account(email="colleague@example.com", company="Their Own Co")
    _invite(client, colleague.user.email, "admin")
    link = _emailed_link(owner.company, colleague.user.email)
    _switch_user(client, colleague.user.email)
    page = text_of(client.get(link))
    response = client.post(re.search(r'action="(/invitations/[^"]+/decline)"', page).group(1), follow_redirects=True)
    assert "You declined the invitation to join Acme Studio." in flashes(text_of(response))
    assert _memberships(db, colleague.user, owner.company) == []
    assert db.session.scalars(select(Invitation)).one().declined_at is not None


def test_an_expired_link_says_so_and_changes_nothing(client, owner, make_account, db):
    colleague = make_account(email="colleague@example.com", company="Their Own Co")
    _invite(client, colleague.user.email)
    link = _emailed_link(owner.company, colleague.user.email)
    invitation_id = db.session.scalars(select(Invitation)).one().id
    _switch_user(client, colleague.user.email)
    with time_machine.travel(datetime.now(timezone.utc) + timedelta(days=8), tick=False):
        page = client.get(link)
        assert page.status_code == 410 and "This invitation expired on" in text_of(page)
        assert "Accept" not in text_of(page)
        response = client.post(f"/invitations/{invitation_id}/accept", follow_redirects=True)
        assert any("expired" in message for message in flashes(text_of(response)))
    assert _memberships(db, colleague.user, owner.company) == []


def test_another_account_cannot_use_the_link(client, owner, make_account, db):
    make_account(email="colleague@example.com", company="Their Own Co")
    intruder = make_account(email="intruder@example.com", company="Intruder Co")
    _invite(client, "colleague@example.com")
    link = _emailed_link(owner.company, "colleague@example.com")
    invitation_id = db.session.scalars(select(Invitation)).one().id
    _switch_user(client, intruder.user.email)
    page, unknown = client.get(link), client.get(link[:-3] + "xyz")
    assert page.status_code == unknown.status_code == 404
    assert "Acme Studio" not in text_of(page) and "There is no open invitation for intruder@example.com" in text_of(page)
    for action in ("accept", "decline"):
        client.post(f"/invitations/{invitation_id}/{action}")
    assert _memberships(db, intruder.user, owner.company) == []
    invitation = db.session.scalars(select(Invitation)).one()
    assert invitation.accepted_at is None and invitation.declined_at is None


def test_a_visitor_logs_in_or_registers_then_sees_the_invitation(client, owner, db):
    _invite(client, "newcomer@example.com")
    link = _emailed_link(owner.company, "newcomer@example.com")
    client.post("/logout")
    response = client.get(link)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    login_page = text_of(client.get(response.headers["Location"]))
    register = re.search(r'href="(/register\?next=[^"]+)"', login_page).group(1).replace("&amp;", "&")
    response = client.post(register, data={"email": "newcomer@example.com", "password": PASSWORD,
                                           "company_name": "Newcomer Ltd", "currency": "USD", "timezone": "UTC",
                                           "locale": "en_US"})
    assert response.status_code == 302 and response.headers["Location"] == link
    assert "Join Acme Studio" in text_of(client.get(link))
    overview = text_of(client.get("/"))  # also listed on the overview, to accept without the email
    assert "Invitations for you" in overview and "Acme Studio" in overview


def test_accept_from_the_overview_list(client, owner, make_account, db):
    colleague = make_account(email="colleague@example.com", company="Their Own Co")
    _invite(client, colleague.user.email)
    _switch_user(client, colleague.user.email)
    overview = text_of(client.get("/"))
    accept = re.search(r'<form method="post" action="(/invitations/[^"]+/accept)"', overview).group(1)
    client.post(accept)
    assert len(_memberships(db, colleague.user, owner.company)) == 1
    assert "Invitations for you" not in text_of(client.get("/"))


def test_an_admin_revokes_an_open_invitation(client, owner, make_account, db):
    colleague = make_account(email="colleague@example.com", company="Their Own Co")
    html = _invite(client, colleague.user.email)
    revoke = re.search(r'action="(/settings/members/invitations/[^"]+/revoke)"', html).group(1)
    response = client.post(revoke, follow_redirects=True)
    assert "The invitation of colleague@example.com is revoked; its link no longer works." in flashes(text_of(response))
    assert "No open invitations." in text_of(response)
    link = _emailed_link(owner.company, colleague.user.email)
    _switch_user(client, colleague.user.email)
    assert "withdrawn" in text_of(client.get(link))


def test_a_member_leaves_and_lands_in_their_other_company(client, actor, make_account, login, db):
    colleague = make_account(email="colleague@example.com", company="Their Own Co")
    join(actor, colleague.user)
    login(colleague.user.email)
    assert "Acme Studio" in text_of(client.get("/"))  # joined last, so the login lands there
    page = text_of(client.get("/settings/members/leave"))
    assert "Leave Acme Studio?" in page
    response = client.post("/settings/members/leave", data={"company_id": actor.company.id}, follow_redirects=True)
    assert "You left Acme Studio." in flashes(text_of(response))
    assert "Their Own Co · amounts in USD" in text_of(response)
    assert _memberships(db, colleague.user, actor.company) == []


def test_leaving_the_only_company_leads_to_creating_one(client, actor, member_of, login, db):
    member = member_of(actor.company)
    login(member.user.email)
    response = client.post("/settings/members/leave", data={"company_id": actor.company.id})
    assert response.status_code == 302 and response.headers["Location"] == "/companies/new"
    page = client.get("/companies/new")
    assert page.status_code == 200 and "Create a company" in text_of(page)
    response = client.post("/companies/new", data={"name": "Fresh Start", "currency": "EUR", "timezone": "UTC",
                                                   "locale": "en_US", "country": ""}, follow_redirects=True)
    assert "Fresh Start · amounts in EUR" in text_of(response)


def test_the_last_admin_cannot_leave(client, owner, db):
    response = client.post("/settings/members/leave", data={"company_id": owner.company.id}, follow_redirects=True)
    assert any(m.startswith("You are the only admin of Acme Studio, so you cannot leave it") for m in
               flashes(text_of(response)))
    assert len(_memberships(db, owner.user, owner.company)) == 1


def test_a_stale_confirmation_leaves_nothing(client, actor, make_account, login, db):
    colleague = make_account(email="colleague@example.com", company="Their Own Co")
    join(actor, colleague.user)
    login(colleague.user.email)
    client.post("/settings/members/leave", data={"company_id": colleague.company.id})  # not the current company
    assert len(_memberships(db, colleague.user, actor.company)) == 1
    assert len(_memberships(db, colleague.user, colleague.company)) == 1


def test_a_login_lands_in_the_company_last_used(client, make_account, db):
    first = make_account(email="alpha-admin@example.com", company="Alpha Partners")
    user = make_account(email="zed@example.com", company="Zulu Works")
    join(first, user.user)  # "Alpha Partners" sorts first; joining it makes it the last used
    _switch_user(client, user.user.email)
    assert "Alpha Partners · amounts" in text_of(client.get("/"))
    client.post("/switch-company", data={"company_id": user.company.id})
    _switch_user(client, user.user.email)
    assert "Zulu Works · amounts" in text_of(client.get("/"))


def test_an_old_account_without_a_last_company_lands_in_its_oldest_membership(client, make_account, db):
    first = make_account(email="alpha-admin@example.com", company="Alpha Partners")
    user = make_account(email="zed@example.com", company="Zulu Works")
    join(first, user.user)
    with transaction():
        user.user.last_company_pk = None
    _switch_user(client, user.user.email)
    assert "Zulu Works · amounts" in text_of(client.get("/"))


def test_a_member_sees_the_invitations_but_cannot_invite_or_revoke(client, actor, member_of, login, db):
    with transaction():
        accounts.create_user("someone@example.com", PASSWORD)
    from app.services import invitations
    with transaction():
        invitations.invite(actor, "someone@example.com", "member", lambda *args: None)
    member = member_of(actor.company)
    login(member.user.email)
    html = text_of(client.get("/settings/members"))
    assert "Only an admin can invite members." in html and 'name="email"' not in html and "Revoke" not in html
    client.post("/settings/members", data={"email": "other@example.com", "role": "admin"})
    invitation = db.session.scalars(select(Invitation)).one()
    response = client.post(f"/settings/members/invitations/{invitation.id}/revoke", follow_redirects=True)
    assert any(m.startswith("Not allowed: Only an admin") for m in flashes(text_of(response)))
    assert invitation.revoked_at is None and db.session.query(Invitation).count() == 1


def test_the_invitation_email_parses_back(owner, client, db):
    _invite(client, "colleague@example.com")
    found = mail.outbox_messages(company_id=owner.company.id)[0]
    raw = (outbox.folder() / found.filename).read_bytes()
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert [address.addr_spec for address in message["To"].addresses] == ["colleague@example.com"]
    assert message["Reply-To"].addresses[0].addr_spec == owner.user.email
    assert message["Subject"] == f"{owner.user.email} invited you to join Acme Studio on Corebill"


@pytest.mark.parametrize("path", ["/settings/members/leave", "/companies/new"])
def test_pages_render(client, owner, path):
    assert client.get(path).status_code == 200
