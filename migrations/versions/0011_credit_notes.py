"""credit notes: their tables, their own number counter per company and year, the company's
credit note prefix, and each invoice's amount_credited; existing refunds and cancellations
get their credit notes

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 01:00:00

DESIGN §11. Every refund gets a refund credit note for its amount, and every cancelled
invoice that had been sent and still owed money (``total − amount_paid`` at the time: the
refunds before it were credited as they happened) a cancellation credit note for that,
dated when it happened (in the company's timezone) and numbered in that order per company
and year. Then every invoice's ``amount_credited`` is the sum of its credit notes and its
``amount_due`` what DESIGN §5 now says (a cancelled invoice owes nothing).

The figures come from the money module (pure functions: the split over the invoice's rates
is the one the services use).
"""
import json
from collections import defaultdict
from datetime import timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

from migrations.columns import MONEY, days, integers, item_line, jsons, moments, pk, pricing, public_id, string, texts
from migrations.tables import add_columns, create_table, drop_columns, drop_table

revision = '0011'
down_revision = '0010'


def _schema():
    add_columns('companies', sa.Column('credit_note_prefix', sa.String(length=16), server_default='CN', nullable=False))
    add_columns('invoices', sa.Column('amount_credited', MONEY, server_default='0', nullable=False))
    with op.batch_alter_table('invoice_counters') as batch:
        batch.add_column(sa.Column('kind', sa.String(length=16), server_default='invoice', nullable=False))
        batch.drop_constraint('pk_invoice_counters', type_='primary')
        batch.create_primary_key('pk_invoice_counters', ['company_pk', 'kind', 'year'])
    create_table('credit_notes', public_id(), integers('company_pk', 'invoice_pk', 'customer_pk'),
                 integers('refund_pk', nullable=True), string('number', 40), string('type', 16), texts('reason'),
                 days('issue_date'), string('public_token', 64), moments('created_at', nullable=False), pricing(), pk(),
                 refs={'company_pk': 'companies', 'customer_pk': 'customers', 'invoice_pk': 'invoices',
                       'refund_pk': 'refunds'},
                 unique=(('company_pk', 'number'), 'id', 'public_token', 'refund_pk'))
    op.create_index('ix_credit_notes_company_list', 'credit_notes', ['company_pk', 'pk'])
    op.create_index('ix_credit_notes_company_customer', 'credit_notes', ['company_pk', 'customer_pk', 'pk'])
    op.create_index(op.f('ix_credit_notes_invoice_pk'), 'credit_notes', ['invoice_pk'])
    create_table('credit_note_lines', public_id(), integers('credit_note_pk'), item_line(), jsons('tax_rates'), pk(),
                 refs={'credit_note_pk': 'credit_notes'})
    op.create_index(op.f('ix_credit_note_lines_credit_note_pk'), 'credit_note_lines', ['credit_note_pk'])


def _aware(moment):
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


def _events(bind):
    """(when, invoice pk, kind, amount, reason, refund pk) of every refund and cancellation."""
    refunds = bind.execute(sa.text("SELECT pk, invoice_pk, amount, reason, created_at FROM refunds")
                           .columns(created_at=sa.DateTime(timezone=True), amount=MONEY)).all()
    events = [(_aware(row.created_at), row.invoice_pk, "refund", Decimal(str(row.amount)), row.reason, row.pk)
              for row in refunds]
    cancelled = bind.execute(sa.text(
        "SELECT pk, total, amount_paid, cancelled_at, cancellation_reason FROM invoices "
        "WHERE status = 'cancelled' AND sent_at IS NOT NULL AND cancelled_at IS NOT NULL")
        .columns(cancelled_at=sa.DateTime(timezone=True), total=MONEY, amount_paid=MONEY)).all()
    for row in cancelled:
        owed = Decimal(str(row.total)) - Decimal(str(row.amount_paid))
        if owed > 0:
            events.append((_aware(row.cancelled_at), row.pk, "cancellation", owed, row.cancellation_reason, None))
    events.sort(key=lambda event: (event[0], event[2] != "refund", event[5] or 0, event[1]))
    return events


