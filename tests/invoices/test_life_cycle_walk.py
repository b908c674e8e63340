"""Every invoice state (each status, and the amounts that change what it allows) × every
role: the buttons of the detail page, the actions the API accepts and the life-cycle table
of the services name the same actions. Each API call runs on a fresh invoice in that state."""
import pytest

from app.invoices import lifecycle
from app.invoices import service as invoices
from app.invoices.states import actions_for, effective_status
from app.services import transaction
from app.services.tenancy import today_for
from tests.support.html import actions_of

BUTTONS = {"Send invoice": "send", "Send reminder": "remind", "Record payment": "record_payment",
           "Mark in review": "mark_in_review", "End review": "end_review", "Edit": "edit",
           "Download PDF": "download_pdf", "Refund": "refund", "Cancel invoice": "cancel", "Delete": "delete",
           "Issue credit note": "credit"}


def _no_mail(invoice, reminder):
    return None


def _pay(amount):
    return lambda actor, invoice: lifecycle.record_payment(actor, invoice.id, {"amount": amount})


def _send(actor, invoice):
    lifecycle.send_invoice(actor, invoice.id, _no_mail)


def _review(actor, invoice):
    invoices.update_invoice(actor, invoice.id, {"status": "in_review"})


STATES = {  # name: (due date, steps after creation)
    "draft": ("2099-01-01", ()),
    "sent": ("2099-01-01", (_send,)),
    "viewed": ("2099-01-01", (_send, lambda actor, invoice: lifecycle.record_public_view(invoice))),
    "overdue": ("2025-05-15", (_send,)),
    "overdue-partial": ("2025-05-15", (_send, _pay("100"))),
    "in_review": ("2099-01-01", (_send, _review)),
    "in_review-partly-paid": ("2099-01-01", (_send, _pay("100"), _review)),
    "partial": ("2099-01-01", (_send, _pay("100"))),
    "paid": ("2099-01-01", (_send, _pay("8769.60"))),
    "cancelled": ("2099-01-01", (_send, lambda actor, invoice: lifecycle.cancel_invoice(actor, invoice.id))),
    "cancelled-partly-paid": ("2099-01-01", (_send, _pay("100"),
                                             lambda actor, invoice: lifecycle.cancel_invoice(actor, invoice.id))),
    "refunded-in-part": ("2099-01-01", (_send, _pay("8769.60"),
                                        lambda actor, invoice: lifecycle.refund_invoice(actor, invoice.id, {"amount": 100}))),
    "refunded": ("2099-01-01", (_send, _pay("8769.60"),
                                lambda actor, invoice: lifecycle.refund_invoice(actor, invoice.id, {}))),
    # A refund of part of what is still owed keeps the invoice open (its credit note leaves amount_due as it was).
    "partial-then-refunded": ("2099-01-01", (_send, _pay("100"),
                                            lambda actor, invoice: lifecycle.refund_invoice(actor, invoice.id, {}))),
}

API_CALLS = {  # action: (method, path after the invoice's, body); a status change must change it
    "remind": ("post", "/send", None), "record_payment": ("post", "/record_payment", {"amount": "1"}),
    "mark_in_review": ("post", "", {"status": "in_review"}), "end_review": ("post", "", {"status": "sent"}),
    "cancel": ("post", "/cancel", {}), "refund": ("post", "/refund", {}), "delete": ("delete", "", None),
    "edit": ("post", "", {"notes": "Walked"}), "edit_details": ("post", "", {"due_date": "2099-02-01"}),
    "download_pdf": ("get", "/pdf", None),
    "credit": ("post", "/v1/credit_notes", {"amount": "1"}),  # an adjustment credit note (DESIGN §11)
}


@pytest.mark.parametrize("role", ["admin", "member"])
@pytest.mark.parametrize("state", list(STATES))
def test_buttons_api_and_table_agree(state, role, actor, member, make_invoice, api_for, client, login):
    who = actor if role == "admin" else member
    due_date, steps = STATES[state]

    def fresh():
        invoice = make_invoice(due_date=due_date)
        with transaction():
            for step in steps:
                step(actor, invoice)
        return invoice

    invoice = fresh()
    shown = effective_status(invoice, today_for(actor.company))
    assert shown == state.split("-")[0]
    table = actions_for(who, invoice)

    login(who.user.email)
    page = client.get(f"/invoices/{invoice.id}").get_data(as_text=True)
    buttons = {BUTTONS[name] for name in actions_of(page)}
    editor = client.get(f"/invoices/{invoice.id}/edit").get_data(as_text=True)
    if 'name="due_date"' in editor:
        buttons.add("edit_details")
    assert buttons == table, state

    api, accepted = api_for(who), set()
    for action, (method, suffix, body) in API_CALLS.items():
        target = fresh()
        before = target.status
        kwargs = {} if body is None else {"json": body}
        path = f"/v1/invoices/{target.id}{suffix}"
        if suffix.startswith("/v1/"):  # a collection of its own that names the invoice
            path, kwargs = suffix, {"json": {**body, "invoice_id": target.id}}
        response = getattr(api, method)(path, **kwargs)
        invoices.db.session.expire_all()
        if response.status_code in (200, 201):
            changed = invoices.db.session.get(type(target), target.pk).status != before
            if action == "remind":
                accepted.add("send" if before == "draft" else "remind")
            elif action not in ("mark_in_review", "end_review") or changed:
                accepted.add(action)
        else:
            error = response.get_json()["error"]
            assert (response.status_code, error["code"]) in ((409, "invalid_transition"), (409, "not_editable"),
                                                             (403, "forbidden")), (action, error)
            if response.status_code == 409:
                assert shown in error["message"], (action, error)
    assert accepted == table, state
