"""``GET /v1/openapi.json``: the API described by hand (OpenAPI 3.0.3), no authentication.

The schemas say exactly what the services accept and what the serializers print, so that
schemathesis (tests/api) finds no response that disagrees with this document."""
from __future__ import annotations

import pycountry
from flask import jsonify

from app.api import bp
from app.models import CUSTOMER_STATUSES, INVOICE_STATUSES
from app.money import DISCOUNT_TYPES
from app.services.pagination import MAX_LIMIT

COUNTRIES = sorted(country.alpha_2 for country in pycountry.countries)
CURRENCIES = sorted(currency.alpha_3 for currency in pycountry.currencies)
ERROR_STATUSES = {
    400: "Malformed or invalid input (unknown fields are named); an Idempotency-Key reused with another request.",
    401: "Missing, unknown or revoked API key.",
    403: "The key's role in the company is too low (deletes need admin).",
    404: "No such object, or a company the key's user does not belong to.",
    409: "The action is not allowed in the invoice's current status (the message names it).",
    413: "The request body is larger than 5 MiB.",
    429: "Rate limited: retry after the Retry-After seconds.",
}
MAX_MONEY = 10 ** 12


# --- building blocks ----------------------------------------------------------------------

def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def text(max_length: int, *, nullable: bool = True, required: bool = False) -> dict:
    """A string the services strip; a required one needs a non-blank character."""
    schema: dict = {"type": "string", "maxLength": max_length}
    if required:
        schema.update(minLength=1, pattern=r"^[^\x00]*[^\s\x00][^\x00]*$")
    else:
        schema["pattern"] = r"^[^\x00]*$"
    if nullable:
        schema["nullable"] = True
    return schema


def number(minimum=0, maximum=MAX_MONEY, *, exclusive_minimum: bool = False, places: int = 4) -> dict:
    return {"type": "number", "minimum": minimum, "maximum": maximum, "exclusiveMinimum": exclusive_minimum,
            "multipleOf": float(f"1e-{places}") if places else 1}


def out(schema_type: str, *, nullable: bool = False, fmt: str | None = None) -> dict:
    schema: dict = {"type": schema_type}
    if fmt:
        schema["format"] = fmt
    if nullable:
        schema["nullable"] = True
    return schema


def obj(properties: dict, *, required=(), closed: bool = True) -> dict:
    schema: dict = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    if closed:
        schema["additionalProperties"] = False
    return schema


def response_object(properties: dict) -> dict:
    """Every property present (maybe null), nothing else."""
    return obj(properties, required=list(properties))


def id_of(prefix: str) -> dict:
    return {"type": "string", "pattern": f"^{prefix}_[a-z0-9]{{12}}$"}


# --- objects ------------------------------------------------------------------------------

CUSTOMER = response_object({
    "id": id_of("cus"), "name": out("string"), "slug": out("string"),
    "country": {"type": "string", "enum": COUNTRIES}, "contact_email": out("string", nullable=True),
    "contact_phone": out("string", nullable=True), "city": out("string", nullable=True),
    "zipcode": out("string", nullable=True), "currency": {"type": "string", "enum": CURRENCIES},
    "legal_name": out("string", nullable=True), "legal_address": out("string", nullable=True),
    "legal_vat": out("string", nullable=True), "notes": out("string", nullable=True),
    "status": {"type": "string", "enum": list(CUSTOMER_STATUSES)},
    "created_at": out("string", fmt="date-time"), "updated_at": out("string", fmt="date-time"),
})

CUSTOMER_FIELDS = {
    "name": text(200, nullable=False, required=True),
    "country": {"type": "string", "enum": COUNTRIES, "description": "ISO 3166-1 alpha-2"},
    "email": {**text(254), "format": "email", "description": "Shorthand of contact_email."},
    "contact_email": {**text(254), "format": "email"},
    "phone": {**text(64), "description": "Shorthand of contact_phone."},
    "contact_phone": text(64), "city": text(120), "zipcode": text(32),
    "currency": {"type": "string", "enum": CURRENCIES, "description": "ISO 4217; default: the company's"},
    "legal_name": text(200), "legal_address": text(2000), "legal_vat": text(64), "notes": text(5000),
    "status": {"type": "string", "enum": list(CUSTOMER_STATUSES)},
}

