"""The "How to pay" block of an invoice's PDF and public page (DESIGN §15).

``how_to_pay(invoice, locale)`` answers, from the account the invoice prints and its payment
reference (:mod:`app.services.payment_details`), the rows the client reads (holder, IBAN in
groups of four and BIC, or account number with routing number or sort code, reference,
amount due, due date) and the code their banking app scans:

- an EPC QR code (EPC069-12 version 002, SEPA credit transfer) for a EUR invoice paid to an
  IBAN of the SEPA area: BIC, holder, IBAN, the amount due, the reference (structured when
  it is an RF creditor reference, else as text);
- a Swiss QR-bill payment part for a CHF invoice paid to a CH or LI IBAN: the holder at the
  seller's structured address, the amount due, the buyer when its address is complete, the
  reference (an RF reference as SCOR, else as additional information);
- no code for other currencies and accounts, and none when nothing is due.

The code carries the amount due when the document is rendered, so a part-paid invoice's code
asks for the rest. The answer is None when the invoice prints no account. The PDF prints the
EPC code as a PNG of one pixel per module drawn unsmoothed (a ``data:`` URI the PDF's fetcher
decodes itself: nothing is fetched) and the QR-bill as inline SVG; the public page shows each
as an SVG ``data:`` URI (allowed by its Content-Security-Policy). Each image is made when a
template first asks for it and kept by the code's fields."""
from __future__ import annotations

import base64
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache, partial

import segno
import segno.helpers
from babel import Locale
from markupsafe import Markup
from qrbill import QRBill
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from app import money, payment_references
from app.invoices.states import CLOSED, amount_owed
from app.models import Invoice
from app.presentation import fmt_date, fmt_money
from app.services import parties, payment_details

EPC, QR_BILL = "epc", "qr_bill"
EPC_MAX_AMOUNT = Decimal("999999999.99")    # EPC069-12 and the QR-bill both stop there
EPC_NAME = 70                               # characters of the holder's name a code carries
EPC_MAX_VERSION = 13                        # EPC069-12: the largest QR code a banking app must read
EPC_MASK = 0                                # the one mask pattern the codes are drawn with
QR_BILL_COUNTRIES = ("CH", "LI")
QR_BILL_LANGUAGES = ("en", "de", "fr", "it")
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
CODES_KEPT = 256                            # codes remembered by their fields (per process)
# The QR-bill's type faces (Swiss Implementation Guidelines): Arial, Frutiger, Helvetica,
# Liberation Sans; the PDF's own sans serif last.
QR_BILL_FONTS = "Arial, Helvetica, Liberation Sans, Corebill Sans, sans-serif"


@dataclass(frozen=True)
class PaymentCode:
    kind: str                            # EPC or QR_BILL
    make_printed: Callable[[], Markup]   # what the PDF prints: the EPC code as a PNG, the QR-bill as SVG
    make_data_uri: Callable[[], str]     # the image for the public page's <img> (SVG, sharp at any size)
    description: str                     # the image's text alternative

    @property
    def printed(self) -> Markup:
        return self.make_printed()

    @property
    def data_uri(self) -> str:
        return self.make_data_uri()


@dataclass(frozen=True)
class HowToPay:
    rows: tuple[tuple[str, str], ...]   # (label, value) in the order printed
    holder: str
    iban: str | None                    # printed in groups of four
    reference: str                      # printed form
    amount_due: Decimal
    amount_due_text: str
    due_date_text: str
    code: PaymentCode | None

    @property
    def epc(self) -> PaymentCode | None:
        return self.code if self.code is not None and self.code.kind == EPC else None

    @property
    def qr_bill(self) -> PaymentCode | None:
        return self.code if self.code is not None and self.code.kind == QR_BILL else None


