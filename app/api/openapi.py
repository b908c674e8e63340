"""``GET /v1/openapi.json`` (OpenAPI 3.1), no authentication.

Nothing here is a hand-written schema: every request body, query parameter, response object
and the error object is a model of :mod:`app.schemas`, turned into JSON Schema by pydantic.
The operations are the table below; each view's body and query models are the ones its
``@endpoint`` checks requests against (so the document and the checks cannot disagree)."""
from __future__ import annotations

from functools import cache

from flask import jsonify
from pydantic import BaseModel, TypeAdapter, create_model
from pydantic.json_schema import GenerateJsonSchema, models_json_schema

from app.api import company, customers, einvoices, tax_rates
from app.api.blueprint import bp
from app.credit_notes import api as credit_notes
from app.credit_notes.schemas import CreditNote
from app.invoices import api as invoices
from app.invoices import api_pdf as pdf
from app.invoices.schemas import Invoice
from app.money import QUANTITY_PLACES
from app.quotes import api as quotes
from app.quotes.schemas import Quote
from app.recurring import api as recurring
from app.recurring.schemas import RecurringInvoice
from app.schemas.common import CompanyParams, Deleted, Error, IdempotencyHeaders, Output, PathParams
from app.schemas.company import Company
from app.schemas.customers import Customer
from app.schemas.tax_rates import TaxRate

REF = "#/components/schemas/{model}"
ERROR_STATUSES = {
    400: "Malformed or invalid input (unknown fields are named); an Idempotency-Key reused with another request.",
    401: "Missing, unknown or revoked API key.",
    403: "The key's role in the company is too low (deletes need admin).",
    404: "No such object, or a company the key's user does not belong to.",
    409: "The action is not allowed in the object's current status, or the invoice lacks what the e-invoice "
         "format needs (the message names it).",
    413: "The request body is larger than 5 MiB.",
    429: "Rate limited: retry after the Retry-After seconds.",
    502: "The mail server did not accept the message.",
    503: "The PDF could not be rendered in time; retry.",
}
ALWAYS = (400, 401, 404, 429)


def wrapped(model: type[BaseModel], *, page: bool = False) -> type[BaseModel]:
    """``{"data": <model>}``, or a page ``{"data": [<model>…], "has_more": …}``."""
    if page:
        return create_model(f"{model.__name__}Page", __base__=Output, data=(list[model], ...), has_more=(bool, ...))
    return create_model(f"{model.__name__}Response", __base__=Output, data=(model, ...))


CUSTOMER, INVOICE, DELETED, COMPANY = wrapped(Customer), wrapped(Invoice), wrapped(Deleted), wrapped(Company)
TAX_RATE = wrapped(TaxRate)
RECURRING = wrapped(RecurringInvoice)
QUOTE = wrapped(Quote)
CREDIT_NOTE = wrapped(CreditNote)
PDF = "application/pdf"
XML = einvoices.XML
FILES = (PDF, XML)

