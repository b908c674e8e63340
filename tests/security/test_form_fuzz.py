"""Fuzzing every HTML form: each POST route outside /v1 (from the URL map) gets
hypothesis-generated bodies — the fields its page shows plus common ones, any subset, with
hostile values — from a logged-in admin, CSRF off. No answer may be a server error.
(The JSON API is fuzzed by schemathesis in tests/api.) Then every text field of every form gets
control characters, one field at a time, in an otherwise valid post (the page's own values):
no server error, and afterwards no stored text holds a character the input rule refuses."""
from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.helpers import client_of, logged_in
from tests.security.routes import build_path, discover
from tests.security.tenancy_world import build_world
from tests.support.reads import stored_refused_text

EXAMPLES = 30
NAME = re.compile(r"""<(?:input|select|textarea|button)\b[^>]*\bname=["']([^"']+)["']""", re.I)
COMMON = ["customer_id", "company_id", "issue_date", "due_date", "currency", "tax_rate", "discount_type",
          "discount_value", "items-0-item_name", "items-0-quantity", "items-0-unit_price", "items-1-quantity",
          "items-999-unit_price", "row_action", "amount", "paid_at", "payment_method", "reason", "notes", "status",
          "name", "country", "email", "role", "password", "company_name", "invoice_prefix", "timezone", "locale",
          "confirm", "q", "page"]
HOSTILE = ["", " ", "0", "-1", "-0", "1e309", "1E-400", "NaN", "Infinity", "0.00001", "1" * 40, "99999999999999.99",
           "1000000000000.01", "2025-02-30", "0000-00-00", "9999-12-31", "31/12/2025", "<script>alert(1)</script>",
           "' OR 1=1 --", "\x00", "a\u0301", "\u202e", "😀" * 20, "inv_aaaaaaaaaaaa", "cus_", "../../etc/passwd",
           "admin", "member", "owner", "percentage", "fixed", "USD", "JPY", "BHD", "XXX", "usd", "add", "up-0",
           "down-0", "remove-0", "remove-999", "up--1", "down-x", "Europe/Paris", "Mars/Olympus", "en_US", "xx_YY",
           "in_review", "sent", "paid", "draft", "y", "true", "x" * 6000, "Coa\x0bGmbH", "a\x1c\x1d\x1eb", "\x01\x7f",
           "a\u2028b\u2029", "\ufffe\uffff", "Jane\u202eeoD\u2066", "a\x0cb\x85c", "a\r\nb"]
values = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40), st.integers(-10 ** 15, 10 ** 15).map(str),
                   st.decimals(allow_nan=False, allow_infinity=False, places=5).map(str))


def fields_of(client, path: str) -> list[str]:
    response = client.get(path)
    found = NAME.findall(response.get_data(as_text=True)) if response.status_code == 200 else []
    return sorted(set(found) - {"csrf_token"})


