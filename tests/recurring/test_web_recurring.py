"""Recurring invoices in the dashboard: the nav entry and list, the editor (the shared
document editor plus the schedule, working without script), the detail page with its
issued invoices and next five dates, and the pause/resume/cancel/delete buttons."""
from datetime import date
from decimal import Decimal

import time_machine

from app.extensions import db
from app.jobs import due
from app.models import RecurringInvoice
from app.recurring import service as recurring
from tests.support.forms import recurring_form
from tests.support.html import badges, field_error, flashes, input_value, text_of
from tests.support.reads import issued


def test_nav_list_and_create_from_the_editor(client, owner, make_customer):
    customer = make_customer()
    html = text_of(client.get("/recurring"))
    assert 'href="/recurring" aria-current="page">Recurring</a>' in html and "No recurring invoices" in html
    editor = text_of(client.get("/recurring/new"))
    assert 'name="items-0-item_name"' in editor and 'name="interval"' in editor
    response = client.post("/recurring/new", data=recurring_form(customer, auto_send="y", count="3"))
    assert response.status_code == 302, text_of(response)
    [saved] = db.session.scalars(recurring.list_query(owner)).all()
    assert (saved.interval, saved.due_days, saved.count, saved.auto_send) == ("month", 14, 3, True)
    assert saved.total == Decimal("58.31")
    page = text_of(client.get(response.location))
    assert "Recurring invoice saved." in flashes(page) and badges(page)[0] == "active"
    assert all(day in page for day in ("Jan 31, 2027", "Feb 28, 2027", "Mar 31, 2027"))
    assert "Apr 30, 2027" not in page  # three invoices in all
    listed = text_of(client.get("/recurring"))
    assert saved.id in listed and "0 of 3" in listed


def test_bad_schedule_is_explained_beside_its_field_and_saves_nothing(client, owner, make_customer):
    customer = make_customer()
    response = client.post("/recurring/new", data=recurring_form(customer, end_date="2027-01-01", interval_count="0"))
    assert response.status_code == 400
    html = text_of(response)
    assert "from 1 to" in field_error(html, "interval_count")
    assert input_value(html, "items-0-item_name") == "Hosting"
    assert db.session.scalars(recurring.list_query(owner)).all() == []
    response = client.post("/recurring/new", data=recurring_form(customer, end_date="2027-01-01"))
    assert "before the start date" in field_error(text_of(response), "end_date")


def test_a_start_more_than_twelve_periods_back_is_explained_at_its_field(client, owner, make_customer, make_recurring):
    customer = make_customer()
    with time_machine.travel(date(2026, 12, 7), tick=False):
        response = client.post("/recurring/new", data=recurring_form(customer, start_date="1996-12-07"))
        assert response.status_code == 400
        assert "Must be 2025-12-07 or later" in field_error(text_of(response), "start_date")
        assert db.session.scalars(recurring.list_query(owner)).all() == []
        saved = make_recurring(owner, customer)
        response = client.post(f"/recurring/{saved.id}/edit", data=recurring_form(customer, start_date="2025-11-30"))
        assert "12 periods (12 months) before today" in field_error(text_of(response), "start_date")
        db.session.refresh(saved)
        assert saved.start_date == date(2027, 1, 31)


def test_row_buttons_work_without_script(client, owner, make_customer):
    response = client.post("/recurring/new", data={**recurring_form(make_customer()), "row_action": "add"})
    assert response.status_code == 200 and 'name="items-1-item_name"' in text_of(response)
    assert db.session.scalars(recurring.list_query(owner)).all() == []


def test_detail_shows_issued_invoices_and_next_dates_and_the_invoice_links_back(client, owner, make_customer, make_recurring):
    rec = make_recurring(owner, make_customer())
    due.run_due(date(2027, 2, 28))
    html = text_of(client.get(f"/recurring/{rec.id}"))
    numbers = [invoice.invoice_number for invoice in issued(rec)]
    assert all(number in html for number in numbers)
    for day in ("Mar 31, 2027", "Apr 30, 2027", "May 31, 2027", "Jun 30, 2027", "Jul 31, 2027"):
        assert day in html
    assert "Aug 31, 2027" not in html and "Jan 31, 2027 – Feb 27, 2027" in html
    invoice_page = text_of(client.get(f"/invoices/{issued(rec)[0].id}"))
    assert f'href="/recurring/{rec.id}"' in invoice_page


