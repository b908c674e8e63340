"""Invoice list and editor through the test client: filters, search, pages, create and edit
with item rows (add, remove, move without script), field errors on items, live totals."""
from decimal import Decimal

from app.invoices import lifecycle
from app.models import Invoice
from app.services import transaction
from tests.support.forms import editor_data
from tests.support.html import badges, field_error, flashes, input_value, text_of


def test_empty_invoice_list_says_what_to_do(client, owner):
    html = text_of(client.get("/invoices"))
    assert "No invoices yet" in html and 'href="/invoices/new"' in html


def test_create_invoice_with_items(client, owner, make_customer, db):
    customer = make_customer(name="Wayne Enterprises")
    data = editor_data(customer.id, {"item_name": "Design", "quantity": "3", "unit": "hour", "unit_price": "120.50"},
                       {"item_name": "", "quantity": "", "unit_price": ""},
                       {"item_name": "Hosting", "unit_price": "20"}, tax_rate="10", discount_type="percentage",
                       discount_value="5", notes="Thanks")
    response = client.post("/invoices/new", data=data)
    assert response.status_code == 302, text_of(response)
    invoice = db.session.query(Invoice).one()
    assert [item.item_name for item in invoice.items] == ["Design", "Hosting"]
    assert invoice.items[1].quantity == 1  # an empty quantity means one
    assert invoice.subtotal == Decimal("381.50") and invoice.total == Decimal("398.66")
    html = text_of(client.get(response.location))
    assert "$398.66" in html and badges(html)[0] == "draft" and "Wayne Enterprises" in html


def test_item_errors_sit_beside_the_item_field(client, owner, make_customer, db):
    customer = make_customer()
    data = editor_data(customer.id, {"item_name": "Good", "quantity": "1", "unit_price": "10"},
                       {"item_name": "", "quantity": "", "unit_price": ""},
                       {"item_name": "Bad", "quantity": "-2", "unit_price": "5"},
                       {"item_name": "", "quantity": "2", "unit_price": "5"},
                       {"item_name": "Worse", "quantity": "2", "unit_price": "abc"})
    response = client.post("/invoices/new", data=data)
    assert response.status_code == 400
    html = text_of(response)
    assert field_error(html, "items-2-quantity") == "Must be greater than 0."
    assert field_error(html, "items-4-unit_price") == "Must be a number."
    assert field_error(html, "items-3-item_name") == "This field is required."
    assert field_error(html, "items-0-unit_price") is None
    assert input_value(html, "items-4-unit_price") == "abc"  # kept as typed
    assert db.session.query(Invoice).count() == 0


def test_invoice_field_errors(client, owner, make_customer, make_account):
    response = client.post("/invoices/new", data=editor_data("", {"item_name": "A", "unit_price": "1"}))
    assert field_error(text_of(response), "customer_id") == "This field is required."
    customer = make_customer()
    response = client.post("/invoices/new", data=editor_data(customer.id, {"item_name": "A", "unit_price": "1"},
                                                             due_date="2025-01-01", tax_rate="101"))
    html = text_of(response)
    assert response.status_code == 400
    assert "at most 100" in field_error(html, "tax_rate")
    response = client.post("/invoices/new", data=editor_data(customer.id, {"item_name": "A", "unit_price": "1"},
                                                             issue_date="2026-13-01", discount_value="5"))
    html = text_of(response)
    assert field_error(html, "issue_date") == "Must be a date in the form YYYY-MM-DD."
    assert "percentage" in field_error(html, "discount_type")
    response = client.post("/invoices/new", data=editor_data(customer.id, {"item_name": "A", "unit_price": "1"},
                                                             due_date="2025-01-01"))
    assert field_error(text_of(response), "due_date") == "The due date cannot be before the issue date."
    stranger = make_account(email="x@example.com", company="X")
    theirs = make_customer(who=stranger)
    response = client.post("/invoices/new", data=editor_data(theirs.id, {"item_name": "A", "unit_price": "1"}))
    assert response.status_code == 400 and "No such customer" in field_error(text_of(response), "customer_id")


