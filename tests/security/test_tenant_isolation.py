"""Tenant isolation, generated from the URL map: every HTML, API and public route that takes
an object id is called with the victim company's ids (customers, invoices, payments, refunds,
items, keys, users, tax rates, bank accounts, webhook endpoints, events, the company itself) by a
logged-in admin and member of another company and by their API keys; routes without ids get the
victim's ids in query strings and bodies.

Each request is paired with a control that uses an unknown id of the same kind. A request
fails the test when its response shows any victim data it was not given (read), when the
victim's rows — or rows pointing at them — change (write), or when its status differs from
the control's (the victim's objects must be indistinguishable from missing ones). A route
whose arguments cannot be mapped to a kind of object fails the test too, so a new route
is never silently left out."""
from __future__ import annotations

from dataclasses import replace

from app import document_types
from app.ids import new_id, new_token
from tests.security.helpers import client_of, logged_in, release
from tests.security.routes import Route, build_path, classify, discover
from tests.security.tenancy_world import build_world, diff, victim_rows

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def id_sets(world):
    """The victim's ids, and unknown ids of the same kinds (the control)."""
    fake = {kind: new_id(kind) for kind in world.ids if kind not in ("token", "eml", "mbt")}
    fake["token"] = new_id("inv")
    fake["mbt"] = new_token()
    fake["eml"] = "20250101T000000000000-" + new_id("inv") + ".eml"
    fake_pks = {kind: 10 ** 9 + n for n, kind in enumerate(world.pks)}
    return (world.ids, world.pks), (fake, fake_pks)


def queries(ids: dict) -> list[dict]:
    return [{"customer_id": ids["cus"], "customer": ids["cus"], "invoice_id": ids["inv"]},
            {"starting_after": ids["inv"]}, {"starting_after": ids["cus"]},
            {"ending_before": ids["inv"]}, {"ending_before": ids["cus"]}]


def form_bodies(ids: dict) -> list[dict]:
    return [
        {},
        {"notes": "probe", "payment_terms": "probe"},
        {"amount": "1", "reason": "probe", "paid_at": "2025-05-01", "payment_method": "cash"},
        {"name": "Probe", "country": "US", "email": "probe@example.org", "role": "member"},
        {"status": "in_review"},
        {"customer_id": ids["cus"], "company_id": ids["com"], "invoice_id": ids["inv"], "key_id": ids["key"],
         "user_id": ids["usr"], "payment_id": ids["pay"], "issue_date": "2025-04-15", "due_date": "2025-05-15",
         "items-0-item_name": "Probe", "items-0-quantity": "1", "items-0-unit_price": "1",
         "bank_account_id": ids["ba"]},
    ]


def json_bodies(ids: dict) -> list[dict]:
    return [
        {},
        {"notes": "probe"},
        {"amount": 1},
        {"reason": "probe"},
        {"name": "Probe", "country": "US"},
        {"status": "in_review"},
        {"customer_id": ids["cus"], "items": [{"name": "Probe", "quantity": 1, "unit_price": 1}],
         "bank_account_id": ids["ba"]},
    ]


def plan(route: Route, ids: dict, pks: dict, own_company: str) -> list[tuple]:
    """(method, path, query, body) for one set of ids."""
    path = build_path(route, ids, pks)
    calls = []
    companies = [own_company, ids["com"]] if route.door == "api" else [None]
    for company in companies:
        base = {"company_id": company} if company else {}
        for method in route.methods:
            if method in WRITE_METHODS:
                bodies = json_bodies(ids) if route.door == "api" else form_bodies(ids)
                calls += [(method, path, dict(base), body) for body in bodies]
            else:
                calls += [(method, path, {**base, **query}, None) for query in queries(ids)]
                calls.append((method, path, dict(base), None))
    return calls


def send(client, call, headers, as_json):
    method, path, query, body = call
    # buffered: a streamed answer (an export) is read whole and closed at once, as a server does.
    kwargs = {"method": method, "query_string": query, "headers": headers, "buffered": True}
    if body is not None:
        kwargs["json" if as_json else "data"] = body
    return client.open(path, **kwargs)


def leaked(response, call, markers) -> list[str]:
    asked = repr(call)
    shown = response.get_data().decode("utf-8", "replace") + " " + " ".join(
        f"{k}: {v}" for k, v in response.headers.items())
    return sorted(m for m in markers if m not in asked and m in shown)


