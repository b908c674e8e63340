"""Settings → Webhooks through the test client (DESIGN §18, issue 29 item 4): an admin adds an
endpoint and sees its secret once; a refused URL or an empty choice of events is said beside
its field and changes nothing; edit, disable and enable, rotate (a new secret, once), delete;
the last attempts with status code, duration and the start of the response; resend; members
read without forms or secrets and are refused when they post; another company's endpoint is a 404."""
import re
from datetime import datetime, timezone

from app.extensions import db
from app.models import WebhookDelivery, WebhookEndpoint
from app.presentation import fmt_date
from app.services import accounts, transaction
from app.web.webhook_forms import GROUPS, event_groups
from app.webhooks import EVENT_TYPES, endpoints
from tests.support.html import field_error, flashes, input_value, text_of
from tests.webhooks.world import URL, add_attempt, deliveries_of, events_of, make_endpoint

SECRET = re.compile(r"whsec_[A-Za-z0-9+/=]{44}")


def secret_in(html: str) -> str | None:
    found = SECRET.search(html)
    return found.group(0) if found else None


def stored() -> list[WebhookEndpoint]:
    return list(db.session.scalars(db.select(WebhookEndpoint).order_by(WebhookEndpoint.pk)))


def test_admin_adds_an_endpoint_and_sees_its_secret_once(client, owner):
    page = text_of(client.get("/settings/webhooks"))
    assert 'aria-current="page">Webhooks</a>' in page and "No webhook endpoints yet." in page
    response = client.post("/settings/webhooks", data={"url": URL, "description": "Books", "scope": "all"})
    html = text_of(response)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    [endpoint] = stored()
    secret = secret_in(html)
    assert secret and secret == endpoints.secret_of(endpoint) and input_value(html, "url") == ""
    assert "it is shown only once" in html and 'data-copy-target="signing-secret"' in html
    assert (endpoint.url, endpoint.description, endpoint.enabled_events, endpoint.status, endpoint.company_pk) == (
        URL, "Books", ["*"], "enabled", owner.company.pk)
    again = text_of(client.get("/settings/webhooks"))
    assert secret_in(again) is None and f'/settings/webhooks/{endpoint.id}"' in again and "All events" in again
    assert secret_in(text_of(client.get(f"/settings/webhooks/{endpoint.id}"))) is None
    assert endpoint.secret_sealed and secret not in endpoint.secret_sealed


def test_chosen_events_and_an_empty_choice(client, owner):
    response = client.post("/settings/webhooks", data={"url": URL, "scope": "some",
                                                      "events": ["invoice.paid", "customer.created"]})
    assert response.status_code == 200
    assert stored()[0].enabled_events == ["customer.created", "invoice.paid"]  # in the list's order
    listed = text_of(client.get("/settings/webhooks"))
    assert "<code>customer.created</code>, <code>invoice.paid</code>" in listed
    response = client.post("/settings/webhooks", data={"url": URL, "scope": "some"})
    assert response.status_code == 400
    assert field_error(text_of(response), "events") == "Choose at least one event type, or all events."
    response = client.post("/settings/webhooks", data={"url": URL, "scope": "some", "events": ["invoice.lost"]})
    assert response.status_code == 400 and field_error(text_of(response), "events") == "Unknown event type(s): invoice.lost."
    response = client.post("/settings/webhooks", data={"url": URL, "scope": "sometimes"})
    assert response.status_code == 400 and field_error(text_of(response), "scope") == "Choose all events or the events below."
    assert len(stored()) == 1


