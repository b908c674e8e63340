"""JSON with exact decimals: numbers parse as Decimal (never a binary float) and Decimals
print as the shortest exact number (8769.6, 0.3, 8400).

Parsing is simplejson's (it can read numbers as Decimal). Printing is orjson's, compact:
it converts only the values JSON cannot hold (Decimal, datetime, date) through the
``default`` hook, and a Decimal goes in as its exact text (an ``orjson.Fragment``). A
document holding an integer beyond 64 bits, which orjson refuses, is printed by simplejson."""
from datetime import date, datetime, timezone
from decimal import Decimal

import orjson
import simplejson
from flask.json.provider import JSONProvider
from flask_babel import LazyString

from app.money import plain


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a valid JSON number")


def _number(value: Decimal) -> str:
    if not value.is_finite():
        raise ValueError(f"Out of range values are not JSON compliant: {value}")
    return plain(value)


def _encode(value):
    """A value orjson does not print itself (called for nothing else)."""
    if isinstance(value, Decimal):
        return orjson.Fragment(_number(value))
    return _encode_other(value)


def _encode_wide(value):
    """The same for simplejson, which prints what orjson cannot (integers beyond 64 bits)."""
    if isinstance(value, Decimal):
        return simplejson.RawJSON(_number(value))
    return _encode_other(value)


def _encode_other(value):
    if isinstance(value, datetime):
        value = value.astimezone(timezone.utc) if value.tzinfo else value.replace(tzinfo=timezone.utc)
        return value.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, LazyString):  # a text worded when shown (app.i18n._l): English in the API
        return str(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def loads(text, **kwargs):
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    return simplejson.loads(text, use_decimal=True, parse_constant=_refuse_constant, **kwargs)


OPTIONS = {"sort_keys": orjson.OPT_SORT_KEYS, "indent": orjson.OPT_INDENT_2}
COMPACT = (",", ":")


def dumps(obj, **kwargs) -> str:
    """Compact JSON. Understood options: ``sort_keys=True``, ``indent=…`` (two spaces) and
    ``separators=(",", ":")`` (what Flask's session cookie asks for)."""
    option = orjson.OPT_PASSTHROUGH_DATETIME
    for name, value in kwargs.items():
        if name == "separators" and tuple(value) == COMPACT:
            continue
        if name not in OPTIONS:
            raise TypeError(f"dumps() got an unexpected option: {name}={value!r}")
        if value:
            option |= OPTIONS[name]
    try:
        return orjson.dumps(obj, default=_encode, option=option).decode("utf-8")
    except orjson.JSONEncodeError as error:
        if "64-bit" not in str(error):
            raise
    return simplejson.dumps(obj, default=_encode_wide, use_decimal=False, namedtuple_as_object=False,
                            separators=COMPACT, sort_keys=bool(option & orjson.OPT_SORT_KEYS),
                            indent=2 if option & orjson.OPT_INDENT_2 else None)


class DecimalJSONProvider(JSONProvider):
    def dumps(self, obj, **kwargs) -> str:
        return dumps(obj, **kwargs)

    def loads(self, s, **kwargs):
        return loads(s, **kwargs)
