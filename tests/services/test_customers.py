"""Customers through the service layer."""
import pytest

from app.models import Customer
from app.services import customers, transaction
from app.services.errors import Forbidden, NotFound, ValidationError
from app.services.tenancy import Actor


def test_create_with_shorthands_and_defaults(actor):
    with transaction():
        customer = customers.create_customer(actor, {
            "name": "Acme Corp", "country": "us", "email": "billing@acme.com", "phone": "+1 555 0100",
            "city": "New York", "legal_name": "Acme Corporation Inc.", "legal_vat": "US123456789"})
    assert customer.id.startswith("cus_") and len(customer.id) == 16
    assert (customer.slug, customer.country, customer.currency, customer.status) == ("acme-corp", "US", "USD", "active")
    assert (customer.contact_email, customer.contact_phone) == ("billing@acme.com", "+1 555 0100")


def test_slugs_are_unique_per_company(actor, make_account, make_customer):
    assert [make_customer(name="Acme Corp").slug for _ in range(3)] == ["acme-corp", "acme-corp-2", "acme-corp-3"]
    other = make_account(company="Other")
    assert make_customer(who=other, name="Acme Corp").slug == "acme-corp"
    assert make_customer(name="Ünïcode  Café!").slug == "unicode-cafe"


@pytest.mark.parametrize("data, field", [
    ({"country": "US"}, "name"),
    ({"name": "X"}, "country"),
    ({"name": "X", "country": "ZZ"}, "country"),
    ({"name": "X", "country": "USA"}, "country"),
    ({"name": "X", "country": "US", "email": "not-an-email"}, "contact_email"),
    ({"name": "X", "country": "US", "currency": "DOLLARS"}, "currency"),
    ({"name": "X", "country": "US", "status": "vip"}, "status"),
    ({"name": "x" * 201, "country": "US"}, "name"),
    ({"name": 42, "country": "US"}, "name"),
])
def test_bad_input_is_refused(actor, db, data, field):
    with pytest.raises(ValidationError) as error:
        customers.create_customer(actor, data)
    assert field in error.value.errors
    db.session.rollback()
    assert db.session.query(Customer).count() == 0


def test_update_changes_only_given_fields(actor, make_customer):
    customer = make_customer(city="Paris")
    with transaction():
        customers.update_customer(actor, customer.id, {"email": "new@acme.example.com", "status": "inactive"})
    assert (customer.contact_email, customer.status, customer.city) == ("new@acme.example.com", "inactive", "Paris")
    with pytest.raises(ValidationError):
        customers.update_customer(actor, customer.id, {"name": ""})


def test_soft_delete_needs_admin_and_hides(actor, make_customer):
    customer = make_customer()
    member = Actor(company=actor.company, role="member", user=actor.user)
    with pytest.raises(Forbidden):
        customers.delete_customer(member, customer.id)
    with transaction():
        customers.delete_customer(actor, customer.id)
    assert customer.deleted_at is not None
    with pytest.raises(NotFound):
        customers.get_customer(actor, customer.id)


def test_other_company_customer_is_not_found(make_account, make_customer):
    customer = make_customer()
    other = make_account(company="Other")
    with pytest.raises(NotFound):
        customers.update_customer(other, customer.id, {"name": "Mine"})