def test_a_refused_url_is_said_beside_the_field_and_nothing_is_saved(app, client, owner, monkeypatch):
    for url, said in (("http://93.184.215.14/hooks", "The URL must start with https:// and name a host."),
                      ("https://127.0.0.1/hooks", "Webhooks cannot go to 127.0.0.1: it is or resolves to a private, "
                                                  "loopback or link-local address (127.0.0.1)."),
                      ("", "This field is required.")):
        response = client.post("/settings/webhooks", data={"url": url, "description": "Local", "scope": "all"})
        html = text_of(response)
        assert response.status_code == 400 and field_error(html, "url") == said, url
        assert input_value(html, "description") == "Local" and secret_in(html) is None
    assert stored() == []
    monkeypatch.setitem(app.config, "WEBHOOKS_ALLOW_PRIVATE", True)
    assert client.post("/settings/webhooks", data={"url": "http://127.0.0.1:9000/hooks", "scope": "all"}).status_code == 200
    assert [endpoint.url for endpoint in stored()] == ["http://127.0.0.1:9000/hooks"]


def test_edit_an_endpoint(client, owner):
    endpoint, _ = make_endpoint(owner, description="Old")
    page = text_of(client.get(f"/settings/webhooks/{endpoint.id}"))
    assert input_value(page, "url") == URL and input_value(page, "description") == "Old" and "Save endpoint" in page
    response = client.post(f"/settings/webhooks/{endpoint.id}", data={
        "url": URL + "/v2", "description": "New", "scope": "some", "events": ["quote.accepted"]})
    assert response.status_code == 302
    db.session.refresh(endpoint)
    assert (endpoint.url, endpoint.description, endpoint.enabled_events) == (URL + "/v2", "New", ["quote.accepted"])
    page = text_of(client.get(f"/settings/webhooks/{endpoint.id}"))
    assert f"Endpoint {URL}/v2 saved." in flashes(page)
    assert 'value="quote.accepted" checked' in page and 'value="invoice.paid" checked' not in page
    bad = client.post(f"/settings/webhooks/{endpoint.id}", data={"url": "https://10.0.0.8/", "description": "Changed",
                                                                 "scope": "all"})
    assert bad.status_code == 400 and "private, loopback or link-local" in field_error(text_of(bad), "url")
    db.session.refresh(endpoint)
    assert (endpoint.url, endpoint.description, endpoint.enabled_events) == (URL + "/v2", "New", ["quote.accepted"])


def test_disable_and_enable(client, owner):
    endpoint, _ = make_endpoint(owner)
    page = text_of(client.get(f"/settings/webhooks/{endpoint.id}"))
    assert f'action="/settings/webhooks/{endpoint.id}/disable"' in page
    response = client.post(f"/settings/webhooks/{endpoint.id}/disable", follow_redirects=True)
    assert "it receives nothing until it is enabled again" in " ".join(flashes(text_of(response)))
    db.session.refresh(endpoint)
    assert endpoint.status == "disabled" and endpoint.disabled_at is not None
    page = text_of(client.get("/settings/webhooks"))
    assert '<span class="tag tag-inactive">disabled</span>' in page
    client.post(f"/settings/webhooks/{endpoint.id}/enable")
    db.session.refresh(endpoint)
    assert (endpoint.status, endpoint.disabled_at) == ("enabled", None)


def test_failing_since_is_shown(client, owner):
    endpoint, _ = make_endpoint(owner)
    with transaction():
        endpoint.failing_since = datetime(2026, 12, 3, 14, 30, tzinfo=timezone.utc)
    page = text_of(client.get("/settings/webhooks"))
    assert "failing since Dec 3, 2026, 2:30:00\u202fPM" in page


def test_rotate_shows_the_new_secret_once(client, owner):
    endpoint, first = make_endpoint(owner)
    confirm = text_of(client.get(f"/settings/webhooks/{endpoint.id}/rotate"))
    assert "Rotate the signing secret of" in confirm and secret_in(confirm) is None
    response = client.post(f"/settings/webhooks/{endpoint.id}/rotate")
    html = text_of(response)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    db.session.refresh(endpoint)
    second = secret_in(html)
    assert second and second != first and second == endpoints.secret_of(endpoint)
    assert "The new signing secret" in html
    assert secret_in(text_of(client.get(f"/settings/webhooks/{endpoint.id}"))) is None