def test_edit_after_issuing_keeps_the_schedule_and_changes_the_items(client, owner, make_customer, make_recurring):
    rec = make_recurring(owner, make_customer())
    due.run_due(date(2027, 1, 31))
    editor = text_of(client.get(f"/recurring/{rec.id}/edit"))
    assert 'name="interval"' not in editor and "Only its end can change" in editor
    response = client.post(f"/recurring/{rec.id}/edit", data=recurring_form(rec.customer, interval="year",
                                                                   **{"items-0-unit_price": "60"}))
    assert response.status_code == 302, text_of(response)
    db.session.expire_all()
    found = db.session.get(RecurringInvoice, rec.pk)
    assert found.interval == "month" and str(found.items[0].unit_price).startswith("60")


def test_pause_resume_cancel_buttons(client, owner, make_customer, make_recurring):
    rec = make_recurring(owner, make_customer())
    page = text_of(client.get(f"/recurring/{rec.id}"))
    assert f'action="/recurring/{rec.id}/pause"' in page and f'action="/recurring/{rec.id}/resume"' not in page
    response = client.post(f"/recurring/{rec.id}/pause")
    page = text_of(client.get(response.location))
    assert badges(page)[0] == "paused" and f'action="/recurring/{rec.id}/resume"' in page
    client.post(f"/recurring/{rec.id}/resume")
    client.post(f"/recurring/{rec.id}/cancel")
    page = text_of(client.get(f"/recurring/{rec.id}"))
    assert badges(page)[0] == "cancelled" and "Nothing more will be issued." in page
    refused = client.post(f"/recurring/{rec.id}/pause")
    assert "Nothing was changed" in " ".join(flashes(text_of(client.get(refused.location))))
    client.post(f"/recurring/{rec.id}/delete")
    assert client.get(f"/recurring/{rec.id}").status_code == 404


def test_a_member_sees_no_delete_and_a_posted_delete_is_refused(client, actor, make_customer, member_of, login, make_recurring):
    rec = make_recurring(actor, make_customer())
    member = member_of(actor.company)
    login(member.user.email)
    page = text_of(client.get(f"/recurring/{rec.id}"))
    assert f'action="/recurring/{rec.id}/delete"' not in page and f'action="/recurring/{rec.id}/pause"' in page
    refused = client.post(f"/recurring/{rec.id}/delete")
    assert refused.location.endswith(f"/recurring/{rec.id}")
    assert "Only an admin of this company may delete recurring invoices." in " ".join(
        flashes(text_of(client.get(refused.location))))
    db.session.expire_all()
    assert db.session.get(RecurringInvoice, rec.pk).status == "active"
    client.post("/logout")
    login(actor.user.email)
    assert f'action="/recurring/{rec.id}/delete"' in text_of(client.get(f"/recurring/{rec.id}"))


def test_buttons_need_a_csrf_token(app, client, owner, make_customer, make_recurring):
    rec = make_recurring(owner, make_customer())
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        client.post(f"/recurring/{rec.id}/cancel")
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    db.session.expire_all()
    assert db.session.get(RecurringInvoice, rec.pk).status == "active"


def test_another_companys_recurring_invoice_is_404(client, owner, make_account, make_customer, make_recurring):
    other = make_account(email="other@example.com", company="Other")
    theirs = make_recurring(other, make_customer(other))
    for path in (f"/recurring/{theirs.id}", f"/recurring/{theirs.id}/edit"):
        assert client.get(path).status_code == 404
    for action in ("pause", "cancel", "delete", "edit"):
        assert client.post(f"/recurring/{theirs.id}/{action}").status_code == 404, action
    assert theirs.id not in text_of(client.get("/recurring"))
    db.session.expire_all()
    assert db.session.get(RecurringInvoice, theirs.pk).status == "active"
