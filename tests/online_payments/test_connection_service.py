"""The Stripe connection service (DESIGN §16): secrets sealed at rest (the database row holds no
plaintext), shown by their last four only, checked formats with field errors that change
nothing, admins only, "Test connection" against the fake Stripe, an unreadable secret after
SECRET_KEY changed, and no secret in the activity log or the logs."""
import logging

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Activity
from app.online_payments import connection
from app.services import transaction
from app.services.errors import Forbidden, ProviderRefused, ValidationError
from tests.online_payments.stripe_secrets import new_key, new_webhook_secret, plaintext_pieces, stored_row


def connect(actor, **data):
    with transaction():
        return connection.connect(actor, data)


def test_the_database_row_holds_no_plaintext(actor):
    key, whsec = new_key(), new_webhook_secret()
    assert connect(actor, stripe_secret_key=key, stripe_webhook_secret=whsec) == [
        "stripe_secret_key", "stripe_webhook_secret"]
    db.session.expire_all()
    sealed_key, sealed_whsec = stored_row(actor)
    assert sealed_key and sealed_whsec
    for secret in (key, whsec):
        for piece in plaintext_pieces(secret):
            assert piece not in sealed_key and piece not in sealed_whsec, piece
    assert (connection.secret_key(actor.company), connection.webhook_secret(actor.company)) == (key, whsec)
    assert actor.company.stripe_connected is True


def test_shown_is_the_last_four_only(actor):
    key, whsec = new_key("rk_live_"), new_webhook_secret()
    assert connection.shown(actor.company) == {"stripe_secret_key": None, "stripe_webhook_secret": None}
    connect(actor, stripe_secret_key=key, stripe_webhook_secret=whsec)
    shown = connection.shown(actor.company)
    assert shown["stripe_secret_key"].last_four == "…" + key[-4:]
    assert shown["stripe_webhook_secret"].last_four == "…" + whsec[-4:]


def test_an_empty_field_keeps_the_stored_value(actor):
    key, whsec = new_key(), new_webhook_secret()
    connect(actor, stripe_secret_key=key)
    assert connection.webhook_secret(actor.company) is None
    before = stored_row(actor)[0]
    assert connect(actor, stripe_secret_key="", stripe_webhook_secret=f"  {whsec}\n") == ["stripe_webhook_secret"]
    assert stored_row(actor)[0] == before
    assert (connection.secret_key(actor.company), connection.webhook_secret(actor.company)) == (key, whsec)
    assert connect(actor, stripe_secret_key="", stripe_webhook_secret=None) == []
    other = new_key("sk_live_")
    assert connect(actor, stripe_secret_key=other) == ["stripe_secret_key"]
    assert (connection.secret_key(actor.company), connection.webhook_secret(actor.company)) == (other, whsec)


BAD = [
    ("stripe_secret_key", "pk_test_51Nqabcdefabcdef", "publishable key"),
    ("stripe_secret_key", "whsec_abcdefabcdef", "webhook signing secret"),
    ("stripe_secret_key", "sk_test_", "starts with sk_test_"),
    ("stripe_secret_key", "ak_test_abcdefabcdef", "starts with sk_test_"),
    ("stripe_secret_key", "sk_test_abc def", "space"),
    ("stripe_secret_key", "sk_test_abc\x00def", "control character"),
    ("stripe_secret_key", "sk_test_abc\u202edef", "outside ASCII"),
    ("stripe_secret_key", "sk_test_abcdé", "outside ASCII"),
    ("stripe_secret_key", "sk_test_" + "a" * 300, "at most 255"),
    ("stripe_secret_key", 12345, "Must be a string"),
    ("stripe_webhook_secret", "sk_test_abcdefabcdef", "whsec_"),
    ("stripe_webhook_secret", "whsec_", "whsec_"),
    ("stripe_webhook_secret", "secret", "whsec_"),
    ("stripe_webhook_secret", "whsec_abc\tdef", "space"),
]


@pytest.mark.parametrize(("field", "value", "said"), BAD)
def test_bad_formats_are_field_errors_and_change_nothing(actor, field, value, said):
    key, whsec = new_key(), new_webhook_secret()
    connect(actor, stripe_secret_key=key, stripe_webhook_secret=whsec)
    before = stored_row(actor)
    with pytest.raises(ValidationError) as caught:
        connect(actor, **{field: value})
    assert list(caught.value.errors) == [field]
    assert said in caught.value.errors[field]
    if isinstance(value, str) and len(value) > 8:
        assert value not in caught.value.errors[field]  # a message never repeats what was typed
    db.session.expire_all()
    assert stored_row(actor) == before


