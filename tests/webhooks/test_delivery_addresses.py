"""SSRF at delivery (DESIGN §18): a name that resolved to a public address when its endpoint
was saved and resolves to a private one by delivery time is refused then, after resolving,
and nothing reaches the address; WEBHOOKS_ALLOW_PRIVATE=1 lifts the refusal."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import WebhookAttempt
from app.webhooks import addresses, delivery
from tests.webhooks.receiver import Receiver
from tests.webhooks.world import deliveries_of, make_endpoint

PUBLIC = "93.184.215.14"


@pytest.fixture()
def receiver():
    with Receiver() as running:
        yield running


@pytest.fixture()
def public_only(app, monkeypatch):
    monkeypatch.setitem(app.config, "WEBHOOKS_ALLOW_PRIVATE", False)
    monkeypatch.setitem(app.config, "WEBHOOKS_TIMEOUT", 1.0)


@pytest.mark.parametrize("private", ["127.0.0.1", "10.1.2.3", "169.254.169.254", "::1", "fd00::1"])
def test_a_name_rebound_to_a_private_address_after_saving_is_refused_at_delivery(app, actor, public_only, receiver,
                                                                                make_customer, monkeypatch, private,
                                                                                figure):
    answers = {"now": [PUBLIC]}
    monkeypatch.setattr(addresses, "resolve", lambda host, port: answers["now"])
    endpoint, _ = make_endpoint(actor, f"https://hooks.rebind.test:{receiver.port}/hook")  # public when saved
    make_customer(name="Rebind Corp")
    [row] = deliveries_of(endpoint)
    answers["now"] = [private] if private != "127.0.0.1" else [PUBLIC, "127.0.0.1"]
    outcome = delivery.deliver(row.pk)
    assert outcome.outcome == "retry"
    [attempt] = _attempts(row.pk)
    assert not attempt.succeeded and attempt.status_code is None
    assert attempt.error.startswith("refused: ") and "private" in attempt.error
    assert receiver.requests == []
    if private == "127.0.0.1":
        figure("webhook-ssrf", f"a name saved while public, resolving to 127.0.0.1 at delivery: refused "
                               f"({attempt.error!r}), {len(receiver.requests)} requests reached the receiver")


def _attempts(delivery_pk):
    return list(db.session.scalars(select(WebhookAttempt).where(WebhookAttempt.delivery_pk == delivery_pk)))


def test_allow_private_lifts_the_refusal(app, actor, public_only, receiver, make_customer, monkeypatch):
    monkeypatch.setattr(addresses, "resolve", lambda host, port: [PUBLIC])
    endpoint, _ = make_endpoint(actor, f"https://hooks.rebind.test:{receiver.port}/hook")
    make_customer(name="Allowed Corp")
    [row] = deliveries_of(endpoint)
    monkeypatch.setattr(addresses, "resolve", lambda host, port: ["127.0.0.1"])
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(app.config, "WEBHOOKS_ALLOW_PRIVATE", True)
        # https to a plain-http receiver: the TLS handshake fails, but the connection reached it
        outcome = delivery.deliver(row.pk)
    assert outcome.outcome == "retry"
    [attempt] = _attempts(row.pk)
    assert attempt.error.startswith(("TLS", "connection")) and "refused: " not in attempt.error, attempt.error
