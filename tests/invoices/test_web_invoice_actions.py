"""Invoice detail and its actions through the test client: send (outbox), record payment,
cancel, refund, delete, PDF, copy link; refused transitions are flashed and change nothing."""
from decimal import Decimal

from app.invoices import lifecycle
from app.models import Invoice, Payment
from app.rendering import mail
from app.services import transaction
from tests.support.html import actions_of, badges, field_error, flashes, input_value, text_of


def test_draft_detail_shows_only_draft_actions(client, owner, make_invoice):
    invoice = make_invoice(due_date="2099-01-01")
    html = text_of(client.get(f"/invoices/{invoice.id}"))
    assert actions_of(html) == {"Send invoice", "Edit", "Download PDF", "Cancel invoice", "Delete"}
    assert badges(html)[0] == "draft" and "$8,769.60" in html and "Web Development" in html
    assert "Drafts have no public link yet" in html and "Invoice created" in html


def test_send_writes_the_outbox_and_shows_the_public_link(client, owner, make_invoice, app, db):
    invoice = make_invoice(due_date="2099-01-01")
    response = client.post(f"/invoices/{invoice.id}/send", follow_redirects=True)
    html = text_of(response)
    assert f"Invoice {invoice.invoice_number} sent to billing@acme.example.com." in flashes(html)
    assert badges(html)[0] == "sent"
    assert f'value="http://localhost/i/{invoice.public_token}"' in html and "data-copy-target" in html
    assert actions_of(html) == {"Send reminder", "Record payment", "Mark in review", "Edit", "Download PDF",
                                "Issue credit note", "Cancel invoice"}
    messages = mail.outbox_messages(company_id=owner.company.id)
    assert len(messages) == 1 and invoice.invoice_number in messages[0].subject
    outbox = text_of(client.get("/settings/outbox"))
    assert invoice.invoice_number in outbox and "billing@acme.example.com" in outbox
    message = text_of(client.get(f"/settings/outbox/{messages[0].filename}"))
    assert f"/i/{invoice.public_token}" in message
    assert client.get("/settings/outbox/not-a-file.eml").status_code == 404
    assert "Sent to billing@acme.example.com" in html  # the timeline


def test_send_refused_without_customer_email(client, owner, make_customer, make_invoice, db):
    customer = make_customer(email="")
    invoice = make_invoice(customer=customer, due_date="2099-01-01")
    html = text_of(client.post(f"/invoices/{invoice.id}/send", follow_redirects=True))
    assert any("has no contact email" in message and "Nothing was sent." in message for message in flashes(html))
    db.session.refresh(invoice)
    assert invoice.status == "draft"


def test_partial_then_full_payment(client, owner, sent_invoice, db):
    page = text_of(client.get(f"/invoices/{sent_invoice.id}/payment"))
    assert 'value="8769.6"' in page  # the amount due, ready to confirm
    response = client.post(f"/invoices/{sent_invoice.id}/payment", data={"amount": "1000", "payment_method": "Wire"},
                           follow_redirects=True)
    html = text_of(response)
    assert "Payment of $1,000.00 recorded." in flashes(html) and badges(html)[0] == "partial"
    assert "$7,769.60" in html and "Payment recorded: $1,000.00" in html
    client.post(f"/invoices/{sent_invoice.id}/payment", data={"amount": "7769.60"})
    db.session.refresh(sent_invoice)
    assert sent_invoice.status == "paid" and sent_invoice.amount_due == 0
    html = text_of(client.get(f"/invoices/{sent_invoice.id}"))
    assert actions_of(html) == {"Send reminder", "Edit", "Download PDF", "Refund", "Cancel invoice"}


