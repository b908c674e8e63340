"""app.json: exact decimals in and out, compact output, UTC timestamps to the millisecond."""
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from app.json import dumps, loads


def test_decimals_print_as_the_shortest_exact_number():
    assert dumps({"a": Decimal("8769.6000"), "b": Decimal("8400.00"), "c": Decimal("0.3"), "d": Decimal("-0.00")}) == \
        '{"a":8769.6,"b":8400,"c":0.3,"d":0}'
    assert dumps([Decimal("123456789012.3456")]) == "[123456789012.3456]"


def test_numbers_parse_as_decimal_and_constants_are_refused():
    assert loads('{"a": 0.1, "b": 2}') == {"a": Decimal("0.1"), "b": 2}
    assert isinstance(loads("[0.1]")[0], Decimal)
    for text in ("[NaN]", "[Infinity]", "[-Infinity]"):
        with pytest.raises(ValueError):
            loads(text)


def test_non_finite_decimals_are_refused():
    for value in (Decimal("NaN"), Decimal("Infinity")):
        with pytest.raises((TypeError, ValueError)):  # orjson reports the hook's ValueError as a TypeError
            dumps({"a": value})


def test_timestamps_are_utc_to_the_millisecond_and_dates_are_iso():
    moment = datetime(2025, 4, 15, 12, 30, 5, 123456, tzinfo=timezone(timedelta(hours=2)))
    assert dumps([moment, datetime(2025, 4, 15, 10, 0), date(2025, 4, 15)]) == \
        '["2025-04-15T10:30:05.123Z","2025-04-15T10:00:00.000Z","2025-04-15"]'


def test_options_and_integers_beyond_64_bits():
    assert dumps({"b": 1, "a": [Decimal("1.50")]}, sort_keys=True) == '{"a":[1.5],"b":1}'
    assert dumps({"a": 1}, separators=(",", ":")) == '{"a":1}'
    assert dumps({"a": 1}, indent=2) == '{\n  "a": 1\n}'
    assert dumps({"n": 10 ** 40, "x": Decimal("2.50"), "d": date(2025, 1, 2)}) == \
        '{"n":10000000000000000000000000000000000000000,"x":2.5,"d":"2025-01-02"}'
    with pytest.raises(TypeError):
        dumps({"a": 1}, ensure_ascii=True)
    with pytest.raises(TypeError):
        dumps({"a": object()})