ITEM = response_object({
    "id": id_of("di"), "item_name": out("string"), "description": out("string", nullable=True),
    "quantity": out("number"), "unit": out("string", nullable=True), "unit_price": out("number"),
    "subtotal": out("number"), "total": out("number"), "sort_order": out("integer"),
})
PAYMENT = response_object({
    "id": id_of("pay"), "amount": out("number"), "payment_method": out("string", nullable=True),
    "transaction_id": out("string", nullable=True), "paid_at": out("string", fmt="date"),
    "notes": out("string", nullable=True), "created_at": out("string", fmt="date-time"),
})
REFUND = response_object({
    "id": id_of("ref"), "amount": out("number"), "reason": out("string", nullable=True),
    "payment_method": out("string", nullable=True), "created_at": out("string", fmt="date-time"),
})
INVOICE = response_object({
    "id": id_of("inv"), "invoice_number": out("string"), "customer_id": id_of("cus"),
    "status": {"type": "string", "enum": list(INVOICE_STATUSES)},
    "issue_date": out("string", fmt="date"), "due_date": out("string", fmt="date"),
    "subtotal": out("number"), "discount_type": {"type": "string", "enum": list(DISCOUNT_TYPES), "nullable": True},
    "discount_value": out("number"), "discount_amount": out("number"),
    "subtotal_after_discount": out("number"), "tax_rate": out("number"), "tax_id": out("string", nullable=True),
    "tax_amount": out("number"), "total": out("number"), "amount_paid": out("number"),
    "amount_refunded": out("number"), "amount_due": out("number"),
    "currency": {"type": "string", "enum": CURRENCIES},
    "notes": out("string", nullable=True), "payment_terms": out("string", nullable=True),
    "public_token": out("string"),
    "sent_at": out("string", nullable=True, fmt="date-time"), "viewed_at": out("string", nullable=True, fmt="date-time"),
    "paid_at": out("string", nullable=True, fmt="date-time"),
    "cancelled_at": out("string", nullable=True, fmt="date-time"),
    "cancellation_reason": out("string", nullable=True),
    "created_at": out("string", fmt="date-time"), "updated_at": out("string", fmt="date-time"),
    "customer": response_object({"id": id_of("cus"), "name": out("string"),
                                 "contact_email": out("string", nullable=True)}),
    "items": {"type": "array", "items": ref("InvoiceItem")},
    "payments": {"type": "array", "items": ref("Payment")},
    "refunds": {"type": "array", "items": ref("Refund")},
})

ITEM_FIELDS = {
    "name": {**text(200, nullable=False, required=True), "description": "Or item_name (give one)."},
    "item_name": text(200, nullable=False, required=True),
    "description": text(5000), "unit": text(32),
    "quantity": {**number(exclusive_minimum=True), "description": "Default 1; at most 4 decimals."},
    "unit_price": {**number(), "description": "At most 4 decimals."},
}
ITEM_INPUT = {
    **obj(ITEM_FIELDS, required=["unit_price"]),
    "oneOf": [{"required": ["name"], "not": {"required": ["item_name"]}},
              {"required": ["item_name"], "not": {"required": ["name"]}}],
}
ITEMS = {"type": "array", "items": ref("InvoiceItemInput"), "maxItems": 1000}
INVOICE_FIELDS = {
    "customer_id": {"type": "string", "minLength": 1, "pattern": r"^[^\x00]*$"},
    "issue_date": {"type": "string", "format": "date", "description": "Default: today."},
    "due_date": {"type": "string", "format": "date", "description": "Default: 30 days after issue_date."},
    "currency": {"type": "string", "enum": CURRENCIES, "description": "Default: the customer's currency."},
    "notes": text(5000), "payment_terms": text(200), "tax_id": text(64),
    "tax_rate": {**number(0, 100, places=3), "description": "Percent, at most 3 decimals."},
    "discount_type": {"type": "string", "enum": list(DISCOUNT_TYPES), "nullable": True},
    "discount_value": {**number(), "description": "Percent (0-100) or a fixed amount (<= subtotal)."},
    "items": {**ITEMS, "description": "Or line_items (give one)."},
    "line_items": ITEMS,
}
NOT_BOTH_ITEM_LISTS = {"not": {"required": ["items", "line_items"]}}
INVOICE_CREATE = {**obj(INVOICE_FIELDS, required=["customer_id"]), **NOT_BOTH_ITEM_LISTS}
INVOICE_UPDATE = {
    **obj({**INVOICE_FIELDS, "status": {"type": "string", "enum": list(INVOICE_STATUSES),
                                        "description": "in_review from sent/viewed/overdue/partial; sent from in_review."}}),
    **NOT_BOTH_ITEM_LISTS,
    "description": "A draft takes every field (items are replaced); afterwards only notes, payment_terms and status.",
}
PAYMENT_INPUT = obj({
    "amount": {**number(exclusive_minimum=True, places=2), "description": "At most amount_due, in the currency's minor unit."},
    "payment_method": text(64), "transaction_id": text(128),
    "paid_at": {"type": "string", "format": "date", "nullable": True, "description": "Default: today."},
    "notes": text(5000),
}, required=["amount"])
REFUND_INPUT = obj({
    "amount": {**number(exclusive_minimum=True, places=2), "nullable": True,
               "description": "Default: everything paid and not yet refunded."},
    "reason": text(2000), "payment_method": text(64),
})
CANCEL_INPUT = obj({"cancellation_reason": text(2000)})
EMPTY_INPUT = obj({})

