"""Accounts, companies, memberships, API keys."""
import pytest

from app.models import ApiKey
from app.services import accounts, invitations, transaction
from app.services.errors import Forbidden, NotFound, ValidationError
from app.services.tenancy import Actor, actor_for
from tests.support.data import PASSWORD
from tests.support.members import join


def test_register_makes_admin_with_hashed_password(actor):
    assert actor.user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in actor.user.password_hash
    assert actor_for(actor.user, actor.company.id).role == "admin"
    assert (actor.company.currency, actor.company.invoice_prefix, actor.company.timezone,
            actor.company.locale) == ("USD", "INV", "UTC", "en_US")


def test_authenticate(actor):
    assert accounts.authenticate(actor.user.email.upper(), PASSWORD) == actor.user
    assert accounts.authenticate(actor.user.email, "wrong password") is None
    assert accounts.authenticate("nobody@example.com", PASSWORD) is None
    assert accounts.authenticate(None, None) is None


@pytest.mark.parametrize("email, password, company, field", [
    ("bad", PASSWORD, "Co", "email"), ("a@example.com", "short", "Co", "password"),
    ("a@example.com", PASSWORD, "", "company_name"), (None, PASSWORD, "Co", "email"),
])
def test_register_validation(db, email, password, company, field):
    with pytest.raises(ValidationError) as error:
        accounts.register(email, password, company)
    assert field in error.value.errors


def test_register_with_first_settings(db):
    with transaction():
        _, company = accounts.register("a@example.com", PASSWORD, "Co", currency="chf", country="ch",
                                       timezone="Europe/Zurich", locale="fr_CH")
    assert (company.currency, company.country, company.timezone, company.locale) == ("CHF", "CH", "Europe/Zurich", "fr_CH")


def test_register_reports_every_error_at_once(db):
    with pytest.raises(ValidationError) as error:
        accounts.register("bad", "short", "", currency="XXY", country="Q", timezone="Nowhere")
    assert set(error.value.errors) == {"email", "password", "company_name", "currency", "country", "timezone"}


def test_duplicate_email_refused(actor):
    with pytest.raises(ValidationError) as error:
        accounts.register(actor.user.email.upper(), PASSWORD, "Another")
    assert "email" in error.value.errors


def test_api_keys_are_hashed_and_revocable(actor, db):
    with transaction():
        key, raw = accounts.create_api_key(actor.user, "CI")
    assert raw.startswith("sk_live_") and len(raw) >= 8 + 43
    assert raw not in (key.key_hash, key.display_prefix) and raw.startswith(key.display_prefix)
    assert accounts.find_api_key(raw) == key and key.last_used_at is not None
    assert accounts.find_api_key(raw + "x") is None and accounts.find_api_key("sk_live_") is None
    with transaction():
        accounts.revoke_api_key(actor.user, key.id)
    assert accounts.find_api_key(raw) is None
    assert db.session.query(ApiKey).filter_by(key_hash=raw).count() == 0


def test_members_and_roles(actor, make_account):
    other = make_account(email="staff@example.com", company="Staff Co")
    staff = join(actor, other.user, "member")
    assert actor_for(other.user, actor.company.id).role == "member"
    with pytest.raises(Forbidden):
        invitations.invite(staff, actor.user.email, "admin", lambda *args: None)
    with pytest.raises(NotFound):
        actor_for(actor.user, other.company.id)


@pytest.mark.parametrize("data, field", [
    ({"currency": "EURO"}, "currency"), ({"timezone": "Mars/Olympus"}, "timezone"),
    ({"locale": "xx_YY_ZZ"}, "locale"), ({"invoice_prefix": "IN V"}, "invoice_prefix"), ({"name": ""}, "name"),
])
def test_company_settings_validation(actor, data, field):
    with pytest.raises(ValidationError) as error:
        accounts.update_company(actor, data)
    assert field in error.value.errors


def test_company_settings_update(actor):
    with transaction():
        accounts.update_company(actor, {"invoice_prefix": "acme", "currency": "EUR", "timezone": "Europe/Paris",
                                        "locale": "fr_FR", "legal_name": "Acme SAS", "vat_id": "FR40303265045"})
    assert (actor.company.invoice_prefix, actor.company.currency, actor.company.locale) == ("ACME", "EUR", "fr_FR")
    member = Actor(company=actor.company, role="member", user=actor.user)
    with pytest.raises(Forbidden):
        accounts.update_company(member, {"name": "Mine"})


def test_timestamps_come_back_as_utc(actor, db):
    from datetime import timezone
    db.session.expire_all()
    assert actor.user.created_at.tzinfo is not None
    assert actor.user.created_at.utcoffset() == timezone.utc.utcoffset(None)