def run_isolation(app, world) -> dict:
    routes, unknown = discover(app)
    assert not unknown, ("routes whose arguments the isolation test cannot map to a kind of object; "
                         "add them to NAME_HINTS/SEGMENT_KINDS: " + "; ".join(unknown))
    (victim_ids, victim_pks), (fake_ids, fake_pks) = id_sets(world)
    html_clients = [("admin session", logged_in(app, world.attacker.user.email)),
                    ("member session", logged_in(app, world.member.user.email))]
    api_client = client_of(app)
    key_headers = [("admin key", {"Authorization": "Bearer " + world.admin_key_raw}),
                   ("member key", {"Authorization": "Bearer " + world.member_key_raw})]
    own = world.attacker.company.id
    result = {"attempts": 0, "reads": [], "writes": [], "distinguishable": [], "routes": 0,
              "doors": {"html": 0, "api": 0, "public": 0}}
    # The victim uses the dashboard first, so that any cache (overview figures…) holds their data.
    victim_client = logged_in(app, world.victim.user.email)
    warm = [victim_client.get(path).status_code for path in ("/", "/invoices", "/customers")]
    assert warm[0] == 200, warm
    before = victim_rows(world)
    _assert_identities_work(app, html_clients, api_client, key_headers, own)
    for route in routes:
        if route.door == "api":
            identities = [(name, api_client, headers) for name, headers in key_headers]
        elif route.door == "public":
            identities = [("visitor", client_of(app), {})]
        else:
            identities = [(name, client, {}) for name, client in html_clients]
        result["routes"] += 1
        result["doors"][route.door] += 1
        for who, client, headers in identities:
            victim_calls = plan(route, victim_ids, victim_pks, own)
            control_calls = plan(route, fake_ids, fake_pks, own)
            for victim_call, control_call in zip(victim_calls, control_calls):
                response = send(client, victim_call, headers, route.door == "api")
                result["attempts"] += 1
                shown = leaked(response, victim_call, world.markers)
                if shown:
                    result["reads"].append(f"{who} {victim_call[0]} {victim_call[1]} {victim_call[2]} "
                                           f"{victim_call[3]} -> {response.status_code} shows {shown}")
                control = send(client, control_call, headers, route.door == "api")
                if control.status_code != response.status_code:
                    result["distinguishable"].append(
                        f"{who} {victim_call[0]} {route.rule} {victim_call[2]} {victim_call[3]}: victim id -> "
                        f"{response.status_code}, unknown id -> {control.status_code}")
        after = victim_rows(world)
        changes = diff(before, after)
        if changes:
            result["writes"].append(f"{route.rule} ({route.endpoint}): {changes[:5]}")
            before = after
    _assert_identities_work(app, html_clients, api_client, key_headers, own)
    return result


def _assert_identities_work(app, html_clients, api_client, key_headers, own):
    """Each attacker is really logged in / really authenticated (else every refusal
    above would prove nothing)."""
    for who, client in html_clients:
        assert client.get("/").status_code == 200, f"{who} is not logged in"
    if any(rule.rule == "/v1/customers" for rule in app.url_map.iter_rules()):
        for who, headers in key_headers:
            response = api_client.get("/v1/customers", query_string={"company_id": own}, headers=headers)
            assert response.status_code == 200, f"{who} is not accepted: {response.status_code}"


def test_no_route_reads_or_writes_another_company(app, make_account, figure):
    world = build_world(make_account)
    result = run_isolation(app, world)
    doors = result["doors"]
    figure("tenant-isolation",
           f"{result['attempts']} attempts over {result['routes']} routes ({doors['html']} HTML, {doors['api']} API, "
           f"{doors['public']} public) as an admin and a member, by session and by API key, each paired with an "
           f"unknown-id control: {len(result['reads'])} cross-company reads, {len(result['writes'])} writes, "
           f"{len(result['distinguishable'])} responses distinguishable from a missing object")
    assert result["attempts"] > 0
    assert not result["reads"], "\n".join(result["reads"][:20])
    assert not result["writes"], "\n".join(result["writes"][:20])
    assert not result["distinguishable"], "\n".join(result["distinguishable"][:20])


def test_the_detectors_fire_on_a_real_read_and_write(app, make_account):
    """The checks above can fail: the victim's own owner reading their invoice shows
    victim data, and a write to a victim row shows up in the snapshot difference."""
    world = build_world(make_account)
    owner = logged_in(app, world.victim.user.email)
    call = ("GET", "/v1/invoices/" + world.ids["inv"], {"company_id": world.ids["com"]}, None)
    response = send(client_of(app), call, {"Authorization": "Bearer " + world.victim_key_raw}, True)
    if response.status_code == 404:  # the API has not landed: read the overview as the owner
        call = ("GET", "/", {}, None)
        response = send(owner, call, {}, False)
    assert leaked(response, call, world.markers)
    before = victim_rows(world)
    from app.extensions import db
    from app.services import transaction
    with transaction():
        world.victim.company.vat_id = "changed"
        db.session.flush()
    assert diff(before, victim_rows(world))


def sweep_gaps(found, routes: list[Route], world_kinds) -> list[str]:
    """What keeps a document type out of the sweep: no object of it in the victim's world, or
    a door of it (dashboard, API, public page) with no route the sweep calls with its ids."""
    gaps = [] if found.id_prefix in world_kinds else [f"the victim's world has no {found.singular}"]
    doors = {"html": tuple(document_types.resolve(blueprint).name + "." for blueprint in found.dashboard.blueprints),
             "api": ("/v1" + found.api.path + "/",)}
    if found.public is not None:
        doors["public"] = (found.public.prefix,)
    for door, starts in doors.items():
        kind = "token" if door == "public" else found.id_prefix
        swept = [route for route in routes if route.door == door and any(arg[2] == kind for arg in route.args)
                 and (route.endpoint if door == "html" else route.rule).startswith(starts)]
        if not swept:
            gaps.append(f"no {door} route of {found.plural} is swept with its ids")
    return gaps


