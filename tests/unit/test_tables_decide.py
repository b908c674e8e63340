"""What the doors ask, the tables answer (issue 25, item 3): the client's link and its
sent → viewed step are one rule of each life-cycle table, the automatic reminders another,
and the company-wide admin actions are rows of the permissions table (its role column)."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest

from app.invoices.states import INVOICE
from app.quotes.states import QUOTE
from app.services import permissions, reminders
from app.services.errors import Forbidden
from app.services.permissions import ADMIN, PERMISSIONS, PUBLIC, SYSTEM

TODAY = date(2026, 3, 1)


def document(status: str, *, late: bool = False, owes: int = 10):
    day = TODAY - timedelta(days=1) if late else TODAY + timedelta(days=30)
    return SimpleNamespace(status=status, viewed_at=None, due_date=day, expiry_date=day, amount_due=Decimal(owes),
                           amount_paid=Decimal(0), amount_refunded=Decimal(0), issued_count=0)


@pytest.mark.parametrize("table", [INVOICE, QUOTE], ids=["invoice", "quote"])
def test_one_view_step_moves_a_sent_document_to_viewed_once(table):
    sent = document("sent", late=True)  # shown as overdue or expired: its stored status is what moves
    assert table.record_view(sent) is True
    assert sent.status == "viewed" and sent.viewed_at is not None
    assert table.record_view(sent) is False
    for status in table.statuses:
        if status != "sent":
            other = document(status)
            assert table.record_view(other) is False and (other.status, other.viewed_at) == (status, None)


@pytest.mark.parametrize("table", [INVOICE, QUOTE], ids=["invoice", "quote"])
def test_the_clients_link_opens_for_every_status_but_draft(table):
    opens = {status for status in table.statuses if table.permits("view", document(status), TODAY)}
    assert opens == set(table.statuses) - {"draft"}
    assert "view" not in table.allowed(document("sent"), ADMIN, TODAY)  # not a dashboard button
    assert "view" in table.allowed(document("sent"), PUBLIC, TODAY)


def test_automatic_reminders_are_a_rule_of_the_invoice_table():
    assert reminders.REMINDABLE == INVOICE.statuses_for("auto_remind") == ("sent", "viewed", "partial", "overdue")
    assert "auto_remind" in INVOICE.allowed(document("sent", late=True), SYSTEM, TODAY)
    assert "auto_remind" not in INVOICE.allowed(document("sent", owes=0), SYSTEM, TODAY)
    assert "auto_remind" not in INVOICE.allowed(document("in_review"), SYSTEM, TODAY)
    assert "auto_remind" not in INVOICE.allowed(document("sent"), ADMIN, TODAY)  # the scheduler's, not a button


@pytest.mark.parametrize("action", sorted(PERMISSIONS))
def test_the_role_column_lets_admins_and_the_system_only(action):
    assert permissions.may(ADMIN, action) and permissions.may(SYSTEM, action)
    assert not permissions.may("member", action) and not permissions.may(PUBLIC, action)
    permissions.require(ADMIN, action)
    with pytest.raises(Forbidden, match=f"^Only an admin of this company may {PERMISSIONS[action][1]}.$"):
        permissions.require("member", action)


def test_the_refusals_keep_their_wording():
    assert PERMISSIONS["manage_tax_rates"][1] == "manage tax rates"
    assert PERMISSIONS["change_settings"][1] == "change the company settings"
    assert PERMISSIONS["change_reminders"][1] == "change the reminder settings"
    assert {"invite_members", "revoke_invitations", "delete_customers"} <= set(PERMISSIONS)
