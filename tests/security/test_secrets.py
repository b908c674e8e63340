"""Secrets: API keys and public tokens carry at least 256 bits from ``secrets``; keys are
stored as hashes and compared in constant time; no key, password or token reaches the logs
— the app's own logs at DEBUG and the request log of a real HTTP server (werkzeug)."""
from __future__ import annotations

import hmac
import json
import logging
import re
import secrets
import string

import pytest

from app import ids
from app.security import redact
from app.services import accounts, transaction
from tests.security.helpers import ThreadedServer, database_rows, release
from tests.security.tenancy_world import build_world

pytestmark = pytest.mark.commits

URLSAFE = set(string.ascii_letters + string.digits + "-_")


def test_keys_and_tokens_have_256_bits(actor, monkeypatch, figure):
    sizes = []
    real = secrets.token_urlsafe

    def spy(nbytes=None):
        sizes.append(nbytes)
        return real(nbytes)
    monkeypatch.setattr(secrets, "token_urlsafe", spy)
    count = 500
    with transaction():
        raws = [accounts.create_api_key(actor.user, f"k{n}")[1] for n in range(count)]
    tokens = [ids.new_token() for _ in range(count)]
    suffixes = [raw[len(accounts.KEY_PREFIX):] for raw in raws]
    bits = min(len(s) * 6 for s in suffixes + tokens)  # base64url: 6 bits a character
    figure("secrets-entropy", f"{count} API keys and {count} public tokens: {len(sizes)} draws from "
                              f"secrets.token_urlsafe of {min(sizes)}+ bytes (≥ {min(sizes) * 8} bits), "
                              f"{len(set(raws)) + len(set(tokens))} distinct, shortest {bits} bits of text")
    assert min(sizes) >= 32 and len(sizes) == 2 * count
    assert len(set(suffixes)) == count and len(set(tokens)) == count
    assert all(set(s) <= URLSAFE and len(s) >= 43 for s in suffixes + tokens)


def test_keys_are_stored_hashed_and_compared_in_constant_time(actor, monkeypatch):
    with transaction():
        key, raw = accounts.create_api_key(actor.user, "hashed")
    dump = database_rows()
    assert not any(raw in value or raw[len(accounts.KEY_PREFIX):] in value
                   for rows in dump.values() for row in rows for value in row)
    compared = []
    real = hmac.compare_digest

    def spy(a, b):
        compared.append((a, b))
        return real(a, b)
    monkeypatch.setattr(hmac, "compare_digest", spy)
    assert accounts.find_api_key(raw).id == key.id
    assert compared and all(raw not in pair for pair in compared)
    assert accounts.find_api_key(raw[:-1] + ("A" if raw[-1] != "A" else "B")) is None


