"""Checking a request against its declared shape, with the services' words.

A shape refuses what is not the JSON it declares: an unknown field, a missing required one, a
string where a number goes, a list that is not a list of objects. The refusal is the
services' :class:`~app.services.errors.ValidationError` with their messages (an unknown field
reads exactly as :func:`app.services.inputs.reject_unknown` says it), so pydantic's own
wording never reaches a client. Checks that raise a service error themselves (a query's
``limit``, ``status`` or dates) raise it through pydantic unchanged."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from pydantic import ValidationError as ShapeError

from app import limits
from app.services import inputs
from app.services.errors import ValidationError

MESSAGES = {
    "missing": "This field is required.",
    "list_type": "Must be a list of items.",
    "model_type": "Expected an object.",
    "model_attributes_type": "Expected an object.",
    "dict_type": "Expected an object.",
}
ITEM_LISTS = ("items", "line_items")


def check(model: type[BaseModel], data: Any) -> BaseModel:
    """``data`` as ``model``, or the services' ValidationError for its first problem."""
    try:
        return model.model_validate(data)
    except ShapeError as error:
        problems = error.errors(include_url=False, include_input=False)
    unknown = [problem for problem in problems if problem["type"] == "extra_forbidden"]
    first = min(unknown, key=lambda problem: len(problem["loc"])) if unknown else problems[0]
    if first["type"] == "extra_forbidden":
        _reject_unknown(model, data, first["loc"][:-1])
    param = _param(first["loc"])
    if first["type"] == "too_long":  # the only lists with a declared length: a document's items or lines
        message = limits.too_many_items(*getattr(model, "ITEMS_OF", ("invoice", "items")))
    else:
        message = first["msg"] if first["type"] == "shape" else MESSAGES.get(first["type"], "Invalid value.")
    raise ValidationError({param: message})


def _reject_unknown(model: type[BaseModel], data: Any, where: tuple) -> None:
    """Raise the services' own unknown-field error for the object at ``where``."""
    target, shape = data, model
    for step in where:
        target = target[step]
        if isinstance(step, str):
            shape = _item_model(shape, step)
    inputs.reject_unknown(target, set(shape.model_fields), _param(where) + "." if where else "")


def _item_model(model: type[BaseModel], field: str) -> type[BaseModel]:
    annotation = model.model_fields[field].annotation
    for candidate in getattr(annotation, "__args__", ()):
        for inner in getattr(candidate, "__args__", ()):
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
    raise LookupError(field)


def _param(loc: tuple) -> str:
    """``("items", 0, "quantity")`` -> ``items[0].quantity`` (the services' own naming: an
    item of ``line_items`` is named ``items[N]`` too)."""
    text = ""
    for index, step in enumerate(loc):
        if isinstance(step, int):
            text += f"[{step}]"
        else:
            if index == 0 and step in ITEM_LISTS and len(loc) > 1:
                step = "items"
            text += ("." if text else "") + step
    return text
