"""Credit notes (DESIGN §11): issued at once where the money changes (a refund, the
cancellation of a sent invoice, an adjustment asked for by a member), never edited or
deleted, numbered on their own counter.

A credit note given by amount splits it over the invoice's tax rates by largest remainder
(:func:`app.money.split_credit`), so its tax breakdown mirrors the invoice's; given by lines,
each line carries the rates of one of the invoice's items. Every issue adds the credit
note's total to the invoice's ``amount_credited`` under the invoice's row lock, so what is
credited never passes what was owed, however many issue at once."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from app import limits, money
from app.extensions import db
from app.i18n import _, _l, customer_language, reading
from app.ids import new_token
from app.invoices.states import INVOICE, require, settle
from app.models import CreditNote, CreditNoteLine, Customer, Invoice, Refund
from app.models.base import utcnow
from app.services import document_items, inputs, numbering, tenancy
from app.services.activity import record
from app.services.errors import Money, Said, ValidationError
from app.services.inputs import Errors
from app.services.pagination import Page, paginate
from app.services.tenancy import Actor, today_for

TYPE_LABELS = {"refund": _l("Refund"), "cancellation": _l("Cancellation"), "adjustment": _l("Adjustment")}


def _copies_by_rate(invoice: Invoice) -> dict[money.Rate, dict]:
    """The rate copies the invoice's items carry, by the money module's Rate (to keep each
    one's exemption reason on the credit note's lines)."""
    return copies_by_rate(item.tax_rates for item in invoice.items)


def copies_by_rate(item_rates) -> dict[money.Rate, dict]:
    found = {}
    for copies in item_rates:
        for copy in copies or ():
            found.setdefault(document_items.rate_of(copy), copy)
    return found


def _copies(known: dict, rates) -> list[dict]:
    return [dict(known[rate]) if rate in known else document_items.rate_copy(rate) for rate in rates]


def _line(description: str, quantity: Decimal, unit_price: Decimal, subtotal: Decimal, copies: list[dict],
          index: int) -> dict:
    return {"item_name": description, "quantity": quantity, "unit_price": unit_price, "subtotal": subtotal,
            "total": subtotal, "sort_order": index, "tax_rates": copies}


def credit_by_amount(totals: money.Totals, amount: Decimal, currency: str, label: str, known: dict):
    """Lines (dicts) and figures of a credit of ``amount`` (tax included) on an invoice of
    ``totals``: one line per group of its rates, priced as the invoice prices (net, or gross
    when its prices include tax). Pure: the migration that credits old refunds uses it too."""
    split = money.split_credit(totals, amount, currency)
    lines = []
    for index, part in enumerate(split.parts):
        names = ", ".join(f"{rate.name or 'Tax'} {money.plain(rate.percentage)}%" for rate in part.rates)
        price = part.amount if totals.amounts_include_tax else part.net
        lines.append(_line(f"{label} ({names})" if len(split.parts) > 1 else label, Decimal(1), price, price,
                           _copies(known, part.rates), index))
    return lines, split.subtotal, split.tax_amount, split.total, document_items.breakdown_json(split)


def _figures_by_amount(invoice: Invoice, amount: Decimal, label: str):
    return credit_by_amount(document_items.totals_of(invoice), amount, invoice.currency, label,
                            _copies_by_rate(invoice))


def label_of(kind: str, invoice_number: str) -> str:
    return _("%(type)s of invoice %(number)s", type=TYPE_LABELS[kind], number=invoice_number)


def split_of(note: CreditNote) -> money.CreditSplit | None:
    """The split a credit note given as an amount was issued with (its stored figures), or
    None when it was given by lines: its lines are exactly what the amount gives on its invoice."""
    invoice = note.invoice
    totals = document_items.totals_of(invoice)
    try:
        lines = credit_by_amount(totals, note.total, note.currency, label_of(note.type, invoice.invoice_number),
                                 _copies_by_rate(invoice))[0]
    except money.MoneyError:
        return None
    expected = [(line["item_name"], line["quantity"], line["unit_price"], line["tax_rates"]) for line in lines]
    if expected != [(line.item_name, line.quantity, line.unit_price, line.tax_rates) for line in note.lines]:
        return None
    return money.split_credit(totals, note.total, note.currency)


def _group_for(totals: money.Totals, ids: object, field: str) -> tuple:
    """The rates of the invoice's group that ``ids`` names (default: its only group)."""
    choices = [group.rates for group in totals.groups]
    described = "; ".join(", ".join(rate.id or f"{money.plain(rate.percentage)}%" for rate in rates)
                          for rates in choices)
    if ids is None:
        if len(choices) == 1:
            return choices[0]
        raise ValidationError({field: _("The invoice's items carry different tax rates: name the rates of one of "
                                        "them (%(rates)s).", rates=described)})
    if not isinstance(ids, list) or not all(isinstance(value, str) for value in ids):
        raise ValidationError({field: _("Must be a list of tax rate ids.")})
    for rates in choices:
        if {rate.id for rate in rates} == set(ids) and len(ids) == len(rates):
            return rates
    raise ValidationError({field: _("Must be the tax rates of one of the invoice's items (%(rates)s).",
                                    rates=described)})


