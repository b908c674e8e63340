"""Reminders in the dashboard: Settings → Reminders, the invoice's stop/resume button, the
customer's opt-out checkbox, and the timeline's words for what the tick did."""
from datetime import date

from app.jobs import due
from app.models import Customer
from app.services import reminders
from tests.support.html import field_error, flashes, input_value, text_of
from tests.support.reads import rows


def test_settings_page_saves_steps_and_skips_empty_rows(client, owner):
    html = text_of(client.get("/settings/reminders"))
    assert 'aria-current="page">Reminders</a>' in html and 'name="steps-2-days"' in html
    response = client.post("/settings/reminders", data={
        "reminders_enabled": "y", "steps-0-days": "7", "steps-0-subject": "Overdue", "steps-1-days": "",
        "steps-2-days": "-3", "steps-2-message": "Due soon."})
    assert response.status_code == 302
    assert reminders.settings_of(owner.company) == {"reminders_enabled": True, "reminder_steps": [
        {"days": -3, "subject": None, "message": "Due soon."}, {"days": 7, "subject": "Overdue", "message": None}]}
    html = text_of(client.get(response.location))
    assert "Reminder settings saved." in flashes(html)
    assert input_value(html, "steps-0-days") == "-3" and input_value(html, "steps-1-subject") == "Overdue"
    assert input_value(html, "steps-3-days") == ""  # rows to add more


def test_bad_steps_are_explained_beside_their_row_and_change_nothing(client, owner, switch_on):
    switch_on(owner, [{"days": 5}])
    response = client.post("/settings/reminders", data={
        "reminders_enabled": "y", "steps-0-days": "soon", "steps-1-subject": "Only a subject",
        "steps-2-days": "999", "steps-3-days": "4", "steps-4-days": "+4"})
    assert response.status_code == 400
    html = text_of(response)
    assert "whole number of days" in field_error(html, "steps-0-days")
    assert field_error(html, "steps-1-days") == "This field is required."
    assert "between -365 and 365" in field_error(html, "steps-2-days")
    assert "each day may have one step" in field_error(html, "steps-4-days")
    assert input_value(html, "steps-1-subject") == "Only a subject"
    assert reminders.settings_of(owner.company)["reminder_steps"] == [{"days": 5, "subject": None, "message": None}]


def test_switching_on_without_steps_is_refused(client, owner):
    response = client.post("/settings/reminders", data={"reminders_enabled": "y"})
    assert response.status_code == 400 and "at least one step" in text_of(response)
    assert owner.company.reminders_enabled is False


def test_members_see_the_steps_but_cannot_change_them(client, actor, member_of, login, switch_on):
    switch_on(actor, [{"days": 3}])
    member = member_of(actor.company)
    login(member.user.email)
    html = text_of(client.get("/settings/reminders"))
    assert "Only an admin can change these settings" in html and input_value(html, "steps-0-days") == "3"
    html = text_of(client.post("/settings/reminders", data={"steps-0-days": "9"}))
    assert any("Not allowed" in message for message in flashes(html))
    assert reminders.settings_of(actor.company)["reminder_steps"][0]["days"] == 3


def test_invoice_page_stops_and_resumes_reminders(client, owner, make_sent_invoice, switch_on):
    switch_on(owner)
    invoice = make_sent_invoice(owner)
    html = text_of(client.get(f"/invoices/{invoice.id}"))
    assert "Automatic reminders are on for this invoice." in html and "Stop reminders" in html
    response = client.post(f"/invoices/{invoice.id}/reminders", data={"excluded": "1"})
    html = text_of(client.get(response.location))
    assert "Automatic reminders stopped for this invoice." in flashes(html) and "Resume reminders" in html
    assert invoice.reminders_excluded is True
    assert due.run_due(date(2025, 5, 15)).counts["reminders"] == {} and rows(invoice) == []
    client.post(f"/invoices/{invoice.id}/reminders", data={"excluded": "0"})
    assert invoice.reminders_excluded is False
    assert client.post("/invoices/inv_000000000000/reminders", data={"excluded": "1"}).status_code == 404


def test_timeline_names_the_step_sent_and_the_ones_skipped(client, owner, make_sent_invoice, switch_on):
    switch_on(owner)
    invoice = make_sent_invoice(owner)
    due.run_due(date(2025, 5, 15))
    html = text_of(client.get(f"/invoices/{invoice.id}"))
    assert "Reminder sent to billing@acme.example.com (on the due date)" in html
    assert "Reminder skipped (3 days before the due date; the step on the due date was due)" in html


def test_customer_form_opt_out_checkbox(client, owner, db):
    html = text_of(client.get("/customers/new"))
    assert 'name="send_reminders"' in html and "checked" in html.split('name="send_reminders"')[0][-200:] + \
        html.split('name="send_reminders"')[1][:40]
    client.post("/customers/new", data={"name": "Quiet Ltd", "country": "US", "currency": "USD", "status": "active"})
    quiet = db.session.query(Customer).filter_by(name="Quiet Ltd").one()
    assert quiet.send_reminders is False  # an unticked box
    client.post(f"/customers/{quiet.id}/edit", data={"name": "Quiet Ltd", "country": "US", "currency": "USD",
                                                     "status": "active", "send_reminders": "y"})
    db.session.refresh(quiet)
    assert quiet.send_reminders is True


def test_invoice_page_says_why_an_invoice_gets_no_reminders(client, owner, make_invoice, make_customer, make_sent_invoice,
                                                            switch_on):
    draft = make_invoice()
    assert "Automatic reminders are off for Acme Studio." in text_of(client.get(f"/invoices/{draft.id}"))
    switch_on(owner)
    assert "start once the invoice is sent" in text_of(client.get(f"/invoices/{draft.id}"))
    quiet = make_sent_invoice(owner, customer=make_customer(name="Quiet Ltd", send_reminders=False))
    assert "Quiet Ltd does not take automatic reminders." in text_of(client.get(f"/invoices/{quiet.id}"))
    paid = make_sent_invoice(owner)
    from app.invoices import lifecycle
    from app.services import transaction
    with transaction():
        lifecycle.record_payment(owner, paid.id, {"amount": str(paid.total)})
    assert "nothing is awaited on this invoice now" in text_of(client.get(f"/invoices/{paid.id}"))
