"""A real client of the API: /v1/openapi.json validates as OpenAPI, openapi-python-client
generates a Python package from it, and that package (its models, enums and parsers, over
httpx bound to the WSGI app) runs a whole flow: customers, invoices with and without a
discount (null discount_type once crashed such a client), every page through the cursor,
retrieve, send, payments in currencies with 2 and 0 decimals, a refusal, and the PDF."""
import importlib
import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from openapi_spec_validator import validate

from app.services import accounts, transaction

PACKAGE = "corebill_generated_client"
CONFIG = ("post_hooks: []\ncontent_type_overrides:\n  application/pdf: application/octet-stream\n"
          "  application/xml: application/octet-stream\n")


@pytest.fixture(scope="module")
def generated(app, tmp_path_factory):
    """The client package, generated once for this module from the served document."""
    folder = tmp_path_factory.mktemp("client")
    document = app.test_client().get("/v1/openapi.json").get_json()
    validate(document)
    (folder / "spec.json").write_text(json.dumps(document))
    (folder / "config.yml").write_text(CONFIG)
    command = [str(Path(sys.executable).parent / "openapi-python-client"), "generate", "--meta", "none",
               "--path", str(folder / "spec.json"), "--output-path", str(folder / PACKAGE),
               "--config", str(folder / "config.yml"), "--fail-on-warning"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    sys.path.insert(0, str(folder))
    try:
        yield lambda name: importlib.import_module(f"{PACKAGE}.{name}")
    finally:
        sys.path.remove(str(folder))
        for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
            del sys.modules[name]


def test_generated_client_runs_a_whole_flow(app, db, actor, generated):
    with transaction():
        _, key = accounts.create_api_key(actor.user, "generated client")
    company = actor.company.id
    models, api = generated("models"), generated("api.default")
    client = generated("client").AuthenticatedClient(
        base_url="http://corebill.test", token=key, raise_on_unexpected_status=True,
        httpx_args={"transport": httpx.WSGITransport(app=app)})
    for name in ("create_customer", "list_invoices", "create_invoice", "retrieve_invoice", "send_invoice",
                 "record_payment", "invoice_pdf"):
        importlib.import_module(f"{api.__name__}.{name}")

    made = [api.create_customer.sync(client=client, company_id=company, body=models.CustomerCreate(
        name=name, country=models.Country(country), email=f"billing@{name.lower()}.example",
        currency=models.Currency(currency))) for name, country, currency in
        (("Acme", "US", "USD"), ("Kaisha", "JP", "JPY"))]
    acme, kaisha = (response.data for response in made)
    assert isinstance(acme, models.Customer) and kaisha.currency == models.Currency.JPY

    created = []
    for number in range(12):
        discounted = number % 3 == 0
        body = models.InvoiceCreate(
            customer_id=(kaisha if number == 11 else acme).id, due_date="2099-01-01",
            discount_type=models.DiscountType.PERCENTAGE if discounted else None,
            discount_value=10 if discounted else None,
            items=[models.InvoiceItemInput(name="Design", quantity=2, unit_price=1500),
                   models.InvoiceItemInput(item_name="Hosting", unit_price=120.5)])
        response = api.create_invoice.sync_detailed(client=client, company_id=company, body=body,
                                                    idempotency_key=f"invoice-{number}")
        assert response.status_code == 201
        invoice = response.parsed.data
        assert invoice.discount_type == (models.DiscountType.PERCENTAGE if discounted else None)
        assert [type(item) for item in invoice.items] == [models.InvoiceItem] * 2
        assert invoice.items[1].item_name == "Hosting" and invoice.status == models.InvoiceStatus.DRAFT
        created.append(invoice)
    assert created[1].total == 3120.5 and created[0].total == 2808.45 and created[11].total == 3121

    seen, cursor = [], None
    while True:
        page = api.list_invoices.sync(client=client, company_id=company, limit=5,
                                      **({"starting_after": cursor} if cursor else {}))
        seen += [invoice.id for invoice in page.data]
        if not page.has_more:
            break
        cursor = page.data[-1].id
    assert seen == [invoice.id for invoice in reversed(created)]

    usd, jpy = created[0], created[11]
    assert api.retrieve_invoice.sync(usd.id, client=client, company_id=company).data.total == usd.total
    for invoice in (usd, jpy):
        sent = api.send_invoice.sync(invoice.id, client=client, company_id=company, body=models.EmptyInput())
        assert sent.data.status == models.InvoiceStatus.SENT
    partial = api.record_payment.sync(usd.id, client=client, company_id=company,
                                      body=models.PaymentInput(amount=1000.45, payment_method="card"))
    assert partial.data.status == models.InvoiceStatus.PARTIAL and partial.data.amount_due == 1808
    paid = api.record_payment.sync(usd.id, client=client, company_id=company, body=models.PaymentInput(amount=1808))
    assert paid.data.status == models.InvoiceStatus.PAID and [p.amount for p in paid.data.payments] == [1000.45, 1808]

    # JPY has no minor unit: a fraction of a yen is refused with the API's error object.
    client.raise_on_unexpected_status = False
    refused = api.record_payment.sync_detailed(jpy.id, client=client, company_id=company,
                                               body=models.PaymentInput(amount=0.5))
    assert refused.status_code == 400 and isinstance(refused.parsed, models.Error)
    assert refused.parsed.error.param == "amount" and refused.parsed.error.type_ == models.ErrorType.INVALID_REQUEST_ERROR
    yen = api.record_payment.sync(jpy.id, client=client, company_id=company, body=models.PaymentInput(amount=3121))
    assert yen.data.status == models.InvoiceStatus.PAID and yen.data.amount_due == 0

    document = api.invoice_pdf.sync_detailed(usd.id, client=client, company_id=company)
    assert document.status_code == 200 and document.content.startswith(b"%PDF")