def test_both_fields_wrong_are_both_said_and_unknown_fields_refused(actor):
    with pytest.raises(ValidationError) as caught:
        connect(actor, stripe_secret_key="nope", stripe_webhook_secret="nope")
    assert set(caught.value.errors) == {"stripe_secret_key", "stripe_webhook_secret"}
    with pytest.raises(ValidationError) as caught:
        connect(actor, stripe_publishable_key="pk_test_x")
    assert "stripe_publishable_key" in caught.value.errors
    assert stored_row(actor) == (None, None)


def test_the_secret_key_is_required_to_connect(actor):
    with pytest.raises(ValidationError) as caught:
        connect(actor, stripe_secret_key="", stripe_webhook_secret=new_webhook_secret())
    assert "Required" in caught.value.errors["stripe_secret_key"]
    assert stored_row(actor) == (None, None)


def test_only_admins_connect_test_and_disconnect(actor, member, fake_stripe):
    with pytest.raises(Forbidden):
        connect(member, stripe_secret_key=new_key())
    assert stored_row(actor) == (None, None)
    connect(actor, stripe_secret_key=new_key())
    with pytest.raises(Forbidden):
        connection.test_connection(member)
    with pytest.raises(Forbidden), transaction():
        connection.disconnect(member)
    assert actor.company.stripe_connected


def test_disconnect_forgets_both(actor):
    connect(actor, stripe_secret_key=new_key(), stripe_webhook_secret=new_webhook_secret())
    with transaction():
        assert connection.disconnect(actor) is True
    assert stored_row(actor) == (None, None) and not actor.company.stripe_connected
    with transaction():
        assert connection.disconnect(actor) is False


def test_test_connection_names_the_account_or_stripes_refusal(actor, fake_stripe):
    with pytest.raises(ValidationError) as caught:
        connection.test_connection(actor)
    assert "Not connected" in caught.value.errors["stripe_secret_key"]
    key = new_key()
    connect(actor, stripe_secret_key=key)
    account = connection.test_connection(actor)
    assert account.id.startswith("acct_") and account.label == "Fake Stripe account"
    assert (account.email, account.live) == ("owner@example.com", False)
    fake_stripe.revoked_keys.add(key)
    with pytest.raises(ProviderRefused) as refused:
        connection.test_connection(actor)
    assert "Invalid API Key provided: sk_test_****" + key[-4:] in refused.value.message
    assert key not in refused.value.message
    assert fake_stripe.requests and all(path == "/v1/account" for _, path, _ in fake_stripe.requests)


def test_an_unreadable_secret_must_be_entered_again(app, actor, monkeypatch, fake_stripe):
    key, whsec = new_key(), new_webhook_secret()
    connect(actor, stripe_secret_key=key, stripe_webhook_secret=whsec)
    monkeypatch.setitem(app.config, "SECRET_KEY", "another-secret-key")
    shown = connection.shown(actor.company)
    assert shown["stripe_secret_key"].readable is False and shown["stripe_webhook_secret"].last_four is None
    with pytest.raises(ValidationError) as caught:
        connection.test_connection(actor)
    assert "enter it again" in caught.value.errors["stripe_secret_key"]
    with pytest.raises(ValidationError) as caught:  # only the webhook secret: the key must come too
        connect(actor, stripe_webhook_secret=whsec)
    assert "enter it again" in caught.value.errors["stripe_secret_key"]
    assert connect(actor, stripe_secret_key=key) == ["stripe_secret_key"]
    shown = connection.shown(actor.company)
    assert shown["stripe_secret_key"].last_four == "…" + key[-4:] and not shown["stripe_webhook_secret"].readable
    assert connection.test_connection(actor).id.startswith("acct_")


def test_no_secret_in_the_activity_log_nor_the_logs(actor, fake_stripe, caplog):
    caplog.set_level(logging.DEBUG)
    for quiet in ("sqlalchemy", "alembic"):
        logging.getLogger(quiet).setLevel(logging.WARNING)
    key, whsec = new_key(), new_webhook_secret()
    connect(actor, stripe_secret_key=key, stripe_webhook_secret=whsec)
    connection.test_connection(actor)
    fake_stripe.revoked_keys.add(key)
    with pytest.raises(ProviderRefused):
        connection.test_connection(actor)
    with transaction():
        connection.disconnect(actor)
    entries = list(db.session.scalars(select(Activity).where(Activity.company_pk == actor.company.pk)
                                      .where(Activity.action.like("company.stripe%")).order_by(Activity.pk)))
    assert [(entry.action, entry.subject_id) for entry in entries] == [
        ("company.stripe_connected", actor.company.id), ("company.stripe_disconnected", actor.company.id)]
    assert entries[0].details == {"fields": ["stripe_secret_key", "stripe_webhook_secret"]}
    logged = caplog.text + " ".join(record.getMessage() for record in caplog.records)
    for secret in (key, whsec):
        for piece in plaintext_pieces(secret, 12):
            assert piece not in str([entry.details for entry in entries]) and piece not in logged, piece
