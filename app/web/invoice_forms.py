"""Invoice editor forms: shape only; the invoice service and the money module hold the rules.

Item rows are named ``items-N-field``. Without script, the row buttons (add, remove, move)
submit the form and the server re-renders it with the rows changed."""
from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import Length

from app import limits
from app.web import choices, numbers

ITEM_FIELDS = ("item_name", "description", "quantity", "unit", "unit_price")
MAX_ROWS = limits.MAX_ITEMS


class ItemForm(Form):
    item_name = StringField("Item")
    description = StringField("Description")
    quantity = StringField("Quantity")
    unit = StringField("Unit")
    unit_price = StringField("Unit price")


class InvoiceForm(FlaskForm):
    customer_id = SelectField("Customer", validate_choice=False)
    issue_date = StringField("Issue date")
    due_date = StringField("Due date")
    currency = SelectField("Currency", validate_choice=False)
    tax_rate = StringField("Tax rate (%)")
    discount_type = SelectField("Discount", validate_choice=False, choices=choices.as_choices(
        [("", "No discount"), ("percentage", "Percentage (%)"), ("fixed", "Fixed amount")]))
    discount_value = StringField("Discount value")
    payment_terms = StringField("Payment terms")
    notes = TextAreaField("Notes")
    items = FieldList(FormField(ItemForm), min_entries=1, max_entries=MAX_ROWS)

    def set_choices(self, customers) -> None:
        pairs = [("", "Choose a customer…")] + [(customer.id, customer.name) for customer in customers]
        self.customer_id.choices = choices.as_choices(pairs)
        self.currency.choices = choices.as_choices([("", "Customer's currency")] + choices.with_current(
            choices.currencies(), self.currency.data))

    def item_rows(self, locale: str) -> tuple[list[dict], list[int]]:
        """The filled rows as service items (numbers read in ``locale``), and the form row each
        came from."""
        items, rows = [], []
        for row, entry in enumerate(self.items.entries):
            values = {field: (entry.form[field].data or "").strip() for field in ITEM_FIELDS}
            if not any(values.values()):
                continue
            item = {"item_name": values["item_name"], "description": values["description"],
                    "unit": values["unit"]}
            for number in ("quantity", "unit_price"):
                if values[number]:
                    item[number] = numbers.read(values[number], locale)
            items.append(item)
            rows.append(row)
        return items, rows

    def service_data(self, locale: str, *, draft_fields: bool = True) -> tuple[dict, list[int]]:
        data = {"notes": self.notes.data or "", "payment_terms": self.payment_terms.data or ""}
        if not draft_fields:
            return data, []
        items, rows = self.item_rows(locale)
        data.update({
            "customer_id": self.customer_id.data or "", "issue_date": self.issue_date.data or "",
            "due_date": self.due_date.data or "", "currency": self.currency.data or "",
            "tax_rate": numbers.read(self.tax_rate.data, locale), "items": items,
            "discount_type": self.discount_type.data or None,
            "discount_value": numbers.read(self.discount_value.data, locale),
        })
        return data, rows


def form_data_of(invoice, locale: str) -> dict:
    """An invoice as the editor's initial data: exact decimals, written in ``locale``."""
    return {
        "customer_id": invoice.customer.id, "issue_date": invoice.issue_date.isoformat(),
        "due_date": invoice.due_date.isoformat(), "currency": invoice.currency,
        "tax_rate": numbers.show(invoice.tax_rate, locale) if invoice.tax_rate else "",
        "discount_type": invoice.discount_type or "",
        "discount_value": numbers.show(invoice.discount_value, locale) if invoice.discount_type else "",
        "payment_terms": invoice.payment_terms or "", "notes": invoice.notes or "",
        "items": [{"item_name": item.item_name, "description": item.description or "",
                   "quantity": numbers.show(item.quantity, locale), "unit": item.unit or "",
                   "unit_price": numbers.show(item.unit_price, locale)} for item in invoice.items] or [{}],
    }


def apply_row_action(form: InvoiceForm, action: str) -> dict | None:
    """The form's data with one row added, removed or moved; None if ``action`` is unknown."""
    data = {name: field.data for name, field in form._fields.items() if name != "csrf_token"}
    items = list(data["items"])
    verb, _, raw = action.partition("-")
    index = int(raw) if raw.isdigit() and int(raw) < len(items) else None
    if verb == "add" and len(items) < MAX_ROWS:
        items.append({})
    elif verb == "remove" and index is not None:
        items.pop(index)
    elif verb == "up" and index:
        items[index - 1], items[index] = items[index], items[index - 1]
    elif verb == "down" and index is not None and index + 1 < len(items):
        items[index + 1], items[index] = items[index], items[index + 1]
    else:
        return None
    data["items"] = items or [{}]
    return data


class PaymentForm(FlaskForm):
    amount = StringField("Amount")
    paid_at = StringField("Payment date")
    payment_method = StringField("Method")
    transaction_id = StringField("Reference")
    notes = TextAreaField("Notes")

    def service_data(self, locale: str) -> dict:
        data = {field: (getattr(self, field).data or "").strip()
                for field in ("paid_at", "payment_method", "transaction_id", "notes")}
        return {"amount": numbers.read(self.amount.data, locale), **data}


class RefundForm(FlaskForm):
    amount = StringField("Amount to refund")
    reason = TextAreaField("Reason")
    payment_method = StringField("Method")

    def service_data(self, locale: str) -> dict:
        data = {field: (getattr(self, field).data or "").strip() for field in ("reason", "payment_method")}
        return {"amount": numbers.read(self.amount.data, locale), **data}


class ReviewForm(FlaskForm):
    """Put an invoice in review (the client disputes it) or back to sent; the service
    decides which moves are allowed."""
    status = HiddenField("Status", validators=[Length(max=20)])


class CancelForm(FlaskForm):
    reason = TextAreaField("Reason (optional)")
