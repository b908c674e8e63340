"""Settings → Payments → Online payment (Stripe) through the test client: save, the last four
only (never a secret in a page), field errors that change nothing, "Test connection" against the
fake Stripe (the account, or Stripe's refusal), disconnect, the webhook address and its events,
members see the status without the form, CSRF, and a secret that can no longer be read."""
import re

from app.extensions import db
from app.online_payments import connection
from app.services import transaction
from tests.online_payments.stripe_secrets import new_key, new_webhook_secret, plaintext_pieces, stored_row
from tests.security.helpers import csrf_on
from tests.support.html import field_error, flashes, text_of

PAGE = "/settings/payments"
SAVE, TEST, DISCONNECT = "/settings/payments/stripe", "/settings/payments/stripe/test", "/settings/payments/stripe/disconnect"
EVENTS = ("checkout.session.completed", "checkout.session.async_payment_succeeded",
          "checkout.session.async_payment_failed")


def card(html: str) -> str:
    match = re.search(r'<section class="card form-card" id="stripe".*?</section>', html, re.S)
    assert match, "no Stripe card on the page"
    return match.group(0)


def assert_no_secret(body: str, *secrets_: str) -> None:
    for secret in secrets_:
        for piece in plaintext_pieces(secret):
            assert piece not in body, piece


def test_admin_connects_and_sees_only_the_last_four(client, owner):
    html = card(text_of(client.get(PAGE)))
    assert "Online payment (Stripe)" in html and "not connected" in html
    assert f'value="http://localhost/webhooks/stripe/{owner.company.id}"' in html
    assert all(f"<code>{event}</code>" in html for event in EVENTS)
    assert "Test connection" not in html and "Disconnect" not in html
    for name in ("stripe_secret_key", "stripe_webhook_secret"):
        field = re.search(r'<input[^>]*name="' + name + r'"[^>]*>', html).group(0)
        assert 'type="password"' in field and 'autocomplete="off"' in field and field.endswith('value="">')
    key, whsec = new_key(), new_webhook_secret()
    response = client.post(SAVE, data={"stripe_secret_key": key, "stripe_webhook_secret": whsec})
    assert response.status_code == 302 and response.headers["Location"].endswith("/settings/payments#stripe")
    assert_no_secret(text_of(response), key, whsec)
    page = text_of(client.get(PAGE))
    assert "Stripe connection saved." in " ".join(flashes(page))
    html = card(page)
    assert f"Stored: …{key[-4:]}." in html and f"Stored: …{whsec[-4:]}." in html
    assert ">connected</span>" in html and "Test connection" in html and "Disconnect Stripe" in html
    assert_no_secret(page, key, whsec)
    assert connection.secret_key(owner.company) == key
    overview = client.get("/")  # the overview lists the activity (the company as its subject)
    assert overview.status_code == 200
    assert_no_secret(text_of(overview), key, whsec)


def test_empty_fields_keep_what_is_stored(client, owner):
    key, whsec = new_key(), new_webhook_secret()
    assert client.post(SAVE, data={"stripe_secret_key": key}).status_code == 302
    assert client.post(SAVE, data={"stripe_secret_key": "", "stripe_webhook_secret": whsec}).status_code == 302
    assert client.post(SAVE, data={"stripe_secret_key": "", "stripe_webhook_secret": ""}).status_code == 302
    assert "Nothing to save" in " ".join(flashes(text_of(client.get(PAGE))))
    db.session.refresh(owner.company)
    assert (connection.secret_key(owner.company), connection.webhook_secret(owner.company)) == (key, whsec)


def test_bad_formats_are_errors_beside_their_fields_and_change_nothing(client, owner):
    key = new_key()
    client.post(SAVE, data={"stripe_secret_key": key})
    before = stored_row(owner)
    typed = "pk_test_51Nqpublishable0000"
    response = client.post(SAVE, data={"stripe_secret_key": typed, "stripe_webhook_secret": "sk_test_wrongfield"})
    html = text_of(response)
    assert response.status_code == 400
    assert "publishable key" in field_error(html, "stripe_secret_key")
    assert "whsec_" in field_error(html, "stripe_webhook_secret")
    assert typed not in html and "sk_test_wrongfield" not in html  # what was typed is not sent back
    assert f"Stored: …{key[-4:]}." in card(html)
    response = client.post(SAVE, data={"stripe_secret_key": "sk_test_" + "x" * 300})
    assert response.status_code == 400 and "at most 255" in field_error(text_of(response), "stripe_secret_key")
    db.session.expire_all()
    assert stored_row(owner) == before