def test_delete_an_endpoint(client, owner, make_customer):
    endpoint, _ = make_endpoint(owner)
    make_customer()
    with transaction():
        add_attempt(deliveries_of(endpoint)[0], status=500)
    assert "Delete the endpoint" in text_of(client.get(f"/settings/webhooks/{endpoint.id}/delete"))
    response = client.post(f"/settings/webhooks/{endpoint.id}/delete")
    assert response.status_code == 302 and response.headers["Location"].endswith("/settings/webhooks")
    assert stored() == [] and db.session.query(WebhookDelivery).count() == 0
    assert len(events_of(owner.company)) == 1  # the events stay
    page = text_of(client.get("/settings/webhooks"))
    assert f"Endpoint {URL} deleted, with its delivery log. Its events are kept for 30 days." in flashes(page)
    assert client.get(f"/settings/webhooks/{endpoint.id}").status_code == 404


def test_the_last_attempts_in_the_companys_format(client, owner, make_customer):
    with transaction():
        accounts.update_company(owner, {"locale": "de_DE", "timezone": "Europe/Berlin"})
    endpoint, _ = make_endpoint(owner)
    make_customer()
    delivery = deliveries_of(endpoint)[0]
    at = datetime(2026, 12, 7, 9, 15, 2, tzinfo=timezone.utc)
    long_answer = "<html>" + "x" * 400 + "END</html>"
    with transaction():
        add_attempt(delivery, number=1, status=502, at=at, duration_ms=1834, body=long_answer)
        add_attempt(delivery, number=2, status=None, at=at.replace(minute=20), duration_ms=10003, body=None,
                    error="timed out after 10 s")
    page = text_of(client.get(f"/settings/webhooks/{endpoint.id}"))
    section = page.split('id="attempts-heading"', 1)[1]
    assert fmt_date(at, "de_DE", "Europe/Berlin") in section and "07.12.2026, 10:15:02" in section
    assert "HTTP 502" in section and "1.834 ms" in section and "10.003 ms" in section
    assert "timed out after 10 s" in section and "attempt 2" in section
    shown = re.search(r'<pre class="response-start">(.*?)</pre>', section, re.S).group(1)
    assert shown.startswith("&lt;html&gt;xxx") and shown.endswith("…") and "END" not in shown and len(shown) < 320
    assert "customer.created" in section and delivery.event.id in section
    assert f"/settings/webhooks/{endpoint.id}/resend/{delivery.event.id}" in section


def test_resend_makes_a_new_pending_delivery(client, owner, make_customer):
    endpoint, _ = make_endpoint(owner)
    make_customer()
    first = deliveries_of(endpoint)[0]
    with transaction():
        add_attempt(first, status=200)
        first.status, first.next_attempt_at = "delivered", None
    event = first.event
    response = client.post(f"/settings/webhooks/{endpoint.id}/resend/{event.id}", follow_redirects=True)
    assert f"Event {event.id} (customer.created) will be sent again in a moment." in flashes(text_of(response))
    first_again, new = deliveries_of(endpoint)
    assert (new.event_pk, new.status, new.attempts) == (event.pk, "pending", 0) and new.next_attempt_at is not None
    assert first_again.status == "delivered"
    deliveries = text_of(response).split('id="deliveries-heading"', 1)[1].split("</section>", 1)[0]
    assert deliveries.count(event.id) == 2 and "pending" in deliveries and "delivered" in deliveries
    with transaction():
        endpoints.update_endpoint(owner, endpoint.id, {"status": "disabled"})
    refused = client.post(f"/settings/webhooks/{endpoint.id}/resend/{event.id}", follow_redirects=True)
    assert "is disabled: enable it before resending an event to it. Nothing was changed." in " ".join(
        flashes(text_of(refused)))
    assert len(deliveries_of(endpoint)) == 2