def _figures_by_lines(invoice: Invoice, raw: object):
    if not isinstance(raw, list) or not raw:
        raise ValidationError({"lines": _("Must be a non-empty list of lines.")})
    if len(raw) > limits.MAX_ITEMS:
        raise ValidationError({"lines": limits.too_many_items("credit note", "lines")})
    totals = document_items.totals_of(invoice)
    errors, rows = Errors(), []
    for _index, where, line in inputs.objects(raw, None, errors, "lines[{}]"):
        description = errors.capture(inputs.text, line.get("description"), where + "description",
                                     max_length=limits.ITEM_NAME, required=True)
        quantity = errors.capture(money.validate_quantity, line.get("quantity", 1), where + "quantity")
        price = None
        if line.get("unit_price") in (None, ""):
            errors[where + "unit_price"] = _("This field is required.")
        else:
            price = errors.capture(money.validate_unit_price, line["unit_price"], where + "unit_price")
        if "tax_rates" in line and "tax_rate_ids" in line:
            errors[where + "tax_rates"] = _("Give either 'tax_rates' or 'tax_rate_ids', not both.")
            continue
        named = "tax_rate_ids" if "tax_rate_ids" in line else "tax_rates"
        rates = errors.capture(_group_for, totals, line.get(named), where + named)
        if None not in (description, quantity, price, rates):
            rows.append((description, quantity, price, rates))
    errors.raise_if_any()
    try:
        figures = money.compute_totals([money.Line(q, p, rates) for _name, q, p, rates in rows], invoice.currency,
                                       amounts_include_tax=bool(invoice.amounts_include_tax))
    except money.MoneyError as error:
        raise ValidationError({error.field.replace("items", "lines", 1): error.message}) from None
    if figures.total <= 0:
        raise ValidationError({"lines": _("A credit note's total must be more than 0.")})
    known = _copies_by_rate(invoice)
    lines = [_line(description, quantity, price, subtotal, _copies(known, rates), index)
             for index, ((description, quantity, price, rates), subtotal)
             in enumerate(zip(rows, figures.line_subtotals))]
    return (lines, figures.total_excluding_tax, figures.tax_amount, figures.total,
            document_items.breakdown_json(figures))


def pricing_of(invoice, totals: money.Totals) -> dict:
    """A credit note's pricing fields: the invoice's carried fields (an ORM object, or the
    seed's column values), the single tax rate of its ``totals`` (0 when its items carry
    several), and no discount (a credit is taken off the total after the discount)."""
    carried = document_items.copied_fields(invoice, fields=document_items.CARRIED_FIELDS)
    return {**carried, "amounts_include_tax": bool(carried["amounts_include_tax"]),
            "tax_rate": totals.single_tax_rate or Decimal(0), "discount_type": None, "discount_value": Decimal(0)}


def issue(actor: Actor, invoice: Invoice, kind: str, *, amount: Decimal | None = None, lines: object = None,
          reason: str | None = None, memo: str | None = None, refund: Refund | None = None) -> CreditNote:
    """Issue a credit note of ``kind`` on ``invoice`` (locked by the caller) for ``amount``
    or for ``lines``; adds it to ``amount_credited``. The caller settles the invoice. It speaks
    its customer's language from its issue on (DESIGN §17), its lines' words too."""
    language = customer_language(invoice.customer, invoice.company)
    with reading(language):
        label = label_of(kind, invoice.invoice_number)
    if amount is not None:
        built = _figures_by_amount(invoice, amount, label)
    else:
        built = _figures_by_lines(invoice, lines)
        document_items.check_text_total(document_items.text_total(built[0], reason, memo), "lines", "credit note",
                                        "line descriptions, reason and memo")
    rows, subtotal, tax_amount, total, breakdown = built
    issue_date = today_for(actor.company)
    note = CreditNote(
        company_pk=invoice.company_pk, invoice=invoice, customer_pk=invoice.customer_pk, refund=refund, type=kind,
        number=numbering.next_number(actor.company, issue_date.year, kind=numbering.CREDIT_NOTE),
        reason=reason, memo=memo, issue_date=issue_date, public_token=new_token(), language=language,
        **pricing_of(invoice, document_items.totals_of(invoice)), subtotal=subtotal,
        subtotal_after_discount=subtotal, discount_amount=Decimal(0), tax_amount=tax_amount,
        total=total, tax_breakdown=breakdown, lines=[CreditNoteLine(**row) for row in rows])
    db.session.add(note)
    invoice.amount_credited += total
    db.session.flush()
    record(actor, invoice, "invoice.credit_note_issued", credit_note=note.id, number=note.number, type=kind,
           amount=money.plain(total))
    return note


def _clean_amount(raw: object, currency: str) -> Decimal:
    return money.parse_amount(raw, currency)