def test_row_buttons_work_without_script(client, owner, make_customer):
    customer = make_customer()
    rows = ({"item_name": "First", "unit_price": "1"}, {"item_name": "Second", "unit_price": "2"})
    html = text_of(client.post("/invoices/new", data={**editor_data(customer.id, *rows), "row_action": "add"}))
    assert input_value(html, "items-2-item_name") == "" and input_value(html, "items-1-item_name") == "Second"
    html = text_of(client.post("/invoices/new", data={**editor_data(customer.id, *rows), "row_action": "up-1"}))
    assert input_value(html, "items-0-item_name") == "Second" and input_value(html, "items-1-item_name") == "First"
    html = text_of(client.post("/invoices/new", data={**editor_data(customer.id, *rows), "row_action": "down-0"}))
    assert input_value(html, "items-0-item_name") == "Second"
    html = text_of(client.post("/invoices/new", data={**editor_data(customer.id, *rows), "row_action": "remove-0"}))
    assert input_value(html, "items-0-item_name") == "Second" and input_value(html, "items-1-item_name") is None
    assert "$2.00" in html  # totals shown without script
    response = client.post("/invoices/new", data={**editor_data(customer.id, *rows), "row_action": "up-0"})
    assert response.status_code == 200  # moving the first row up changes nothing, saves nothing
    assert input_value(text_of(response), "items-0-item_name") == "First"


def test_preview_returns_server_totals(client, owner, make_customer):
    customer = make_customer()
    data = editor_data(customer.id, {"item_name": "A", "quantity": "3", "unit_price": "0.335"},
                       {"item_name": "", "unit_price": ""}, {"item_name": "B", "quantity": "1", "unit_price": "10"},
                       tax_rate="16", discount_type="fixed", discount_value="1")
    body = client.post("/invoices/preview", data=data).get_json()
    assert body["lines"] == {"0": "$1.01", "2": "$10.00"}
    assert "$11.01" in body["totals_html"] and "$1.60" in body["totals_html"] and "$11.61" in body["totals_html"]
    bad = client.post("/invoices/preview", data=editor_data(customer.id, {"item_name": "A", "unit_price": "x"}))
    # The preview's error names its field (by the form's id, and in words in the totals box).
    assert bad.status_code == 200 and bad.get_json()["errors"] == {"items-0-unit_price": "Row 1, Unit price: Must be a number."}
    assert "Totals appear when the amounts are valid." in bad.get_json()["totals_html"]
    assert "Row 1, Unit price: Must be a number." in bad.get_json()["totals_html"]
    euro = client.post("/invoices/preview", data=editor_data(customer.id, {"item_name": "A", "unit_price": "5"},
                                                             currency="EUR")).get_json()
    assert "€5.00" in euro["totals_html"]
    euro_customer = make_customer(name="Euro GmbH", country="DE", currency="EUR")
    body = client.post("/invoices/preview", data=editor_data(euro_customer.id, {"item_name": "A", "unit_price": "7"})).get_json()
    assert "€7.00" in body["totals_html"] and body["lines"] == {"0": "€7.00"}


def test_edit_draft_replaces_items(client, owner, make_invoice, db):
    invoice = make_invoice(due_date="2099-01-01")
    html = text_of(client.get(f"/invoices/{invoice.id}/edit"))
    assert input_value(html, "items-0-item_name") == "Web Development" and input_value(html, "tax_rate") == "16"
    assert input_value(html, "discount_value") == "10"
    data = editor_data(invoice.customer.id, {"item_name": "Only line", "quantity": "2", "unit_price": "50"},
                       issue_date="2025-04-15", due_date="2099-01-01")
    response = client.post(f"/invoices/{invoice.id}/edit", data=data)
    assert response.status_code == 302
    db.session.refresh(invoice)
    assert [i.item_name for i in invoice.items] == ["Only line"] and invoice.total == Decimal("100.00")


