"""Forms and sessions: every POST form of the site (found in the URL map, outside the /v1 API)
refuses a request without a CSRF token, with a garbage token and with another session's
token, and nothing changes; the API is exempt because it authenticates by bearer key only
(a session cookie does not authenticate it). The session cookie is HttpOnly and
SameSite=Lax (Secure when APP_BASE_URL is https); a session is renewed at login and is
useless after logout."""
from __future__ import annotations

from http.cookies import SimpleCookie

import pytest

from app.services import accounts, transaction
from tests.security.helpers import changed_tables, client_of, csrf_on, csrf_token_of, database_rows, logged_in, other_app, release
from tests.security.routes import build_path, discover
from tests.security.tenancy_world import build_world

pytestmark = pytest.mark.commits

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
# Stripe's webhook is no form: Stripe signs each delivery, and a bad signature changes nothing
# (tests/online_payments/test_webhook.py: it needs no CSRF token, and refuses every bad signature).
WEBHOOKS = "/webhooks/"


def form_routes(app) -> list:
    routes, unknown = discover(app)
    assert not unknown, unknown
    return [r for r in routes if r.door != "api" and not r.rule.startswith(WEBHOOKS)
            and any(m in WRITE_METHODS for m in r.methods)]


def test_every_form_refuses_a_missing_or_bad_csrf_token(app, make_account, figure):
    world = build_world(make_account)
    owner = world.victim  # acts on its own objects, so a request that got through would change them
    body = {"name": "Changed", "country": "US", "amount": "1", "reason": "csrf", "notes": "csrf",
            "company_id": owner.company.id, "email": "new@example.org", "password": "another password 1",
            "company_name": "Other", "role": "member", "status": "in_review"}
    with csrf_on(app):
        client = logged_in(app, owner.user.email)
        foreign_token = csrf_token_of(client_of(app))  # valid, but for another session
        before = database_rows()
        attempts, refused, passed = 0, 0, []
        routes = form_routes(app)
        for route in routes:
            path = build_path(route, world.ids, world.pks).replace(world.ids["token"], world.public_token)
            for method in (m for m in route.methods if m in WRITE_METHODS):
                for label, token in (("missing", None), ("garbage", "not-a-token"), ("foreign", foreign_token)):
                    data = dict(body)
                    if token is not None:
                        data["csrf_token"] = token
                    response = client.open(path, method=method, data=data)
                    attempts += 1
                    text = response.get_data(as_text=True)
                    if response.status_code == 400 and "CSRF" in text:
                        refused += 1
                    else:
                        passed.append(f"{method} {path} ({label} token) -> {response.status_code}")
        after = database_rows()
        # The same client with a real token does get through (the check above can fail).
        control = client.post("/switch-company", data={"company_id": world.ids["com"],
                                                       "csrf_token": csrf_token_of(client, "/settings")})
    figure("csrf", f"{len(routes)} form routes, {attempts} POSTs without, with a garbage or with another "
                   f"session's CSRF token: {refused} refused, {len(passed)} accepted; "
                   f"{len(changed_tables(before, after))} tables changed")
    assert len(routes) >= 3
    assert not passed, "\n".join(passed)
    assert changed_tables(before, after) == []
    assert control.status_code == 302


