"""Activity records: every state change of an invoice and every public view writes one;
an invoice's timeline reads them. An entry that means a webhook event notes it (DESIGN §18)."""
from app.extensions import db
from app.models import Activity, Invoice
from app.services import tenancy
from app.services.tenancy import Actor
from app.webhooks import events


def columns(actor: Actor, subject_type: str, subject_id: str, action: str, details: dict,
            invoice_pk: int | None = None) -> dict:
    """An activity row's values (all but its id and time): who acted, on what, with which
    details (those that are None are left out)."""
    return {
        "company_pk": actor.company.pk, "invoice_pk": invoice_pk, "subject_type": subject_type,
        "subject_id": subject_id, "action": action, "actor_type": actor.kind,
        "user_pk": actor.user.pk if actor.user is not None else None,
        "api_key_pk": actor.api_key.pk if actor.api_key is not None else None,
        "details": {key: value for key, value in (details or {}).items() if value is not None} or None,
    }


def record(actor: Actor, subject, action: str, **details) -> Activity:
    if subject.pk is None:
        db.session.flush()
    entry = Activity(**columns(actor, type(subject).__name__.lower(), subject.id, action, details,
                               invoice_pk=subject.pk if isinstance(subject, Invoice) else None))
    db.session.add(entry)
    events.from_activity(actor, subject, action, details)
    return entry


def timeline(actor: Actor, invoice: Invoice) -> list[Activity]:
    """What happened to ``invoice`` (one of the actor's company), oldest first."""
    return list(db.session.scalars(tenancy.scoped(Activity, actor.company)
                                   .where(Activity.invoice_pk == invoice.pk).order_by(Activity.pk)))


def subject_timeline(actor: Actor, subject) -> list[Activity]:
    """What happened to any other object of the actor's company (a quote…), oldest first."""
    return list(db.session.scalars(tenancy.scoped(Activity, actor.company).where(
        Activity.subject_type == type(subject).__name__.lower(), Activity.subject_id == subject.id)
        .order_by(Activity.pk)))
