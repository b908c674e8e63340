"""Passwords and login: argon2id hashes; failed logins limited per account and per client
address (500 guesses lead to at most the configured number of password checks); ``next=``
after login only ever leads to a path of this site."""
from __future__ import annotations

import random
import re
from contextlib import contextmanager
from urllib.parse import urljoin, urlsplit

import pytest
from argon2 import PasswordHasher
from flask_limiter.util import get_remote_address  # noqa: F401  (the per-address key in use)

from app.services import accounts
from tests.security.helpers import client_of, other_app, release
from tests.support.data import PASSWORD

pytestmark = pytest.mark.commits

GUESSES = 500


def test_passwords_are_stored_as_argon2id(make_account):
    actor = make_account(email="hash@example.com")
    stored = actor.user.password_hash
    assert stored.startswith("$argon2id$v=19$")
    memory = int(re.search(r"m=(\d+)", stored).group(1))
    assert memory >= 19456  # OWASP's minimum for argon2id (19 MiB)
    assert PASSWORD not in stored
    assert PasswordHasher().verify(stored, PASSWORD)


def _spy(monkeypatch):
    calls = []
    real = accounts.authenticate

    def authenticate(email, password):
        calls.append(email)
        return real(email, password)
    monkeypatch.setattr(accounts, "authenticate", authenticate)
    return calls


def _limit_of(config) -> int:
    return int(config["LOGIN_RATE_LIMIT"].split()[0])


@contextmanager
def _limited(app, monkeypatch):
    """A second app limiting logins to 10 a minute: (its client, the password checks made)."""
    release()
    with other_app(app, RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="10 per minute") as limited:
        yield limited, client_of(limited), _spy(monkeypatch)


