"""The retry schedule walked with time-machine (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, each
from the previous attempt, then given up: 8 attempts in all), and an endpoint disabled after
5 days of failures with its admins emailed once."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import time_machine
from sqlalchemy import select

from app.extensions import db
from app.jobs import due
from app.jobs.webhooks import ENDPOINT_HEADER
from app.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from app.services import transaction
from app.webhooks import RETRY_DELAYS, delivery, endpoints
from tests.support.reads import mails_of
from tests.webhooks.receiver import Plan, Receiver
from tests.webhooks.world import deliveries_of, make_endpoint

START = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)


@pytest.fixture()
def private(app, monkeypatch):
    monkeypatch.setitem(app.config, "WEBHOOKS_ALLOW_PRIVATE", True)
    monkeypatch.setitem(app.config, "WEBHOOKS_TIMEOUT", 1.0)


@pytest.fixture()
def failing():
    with Receiver(Plan(status=503, body=b"down for maintenance")) as running:
        yield running


def test_the_retry_schedule_then_given_up_after_8_attempts(app, actor, private, failing, make_customer, figure):
    endpoint, _ = make_endpoint(actor, failing.url())
    with time_machine.travel(START, tick=False) as clock:
        make_customer(name="Retry Corp")
        [row] = deliveries_of(endpoint)
        pk = row.pk
        assert due.run_due().counts["webhooks"] == {"retry": 1}
        for delay in RETRY_DELAYS:
            clock.shift(delay - timedelta(seconds=1))  # a second early: not due yet
            assert due.run_due().counts["webhooks"] == {}
            assert delivery.deliver(pk).outcome == "nothing"
            clock.shift(timedelta(seconds=1))
            assert due.run_due().counts["webhooks"] in ({"retry": 1}, {"failed": 1})
        clock.shift(timedelta(days=2))
        assert due.run_due().counts["webhooks"] == {}
    attempts = list(db.session.scalars(select(WebhookAttempt).where(WebhookAttempt.delivery_pk == pk)
                                       .order_by(WebhookAttempt.number)))
    gaps = [later.attempted_at - earlier.attempted_at for earlier, later in zip(attempts, attempts[1:])]
    assert [a.number for a in attempts] == list(range(1, 9))
    assert gaps == list(RETRY_DELAYS)
    assert all(a.status_code == 503 and a.response_start == "down for maintenance" for a in attempts)
    [row] = deliveries_of(endpoint)
    assert (row.status, row.attempts, row.next_attempt_at) == ("failed", 8, None)
    assert len(failing.requests) == 8 and len({r.headers["webhook-id"] for r in failing.requests}) == 1
    db.session.refresh(endpoint)
    assert endpoint.status == "enabled"  # a day and a bit of failures: not yet five days
    figure("webhook-retries", "8 attempts at +0, " + ", ".join(str(gap) for gap in gaps) + "; then failed")


def test_a_delivered_retry_clears_the_failures(app, actor, private, failing, make_customer):
    endpoint, _ = make_endpoint(actor, failing.url())
    with time_machine.travel(START, tick=False) as clock:
        make_customer(name="Flaky Corp")
        [row] = deliveries_of(endpoint)
        pk = row.pk
        assert delivery.deliver(pk).outcome == "retry"
        db.session.refresh(endpoint)
        assert endpoint.failing_since == START
        failing.default = Plan(status=204, body=b"")
        clock.shift(RETRY_DELAYS[0])
        assert delivery.deliver(pk).outcome == "delivered"
    db.session.refresh(endpoint)
    assert endpoint.failing_since is None and deliveries_of(endpoint)[0].status == "delivered"


def test_five_days_of_failures_disable_the_endpoint_and_email_its_admins_once(app, actor, private, failing,
                                                                             make_customer, member, figure):
    endpoint, _ = make_endpoint(actor, failing.url())
    with time_machine.travel(START, tick=False) as clock:
        make_customer(name="Day 0")
        due.run_due()
        for day in range(1, 5):  # a new event every day keeps failing
            clock.shift(timedelta(days=1))
            make_customer(name=f"Day {day}")
            due.run_due()
            db.session.refresh(endpoint)
            assert endpoint.status == "enabled" and endpoint.failing_since == START
        clock.shift(timedelta(days=1))
        make_customer(name="Day 5")
        report = due.run_due()
    db.session.expire_all()
    endpoint = db.session.get(WebhookEndpoint, endpoint.pk)
    assert endpoint.status == "disabled" and endpoint.disabled_at == START + timedelta(days=5)
    pending = db.session.scalars(select(WebhookDelivery).where(WebhookDelivery.endpoint_pk == endpoint.pk,
                                                               WebhookDelivery.status == "pending")).all()
    assert pending == []  # what it was still to get is given up
    mails = [m for m in mails_of(actor.company) if m[ENDPOINT_HEADER] == endpoint.id]
    assert [m["To"] for m in mails] == [actor.user.email]  # the admin; not the member
    text = mails[0].get_content()
    assert failing.url() in mails[0]["Subject"] and failing.url() in text
    assert "/settings/webhooks" in text and "2026" in text
    requests = len(failing.requests)
    with time_machine.travel(START + timedelta(days=6), tick=False):
        make_customer(name="Day 6")
        due.run_due()
    assert len(failing.requests) == requests  # a disabled endpoint gets nothing
    assert len([m for m in mails_of(actor.company) if m[ENDPOINT_HEADER] == endpoint.id]) == 1  # once
    figure("webhook-disable", f"endpoint disabled after 5 days of failures ({requests} failed attempts), "
                              f"{len(mails)} admin email(s); {report.counts['webhooks']}")


def test_enabling_a_disabled_endpoint_starts_it_afresh(app, actor, private, failing, make_customer):
    endpoint, _ = make_endpoint(actor, failing.url())
    with time_machine.travel(START, tick=False):
        make_customer(name="First")
        due.run_due()
    with transaction():
        endpoints.update_endpoint(actor, endpoint.id, {"status": "disabled"})
        endpoints.update_endpoint(actor, endpoint.id, {"status": "enabled"})
    db.session.refresh(endpoint)
    assert endpoint.failing_since is None


def test_a_crashed_workers_claim_expires_after_the_lease_and_the_attempt_is_made_again(app, actor, private, failing,
                                                                                      make_customer):
    failing.default = Plan(status=200)
    endpoint, _ = make_endpoint(actor, failing.url())
    with time_machine.travel(START, tick=False) as clock:
        make_customer(name="Crash Corp")
        [row] = deliveries_of(endpoint)
        pk = row.pk
        claim = delivery._claim(pk, START)  # the worker claims, then dies before posting
        assert claim.number == 1 and failing.requests == []
        assert delivery.deliver(pk).outcome == "nothing"  # claimed: nobody else takes it
        clock.shift(delivery.LEASE - timedelta(seconds=1))
        assert due.run_due().counts["webhooks"] == {}
        clock.shift(timedelta(seconds=1))
        assert due.run_due().counts["webhooks"] == {"delivered": 1}
    [request] = failing.requests
    assert request.headers["webhook-id"] == claim.event_id  # the same webhook-id
    [row] = deliveries_of(endpoint)
    assert (row.status, row.attempts) == ("delivered", 2)
    [attempt] = db.session.scalars(select(WebhookAttempt).where(WebhookAttempt.delivery_pk == pk)).all()
    assert attempt.number == 2


def test_an_attempt_that_ends_after_its_endpoint_was_disabled_is_logged_but_changes_nothing(app, actor, private,
                                                                                           failing, make_customer):
    endpoint, _ = make_endpoint(actor, failing.url())
    make_customer(name="Late Corp")
    [row] = deliveries_of(endpoint)
    claim = delivery._claim(row.pk, delivery.utcnow())
    with transaction():
        endpoints.update_endpoint(actor, endpoint.id, {"status": "disabled"})
    answer = delivery.Answer(True, 200, 5, "ok", None)
    assert delivery._record(claim, answer, delivery.utcnow()).outcome == "nothing"
    [row] = deliveries_of(endpoint)
    assert row.status == "failed"
    assert len(db.session.scalars(select(WebhookAttempt).where(WebhookAttempt.delivery_pk == row.pk)).all()) == 1
