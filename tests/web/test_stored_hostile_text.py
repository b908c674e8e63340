"""Text written straight into the database (bypassing every input check, as rows stored before
the rule were) never breaks a document: the dashboard's and the client's PDFs, the e-invoice
XML in every format, and sending an invoice, a quote, a credit note and a reminder all work,
and the headers of what is sent parse back to the one intended recipient."""
from datetime import date
from email import policy
from email.parser import BytesParser

import pytest
from sqlalchemy import text

from app.credit_notes import service as credit_notes
from app.extensions import db
from app.invoices import lifecycle
from app.jobs import reminders as reminder_jobs
from app.quotes import lifecycle as quote_lifecycle
from app.quotes import service as quotes
from app.rendering import outbox
from app.services import reminders, transaction
from tests.support.data import BUYER_FIELDS, SEED_ITEMS

HOSTILE = "Coa\x0bGmbH\x01\x0c\x1c\x1d\x1e\x7f\ufffe\uffff\u202e\u2028\x85, Accounts <attacker@evil.example>"
SHORT = "Co\x0bG\x01\x0c\x1c\u202e\u2028\x85\ufffe"  # for the columns of at most 32 characters
SHORT_COLUMNS = {"postal_code", "unit"}
# Every free-text column a document, a page or an email prints.
COLUMNS = {
    "companies": ["name", "legal_name", "address_line1", "address_line2", "city", "postal_code", "region",
                  "contact_name", "contact_phone", "peppol_id"],
    "customers": ["name", "legal_name", "address_line1", "address_line2", "city", "postal_code", "region",
                  "buyer_reference", "peppol_id", "notes"],
    "invoices": ["notes", "payment_terms", "tax_id", "cancellation_reason"],
    "invoice_items": ["item_name", "description", "unit"],
    "quotes": ["notes", "terms", "tax_id"],
    "quote_items": ["item_name", "description", "unit"],
    "credit_notes": ["reason", "notes"],
    "credit_note_lines": ["item_name", "description", "unit"],
    "tax_rates": ["name", "exemption_reason"],
}


def corrupt_everything() -> None:
    """Every free-text column of every row gets the hostile text."""
    for table, columns in COLUMNS.items():
        db.session.execute(text(f"UPDATE {table} SET " + ", ".join(
            f"{column} = CAST(:{'short' if column in SHORT_COLUMNS else 'bad'} AS TEXT)" for column in columns)),
            {"bad": HOSTILE, "short": SHORT})
    db.session.execute(text("UPDATE invoices SET seller_snapshot = NULL, billing_snapshot = NULL"))
    db.session.execute(text("UPDATE companies SET reminder_steps = :steps"),
                       {"steps": '[{"days": 1, "subject": "Still\\u000bunpaid\\u001c", "message": "Pay\\u0001"}]'})
    db.session.commit()


def parse(path) -> object:
    with open(path, "rb") as stream:
        return BytesParser(policy=policy.default).parse(stream)


def outbox_mails() -> list:
    folder = outbox.folder()
    if not folder.is_dir():
        return []
    return [parse(folder / name) for name in sorted(p.name for p in folder.iterdir() if p.suffix == ".eml")]


@pytest.fixture()
def world(seller, owner, make_customer, make_invoice):
    for old in outbox.folder().glob("*.eml") if outbox.folder().is_dir() else []:
        old.unlink()
    customer = make_customer(**BUYER_FIELDS)
    draft = make_invoice(customer=customer, currency="EUR", due_date="2099-01-01", notes="Draft")
    sent = make_invoice(customer=customer, currency="EUR", issue_date="2025-04-15", due_date="2025-05-15")
    with transaction():
        lifecycle.send_invoice(seller, sent.id, deliver=lambda invoice, reminder: None)
        quote = quotes.create_quote(seller, {"customer_id": customer.id, "expiry_date": "2099-05-15", "tax_rate": 16,
                                             "items": [dict(item) for item in SEED_ITEMS], "terms": "Terms"})
        note = credit_notes.create_credit_note(seller, {"invoice_id": sent.id, "amount": "10", "reason": "Fix"})
        reminders.update_settings(seller, {"reminders_enabled": True, "reminder_steps": [
            {"days": 1, "subject": "Still unpaid", "message": "Please pay."}]})
    with transaction():
        quote_lifecycle.send_quote(seller, quote.id, lambda *args: None)
    ids = {"draft": draft.id, "sent": sent.id, "quote": quote.id, "note": note.id, "token": sent.public_token,
           "quote_token": quote.public_token, "note_token": note.public_token, "sent_pk": sent.pk,
           "email": BUYER_FIELDS["email"]}
    db.session.commit()
    corrupt_everything()
    db.session.expire_all()
    return ids


def test_documents_render_from_hostile_stored_text(client, world):
    pages = [f"/invoices/{world['draft']}/pdf", f"/invoices/{world['sent']}/pdf", f"/i/{world['token']}/pdf",
             f"/i/{world['token']}", f"/invoices/{world['sent']}", f"/quotes/{world['quote']}/pdf",
             f"/q/{world['quote_token']}/pdf", f"/q/{world['quote_token']}", f"/credit_notes/{world['note']}/pdf",
             f"/c/{world['note_token']}/pdf"]
    pages += [f"/invoices/{world[which]}/einvoice?format={fmt}" for which in ("draft", "sent")
              for fmt in ("facturx", "xrechnung", "ubl")]
    pages += [f"/credit_notes/{world['note']}/einvoice?format={fmt}" for fmt in ("facturx", "xrechnung", "ubl")]
    statuses = {page: client.get(page).status_code for page in pages}
    assert {page: status for page, status in statuses.items() if status != 200} == {}


def test_sending_works_from_hostile_stored_text(client, world):
    answers = [client.post(f"/invoices/{world['draft']}/send"), client.post(f"/invoices/{world['sent']}/send"),
               client.post(f"/quotes/{world['quote']}/send"), client.post(f"/credit_notes/{world['note']}/send")]
    assert [answer.status_code for answer in answers] == [302] * 4
    outcome = reminder_jobs.remind(world["sent_pk"], date(2025, 5, 16))
    assert outcome.outcome == "sent", outcome
    mails = outbox_mails()
    assert len(mails) == 5
    for mail in mails:
        addresses = mail["To"].addresses
        assert [address.addr_spec for address in addresses] == [world["email"]]
        assert "attacker@evil.example" not in {address.addr_spec for address in mail["Reply-To"].addresses}
        subject = str(mail["Subject"])
        assert not any(character in subject for character in "\x0b\x0c\x1c\x1d\x1e\x01\x7f\ufffe\u202e\u2028\x85")
        assert "Coa" in subject or "Still unpaid" in subject
