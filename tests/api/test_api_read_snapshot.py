"""A list or retrieve reads the invoice, then its payments and refunds, in separate
statements. A payment recorded between them must show in both or in neither: the answer
is read from one snapshot of the database."""
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import update

from app.extensions import db
from app.models import ApiKey
from app.models.base import utcnow
from tests.meanwhile import meanwhile
from tests.support.api import pay, send

pytestmark = pytest.mark.commits


@contextmanager
def paying_meanwhile(api, invoice_id: str, amount: str):
    """Record a payment (another request) just before the request in progress reads payments."""
    with meanwhile(lambda statement: "FROM payments" in statement, lambda: pay(api, invoice_id, amount)) as answers:
        yield answers
    assert answers and answers[0].status_code == 200, "the payment meanwhile was recorded"


def paid_invoice(api, make_invoice) -> str:
    invoice_id = make_invoice(due_date="2099-01-01").id
    send(api, invoice_id)
    assert pay(api, invoice_id, "1000").status_code == 200  # payments are read only once there are some
    # The test's session is the requests' session (one app context): leave no transaction open
    # in it, as a server's request would start without one.
    db.session.rollback()
    return invoice_id


def assert_consistent(document: dict, amount_paid: int) -> None:
    assert document["amount_paid"] == amount_paid
    assert sum(payment["amount"] for payment in document["payments"]) == amount_paid


def test_a_payment_recorded_while_a_list_is_read_shows_in_its_total_and_payments_or_in_neither(api, make_invoice):
    invoice_id = paid_invoice(api, make_invoice)
    with paying_meanwhile(api, invoice_id, "500"):
        listed = api.get("/v1/invoices").get_json()["data"]
    assert_consistent(listed[0], 1000)  # read before the payment landed
    assert_consistent(api.get("/v1/invoices").get_json()["data"][0], 1500)


def test_a_payment_recorded_while_an_invoice_is_read_shows_in_its_total_and_payments_or_in_neither(api, make_invoice):
    invoice_id = paid_invoice(api, make_invoice)
    with paying_meanwhile(api, invoice_id, "500"):
        document = api.get(f"/v1/invoices/{invoice_id}").get_json()["data"]
    assert_consistent(document, 1000)
    assert_consistent(api.get(f"/v1/invoices/{invoice_id}").get_json()["data"], 1500)


def test_two_reads_stamping_the_same_keys_last_use_at_once_both_answer(api, make_invoice):
    """The key's last use is written by the first request of each minute. When two requests
    with the same key both find it stale, the second one's write meets the first one's: it
    is retried, and answers like the first."""
    invoice_id = paid_invoice(api, make_invoice)
    db.session.execute(update(ApiKey).values(last_used_at=utcnow() - timedelta(hours=1)))
    db.session.commit()
    with meanwhile(lambda statement: statement.startswith("UPDATE api_keys"),
                   lambda: api.get(f"/v1/invoices/{invoice_id}")) as answers:
        response = api.get(f"/v1/invoices/{invoice_id}")
    assert answers and answers[0].status_code == 200
    assert response.status_code == 200, response.get_json()
    assert response.get_json() == answers[0].get_json()