ERROR = obj({"error": response_object({
    "type": {"type": "string", "enum": ["invalid_request_error", "authentication_error", "permission_error",
                                         "rate_limit_error", "api_error"]},
    "code": out("string"), "message": out("string"), "param": out("string", nullable=True),
})}, required=["error"])

SCHEMAS = {
    "Customer": CUSTOMER, "CustomerCreate": obj(CUSTOMER_FIELDS, required=["name", "country"]),
    "CustomerUpdate": obj(CUSTOMER_FIELDS), "Invoice": INVOICE, "InvoiceItem": ITEM,
    "InvoiceItemInput": ITEM_INPUT, "InvoiceCreate": INVOICE_CREATE, "InvoiceUpdate": INVOICE_UPDATE,
    "Payment": PAYMENT, "Refund": REFUND, "PaymentInput": PAYMENT_INPUT, "RefundInput": REFUND_INPUT,
    "CancelInput": CANCEL_INPUT, "EmptyInput": EMPTY_INPUT, "Error": ERROR,
    "Deleted": response_object({"id": {"type": "string"}, "deleted": {"type": "boolean", "enum": [True]}}),
}


# --- operations -----------------------------------------------------------------------------

def query(name: str, description: str, schema: dict, *, required: bool = False) -> dict:
    return {"name": name, "in": "query", "required": required, "description": description, "schema": schema}


COMPANY_ID = query("company_id", "The company to act on; the key's user must be a member.",
                   {"type": "string", "minLength": 1, "pattern": r"^[^\x00]*\S[^\x00]*$"}, required=True)
PATH_ID = {"name": "id", "in": "path", "required": True, "description": "The object's prefixed id.",
           "schema": {"type": "string", "minLength": 1, "pattern": r"^[^\x00/]+$"}}
IDEMPOTENCY_KEY = {"name": "Idempotency-Key", "in": "header", "required": False,
                   "description": "Replays the first response to this key for 24 hours.",
                   "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": r"^[!-~]([ -~]*[!-~])?$"}}
