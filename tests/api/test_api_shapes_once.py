"""Shapes are declared once (issue 25, 5b): the API checks a request against its operation's
body model and hands the services the fields that model validated; the services keep no list
of the fields they accept."""
import importlib
import pkgutil
import typing

import pytest
from pydantic import BaseModel
from sqlalchemy import func, select

import app.services
from app.api.operations import OPERATIONS
from app.models import CreditNote, Customer, Invoice, Quote, RecurringInvoice
from app.schemas.common import EmptyInput

SERVICE_MODULES = [f"app.services.{info.name}" for info in pkgutil.iter_modules(app.services.__path__)] + [
    f"app.{domain}.{name}" for domain, names in {"invoices": ("service", "lifecycle"), "quotes": ("service", "lifecycle"),
                                                 "credit_notes": ("service",), "recurring": ("service", "issue")}.items()
    for name in names]
BODIES = sorted({operation.body for operation in OPERATIONS if operation.body not in (None, EmptyInput)},
                key=lambda model: model.__name__)


def _models_within(model: type[BaseModel]) -> set[type[BaseModel]]:
    """``model`` and the input models its fields hold (a document's items, a credit note's lines)."""
    found, stack = {model}, [field.annotation for field in model.model_fields.values()]
    while stack:
        annotation = stack.pop()
        if isinstance(annotation, type) and issubclass(annotation, BaseModel) and annotation not in found:
            found |= _models_within(annotation)
        stack.extend(typing.get_args(annotation))
    return found


def _field_lists(module) -> dict[str, frozenset]:
    """The module's constants that list names (sets, tuples, lists of strings)."""
    return {name: frozenset(value) for name, value in vars(module).items()
            if isinstance(value, (set, frozenset, tuple, list)) and value and all(isinstance(v, str) for v in value)}


def test_no_service_re_declares_the_fields_a_shape_accepts():
    shapes = {frozenset(model.model_fields): model.__name__ for body in BODIES for model in _models_within(body)}
    assert "PaymentInput" in shapes.values() and "InvoiceItemInput" in shapes.values()
    repeated = [f"{module}.{name} = the fields of {shapes[fields]}" for module in SERVICE_MODULES
                for name, fields in _field_lists(importlib.import_module(module)).items() if fields in shapes]
    assert not repeated


@pytest.mark.parametrize("operation", [operation for operation in OPERATIONS if operation.body is not None],
                         ids=lambda operation: operation.op_id)
def test_the_shape_refuses_an_unknown_field_before_the_service_runs(api, operation):
    path = operation.path.replace("{id}", "nothing_here")
    response = api.post(path, json={"not_a_field": 1})
    assert response.status_code == 400
    assert response.get_json()["error"]["param"] == "not_a_field"


# What the services' own field lists refused before, now refused by the shapes (the service
# tests that sent these fields straight to the services moved here).
UNKNOWN = [
    ("/v1/customers", {"name": "X", "country": "US", "shoe_size": 42}, "shoe_size", Customer),
    ("/v1/invoices", {"customer_id": "cus_x", "items": [{"name": "X", "quantity": 1, "unit_price": 1, "colour": "red"}]},
     "items[0].colour", Invoice),
    ("/v1/invoices", {"customer_id": "cus_x", "colour": "red"}, "colour", Invoice),
    ("/v1/quotes", {"customer_id": "cus_x", "expiry_date": "soon", "items": [{"name": "", "unit_price": "-1"}],
                    "colour": "red"}, "colour", Quote),
    ("/v1/recurring_invoices", {"customer_id": "cus_x", "interval": "month", "colour": "red"}, "colour",
     RecurringInvoice),
    ("/v1/credit_notes", {"invoice_id": "inv_x", "lines": [{"description": "X", "quantity": 1, "unit_price": 1,
                                                            "colour": "red"}]}, "lines[0].colour", CreditNote),
]


@pytest.mark.parametrize(("path", "body", "field", "model"), UNKNOWN, ids=[case[2] for case in UNKNOWN])
def test_an_unknown_field_is_named_and_changes_nothing(api, db, path, body, field, model):
    response = api.post(path, json=body)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["param"] == field and "Unknown field" in error["message"]
    assert db.session.scalar(select(func.count()).select_from(model)) == 0
