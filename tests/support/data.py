"""Data the tests share: the default password, invoice lines, an e-invoice seller and buyer,
recurring lines and reminder steps."""
from decimal import Decimal

PASSWORD = "correct horse battery"

SEED_ITEMS = [
    {"name": "Web Development", "description": "Full-stack web application development",
     "quantity": 40, "unit": "hour", "unit_price": 150},
    {"name": "UI/UX Design", "description": "User interface and experience design",
     "quantity": 20, "unit": "hour", "unit_price": 120},
]

# An invoice that has everything the e-invoice formats need (a German seller, a French buyer).
SELLER_FIELDS = {"legal_name": "Nordlicht Software GmbH", "address_line1": "Hauptstraße 1", "city": "Berlin",
                 "postal_code": "10115",
                 "vat_id": "DE136695976", "country": "DE", "email": "billing@nordlicht.example", "currency": "EUR",
                 "contact_name": "Anna Schmidt", "contact_phone": "+49 30 1234567"}  # XRechnung's seller contact
BUYER_FIELDS = {"name": "Client SARL", "country": "FR", "email": "ap@client.example", "currency": "EUR",
                "address_line1": "12 rue de la Paix", "city": "Paris", "postal_code": "75002",
                "legal_vat": "FR40303265045"}

RECURRING_ITEMS = [{"name": "Hosting", "quantity": 1, "unit_price": "49.00"},
                   {"name": "Support", "quantity": 2, "unit": "hour", "unit_price": "80"}]

REMINDER_STEPS = [{"days": -3, "subject": None, "message": None}, {"days": 0},
                  {"days": 7, "subject": "Still unpaid", "message": "Please pay this week."}]

# The wording an invoice prints for a reverse-charge rate.
REVERSE_CHARGE = "Reverse charge: the recipient is liable for the VAT (Article 196, Directive 2006/112/EC)."


def D(value) -> Decimal:
    return Decimal(str(value))
