"""The parties an invoice keeps when it is sent (the shared snapshot contract), and the one
company update that Settings and the API share (its reminder rules are the reminders')."""
import pytest

from app.invoices import lifecycle
from app.services import accounts, parties, reminders, transaction
from app.services.errors import ValidationError

SELLER_KEYS = {"name", "legal_name", "address_line1", "address_line2", "city", "postal_code", "region", "country",
               "vat_id", "email", "contact_name", "contact_phone", "peppol_id"}
BUYER_KEYS = {"name", "legal_name", "legal_address", "legal_vat", "city", "zipcode", "country", "contact_email",
              "address_line1", "address_line2", "postal_code", "region", "buyer_reference", "peppol_id"}


def test_sending_takes_both_snapshots_with_the_contract_keys(actor, make_customer, make_invoice):
    with transaction():
        accounts.update_company(actor, {"legal_name": "Acme Studio LLC", "address_line1": "1 Main Street",
                                        "city": "Springfield", "region": "IL", "country": "US"})
    customer = make_customer(address_line1="500 Market St", address_line2="Suite 3", postal_code="94105",
                             city="San Francisco", region="CA", buyer_reference="PO-7")
    invoice = make_invoice(customer=customer)
    assert invoice.seller_snapshot is None and invoice.billing_snapshot is None
    assert parties.seller_of(invoice)["legal_name"] == "Acme Studio LLC"  # a draft: the live company
    with transaction():
        lifecycle.send_invoice(actor, invoice.id, lambda invoice, reminder: None)
    assert set(invoice.seller_snapshot) == SELLER_KEYS
    assert set(invoice.billing_snapshot) == BUYER_KEYS
    assert invoice.seller_snapshot["region"] == "IL" and invoice.seller_snapshot["name"] == "Acme Studio"
    assert invoice.billing_snapshot["legal_address"] == "500 Market St\nSuite 3"
    assert invoice.billing_snapshot["zipcode"] == invoice.billing_snapshot["postal_code"] == "94105"
    assert invoice.billing_snapshot["buyer_reference"] == "PO-7"
    # A reminder (a later send) keeps the first snapshots.
    with transaction():
        accounts.update_company(actor, {"legal_name": "Other LLC"})
        lifecycle.send_invoice(actor, invoice.id, lambda invoice, reminder: None)
    assert parties.seller_of(invoice)["legal_name"] == "Acme Studio LLC"


def test_company_update_applies_the_reminders_rules(actor):
    with pytest.raises(ValidationError) as through_company:
        accounts.update_company(actor, {"reminders_enabled": True})
    with pytest.raises(ValidationError) as through_reminders:
        reminders.update_settings(actor, {"reminders_enabled": True})
    assert through_company.value.errors == through_reminders.value.errors
    with transaction():
        accounts.update_company(actor, {"reminders_enabled": True, "reminder_steps": [{"days": "3"}, {"days": -1}],
                                        "city": "Lyon"})
    assert reminders.settings_of(actor.company) == {
        "reminders_enabled": True, "reminder_steps": [{"days": -1, "subject": None, "message": None},
                                                      {"days": 3, "subject": None, "message": None}]}
    assert actor.company.city == "Lyon"


def test_registration_still_takes_the_first_settings_only(db):
    with pytest.raises(ValidationError) as error:
        accounts.register("new@example.com", "correct horse battery", "New Co", city="Paris")
    assert "city" in error.value.errors