CURSORS = [
    query("limit", "Page size.", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": 10}),
    query("starting_after", "Objects older than this id (the next page).", {"type": "string"}),
    query("ending_before", "Objects newer than this id (the previous page).", {"type": "string"}),
]


def errors(*statuses: int) -> dict:
    return {str(status): {"$ref": f"#/components/responses/Error{status}"} for status in statuses}


def ok(status: int, schema: dict, description: str) -> dict:
    return {str(status): {"description": description,
                          "content": {"application/json": {"schema": schema}}}}


def envelope(name: str) -> dict:
    return obj({"data": ref(name)}, required=["data"])


def page_of(name: str) -> dict:
    return obj({"data": {"type": "array", "items": ref(name)}, "has_more": {"type": "boolean"}},
               required=["data", "has_more"])


EXAMPLES = {
    "CustomerCreate": {"name": "Acme Corp", "country": "US", "email": "billing@acme.com", "city": "New York",
                       "currency": "USD", "legal_name": "Acme Corporation Inc.", "legal_vat": "US123456789"},
    "CustomerUpdate": {"email": "new-billing@acme.com", "status": "active"},
    "InvoiceCreate": {
        "customer_id": "cus_a1b2c3d4e5f6", "issue_date": "2025-04-15", "due_date": "2025-05-15", "currency": "USD",
        "notes": "Thank you for your business", "payment_terms": "Net 30", "tax_rate": 16,
        "discount_type": "percentage", "discount_value": 10,
        "items": [{"name": "Web Development", "description": "Full-stack web application development",
                   "quantity": 40, "unit": "hour", "unit_price": 150},
                  {"name": "UI/UX Design", "description": "User interface and experience design",
                   "quantity": 20, "unit": "hour", "unit_price": 120}]},
    "PaymentInput": {"amount": 2000, "payment_method": "bank_transfer", "transaction_id": "TXN-12345"},
    "CancelInput": {"cancellation_reason": "Duplicate invoice"},
    "RefundInput": {"amount": 1500, "reason": "Partial refund", "payment_method": "bank_transfer"},
}


def body(name: str, *, required: bool = True) -> dict:
    media = {"schema": ref(name)}
    if name in EXAMPLES:
        media["example"] = EXAMPLES[name]
    return {"required": required, "content": {"application/json": media}}


def operation(op_id: str, summary: str, responses: dict, *, params=(), request=None, post=False) -> dict:
    document = {"operationId": op_id, "summary": summary,
                "parameters": [COMPANY_ID, *params, *([IDEMPOTENCY_KEY] if post else [])],
                "responses": {**responses, **errors(400, 401, 404, 429)}}
    if request is not None:
        document["requestBody"] = request
        document["responses"].update(errors(413))
    return document


def action(op_id: str, summary: str, request_schema: str | None, extra_errors=(409,)) -> dict:
    return {"post": operation(op_id, summary, {**ok(200, envelope("Invoice"), "The invoice after the action."),
                                               **errors(*extra_errors)},
                              request=body(request_schema, required=False) if request_schema else None, post=True)}


PATHS = {
    "/v1/customers": {
        "get": operation("listCustomers", "List customers, newest first.",
                         ok(200, page_of("Customer"), "A page of customers."),
                         params=[query("status", "Filter by status.", {"type": "string", "enum": list(CUSTOMER_STATUSES)}),
                                 *CURSORS]),
        "post": operation("createCustomer", "Create a customer.",
                          ok(201, envelope("Customer"), "The new customer."),
                          request=body("CustomerCreate"), post=True),
    },
    "/v1/customers/{id}": {
        "parameters": [PATH_ID],
        "get": operation("retrieveCustomer", "Retrieve a customer.", ok(200, envelope("Customer"), "The customer.")),
        "post": operation("updateCustomer", "Update the given fields of a customer.",
                          ok(200, envelope("Customer"), "The updated customer."),
                          request=body("CustomerUpdate", required=False), post=True),
        "delete": operation("deleteCustomer", "Delete a customer (soft; admin only).",
                            {**ok(200, envelope("Deleted"), "Deleted; the customer is 404 afterwards."), **errors(403)}),
    },
    "/v1/invoices": {
        "get": operation("listInvoices", "List invoices, newest first.",
                         ok(200, page_of("Invoice"), "A page of invoices."),
                         params=[query("status", "Filter by status (overdue is computed).",
                                       {"type": "string", "enum": list(INVOICE_STATUSES)}),
                                 query("customer_id", "Filter by customer.", {"type": "string"}), *CURSORS]),
        "post": operation("createInvoice", "Create a draft invoice; totals are computed.",
                          ok(201, envelope("Invoice"), "The new invoice."),
                          request=body("InvoiceCreate"), post=True),
    },
    "/v1/invoices/{id}": {
        "parameters": [PATH_ID],
        "get": operation("retrieveInvoice", "Retrieve an invoice.", ok(200, envelope("Invoice"), "The invoice.")),
        "post": operation("updateInvoice", "Update an invoice (see editing restrictions).",
                          {**ok(200, envelope("Invoice"), "The updated invoice."), **errors(409)},
                          request=body("InvoiceUpdate", required=False), post=True),
        "delete": operation("deleteInvoice", "Delete an invoice (soft; admin only; not when paid).",
                            {**ok(200, envelope("Deleted"), "Deleted; the invoice is 404 afterwards."),
                             **errors(403, 409)}),
    },
    "/v1/invoices/{id}/send": {
        "parameters": [PATH_ID],
        **action("sendInvoice", "Email the invoice to its customer (draft becomes sent; later sends remind).",
                 "EmptyInput", extra_errors=(409, 502)),
    },
    "/v1/invoices/{id}/record_payment": {
        "parameters": [PATH_ID],
        **action("recordPayment", "Record a payment (partial or paid).", "PaymentInput"),
    },
    "/v1/invoices/{id}/cancel": {"parameters": [PATH_ID], **action("cancelInvoice", "Cancel the invoice.", "CancelInput")},
    "/v1/invoices/{id}/refund": {"parameters": [PATH_ID], **action("refundInvoice", "Refund paid money.", "RefundInput")},
    "/v1/invoices/{id}/pdf": {
        "parameters": [PATH_ID],
        "get": operation("invoicePdf", "The invoice as a PDF document.", {"200": {
            "description": "The PDF.", "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}},
            **errors(503)}),
    },
}

ERROR_RESPONSES = {
    f"Error{status}": {
        "description": description,
        "content": {"application/json": {"schema": ref("Error")}},
        **({"headers": {"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}}}
           if status == 429 else {}),
    }
    for status, description in {**ERROR_STATUSES, 502: "The mail server did not accept the message.",
                                503: "The PDF could not be rendered in time; retry."}.items()
}

SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Corebill API", "version": "1.0.0",
             "description": "Customers and invoices of a company. Every call takes ?company_id= and "
                            "'Authorization: Bearer sk_live_…'. Amounts are decimal numbers in the currency's "
                            "major unit. Lists are newest first with cursor pagination."},
    "servers": [{"url": "/"}],
    "security": [{"bearerAuth": []}],
    "paths": PATHS,
    "components": {
        "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer", "description": "sk_live_… API key"}},
        "schemas": SCHEMAS,
        "responses": ERROR_RESPONSES,
    },
}


@bp.get("/openapi.json")
def openapi_document():
    return jsonify(SPEC)