def create_credit_note(actor: Actor, data: dict) -> CreditNote:
    """An adjustment (``POST /v1/credit_notes``, the dashboard's form): ``invoice_id`` and
    either ``amount`` (tax included) or ``lines``; its total is at most what the invoice owes."""
    if data.get("invoice_id") in (None, ""):
        raise ValidationError({"invoice_id": _("This field is required.")})
    given = [field for field in ("amount", "lines") if data.get(field) not in (None, "", [])]
    if len(given) != 1:
        message = _("Give either 'amount' or 'lines', not both.") if given else _("Give 'amount' or 'lines'.")
        raise ValidationError({"amount": message})
    invoice = tenancy.find(Invoice, actor.company, data["invoice_id"], for_update=True)
    if invoice is None:
        raise ValidationError({"invoice_id": _("No such invoice: '%(id)s'.", id=data["invoice_id"])})
    require(actor, invoice, "credit")
    errors = Errors()
    reason = errors.capture(inputs.text, data.get("reason"), "reason", max_length=limits.CREDIT_NOTE_REASON,
                           multiline=True)
    memo = errors.capture(inputs.text, data.get("memo"), "memo", max_length=limits.NOTES, multiline=True)
    amount = None
    if "amount" in given:
        amount = errors.capture(_clean_amount, data["amount"], invoice.currency)
        if amount is not None and amount > invoice.amount_due:
            errors["amount"] = _too_much(invoice)
    errors.raise_if_any()
    due = invoice.amount_due
    note = issue(actor, invoice, "adjustment", amount=amount, lines=data.get("lines"), reason=reason, memo=memo)
    if note.total > due:  # by lines: known once they are priced; nothing is kept (the door rolls back)
        raise ValidationError({"lines": _too_much(invoice, due)})
    settle(invoice)
    invoice.status = INVOICE.result("credit", invoice)
    if invoice.status == "paid" and invoice.paid_at is None:
        invoice.paid_at = utcnow()
    db.session.flush()
    return note


def _too_much(invoice: Invoice, due: Decimal | None = None) -> Said:
    due = invoice.amount_due if due is None else due
    return Said(_("A credit note's total cannot exceed the invoice's amount due ({due})."),
                due=Money(due, invoice.currency))


def for_refund(actor: Actor, invoice: Invoice, refund: Refund, amount: Decimal) -> CreditNote:
    """The credit note of a refund: ``amount``, what the refund returns of the invoiced amount
    (all of it, unless part of it returns an overpayment, which was never invoiced)."""
    return issue(actor, invoice, "refund", amount=amount, reason=refund.reason, refund=refund)


def for_cancellation(actor: Actor, invoice: Invoice, owed: Decimal) -> CreditNote:
    """A sent invoice that still owed ``owed`` is cancelled by a credit note for it."""
    return issue(actor, invoice, "cancellation", amount=owed, reason=invoice.cancellation_reason)


def send_credit_note(actor: Actor, credit_note_id: str, deliver) -> CreditNote:
    """Mail the credit note (PDF and public link) to the invoice's customer; ``deliver(note)``
    raises DeliveryFailed when the server refuses, and then nothing changes."""
    note = get_credit_note(actor, credit_note_id)
    customer = note.invoice.customer
    if not customer.contact_email:
        raise ValidationError({"customer_id": _("The customer %(name)s has no contact email to send to.",
                                                 name=customer.name)})
    deliver(note)
    record(actor, note.invoice, "invoice.credit_note_sent", credit_note=note.id, number=note.number,
           to=customer.contact_email)
    db.session.flush()
    return note


def get_credit_note(actor: Actor, credit_note_id: str) -> CreditNote:
    return tenancy.get(CreditNote, actor.company, credit_note_id)


def list_query(actor: Actor, *, invoice_id: str | None = None, customer_id: str | None = None):
    query = tenancy.scoped(CreditNote, actor.company)
    for model, column, public_id in ((Invoice, CreditNote.invoice_pk, invoice_id),
                                     (Customer, CreditNote.customer_pk, customer_id)):
        if public_id:
            owner = tenancy.scoped(model, actor.company, include_deleted=True).where(model.id == public_id)
            query = query.where(column == owner.with_only_columns(model.pk).scalar_subquery())
    return query


def page(actor: Actor, *, invoice_id=None, customer_id=None, limit: int = 10, starting_after=None,
         ending_before=None) -> Page:
    """A cursor page, newest first; cursors are looked up among all the company's credit notes."""
    return paginate(list_query(actor, invoice_id=invoice_id, customer_id=customer_id), CreditNote, limit=limit,
                    starting_after=starting_after, ending_before=ending_before,
                    cursor_scope=tenancy.scoped(CreditNote, actor.company))


def of_invoice(actor: Actor, invoice: Invoice) -> list[CreditNote]:
    return list(db.session.scalars(tenancy.scoped(CreditNote, actor.company)
                                   .where(CreditNote.invoice_pk == invoice.pk).order_by(CreditNote.pk)))


def by_token(token: str) -> CreditNote | None:
    return db.session.scalars(select(CreditNote).where(CreditNote.public_token == token)).first()
