"""``GET /v1/openapi.json`` (OpenAPI 3.1), no authentication.

Nothing here is a hand-written schema: every request body, query parameter, response object
and the error object is a model of :mod:`app.schemas`, turned into JSON Schema by pydantic.
The operations are the registrations of :mod:`app.api.operations` (each route says there what
it answers; its body and query models are the ones its ``@endpoint`` checks requests against),
so the document, the routes and the checks cannot disagree."""
from __future__ import annotations

from functools import cache

from flask import jsonify
from pydantic import BaseModel, TypeAdapter, create_model
from pydantic.json_schema import GenerateJsonSchema, models_json_schema

from app.api.blueprint import bp
from app.api.documents import PDF
from app.api.operations import OPERATIONS, Operation
from app.money import QUANTITY_PLACES
from app.schemas.common import CompanyParams, Error, IdempotencyHeaders, Output, PathParams

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
    502: "Another service refused: the mail server did not accept the message, or Stripe refused the refund "
         "(the message names what it said). Nothing changed.",
    503: "The PDF could not be rendered in time; retry.",
}
ALWAYS = (400, 401, 404, 429)


@cache
def wrapped(model: type[BaseModel], page: bool = False) -> type[BaseModel]:
    """``{"data": <model>}``, or a page ``{"data": [<model>…], "has_more": …}`` (one class
    per model and form, however many operations answer it)."""
    if page:
        return create_model(f"{model.__name__}Page", __base__=Output, data=(list[model], ...), has_more=(bool, ...))
    return create_model(f"{model.__name__}Response", __base__=Output, data=(model, ...))


def _response(operation: Operation) -> type[BaseModel] | None:
    """The answered model of ``operation`` (None for a file)."""
    return None if isinstance(operation.answers, (str, tuple)) else wrapped(operation.answers, operation.page)


EXAMPLES = {
    "WebhookEndpointCreate": {"url": "https://books.example.com/corebill/webhooks", "description": "Bookkeeping sync",
                              "enabled_events": ["invoice.paid", "payment.created", "refund.created"]},
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
    "BankAccountCreate": {"label": "Business EUR", "iban": "DE89 3704 0044 0532 0130 00", "bic": "COBADEFFXXX",
                          "currency": "EUR"},
    "BankAccountUpdate": {"is_default": True},
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


def _operation(definitions: dict, operation: Operation) -> dict:
    method, body, query, status = operation.method, operation.body, operation.query, operation.status
    parameters = _parameters(CompanyParams, "query", definitions)
    if query is not None:
        parameters += _parameters(query, "query", definitions)
    if method == "post":
        parameters += _parameters(IdempotencyHeaders, "header", definitions)
    response = _response(operation)
    if response is None:
        media = operation.answers if isinstance(operation.answers, tuple) else (operation.answers,)
        content = {name: {"schema": TypeAdapter(bytes).json_schema(mode="serialization")} for name in media}
        description = ("The PDF document." if operation.answers == PDF else
                       "The XML document." if isinstance(operation.answers, str) else "The file.")
    else:
        content = {"application/json": {"schema": {"$ref": REF.format(model=response.__name__)}}}
        description = "OK." if status == 200 else "Created."
    described = {"operationId": operation.op_id, "summary": operation.summary, "parameters": parameters,
                 "responses": {str(status): {"description": description, "content": content},
                               **_errors(*ALWAYS, *operation.errors)}}
    if body is not None:
        media = {"schema": {"$ref": REF.format(model=body.__name__)}}
        if body.__name__ in EXAMPLES:
            media["example"] = EXAMPLES[body.__name__]
        described["requestBody"] = {"required": any(field.is_required() for field in body.model_fields.values()),
                                    "content": {"application/json": media}}
        described["responses"].update(_errors(413))
    return described


def _schemas() -> dict:
    models = {operation.body for operation in OPERATIONS} | {_response(operation) for operation in OPERATIONS}
    models = (models | {Error}) - {None}
    _, definitions = models_json_schema([(model, "validation") for model in sorted(models, key=lambda m: m.__name__)],
                                        ref_template=REF, schema_generator=Schema)
    return definitions["$defs"]


@cache
def spec() -> dict:
    paths, definitions = {}, _schemas()
    for operation in OPERATIONS:
        item = paths.setdefault(operation.path, {})
        if "{id}" in operation.path:
            item["parameters"] = _parameters(PathParams, "path", definitions)
        item[operation.method] = _operation(definitions, operation)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Corebill API", "version": "1.0.0",
                 "description": "The profile, customers, invoices, quotes, recurring invoices, tax rates and bank "
                                "accounts of a company. "
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
