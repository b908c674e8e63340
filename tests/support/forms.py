"""Dashboard form posts in tests: the invoice, quote and recurring editors and the company settings."""


def _document(defaults: dict, rows: tuple, fields: dict) -> dict:
    """The editor's fields: ``defaults`` with ``fields`` over them, then each row as ``items-<n>-<key>``."""
    data = {**defaults, **fields}
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"items-{index}-{key}"] = value
    return data


def editor_data(customer_id, *rows, **fields):
    """The invoice editor."""
    return _document({"customer_id": customer_id, "issue_date": "2026-01-10", "due_date": "2026-02-10", "currency": "",
                      "tax_rate": "", "discount_type": "", "discount_value": "", "payment_terms": "", "notes": ""},
                     rows, fields)


def quote_editor_data(customer_id, *rows, **fields):
    """The quote editor."""
    return _document({"customer_id": customer_id, "issue_date": "2026-01-10", "expiry_date": "", "currency": "",
                      "tax_rate": "", "discount_type": "", "discount_value": "", "terms": "", "notes": ""},
                     rows, fields)


def recurring_form(customer, **fields):
    data = {"customer_id": customer.id, "interval": "month", "interval_count": "1", "start_date": "2027-01-31",
            "count": "", "end_date": "", "due_days": "14", "tax_rate": "19", "discount_type": "", "discount_value": "",
            "items-0-item_name": "Hosting", "items-0-quantity": "1", "items-0-unit_price": "49",
            "notes": "Thanks", "payment_terms": "Net 14"}
    data.update(fields)
    return data


def company_data(**changes):
    data = {"name": "Acme Studio", "email": "hello@acme.example", "legal_name": "Acme Studio SARL",
            "address_line1": "1 rue de la Paix", "postal_code": "75002", "city": "Paris", "country": "FR",
            "vat_id": "FR 403 032 650 45", "invoice_prefix": "ac",
            "currency": "EUR", "timezone": "Europe/Paris", "locale": "fr_FR"}
    data.update(changes)
    return data
