"""A form field's length check with the services' limit and wording (app.schemas.limits), so
a too-long value reads the same in the dashboard as in the API."""
from wtforms.validators import Length

from app.schemas import limits


def at_most(max_length: int) -> Length:
    return Length(max=max_length, message=limits.too_long(max_length))
