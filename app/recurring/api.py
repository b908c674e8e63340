"""/v1/recurring_invoices: create, list, retrieve, update (POST), delete (only when nothing
was issued), and pause, resume and cancel (each answers the recurring invoice)."""
from __future__ import annotations

from flask import request

from app.api.resources import Resource, paginated
from app.api.serializers import recurring_json
from app.models import RecurringInvoice
from app.recurring import service as recurring
from app.recurring.schemas import RecurringCreate, RecurringListParams, RecurringUpdate
from app.recurring.schemas import RecurringInvoice as RecurringInvoiceShape
from app.services import tenancy

RECURRING = Resource("/recurring_invoices/<recurring_id>", lambda actor, found: recurring_json(found),
                     RecurringInvoiceShape)


@RECURRING.create("Create an active recurring invoice; the tick issues one invoice per period.", body=RecurringCreate)
def create_recurring(actor, body):
    return recurring.create_recurring(actor, body)


@RECURRING.listing("List recurring invoices, newest first.", query=RecurringListParams)
def list_recurring(actor, body):
    return paginated(recurring.list_query(actor, request.args.get("status")), RecurringInvoice, recurring_json,
                     cursor_scope=tenancy.scoped(RecurringInvoice, actor.company))


@RECURRING.retrieve("Retrieve a recurring invoice.")
def retrieve_recurring(actor, body, recurring_id):
    return recurring.get_recurring(actor, recurring_id)


@RECURRING.action(None, "Update what the next invoices will be (the schedule is fixed once one is issued).",
                  body=RecurringUpdate, errors=(409,))
def update_recurring(actor, body, recurring_id):
    return recurring.update_recurring(actor, recurring_id, body)


@RECURRING.delete("Delete a recurring invoice that has issued nothing (otherwise cancel it).", errors=(409,))
def delete_recurring(actor, body, recurring_id):
    return recurring.delete(actor, recurring_id)


@RECURRING.action("pause", "Pause: nothing is issued until it is resumed.", errors=(409,))
def pause_recurring(actor, body, recurring_id):
    return recurring.pause(actor, recurring_id)


@RECURRING.action("resume", "Resume from the first period starting today or later (the pause's periods are not "
                            "issued).", errors=(409,))
def resume_recurring(actor, body, recurring_id):
    return recurring.resume(actor, recurring_id)


@RECURRING.action("cancel", "Cancel for good: nothing more is issued.", errors=(409,))
def cancel_recurring(actor, body, recurring_id):
    return recurring.cancel(actor, recurring_id)