def test_review_round_trip_keeps_the_amounts_in_step(client, owner, sent_invoice, db):
    html = text_of(client.post(f"/invoices/{sent_invoice.id}/review", data={"status": "in_review"},
                               follow_redirects=True))
    assert "Invoice marked in review." in flashes(html) and badges(html)[0] == "in_review"
    assert {"End review", "Record payment"} <= actions_of(html) and "Mark in review" not in actions_of(html)
    html = text_of(client.post(f"/invoices/{sent_invoice.id}/review", data={"status": "sent"}, follow_redirects=True))
    assert "Review ended: the invoice is sent again." in flashes(html) and badges(html)[0] == "sent"
    client.post(f"/invoices/{sent_invoice.id}/payment", data={"amount": "1000"})
    client.post(f"/invoices/{sent_invoice.id}/review", data={"status": "in_review"})
    html = text_of(client.post(f"/invoices/{sent_invoice.id}/review", data={"status": "sent"}, follow_redirects=True))
    assert "Review ended: the invoice is partial again." in flashes(html) and badges(html)[0] == "partial"
    db.session.refresh(sent_invoice)
    assert sent_invoice.status == "partial"


def test_a_payment_ends_the_review(client, owner, sent_invoice, db):
    client.post(f"/invoices/{sent_invoice.id}/review", data={"status": "in_review"})
    html = text_of(client.post(f"/invoices/{sent_invoice.id}/payment", data={"amount": "1000"}, follow_redirects=True))
    assert badges(html)[0] == "partial" and "Mark in review" in actions_of(html) and "End review" not in actions_of(html)
    db.session.refresh(sent_invoice)
    assert sent_invoice.status == "partial"


def test_review_refused_on_draft_and_for_other_targets(client, owner, make_invoice, sent_invoice, db):
    draft = make_invoice(due_date="2099-01-01")
    html = text_of(client.post(f"/invoices/{draft.id}/review", data={"status": "in_review"}, follow_redirects=True))
    assert any("A draft invoice leaves draft by being sent." in m for m in flashes(html))
    html = text_of(client.post(f"/invoices/{sent_invoice.id}/review", data={"status": "paid"}, follow_redirects=True))
    assert any("Cannot change the status of a sent invoice to 'paid'" in m for m in flashes(html))
    db.session.refresh(draft)
    db.session.refresh(sent_invoice)
    assert (draft.status, sent_invoice.status) == ("draft", "sent")


def test_payment_errors_beside_fields(client, owner, sent_invoice, db):
    for amount, message in (("", "This field is required."), ("-5", "Must be greater than 0."),
                            ("10.001", "Must have at most 2 decimal places."),
                            ("99999", "The amount cannot exceed the amount due ($8,769.60).")):
        response = client.post(f"/invoices/{sent_invoice.id}/payment", data={"amount": amount, "paid_at": "2026-01-02"})
        assert response.status_code == 400
        assert field_error(text_of(response), "amount") == message
    response = client.post(f"/invoices/{sent_invoice.id}/payment", data={"amount": "5", "paid_at": "yesterday"})
    assert field_error(text_of(response), "paid_at") == "Must be a date in the form YYYY-MM-DD."
    response = client.post(f"/invoices/{sent_invoice.id}/payment", data={"amount": "5", "paid_at": "2030-01-01"})
    assert field_error(text_of(response), "paid_at").startswith("The payment date cannot be in the future: today is ")
    assert db.session.query(Payment).count() == 0


def test_payment_amount_in_the_company_locale(client, owner, sent_invoice, db):
    owner.company.locale = "de_DE"
    db.session.commit()
    html = text_of(client.get(f"/invoices/{sent_invoice.id}/payment"))
    assert input_value(html, "amount") == "8769,6"  # the amount due, as the company writes it
    response = client.post(f"/invoices/{sent_invoice.id}/payment", data={"amount": "1.234,5", "paid_at": "2026-01-02"})
    assert response.status_code == 302, text_of(response)
    assert db.session.query(Payment).one().amount == Decimal("1234.50")


def test_refused_payment_on_draft_is_flashed(client, owner, make_invoice, db):
    invoice = make_invoice(due_date="2099-01-01")
    html = text_of(client.post(f"/invoices/{invoice.id}/payment", data={"amount": "5"}, follow_redirects=True))
    assert any(m.startswith("Cannot record a payment on an invoice that is draft") and m.endswith("Nothing was changed.")
               for m in flashes(html))
    assert db.session.query(Payment).count() == 0


