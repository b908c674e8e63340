"""A dashboard page reads an invoice, then its payments, in separate statements. A payment
recorded between them shows in both the totals and the payments table, or in neither."""
import re

import pytest

from app.extensions import db
from app.invoices import lifecycle
from app.models import User
from app.services import transaction
from app.services.tenancy import actor_for
from tests.meanwhile import meanwhile
from tests.support.html import text_of

pytestmark = pytest.mark.commits


def test_a_payment_recorded_while_the_invoice_page_is_read_is_in_its_totals_and_table_or_neither(
        app, client, owner, make_invoice):
    invoice = make_invoice(due_date="2099-01-01")
    with transaction():
        lifecycle.send_invoice(owner, invoice.id, deliver=lambda *_: None)
        lifecycle.record_payment(owner, invoice.id, {"amount": "1000"})
    invoice_id, user_pk, company_id = invoice.id, owner.user.pk, owner.company.id
    db.session.rollback()  # the test's session is the request's: leave no transaction open

    def pay_elsewhere():  # run in another thread: it needs its own app context
        with app.app_context(), transaction():
            elsewhere = actor_for(db.session.get(User, user_pk), company_id)
            return lifecycle.record_payment(elsewhere, invoice_id, {"amount": "500"}).id

    with meanwhile(lambda statement: "FROM payments" in statement, pay_elsewhere) as done:
        html = text_of(client.get(f"/invoices/{invoice_id}"))
    assert done, "the payment meanwhile was recorded"
    paid_rows = re.findall(r"<td>Payment[^<]*</td><td class=\"num\">([^<]+)</td>", html)
    assert paid_rows == ["$1,000.00"] and "$7,769.60" in html  # read before the payment landed
    db.session.rollback()  # the page's transaction (pages do not commit) and its loaded objects
    later = text_of(client.get(f"/invoices/{invoice_id}"))
    assert re.findall(r"<td>Payment[^<]*</td><td class=\"num\">([^<]+)</td>", later) == ["$1,000.00", "$500.00"]
    assert "$7,269.60" in later