def test_test_connection_shows_the_account_or_stripes_refusal(client, owner, fake_stripe):
    assert client.post(TEST).status_code == 302
    assert "Not connected" in " ".join(flashes(text_of(client.get(PAGE))))
    key = new_key()
    client.post(SAVE, data={"stripe_secret_key": key})
    client.get(PAGE)
    assert client.post(TEST).status_code == 302
    said = " ".join(flashes(text_of(client.get(PAGE))))
    assert "Connected to the Stripe account “Fake Stripe account” (acct_" in said and "test mode" in said
    fake_stripe.revoked_keys.add(key)
    response = client.post(TEST)
    assert response.status_code == 302
    page = text_of(client.get(PAGE))
    said = " ".join(flashes(page))
    assert "The connection does not work. Stripe refused: Invalid API Key provided: sk_test_****" + key[-4:] in said
    assert_no_secret(page + text_of(response), key)


def test_disconnect(client, owner):
    client.post(SAVE, data={"stripe_secret_key": new_key(), "stripe_webhook_secret": new_webhook_secret()})
    assert client.post(DISCONNECT).status_code == 302
    page = text_of(client.get(PAGE))
    assert "Stripe disconnected" in " ".join(flashes(page)) and "not connected" in card(page)
    assert stored_row(owner) == (None, None)


def test_members_see_the_status_without_the_form(client, actor, member, login):
    key = new_key()
    with transaction():
        connection.connect(actor, {"stripe_secret_key": key})
    login(member.user.email)
    client.post("/switch-company", data={"company_id": actor.company.id})
    html = card(text_of(client.get(PAGE)))
    assert ">connected</span>" in html and "Only an admin can connect" in html
    assert "<form" not in html and "Stored:" not in html and "webhooks/stripe" not in html
    before = stored_row(actor)
    for path, data in ((SAVE, {"stripe_secret_key": new_key()}), (TEST, {}), (DISCONNECT, {})):
        response = client.post(path, data=data)
        assert response.status_code == 302, path
        assert "Not allowed" in " ".join(flashes(text_of(client.get(PAGE)))), path
    db.session.expire_all()
    assert stored_row(actor) == before


def test_every_stripe_form_needs_its_csrf_token(app, client, owner):
    key = new_key()
    client.post(SAVE, data={"stripe_secret_key": key})
    before = stored_row(owner)
    with csrf_on(app):
        for path, data in ((SAVE, {"stripe_secret_key": new_key()}), (TEST, {}), (DISCONNECT, {})):
            for token in (None, "forged"):
                sent = {**data, **({"csrf_token": token} if token else {})}
                response = client.post(path, data=sent)
                assert response.status_code == 400 and "CSRF" in text_of(response), (path, token)
    db.session.expire_all()
    assert stored_row(owner) == before


def test_a_secret_that_can_no_longer_be_read_is_asked_again(app, client, owner, monkeypatch):
    client.post(SAVE, data={"stripe_secret_key": new_key(), "stripe_webhook_secret": new_webhook_secret()})
    with transaction():  # sealed under another SECRET_KEY, as after a change of key
        monkeypatch.setitem(app.config, "SECRET_KEY", "the key before")
        connection.connect(owner, {"stripe_secret_key": new_key(), "stripe_webhook_secret": new_webhook_secret()})
        monkeypatch.setitem(app.config, "SECRET_KEY", "test-secret")
    response = client.get(PAGE)
    html = card(text_of(response))
    assert response.status_code == 200 and "can no longer be read" in html and "Stored:" not in html
    assert client.post(TEST).status_code == 302
    assert "enter it again" in " ".join(flashes(text_of(client.get(PAGE))))
