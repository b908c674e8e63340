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
# Online payment (DESIGN §16): an id or event type of the payment provider ("cs_test_…", "evt_…"),
# and the Stripe secrets as typed (a key is about 110 characters today)
PROVIDER_ID = 255
STRIPE_SECRET = 255

# How to pay (DESIGN §15): bank accounts, payment references, contacts and electronic addresses
BANK_ACCOUNT_LABEL = 100
ACCOUNT_HOLDER = 70       # the EPC QR code and the Swiss QR-bill carry at most 70 characters of a name
IBAN = 34
BIC = 11
ACCOUNT_NUMBER = 34
ROUTING_NUMBER = 9        # a US ABA routing number
SORT_CODE = 6             # a GB sort code, digits only
PAYMENT_REFERENCE = 40    # the invoice number (DOCUMENT_NUMBER), an RF reference (25) or a Belgian one (20)
CONTACT_NAME = 200
PEPPOL_ID = 100           # "scheme:identifier", the scheme a 4-character EAS code


def too_long(max_length: int) -> str:
    """The one wording of a text limit, at every door."""
    from app.i18n import _  # when called: the module itself imports nothing
    return _("Must be at most %(count)s characters.", count=max_length)


def too_many_items(noun: str = "invoice", rows: str = "items") -> str:
    """The one wording of the item limit, at every door: "A credit note has at most 1000 lines."."""
    from app.i18n import _
    said = {("invoice", "items"): lambda: _("An invoice has at most %(count)s items.", count=MAX_ITEMS),
            ("quote", "items"): lambda: _("A quote has at most %(count)s items.", count=MAX_ITEMS),
            ("credit note", "lines"): lambda: _("A credit note has at most %(count)s lines.", count=MAX_ITEMS)}
    if (noun, rows) in said:
        return said[noun, rows]()
    return f"A{'n' if noun[0] in 'aeiou' else ''} {noun} has at most {MAX_ITEMS} {rows}."  # no such document yet

# Lists
SEARCH_TERM = 200  # the invoice and customer lists' search box, and the API's q
CREDIT_NOTE_REASON = 2000  # a credit note's reason (its memo takes NOTES)

# Invitations to join a company (app/services/invitations.py)
INVITATION_DAYS = 7        # an emailed invitation is open this long
OPEN_INVITATIONS = 50      # open invitations a company may have at once (each one emails someone)

# Accounts, members and API keys
USER_NAME = 200
PASSWORD = 1024           # longest password accepted (MIN_PASSWORD in app/services/accounts.py is the shortest)
PASSWORD_HASH = 255
API_KEY_NAME = 100
KEY_DISPLAY_PREFIX = 16   # the part of an API key shown in the list
IDEMPOTENCY_KEY = 255     # the API's Idempotency-Key header

# Company settings
PREFIX = 16               # a number series' prefix ("INV", "QT", "CN")
TIMEZONE = 64
LOCALE = 16
LANGUAGE = 8               # a language of app.i18n.LANGUAGES ("de")
CURRENCY = 3              # ISO 4217 code
COUNTRY = 2               # ISO 3166-1 alpha-2 code

# Tax rates
TAX_RATE_NAME = 100
TAX_EXEMPTION_REASON = 500
TAX_CATEGORY = 2          # a UNTDID 5305 code ("S", "AE")

# Accounting (DESIGN §19): a ledger account as the accountant's chart of accounts names it, 1 to
# 16 letters or digits (a tax rate's revenue account, a customer's debtor account). DATEV's
# accounts are numbers of 4 to 9 digits; its export asks for that when it runs, since another
# tool's chart (an import, a later export format) may use letters.
ACCOUNT = 16
DATEV_ACCOUNT_DIGITS = 9
# DATEV's consultant number (Beraternummer) and client number (Mandantennummer)
DATEV_CONSULTANT_MIN, DATEV_CONSULTANT_MAX = 1001, 9999999
DATEV_CLIENT_MIN, DATEV_CLIENT_MAX = 1, 99999

# Reminders: a step's wording, and the days field's text ("-3", "+14")
REMINDER_SUBJECT = 200
REMINDER_MESSAGE = 2000
REMINDER_DAYS_TEXT = 8

# Stored words and keys
CODE = 16                 # a word of a fixed list: a status, role, kind, type or outcome
INTERVAL = 8              # a recurring schedule's "day", "week", "month" or "year"
PUBLIC_ID = 16            # an object's prefixed id ("inv_…")
REFERENCE = 64            # an id an API client sends (the services say when it names nothing)
DOCUMENT_NUMBER = 40      # an invoice's, quote's or credit note's number
ACTIVITY_ACTION = 40      # an activity entry's action ("invoice.payment_recorded")
EVENT_TYPE = 40           # a webhook event's type ("invoice.partially_paid")
TOKEN = 64                # a public link's token, a session token, a SHA-256 hex digest
SLUG = 220                # a customer's slug: its name (CUSTOMER_NAME) and a suffix
FORM_WORD = 20            # a form's posted word or number, bounded before the service reads it

# Webhooks (DESIGN §18)
WEBHOOK_URL = 2048            # an endpoint's https URL
WEBHOOK_DESCRIPTION = 500     # what the owner says an endpoint is for
WEBHOOK_ENDPOINTS = 16        # endpoints per company
WEBHOOK_EVENT_TYPES = 64      # entries in an endpoint's enabled_events
WEBHOOK_RESPONSE_BYTES = 4096  # how much of a receiver's answer is read and kept
WEBHOOK_ERROR = 200           # why an attempt got no answer ("timed out after 10 s")
