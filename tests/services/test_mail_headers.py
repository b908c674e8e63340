"""Every kind of message the app sends, built with hostile names and subjects, parses back
(``BytesParser(policy=default)``) to exactly the intended recipient, and its subject reads as
written minus what a header cannot carry. Headers are Address objects, never folded text."""
from email import policy
from email.parser import BytesParser

import pytest
from sqlalchemy import text

from app.credit_notes import service as credit_notes
from app.extensions import db
from app.invoices import lifecycle
from app.quotes import service as quotes
from app.rendering import headers, mail, outbox
from app.services import transaction
from tests.support.data import SEED_ITEMS

LONG_NAME = "Acme Holdings International Procurement Department, Accounts Payable <attacker@evil.example>"
HOSTILE_NAMES = [
    LONG_NAME,
    "Smith, John",
    '"Quoted" Name <a@b.example>, c@d.example',
    "Müller, Straße & Söhne GmbH <attacker@evil.example>; x@y.example",
    "Bcc: attacker@evil.example",
    "x" * 199 + ",",
    "=?utf-8?q?attacker=40evil=2Eexample?= <attacker@evil.example>",
]
CUSTOMER_EMAIL = "ap@client.example"
COMPANY_EMAIL = "billing@seller.example"


def parse(message) -> object:
    return BytesParser(policy=policy.default).parsebytes(message.as_bytes())


def every_message(actor, customer):
    with transaction():
        invoice = lifecycle.send_invoice(actor, _invoice(actor, customer).id, deliver=lambda *args: None)
        quote = quotes.create_quote(actor, {"customer_id": customer.id, "expiry_date": "2099-05-15",
                                            "items": [dict(item) for item in SEED_ITEMS]})
        note = credit_notes.create_credit_note(actor, {"invoice_id": invoice.id, "amount": "10"})
    return {"invoice": mail.build_message(invoice, False), "reminder": mail.build_message(invoice, True),
            "reminder step": mail.build_message(invoice, True, "Still\x0bunpaid\x1c (INV)", "Pay\x01"),
            "quote": mail.build_quote_message(quote, False), "quote again": mail.build_quote_message(quote, True),
            "credit note": mail.build_credit_note_message(note)}


def _invoice(actor, customer):
    from app.invoices import service as invoices
    return invoices.create_invoice(actor, {"customer_id": customer.id, "due_date": "2099-01-01",
                                           "items": [dict(item) for item in SEED_ITEMS]})


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_every_message_has_one_recipient_whatever_the_names(actor, make_customer, name):
    with transaction():
        from app.services import accounts
        accounts.update_company(actor, {"name": name[:200], "email": COMPANY_EMAIL})
    customer = make_customer(name=name, email=CUSTOMER_EMAIL)
    for kind, message in every_message(actor, customer).items():
        for raw in (parse(message), BytesParser(policy=policy.default).parsebytes(message.as_bytes(policy=headers.POLICY))):
            to = raw["To"].addresses
            assert [address.addr_spec for address in to] == [CUSTOMER_EMAIL], (kind, str(raw["To"]))
            assert to[0].display_name == name or "=?" in name, kind  # a reader decodes what looks encoded
            assert [address.addr_spec for address in raw["Reply-To"].addresses] == [COMPANY_EMAIL], kind
            assert len(raw["From"].addresses) == 1 and raw["Cc"] is None and raw["Bcc"] is None, kind
            if "=?" not in name and kind != "reminder step":
                assert str(raw["Subject"]).endswith(f"from {name}") or f"from {name} (" in str(raw["Subject"]), kind


def test_subjects_round_trip_without_what_a_header_cannot_carry(actor, make_customer):
    customer = make_customer(name="Client", email=CUSTOMER_EMAIL)
    messages = every_message(actor, customer)
    assert str(parse(messages["reminder step"])["Subject"]) == "Still unpaid (INV)"
    db.session.execute(text("UPDATE companies SET name = :bad"), {"bad": "Coa\x0bGmbH\x0c\x1c\x1d\x1e\u2028\u202e\x01"})
    db.session.commit()
    db.session.expire_all()
    for kind, message in every_message(actor, customer).items():
        subject = str(parse(message)["Subject"])
        assert "Coa GmbH" in subject or kind == "reminder step", (kind, subject)
        assert not set(subject) & set("\x0b\x0c\x1c\x1d\x1e\u2028\u202e\x01\r\n"), kind


def test_the_outbox_keeps_the_one_recipient(app, actor, make_customer):
    customer = make_customer(name=LONG_NAME, email=CUSTOMER_EMAIL)
    path = outbox.write(every_message(actor, customer)["invoice"])
    with open(path, "rb") as stream:
        parsed = BytesParser(policy=policy.default).parse(stream)
    assert [address.addr_spec for address in parsed["To"].addresses] == [CUSTOMER_EMAIL]
    assert outbox.messages(limit=1)[0].to == f'"{LONG_NAME}" <{CUSTOMER_EMAIL}>'


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_the_invitation_has_one_recipient_whatever_the_names(actor, name):
    from app.services import accounts, invitations
    sent = []
    with transaction():
        accounts.update_company(actor, {"name": name[:200]})
        db.session.execute(text("UPDATE users SET name = :name WHERE pk = :pk"), {"name": name, "pk": actor.user.pk})
        db.session.expire_all()
        invitations.invite(actor, "newhire@client.example", "member",
                           lambda invitation, token: sent.append(mail.build_invitation_message(invitation, token)))
    raw = parse(sent[0])
    assert [address.addr_spec for address in raw["To"].addresses] == ["newhire@client.example"]
    assert [address.addr_spec for address in raw["Reply-To"].addresses] == [actor.user.email]
    assert len(raw["From"].addresses) == 1 and raw["Cc"] is None and raw["Bcc"] is None
    assert "\n" not in str(raw["Subject"]) and "\x0b" not in str(raw["Subject"])