def test_cancel_asks_then_cancels_and_refuses_twice(client, owner, sent_invoice, db):
    assert "Cancel INV-2025-000001?" in text_of(client.get(f"/invoices/{sent_invoice.id}/cancel"))
    html = text_of(client.post(f"/invoices/{sent_invoice.id}/cancel", data={"reason": "Duplicate"},
                               follow_redirects=True))
    assert badges(html)[0] == "cancelled" and "Duplicate" in html
    html = text_of(client.post(f"/invoices/{sent_invoice.id}/cancel", data={"reason": "again"}, follow_redirects=True))
    assert any("Cannot cancel an invoice that is cancelled" in m for m in flashes(html))
    db.session.refresh(sent_invoice)
    assert sent_invoice.cancellation_reason == "Duplicate"


def test_refund_paid_invoice(client, owner, sent_invoice, db):
    with transaction():
        lifecycle.record_payment(owner, sent_invoice.id, {"amount": "8769.60"})
    assert 'value="8769.6"' in text_of(client.get(f"/invoices/{sent_invoice.id}/refund"))
    response = client.post(f"/invoices/{sent_invoice.id}/refund", data={"amount": "9000"})
    assert response.status_code == 400
    assert field_error(text_of(response), "amount") == "At most $8,769.60 can be refunded."
    html = text_of(client.post(f"/invoices/{sent_invoice.id}/refund", data={"amount": "100", "reason": "Goodwill"},
                               follow_redirects=True))
    assert badges(html)[0] == "refunded" and "Refund of $100.00 recorded." in flashes(html)
    db.session.refresh(sent_invoice)
    assert sent_invoice.amount_refunded == Decimal("100")


def test_refund_refused_when_nothing_was_paid(client, owner, sent_invoice, db):
    html = text_of(client.post(f"/invoices/{sent_invoice.id}/refund", data={"amount": "1"}, follow_redirects=True))
    assert any("only money that was paid" in m for m in flashes(html))
    db.session.refresh(sent_invoice)
    assert sent_invoice.status == "sent"


def test_delete_asks_then_deletes_and_refuses_paid(client, owner, make_invoice, sent_invoice, db):
    draft = make_invoice(due_date="2099-01-01")
    assert f"Delete {draft.invoice_number}?" in text_of(client.get(f"/invoices/{draft.id}/delete"))
    response = client.post(f"/invoices/{draft.id}/delete")
    assert response.status_code == 302 and client.get(f"/invoices/{draft.id}").status_code == 404
    with transaction():
        lifecycle.record_payment(owner, sent_invoice.id, {"amount": "8769.60"})
    html = text_of(client.post(f"/invoices/{sent_invoice.id}/delete", follow_redirects=True))
    assert any("Invoices with status paid cannot be deleted. You must cancel them first." in m for m in flashes(html))
    db.session.refresh(sent_invoice)
    assert sent_invoice.deleted_at is None


def test_members_see_no_delete_and_are_refused(client, actor, make_invoice, member_of, login, db):
    invoice = make_invoice(due_date="2099-01-01")
    member = member_of(actor.company)
    login(member.user.email)
    html = text_of(client.get(f"/invoices/{invoice.id}"))
    assert "Delete" not in actions_of(html) and "Send invoice" in actions_of(html)
    html = text_of(client.post(f"/invoices/{invoice.id}/delete", follow_redirects=True))
    assert any("Only an admin of this company may delete invoices." in m for m in flashes(html))
    db.session.refresh(invoice)
    assert invoice.deleted_at is None
    client.post(f"/invoices/{invoice.id}/send")  # members may send
    db.session.refresh(invoice)
    assert invoice.status == "sent"


def test_pdf_download(client, owner, make_invoice):
    invoice = make_invoice(due_date="2099-01-01")
    response = client.get(f"/invoices/{invoice.id}/pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF") and invoice.invoice_number in response.headers["Content-Disposition"]