# (method, path, view, operationId, summary, success status, response model or PDF, more error statuses)
OPERATIONS = [
    ("get", "/v1/company", company.retrieve_company, "retrieveCompany",
     "The company's profile (as Settings shows it).", 200, COMPANY, ()),
    ("post", "/v1/company", company.update_company, "updateCompany",
     "Update the given fields of the company's profile (admin only).", 200, COMPANY, (403,)),
    ("get", "/v1/customers", customers.list_customers, "listCustomers", "List customers, newest first.",
     200, wrapped(Customer, page=True), ()),
    ("post", "/v1/customers", customers.create_customer, "createCustomer", "Create a customer.", 201, CUSTOMER, ()),
    ("get", "/v1/customers/{id}", customers.retrieve_customer, "retrieveCustomer", "Retrieve a customer.",
     200, CUSTOMER, ()),
    ("post", "/v1/customers/{id}", customers.update_customer, "updateCustomer",
     "Update the given fields of a customer.", 200, CUSTOMER, ()),
    ("delete", "/v1/customers/{id}", customers.delete_customer, "deleteCustomer",
     "Delete a customer (soft; admin only); it is 404 afterwards.", 200, DELETED, (403,)),
    ("get", "/v1/invoices", invoices.list_invoices, "listInvoices", "List invoices, newest first.",
     200, wrapped(Invoice, page=True), ()),
    ("post", "/v1/invoices", invoices.create_invoice, "createInvoice", "Create a draft invoice; totals are computed.",
     201, INVOICE, ()),
    ("get", "/v1/invoices/{id}", invoices.retrieve_invoice, "retrieveInvoice", "Retrieve an invoice.",
     200, INVOICE, ()),
    ("post", "/v1/invoices/{id}", invoices.update_invoice, "updateInvoice",
     "Update an invoice (see editing restrictions).", 200, INVOICE, (409,)),
    ("delete", "/v1/invoices/{id}", invoices.delete_invoice, "deleteInvoice",
     "Delete an invoice (soft; admin only; not when paid); it is 404 afterwards.", 200, DELETED, (403, 409)),
    ("post", "/v1/invoices/{id}/send", invoices.send_invoice, "sendInvoice",
     "Email the invoice to its customer (a draft becomes sent; later sends remind).", 200, INVOICE, (409, 502)),
    ("post", "/v1/invoices/{id}/record_payment", invoices.record_payment, "recordPayment",
     "Record a payment (partial or paid).", 200, INVOICE, (409,)),
    ("post", "/v1/invoices/{id}/cancel", invoices.cancel_invoice, "cancelInvoice", "Cancel the invoice.",
     200, INVOICE, (409,)),
    ("post", "/v1/invoices/{id}/refund", invoices.refund_invoice, "refundInvoice", "Refund paid money.",
     200, INVOICE, (409,)),
    ("get", "/v1/invoices/{id}/pdf", pdf.download_invoice_pdf, "invoicePdf", "The invoice as a PDF document.",
     200, PDF, (503,)),
    ("get", "/v1/invoices/{id}/einvoice", einvoices.download_invoice_einvoice, "invoiceEinvoice",
     "The invoice as an e-invoice XML (Factur-X CII, XRechnung or UBL); 409 names what the format needs and "
     "the invoice lacks.", 200, XML, (409,)),
    ("get", "/v1/tax_rates", tax_rates.list_tax_rates, "listTaxRates", "List tax rates, newest first (archived ones too).",
     200, wrapped(TaxRate, page=True), ()),
    ("post", "/v1/tax_rates", tax_rates.create_tax_rate, "createTaxRate", "Create a tax rate (admin only).",
     201, TAX_RATE, (403,)),
    ("get", "/v1/tax_rates/{id}", tax_rates.retrieve_tax_rate, "retrieveTaxRate", "Retrieve a tax rate.",
     200, TAX_RATE, ()),
    ("post", "/v1/tax_rates/{id}", tax_rates.update_tax_rate, "updateTaxRate",
     "Update a tax rate (admin only); active false archives it, true restores it. Invoices keep their copies.",
     200, TAX_RATE, (403,)),
    ("get", "/v1/recurring_invoices", recurring.list_recurring, "listRecurringInvoices",
     "List recurring invoices, newest first.", 200, wrapped(RecurringInvoice, page=True), ()),
    ("post", "/v1/recurring_invoices", recurring.create_recurring, "createRecurringInvoice",
     "Create an active recurring invoice; the tick issues one invoice per period.", 201, RECURRING, ()),
    ("get", "/v1/recurring_invoices/{id}", recurring.retrieve_recurring, "retrieveRecurringInvoice",
     "Retrieve a recurring invoice.", 200, RECURRING, ()),
    ("post", "/v1/recurring_invoices/{id}", recurring.update_recurring, "updateRecurringInvoice",
     "Update what the next invoices will be (the schedule is fixed once one is issued).", 200, RECURRING, (409,)),
    ("delete", "/v1/recurring_invoices/{id}", recurring.delete_recurring, "deleteRecurringInvoice",
     "Delete a recurring invoice that has issued nothing (otherwise cancel it).", 200, DELETED, (409,)),
    ("post", "/v1/recurring_invoices/{id}/pause", recurring.pause_recurring, "pauseRecurringInvoice",
     "Pause: nothing is issued until it is resumed.", 200, RECURRING, (409,)),
    ("post", "/v1/recurring_invoices/{id}/resume", recurring.resume_recurring, "resumeRecurringInvoice",
     "Resume from the first period starting today or later (the pause's periods are not issued).",
     200, RECURRING, (409,)),
    ("post", "/v1/recurring_invoices/{id}/cancel", recurring.cancel_recurring, "cancelRecurringInvoice",
     "Cancel for good: nothing more is issued.", 200, RECURRING, (409,)),
    ("get", "/v1/quotes", quotes.list_quotes, "listQuotes", "List quotes, newest first.",
     200, wrapped(Quote, page=True), ()),
    ("post", "/v1/quotes", quotes.create_quote, "createQuote", "Create a draft quote; totals are computed.",
     201, QUOTE, ()),
    ("get", "/v1/quotes/{id}", quotes.retrieve_quote, "retrieveQuote", "Retrieve a quote.", 200, QUOTE, ()),
    ("post", "/v1/quotes/{id}", quotes.update_quote, "updateQuote",
     "Update a quote (a draft fully; afterwards only notes and terms).", 200, QUOTE, (409,)),
    ("delete", "/v1/quotes/{id}", quotes.delete_quote, "deleteQuote",
     "Delete a quote (soft; admin only; not once converted); it is 404 afterwards.", 200, DELETED, (403, 409)),
    ("post", "/v1/quotes/{id}/send", quotes.send_quote, "sendQuote",
     "Email the quote with its PDF and public link (a draft becomes sent; later sends remind).",
     200, QUOTE, (409, 502)),
    ("post", "/v1/quotes/{id}/accept", quotes.accept_quote, "acceptQuote",
     "Record an acceptance that came by other means (sent, viewed or expired quotes).", 200, QUOTE, (409,)),
    ("post", "/v1/quotes/{id}/decline", quotes.decline_quote, "declineQuote",
     "Record that the client declined (sent, viewed or expired quotes).", 200, QUOTE, (409,)),
    ("post", "/v1/quotes/{id}/cancel", quotes.cancel_quote, "cancelQuote", "Cancel the quote.", 200, QUOTE, (409,)),
    ("post", "/v1/quotes/{id}/convert", quotes.convert_quote, "convertQuote",
     "Convert the quote into a draft invoice (once; from accepted, sent, viewed or expired).",
     201, INVOICE, (409,)),
    ("get", "/v1/quotes/{id}/pdf", quotes.download_quote_pdf, "quotePdf", "The quote as a PDF document.",
     200, PDF, (503,)),
    ("get", "/v1/credit_notes", credit_notes.list_credit_notes, "listCreditNotes",
     "List credit notes, newest first.", 200, wrapped(CreditNote, page=True), ()),
    ("post", "/v1/credit_notes", credit_notes.create_credit_note, "createCreditNote",
     "Issue an adjustment credit note on a sent invoice (by amount or by lines; at most its amount_due).",
     201, CREDIT_NOTE, (409,)),
    ("get", "/v1/credit_notes/{id}", credit_notes.retrieve_credit_note, "retrieveCreditNote",
     "Retrieve a credit note.", 200, CREDIT_NOTE, ()),
    ("get", "/v1/credit_notes/{id}/pdf", credit_notes.credit_note_pdf_download, "creditNotePdf",
     "The credit note as a PDF document.", 200, PDF, (503,)),
    ("post", "/v1/credit_notes/{id}/send", credit_notes.send_credit_note, "sendCreditNote",
     "Email the credit note (PDF and public link) to the invoice's customer.", 200, CREDIT_NOTE, (502,)),
    ("get", "/v1/credit_notes/{id}/einvoice", einvoices.download_credit_note_einvoice, "creditNoteEinvoice",
     "The credit note as an e-invoice XML (type 381, naming the invoice it corrects; Factur-X CII, XRechnung "
     "or UBL); 409 names what the format needs and the credit note lacks.", 200, XML, (409,)),
]

