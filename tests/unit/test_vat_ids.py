"""VAT ids by country format (python-stdnum)."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.services.errors import ValidationError
from app.services.vat_ids import check_vat_id


@pytest.mark.parametrize("value, country, expected", [
    ("DE 136 695 976", "DE", "DE136695976"),
    ("136695976", "DE", "DE136695976"),          # an EU id without its prefix gains it
    ("de136695976", None, "DE136695976"),
    ("FR 40 303 265 045", "FR", "FR40303265045"),
    ("094259216", "GR", "EL094259216"),          # Greece writes EL
    ("EL094259216", "GR", "EL094259216"),
    ("DE136695976", "CH", "DE136695976"),        # a German registration of a Swiss company
    ("GB980780684", "GB", "GB980780684"),
    ("980 7806 84", "GB", "980780684"),
    ("CHE-107.787.577 IVA", "CH", "CHE107787577IVA"),
    ("NO 995 525 828 MVA", "NO", "NO995525828MVA"),
    ("123456782RT0001", "CA", "123456782RT0001"),
    ("51 824 753 556", "AU", "51824753556"),
    # countries stdnum knows no VAT format for accept any id, as typed
    ("US-77-555", "US", "US-77-555"),
    ("anything 1", None, "anything 1"),
    ("ZZ-1", "ZZ", "ZZ-1"),
    ("", "DE", None),
    (None, "DE", None),
])
def test_valid_and_unknown(value, country, expected):
    assert check_vat_id(value, country) == expected


@pytest.mark.parametrize("value, country", [
    ("DE136695977", "DE"),       # check digit
    ("DE12345", None),           # length
    ("12345", "FR"),
    ("GB980780685", "GB"),
    ("CHE-113.497.767 MWST", "CH"),
    ("EL12345678X", None),
])
def test_invalid_is_a_field_error(value, country):
    with pytest.raises(ValidationError) as error:
        check_vat_id(value, country, field="legal_vat")
    assert list(error.value.errors) == ["legal_vat"]
    message = error.value.errors["legal_vat"]
    assert message.startswith(f"'{value}' is not a valid VAT id") and message.endswith(".")


def test_too_long_or_not_text():
    for value in ("DE" + "1" * 70, 12345, ["DE136695976"]):
        with pytest.raises(ValidationError):
            check_vat_id(value, "DE")


@settings(max_examples=300, deadline=None)
@given(value=st.text(max_size=40), country=st.one_of(st.none(), st.text(max_size=3),
                                                     st.sampled_from(["DE", "FR", "GB", "CH", "NO", "BR", "IN", "CA",
                                                                      "GR", "US", "../"])))
def test_any_input_is_a_value_or_a_field_error(value, country):
    try:
        result = check_vat_id(value, country)
    except ValidationError as error:
        assert set(error.errors) == {"vat_id"}
    else:
        assert result is None or (isinstance(result, str) and 0 < len(result) <= 64)
