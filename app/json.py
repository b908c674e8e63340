"""JSON with exact decimals: numbers parse as Decimal (never a binary float) and Decimals
print as the shortest exact number (8769.6, 0.3, 8400).

Printing converts only the values JSON cannot hold (Decimal, datetime, date) through
simplejson's ``default`` hook, instead of walking and copying the whole document first."""
from datetime import date, datetime, timezone
from decimal import Decimal

import simplejson
from simplejson import RawJSON
from flask.json.provider import JSONProvider

from app.money import plain


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a valid JSON number")


def _encode(value):
    """A value simplejson cannot print itself (called for nothing else)."""
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"Out of range values are not JSON compliant: {value}")
        return RawJSON(str(Decimal(plain(value))))
    if isinstance(value, datetime):
        value = value.astimezone(timezone.utc) if value.tzinfo else value.replace(tzinfo=timezone.utc)
        return value.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def loads(text, **kwargs):
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    return simplejson.loads(text, use_decimal=True, parse_constant=_refuse_constant, **kwargs)


def dumps(obj, **kwargs) -> str:
    return simplejson.dumps(obj, default=_encode, use_decimal=False, namedtuple_as_object=False, **kwargs)


class DecimalJSONProvider(JSONProvider):
    def dumps(self, obj, **kwargs) -> str:
        return dumps(obj, **kwargs)

    def loads(self, s, **kwargs):
        return loads(s, **kwargs)
