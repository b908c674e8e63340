"""Payment reminders (DESIGN §13): each step on its day, never twice, only the latest after
downtime, the skips, the company's timezone, and the email (PDF + public link)."""
import io
import random
import threading
from datetime import date, timedelta

import pytest
import time_machine
from pypdf import PdfReader
from sqlalchemy import select

from app.extensions import db
from app.invoices import lifecycle
from app.invoices import service as invoices
from app.jobs import due
from app.jobs import reminders as reminder_jobs
from app.models import Invoice
from app.models.base import utcnow
from app.services import customers, reminders, transaction
from app.services.errors import Forbidden, ValidationError
from app.services.tenancy import Actor
from tests.reliability import workers as w
from tests.support.reads import mails_of, reminder_activities, rows


def tick(day: str | None = None):
    return due.run_due(date.fromisoformat(day) if day else None)


def counts(report):
    return dict(report.counts["reminders"])


# --- settings -------------------------------------------------------------------------------

def test_settings_are_off_by_default_and_validated(actor, switch_on):
    assert reminders.settings_of(actor.company) == {"reminders_enabled": False, "reminder_steps": []}
    switch_on(actor, [{"days": "7"}, {"days": -3, "subject": "  Soon due  ", "message": ""}])
    assert reminders.settings_of(actor.company)["reminder_steps"] == [
        {"days": -3, "subject": "Soon due", "message": None}, {"days": 7, "subject": None, "message": None}]
    bad = {
        "reminder_steps.0.days": [{"days": 400}],
        "reminder_steps.1.days": [{"days": 3}, {"days": "3"}],
        "reminder_steps.0.subject": [{"days": 1, "subject": "x" * 201}],
        "reminder_steps.0.message": [{"days": 1, "message": "x" * 2001}],
        "reminder_steps.0.colour": [{"days": 1, "colour": "red"}],
        "reminder_steps": "every week",
    }
    for field, steps in bad.items():
        with pytest.raises(ValidationError) as refused:
            reminders.update_settings(actor, {"reminder_steps": steps})
        assert field in refused.value.errors, (field, refused.value.errors)
    for value in (True, 1.5, "soon", None, [1]):
        with pytest.raises(ValidationError):
            reminders.update_settings(actor, {"reminder_steps": [{"days": value}]})
    with pytest.raises(ValidationError, match="At most 10"):
        reminders.update_settings(actor, {"reminder_steps": [{"days": n} for n in range(11)]})
    with pytest.raises(ValidationError, match="true or false"):
        reminders.update_settings(actor, {"reminders_enabled": "yes"})
    with pytest.raises(ValidationError, match="at least one step"):
        reminders.update_settings(actor, {"reminder_steps": []})
    db.session.rollback()
    assert reminders.settings_of(actor.company)["reminder_steps"][0]["subject"] == "Soon due"


def test_only_admins_change_the_reminder_settings(actor):
    member = Actor(company=actor.company, role="member", user=actor.user)
    with pytest.raises(Forbidden):
        reminders.update_settings(member, {"reminders_enabled": True, "reminder_steps": [{"days": 1}]})


# --- which step, which day --------------------------------------------------------------------

def test_each_step_sends_on_its_day_and_never_twice(actor, make_sent_invoice, switch_on):
    switch_on(actor)
    invoice = make_sent_invoice(actor)
    expected = {"2025-05-11": [], "2025-05-12": [(-3, "sent")], "2025-05-13": [(-3, "sent")],
                "2025-05-15": [(-3, "sent"), (0, "sent")], "2025-05-21": [(-3, "sent"), (0, "sent")],
                "2025-05-22": [(-3, "sent"), (0, "sent"), (7, "sent")]}
    for day, handled in expected.items():
        with time_machine.travel(f"{day} 09:00:00+00:00", tick=False):
            tick()
            again = tick()
        assert rows(invoice) == handled, day
        assert counts(again) == {}, day  # the second tick of the day finds nothing to do
    assert [details["step"] for action, details in reminder_activities(invoice)] == [-3, 0, 7]
    assert len(mails_of(actor.company)) == 3


def test_after_downtime_only_the_latest_missed_step_is_sent(actor, make_sent_invoice, switch_on):
    switch_on(actor)
    invoice = make_sent_invoice(actor)
    report = tick("2025-05-25")
    assert counts(report) == {"sent": 1}
    assert rows(invoice) == [(-3, "skipped"), (0, "skipped"), (7, "sent")]
    assert reminder_activities(invoice)[-1] == ("invoice.reminder_sent", {"to": "billing@acme.example.com", "step": 7})
    assert counts(tick("2025-05-26")) == {} and len(mails_of(actor.company)) == 1


