"""An invoice saved before per-item taxes (schema 0007, written with raw SQL) keeps its
figures through migration 0008 onwards, and its JSON shows the single-rate breakdown."""
import tempfile
from datetime import date
from decimal import Decimal as D

from flask_migrate import upgrade
from sqlalchemy import text

from app import create_app
from app.api.serializers import invoice_json, record_json
from app.extensions import db
from app.invoices import rows as invoice_rows
from app.models import Company, Invoice, InvoiceItem
from app.services import document_items

NOW = "2025-04-15 10:00:00"
ROWS = [
    ("INSERT INTO companies (id, name, currency, invoice_prefix, timezone, locale, created_at, updated_at) "
     "VALUES ('com_oldcompany01', 'Old Co', 'USD', 'INV', 'UTC', 'en_US', :now, :now)"),
    ("INSERT INTO customers (id, company_pk, name, slug, country, currency, status, created_at, updated_at) "
     "VALUES ('cus_oldcustomer1', 1, 'John Doe', 'john-doe', 'US', 'USD', 'active', :now, :now)"),
    ("INSERT INTO invoices (id, company_pk, customer_pk, invoice_number, status, issue_date, due_date, currency, "
     "tax_id, tax_rate, discount_type, discount_value, subtotal, discount_amount, subtotal_after_discount, tax_amount, "
     "total, amount_paid, amount_refunded, amount_due, public_token, created_at, updated_at) VALUES "
     "('inv_oldinvoice01', 1, 1, 'INV-2025-000001', 'partial', '2025-04-15', '2025-05-15', 'USD', 'IVA', 16, "
     "'percentage', 10, 8400, 840, 7560, 1209.6, 8769.6, 2000, 0, 6769.6, 'token-old', :now, :now)"),
    ("INSERT INTO invoice_items (id, invoice_pk, item_name, quantity, unit, unit_price, subtotal, total, sort_order) "
     "VALUES ('di_olditem00001', 1, 'Web Development', 40, 'hour', 150, 6000, 6000, 0), "
     "('di_olditem00002', 1, 'UI/UX Design', 20, 'hour', 120, 2400, 2400, 1)"),
]
FIGURES = ("subtotal", "discount_amount", "subtotal_after_discount", "tax_amount", "total", "amount_due")


def test_an_invoice_from_before_per_item_taxes_keeps_its_figures():
    instance = tempfile.mkdtemp(prefix="corebill-migration-")
    app = create_app({"TESTING": True, "INSTANCE_PATH": instance, "SECRET_KEY": "test",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance}/old.db", "MAIL_SERVER": None,
                      "RATELIMIT_ENABLED": False})
    with app.app_context():
        try:
            upgrade(revision="0007")
            for statement in ROWS:
                db.session.execute(text(statement), {"now": NOW})
            db.session.commit()
            upgrade()
            invoice = db.session.query(Invoice).one()
            before = {field: getattr(invoice, field) for field in FIGURES}
            assert before == {"subtotal": 8400, "discount_amount": 840, "subtotal_after_discount": 7560,
                              "tax_amount": D("1209.6"), "total": D("8769.6"), "amount_due": D("6769.6")}
            assert invoice.tax_breakdown is None and invoice.amounts_include_tax is False
            assert [item.tax_rates for item in invoice.items] == [None, None]
            single = [{"tax_rate_id": None, "name": "IVA", "percentage": 16, "category": "S",
                       "taxable_amount": 7560, "tax_amount": D("1209.6")}]
            today = date(2025, 4, 20)
            for document in (invoice_json(invoice, today),
                             record_json(invoice_rows.one(db.session.get(Company, 1), invoice.id), today)):
                assert document["tax_breakdown"] == single
                assert (document["tax_rate"], document["total_excluding_tax"]) == (16, 7560)
                assert {field: document[field] for field in FIGURES} == before
                assert [item["tax_rates"] for item in document["items"]] == [[], []]
            # the totals recomputed from the saved items are the same, now with a stored breakdown
            totals = document_items.apply_items(invoice, None, InvoiceItem, amount_paid=invoice.amount_paid)
            assert {field: getattr(invoice, field) for field in FIGURES[:-1]} == \
                {field: before[field] for field in FIGURES[:-1]} and totals.amount_due == before["amount_due"]
            assert [{**entry, "percentage": D(entry["percentage"]), "taxable_amount": D(entry["taxable_amount"]),
                     "tax_amount": D(entry["tax_amount"])} for entry in invoice.tax_breakdown] == single
        finally:
            db.session.rollback()
            db.session.remove()
            db.engine.dispose()
