"""Typed errors raised by services; each door turns them into its own answer."""


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