def test_a_step_further_back_than_the_late_limit_is_not_sent(actor, make_sent_invoice, switch_on):
    switch_on(actor)
    invoice = make_sent_invoice(actor)
    late = date(2025, 5, 22) + timedelta(days=reminders.LATE_LIMIT_DAYS + 1)
    assert counts(tick(late.isoformat())) == {} and rows(invoice) == []


def test_dates_follow_the_company_timezone(make_account, make_sent_invoice, switch_on):
    actor = make_account(timezone="Pacific/Auckland")
    switch_on(actor)
    invoice = make_sent_invoice(actor)
    with time_machine.travel("2025-05-11 11:00:00+00:00", tick=False):  # 23:00 on the 11th in Auckland
        assert counts(tick()) == {}
    with time_machine.travel("2025-05-11 12:30:00+00:00", tick=False):  # 00:30 on the 12th there
        assert counts(tick()) == {"sent": 1}
    assert rows(invoice) == [(-3, "sent")]


def test_skipped_invoices_and_customers(actor, make_invoice, make_customer, make_sent_invoice, switch_on):
    switch_on(actor)
    paid = make_sent_invoice(actor)
    with transaction():
        lifecycle.record_payment(actor, paid.id, {"amount": str(paid.total)})
    cancelled = make_sent_invoice(actor)
    with transaction():
        lifecycle.cancel_invoice(actor, cancelled.id)
    draft = make_invoice(due_date="2025-05-15")
    review = make_sent_invoice(actor)
    with transaction():
        invoices.update_invoice(actor, review.id, {"status": "in_review"})
    excluded = make_sent_invoice(actor)
    with transaction():
        reminders.set_excluded(actor, excluded.id, True)
    opted_out = make_sent_invoice(actor, customer=make_customer(name="Quiet Ltd", send_reminders=False))
    deleted = make_sent_invoice(actor)
    with transaction():  # deleted while sent, as could happen before sent invoices were kept
        deleted.deleted_at = utcnow()
    refunded = make_sent_invoice(actor)
    with transaction():
        lifecycle.record_payment(actor, refunded.id, {"amount": refunded.total})
        lifecycle.refund_invoice(actor, refunded.id, {})
    partial = make_sent_invoice(actor)
    with transaction():
        lifecycle.record_payment(actor, partial.id, {"amount": "100"})
    report = tick("2025-05-15")
    assert counts(report) == {"sent": 1}
    for skipped in (paid, cancelled, draft, review, excluded, opted_out, deleted, refunded):
        assert rows(skipped) == [], skipped.status
    assert rows(partial) == [(-3, "skipped"), (0, "sent")]
    with transaction():  # resumed: the invoice takes the next step due
        reminders.set_excluded(actor, excluded.id, False)
    assert counts(tick("2025-05-15")) == {"sent": 1} and rows(excluded)[-1] == (0, "sent")


def test_switched_off_companies_send_nothing(actor, make_sent_invoice, switch_on):
    switch_on(actor)
    invoice = make_sent_invoice(actor)
    with transaction():
        reminders.update_settings(actor, {"reminders_enabled": False})
    assert counts(tick("2025-05-15")) == {} and rows(invoice) == []
    assert reminder_jobs.remind(invoice.pk, date(2025, 5, 15)).outcome == "nothing"


def test_the_reminder_mail_has_the_pdf_the_link_and_the_steps_words(app, actor, make_sent_invoice, switch_on):
    switch_on(actor)
    invoice = make_sent_invoice(actor)
    tick("2025-05-22")
    [message] = mails_of(actor.company)
    assert message["Subject"] == f"Still unpaid ({invoice.invoice_number})"
    assert message["To"].addresses[0].addr_spec == "billing@acme.example.com"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for body in (text, html):
        assert f"http://localhost/i/{invoice.public_token}" in body and "Please pay this week." in body
    [attachment] = message.iter_attachments()
    assert attachment.get_content_type() == "application/pdf"
    assert invoice.invoice_number in PdfReader(io.BytesIO(attachment.get_content())).pages[0].extract_text()