EXAMPLES = {
    "CustomerCreate": {"name": "Acme Corp", "country": "US", "email": "billing@acme.com", "city": "New York",
                       "currency": "USD", "legal_name": "Acme Corporation Inc.", "legal_vat": "US123456789"},
    "CustomerUpdate": {"email": "new-billing@acme.com", "status": "active"},
    "CompanyUpdate": {"legal_name": "Acme Studio GmbH", "address_line1": "Hauptstraße 1", "postal_code": "10115",
                      "city": "Berlin", "country": "DE", "vat_id": "DE136695976",
                      "reminder_steps": [{"days": -3, "subject": None, "message": None}]},
    "InvoiceCreate": {
        "customer_id": "cus_a1b2c3d4e5f6", "issue_date": "2025-04-15", "due_date": "2025-05-15", "currency": "USD",
        "notes": "Thank you for your business", "payment_terms": "Net 30", "tax_rate": 16,
        "discount_type": "percentage", "discount_value": 10,
        "items": [{"name": "Web Development", "description": "Full-stack web application development",
                   "quantity": 40, "unit": "hour", "unit_price": 150},
                  {"name": "UI/UX Design", "description": "User interface and experience design",
                   "quantity": 20, "unit": "hour", "unit_price": 120}]},
    "TaxRateCreate": {"name": "VAT", "percentage": 19, "category": "S"},
    "TaxRateUpdate": {"active": False},
    "RecurringCreate": {
        "customer_id": "cus_a1b2c3d4e5f6", "interval": "month", "interval_count": 1, "start_date": "2025-01-31",
        "count": 12, "due_days": 14, "auto_send": True, "tax_rate": 19, "payment_terms": "Net 14",
        "items": [{"name": "Hosting", "quantity": 1, "unit": "month", "unit_price": 49}]},
    "PaymentInput": {"amount": 2000, "payment_method": "bank_transfer", "transaction_id": "TXN-12345"},
    "CancelInput": {"cancellation_reason": "Duplicate invoice"},
    "QuoteCreate": {
        "customer_id": "cus_a1b2c3d4e5f6", "issue_date": "2025-04-15", "expiry_date": "2025-05-15",
        "terms": "Prices valid for 30 days; 50% due on acceptance.", "tax_rate": 16,
        "items": [{"name": "Web Development", "quantity": 40, "unit": "hour", "unit_price": 150}]},
    "QuoteAcceptInput": {"accepted_by": "Jane Doe (signed by email)"},
    "QuoteDeclineInput": {"reason": "Over our budget"},
    "RefundInput": {"amount": 1500, "reason": "Partial refund", "payment_method": "bank_transfer"},
    "CreditNoteCreate": {"invoice_id": "inv_a1b2c3d4e5f6", "amount": 116, "reason": "Two hours billed twice"},
}