def how_to_pay(invoice: Invoice, locale: Locale | str) -> HowToPay | None:
    """The invoice's "How to pay" block, or None when it prints no account."""
    account = payment_details.account_of(invoice)
    if account is None:
        return None
    reference = payment_details.reference_of(invoice) or invoice.invoice_number
    due = amount_owed(invoice)
    iban = _iban(account.get("iban"))
    printed_iban = (iban.formatted if iban is not None else _grouped(account["iban"])) if account.get("iban") else None
    rows = [("Account holder", account["account_holder"])]
    if printed_iban is not None:
        rows.append(("IBAN", printed_iban))
        if account.get("bic"):
            rows.append(("BIC", account["bic"]))
    else:
        if account.get("account_number"):
            rows.append(("Account number", account["account_number"]))
        if account.get("routing_number"):
            rows.append(("Routing number (ABA)", account["routing_number"]))
        if account.get("sort_code"):
            rows.append(("Sort code", _sort_code(account["sort_code"])))
    amount_text = fmt_money(due, invoice.currency, locale)
    due_date_text = fmt_date(invoice.due_date, locale)
    rows += [("Reference", payment_references.printed(reference)), ("Amount due", amount_text),
             ("Due date", due_date_text)]
    code = _code(invoice, account, iban, reference, due, locale) if _payable(invoice, due) else None
    return HowToPay(tuple(rows), account["account_holder"], printed_iban,
                    payment_references.printed(reference), due, amount_text, due_date_text, code)


def _payable(invoice: Invoice, due: Decimal) -> bool:
    """Whether a code may ask for money: something is due and the invoice is not closed."""
    return due > 0 and invoice.status not in CLOSED


def _iban(value: str | None) -> IBAN | None:
    if not value:
        return None
    try:
        return IBAN(value)
    except SchwiftyException:
        return None  # an account stored before checks existed: printed as it is, no code


def _grouped(value: str) -> str:
    compact = "".join(value.split()).upper()
    return " ".join(compact[i:i + 4] for i in range(0, len(compact), 4))


def _sort_code(value: str) -> str:
    digits = "".join(ch for ch in value if ch.isdigit())
    return "-".join(digits[i:i + 2] for i in range(0, 6, 2)) if len(digits) == 6 else value


def _code(invoice, account: dict, iban: IBAN | None, reference: str, due: Decimal, locale) -> PaymentCode | None:
    if iban is None or due > EPC_MAX_AMOUNT:
        return None
    if invoice.currency == "EUR" and iban.in_sepa_zone:
        return epc_code(account, iban, reference, due, invoice.currency, locale)
    if invoice.currency == "CHF" and iban.country_code in QR_BILL_COUNTRIES:
        return qr_bill_code(invoice, account, iban, reference, due, locale)
    return None


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def epc_code(account: dict, iban: IBAN, reference: str, due: Decimal, currency: str, locale) -> PaymentCode | None:
    """The EPC QR code (version 002, UTF-8, SCT) asking for ``due`` euros."""
    fields = (_one_line(account["account_holder"])[:EPC_NAME], iban.compact, money.round_money(due, "EUR"),
              account.get("bic") or None, reference)
    if _epc_qr(*fields) is None:
        return None  # something the code cannot carry: the block still prints the details
    description = (f"EPC QR code for a SEPA credit transfer of {fmt_money(due, currency, locale)} to "
                   f"{account['account_holder']}, IBAN {iban.formatted}, reference "
                   f"{payment_references.printed(reference)}")
    return PaymentCode(EPC, partial(_epc_printed, *fields), partial(_epc_data_uri, *fields), description)


@lru_cache(maxsize=CODES_KEPT)
def _epc_qr(name: str, iban: str, amount: Decimal, bic: str | None, reference: str) -> segno.QRCode | None:
    """The EPC QR code of these fields, kept for the next render of the same document (a
    cached PDF's download builds its HTML again to find its key), or None when the code
    cannot carry them.

    segno's EPC helper checks the fields and writes the payload; the symbol is then made with
    one fixed mask pattern (EPC_MASK) rather than the best of eight: every mask is a valid QR
    code, the choice only tunes its look, and trying all eight was 10 of the code's 13 ms, the
    most a render with a code paid for it."""
    structured = payment_references.is_creditor_reference(reference)
    try:  # segno is pinned (its payload writer is not public API); the suite decodes every code
        payload = segno.helpers._make_epc_qr_data(name, iban, amount, text=None if structured else _one_line(reference),
                                                  reference=reference if structured else None, bic=bic,
                                                  encoding="UTF-8")
        qr = segno.make_qr(payload, error="m", boost_error=False, mask=EPC_MASK)
    except ValueError:
        return None
    return qr if qr.version <= EPC_MAX_VERSION else None


