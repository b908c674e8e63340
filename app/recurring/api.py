"""/v1/recurring_invoices: create, list, retrieve, update (POST), delete (only when nothing
was issued), and pause, resume and cancel (each answers the recurring invoice)."""
from __future__ import annotations

from flask import request

from app.api.blueprint import bp
from app.api.endpoint import endpoint
from app.api.resources import Resource, paginated
from app.api.serializers import recurring_json
from app.models import RecurringInvoice
from app.recurring import service as recurring
from app.recurring.schemas import RecurringCreate, RecurringListParams, RecurringUpdate
from app.services import tenancy

RECURRING = Resource("/recurring_invoices/<recurring_id>", lambda actor, found: recurring_json(found))


@bp.post("/recurring_invoices")
@endpoint(body=RecurringCreate)
def create_recurring(actor, body):
    return RECURRING.one(actor, recurring.create_recurring(actor, body), 201)


@bp.get("/recurring_invoices")
@endpoint(reads=True, query=RecurringListParams)
def list_recurring(actor, body):
    return paginated(recurring.list_query(actor, request.args.get("status")), RecurringInvoice, recurring_json,
                     cursor_scope=tenancy.scoped(RecurringInvoice, actor.company))


@RECURRING.retrieve()
def retrieve_recurring(actor, body, recurring_id):
    return recurring.get_recurring(actor, recurring_id)


@RECURRING.action(body=RecurringUpdate)
def update_recurring(actor, body, recurring_id):
    return recurring.update_recurring(actor, recurring_id, body)


@RECURRING.delete()
def delete_recurring(actor, body, recurring_id):
    return recurring.delete(actor, recurring_id)


@RECURRING.action("pause")
def pause_recurring(actor, body, recurring_id):
    return recurring.pause(actor, recurring_id)


@RECURRING.action("resume")
def resume_recurring(actor, body, recurring_id):
    return recurring.resume(actor, recurring_id)


@RECURRING.action("cancel")
def cancel_recurring(actor, body, recurring_id):
    return recurring.cancel(actor, recurring_id)
