"""Issue 24 #24, the small things: the e-invoice note names the formats it is about, Stop
reminders only where reminders would go out, activity lines name their object, the empty
revenue chart says there is nothing yet, a new customer's country is the company's, and a bad
date in the invoice list's filters is said."""
import re
from html import unescape

from app.invoices import lifecycle
from app.quotes import service as quotes
from app.services import accounts, transaction
from tests.support.data import BUYER_FIELDS, SELLER_FIELDS
from tests.support.html import flashes, selected, text_of


def test_the_e_invoice_note_says_which_formats_lack_what(client, owner, make_customer, make_invoice):
    with transaction():
        accounts.update_company(owner, SELLER_FIELDS)
    invoice = make_invoice(customer=make_customer(**BUYER_FIELDS), currency="EUR")
    html = unescape(text_of(client.get(f"/invoices/{invoice.id}")))
    assert "complete these so the invoice can go out as an e-invoice" not in html
    assert "Ready for Factur-X and UBL. For XRechnung too, complete this before sending:" in html
    assert "(XRechnung only)" in html
    bare = make_invoice()  # no format is ready: the note asks for all of them
    assert "Before sending, complete these so the invoice can go out as an e-invoice" in unescape(
        text_of(client.get(f"/invoices/{bare.id}")))


def test_stop_reminders_only_where_reminders_would_go_out(client, owner, make_customer, make_sent_invoice, switch_on):
    invoice = make_sent_invoice(owner)
    html = text_of(client.get(f"/invoices/{invoice.id}"))
    assert "Automatic reminders are off" in html and "Stop reminders" not in html  # the company's setting
    switch_on(owner)
    assert "Stop reminders" in text_of(client.get(f"/invoices/{invoice.id}"))
    quiet = make_sent_invoice(owner, customer=make_customer(name="Quiet Ltd", send_reminders=False))
    html = text_of(client.get(f"/invoices/{quiet.id}"))
    assert "does not take automatic reminders" in html and "Stop reminders" not in html  # the customer's
    client.post(f"/invoices/{invoice.id}/reminders", data={"excluded": "1"})
    with transaction():
        from app.services import reminders
        reminders.update_settings(owner, {"reminders_enabled": False})
    assert "Resume reminders" in text_of(client.get(f"/invoices/{invoice.id}"))  # stopped: it can be undone


def activity_lines(html: str) -> list[str]:
    block = html[html.index('id="activity-heading"'):]
    return [" ".join(unescape(re.sub(r"<[^>]+>", "", line)).split())
            for line in re.findall(r'<span class="timeline-what">(.*?)</span>', block, re.S)]


def test_activity_lines_name_their_object(client, owner, make_customer, make_sent_invoice):
    customer = make_customer(name="Wayne Enterprises")
    invoice = make_sent_invoice(owner, customer=customer)
    with transaction():
        lifecycle.record_payment(owner, invoice.id, {"amount": "100"})
        quote = quotes.create_quote(owner, {"customer_id": customer.id,
                                            "items": [{"name": "Design", "quantity": 1, "unit_price": "10"}]})
    lines = activity_lines(text_of(client.get("/")))
    assert lines[0] == f"Quote created ({quote.number})"
    assert lines[1] == f"Payment of $100.00 recorded on {invoice.invoice_number}"
    assert "Wayne Enterprises · Customer added" in lines
    html = text_of(client.get("/"))
    assert f'<a href="/quotes/{quote.id}">' in html and f'<a href="/customers/{customer.id}">' in html


def test_the_empty_revenue_chart_says_there_is_nothing_yet(client, owner):
    html = text_of(client.get("/"))
    assert "Top of the scale" not in html and "Nothing received in the last 12 months yet" in html


def test_a_new_customers_country_is_the_companys(client, owner):
    with transaction():
        accounts.update_company(owner, {"country": "DE"})
    assert selected(text_of(client.get("/customers/new")), "country") == "DE"


def test_a_bad_date_in_the_invoice_filters_is_said(client, owner, make_invoice):
    make_invoice()
    response = client.get("/invoices?issued_from=2025-13-01&due_to=soon")
    assert response.status_code == 400
    said = " ".join(flashes(unescape(text_of(response))))
    assert "Issued from: '2025-13-01' is not a date" in said and "Due until: 'soon' is not a date" in said
    assert client.get("/invoices?issued_from=2025-01-01").status_code == 200