def test_edit_sent_invoice_changes_notes_only(client, owner, make_invoice, db):
    invoice = make_invoice(due_date="2099-01-01")
    with transaction():
        lifecycle.send_invoice(owner, invoice.id, deliver=lambda *_: None)
    html = text_of(client.get(f"/invoices/{invoice.id}/edit"))
    assert "items-0-item_name" not in html and "can still change the payment terms and notes" in html
    response = client.post(f"/invoices/{invoice.id}/edit", data={"notes": "Paid by wire please",
                                                                  "payment_terms": "Net 15",
                                                                  "items-0-item_name": "Sneaky", "items-0-unit_price": "1"})
    assert response.status_code == 302
    db.session.refresh(invoice)
    assert invoice.notes == "Paid by wire please" and invoice.items[0].item_name == "Web Development"


def test_list_filters_search_and_pages(client, owner, make_customer, make_invoice):
    acme, other = make_customer(name="Acme Corp"), make_customer(name="Umbrella")
    for _ in range(26):
        make_invoice(customer=acme, due_date="2099-01-01")
    late = make_invoice(customer=other)  # due 2025-05-15: overdue once sent
    with transaction():
        lifecycle.send_invoice(owner, late.id, deliver=lambda *_: None)
    html = text_of(client.get("/invoices"))
    assert "Page 1 of 2" in html and late.invoice_number in html
    assert "INV-2025-000001" not in html and "INV-2025-000001" in text_of(client.get("/invoices?page=2"))
    overdue = text_of(client.get("/invoices?status=overdue"))
    assert late.invoice_number in overdue and "INV-2025-000002" not in overdue and badges(overdue) == ["overdue"]
    assert late.invoice_number not in text_of(client.get("/invoices?status=sent"))
    assert late.invoice_number in text_of(client.get("/invoices?status=open"))
    by_customer = text_of(client.get(f"/invoices?customer={other.id}"))
    assert late.invoice_number in by_customer and "INV-2025-000001<" not in by_customer
    assert late.invoice_number in text_of(client.get("/invoices?q=umbrel"))
    searched = text_of(client.get("/invoices?q=2025-000003"))
    assert "INV-2025-000003" in searched and "INV-2025-000004" not in searched
    assert "No invoices match" in text_of(client.get("/invoices?q=zzz-nothing"))
    assert late.invoice_number in text_of(client.get("/invoices?status=overdue&due_from=2025-05-01&due_to=2025-06-01"))
    assert late.invoice_number not in text_of(client.get("/invoices?status=overdue&due_from=2025-06-01"))
    assert client.get("/invoices?status=bogus").status_code == 400
    assert client.get("/invoices?due_from=not-a-date").status_code == 400  # said, not silently dropped (issue 24)


def test_another_companys_invoice_is_404(client, owner, make_account, make_invoice):
    stranger = make_account(email="other@example.com", company="Other Co")
    theirs = make_invoice(who=stranger)
    for path in ("", "/edit", "/payment", "/refund", "/cancel", "/delete"):
        assert client.get(f"/invoices/{theirs.id}{path}").status_code == 404
    for path in ("/send", "/payment", "/cancel", "/delete", "/refund", "/edit"):
        assert client.post(f"/invoices/{theirs.id}{path}", data={"amount": "1"}).status_code == 404
    assert theirs.invoice_number not in text_of(client.get("/invoices"))
    assert flashes(text_of(client.get("/invoices"))) == []


def test_new_invoice_from_an_inactive_customers_page_keeps_it_chosen(client, owner, make_customer):
    sleeper = make_customer(name="Sleeper Ltd", status="inactive")
    html = text_of(client.get(f"/invoices/new?customer={sleeper.id}"))
    assert f'<option selected value="{sleeper.id}">Sleeper Ltd</option>' in html
    assert "Sleeper Ltd" not in text_of(client.get("/invoices/new"))


def test_a_customer_id_holding_nul_is_a_field_error(client, owner, make_customer, db):
    """Found by the form fuzz on PostgreSQL, which cannot compare text holding NUL."""
    make_customer()
    for customer_id in ("cus_\x00", "\x00"):
        response = client.post("/invoices/new", data=editor_data(customer_id, {"item_name": "A", "unit_price": "1"}))
        assert response.status_code == 400
        assert field_error(text_of(response), "customer_id")
    assert db.session.query(Invoice).count() == 0