class Schema(GenerateJsonSchema):
    """Pydantic's JSON Schema without its generated titles and ``default: null`` noise."""

    def field_title_should_be_set(self, schema) -> bool:
        return False

    def generate(self, schema, mode="validation"):
        return _tidy(super().generate(schema, mode))

    def generate_definitions(self, inputs):
        mapping, definitions = super().generate_definitions(inputs)
        return mapping, _tidy(definitions)


def _tidy(node):
    if isinstance(node, dict):
        return {key: _tidy(value) for key, value in node.items()
                if not (key == "title" and isinstance(value, str)) and not (key == "default" and value is None)}
    if isinstance(node, list):
        return [_tidy(value) for value in node]
    return node


def _parameters(model: type[BaseModel], where: str, definitions: dict) -> list[dict]:
    """One parameter per field of ``model``; the enums they name join ``definitions``."""
    schema = model.model_json_schema(ref_template=REF, schema_generator=Schema)
    definitions.update(schema.get("$defs", {}))
    required = set(schema.get("required", ()))
    parameters = []
    for name, prop in schema["properties"].items():
        prop = dict(prop)
        description = prop.pop("description", None)
        parameters.append({"name": name, "in": where, "required": name in required or where == "path",
                           **({"description": description} if description else {}), "schema": prop})
    return parameters