def _data():
    from app.credit_notes import service as credit_notes
    from app.ids import new_id, new_token
    from app.services import document_items

    bind = op.get_bind()
    invoices = {row.pk: row for row in bind.execute(sa.text(
        "SELECT i.pk, i.company_pk, i.customer_pk, i.invoice_number, i.currency, i.tax_rate, i.tax_id, "
        "i.discount_type, i.discount_value, i.amounts_include_tax, c.timezone, c.credit_note_prefix "
        "FROM invoices i JOIN companies c ON c.pk = i.company_pk")
        .columns(tax_rate=MONEY, discount_value=MONEY, amounts_include_tax=sa.Boolean())).all()}
    items = defaultdict(list)
    for row in bind.execute(sa.text("SELECT invoice_pk, item_name, description, unit, quantity, unit_price, "
                                     "tax_rates FROM invoice_items ORDER BY sort_order, pk")
                                     .columns(quantity=MONEY, unit_price=MONEY)).all():
        items[row.invoice_pk].append(row)
    money = ('discount_value', 'subtotal', 'discount_amount', 'subtotal_after_discount', 'tax_amount', 'total',
             'quantity', 'unit_price', 'tax_rate')
    types = {name: MONEY for name in money} | {'issue_date': sa.Date(), 'created_at': sa.DateTime(timezone=True),
                                                 'amounts_include_tax': sa.Boolean(), 'tax_breakdown': sa.JSON(),
                                                 'tax_rates': sa.JSON()}
    notes_table = sa.table('credit_notes', *(sa.column(name, types.get(name)) for name in (
        'id', 'company_pk', 'invoice_pk', 'customer_pk', 'refund_pk', 'number', 'type', 'reason', 'issue_date',
        'public_token', 'created_at', 'currency', 'notes', 'tax_id', 'tax_rate', 'discount_type', 'discount_value',
        'amounts_include_tax', 'subtotal', 'discount_amount', 'subtotal_after_discount', 'tax_amount', 'total',
        'tax_breakdown')))
    lines_table = sa.table('credit_note_lines', *(sa.column(name, types.get(name)) for name in (
        'id', 'credit_note_pk', 'item_name', 'quantity', 'unit_price', 'subtotal', 'total', 'sort_order',
        'tax_rates')))
    counters = defaultdict(int)
    for when, invoice_pk, kind, amount, reason, refund_pk in _events(bind):
        invoice = invoices[invoice_pk]
        rows = [{"item_name": item.item_name, "quantity": Decimal(str(item.quantity)),
                 "unit_price": Decimal(str(item.unit_price)), "tax_rates": _json(item.tax_rates)}
                for item in items[invoice_pk]]
        named = any(row["tax_rates"] for row in rows)
        totals = document_items.totals_for(
            rows, invoice.currency, discount_type=invoice.discount_type,
            discount_value=Decimal(str(invoice.discount_value)),
            tax_rate=None if named else Decimal(str(invoice.tax_rate)), tax_id=invoice.tax_id,
            amounts_include_tax=bool(invoice.amounts_include_tax))
        amount = min(amount, totals.total)
        if amount <= 0:
            continue
        known = credit_notes.copies_by_rate(row["tax_rates"] for row in rows)
        lines, subtotal, tax_amount, total, breakdown = credit_notes.credit_by_amount(
            totals, amount, invoice.currency, credit_notes.label_of(kind, invoice.invoice_number), known)
        day = when.astimezone(ZoneInfo(invoice.timezone or "UTC")).date()
        counters[(invoice.company_pk, day.year)] += 1
        number = f"{invoice.credit_note_prefix}-{day.year}-{counters[(invoice.company_pk, day.year)]:06d}"
        only = totals.only_rate
        note_id = new_id("cn")
        bind.execute(notes_table.insert().values(
            id=note_id, company_pk=invoice.company_pk, invoice_pk=invoice_pk, customer_pk=invoice.customer_pk,
            refund_pk=refund_pk, number=number, type=kind, reason=reason, issue_date=day, public_token=new_token(),
            created_at=when, currency=invoice.currency, notes=None, tax_id=invoice.tax_id,
            tax_rate=only.percentage if only is not None else Decimal(0), discount_type=None,
            discount_value=Decimal(0), amounts_include_tax=bool(invoice.amounts_include_tax), subtotal=subtotal,
            discount_amount=Decimal(0), subtotal_after_discount=subtotal, tax_amount=tax_amount, total=total,
            tax_breakdown=breakdown))
        note_pk = bind.execute(sa.text("SELECT pk FROM credit_notes WHERE id = :id"), {"id": note_id}).scalar_one()
        for line in lines:
            bind.execute(lines_table.insert().values(id=new_id("cnl"), credit_note_pk=note_pk, **line))
    counter_table = sa.table('invoice_counters', sa.column('company_pk'), sa.column('kind'), sa.column('year'),
                             sa.column('value'))
    for (company_pk, year), value in counters.items():
        bind.execute(counter_table.insert().values(company_pk=company_pk, kind='credit_note', year=year, value=value))
    bind.execute(sa.text(
        "UPDATE invoices SET amount_credited = COALESCE((SELECT SUM(total) FROM credit_notes "
        "WHERE credit_notes.invoice_pk = invoices.pk), 0)"))
    bind.execute(sa.text(
        "UPDATE invoices SET amount_due = CASE WHEN status = 'cancelled' THEN 0 "
        "WHEN total - amount_credited - (amount_paid - amount_refunded) < 0 THEN 0 "
        "ELSE total - amount_credited - (amount_paid - amount_refunded) END"))


def _json(value):
    return json.loads(value) if isinstance(value, str) else value


def upgrade():
    _schema()
    _data()


def downgrade():
    op.execute("UPDATE invoices SET amount_due = total - amount_paid")
    drop_table('credit_note_lines', 'ix_credit_note_lines_credit_note_pk')
    drop_table('credit_notes', 'ix_credit_notes_invoice_pk', 'ix_credit_notes_company_customer',
               'ix_credit_notes_company_list')
    op.execute("DELETE FROM invoice_counters WHERE kind <> 'invoice'")
    with op.batch_alter_table('invoice_counters') as batch:
        batch.drop_constraint('pk_invoice_counters', type_='primary')
        batch.create_primary_key('pk_invoice_counters', ['company_pk', 'year'])
        batch.drop_column('kind')
    drop_columns('invoices', 'amount_credited')
    drop_columns('companies', 'credit_note_prefix')
