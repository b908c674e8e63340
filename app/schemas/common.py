"""Shapes every part of the API shares: the base models, the error object, list and cursor
parameters, the company and idempotency parameters, and the deleted marker."""
from __future__ import annotations

from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, StringConstraints

from app import limits
from app.schemas.fields import NO_NUL, _input, named
from app.services import inputs
from app.services.pagination import DEFAULT_LIMIT, MAX_LIMIT, parse_limit

ERROR_TYPES = ("invalid_request_error", "authentication_error", "permission_error", "rate_limit_error",
               "api_error")


class Input(BaseModel):
    """A request body: only its declared fields (others are named in a 400)."""
    model_config = ConfigDict(extra="forbid")


class Output(BaseModel):
    """A response object: every property present (maybe null), nothing else."""
    model_config = ConfigDict(extra="forbid")


class Params(BaseModel):
    """Query parameters of an operation (others are ignored)."""
    model_config = ConfigDict(extra="ignore")


def QueryChoice(enum: type[Enum], field: str, description: str):
    values = tuple(member.value for member in enum)
    return _input(lambda value: inputs.choice(value, field, values), enum, description)


def QueryDate(field: str, description: str):
    from datetime import date
    return _input(lambda value: inputs.a_date(value, field), date, description)


Limit = Annotated[Any, PlainValidator(lambda value: parse_limit(value),
                                      json_schema_input_type=Annotated[int, Field(ge=1, le=MAX_LIMIT)]),
                  Field(description="Page size.")]


class CursorParams(Params):
    limit: Limit = DEFAULT_LIMIT
    starting_after: str = Field(None, description="Objects older than this id (the next page).")
    ending_before: str = Field(None, description="Objects newer than this id (the previous page).")


class CompanyParams(Params):
    company_id: Annotated[str, StringConstraints(min_length=1, pattern=r"^[^\x00]*\S[^\x00]*$")] = Field(
        description="The company to act on; the key's user must be a member.")


class PathParams(Params):
    id: Annotated[str, StringConstraints(min_length=1, pattern=r"^[^\x00/]+$")] = Field(
        description="The object's prefixed id.")


class IdempotencyHeaders(Params):
    idempotency_key: Annotated[str, StringConstraints(min_length=1, max_length=limits.IDEMPOTENCY_KEY,
                                                      pattern=r"^[!-~]([ -~]*[!-~])?$")] = Field(
        None, alias="Idempotency-Key",
        description="Replays the first response to this key for 24 hours (successes and refusals; "
                    "not 5xx). The same key with another request is a 400.")


class ErrorDetail(Output):
    type: named("ErrorType", ERROR_TYPES)
    code: str
    message: str
    param: str | None = Field(description="The offending field or parameter, when there is one.")


class Error(Output):
    error: ErrorDetail


class Deleted(Output):
    id: str
    deleted: Literal[True]


class EmptyInput(Input):
    """An action that takes no fields."""


__all__ = ["NO_NUL", "CompanyParams", "CursorParams", "Deleted", "EmptyInput", "Error", "IdempotencyHeaders",
           "Input", "Output", "Params", "PathParams", "QueryChoice", "QueryDate"]
