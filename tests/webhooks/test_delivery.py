"""Delivering webhooks (DESIGN §18) to a real local receiver: the Standard Webhooks headers
verify with the `standardwebhooks` package, 2xx is delivered, anything else (500, a timeout,
a redirect) is retried, a big answer is kept as its start, a rolled-back action posts
nothing, a disabled endpoint gets nothing, and `flask run-due --now` signs at that time."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
import time_machine
from sqlalchemy import select
from standardwebhooks import Webhook, WebhookVerificationError

from app.extensions import db
from app.jobs import due
from app.models import Event, WebhookAttempt
from app.services import customers, transaction
from app.webhooks import delivery, endpoints
from tests.webhooks.receiver import Plan, Receiver
from tests.webhooks.world import deliveries_of, make_endpoint


@pytest.fixture()
def private(app, monkeypatch):
    """The local receiver is plain http on 127.0.0.1: allowed for these tests; attempts time out after 1 s."""
    monkeypatch.setitem(app.config, "WEBHOOKS_ALLOW_PRIVATE", True)
    monkeypatch.setitem(app.config, "WEBHOOKS_TIMEOUT", 1.0)


@pytest.fixture()
def receiver():
    with Receiver() as running:
        yield running


def attempts_of(delivery_row) -> list[WebhookAttempt]:
    return list(db.session.scalars(select(WebhookAttempt).where(WebhookAttempt.delivery_pk == delivery_row.pk)
                                   .order_by(WebhookAttempt.number)))


def one_event(make_customer, endpoint):
    """A customer created: one event, one delivery to ``endpoint``; that delivery."""
    make_customer(name="Hook Corp")
    [found] = deliveries_of(endpoint)
    return found


def test_a_2xx_is_delivered_signed_as_standard_webhooks_verify(app, actor, private, receiver, make_customer):
    endpoint, secret = make_endpoint(actor, receiver.url())
    row = one_event(make_customer, endpoint)
    outcome = delivery.deliver(row.pk)
    assert outcome.outcome == "delivered", outcome
    [request] = receiver.requests
    event = db.session.get(Event, row.event_pk)
    assert request.method == "POST" and request.path == "/hook"
    assert request.body == event.body.encode()
    assert request.headers["content-type"] == "application/json"
    assert "Corebill" in request.headers["user-agent"]
    assert request.headers["webhook-id"] == event.id
    assert Webhook(secret).verify(request.body, request.headers) == json.loads(event.body)
    assert json.loads(request.body)["type"] == "customer.created"
    [attempt] = attempts_of(row)
    assert (attempt.number, attempt.succeeded, attempt.status_code, attempt.response_start, attempt.error) == (
        1, True, 200, "ok", None)
    assert deliveries_of(endpoint)[0].status == "delivered"
    assert delivery.deliver(row.pk).outcome == "nothing"  # delivered once
    assert len(receiver.requests) == 1


def test_after_rotating_the_secret_only_the_new_one_verifies(app, actor, private, receiver, make_customer):
    endpoint, old = make_endpoint(actor, receiver.url())
    with transaction():
        _, new = endpoints.rotate_secret(actor, endpoint.id)
    row = one_event(make_customer, endpoint)
    delivery.deliver(row.pk)
    [request] = receiver.requests
    Webhook(new).verify(request.body, request.headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(old).verify(request.body, request.headers)


@pytest.mark.parametrize("plan, error", [
    (Plan(status=500, body=b"boom"), "answered 500"),
    (Plan(delay=2.5), "timed out after 1 s"),
])
def test_a_500_or_a_timeout_is_retried(app, actor, private, receiver, make_customer, plan, error):
    receiver.default = plan
    endpoint, _ = make_endpoint(actor, receiver.url())
    row = one_event(make_customer, endpoint)
    outcome = delivery.deliver(row.pk)
    assert outcome.outcome == "retry"
    [attempt] = attempts_of(row)
    assert not attempt.succeeded and attempt.error == error
    assert attempt.duration_ms < 2000  # the timeout held
    after = deliveries_of(endpoint)[0]
    assert after.status == "pending" and after.attempts == 1
    assert after.next_attempt_at == attempt.attempted_at + delivery.RETRY_DELAYS[0]
    assert endpoint_row(endpoint).failing_since == attempt.attempted_at


def endpoint_row(endpoint):
    db.session.expire_all()
    return endpoints.get_endpoint(endpoints_actor(endpoint), endpoint.id)


def endpoints_actor(endpoint):
    from app.services.tenancy import Actor
    return Actor.system(endpoint.company)


def test_a_redirect_is_not_followed(app, actor, private, receiver, make_customer):
    receiver.answer("/hook", Plan(status=302, location=receiver.url("/elsewhere"), body=b""))
    endpoint, _ = make_endpoint(actor, receiver.url())
    row = one_event(make_customer, endpoint)
    assert delivery.deliver(row.pk).outcome == "retry"
    [attempt] = attempts_of(row)
    assert attempt.status_code == 302 and not attempt.succeeded
    assert attempt.error == f"redirect not followed (302 to {receiver.url('/elsewhere')})"
    assert receiver.to("/elsewhere") == [] and len(receiver.to("/hook")) == 1


def test_a_big_answer_is_kept_as_its_first_4_kb_without_control_characters(app, actor, private, receiver,
                                                                           make_customer):
    receiver.default = Plan(body=b"\x1b[31mred\x00" + b"x" * (1024 * 1024))
    endpoint, _ = make_endpoint(actor, receiver.url())
    row = one_event(make_customer, endpoint)
    assert delivery.deliver(row.pk).outcome == "delivered"
    [attempt] = attempts_of(row)
    assert len(attempt.response_start.encode()) <= 4096
    assert attempt.response_start.startswith("[31mred") and "\x00" not in attempt.response_start


def test_the_connection_goes_to_the_resolved_address_with_the_names_host(app, actor, private, receiver,
                                                                        make_customer, monkeypatch):
    from app.webhooks import addresses
    asked = []
    monkeypatch.setattr(addresses, "resolve", lambda host, port: asked.append(host) or ["127.0.0.1"])
    endpoint, _ = make_endpoint(actor, receiver.url(host="hooks.corebill.test"))
    row = one_event(make_customer, endpoint)
    assert delivery.deliver(row.pk).outcome == "delivered"
    assert asked == ["hooks.corebill.test"]
    assert receiver.requests[0].headers["host"] == f"hooks.corebill.test:{receiver.port}"


def test_a_refused_connection_is_retried(app, actor, private, make_customer):
    with Receiver() as gone:
        url = gone.url()
    endpoint, _ = make_endpoint(actor, url)
    row = one_event(make_customer, endpoint)
    assert delivery.deliver(row.pk).outcome == "retry"
    assert attempts_of(row)[0].error == "connection refused"


def test_a_rolled_back_action_creates_no_delivery(app, actor, private, receiver):
    endpoint, _ = make_endpoint(actor, receiver.url())
    with pytest.raises(RuntimeError):
        with transaction():
            customers.create_customer(actor, {"name": "Never", "country": "US"})
            raise RuntimeError("the action fails after writing")
    assert deliveries_of(endpoint) == []
    assert due.run_due().counts["webhooks"] == {}
    assert receiver.requests == []


def test_a_disabled_endpoint_gets_nothing_and_enabling_it_does_not_replay(app, actor, private, receiver,
                                                                          make_customer):
    endpoint, _ = make_endpoint(actor, receiver.url())
    before = one_event(make_customer, endpoint)
    with transaction():
        endpoints.update_endpoint(actor, endpoint.id, {"status": "disabled"})
    assert deliveries_of(endpoint)[0].status == "failed"  # given up when disabled
    make_customer(name="While disabled")
    assert len(deliveries_of(endpoint)) == 1  # no delivery for a disabled endpoint
    assert delivery.deliver(before.pk).outcome == "nothing"
    with transaction():
        endpoints.update_endpoint(actor, endpoint.id, {"status": "enabled"})
    due.run_due()
    assert receiver.requests == []  # nothing replayed
    make_customer(name="After")
    due.run_due()
    assert [json.loads(r.body)["data"]["object"]["name"] for r in receiver.requests] == ["After"]


def test_a_claimed_delivery_of_an_endpoint_disabled_meanwhile_is_failed_without_a_post(app, actor, private,
                                                                                      receiver, make_customer):
    endpoint, _ = make_endpoint(actor, receiver.url())
    row = one_event(make_customer, endpoint)
    with transaction():  # disabled behind the service's back: the delivery is still pending
        endpoint_row(endpoint).status = "disabled"
    outcome = delivery.deliver(row.pk)
    assert outcome.outcome == "skipped" and receiver.requests == []
    assert deliveries_of(endpoint)[0].status == "failed"


def test_run_due_now_delivers_and_signs_at_that_time(app, actor, private, receiver, make_customer):
    with time_machine.travel("2026-12-07 09:59:00+00:00", tick=False):
        endpoint, secret = make_endpoint(actor, receiver.url())
        make_customer(name="Due Corp")
    result = app.test_cli_runner().invoke(args=["run-due", "--now", "2026-12-07T10:00:00Z"])
    assert result.exit_code == 0, result.output
    assert "webhooks: 1 delivered" in result.output.splitlines()
    [request] = receiver.requests
    assert request.headers["webhook-timestamp"] == str(int(datetime(2026, 12, 7, 10, tzinfo=timezone.utc).timestamp()))
    with time_machine.travel("2026-12-07 10:00:30+00:00", tick=False):
        Webhook(secret).verify(request.body, request.headers)
    [attempt] = attempts_of(deliveries_of(endpoint)[0])
    assert attempt.attempted_at == datetime(2026, 12, 7, 10, tzinfo=timezone.utc)
    bad = app.test_cli_runner().invoke(args=["run-due", "--now", "tomorrow"])
    assert bad.exit_code == 2 and "tomorrow" in bad.output


def test_events_older_than_30_days_are_purged_with_their_deliveries_and_attempts(app, actor, private, receiver,
                                                                                 make_customer):
    endpoint, _ = make_endpoint(actor, receiver.url())
    with time_machine.travel("2026-10-01 10:00:00+00:00", tick=False):
        old = one_event(make_customer, endpoint)
        old_pk, old_event_pk = old.pk, old.event_pk
        delivery.deliver(old_pk)
    with time_machine.travel("2026-10-30 10:00:00+00:00", tick=False):
        make_customer(name="Newer")
        due.run_due()
        assert len(deliveries_of(endpoint)) == 2
    with time_machine.travel("2026-11-01 10:00:00+00:00", tick=False):
        due.run_due()
    left = deliveries_of(endpoint)
    assert len(left) == 1 and left[0].pk != old_pk
    assert db.session.get(Event, old_event_pk) is None
    assert db.session.scalars(select(WebhookAttempt).where(WebhookAttempt.delivery_pk == old_pk)).all() == []


def test_the_dispatcher_queues_a_job_per_new_delivery_after_commit(app, actor, private, receiver, make_customer,
                                                                    tasks, monkeypatch):
    from app.webhooks import events
    tasks.huey.flush()
    monkeypatch.setitem(app.extensions, events.DISPATCH, tasks.queue_deliveries)  # as wsgi.py installs it
    endpoint, _ = make_endpoint(actor, receiver.url())
    with pytest.raises(RuntimeError), transaction():
        customers.create_customer(actor, {"name": "Never", "country": "US"})
        raise RuntimeError("rolled back")
    tasks.wait_for_handoff()
    assert tasks.huey.pending_count() == 0
    make_customer(name="Queued Corp")
    tasks.wait_for_handoff()
    assert tasks.huey.pending_count() == 1 and receiver.requests == []
    task = tasks.huey.dequeue()
    tasks.huey.execute(task)  # what the worker does with it
    assert [json.loads(r.body)["data"]["object"]["name"] for r in receiver.requests] == ["Queued Corp"]
    assert deliveries_of(endpoint)[0].status == "delivered"
