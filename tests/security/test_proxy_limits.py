"""Behind a reverse proxy (TRUSTED_PROXIES applies werkzeug's ProxyFix): each visitor is
known by the address the proxy forwards, and the public links' limits keep unknown tokens on
their own bucket, so guessing from the same address as a client never locks out a real link."""
from __future__ import annotations

import secrets

import pytest

from app import create_app
from app.extensions import db
from app.models import CreditNote, Quote
from tests.security.helpers import client_of, other_app, release
from tests.security.tenancy_world import build_world

pytestmark = pytest.mark.commits

PROXY = "10.0.0.1"  # every request reaches the app from the proxy


def _via(client, method, path, client_address, **kwargs):
    headers = {"X-Forwarded-For": client_address, "X-Forwarded-Proto": "https", "X-Forwarded-Host": "bills.example"}
    return client.open(path, method=method, headers=headers, environ_base={"REMOTE_ADDR": PROXY}, **kwargs)


def _wrong_login(client, n, address):
    return _via(client, "POST", "/login", address, data={"email": f"user{n}@example.com", "password": "wrong one"})


def test_trusted_proxies_tell_each_visitor_apart(app, db):
    release()
    with other_app(app, {"TRUSTED_PROXIES": "1"}, RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute") as proxied:
        client = client_of(proxied)
        first = [_wrong_login(client, n, "203.0.113.5").status_code for n in range(4)]
        second = _wrong_login(client, 9, "198.51.100.7")
        secure = _via(client, "GET", "/login", "198.51.100.8")
    assert first == [400, 400, 400, 429]  # 400: the password is not right
    assert second.status_code == 400  # another visitor behind the same proxy still logs in
    assert "max-age=" in secure.headers.get("Strict-Transport-Security", "")  # X-Forwarded-Proto: https


def test_without_trusted_proxies_forwarded_headers_are_ignored(app, db):
    release()
    with other_app(app, RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute") as direct:
        client = client_of(direct)
        statuses = [_wrong_login(client, n, f"203.0.113.{n}").status_code for n in range(4)]
        plain = _via(client, "GET", "/login", "198.51.100.8")
    assert statuses == [400, 400, 400, 429]  # a made-up X-Forwarded-For does not buy new tries
    assert "Strict-Transport-Security" not in plain.headers


@pytest.mark.parametrize("value", ["two", "-1", "1.5", "١"])
def test_a_bad_trusted_proxies_value_is_refused_at_start(app, monkeypatch, value):
    monkeypatch.setenv("TRUSTED_PROXIES", value)
    with pytest.raises(ValueError, match="TRUSTED_PROXIES must be a whole number"):
        create_app({"TESTING": True, "SECRET_KEY": "t", "INSTANCE_PATH": app.instance_path})


def _tokens(world):
    quote = db.session.get(Quote, world.pks["quo"])
    note = db.session.get(CreditNote, world.pks["cn"])
    return world.public_token, quote.public_token, note.public_token


def test_guessing_tokens_never_locks_out_a_real_link(app, make_account, figure):
    """The issue's probe: one address (a shared proxy without TRUSTED_PROXIES, or one NAT)
    for the guesser and the client, the default limits."""
    world = build_world(make_account)
    invoice, quote, note = _tokens(world)
    release()
    shared = "203.0.113.77"
    with other_app(app, {"TRUSTED_PROXIES": "1"}, RATELIMIT_ENABLED=True) as proxied:
        client = client_of(proxied)
        decisions = [_via(client, "POST", f"/q/{secrets.token_urlsafe(32)}/accept", shared,
                          data={"accepted_by": "Guess"}).status_code for _ in range(10)]
        guesses = [_via(client, "GET", f"/i/{secrets.token_urlsafe(32)}", shared).status_code for _ in range(125)]
        others = [_via(client, "GET", f"/{kind}/{secrets.token_urlsafe(32)}{tail}", shared).status_code
                  for kind, tail in (("c", ""), ("q", "/pdf"), ("i", "/pdf"))]
        real = {path: _via(client, "GET", path, shared).status_code
                for path in (f"/i/{invoice}", f"/i/{invoice}/pdf", f"/q/{quote}", f"/c/{note}", f"/c/{note}/pdf")}
        accepted = _via(client, "POST", f"/q/{quote}/accept", shared, data={"accepted_by": "Real Client"})
    figure("public-guessing", f"10 posts to random /q/<token>/accept and 125 requests for random /i/ tokens from "
                              f"the client's own address: {guesses.count(429) + others.count(429)} guesses answered "
                              f"429; the client's {len(real) + 1} real requests answered "
                              f"{sorted(set(real.values()) | {accepted.status_code})}")
    assert decisions == [404] * 10
    assert guesses[:110] == [404] * 110 and guesses[-5:] == [429] * 5  # misses have their own limit
    assert others == [429] * 3
    assert set(real.values()) == {200}, real
    assert accepted.status_code == 303
    assert db.session.get(Quote, world.pks["quo"]).accepted_by == "Real Client"


def test_a_real_link_is_limited_on_its_own_token(app, make_account):
    world = build_world(make_account)
    invoice, quote, note = _tokens(world)
    release()
    with other_app(app, {"TRUSTED_PROXIES": "1"}, RATELIMIT_ENABLED=True, PUBLIC_RATE_LIMIT="3 per minute",
                   PUBLIC_DECISION_RATE_LIMIT="2 per minute") as proxied:
        client = client_of(proxied)
        views = [_via(client, "GET", f"/c/{note}", f"198.51.100.{n}").status_code for n in range(4)]
        other_link = _via(client, "GET", f"/i/{invoice}", "198.51.100.0").status_code
        decisions = [_via(client, "POST", f"/q/{quote}/decline", f"192.0.2.{n}", data={"reason": "x" * 3000}
                          ).status_code for n in range(3)]
    assert views == [200, 200, 200, 429]  # from four addresses: the link's own budget
    assert other_link == 200
    assert decisions == [400, 400, 429]