def test_overdue_shows_red_badge_on_detail(client, owner, make_invoice, db):
    invoice = make_invoice()  # due 2025-05-15
    with transaction():
        lifecycle.send_invoice(owner, invoice.id, deliver=lambda *_: None)
    html = text_of(client.get(f"/invoices/{invoice.id}"))
    assert badges(html)[0] == "overdue" and "figure-alert" in html
    assert db.session.get(Invoice, invoice.pk).status == "sent"  # shown, not stored


def test_a_sent_invoice_offers_no_delete_until_it_is_cancelled(client, owner, sent_invoice, db):
    page = f"/invoices/{sent_invoice.id}"
    assert "Delete" not in actions_of(text_of(client.get(page)))
    html = text_of(client.post(page + "/delete", follow_redirects=True))
    said = ("Cannot delete an invoice that is sent; only draft, cancelled or refunded invoices can be deleted, "
            "so cancel it first (its credit note corrects it).")
    assert any(said in m for m in flashes(html))
    db.session.refresh(sent_invoice)
    assert sent_invoice.deleted_at is None and client.get(page).status_code == 200
    client.post(page + "/cancel", data={"reason": "Wrong customer"})
    assert "Delete" in actions_of(text_of(client.get(page)))
    confirm = text_of(client.get(page + "/delete"))
    assert 'href="/invoices/deleted"' in confirm
    assert client.post(page + "/delete").status_code == 302
    assert client.get(page).status_code == 404


def test_deleted_page_lists_every_deleted_number_with_who_and_when(client, owner, make_invoice, make_account,
                                                                   member_of, login):
    kept, draft, sent = (make_invoice(due_date="2099-01-01") for _ in range(3))
    with transaction():
        lifecycle.send_invoice(owner, sent.id, deliver=lambda *_: None)
        lifecycle.cancel_invoice(owner, sent.id, "Wrong customer")
    with transaction():
        lifecycle.delete_invoice(owner, draft.id)
        lifecycle.delete_invoice(owner, sent.id)
    other = make_account(email="other@example.com", company="Other Co", invoice_prefix="OTHR")
    theirs = make_invoice(other)
    with transaction():
        lifecycle.delete_invoice(other, theirs.id)
    listing = text_of(client.get("/invoices"))
    assert 'href="/invoices/deleted"' in listing
    assert kept.invoice_number in listing and draft.invoice_number not in listing and sent.invoice_number not in listing
    response = client.get("/invoices/deleted")
    assert response.status_code == 200
    html = text_of(response)
    rows = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0].split("<tr>")[1:]
    assert [row.split('<td class="nowrap">', 1)[1].split("<", 1)[0] for row in rows] == [
        sent.invoice_number, draft.invoice_number]
    name = owner.user.name or owner.user.email
    assert all(name in row for row in rows)
    assert "badge-cancelled" in rows[0] and "sent " in rows[0] and "never sent" in rows[1]
    assert kept.invoice_number not in html and theirs.invoice_number not in html and "Other Co" not in html
    member = member_of(owner.company)
    login(member.user.email)
    assert draft.invoice_number in text_of(client.get("/invoices/deleted"))  # members read the record too


def test_deleted_page_reads_in_the_same_statements_whatever_its_rows(client, owner, make_invoice):
    from tests.support.statements import statements_for
    counts = []
    for deleted in (1, 11):
        for _ in range(deleted):
            invoice = make_invoice(due_date="2099-01-01")
            with transaction():
                lifecycle.delete_invoice(owner, invoice.id)
        counts.append(statements_for(client, "/invoices/deleted"))
    assert "<tbody>" in text_of(client.get("/invoices/deleted"))
    assert counts[0] == counts[1], counts


def test_the_deleted_page_without_deletions_says_so(client, owner, make_invoice):
    make_invoice()
    assert "No invoice has been deleted" in text_of(client.get("/invoices/deleted"))
