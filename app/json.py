"""JSON with exact decimals: numbers parse as Decimal (never a binary float) and Decimals
print as the shortest exact number (8769.6, 0.3, 8400)."""
from datetime import date, datetime, timezone
from decimal import Decimal

import simplejson
from flask.json.provider import JSONProvider

from app.money import plain


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a valid JSON number")


def _normalise(value):
    if isinstance(value, Decimal):
        return Decimal(plain(value))
    if isinstance(value, dict):
        return {key: _normalise(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_normalise(item) for item in value]
    if isinstance(value, datetime):
        value = value.astimezone(timezone.utc) if value.tzinfo else value.replace(tzinfo=timezone.utc)
        return value.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return value


def loads(text, **kwargs):
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    return simplejson.loads(text, use_decimal=True, parse_constant=_refuse_constant, **kwargs)


def dumps(obj, **kwargs) -> str:
    return simplejson.dumps(_normalise(obj), use_decimal=True, **kwargs)


class DecimalJSONProvider(JSONProvider):
    def dumps(self, obj, **kwargs) -> str:
        return dumps(obj, **kwargs)

    def loads(self, s, **kwargs):
        return loads(s, **kwargs)
