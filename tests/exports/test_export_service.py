"""The export service: the date range (both ends included; refunds by their day in the company's
timezone), drafts left out, credit notes and refunds negative, one row per document and
movement, one column pair per rate, the refusals DATEV's needs give, and the same bytes for the
same data."""
from datetime import datetime, timezone

import pytest

from app.exports import rows, service
from app.extensions import db
from app.models import Refund, TaxRate
from app.services import accounts, transaction
from app.services.errors import ValidationError
from tests.exports.helpers import PINNED, csv_rows, exported


def table(data: bytes) -> list[dict]:
    header, *lines = csv_rows(data)
    return [dict(zip(header, line)) for line in lines]


def test_the_range_includes_both_ends_and_leaves_drafts_out(books):
    found = table(exported(books.actor, "csv"))
    kinds = [(line["type"], line["date"]) for line in found]
    assert kinds == [("invoice", "2025-04-15"), ("payment", "2025-04-20"), ("credit_note", "2025-04-28"),
                     ("invoice", "2025-04-30"), ("credit_note", "2025-04-30"), ("refund", "2025-04-30")]
    numbers = {line["number"] for line in found}
    assert books.draft.invoice_number not in numbers and books.may_invoice.invoice_number not in numbers
    one_day = table(exported(books.actor, "csv", **{"from": "2025-04-15", "to": "2025-04-15"}))
    assert [line["number"] for line in one_day] == [books.invoice.invoice_number]


def test_a_refund_counts_on_its_day_in_the_company_timezone(books):
    with transaction():
        db.session.get(Refund, books.refund.pk).created_at = datetime(2025, 4, 30, 22, 30, tzinfo=timezone.utc)
    assert "refund" not in {line["type"] for line in table(exported(books.actor, "csv"))}  # 00:30 on 1 May in Berlin
    may = table(exported(books.actor, "csv", **{"from": "2025-05-01", "to": "2025-05-01"}))
    assert [(line["type"], line["total"]) for line in may] == [("invoice", "119,00"), ("refund", "-11,90")]


def test_documents_carry_totals_and_one_column_pair_per_rate(books):
    header = csv_rows(exported(books.actor, "csv"))[0]
    assert header[-4:] == ["USt 19 % taxable", "USt 19 % tax", "USt 7 % taxable", "USt 7 % tax"]
    invoice, payment, note = (table(exported(books.actor, "csv"))[index] for index in (0, 1, 2))
    assert (invoice["total_excluding_tax"], invoice["tax_amount"], invoice["total"]) == ("121,00", "20,47", "141,47")
    assert (invoice["USt 19 % taxable"], invoice["USt 19 % tax"], invoice["USt 7 % taxable"],
            invoice["USt 7 % tax"]) == ("100,00", "19,00", "21,00", "1,47")
    assert (invoice["customer"], invoice["customer_account_number"], invoice["currency"]) == ("Müller GmbH", "10001",
                                                                                             "EUR")
    assert (payment["invoice_number"], payment["total"], payment["payment_method"]) == (
        books.invoice.invoice_number, "141,47", "bank_transfer")
    assert payment["USt 19 % taxable"] == ""
    assert (note["total"], note["USt 19 % taxable"], note["USt 19 % tax"], note["USt 7 % taxable"]) == (
        "-23,80", "-20,00", "-3,80", "")
    assert note["invoice_number"] == books.late.invoice_number and note["status"] == "adjustment"
    assert note["customer"] == "'=HYPERLINK(\"http://x\")"  # neutralised; amounts stay numbers


def test_a_company_writing_decimal_points_gets_commas_and_points(books):
    with transaction():
        accounts.update_company(books.actor, {"locale": "en_US"})
    data = exported(books.actor, "csv")
    header, first = csv_rows(data, delimiter=",")[:2]
    assert header[0] == "type" and first[header.index("total")] == "141.47"


def test_a_rate_renamed_since_is_labelled_as_it_is_now(books):
    with transaction():
        db.session.get(TaxRate, db.session.scalar(db.select(TaxRate.pk).where(TaxRate.id == books.vat7))).name = "MwSt"
    assert "MwSt 7 % taxable" in csv_rows(exported(books.actor, "csv"))[0]


def test_the_same_data_gives_the_same_bytes(books):
    for fmt in ("csv", "xlsx", "datev"):
        assert exported(books.actor, fmt) == exported(books.actor, fmt), fmt


def test_rows_are_read_in_batches(books, monkeypatch):
    whole = exported(books.actor, "csv")
    monkeypatch.setattr(rows, "BATCH", 1)
    assert exported(books.actor, "csv") == whole


def test_bad_requests_name_their_fields(actor):
    with pytest.raises(ValidationError) as refused:
        service.export(actor, {"format": "pdf", "from": "2025-13-01"}, created_at=PINNED)
    assert set(refused.value.errors) == {"format", "from", "to"}
    with pytest.raises(ValidationError) as refused:
        service.export(actor, {"format": "csv", "from": "2025-05-01", "to": "2025-04-01"}, created_at=PINNED)
    assert set(refused.value.errors) == {"to"}


def test_datev_needs_the_company_numbers(books):
    with transaction():
        accounts.update_company(books.actor, {"datev_consultant_number": None, "datev_client_number": ""})
    with pytest.raises(ValidationError) as refused:
        exported(books.actor, "datev")
    assert set(refused.value.errors) == {"datev_consultant_number", "datev_client_number"}
    assert "Settings → Export" in refused.value.errors["datev_client_number"]


def test_datev_names_the_customers_and_rates_without_accounts(books):
    with transaction():
        db.session.get(TaxRate, db.session.scalar(db.select(TaxRate.pk).where(TaxRate.id == books.vat7))).account = "ERLOES"
        books.mueller = db.session.merge(books.mueller)
        books.mueller.account_number = None
    with pytest.raises(ValidationError) as refused:
        exported(books.actor, "datev")
    assert "USt 7 %" in refused.value.errors["account"] and "USt 19 %" not in refused.value.errors["account"]
    assert "Müller GmbH" in refused.value.errors["account_number"]
    assert "HYPERLINK" not in refused.value.errors["account_number"]


def test_datev_covers_one_fiscal_year(books):
    with pytest.raises(ValidationError) as refused:
        exported(books.actor, "datev", **{"from": "2024-12-01", "to": "2025-04-30"})
    assert set(refused.value.errors) == {"to"}


def test_another_companys_rows_are_never_read(books, make_account, make_books):
    other = make_books(make_account(email="other@example.com", company="Other"))
    mine = exported(books.actor, "csv")
    assert other.invoice.id.encode() not in mine and books.invoice.id.encode() in mine
    assert {line["customer_id"] for line in table(mine)} == {books.mueller.id, books.formula.id}


def test_a_draft_cancelled_unsent_stays_out_and_a_sent_invoice_deleted_since_stays(books):
    from app.invoices import lifecycle
    with transaction():
        lifecycle.cancel_invoice(books.actor, books.draft.id, "Never sent")
    with transaction():
        lifecycle.cancel_invoice(books.actor, books.late.id, "Wrong customer")
    with transaction():
        lifecycle.delete_invoice(books.actor, books.late.id)
    numbers = {line["number"] for line in table(exported(books.actor, "csv"))}
    assert books.draft.invoice_number not in numbers
    assert books.late.invoice_number in numbers  # sent, cancelled by a credit note, then deleted: still in the books