def _errors(*statuses: int) -> dict:
    return {str(status): {"$ref": f"#/components/responses/Error{status}"} for status in statuses}


def _operation(definitions, method, view, op_id, summary, status, response, more_errors) -> dict:
    body, query = getattr(view, "body_model", None), getattr(view, "query_model", None)
    parameters = _parameters(CompanyParams, "query", definitions)
    if query is not None:
        parameters += _parameters(query, "query", definitions)
    if method == "post":
        parameters += _parameters(IdempotencyHeaders, "header", definitions)
    if response in FILES:
        content = {response: {"schema": TypeAdapter(bytes).json_schema(mode="serialization")}}
        description = "The PDF document." if response == PDF else "The XML document."
    else:
        content = {"application/json": {"schema": {"$ref": REF.format(model=response.__name__)}}}
        description = "OK." if status == 200 else "Created."
    operation = {"operationId": op_id, "summary": summary, "parameters": parameters,
                 "responses": {str(status): {"description": description, "content": content},
                               **_errors(*ALWAYS, *more_errors)}}
    if body is not None:
        media = {"schema": {"$ref": REF.format(model=body.__name__)}}
        if body.__name__ in EXAMPLES:
            media["example"] = EXAMPLES[body.__name__]
        operation["requestBody"] = {"required": any(field.is_required() for field in body.model_fields.values()),
                                    "content": {"application/json": media}}
        operation["responses"].update(_errors(413))
    return operation


def _schemas() -> dict:
    models = {getattr(view, "body_model", None) for _, _, view, *_ in OPERATIONS}
    models |= {response for *_, response, _ in OPERATIONS if response not in FILES} | {Error}
    models.discard(None)
    _, definitions = models_json_schema([(model, "validation") for model in sorted(models, key=lambda m: m.__name__)],
                                        ref_template=REF, schema_generator=Schema)
    return definitions["$defs"]


@cache
def spec() -> dict:
    paths, definitions = {}, _schemas()
    for method, path, view, *rest in OPERATIONS:
        item = paths.setdefault(path, {})
        if "{id}" in path:
            item["parameters"] = _parameters(PathParams, "path", definitions)
        item[method] = _operation(definitions, method, view, *rest)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Corebill API", "version": "1.0.0",
                 "description": "The profile, customers, invoices, quotes, recurring invoices and tax rates of a company. "
                                "Every call takes ?company_id= and 'Authorization: Bearer sk_live_…'. "
                                "Amounts are decimal numbers in the currency's "
                                "major unit, with at most the digits of its minor unit (USD 2, JPY 0, BHD 3); "
                                f"quantities and unit prices may have {QUANTITY_PLACES} decimals. Lists are newest first with "
                                "cursor pagination (limit, starting_after, ending_before)."},
        "servers": [{"url": "/"}],
        "security": [{"bearerAuth": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer", "description": "sk_live_… API key"}},
            "schemas": dict(sorted(definitions.items())),
            "responses": {
                f"Error{status}": {
                    "description": description,
                    "content": {"application/json": {"schema": {"$ref": REF.format(model="Error")}}},
                    **({"headers": {"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}}}
                       if status == 429 else {}),
                }
                for status, description in ERROR_STATUSES.items()
            },
        },
    }


@bp.get("/openapi.json")
def openapi_document():
    return jsonify(spec())
