"""The editor every priced document shares (invoices, quotes, recurring invoices): the
customer, currency, tax, discount, notes and the item rows. Shape only; the services and
the money module hold the rules.

Item rows are named ``items-N-field``. Without script, the row buttons (add, remove, move)
submit the form and the server re-renders it with the rows changed."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, FieldList, Form, FormField, SelectField, StringField, TextAreaField
from wtforms.utils import unset_value

from app import limits, money
from app.i18n import _, _l
from app.web import choices, numbers

ITEM_FIELDS = ("item_name", "description", "quantity", "unit", "unit_price")
MAX_ROWS = limits.MAX_ITEMS


class ItemRows(FieldList):
    """The item rows. WTForms keeps at most ``max_entries`` of the rows posted and drops the
    rest without a word; ``posted`` counts them all, so that the form can refuse too many."""
    posted = 0

    def process(self, formdata, data=unset_value, extra_filters=None):
        self.posted = len(set(self._extract_indices(self.name, formdata))) if formdata else 0
        super().process(formdata, data, extra_filters)


class ItemForm(Form):
    item_name = StringField(_l("Item"))
    description = StringField(_l("Description"))
    quantity = StringField(_l("Quantity"))
    unit = StringField(_l("Unit"))
    unit_price = StringField(_l("Unit price"))
    # Up to three of the company's rates per row (blank: none); the service checks the ids.
    tax_rates = FieldList(SelectField(_l("Tax"), validate_choice=False), _l("Tax rates"),
                          min_entries=money.MAX_RATES_PER_LINE, max_entries=money.MAX_RATES_PER_LINE)


def rate_label(rate) -> str:
    """How a rate reads in a picker: "VAT 19 %" (an archived one says so)."""
    label = _("%(name)s %(percentage)s %%", name=rate.name, percentage=money.plain(rate.percentage))
    return label if rate.active else _("%(rate)s (archived)", rate=label)


class DocumentForm(FlaskForm):
    customer_id = SelectField(_l("Customer"), validate_choice=False)
    currency = SelectField(_l("Currency"), validate_choice=False)
    tax_rate = StringField(_l("Tax rate (%)"))
    discount_type = SelectField(_l("Discount"), validate_choice=False, choices=choices.as_choices(
        [("", _l("No discount")), ("percentage", _l("Percentage (%)")), ("fixed", _l("Fixed amount"))]))
    discount_value = StringField(_l("Discount value"))
    amounts_include_tax = BooleanField(_l("Amounts include tax"))
    notes = TextAreaField(_l("Notes"))
    # One row more than allowed is kept and shown, with the limit's message (none is dropped unsaid).
    items = ItemRows(FormField(ItemForm), min_entries=1, max_entries=MAX_ROWS + 1)
    NOUN = "invoice"  # the item limit's words: "An invoice has at most 1000 items." (as the API says)
    TEXTS: tuple[str, ...] = ()  # besides the notes, the texts that still change after draft
    DATES: tuple[str, ...] = ()  # the dates, which change only in a draft
    items_error = None

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.items.posted > MAX_ROWS:
            self.items_error = limits.too_many_items(self.NOUN)
            return False
        return valid

    def set_choices(self, customers, rates=(), chosen_rates=()) -> None:
        """The pickers' choices: ``rates`` are the company's active rates; ``chosen_rates``
        (e.g. a draft's archived ones) are offered too so that a row shows what it holds."""
        pairs = [("", _("Choose a customer…"))] + [(customer.id, customer.name) for customer in customers]
        self.customer_id.choices = choices.as_choices(pairs)
        self.currency.choices = choices.as_choices([("", _("Customer's currency"))] + choices.with_current(
            choices.currencies(), self.currency.data))
        offered = list(rates) + [rate for rate in chosen_rates if rate not in rates]
        rate_choices = choices.as_choices([("", _("No tax"))] + [(rate.id, rate_label(rate)) for rate in offered])
        for entry in self.items.entries:
            for select in entry.form.tax_rates.entries:
                select.choices = rate_choices

    def chosen_rate_ids(self) -> set[str]:
        return {select.data for entry in self.items.entries for select in entry.form.tax_rates.entries
                if select.data}

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
            rate_ids = [select.data for select in entry.form.tax_rates.entries if select.data]
            if rate_ids:
                item["tax_rates"] = rate_ids
            for number in ("quantity", "unit_price"):
                if values[number]:
                    item[number] = numbers.read(values[number], locale)
            items.append(item)
            rows.append(row)
        return items, rows

    def service_data(self, locale: str, *, draft_fields: bool = True) -> tuple[dict, list[int]]:
        """The service's input (only the texts unless ``draft_fields``) and the form row of
        each item."""
        data = {"notes": self.notes.data or "", **{field: self[field].data or "" for field in self.TEXTS}}
        if not draft_fields:
            return data, []
        data.update(self.draft_data())
        rows = self.pricing_data(data, locale)
        return data, rows

    def draft_data(self) -> dict:
        """What changes only in a draft besides the customer, pricing and items: the dates."""
        return {field: self[field].data or "" for field in self.DATES}

    def pricing_data(self, data: dict, locale: str) -> list[int]:
        """Add the customer, pricing fields and items to ``data``; returns the item rows' form rows."""
        items, rows = self.item_rows(locale)
        data.update({
            "customer_id": self.customer_id.data or "", "currency": self.currency.data or "",
            "tax_rate": numbers.read(self.tax_rate.data, locale), "items": items,
            "discount_type": self.discount_type.data or None,
            "discount_value": numbers.read(self.discount_value.data, locale),
            "amounts_include_tax": bool(self.amounts_include_tax.data),
        })
        return rows


def document_form_data(document, locale: str) -> dict:
    """A document's customer, pricing, notes and items as the editor's initial data: exact
    decimals, written in ``locale``."""
    return {
        "customer_id": document.customer.id, "currency": document.currency,
        "tax_rate": numbers.show(document.tax_rate, locale) if document.tax_rate else "",
        "discount_type": document.discount_type or "",
        "discount_value": numbers.show(document.discount_value, locale) if document.discount_type else "",
        "amounts_include_tax": bool(document.amounts_include_tax),
        "notes": document.notes or "",
        "items": [{"item_name": item.item_name, "description": item.description or "",
                   "quantity": numbers.show(item.quantity, locale), "unit": item.unit or "",
                   "unit_price": numbers.show(item.unit_price, locale),
                   "tax_rates": [copy["id"] for copy in item.tax_rates or ()]} for item in document.items] or [{}],
    }


def apply_row_action(form: DocumentForm, action: str) -> dict | None:
    """The form's data with one row added, removed or moved; None if ``action`` is unknown."""
    data = {name: field.data for name, field in form._fields.items() if name != "csrf_token"}
    items = list(data["items"])
    verb, _, raw = action.partition("-")
    index = int(raw) if raw.isascii() and raw.isdigit() and int(raw) < len(items) else None
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