def test_form_posts_never_cause_a_server_error(app, make_account, figure):
    world = build_world(make_account)
    own_ids = dict(world.ids, token=world.public_token)
    client = logged_in(app, world.victim.user.email)
    routes = [r for r in discover(app)[0] if r.door != "api" and "POST" in r.methods
              and r.endpoint not in ("auth.logout",)]
    sent, failures = [], []
    for route in routes:
        path = build_path(route, own_ids, world.pks)
        # Login and registration are for visitors: a logged-in admin would only be redirected.
        poster = client_of(app) if route.endpoint in ("auth.login", "auth.register") else client
        names = sorted(set(fields_of(poster, path)) | set(COMMON))
        form = st.fixed_dictionaries({}, optional={name: values for name in names})

        @settings(max_examples=EXAMPLES, deadline=None, database=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
        @given(body=form)
        def post(body):
            try:
                response = poster.post(path, data=body)
                status = response.status_code
            except Exception as error:  # noqa: BLE001  (propagated: reported as a failure)
                status = f"{type(error).__name__}: {error}"
            sent.append(path)
            if not isinstance(status, int) or status >= 500:
                failures.append(f"POST {path} {body!r} -> {status}")
        post()
        if route.endpoint == "auth.switch_company" or client.get("/").status_code != 200:
            client = logged_in(app, world.victim.user.email)  # a post may end the session: log in again
    figure("form-fuzz", f"{len(sent)} hypothesis-generated posts over {len(routes)} HTML form routes "
                        f"(logged-in admin, CSRF off): {len(failures)} server errors")
    assert len(routes) >= 3
    assert not failures, "\n".join(failures[:10])


QUERY_NAMES = ["status", "q", "page", "customer", "customer_id", "next", "limit", "starting_after", "ending_before",
               "company_id", "sort", "from", "to", "year", "month"]


def test_page_queries_never_cause_a_server_error(app, make_account, figure):
    world = build_world(make_account)
    own_ids = dict(world.ids, token=world.public_token)
    client = logged_in(app, world.victim.user.email)
    routes = [r for r in discover(app)[0] if r.door == "html" and "GET" in r.methods and r.endpoint != "static"]
    sent, failures = [], []
    query = st.fixed_dictionaries({}, optional={name: values for name in QUERY_NAMES})
    for route in routes:
        path = build_path(route, own_ids, world.pks)

        @settings(max_examples=15, deadline=None, database=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
        @given(params=query)
        def get(params):
            try:
                status = client.get(path, query_string=params).status_code
            except Exception as error:  # noqa: BLE001
                status = f"{type(error).__name__}: {error}"
            sent.append(path)
            if not isinstance(status, int) or status >= 500:
                failures.append(f"GET {path} {params!r} -> {status}")
        get()
    figure("query-fuzz", f"{len(sent)} hypothesis-generated query strings over {len(routes)} HTML pages "
                         f"(logged-in admin): {len(failures)} server errors")
    assert not failures, "\n".join(failures[:10])


CONTROL_VALUES = ["Coa\x0bGmbH", "Jane\u2028Doe\x1c\u202e", "ok\x01\x1f\x7f\ufffe"]
TEXT_INPUT_TYPES = {"text", "email", "search", "tel", "url", None}


class FormValues(HTMLParser):
    """The values a page's form would post as shown: inputs, checked boxes, textareas, the
    selected (else first) option; and which of them are text fields."""

    def __init__(self):
        super().__init__()
        self.values, self.text_fields, self._select, self._textarea = {}, [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and name != "csrf_token":
            kind = attrs.get("type")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.values[name] = attrs.get("value") or "y"
            elif kind not in ("submit", "button", "file", "password"):
                self.values[name] = attrs.get("value") or ""
                if kind in TEXT_INPUT_TYPES:
                    self.text_fields.append(name)
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""
            self.text_fields.append(name)
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            if "selected" in attrs or self._select not in self.values:
                self.values[self._select] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data


def test_control_characters_in_every_text_field_of_every_form(app, make_account, figure):
    world = build_world(make_account)
    own_ids = dict(world.ids, token=world.public_token)
    client = logged_in(app, world.victim.user.email)
    routes = [r for r in discover(app)[0] if r.door != "api" and "POST" in r.methods
              and r.endpoint not in ("auth.logout", "auth.switch_company")]
    posts, fields, failures = 0, 0, []
    for route in routes:
        path = build_path(route, own_ids, world.pks)
        poster = client_of(app) if route.endpoint in ("auth.login", "auth.register") else client
        page = poster.get(path)
        if page.status_code != 200:
            continue
        form = FormValues()
        form.feed(page.get_data(as_text=True))
        for field in form.text_fields:
            fields += 1
            for value in CONTROL_VALUES:
                body = dict(form.values, **{field: value})
                try:
                    status = poster.post(path, data=body).status_code
                except Exception as error:  # noqa: BLE001  (reported as a failure)
                    status = f"{type(error).__name__}: {error}"
                posts += 1
                if not isinstance(status, int) or status >= 500:
                    failures.append(f"POST {path} {field}={value!r} -> {status}")
        if client.get("/").status_code != 200:
            client = logged_in(app, world.victim.user.email)
    stored = stored_refused_text()
    figure("form-control-characters", f"{posts} posts with control characters, line breaks or bidi overrides in "
                                      f"each of {fields} text fields of {len(routes)} HTML form routes: "
                                      f"{len(failures)} server errors, {len(stored)} stored")
    assert fields >= 40
    assert not failures, "\n".join(failures[:10])
    assert not stored, "\n".join(stored[:10])