def test_no_secret_reaches_the_logs(app, make_account, caplog, figure):
    from http.cookiejar import CookieJar
    world = build_world(make_account)
    with transaction():
        from sqlalchemy import select

        from app.extensions import db
        from app.models import User
        victim_user = db.session.scalars(select(User).where(User.id == world.ids["usr"])).one()
        revoked, revoked_raw = accounts.create_api_key(victim_user, "revoked")
        accounts.revoke_api_key(victim_user, revoked.id)
    release()
    password, wrong = "a long secret passphrase 9", "a wrong secret passphrase 7"
    forged = "sk_live_" + secrets.token_urlsafe(32)
    company = world.ids["com"]
    key = {"Authorization": "Bearer " + world.victim_key_raw}
    caplog.set_level(logging.DEBUG)
    for quiet in ("sqlalchemy", "alembic", "urllib3", "weasyprint", "fontTools", "PIL"):
        logging.getLogger(quiet).setLevel(logging.WARNING)  # SQL echo is a debugging tool, off in production
    requests = 0
    with ThreadedServer(app) as server:
        jar = CookieJar()
        calls = [
            ("POST", "/register", {"email": "logs@example.com", "password": password, "company_name": "Logs Ltd",
                                   "name": "Logan"}, None),
            ("POST", "/logout", {}, None),
            ("POST", "/login", {"email": "logs@example.com", "password": wrong}, None),
            ("POST", "/login", {"email": "nobody@example.com", "password": wrong}, None),
            ("POST", "/login", {"email": "logs@example.com", "password": password}, None),
            ("GET", "/settings/developers", None, None),
            ("GET", f"/v1/customers?company_id={company}", None, key),
            ("POST", f"/v1/customers?company_id={company}", b'{"name": "Logged", "country": "US"}',
             dict(key, **{"Content-Type": "application/json"})),
            ("GET", f"/v1/customers?company_id={company}", None, {"Authorization": "Bearer " + forged}),
            ("GET", f"/v1/customers?company_id={company}", None, {"Authorization": "Bearer " + revoked_raw}),
            ("GET", f"/v1/customers?company_id={company}&api_key={world.victim_key_raw}", None, None),
            ("GET", f"/v1/invoices/{world.ids['inv']}?company_id={company}", None, key),
            ("GET", f"/i/{world.public_token}", None, None),
            ("GET", f"/i/{world.public_token}/pdf", None, None),
            ("GET", f"/i/{world.public_token}x", None, None),
            ("GET", f"/join/{world.ids['mbt']}", None, None),  # an invitation's link, logged out: to /login?next=
            ("GET", f"/login?next=%2Fjoin%2F{world.ids['mbt']}", None, None),
        ]
        statuses = []
        for method, path, data, headers in calls:
            statuses.append(server.call(method, path, data, headers, jar)[0])
            requests += 1
        # A webhook endpoint's signing secret, answered once at creation and once by a rotation.
        json_key = dict(key, **{"Content-Type": "application/json"})
        status, answer = server.call("POST", f"/v1/webhook_endpoints?company_id={company}",
                                     b'{"url": "https://93.184.216.34/hooks"}', json_key, jar)
        created = json.loads(answer)["data"]
        status, answer = server.call("POST", f"/v1/webhook_endpoints/{created['id']}/rotate_secret?company_id={company}",
                                     b"{}", json_key, jar)
        webhook_secrets = [created["secret"], json.loads(answer)["data"]["secret"]]
        requests += 2
    secrets_used = {"password": password, "wrong password": wrong, "API key": world.victim_key_raw,
                    "forged key": forged, "revoked key": revoked_raw, "public token": world.public_token,
                    "invitation token": world.ids["mbt"], "webhook secret": webhook_secrets[0],
                    "rotated webhook secret": webhook_secrets[1]}
    for cookie in jar:
        secrets_used[f"cookie {cookie.name}"] = cookie.value
    texts = [record.getMessage() for record in caplog.records] + [caplog.text]
    found = sorted({name for name, value in secrets_used.items() for text in texts if value in text})
    request_lines = [r for r in caplog.records if r.name == "werkzeug"]
    figure("secrets-in-logs", f"{requests} requests over HTTP (register, logout, wrong and right logins, API "
                              f"with good, forged, revoked and URL-pasted keys, public page and PDF, a webhook "
                              f"secret made and rotated): "
                              f"{len(caplog.records)} log records at DEBUG ({len(request_lines)} request lines), "
                              f"{len(secrets_used)} secrets searched, {len(found)} found")
    assert statuses[0] == 302 and statuses[4] == 302, statuses
    assert len(request_lines) >= len(calls)
    assert not found, found


def test_redaction_masks_keys_and_public_tokens():
    token = secrets.token_urlsafe(32)
    line = f'"GET /i/{token}/pdf?x=1 HTTP/1.1" 200 - key sk_live_{secrets.token_urlsafe(32)}'
    cleaned = redact(line)
    assert token not in cleaned and "sk_live_[redacted]" in cleaned and "/i/[redacted]/pdf" in cleaned
    assert re.search(r"GET /invoices/inv_[a-z0-9]{12}", redact("GET /invoices/inv_abcdefghijkl"))


def test_no_public_token_reaches_the_request_log(app, make_account, caplog, figure):
    """Every route of the URL map that carries a public token (/i/, /q/, /c/ and their PDFs and
    decisions), requested over HTTP with a real token: the request log never shows it."""
    from app.extensions import db
    from app.models import CreditNote, Quote

    world = build_world(make_account)
    tokens = {"/i/": world.public_token, "/q/": db.session.get(Quote, world.pks["quo"]).public_token,
              "/c/": db.session.get(CreditNote, world.pks["cn"]).public_token}
    release()
    routes = [rule for rule in app.url_map.iter_rules() if "<token>" in rule.rule]
    assert {rule.rule[:3] for rule in routes} == set(tokens)
    caplog.set_level(logging.INFO)
    with ThreadedServer(app) as server:
        for rule in routes:
            path = rule.rule.replace("<token>", tokens[rule.rule[:3]])
            method = "POST" if "POST" in rule.methods else "GET"
            server.call(method, path, {"reason": "no"} if method == "POST" else None)
    request_lines = [record.getMessage() for record in caplog.records if record.name == "werkzeug"]
    leaked = sorted({prefix for prefix, token in tokens.items() for text in [caplog.text, *request_lines]
                     if token in text})
    figure("tokens-in-logs", f"{len(routes)} public token routes requested over HTTP: {len(request_lines)} request "
                             f"lines, tokens of {len(leaked)} of {len(tokens)} kinds found")
    assert len(request_lines) >= len(routes)
    assert all("[redacted]" in line for line in request_lines)
    assert not leaked, leaked