def test_the_api_is_csrf_exempt_but_never_authenticated_by_a_session(app, make_account, figure):
    world = build_world(make_account)
    with csrf_on(app):
        browser = logged_in(app, world.victim.user.email)
        api_routes = [r for r in discover(app)[0] if r.door == "api"
                      and any(m in WRITE_METHODS for m in r.methods)]
        unauthenticated = 0
        for route in api_routes:
            path = build_path(route, world.ids, world.pks)
            for method in (m for m in route.methods if m in WRITE_METHODS):
                response = browser.open(path, method=method, query_string={"company_id": world.ids["com"]},
                                        json={"name": "Via cookie", "country": "US"})
                unauthenticated += response.status_code == 401
        keyed = client_of(app).post("/v1/customers", query_string={"company_id": world.ids["com"]},
                                       json={"name": "Via key", "country": "US"},
                                       headers={"Authorization": "Bearer " + world.victim_key_raw})
    figure("api-csrf-exemption", f"{len(api_routes)} API write routes called with a logged-in session "
                                 f"cookie and no key: {unauthenticated} answered 401; with a key and no "
                                 f"CSRF token: {keyed.status_code}")
    if api_routes:
        assert unauthenticated == sum(len([m for m in r.methods if m in WRITE_METHODS]) for r in api_routes)
        assert keyed.status_code == 201


def _set_cookie(response, name="session"):
    for header in response.headers.getlist("Set-Cookie"):
        cookie = SimpleCookie()
        cookie.load(header)
        if name in cookie:
            return header, cookie[name]
    return None, None


def test_session_cookie_flags(app, make_account):
    make_account(email="flags@example.com")
    release()
    response = client_of(app).post("/login", data={"email": "flags@example.com", "password": "correct horse battery"})
    header, morsel = _set_cookie(response)
    assert morsel is not None
    assert morsel["httponly"] and morsel["samesite"] == "Lax"
    assert not morsel["secure"]  # APP_BASE_URL is http in the tests
    release()
    with other_app(app, {"APP_BASE_URL": "https://billing.example.com"}) as https_app:
        assert https_app.config["SESSION_COOKIE_SECURE"] is True
        response = client_of(https_app).post("/login", base_url="https://billing.example.com",
                                                data={"email": "flags@example.com", "password": "correct horse battery"})
        _, morsel = _set_cookie(response)
        assert morsel is not None and morsel["secure"] and morsel["httponly"] and morsel["samesite"] == "Lax"


def test_session_is_renewed_at_login_and_dead_after_logout(app, make_account, figure):
    actor = make_account(email="renew@example.com")
    email, company_id = actor.user.email, actor.company.id
    release()
    with csrf_on(app):
        client = client_of(app)
        token_before = csrf_token_of(client, "/login")
        with client.session_transaction() as planted:
            planted["company_id"] = "com_planted00000"
            planted["planted"] = "by an attacker"
        anonymous_cookie = client.get_cookie("session").value
        response = client.post("/login", data={"email": email, "password": "correct horse battery",
                                               "csrf_token": token_before})
        assert response.status_code == 302
        with client.session_transaction() as fresh:
            assert "planted" not in fresh and fresh.get("company_id") == company_id
        logged_in_cookie = client.get_cookie("session").value
        assert logged_in_cookie != anonymous_cookie
        assert csrf_token_of(client, "/settings") != token_before  # a new CSRF secret with the new session

        # The cookie captured before login stays anonymous.
        old = client_of(app)
        old.set_cookie("session", anonymous_cookie)
        assert old.get("/").status_code == 302

        # A cookie captured while logged in works until logout, then never again.
        thief = client_of(app)
        thief.set_cookie("session", logged_in_cookie)
        assert thief.get("/").status_code == 200
        assert client.post("/logout", data={"csrf_token": csrf_token_of(client, "/settings")}).status_code == 302
        replays = [thief.get(path).status_code for path in ("/", "/invoices", "/customers", "/settings")]
    figure("sessions", f"pre-login cookie replayed after login: anonymous; logged-in cookie replayed "
                       f"{len(replays)} times after logout: {sum(s == 200 for s in replays)} accepted")
    assert all(status == 302 for status in replays), replays


def test_logout_everywhere_rotates_the_session_token(app, make_account):
    actor = make_account(email="rotate@example.com")
    client = logged_in(app, actor.user.email)
    first = actor.user.session_token
    with transaction():
        accounts.end_sessions(actor.user)
    assert actor.user.session_token != first
    assert client.get("/").status_code == 302
