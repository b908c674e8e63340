"""The data model (DESIGN §3). Importing this package registers every table."""
from app.models.activity import Activity
from app.models.bank_account import BankAccount
from app.models.company import ROLES, Company, InvoiceCounter, Membership
from app.models.credit_note import CREDIT_NOTE_TYPES, CreditNote, CreditNoteLine
from app.models.customer import CUSTOMER_STATUSES, Customer
from app.models.idempotency import IdempotencyRecord
from app.models.invitation import Invitation
from app.models.invoice import INVOICE_STATUSES, Invoice, InvoiceItem, Payment, Refund
from app.models.online_payment import CHECKOUT_STATUSES, CheckoutSession, StripeEvent
from app.models.quote import QUOTE_STATUSES, Quote, QuoteItem
from app.models.recurring import INTERVALS, RECURRING_STATUSES, RecurringInvoice, RecurringInvoiceItem
from app.models.reminder import REMINDER_OUTCOMES, ReminderSent
from app.models.tax_rate import TaxRate
from app.models.user import ApiKey, User
from app.models.webhooks import DELIVERY_STATUSES, ENDPOINT_STATUSES, Event, WebhookAttempt, WebhookDelivery, WebhookEndpoint

__all__ = [
    "Activity", "ApiKey", "BankAccount", "CHECKOUT_STATUSES", "CheckoutSession", "Company",
    "CREDIT_NOTE_TYPES", "CreditNote", "CreditNoteLine", "Customer",
    "IdempotencyRecord", "Invitation", "CUSTOMER_STATUSES", "Invoice", "InvoiceCounter",
    "InvoiceItem", "INVOICE_STATUSES", "Membership", "Payment", "INTERVALS", "QUOTE_STATUSES", "Quote", "QuoteItem",
    "RECURRING_STATUSES", "RecurringInvoice", "RecurringInvoiceItem", "REMINDER_OUTCOMES", "ROLES", "Refund",
    "ReminderSent", "StripeEvent", "TaxRate", "User",
    "DELIVERY_STATUSES", "ENDPOINT_STATUSES", "Event", "WebhookAttempt", "WebhookDelivery", "WebhookEndpoint",
]
