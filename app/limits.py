"""Field limits, each stated once: the database column, the service check and the OpenAPI
document (through :mod:`app.schemas`) read these constants. This module imports nothing.

Money limits (the largest amount, decimal places of quantities, prices and tax rates) live
beside the rules that use them in :mod:`app.money`."""

# Customers
CUSTOMER_NAME = 200
EMAIL = 254
PHONE = 64
CITY = 120
ZIPCODE = 32
LEGAL_NAME = 200
LEGAL_ADDRESS = 2000
LEGAL_VAT = 64
NOTES = 5000  # customer, invoice and payment notes

# Invoices and their items
PAYMENT_TERMS = 200
TAX_ID = 64
CANCELLATION_REASON = 2000
ITEM_NAME = 200
ITEM_DESCRIPTION = 5000
ITEM_UNIT = 32
MAX_ITEMS = 1000

# Payments and refunds
PAYMENT_METHOD = 64
TRANSACTION_ID = 128
REFUND_REASON = 2000


def too_long(max_length: int) -> str:
    """The one wording of a text limit, at every door."""
    return f"Must be at most {max_length} characters."

# Lists
SEARCH_TERM = 200  # the invoice and customer lists' search box, and the API's q
CREDIT_NOTE_REASON = 2000  # a credit note's reason (its memo takes NOTES)
