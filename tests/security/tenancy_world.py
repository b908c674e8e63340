"""Two companies for the isolation tests: a victim with objects in many states, and an
attacker company with an admin and a member (each logged in, each with an API key).

Also a snapshot of every row the victim owns (found by following foreign keys from the
victim's company and user), so any write that touches the victim — or any row of the
attacker that points at a victim row — shows up as a difference."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import or_, select

from app.credit_notes import service as credit_notes
from app.extensions import db
from app.invoices import lifecycle
from app.invoices import service as invoices
from app.models import Activity, CreditNote, Event, InvoiceItem
from app.quotes import lifecycle as quote_lifecycle
from app.quotes import service as quotes
from app.recurring import service as recurring
from app.services import accounts, bank_accounts, customers, invitations, tax_rates, transaction
from app.services.tenancy import Actor
from app.webhooks import endpoints as webhook_endpoints
from tests.support.data import PASSWORD, SEED_ITEMS
from tests.support.members import join

VICTIM_COMPANY = "Zebravictim Holdings"
VICTIM_CUSTOMER = "Quokkavictim Trading"


def _no_mail(invoice, reminder):
    return None


def _real_mail():
    """The real delivery (an .eml in the outbox when no mail server is set), if it exists."""
    try:
        from app.rendering.mail import deliver_invoice
    except ImportError:
        return _no_mail
    return deliver_invoice


def _outbox_file(company_id: str) -> str | None:
    try:
        from app.rendering import outbox
    except ImportError:
        return None
    found = outbox.messages(company_id=company_id, limit=1)
    return found[0].filename if found else None


@dataclass
class World:
    victim: Actor
    attacker: Actor
    member: Actor
    victim_key_raw: str
    admin_key_raw: str
    member_key_raw: str
    ids: dict = field(default_factory=dict)      # kind -> victim public id (one per kind)
    pks: dict = field(default_factory=dict)      # kind -> victim pk
    markers: set = field(default_factory=set)    # strings that only the victim's data contains
    public_token: str = ""                        # the sent invoice's public link token


VICTIM_IBAN = "FR1420041010050500013M02606"  # a bank account only the victim has
VICTIM_HOOK = "https://93.184.216.34/zebravictim-hooks"  # a literal public address: nothing to resolve
VICTIM_PRICE = "9137.53"  # an amount no attacker data has: shows up if a figure leaks


def _invoice(actor, customer, price=None, **extra):
    items = [{"name": "Victim work", "quantity": 1, "unit_price": price}] if price else [dict(i) for i in SEED_ITEMS]
    data = {"customer_id": customer.id, "issue_date": "2025-04-15", "due_date": "2099-05-15",
            "tax_rate": 0 if price else 16, "items": items}
    data.update(extra)
    return invoices.create_invoice(actor, data)


def build_world(make_account) -> World:
    victim = make_account(email="zebra-owner@victim.example", company=VICTIM_COMPANY, invoice_prefix="VICT",
                          quote_prefix="VICQ", credit_note_prefix="VICTCN")
    attacker = make_account(email="mallory@attacker.example", company="Attacker Works")
    with transaction():
        member_user = accounts.create_user("eve@attacker.example", PASSWORD, "Eve Member")
    member = join(attacker, member_user, "member")
    with transaction():
        cus = customers.create_customer(victim, {"name": VICTIM_CUSTOMER, "country": "NZ",
                                                 "email": "quokka@victim.example", "city": "Wellingtonvictim"})
        draft = _invoice(victim, cus, VICTIM_PRICE, notes="victim-draft-note")
        sent = _invoice(victim, cus, VICTIM_PRICE)
        refunded = _invoice(victim, cus, VICTIM_PRICE)
        gone = _invoice(victim, cus, VICTIM_PRICE)  # deleted: its number is in Invoices → Deleted
    with transaction():
        lifecycle.delete_invoice(victim, gone.id)
    with transaction():
        lifecycle.send_invoice(victim, sent.id, _real_mail())
        lifecycle.send_invoice(victim, refunded.id, _no_mail)
    with transaction():
        payment = lifecycle.record_payment(victim, sent.id, {"amount": "100"})
        lifecycle.record_payment(victim, refunded.id, {"amount": refunded.total})
    with transaction():
        refund = lifecycle.refund_invoice(victim, refunded.id, {"reason": "victim refund"})
    with transaction():
        adjustment = credit_notes.create_credit_note(victim, {"invoice_id": sent.id, "amount": "37",
                                                              "memo": "victim-credit-memo"})
    with transaction():
        victim_key, victim_raw = accounts.create_api_key(victim.user, "victim key")
        _, admin_raw = accounts.create_api_key(attacker.user, "attacker key")
        _, member_raw = accounts.create_api_key(member_user, "member key")
        own = customers.create_customer(attacker, {"name": "Attacker Client", "country": "US",
                                                   "email": "client@attacker.example"})
        _invoice(attacker, own)
        victim_rate = tax_rates.create_tax_rate(victim, {"name": "Zebravat", "percentage": "19"})
        victim_account = bank_accounts.create_bank_account(victim, {
            "label": "Zebrabank", "account_holder": "Zebraholder", "iban": VICTIM_IBAN, "currency": "EUR"})
        victim_recurring = recurring.create_recurring(victim, {
            "customer_id": cus.id, "interval": "month", "start_date": "2099-01-31", "notes": "victim-recurring-note",
            "items": [{"name": "Victim work", "quantity": 1, "unit_price": VICTIM_PRICE}]})
        quote = quotes.create_quote(victim, {"customer_id": cus.id, "expiry_date": "2099-05-15",
                                             "terms": "victim-quote-terms",
                                             "items": [{"name": "Victim work", "quantity": 1, "unit_price": VICTIM_PRICE}]})
    with transaction():
        quote_lifecycle.send_quote(victim, quote.id, lambda *args: None)
        links = []
        invited = invitations.invite(victim, "newhire@victim.example", "admin",
                                     lambda invitation, raw: links.append(raw)).invitation
    with transaction():
        hook, hook_secret = webhook_endpoints.create_endpoint(victim, {"url": VICTIM_HOOK,
                                                                      "description": "victim-hook-description"})
    victim_events = list(db.session.scalars(select(Event).where(Event.company_pk == victim.company.pk)))
    world = World(victim, attacker, member, victim_raw, admin_raw, member_raw)
    item = db.session.scalars(select(InvoiceItem).where(InvoiceItem.invoice_pk == sent.pk)).first()
    activity = db.session.scalars(select(Activity).where(Activity.company_pk == victim.company.pk)).first()
    for kind, obj in (("com", victim.company), ("usr", victim.user), ("cus", cus), ("inv", sent),
                      ("key", victim_key), ("pay", payment), ("ref", refund), ("di", item), ("act", activity),
                      ("txr", victim_rate), ("rec", victim_recurring), ("quo", quote), ("cn", adjustment),
                      ("mbi", invited), ("ba", victim_account), ("we", hook), ("evt", victim_events[-1])):
        world.ids[kind] = obj.id
        world.pks[kind] = obj.pk
    world.ids["token"] = sent.id  # a public link given an invoice id instead of its token
    world.pks["token"] = sent.pk
    world.ids["mbt"] = links[0]  # the invitation's emailed token (only its hash is stored)
    world.pks["mbt"] = invited.pk
    world.ids["eml"] = _outbox_file(victim.company.id) or "20250101T000000000000-none.eml"
    rows = [victim.company, victim.user, cus, draft, sent, refunded, gone, payment, refund, item, victim_key, victim_rate,
            victim_recurring, quote, invited, victim_account, hook, *victim_events,
            *db.session.scalars(select(CreditNote).where(CreditNote.company_pk == victim.company.pk))]
    rows += list(db.session.scalars(select(Activity).where(Activity.company_pk == victim.company.pk)))
    world.markers = {row.id for row in rows} | {world.ids["eml"]}
    world.markers |= {VICTIM_COMPANY, VICTIM_CUSTOMER, "quokka@victim.example", "zebra-owner@victim.example",
                      "Wellingtonvictim", "Zebravat", "victim-draft-note", "victim-quote-terms", quote.number,
                      quote.public_token, "victim refund", victim_key.display_prefix,
                      victim_raw, "9137.53", "9,137.53", "9000.53", "9,000.53",  # total; due after 100 paid, 37 credited
                      "victim-credit-memo", "VICTCN-", "Zebrabank", "Zebraholder", VICTIM_IBAN}
    world.markers.add("victim-recurring-note")
    world.markers |= {VICTIM_HOOK, "victim-hook-description", hook_secret}
    world.markers |= {"newhire@victim.example", links[0]}
    for inv in (draft, sent, refunded, gone):
        world.markers |= {inv.invoice_number, inv.public_token}
    for note in db.session.scalars(select(CreditNote).where(CreditNote.company_pk == victim.company.pk)):
        world.markers |= {note.number, note.public_token}
    world.public_token = sent.public_token
    db.session.commit()
    return world


# --- snapshot of the victim's rows ----------------------------------------------------------

def _row(table, row) -> tuple:
    return tuple(str(row._mapping[column.name]) for column in table.columns)


def victim_rows(world: World) -> dict[str, set]:
    """Every row owned by the victim: its company and user, and every row that points
    (through a foreign key) at a row already owned, repeated until nothing new is found."""
    metadata = db.metadata
    owned: dict[str, set] = {"companies": {world.victim.company.pk}, "users": {world.victim.user.pk}}
    snapshot: dict[str, set] = {}
    connection = db.session.connection()
    changed = True
    while changed:
        changed = False
        for table in metadata.sorted_tables:
            pk_column = next(iter(table.primary_key.columns))
            conditions = []
            for fk in table.foreign_keys:
                targets = owned.get(fk.column.table.name)
                if targets:
                    conditions.append(fk.parent.in_(sorted(targets)))
            if table.name in owned and "pk" in table.c:
                conditions.append(table.c.pk.in_(sorted(owned[table.name])))
            if not conditions:
                continue
            rows = connection.execute(select(table).where(or_(*conditions))).all()
            snapshot[table.name] = {_row(table, row) for row in rows}
            if pk_column.name == "pk":
                found = {row._mapping["pk"] for row in rows}
                if not found <= owned.get(table.name, set()):
                    owned[table.name] = owned.get(table.name, set()) | found
                    changed = True
    db.session.commit()  # end the read (on SQLite the test's transaction holds the write lock)
    return snapshot


def diff(before: dict[str, set], after: dict[str, set]) -> list[str]:
    changes = []
    for table in sorted(set(before) | set(after)):
        added = after.get(table, set()) - before.get(table, set())
        removed = before.get(table, set()) - after.get(table, set())
        changes += [f"{table} +{row}" for row in added] + [f"{table} -{row}" for row in removed]
    return changes

