"""The delivery log (app/webhooks/log.py, DESIGN §18): an endpoint's last attempts and recent
deliveries, newest first, each with its event; ``resend`` makes a new delivery of an event, due
at once and handed to the worker after the commit, for an admin only, to an enabled endpoint,
of an event of the company's last 30 days that the endpoint receives."""
from datetime import timedelta

import pytest

from app.extensions import db
from app.models.base import utcnow
from app.services import customers, transaction
from app.services.errors import Forbidden, InvalidTransition, NotFound, ValidationError
from app.services.tenancy import Actor
from app.webhooks import endpoints, events, log
from tests.webhooks.world import add_attempt, age, deliveries_of, events_of, make_endpoint


@pytest.fixture()
def dispatched(app):
    """The delivery pks handed to the worker after each commit."""
    handed: list[int] = []
    previous = app.extensions.get(events.DISPATCH)
    events.install(app, handed.extend)
    yield handed
    app.extensions[events.DISPATCH] = previous


def test_last_attempts_newest_first_with_their_event(actor, make_customer):
    endpoint, _ = make_endpoint(actor)
    customer = make_customer(name="Ada")
    with transaction():
        customers.update_customer(actor, customer.id, {"name": "Ada Lovelace"})
    created, updated = deliveries_of(endpoint)
    start = utcnow() - timedelta(minutes=10)
    with transaction():
        add_attempt(created, number=1, status=500, at=start, body="boom", duration_ms=900)
        add_attempt(created, number=2, status=None, at=start + timedelta(minutes=5), body=None, error="timed out after 10 s")
        add_attempt(updated, number=1, status=204, at=start + timedelta(minutes=1), body="")
    shown = log.last_attempts(actor, endpoint.id)
    assert [(row.event_type, row.attempt.number) for row in shown] == [
        ("customer.created", 2), ("customer.updated", 1), ("customer.created", 1)]
    assert shown[0].event_id == created.event.id and shown[1].event_id == updated.event.id
    assert (shown[0].attempt.error, shown[0].attempt.status_code) == ("timed out after 10 s", None)
    assert (shown[2].attempt.status_code, shown[2].attempt.duration_ms, shown[2].attempt.response_start) == (500, 900, "boom")
    assert all(row.resendable for row in shown)
    assert [row.attempt.number for row in log.last_attempts(actor, endpoint.id, limit=1)] == [2]


def test_recent_deliveries_newest_first_and_only_the_endpoints_own(actor, make_customer):
    endpoint, _ = make_endpoint(actor)
    other, _ = make_endpoint(actor, enabled_events=["invoice.paid"])
    make_customer(name="First")
    make_customer(name="Second")
    rows = log.recent_deliveries(actor, endpoint.id)
    assert [row.event_type for row in rows] == ["customer.created", "customer.created"]
    assert rows[0].delivery.pk > rows[1].delivery.pk
    assert all(row.delivery.status == "pending" and row.delivery.next_attempt_at is not None for row in rows)
    assert log.recent_deliveries(actor, other.id) == [] and log.last_attempts(actor, other.id) == []
    assert len(log.recent_deliveries(actor, endpoint.id, limit=1)) == 1


def test_another_companys_endpoint_has_no_log_here(actor, make_account):
    stranger = make_account(email="stranger@example.com", company="Elsewhere")
    endpoint, _ = make_endpoint(stranger)
    for read in (log.last_attempts, log.recent_deliveries):
        with pytest.raises(NotFound):
            read(actor, endpoint.id)


def test_resend_is_a_new_delivery_due_now_handed_over_after_the_commit(actor, make_customer, dispatched):
    endpoint, _ = make_endpoint(actor)
    make_customer()
    first = deliveries_of(endpoint)[0]
    with transaction():
        first.status, first.next_attempt_at = "delivered", None
        add_attempt(first, status=200)
    event = events_of(actor.company, "customer.created")[0]
    dispatched.clear()
    before = utcnow()
    with transaction():
        delivery = log.resend(actor, endpoint.id, event.id)
        assert dispatched == []  # not before the commit
    assert dispatched == [delivery.pk]
    assert delivery.pk != first.pk and (delivery.endpoint_pk, delivery.event_pk) == (endpoint.pk, event.pk)
    assert (delivery.status, delivery.attempts) == ("pending", 0)
    assert before - timedelta(seconds=1) <= delivery.next_attempt_at <= utcnow()
    db.session.refresh(first)
    assert first.status == "delivered" and len(log.last_attempts(actor, endpoint.id)) == 1  # the log stays
    assert [row.delivery.pk for row in log.recent_deliveries(actor, endpoint.id)] == [delivery.pk, first.pk]


def test_a_rolled_back_resend_hands_nothing_over(actor, make_customer, dispatched):
    endpoint, _ = make_endpoint(actor)
    make_customer()
    event = events_of(actor.company)[0]
    dispatched.clear()
    with pytest.raises(RuntimeError), transaction():
        log.resend(actor, endpoint.id, event.id)
        raise RuntimeError("changed my mind")
    assert dispatched == [] and len(deliveries_of(endpoint)) == 1


def test_resend_refusals(actor, make_customer, make_account, member_of):
    endpoint, _ = make_endpoint(actor)
    make_customer()
    event = events_of(actor.company)[0]
    stranger = make_account(email="stranger@example.com", company="Elsewhere")
    make_customer(who=stranger)
    foreign = events_of(stranger.company)[0]
    member = member_of(actor.company)
    count = len(deliveries_of(endpoint))

    with pytest.raises(Forbidden, match="Only an admin of this company may manage webhooks"):
        log.resend(member, endpoint.id, event.id)
    with pytest.raises(NotFound, match="No such event"):
        log.resend(actor, endpoint.id, foreign.id)
    with pytest.raises(NotFound):
        log.resend(actor, "we_doesnotexist", event.id)
    with pytest.raises(NotFound):
        log.resend(Actor(company=stranger.company, role="admin", user=stranger.user), endpoint.id, foreign.id)

    narrow, _ = make_endpoint(actor, enabled_events=["invoice.paid"])
    with pytest.raises(ValidationError) as refused:
        log.resend(actor, narrow.id, event.id)
    assert refused.value.errors == {"event_id": f"The endpoint {narrow.id} does not receive customer.created events; "
                                                "add the type to its events first."}

    with transaction():
        endpoints.update_endpoint(actor, endpoint.id, {"status": "disabled"})
    with pytest.raises(InvalidTransition, match="is disabled: enable it before resending"):
        log.resend(actor, endpoint.id, event.id)
    with transaction():
        endpoints.update_endpoint(actor, endpoint.id, {"status": "enabled"})
        age(event, 31)
    with pytest.raises(ValidationError) as old:
        log.resend(actor, endpoint.id, event.id)
    assert old.value.errors == {"event_id": f"The event {event.id} is older than 30 days and can no longer be resent."}
    assert len(deliveries_of(endpoint)) == count
    with transaction():
        age(event, 29)
        assert log.resend(actor, endpoint.id, event.id).status == "pending"