def test_the_sweep_covers_every_document_type(app, make_account):
    """Each registered document type (app/document_types.py) has an object in the victim's
    world and routes of each of its doors that the sweep calls with that object's ids; a type
    without them is named (the second half gives the check one)."""
    world = build_world(make_account)
    routes, unknown = discover(app)
    assert not unknown
    for found in document_types.all_types():
        assert sweep_gaps(found, routes, world.ids) == [], found.kind
    quote = document_types.get("quote")
    proforma = replace(quote, kind="proforma", id_prefix="pro", singular="proforma", plural="proformas",
                       api=replace(quote.api, path="/proformas"), public=replace(quote.public, prefix="/p/"))
    assert sweep_gaps(proforma, routes, world.ids) == [
        "the victim's world has no proforma", "no html route of proformas is swept with its ids",
        "no api route of proformas is swept with its ids", "no public route of proformas is swept with its ids"]


def test_every_id_argument_is_classified():
    assert classify("/invoices/<invoice_id>/pdf", "invoice_id") == "inv"
    assert classify("/v1/customers/<string:id>", "id") == "cus"
    assert classify("/settings/developers/<id>/revoke", "id") == "key"
    assert classify("/i/<token>", "token") == "token"
    assert classify("/v1/credit_notes/<credit_note_id>/pdf", "credit_note_id") == "cn"
    assert classify("/settings/outbox/<filename>", "filename") == "eml"
    assert classify("/quotes/<quote_id>/convert", "quote_id") == "quo"
    assert classify("/v1/quotes/<id>/accept", "id") == "quo"
    assert classify("/join/<invitation_token>", "invitation_token") == "mbt"
    assert classify("/invitations/<invitation_id>/accept", "invitation_id") == "mbi"
    assert classify("/v1/webhook_endpoints/<webhook_endpoint_id>/rotate_secret", "webhook_endpoint_id") == "we"
    assert classify("/v1/events/<event_id>", "event_id") == "evt"
    assert classify("/things/<id>", "id") is None


def test_an_idempotency_key_never_replays_another_tenants_response(app, make_account, figure):
    world = build_world(make_account)
    if not any(rule.rule == "/v1/customers" for rule in app.url_map.iter_rules()):
        return
    attacker_company = world.attacker.company.id
    release()
    api = client_of(app)
    body = {"name": "Shared Key Client", "country": "US"}
    first = api.post("/v1/customers", query_string={"company_id": world.ids["com"]}, json=body,
                     headers={"Authorization": "Bearer " + world.victim_key_raw, "Idempotency-Key": "shared-key-1"})
    victim_customer = first.get_json()["data"]["id"]
    attempts, replays = 0, 0
    for raw in (world.admin_key_raw, world.member_key_raw):
        for company in (attacker_company, world.ids["com"]):
            response = api.post("/v1/customers", query_string={"company_id": company}, json=body,
                                headers={"Authorization": "Bearer " + raw, "Idempotency-Key": "shared-key-1"})
            attempts += 1
            text = response.get_data(as_text=True)
            replays += victim_customer in text or response.headers.get("Idempotent-Replayed") == "true"
    figure("idempotency-isolation", f"{attempts} requests reusing another tenant's Idempotency-Key: {replays} replays")
    assert first.status_code == 201 and replays == 0


def test_the_deleted_record_is_swept_and_shows_only_its_own_company(app, make_account):
    """Invoices → Deleted takes no id, so the sweep above calls it with the victim's ids in its
    query string. The victim's deleted number is a marker, and it is on the victim's own page
    (so a leak would be seen there); the attacker's admin and member never see it."""
    from sqlalchemy import select

    from app.extensions import db
    from app.models import Invoice
    world = build_world(make_account)
    routes, _ = discover(app)
    assert any(route.rule == "/invoices/deleted" and route.methods == ["GET"] for route in routes)
    gone = db.session.scalar(select(Invoice.invoice_number).where(Invoice.company_pk == world.victim.company.pk,
                                                                  Invoice.deleted_at.is_not(None)))
    assert gone in world.markers
    owner = logged_in(app, world.victim.user.email)
    assert gone in owner.get("/invoices/deleted").get_data(as_text=True)
    call = ("GET", "/invoices/deleted", {"company_id": world.ids["com"], "invoice_id": world.ids["inv"]}, None)
    for email in (world.attacker.user.email, world.member.user.email):
        response = send(logged_in(app, email), call, {}, False)
        assert response.status_code == 200 and not leaked(response, call, world.markers)
