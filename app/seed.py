"""Bulk demo data for ``seed-demo``: thousands of customers and up to millions of invoices
(items, payments, refunds, activity) over several years, in every status.

Rows go in through SQLAlchemy Core inserts of many rows per statement, one transaction per
batch; that bulk insert is the only part of its own. Everything else comes from the services:
totals from :func:`app.money.compute_totals`, numbers from the company's counter row per
year (:func:`app.services.numbering.reserve` takes a block in the batch's own transaction, so
numbers stay unique and gapless and the services continue where the seed stopped), slugs,
activity rows, the status after a payment and an invoice's currency from their services, ids
from :func:`app.ids.new_id`, public tokens from :func:`app.ids.new_token`.

Demo invoices go only to the demo customers of the same run: customers people created are
never invoiced (nor mailed, as the activity would say).
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Callable

from sqlalchemy import insert, text

from app import money
from app.credit_notes import service as credit_notes
from app.extensions import db
from app.ids import new_id, new_token
from app.invoices import service as invoices
from app.invoices import states as invoice_states
from app.models import Activity, Company, CreditNote, CreditNoteLine, Customer, Invoice, InvoiceItem, Payment, Refund
from app.services import activity, customers, numbering, parties, tenancy, transaction
from app.services.tenancy import Actor

CLIENTS = ("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Wonka", "Tyrell", "Soylent",
           "Cyberdyne", "Aperture", "Gringotts", "Monarch", "Vandelay", "Pied Piper", "Dunder", "Prestige")
KINDS = ("Studio", "Labs", "Industries", "Partners", "Bakery", "Consulting", "Logistics", "Dental", "Media")
SERVICES = (("Web development", "hour", "95"), ("Design review", "hour", "120"), ("Hosting", "month", "49.90"),
            ("Support plan", "month", "250"), ("Workshop", "day", "1200"), ("Copywriting", "page", "85.50"),
            ("Photography", "session", "640"), ("Consulting", "hour", "150"), ("Licence", "seat", "19.99"))
COUNTRIES = ("US", "GB", "DE", "FR", "NL", "ES", "IT", "CA", "AU", "IE")
CITIES = ("Springfield", "London", "Berlin", "Paris", "Amsterdam", "Madrid", "Toronto", "Sydney", "Dublin")
METHODS = ("bank_transfer", "card", "check", "cash")
TAX_RATES = (Decimal(0), Decimal(7), Decimal(16), Decimal(20))
# Statuses by age: long past due invoices are mostly settled; recent ones are still moving.
OLD = (("paid", 78), ("cancelled", 5), ("refunded", 2), ("overdue", 6), ("sent", 3), ("partial", 3),
       ("in_review", 1), ("draft", 2))
RECENT = (("draft", 10), ("sent", 20), ("viewed", 15), ("in_review", 5), ("partial", 10), ("paid", 33),
          ("cancelled", 3), ("refunded", 2), ("overdue", 2))
BATCH = 2000


@dataclass(frozen=True)
class Seeded:
    customers: int
    invoices: int
    items: int
    payments: int


def _weights(table):
    return [status for status, _ in table], [weight for _, weight in table]


def _moment(day: date, rng: random.Random) -> datetime:
    """A time during the working day of ``day``, in UTC."""
    return datetime.combine(day, time(8), tzinfo=timezone.utc) + timedelta(seconds=rng.randrange(9 * 3600))


def _insert_returning_pks(table, rows: list[dict]) -> dict[str, int]:
    """Insert ``rows`` (many per statement) and map each public id to its new pk."""
    if not rows:
        return {}
    result = db.session.execute(insert(table).returning(table.c.id, table.c.pk), rows)
    return {row.id: row.pk for row in result}


def _insert(table, rows: list[dict]) -> None:
    if rows:
        db.session.execute(insert(table), rows)


def seed_customers(company: Company, count: int, rng: random.Random) -> list[int]:
    """Insert ``count`` customers with unique slugs, and their ``customer.created`` activity;
    returns their pks."""
    taken = customers.taken_slugs(company)
    offset, created_pks = len(taken), []
    now = datetime.now(timezone.utc)
    system = Actor.system(company)
    for start in range(0, count, BATCH):
        rows = []
        for index in range(start, min(count, start + BATCH)):
            number = offset + index + 1
            name = f"{rng.choice(CLIENTS)} {rng.choice(KINDS)} {number}"
            slug = customers.free_slug(customers.slugify(name), taken)
            taken.add(slug)
            created = now - timedelta(days=rng.randrange(5 * 365), seconds=rng.randrange(86400))
            rows.append({"id": new_id("cus"), "company_pk": company.pk, "name": name, "slug": slug,
                         "country": rng.choice(COUNTRIES), "contact_email": f"billing{number}@example.com",
                         "contact_phone": None, "city": rng.choice(CITIES), "postal_code": None,
                         "currency": company.currency, "legal_name": f"{name} Ltd", "address_line1": None,
                         "legal_vat": None, "notes": None, "status": "active" if rng.random() < 0.95 else "inactive",
                         "deleted_at": None, "created_at": created, "updated_at": created})
        with transaction():
            pks = _insert_returning_pks(Customer.__table__, rows)
            _insert(Activity.__table__, [
                _activity(system, "customer", row["id"], "customer.created", row["created_at"])
                for row in rows if row["id"] in pks])
        created_pks.extend(pks[row["id"]] for row in rows)
    return created_pks


def _activity(actor: Actor, subject_type: str, subject_id: str, action: str, when: datetime,
              details: dict | None = None, invoice_pk: int | None = None) -> dict:
    """An activity row for the bulk insert: what :func:`app.services.activity.record` would write."""
    return {"id": new_id("act"), "created_at": when,
            **activity.columns(actor, subject_type, subject_id, action, details, invoice_pk=invoice_pk)}


class _Batch:
    """The rows of one batch of invoices, in the order they are inserted."""

    def __init__(self):
        self.invoices, self.items, self.payments, self.refunds, self.events = [], [], [], [], []
        # Credit notes (DESIGN §11): (when, invoice id, type, amount, reason, refund id), and each
        # invoice's totals to split them over.
        self.credits, self.totals = [], {}


class InvoiceSeeder:
    """Demo invoices for the demo customers given (never for customers people created), each
    in the currency an invoice of that customer gets."""

    def __init__(self, company: Company, customer_pks: list[int], rng: random.Random, today: date, years: int):
        self.company, self.rng, self.today = company, rng, today
        self.first_day = today - timedelta(days=365 * years)
        self.now = datetime.now(timezone.utc)
        self.system, self.public = Actor.system(company), Actor.public(company)
        wanted = set(customer_pks)
        found = [customer for customer in db.session.scalars(tenancy.scoped(Customer, company).order_by(Customer.pk))
                 if customer.pk in wanted]
        if not found:
            raise ValueError("The company has no demo customers to invoice.")
        self.customers = [(c.pk, c.contact_email, c.billing_details(), invoices.invoice_currency(company, c))
                          for c in found]
        self.counts = {"items": 0, "payments": 0}
        self.seller = parties.seller_details(company)

    def _customer(self):
        # A few customers get many invoices (the index is skewed towards the first ones).
        return self.customers[int(len(self.customers) * self.rng.random() ** 2)]

    def _lines(self):
        rng = self.rng
        return [(name, unit, Decimal(price), Decimal(rng.randrange(1, 40)))
                for name, unit, price in rng.sample(SERVICES, rng.randrange(1, 5))]

    def _totals(self, lines, currency: str):
        rng = self.rng
        money_lines = [money.Line(quantity, price) for _, _, price, quantity in lines]
        tax_rate = rng.choice(TAX_RATES)
        roll = rng.random()
        discount_type, discount_value = None, Decimal(0)
        if roll < 0.15:
            discount_type, discount_value = "percentage", Decimal(rng.choice((5, 10, 12.5)))
        elif roll < 0.2:
            discount_type, discount_value = "fixed", Decimal(25)
            if money.compute_totals(money_lines, currency).subtotal < discount_value:
                discount_type, discount_value = None, Decimal(0)
        totals = money.compute_totals(money_lines, currency, discount_type=discount_type,
                                      discount_value=discount_value, tax_rate=tax_rate)
        return totals, tax_rate, discount_type, discount_value

    def _status(self, due: date) -> str:
        statuses, weights = _weights(OLD if due < self.today - timedelta(days=60) else RECENT)
        status = self.rng.choices(statuses, weights)[0]
        if status == "overdue" and due >= self.today:
            status = "sent"  # 'overdue' is only ever stored for past-due invoices
        return status

    def add(self, batch: _Batch, issue: date, number: str) -> None:
        rng, company = self.rng, self.company
        customer_pk, email, snapshot, currency = self._customer()
        lines = self._lines()
        totals, tax_rate, discount_type, discount_value = self._totals(lines, currency)
        due = issue + timedelta(days=rng.choice((14, 30, 30, 30, 45)))
        status = self._status(due)
        created = min(_moment(issue, rng), self.now)
        invoice_id = new_id("inv")
        row = {
            "id": invoice_id, "company_pk": company.pk, "customer_pk": customer_pk, "invoice_number": number,
            "status": status, "issue_date": issue, "due_date": due, "currency": currency,
            "notes": None, "payment_terms": f"Net {(due - issue).days}", "tax_id": None, "tax_rate": tax_rate,
            "discount_type": discount_type, "discount_value": discount_value, "subtotal": totals.subtotal,
            "discount_amount": totals.discount_amount, "subtotal_after_discount": totals.subtotal_after_discount,
            "tax_amount": totals.tax_amount, "total": totals.total, "amount_paid": Decimal(0),
            "amount_refunded": Decimal(0), "amount_credited": Decimal(0), "amounts_include_tax": False,
            "public_token": new_token(),
            "billing_snapshot": None, "seller_snapshot": None, "sent_at": None, "viewed_at": None, "paid_at": None,
            "cancelled_at": None, "cancellation_reason": None, "deleted_at": None,
            "created_at": created, "updated_at": created,
        }
        batch.invoices.append(row)
        batch.totals[invoice_id] = (totals, number, currency)
        for order, ((name, unit, price, quantity), subtotal) in enumerate(zip(lines, totals.line_subtotals)):
            batch.items.append({"id": new_id("di"), "invoice_id": invoice_id, "item_name": name, "description": None,
                                "quantity": quantity, "unit": unit, "unit_price": price, "subtotal": subtotal,
                                "total": subtotal, "sort_order": order})
        self.counts["items"] += len(lines)
        events = batch.events
        events.append((invoice_id, "invoice.created", created, {"number": number}, self.system))
        if status == "draft" or (status == "cancelled" and rng.random() < 0.5):
            if status == "cancelled":
                self._cancel(batch, row, created)
            invoice_states.settle(row)
            return
        sent = created + timedelta(minutes=rng.randrange(5, 600))
        row.update(billing_snapshot=snapshot, seller_snapshot=self.seller, sent_at=sent, status=status)
        events.append((invoice_id, "invoice.sent", sent, {"to": email}, self.system))
        moment = sent
        if status in ("viewed", "partial", "paid", "refunded", "in_review") and rng.random() < 0.7:
            moment = row["viewed_at"] = sent + timedelta(hours=rng.randrange(1, 72))
            events.append((invoice_id, "invoice.viewed", moment, None, self.public))
        if status in ("partial", "paid", "refunded") or (status == "in_review" and rng.random() < 0.3):
            moment = self._pay(batch, row, issue, moment, full=status in ("paid", "refunded"))
        if status == "refunded":
            refunded_at = min(moment + timedelta(days=rng.randrange(1, 30)), self.now)
            refund_id = new_id("ref")
            batch.refunds.append({"id": refund_id, "invoice_id": invoice_id, "amount": row["amount_paid"],
                                  "reason": "Service not delivered", "payment_method": "bank_transfer",
                                  "created_at": refunded_at})
            row["amount_refunded"] = row["amount_paid"]
            row["amount_credited"] = row["amount_paid"]  # the refund's credit note (amount_due stays 0)
            batch.credits.append((refunded_at, invoice_id, "refund", row["amount_paid"], "Service not delivered",
                                  refund_id))
            events.append((invoice_id, "invoice.refunded", refunded_at,
                           {"refund": refund_id, "amount": money.plain(row["amount_paid"])}, self.system))
            moment = refunded_at
        elif status == "cancelled":
            when = min(moment + timedelta(days=rng.randrange(1, 20)), self.now)
            owed = money.amount_due(row["total"], paid=row["amount_paid"])
            if owed > 0:  # a sent invoice is cancelled by a credit note for what it owed
                row["amount_credited"] = owed
                batch.credits.append((when, invoice_id, "cancellation", owed, "Issued by mistake", None))
            self._cancel(batch, row, when)
            invoice_states.settle(row)
            return
        elif status == "overdue":
            marked = datetime.combine(due + timedelta(days=1), time(2), tzinfo=timezone.utc)
            events.append((invoice_id, "invoice.overdue", marked, {"due_date": due.isoformat()}, self.system))
            moment = marked
        row["updated_at"] = max(moment, created)
        invoice_states.settle(row)

    def _pay(self, batch: _Batch, row: dict, issue: date, after: datetime, full: bool) -> datetime:
        rng, total = self.rng, row["total"]
        if full:  # sometimes a deposit first, then the rest
            deposit = money.round_money(total / 2, row["currency"]) if rng.random() < 0.15 else total
            parts = [deposit] if deposit == total else [deposit, total - deposit]
        else:
            part = money.round_money(total * Decimal(rng.choice((20, 25, 40, 50))) / 100, row["currency"])
            parts = [part] if 0 < part < total else []
        paid_so_far, moment = Decimal(0), after
        for amount in parts:
            if amount <= 0:
                continue
            day = min(max(issue + timedelta(days=rng.randrange(1, 45)), moment.date()), self.today)
            moment = max(moment, min(_moment(day, rng), self.now))
            payment_id = new_id("pay")
            batch.payments.append({"id": payment_id, "invoice_id": row["id"], "amount": amount,
                                   "payment_method": rng.choice(METHODS), "transaction_id": None,
                                   "paid_at": day, "notes": None, "created_at": moment, "updated_at": moment})
            paid_so_far += amount
            status = invoice_states.status_after_payment(money.amount_due(total, paid=paid_so_far))
            batch.events.append((row["id"], "invoice.payment_recorded", moment,
                                 {"payment": payment_id, "amount": money.plain(amount), "status": status}, self.system))
        self.counts["payments"] += len(parts)
        if paid_so_far == 0 and row["status"] == "partial":
            row["status"] = "sent"
        row["amount_paid"] = paid_so_far
        if paid_so_far == total:
            row["paid_at"] = moment
        return moment

    def _cancel(self, batch: _Batch, row: dict, when: datetime) -> None:
        row.update(status="cancelled", cancelled_at=when, cancellation_reason="Issued by mistake",
                   updated_at=max(when, row["created_at"]))
        batch.events.append((row["id"], "invoice.cancelled", when, {"reason": "Issued by mistake"}, self.system))

    def write(self, batch: _Batch) -> None:
        pks = _insert_returning_pks(Invoice.__table__, batch.invoices)
        currencies = {row["id"]: row["currency"] for row in batch.invoices}
        for row in (*batch.payments, *batch.refunds):  # as Payment.of / Refund.of would
            row.update(company_pk=self.company.pk, currency=currencies[row["invoice_id"]])
        for rows in (batch.items, batch.payments, batch.refunds):
            for row in rows:
                row["invoice_pk"] = pks[row.pop("invoice_id")]
        _insert(InvoiceItem.__table__, batch.items)
        _insert(Payment.__table__, batch.payments)
        refund_pks = _insert_returning_pks(Refund.__table__, batch.refunds)
        self._credit_notes(batch, pks, refund_pks)
        _insert(Activity.__table__, [
            _activity(actor, "invoice", invoice_id, action, when, details, invoice_pk=pks[invoice_id])
            for invoice_id, action, when, details, actor in sorted(batch.events, key=lambda e: e[2])])


    def _credit_notes(self, batch: _Batch, pks: dict, refund_pks: dict) -> None:
        """The batch's refunds and cancellations as credit notes, numbered in the order they
        happened from blocks of the company's credit note counter."""
        company, credits = self.company, sorted(batch.credits, key=lambda credit: credit[0])
        years = [when.date().year for when, *_ in credits]
        next_by_year = {year: numbering.reserve(company, year, years.count(year), kind=numbering.CREDIT_NOTE)
                        for year in sorted(set(years))}
        notes, lines = [], []
        for when, invoice_id, kind, amount, reason, refund_id in credits:
            totals, number, currency = batch.totals[invoice_id]
            rows, subtotal, tax_amount, total, breakdown = credit_notes.credit_by_amount(
                totals, amount, currency, credit_notes.label_of(kind, number), {})
            year = when.date().year
            note_id = new_id("cn")
            invoice = next(row for row in batch.invoices if row["id"] == invoice_id)
            notes.append({
                "id": note_id, "company_pk": company.pk, "invoice_pk": pks[invoice_id],
                "customer_pk": invoice["customer_pk"],
                "refund_pk": refund_pks.get(refund_id), "type": kind, "reason": reason, "notes": None,
                "number": numbering.format_number(company, year, next_by_year[year], kind=numbering.CREDIT_NOTE),
                "issue_date": when.date(), "public_token": new_token(), "created_at": when,
                **credit_notes.pricing_of(invoice, totals), "subtotal": subtotal, "discount_amount": Decimal(0),
                "subtotal_after_discount": subtotal, "tax_amount": tax_amount, "total": total,
                "tax_breakdown": breakdown})
            next_by_year[year] += 1
            lines += [{"id": new_id("cnl"), "note_id": note_id, "description": None, "unit": None, **row}
                      for row in rows]
            batch.events.append((invoice_id, "invoice.credit_note_issued", when,
                                 {"credit_note": note_id, "number": notes[-1]["number"], "type": kind,
                                  "amount": money.plain(total)}, self.system))
        note_pks = _insert_returning_pks(CreditNote.__table__, notes)
        for line in lines:
            line["credit_note_pk"] = note_pks[line.pop("note_id")]
        _insert(CreditNoteLine.__table__, lines)