def test_every_error_of_an_item_row_at_once(client, owner, make_customer, db):
    customer = make_customer()
    response = client.post("/invoices/new", data=editor_data(
        customer.id, {"item_name": "Good", "unit_price": "1"}, {"item_name": "", "quantity": "0", "unit_price": "abc"}))
    html = text_of(response)
    assert response.status_code == 400
    assert field_error(html, "items-1-item_name") == "This field is required."
    assert field_error(html, "items-1-quantity") == "Must be greater than 0."
    assert field_error(html, "items-1-unit_price") == "Must be a number."
    body = client.post("/invoices/preview", data=editor_data(
        customer.id, {"item_name": "", "unit_price": ""}, {"item_name": "A", "quantity": "x", "unit_price": "-1"})).get_json()
    assert body["errors"] == {"items-1-quantity": "Row 2, Quantity: Must be a number.",
                              "items-1-unit_price": "Row 2, Unit price: Must be at least 0."}
    assert db.session.query(Invoice).count() == 0


def _german(db, company):
    company.locale = "de_DE"
    db.session.commit()


def test_numbers_in_the_company_locale(client, owner, make_customer, db):
    _german(db, owner.company)
    customer = make_customer(currency="EUR")
    data = editor_data(customer.id, {"item_name": "Beratung", "quantity": "1,5", "unit_price": "1.234,56"},
                       {"item_name": "Plain", "quantity": "2", "unit_price": "0.5"},
                       tax_rate="19,5", discount_type="fixed", discount_value="1,25")
    body = client.post("/invoices/preview", data=data).get_json()
    assert body["errors"] == {} and body["lines"] == {"0": "1.851,84\xa0€", "1": "1,00\xa0€"}
    response = client.post("/invoices/new", data=data)
    assert response.status_code == 302, text_of(response)
    invoice = db.session.query(Invoice).one()
    assert [(item.quantity, item.unit_price) for item in invoice.items] == [
        (Decimal("1.5"), Decimal("1234.56")), (Decimal("2"), Decimal("0.5"))]
    assert invoice.tax_rate == Decimal("19.5") and invoice.discount_value == Decimal("1.25")
    # The editor shows them back in the locale, and saving unchanged changes nothing.
    html = text_of(client.get(f"/invoices/{invoice.id}/edit"))
    assert input_value(html, "items-0-unit_price") == "1234,56" and input_value(html, "items-0-quantity") == "1,5"
    assert input_value(html, "tax_rate") == "19,5"


def test_numbers_in_a_locale_refuse_what_is_not_a_number(client, owner, make_customer, db):
    _german(db, owner.company)
    customer = make_customer()
    response = client.post("/invoices/new", data=editor_data(
        customer.id, {"item_name": "A", "quantity": "1,2,3", "unit_price": "12,34567"}))
    html = text_of(response)
    assert field_error(html, "items-0-quantity") == "Must be a number."
    # The rule's message is the service's, the same the API gives.
    assert field_error(html, "items-0-unit_price") == "Must have at most 4 decimal places."
    assert db.session.query(Invoice).count() == 0


def test_a_document_over_the_text_limit_is_a_form_error_and_saves_nothing(client, owner, make_customer, db):
    """Issue 24, item 7: the editor says why (the whole text), keeps the rows, saves nothing."""
    customer = make_customer()
    rows = [{"item_name": f"Report {n}", "description": "r" * 4000, "quantity": "1", "unit_price": "10"}
            for n in range(40)]
    response = client.post("/invoices/new", data=editor_data(customer.id, *rows))
    assert response.status_code == 400
    html = text_of(response)
    assert "An invoice&#39;s text in all" in html and "at most 150000 characters; this one has 160350." in html
    assert input_value(html, "items-39-item_name") == "Report 39"
    assert db.session.query(Invoice).count() == 0
