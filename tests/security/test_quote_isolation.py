"""Quotes are a company's own (DESIGN §12): another company's admin, member and API keys
cannot read, list, decide, convert or delete them, and nothing of the victim changes. The
client's page is reached by its token only, its decisions need a CSRF token and are rate
limited, and it sends no referrer."""
from __future__ import annotations

import pytest

from app.extensions import db
from app.models import Quote
from tests.security.helpers import client_of, csrf_on, csrf_token_of, logged_in, other_app, release
from tests.security.tenancy_world import build_world, diff, victim_rows

pytestmark = pytest.mark.commits


def test_another_company_cannot_reach_a_quote(app, make_account, figure):
    world = build_world(make_account)
    quote_id, own, attacker_email = world.ids["quo"], world.attacker.company.id, world.attacker.user.email
    before = victim_rows(world)  # ends the test's transaction: the requests below may write
    api, answers = client_of(app), []
    for raw in (world.admin_key_raw, world.member_key_raw):
        headers = {"Authorization": "Bearer " + raw}
        for company in (own, world.ids["com"]):
            query = {"company_id": company}
            answers.append(api.get(f"/v1/quotes/{quote_id}", query_string=query, headers=headers).status_code)
            for action, body in (("convert", {}), ("accept", {"accepted_by": "Mallory"}), ("decline", {}),
                                 ("cancel", {}), ("send", {})):
                answers.append(api.post(f"/v1/quotes/{quote_id}/{action}", query_string=query, headers=headers,
                                        json=body).status_code)
            answers.append(api.delete(f"/v1/quotes/{quote_id}", query_string=query, headers=headers).status_code)
            listed = api.get("/v1/quotes", query_string=query, headers=headers)
            assert quote_id not in listed.get_data(as_text=True)
    browser = logged_in(app, attacker_email)
    for path in (f"/quotes/{quote_id}", f"/quotes/{quote_id}/pdf", f"/quotes/{quote_id}/edit"):
        answers.append(browser.get(path).status_code)
    for action in ("convert", "cancel", "send", "accept", "decline", "delete"):
        answers.append(browser.post(f"/quotes/{quote_id}/{action}", data={"accepted_by": "Mallory"}).status_code)
    assert quote_id not in browser.get("/quotes").get_data(as_text=True)
    changes = diff(before, victim_rows(world))
    figure("quote-isolation", f"{len(answers)} requests at another company's quote by API key and session: "
                              f"statuses {sorted(set(answers))}, {len(changes)} victim rows changed")
    assert set(answers) == {404} and changes == []


def test_public_decisions_need_a_csrf_token_and_send_no_referrer(app, make_account):
    world = build_world(make_account)
    token = db.session.get(Quote, world.pks["quo"]).public_token
    release()
    with csrf_on(app):
        visitor = client_of(app)
        page = visitor.get(f"/q/{token}")
        assert page.headers["Referrer-Policy"] == "no-referrer"
        refused = visitor.post(f"/q/{token}/accept", data={"accepted_by": "No Token"})
        assert refused.status_code == 400 and "CSRF" in refused.get_data(as_text=True)
        good = visitor.post(f"/q/{token}/accept", data={"accepted_by": "With Token",
                                                         "csrf_token": csrf_token_of(visitor, f"/q/{token}")})
        assert good.status_code == 303
    assert db.session.get(Quote, world.pks["quo"]).accepted_by == "With Token"


def test_public_decisions_are_rate_limited(app, make_account, figure):
    world = build_world(make_account)
    token = db.session.get(Quote, world.pks["quo"]).public_token
    release()
    with other_app(app, RATELIMIT_ENABLED=True, PUBLIC_DECISION_RATE_LIMIT="5 per minute") as limited:
        visitor = client_of(limited)
        statuses = [visitor.post(f"/q/{token}/decline", data={"reason": "x" * 3000},
                                 environ_base={"REMOTE_ADDR": "198.51.100.4"}).status_code for _ in range(20)]
    figure("quote-decision-limit", f"20 decisions posted from one address in a minute (limit 5): "
                                   f"{statuses.count(429)} answered 429")
    assert statuses[:5] == [400] * 5 and statuses[5:] == [429] * 15
