"""Tax rates: validation with field messages, archive instead of delete, one company's rates."""
from decimal import Decimal as D

import pytest

from app.extensions import db
from app.models import Activity, TaxRate
from app.services import tax_rates, transaction
from app.services.errors import Forbidden, NotFound, ValidationError
from app.services.tenancy import Actor


def create(actor, **data):
    with transaction():
        return tax_rates.create_tax_rate(actor, data)


def test_create_defaults_and_money_rate(actor):
    rate = create(actor, name=" VAT ", percentage="19")
    assert rate.id.startswith("txr_") and len(rate.id) == 16
    assert (rate.name, rate.percentage, rate.category, rate.exemption_reason, rate.active) == ("VAT", D(19), "S", None, True)
    assert tax_rates.money_rate(rate) == tax_rates.money.Rate(rate.id, "VAT", D(19), "S")
    assert db.session.query(Activity).filter_by(subject_id=rate.id, action="tax_rate.created").count() == 1


@pytest.mark.parametrize("data, field, words", [
    ({"percentage": 19}, "name", "required"),
    ({"name": "VAT"}, "percentage", "required"),
    ({"name": "VAT", "percentage": "100.001"}, "percentage", "at most 100"),
    ({"name": "VAT", "percentage": "-1"}, "percentage", "at least 0"),
    ({"name": "VAT", "percentage": "7.1234"}, "percentage", "3 decimal places"),
    ({"name": "VAT", "percentage": 19.5}, "percentage", "number"),
    ({"name": "VAT", "percentage": "abc"}, "percentage", "number"),
    ({"name": "VAT", "percentage": " "}, "percentage", "required"),
    ({"name": None, "percentage": None}, "name", "required"),
    ({"name": "VAT", "percentage": 19, "category": "X"}, "category", "S, Z, E, AE, K, G, O"),
    ({"name": "VAT", "percentage": 0}, "percentage", "choose Z"),
    ({"name": "Zero", "percentage": 5, "category": "Z"}, "percentage", "is 0 %"),
    ({"name": "Reverse", "percentage": 0, "category": "AE"}, "exemption_reason", "Required for category AE"),
    ({"name": "VAT", "percentage": 19, "exemption_reason": "because"}, "exemption_reason", "Only exempt"),
    ({"name": "x" * 101, "percentage": 19}, "name", "100 characters"),
    ({"name": "VAT", "percentage": 19, "active": "yes"}, "active", "true or false"),
    ({"name": "VAT", "percentage": 19, "rate": 19}, "rate", "Unknown field"),
])
def test_create_refuses_with_a_field_message(actor, data, field, words):
    with pytest.raises(ValidationError) as error:
        create(actor, **data)
    assert field in error.value.errors and words in error.value.errors[field]
    assert db.session.query(TaxRate).count() == 0


def test_exempt_rates_and_lowercase_category(actor):
    rate = create(actor, name="Reverse charge", percentage="0", category="ae",
                  exemption_reason="Reverse charge: the customer accounts for the VAT")
    assert (rate.category, rate.percentage) == ("AE", D(0))


def test_update_changes_given_fields_and_records_them(actor):
    rate = create(actor, name="VAT", percentage=19)
    with transaction():
        tax_rates.update_tax_rate(actor, rate.id, {"name": "VAT reduced", "percentage": "7"})
    assert (rate.name, rate.percentage) == ("VAT reduced", D(7))
    entry = db.session.query(Activity).filter_by(subject_id=rate.id, action="tax_rate.updated").one()
    assert entry.details == {"fields": ["name", "percentage"]}
    with transaction():
        tax_rates.update_tax_rate(actor, rate.id, {"percentage": "7.000"})  # no change, no record
    assert db.session.query(Activity).filter_by(subject_id=rate.id, action="tax_rate.updated").count() == 1


def test_update_checks_the_result_as_a_whole(actor):
    rate = create(actor, name="VAT", percentage=19)
    with pytest.raises(ValidationError) as error:
        with transaction():
            tax_rates.update_tax_rate(actor, rate.id, {"category": "E", "percentage": 0})
    assert "exemption_reason" in error.value.errors
    for bad in ({"name": None}, {"percentage": ""}, {"category": None}, {"active": None}):
        with pytest.raises(ValidationError):
            with transaction():
                tax_rates.update_tax_rate(actor, rate.id, bad)
    db.session.refresh(rate)
    assert (rate.category, rate.percentage, rate.name) == ("S", D(19), "VAT")


def test_leaving_an_exempt_category_drops_the_reason(actor):
    rate = create(actor, name="Export", percentage=0, category="G", exemption_reason="Export outside the EU")
    with transaction():
        tax_rates.update_tax_rate(actor, rate.id, {"category": "Z"})
    assert (rate.category, rate.exemption_reason) == ("Z", None)


def test_archive_and_restore_never_delete(actor):
    vat = create(actor, name="VAT", percentage=19)
    reduced = create(actor, name="VAT", percentage=7)
    with transaction():
        tax_rates.archive_tax_rate(actor, vat.id)
    assert db.session.get(TaxRate, vat.pk).active is False
    assert [r.id for r in tax_rates.list_tax_rates(actor)] == [reduced.id, vat.id]
    assert [r.id for r in tax_rates.list_tax_rates(actor, include_archived=False)] == [reduced.id]
    assert tax_rates.get_tax_rate(actor, vat.id) is vat  # an archived rate can still be read
    with transaction():
        tax_rates.restore_tax_rate(actor, vat.id)
    assert [r.id for r in tax_rates.list_tax_rates(actor)] == [reduced.id, vat.id]  # 7 before 19


def test_members_read_admins_change(actor, make_account):
    rate = create(actor, name="VAT", percentage=19)
    member = Actor(company=actor.company, role="member", user=actor.user)
    assert tax_rates.get_tax_rate(member, rate.id) is rate
    for call in (lambda: tax_rates.create_tax_rate(member, {"name": "GST", "percentage": 5}),
                 lambda: tax_rates.update_tax_rate(member, rate.id, {"name": "x"}),
                 lambda: tax_rates.archive_tax_rate(member, rate.id)):
        with pytest.raises(Forbidden):
            call()


def test_another_companys_rate_is_not_found(actor, make_account):
    rate = create(actor, name="VAT", percentage=19)
    other = make_account(company="Other GmbH")
    create(other, name="MwSt", percentage=19)
    for call in (lambda: tax_rates.get_tax_rate(other, rate.id),
                 lambda: tax_rates.update_tax_rate(other, rate.id, {"name": "stolen"}),
                 lambda: tax_rates.archive_tax_rate(other, rate.id)):
        with pytest.raises(NotFound) as error:
            call()
        assert error.value.message == f"No such tax rate: '{rate.id}'."
    assert [r.name for r in tax_rates.list_tax_rates(other)] == ["MwSt"]
    db.session.refresh(rate)
    assert (rate.name, rate.active) == ("VAT", True)
    for bad in (None, "", "txr_\x00", 5, ["x"]):
        with pytest.raises(NotFound):
            tax_rates.get_tax_rate(actor, bad)


def test_every_category_has_a_name():
    assert tuple(tax_rates.CATEGORY_NAMES) == tax_rates.money.TAX_CATEGORIES
