"""Typed errors raised by services; each door turns them into its own answer."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.money import plain


@dataclass(frozen=True)
class Money:
    """An amount in a currency, as a message names it."""
    amount: Decimal
    currency: str


class Said(str):
    """A message naming amounts (:class:`Money`) or dates. As text it reads as the API says it
    (``1621.74 EUR``, ``2026-12-07``); ``template`` and ``values`` let a door write them in the
    company's format instead (the dashboard: :func:`app.web.helpers.in_company_format`)."""
    template: str
    values: dict

    def __new__(cls, template: str, **values) -> Said:
        said = super().__new__(cls, template.format(**{name: _plain(value) for name, value in values.items()}))
        said.template, said.values = template, values
        return said


def _plain(value: object) -> str:
    if isinstance(value, Money):
        return f"{plain(value.amount)} {value.currency}"
    return value.isoformat() if isinstance(value, date) else str(value)



class ServiceError(Exception):
    code = "error"

    def __init__(self, message: str, *, param: str | None = None):
        super().__init__(message)
        self.message = message
        self.param = param


class ValidationError(ServiceError):
    """Bad input. ``errors`` maps each offending field to its message."""
    code = "invalid"

    def __init__(self, errors: dict[str, str] | str, *, param: str | None = None):
        if isinstance(errors, str):
            errors = {param or "__all__": errors}
        self.errors = dict(errors)
        field, message = next(iter(self.errors.items()))
        super().__init__(message if field == "__all__" else f"{field}: {message}",
                         param=None if field == "__all__" else field)


class NotFound(ServiceError):
    code = "resource_missing"


class Forbidden(ServiceError):
    code = "forbidden"


class InvalidTransition(ServiceError):
    """The action is not allowed in the object's current status."""
    code = "invalid_transition"

    def __init__(self, message: str, *, status: str | None = None, param: str | None = None):
        super().__init__(message, param=param)
        self.status = status


class NotEditable(InvalidTransition):
    code = "not_editable"


class DeliveryFailed(ServiceError):
    """The mail server did not accept the message; nothing changed."""
    code = "delivery_failed"


class ProviderRefused(ServiceError):
    """The payment provider (Stripe) refused or could not be reached; nothing changed here.
    The message names what the provider said."""
    code = "payment_provider_error"
