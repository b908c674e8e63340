"""The invoice editor with tax rates per row (DESIGN §10): up to three pickers per row with
the company's active rates, rows re-rendered without script keep their rates, errors beside
the row's rates, prices including tax and the supply date or period, and the totals box
with one line per rate (live preview and after saving)."""
import re
from decimal import Decimal

from app.models import Invoice
from app.services import tax_rates, transaction
from tests.support.forms import editor_data as plain_editor_data
from tests.support.html import field_error, selected, text_of


def editor_data(customer_id, *rows, **fields):
    """As a browser posts the editor: every row's three rate pickers, blank or chosen."""
    rows = [{**{f"tax_rates-{index}": "" for index in range(3)}, **row} for row in rows]
    return plain_editor_data(customer_id, *rows, **fields)


def make_rate(actor, name, percentage, **more):
    with transaction():
        return tax_rates.create_tax_rate(actor, {"name": name, "percentage": percentage, **more}).id


def test_each_row_offers_three_pickers_of_the_active_rates(client, owner, make_customer):
    vat = make_rate(owner, "VAT", 19)
    old = make_rate(owner, "Old", 16)
    with transaction():
        tax_rates.archive_tax_rate(owner, old)
    html = text_of(client.get("/invoices/new"))
    for index in range(3):
        assert selected(html, f"items-0-tax_rates-{index}") == ""  # no default rate: a new row has none
    assert f'value="{vat}"' in html and "VAT 19 %" in html and old not in html
    assert selected(html, "items-0-tax_rates-3") is None
    assert 'name="amounts_include_tax"' in html and 'name="supply_period_end"' in html


def test_saving_rows_with_rates_and_the_totals_per_rate(client, owner, make_customer, db):
    vat, reduced = make_rate(owner, "VAT", 19), make_rate(owner, "VAT reduced", 7)
    customer = make_customer(currency="EUR")
    data = editor_data(customer.id, {"item_name": "Service", "unit_price": "100", "tax_rates-0": vat},
                       {"item_name": "Book", "quantity": "2", "unit_price": "10.50", "tax_rates-1": reduced},
                       supply_date="2026-01-05")
    response = client.post("/invoices/new", data=data)
    assert response.status_code == 302, text_of(response)
    invoice = db.session.query(Invoice).one()
    assert [[copy["id"] for copy in item.tax_rates] for item in invoice.items] == [[vat], [reduced]]
    assert invoice.total == Decimal("141.47") and str(invoice.supply_date) == "2026-01-05"
    shown = text_of(client.get(response.location))
    assert "VAT (19%)" in shown and "€19.00" in shown and "VAT reduced (7%)" in shown and "€1.47" in shown
    edit = text_of(client.get(f"/invoices/{invoice.id}/edit"))
    assert selected(edit, "items-0-tax_rates-0") == vat and selected(edit, "items-1-tax_rates-0") == reduced
    assert re.search(r'name="supply_date"[^>]*value="2026-01-05"', edit)


def test_row_buttons_without_script_keep_the_chosen_rates(client, owner, make_customer):
    gst, qst = make_rate(owner, "GST", 5), make_rate(owner, "QST", "9.975")
    customer = make_customer()
    rows = ({"item_name": "First", "unit_price": "1", "tax_rates-0": gst, "tax_rates-1": qst},
            {"item_name": "Second", "unit_price": "2", "tax_rates-2": qst})
    html = text_of(client.post("/invoices/new", data={**editor_data(customer.id, *rows), "row_action": "up-1"}))
    assert selected(html, "items-0-tax_rates-2") == qst and selected(html, "items-0-tax_rates-0") == ""
    assert (selected(html, "items-1-tax_rates-0"), selected(html, "items-1-tax_rates-1")) == (gst, qst)
    html = text_of(client.post("/invoices/new", data={**editor_data(customer.id, *rows), "row_action": "add"}))
    assert selected(html, "items-2-tax_rates-0") == "" and selected(html, "items-0-tax_rates-1") == qst
    # the totals the server re-rendered show each rate
    assert "GST (5%)" in html and "QST (9.975%)" in html


def test_errors_sit_beside_the_rows_rates_and_the_fields(client, owner, make_customer, make_account, db):
    vat = make_rate(owner, "VAT", 19)
    other = make_account(email="other@example.com", company="Other")
    theirs = make_rate(other, "Theirs", 7)
    customer = make_customer()
    data = editor_data(customer.id, {"item_name": "A", "unit_price": "1", "tax_rates-0": vat},
                       {"item_name": "B", "unit_price": "1", "tax_rates-0": vat, "tax_rates-1": vat},
                       {"item_name": "C", "unit_price": "1", "tax_rates-0": theirs})
    response = client.post("/invoices/new", data=data)
    html = text_of(response)
    assert response.status_code == 400 and db.session.query(Invoice).count() == 0
    assert "twice" in field_error(html, "items-1-tax_rates")
    assert "No such active tax rate" in field_error(html, "items-2-tax_rates")
    assert field_error(html, "items-0-tax_rates") is None
    response = client.post("/invoices/new", data=editor_data(
        customer.id, {"item_name": "A", "unit_price": "1", "tax_rates-0": vat}, tax_rate="16",
        supply_period_start="2026-01-31", supply_period_end="2026-01-01"))
    html = text_of(response)
    assert "not both" in field_error(html, "tax_rate")
    assert "cannot end before" in field_error(html, "supply_period_end")


def test_preview_shows_the_breakdown_and_prices_including_tax(client, owner, make_customer):
    vat = make_rate(owner, "VAT", 19)
    customer = make_customer(currency="EUR")
    data = editor_data(customer.id, {"item_name": "Mug", "quantity": "3", "unit_price": "9.99", "tax_rates-0": vat},
                       amounts_include_tax="y")
    body = client.post("/invoices/preview", data=data).get_json()
    assert body["lines"] == {"0": "€29.97"}
    html = body["totals_html"]
    assert "incl. VAT (19%)" in html and "€4.79" in html and "Total excluding tax" in html and "€25.18" in html
    assert re.search(r'data-total="total">€29.97<', html)
    # without script the same figures appear once saved
    response = client.post("/invoices/new", data=data)
    assert response.status_code == 302
    assert "Total excluding tax" in text_of(client.get(response.location))