def seed_invoices(company: Company, customer_pks: list[int], count: int, rng: random.Random, today: date, *,
                  years: int = 4, progress: Callable[[int], None] | None = None,
                  batch_size: int = BATCH) -> InvoiceSeeder:
    """Insert ``count`` invoices for the demo customers ``customer_pks``, spread evenly over
    the last ``years`` years, oldest first (so numbers and pks follow the issue dates), one
    transaction per batch."""
    seeder = InvoiceSeeder(company, customer_pks, rng, today, years)
    span = (today - seeder.first_day).days + 1
    for start in range(0, count, batch_size):
        stop = min(count, start + batch_size)
        days = [seeder.first_day + timedelta(days=(index * span) // count) for index in range(start, stop)]
        with transaction():
            next_by_year = {}
            for year in sorted({day.year for day in days}):
                next_by_year[year] = numbering.reserve(company, year, sum(1 for day in days if day.year == year))
            batch = _Batch()
            for day in days:
                number = numbering.format_number(company, day.year, next_by_year[day.year])
                next_by_year[day.year] += 1
                seeder.add(batch, day, number)
            seeder.write(batch)
        if progress is not None:
            progress(stop - start)
    return seeder


def refresh_statistics() -> None:
    """Planner statistics after a bulk import: SQLite never gathers them by itself, and
    PostgreSQL's autovacuum would only get to it later."""
    with transaction():
        db.session.execute(text("ANALYZE"))


def seed(company: Company, customers_count: int, invoices_count: int, *, today: date, rng: random.Random | None = None,
         years: int = 4, progress: Callable[[int], None] | None = None) -> Seeded:
    rng = rng or random.Random()
    demo_customers = seed_customers(company, customers_count, rng)
    seeder = (seed_invoices(company, demo_customers, invoices_count, rng, today, years=years, progress=progress)
              if invoices_count else None)
    counts = seeder.counts if seeder else {"items": 0, "payments": 0}
    return Seeded(customers_count, invoices_count, counts["items"], counts["payments"])
