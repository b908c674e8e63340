"""Field limits, each stated once: the database column, the service check and the OpenAPI
document (through :mod:`app.schemas`) read these constants. This module imports nothing.

Money limits (the largest amount, decimal places of quantities, prices and tax rates) live
beside the rules that use them in :mod:`app.money`."""

# Customers
CUSTOMER_NAME = 200
EMAIL = 254
PHONE = 64
LEGAL_NAME = 200
LEGAL_ADDRESS = 2000  # the free-text address an API client may still send (split into two lines)
LEGAL_VAT = 64
BUYER_REFERENCE = 200  # e.g. a German Leitweg-ID (DESIGN §10, §14)

# Structured addresses of companies and customers (DESIGN §10)
ADDRESS_LINE = 200
CITY = 120
POSTAL_CODE = 32
REGION = 120

# Companies
COMPANY_NAME = 200
VAT_ID = 64
NOTES = 5000  # customer, invoice and payment notes

# Invoices and their items
PAYMENT_TERMS = 200
TAX_ID = 64
CANCELLATION_REASON = 2000
ITEM_NAME = 200
ITEM_DESCRIPTION = 5000
ITEM_UNIT = 32
MAX_ITEMS = 1000  # an invoice's, a quote's or a recurring invoice's items; a credit note's lines
# A document's text in all: its items' names, descriptions and units, its notes and terms (a
# credit note's line descriptions, memo and reason). The PDF's render time grows with it; at
# this size the longest document renders about as fast as 1,000 short items (README, figures).
DOCUMENT_TEXT = 150000

# Quotes
QUOTE_TERMS = 5000
ACCEPTED_BY = 200     # the name typed by whoever accepted
DECLINE_REASON = 2000

# Recurring invoices: how far back a start date may be, in periods of its own schedule (each
# back-dated period is issued at once; DESIGN §13)
RECURRING_PERIODS_BACK = 12

# Payments and refunds
PAYMENT_METHOD = 64
TRANSACTION_ID = 128
REFUND_REASON = 2000


def too_long(max_length: int) -> str:
    """The one wording of a text limit, at every door."""
    return f"Must be at most {max_length} characters."


def too_many_items(noun: str = "invoice", rows: str = "items") -> str:
    """The one wording of the item limit, at every door: "A credit note has at most 1000 lines."."""
    return f"A{'n' if noun[0] in 'aeiou' else ''} {noun} has at most {MAX_ITEMS} {rows}."

# Lists
SEARCH_TERM = 200  # the invoice and customer lists' search box, and the API's q
CREDIT_NOTE_REASON = 2000  # a credit note's reason (its memo takes NOTES)

# Invitations to join a company (app/services/invitations.py)
INVITATION_DAYS = 7        # an emailed invitation is open this long
OPEN_INVITATIONS = 50      # open invitations a company may have at once (each one emails someone)
