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

create_recurring = RECURRING.create("Create an active recurring invoice; the tick issues one invoice per period.",
                                    body=RecurringCreate, runs=recurring.create_recurring)
retrieve_recurring = RECURRING.retrieve("Retrieve a recurring invoice.", runs=recurring.get_recurring)
update_recurring = RECURRING.action(None, "Update what the next invoices will be (the schedule is fixed once one is "
                                          "issued).", body=RecurringUpdate, errors=(409,),
                                    runs=recurring.update_recurring)
delete_recurring = RECURRING.delete("Delete a recurring invoice that has issued nothing (otherwise cancel it).",
                                    errors=(409,), runs=recurring.delete)
pause_recurring = RECURRING.action("pause", "Pause: nothing is issued until it is resumed.", errors=(409,),
                                   runs=recurring.pause)
resume_recurring = RECURRING.action("resume", "Resume from the first period starting today or later (the pause's "
                                              "periods are not issued).", errors=(409,), runs=recurring.resume)
cancel_recurring = RECURRING.action("cancel", "Cancel for good: nothing more is issued.", errors=(409,),
                                    runs=recurring.cancel)


@RECURRING.listing("List recurring invoices, newest first.", query=RecurringListParams)
def list_recurring(actor, body):
    return paginated(recurring.list_query(actor, request.args.get("status")), RecurringInvoice, recurring_json,
                     cursor_scope=tenancy.scoped(RecurringInvoice, actor.company))