def test_a_failed_delivery_releases_the_step_for_a_later_tick(app, actor, monkeypatch, make_sent_invoice, switch_on):
    from app.rendering import mail
    from app.services.errors import DeliveryFailed

    switch_on(actor)
    invoice = make_sent_invoice(actor)

    def refuse(message):
        raise DeliveryFailed("The mail server did not accept the message: 451 try later")
    monkeypatch.setattr(mail, "deliver_message", refuse)
    report = tick("2025-05-15")
    assert counts(report) == {"failed": 1} and "451 try later" in report.lines[0]
    assert rows(invoice) == [(-3, "skipped")]  # step 0 is free again; -3 stays superseded
    monkeypatch.undo()
    assert counts(tick("2025-05-15")) == {"sent": 1} and rows(invoice) == [(-3, "skipped"), (0, "sent")]


@pytest.mark.commits
def test_two_workers_at_once_send_a_step_once(app, actor, make_sent_invoice, switch_on):
    switch_on(actor)
    sent = [make_sent_invoice(actor) for _ in range(3)]
    pks = [invoice.pk for invoice in sent]
    workers = 4
    outcomes, errors = [], []
    barrier = threading.Barrier(workers)
    with w.pooled_app(app, workers) as application:
        def work():
            with application.app_context():
                try:
                    barrier.wait(timeout=30)
                    for pk in pks:
                        outcomes.append(reminder_jobs.remind(pk, date(2025, 5, 15)).outcome)
                except Exception as error:  # noqa: BLE001  (reported by the assertion)
                    errors.append(repr(error))
                finally:
                    db.session.remove()
        threads = [threading.Thread(target=work) for _ in range(workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    assert errors == []
    assert sorted(outcomes) == ["nothing"] * (len(pks) * (workers - 1)) + ["sent"] * len(pks)
    for invoice in sent:
        assert rows(invoice) == [(-3, "skipped"), (0, "sent")]
        assert [action for action, _ in reminder_activities(invoice)] == ["invoice.reminder_skipped",
                                                                           "invoice.reminder_sent"]


# --- the SQL window and the rule agree --------------------------------------------------------

def test_the_due_query_finds_exactly_what_the_rule_says(actor, make_customer):
    """Random steps and due dates: an invoice is found on a day if and only if its latest due
    step (the pure rule) is not handled yet."""
    rng = random.Random(18)
    customer = make_customer()
    with transaction():
        made = [invoices.create_invoice(actor, {"customer_id": customer.id, "issue_date": "2025-01-01",
                                                "due_date": (date(2025, 3, 1) + timedelta(days=n)).isoformat(),
                                                "items": [{"name": "Work", "quantity": 1, "unit_price": 5}]})
                for n in range(0, 120, 3)]
        for invoice in made:
            invoice.status = "sent"
    for _ in range(15):
        steps = sorted(rng.sample(range(-20, 40), rng.randint(1, 4)))
        with transaction():
            reminders.update_settings(actor, {"reminders_enabled": True,
                                              "reminder_steps": [{"days": d} for d in steps]})
        today = date(2025, 3, 1) + timedelta(days=rng.randint(-10, 170))
        found = set(db.session.scalars(reminders.due_query(actor.company, today)))
        expected = {invoice.pk for invoice in made
                    if reminders.latest_due_step(steps, invoice.due_date, today) is not None}
        assert found == expected, (steps, today)


def test_windows_match_the_rule_for_every_due_date():
    rng = random.Random(13)
    for _ in range(200):
        steps = sorted(rng.sample(range(-40, 60), rng.randint(1, 6)))
        today = date(2025, 6, 1)
        windows = reminders.due_windows(steps, today)
        for offset in range(-150, 100):
            due_date = today + timedelta(days=offset)
            in_window = [step for step, first, last in windows if first <= due_date <= last]
            rule = reminders.latest_due_step(steps, due_date, today)
            assert in_window == ([rule] if rule is not None else []), (steps, due_date)


def test_customer_send_reminders_defaults_on_and_is_validated(actor):
    with transaction():
        customer = customers.create_customer(actor, {"name": "Default Co", "country": "US"})
    assert customer.send_reminders is True
    with pytest.raises(ValidationError, match="true or false"):
        customers.update_customer(actor, customer.id, {"send_reminders": "maybe"})


def test_excluding_an_invoice_writes_activity_once(actor, make_invoice):
    invoice = make_invoice()
    with transaction():
        reminders.set_excluded(actor, invoice.id, True)
        reminders.set_excluded(actor, invoice.id, True)
    assert db.session.scalar(select(Invoice.reminders_excluded).where(Invoice.pk == invoice.pk)) is True
    assert [action for action, _ in reminder_activities(invoice)] == ["invoice.reminders_stopped"]
    with pytest.raises(ValidationError):
        reminders.set_excluded(actor, invoice.id, "no")