@lru_cache(maxsize=CODES_KEPT)
def _epc_printed(*fields) -> Markup:
    """The PDF's image: one pixel per module, drawn unsmoothed (the PDF's stylesheet); its
    embedding costs WeasyPrint about 1 ms, the same code as an SVG path about 20 ms."""
    return Markup('<img class="epc-image" src="{}" alt="">').format(_epc_qr(*fields).png_data_uri(scale=1, border=4))


@lru_cache(maxsize=CODES_KEPT)
def _epc_data_uri(*fields) -> str:
    svg = _epc_qr(*fields).svg_inline(omitsize=True, border=4)
    return _data_uri(svg.replace("<svg ", f'<svg xmlns="{SVG_NAMESPACE}" ', 1))


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _structured(details: dict, name: str) -> dict | None:
    """A party as the QR-bill's structured address, or None when its address is incomplete."""
    if not (details.get("postal_code") and details.get("city") and details.get("country")):
        return None
    return {"name": _one_line(name), "street": _one_line(details.get("address_line1")),
            "pcode": _one_line(details.get("postal_code")), "city": _one_line(details.get("city")),
            "country": details["country"]}


def qr_bill_code(invoice, account: dict, iban: IBAN, reference: str, due: Decimal, locale) -> PaymentCode | None:
    """The Swiss QR-bill's payment part (with its receipt) asking for ``due`` francs."""
    creditor = _structured(parties.seller_of(invoice), account["account_holder"][:EPC_NAME])
    if creditor is None:
        return None
    buyer = parties.buyer_of(invoice)
    debtor = _structured(buyer, (buyer.get("legal_name") or buyer.get("name") or "")[:EPC_NAME])
    language = Locale.parse(locale).language if not isinstance(locale, Locale) else locale.language
    options = {"account": iban.compact, "creditor": _frozen(creditor), "amount": f"{money.round_money(due, 'CHF'):.2f}",
               "currency": "CHF", "language": language if language in QR_BILL_LANGUAGES else "en"}
    if payment_references.is_creditor_reference(reference):
        options["reference_number"] = reference
    else:
        options["additional_information"] = _one_line(reference)
    images = _qr_bill_images(_frozen(options), _frozen(debtor) if debtor else None)
    if images is None:
        return None
    svg, data_uri = images
    description = (f"Swiss QR-bill payment part: {fmt_money(due, 'CHF', locale)} to {account['account_holder']}, "
                   f"IBAN {iban.formatted}, reference {payment_references.printed(reference)}")
    return PaymentCode(QR_BILL, partial(Markup, svg), partial(str, data_uri), description)


def _frozen(fields: dict) -> tuple:
    return tuple(sorted(fields.items()))


@lru_cache(maxsize=CODES_KEPT)
def _qr_bill_images(options: tuple, debtor: tuple | None) -> tuple[str, str] | None:
    """(inline SVG, data: URI) of the QR-bill of these fields, kept as the EPC code's are."""
    options = {key: dict(value) if isinstance(value, tuple) else value for key, value in options}
    bill = None
    for debtor_or_none in ((dict(debtor), None) if debtor else (None,)):
        try:
            bill = QRBill(**options, debtor=debtor_or_none)
            break
        except ValueError:
            continue  # a buyer's address the bill cannot carry: the bill leaves it blank
    if bill is None:
        return None
    bill.font_family = QR_BILL_FONTS
    out = io.StringIO()
    try:
        bill.as_svg(out)
    except ValueError:
        return None
    svg = out.getvalue()
    svg = svg[svg.index("<svg"):]
    return svg, _data_uri(svg)