def _guess(client, email, address, password="wrong password"):
    return client.post("/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def test_guessing_one_account_from_many_addresses_is_limited(app, make_account, monkeypatch, figure):
    make_account(email="target@example.com")
    with _limited(app, monkeypatch) as (limited, client, calls):
        statuses = [_guess(client, "target@example.com", f"10.{n // 250}.{n % 250}.7").status_code
                    for n in range(GUESSES)]
        right = _guess(client, "target@example.com", "10.99.0.1", PASSWORD).status_code
    limit = _limit_of(limited.config)
    figure("login-limit-per-account", f"{GUESSES} wrong guesses at one account from {GUESSES} addresses: "
                                      f"{len(calls)} password checks (limit {limit} per minute), "
                                      f"{statuses.count(429)} answered 429")
    assert len(calls) <= limit
    assert statuses.count(429) >= GUESSES - limit
    assert right == 429  # the account stays locked for the window, even with the right password


def test_guessing_many_accounts_from_one_address_is_limited(app, make_account, monkeypatch, figure):
    make_account(email="someone@example.com")
    with _limited(app, monkeypatch) as (limited, client, calls):
        statuses = [_guess(client, f"user{n}@example.com", "203.0.113.9").status_code for n in range(GUESSES)]
        checks = len(calls)
        other = _guess(client, "someone@example.com", "198.51.100.4", PASSWORD).status_code
    limit = _limit_of(limited.config)
    figure("login-limit-per-address", f"{GUESSES} guesses at {GUESSES} accounts from one address: "
                                      f"{checks} password checks (limit {limit} per minute), "
                                      f"{statuses.count(429)} answered 429; another address still logs in")
    assert checks <= limit
    assert statuses.count(429) >= GUESSES - limit
    assert other == 302


NEXT_PAYLOADS = [
    "//evil.com", "///evil.com", "////evil.com", "//evil.com/%2F..", "/\\evil.com", "\\/evil.com",
    "\\\\evil.com", "/\\/evil.com", "\\/\\/evil.com", "https://evil.com", "http://evil.com", "HTTPS://evil.com",
    "http:evil.com", "https:/evil.com", "http:\\\\evil.com", "//localhost@evil.com", "https://localhost@evil.com",
    "http://localhost.evil.com", "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "%2F%2Fevil.com", "%2f%2fevil.com",
    "/%2F/evil.com", "/%2f%2fevil.com", "/%5Cevil.com", "/%5cevil.com", "%5C%5Cevil.com", "%252F%252Fevil.com",
    "/%252F/evil.com", "/\t/evil.com", "/\n/evil.com", "/\r/evil.com", "\t//evil.com", "\n//evil.com",
    " //evil.com", "/%09/evil.com", "/%0a/evil.com", "/%0d/evil.com", "/%00/evil.com", "\x00//evil.com",
    "evil.com", "@evil.com", "//evil%2Ecom", "//%65vil.com", "/ /evil.com", "//\u3002evil.com",
    "\uff0f\uff0fevil.com", "/\u2044evil.com", "//evil.com\\@localhost", "https:evil.com", "ftp://evil.com",
    "//127.0.0.1", "//[::1]", "/.//evil.com", "/..//evil.com",
]
SAFE_NEXT = ["/invoices?status=paid", "/customers", "/settings/developers"]


def _leaves_site(location: str) -> bool:
    """Whether a browser following ``location`` from http://localhost/login leaves the site
    (WHATWG URL parsing: tabs and newlines removed, backslashes read as slashes)."""
    cleaned = re.sub(r"[\t\n\r]", "", location).strip("\x00 \x1f")
    cleaned = cleaned.replace("\\", "/")
    target = urlsplit(urljoin("http://localhost/login", cleaned))
    return target.scheme not in ("http", "https") or target.hostname != "localhost"


def test_next_after_login_never_leaves_the_site(app, make_account, figure):
    make_account(email="next@example.com")
    release()
    away, redirects = [], 0
    for payload in NEXT_PAYLOADS:
        fresh = client_of(app)
        response = fresh.post("/login", query_string={"next": payload},
                              data={"email": "next@example.com", "password": PASSWORD})
        already = fresh.get("/login", query_string={"next": payload})  # logged in: redirects at once
        for result in (response, already):
            assert result.status_code == 302, (payload, result.status_code)
            redirects += 1
            if _leaves_site(result.headers["Location"]):
                away.append((payload, result.headers["Location"]))
    for path in SAFE_NEXT:
        response = client_of(app).post("/login", query_string={"next": path},
                                       data={"email": "next@example.com", "password": PASSWORD})
        assert response.headers["Location"] == path
    figure("safe-next", f"{len(NEXT_PAYLOADS)} hostile next= payloads, {redirects} redirects after login: "
                        f"{len(away)} away from the site; {len(SAFE_NEXT)} local paths kept")
    assert not away, away


def test_the_leave_detector_knows_hostile_locations():
    assert _leaves_site("//evil.com") and _leaves_site("/\\evil.com") and _leaves_site("javascript:x")
    assert _leaves_site("/\t/evil.com") and _leaves_site("https://evil.com")
    assert not _leaves_site("/invoices") and not _leaves_site("http://localhost/x")


def test_login_page_does_not_tell_which_part_was_wrong(app, make_account):
    make_account(email="known@example.com")
    release()
    known = client_of(app).post("/login", data={"email": "known@example.com", "password": "wrong password"})
    unknown = client_of(app).post("/login", data={"email": "nobody@example.com", "password": "wrong password"})
    assert known.status_code == unknown.status_code == 400
    strip = lambda text: text.replace("known@example.com", "").replace("nobody@example.com", "")  # noqa: E731
    assert strip(known.get_data(as_text=True)) == strip(unknown.get_data(as_text=True))


def test_an_email_holding_nul_is_a_failed_login_not_an_error(app, make_account):
    """Found by the form fuzz on PostgreSQL, which cannot compare text holding NUL."""
    make_account(email="known@example.com")
    release()
    for email in ("known@example.com\x00", "\x00", "kn\x00own@example.com"):
        response = client_of(app).post("/login", data={"email": email, "password": PASSWORD})
        assert response.status_code == 400, email
    assert accounts.find_user("known@example.com\x00") is None
    assert accounts.find_user("KNOWN@example.com").email == "known@example.com"


def test_random_spread_of_addresses_still_hits_the_account_limit(app, make_account, monkeypatch):
    make_account(email="spread@example.com")
    release()
    with other_app(app, RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="5 per minute") as limited:
        calls = _spy(monkeypatch)
        client = client_of(limited)
        rng = random.Random(7)
        for _ in range(60):
            email = rng.choice(["spread@example.com", "SPREAD@example.com", " spread@example.com "])
            _guess(client, email, f"192.0.2.{rng.randrange(1, 250)}")
    assert len(calls) <= 5  # case and spaces do not make a new account key


def test_registrations_are_limited_per_address(app, db, monkeypatch, figure):
    release()
    with other_app(app, RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="10 per minute") as limited:
        calls = []
        real = accounts.register

        def register(*args, **kwargs):
            calls.append(args[0])
            return real(*args, **kwargs)
        monkeypatch.setattr(accounts, "register", register)
        statuses = [client_of(limited).post("/register", environ_base={"REMOTE_ADDR": "203.0.113.50"},
                                data={"email": f"bulk{n}@example.com", "password": "bulk password 1",
                                      "company_name": f"Bulk {n}"}).status_code
                    for n in range(100)]
    figure("register-limit", f"100 registrations from one address: {len(calls)} reached the account service "
                             f"(limit {_limit_of(limited.config)} per minute), {statuses.count(429)} answered 429")
    assert len(calls) <= _limit_of(limited.config) and statuses.count(429) >= 90
