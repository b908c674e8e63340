"""Webhooks (DESIGN §18): programs learn about changes without polling.

``events`` notes what changed while a service works; when the transaction commits,
``payloads`` writes each event with its object as the API shows it, and a delivery for each
enabled endpoint that wants it (a rolled-back action writes nothing). ``endpoints`` keeps the
endpoints and their secrets; ``addresses`` refuses private destinations; ``delivery`` posts
what is due, signed, and retries on the schedule below."""
from datetime import timedelta

EVENT_TYPES = (
    "customer.created", "customer.updated", "customer.deleted",
    "invoice.created", "invoice.updated", "invoice.sent", "invoice.viewed", "invoice.partially_paid", "invoice.paid",
    "invoice.overdue", "invoice.cancelled", "invoice.refunded", "invoice.deleted",
    "payment.created", "refund.created", "credit_note.created",
    "quote.created", "quote.sent", "quote.accepted", "quote.declined", "quote.converted", "quote.cancelled",
    "recurring_invoice.issued",
)
ALL_EVENTS = "*"
# After a failed attempt, the next one waits this long (counted from the failed one); after
# the last, the delivery is given up.
RETRY_DELAYS = (timedelta(seconds=5), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2),
                timedelta(hours=5), timedelta(hours=10), timedelta(hours=10))
ATTEMPT_TIMEOUT_SECONDS = 10
DISABLE_AFTER = timedelta(days=5)  # of failures only, since the first failure after the last success
KEEP_EVENTS = timedelta(days=30)