def test_member_reads_without_forms_and_is_refused(client, actor, member_of, login, make_customer):
    endpoint, secret = make_endpoint(actor, description="Books")
    make_customer()
    with transaction():
        add_attempt(deliveries_of(endpoint)[0], status=200, body="thanks")
    member = member_of(actor.company)
    login(member.user.email)
    listing = text_of(client.get("/settings/webhooks"))
    assert URL in listing and "Only an admin can add or change webhook endpoints." in listing
    assert 'name="url"' not in listing and "Add endpoint" not in listing
    page = text_of(client.get(f"/settings/webhooks/{endpoint.id}"))
    assert "Books" in page and "HTTP 200" in page and "thanks" in page
    assert "Only an admin can change this endpoint or resend its events." in page
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    for absent in ("<form", "Save endpoint", "Resend", "Rotate", "Delete endpoint", "Disable"):
        assert absent not in main, absent
    assert secret_in(listing) is None and secret_in(page) is None and secret not in page
    refusal = "Not allowed: only an admin of this company may change its webhooks. Nothing was changed."
    response = client.post("/settings/webhooks", data={"url": URL + "/member", "scope": "all"}, follow_redirects=True)
    assert refusal in flashes(text_of(response)) and len(stored()) == 1
    response = client.post(f"/settings/webhooks/{endpoint.id}", data={"url": URL, "description": "Hacked", "scope": "all"},
                           follow_redirects=True)
    assert refusal in flashes(text_of(response))
    for path in ("rotate", "delete"):
        response = client.get(f"/settings/webhooks/{endpoint.id}/{path}", follow_redirects=True)
        assert refusal in flashes(text_of(response)), path
        response = client.post(f"/settings/webhooks/{endpoint.id}/{path}", follow_redirects=True)
        assert refusal in flashes(text_of(response)), path
    response = client.post(f"/settings/webhooks/{endpoint.id}/disable", follow_redirects=True)
    assert "Not allowed: Only an admin of this company may manage webhooks. Nothing was changed." in flashes(
        text_of(response))
    event = events_of(actor.company)[0]
    client.post(f"/settings/webhooks/{endpoint.id}/resend/{event.id}")
    db.session.refresh(endpoint)
    assert (endpoint.description, endpoint.status, endpoints.secret_of(endpoint)) == ("Books", "enabled", secret)
    assert len(stored()) == 1 and len(deliveries_of(endpoint)) == 1


def test_another_companys_endpoint_is_404(client, owner, make_account, make_customer):
    stranger = make_account(email="stranger@example.com", company="Elsewhere")
    theirs, secret = make_endpoint(stranger, url=URL + "/theirs")
    make_customer(who=stranger)
    mine, _ = make_endpoint(owner)
    make_customer()
    their_event = events_of(stranger.company)[0]
    for path in ("", "/rotate", "/delete"):
        assert client.get(f"/settings/webhooks/{theirs.id}{path}").status_code == 404, path
        assert client.post(f"/settings/webhooks/{theirs.id}{path}").status_code == 404, path
    for path in ("/enable", "/disable", f"/resend/{their_event.id}"):
        assert client.post(f"/settings/webhooks/{theirs.id}{path}").status_code == 404, path
    assert client.post(f"/settings/webhooks/{mine.id}/resend/{their_event.id}").status_code == 404
    assert client.get("/settings/webhooks/we_doesnotexist").status_code == 404
    db.session.refresh(theirs)
    assert (theirs.status, endpoints.secret_of(theirs)) == ("enabled", secret)
    assert len(deliveries_of(theirs)) == 1 and len(deliveries_of(mine)) == 1
    assert theirs.url not in text_of(client.get("/settings/webhooks"))


def test_every_event_type_has_one_box_in_its_group(app):
    with app.test_request_context():
        groups = event_groups()
    boxes = [found for _, types in groups for found in types]
    assert sorted(boxes) == sorted(EVENT_TYPES) and len(boxes) == len(set(boxes))
    named = {obj for _, objects in GROUPS for obj in objects}
    assert all(found.split(".")[0] in named for found in EVENT_TYPES)  # none falls back to the last group
