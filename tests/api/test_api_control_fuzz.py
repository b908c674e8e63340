"""Control characters in every text field of every API body: each POST operation's text fields
(read from the OpenAPI document: every string the character rule applies to, in the body and
in its lists' first entry) get, one at a time, a control character, a line break and a bidi
override inside an otherwise valid body. Each answer is the 400 naming that field, never a
server error, and afterwards no stored text holds a refused character."""
import copy
import json

import pytest

from app.api.openapi import spec
from app.invoices import lifecycle
from app.quotes import lifecycle as quote_lifecycle
from app.quotes import service as quotes
from app.services import bank_accounts, tax_rates, transaction
from app.webhooks import endpoints
from tests.support.data import SEED_ITEMS
from tests.support.reads import stored_refused_text

CONTROLS = ["Coa\x0bGmbH", "ok\x01\x1f\x7fok", "a\ufffeb"]
SINGLE_LINE = ["Jane\u2028Doe", "Jane\u202eeoD"]  # refused where the field is one line (its pattern says so)
ALIASES = {"zipcode": "postal_code", "email": "contact_email", "phone": "contact_phone"}
LISTS = {"items": [{"name": "Work", "quantity": 1, "unit_price": 10}],
         "line_items": [{"name": "Work", "quantity": 1, "unit_price": 10}],
         "lines": [{"description": "Fix", "unit_price": 1}], "reminder_steps": [{"days": 3}]}
RULE, ONE_LINE = "\\u000b", "\\u2028"  # every pattern of the rule names U+000B; a single line's U+2028


@pytest.fixture()
def ids(actor, make_customer, make_invoice, make_recurring):
    customer = make_customer(country="DE")
    draft, sent, paid = make_invoice(customer=customer), make_invoice(customer=customer), make_invoice(customer=customer)
    with transaction():
        for invoice in (sent, paid):
            lifecycle.send_invoice(actor, invoice.id, deliver=lambda *args: None)
        lifecycle.record_payment(actor, paid.id, {"amount": paid.total})
        quote = quotes.create_quote(actor, {"customer_id": customer.id, "expiry_date": "2099-05-15",
                                            "items": [dict(item) for item in SEED_ITEMS]})
        offered = quotes.create_quote(actor, {"customer_id": customer.id, "expiry_date": "2099-05-15",
                                              "items": [dict(item) for item in SEED_ITEMS]})
        quote_lifecycle.send_quote(actor, offered.id, lambda *args: None)
        rate = tax_rates.create_tax_rate(actor, {"name": "VAT", "percentage": 19})
        account = bank_accounts.create_bank_account(actor, {"label": "Main", "iban": "DE89370400440532013000",
                                                            "currency": "EUR"})
        endpoint, _ = endpoints.create_endpoint(actor, {"url": "https://93.184.216.34/hooks"})  # no DNS needed
    rec = make_recurring(actor, customer)
    return {"customer": customer.id, "draft": draft.id, "sent": sent.id, "paid": paid.id, "quote": quote.id,
            "offered": offered.id, "rate": rate.id, "recurring": rec.id, "account": account.id,
            "endpoint": endpoint.id}


def path_id(path: str, ids: dict) -> str:
    if "{id}" not in path:
        return path
    kind = path.split("/")[2]
    action = path.rsplit("/", 1)[-1]
    which = {"customers": "customer", "tax_rates": "rate", "recurring_invoices": "recurring", "bank_accounts": "account",
             "webhook_endpoints": "endpoint",
             "quotes": "offered" if action in ("accept", "decline") else "quote",
             "invoices": {"record_payment": "sent", "cancel": "sent", "refund": "paid"}.get(action, "draft")}[kind]
    return path.replace("{id}", ids[which])


def resolve(schema: dict, components: dict) -> dict:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def text_fields(schema: dict, components: dict) -> list[tuple[str, ...]]:
    """((field,) or (list, field), single line) for every string the character rule applies to."""
    found = []
    for name, prop in resolve(schema, components).get("properties", {}).items():
        if RULE in json.dumps(prop):
            found.append(((name,), ONE_LINE in json.dumps(prop)))
            continue
        for option in prop.get("anyOf", [prop]):
            if option.get("type") == "array" and "$ref" in option.get("items", {}):
                found += [((name, *inner), single) for inner, single in text_fields(option["items"], components)
                          if len(inner) == 1]
    return found


def operations():
    document = spec()
    components = document["components"]["schemas"]
    for path, item in document["paths"].items():
        body = item.get("post", {}).get("requestBody", {}).get("content", {}).get("application/json")
        if body:
            for field, single_line in text_fields(body["schema"], components):
                yield path, field, single_line, body.get("example") or {}


def test_control_characters_in_every_text_field_of_every_api_body(api, ids, figure):
    sent, fields, unexpected, failures = 0, 0, [], []
    for path, field, single_line, example in operations():
        fields += 1
        for value in CONTROLS + (SINGLE_LINE if single_line else []):
            body = copy.deepcopy(example)
            for key in ("customer_id", "invoice_id"):
                if key in body:
                    body[key] = ids["customer" if key == "customer_id" else "sent"]
            if "url" in body:  # a webhook endpoint's: an address that needs no DNS (the tests have none)
                body["url"] = "https://93.184.216.34/hooks"
            if len(field) == 1:
                body[field[0]] = value
                expected = field[0]
            else:
                body.pop({"line_items": "items", "items": "line_items", "lines": "amount"}.get(field[0], ""), None)
                entries = body.get(field[0]) or copy.deepcopy(LISTS[field[0]])
                body[field[0]] = [dict(entries[0], **{field[1]: value}), *entries[1:]]
                expected = field[1]
            response = api.post(path_id(path, ids), json=body)
            sent += 1
            if response.status_code >= 500:
                failures.append(f"POST {path} {field}={value!r} -> {response.status_code}")
                continue
            error = (response.get_json() or {}).get("error") or {}
            named = any(name in (error.get("param") or "") for name in (expected, ALIASES.get(expected, expected)))
            if response.status_code != 400 or not named:
                unexpected.append(f"POST {path} {field}={value!r} -> {response.status_code} {error}")
    stored = stored_refused_text()
    figure("api-control-characters", f"{sent} API requests with control characters, line breaks or bidi overrides "
                                     f"in each of {fields} text fields of every POST body: {len(failures)} server "
                                     f"errors, {sent - len(unexpected) - len(failures)} refused naming the field, "
                                     f"{len(stored)} stored")
    assert fields >= 60
    assert not failures, "\n".join(failures[:10])
    assert not unexpected, "\n".join(unexpected[:10])
    assert not stored, "\n".join(stored[:10])
