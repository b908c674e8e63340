"""An invoice's payment reference (DESIGN §15), made from its number in the company's format:

- ``"number"``: the invoice number as it is (the default);
- ``"rf"``: an ISO 11649 creditor reference, ``RF`` + two check digits + the number's letters
  and digits (the last 21 when it has more), which banks check and EPC QR codes carry structured;
- ``"be_ogm"``: the Belgian structured communication ``+++123/4567/89012+++``, ten digits from
  the number (its digits, the last ten, zero-padded) and their mod-97 check, for BE companies.

The check digits are python-stdnum's. Pure: no database, no Flask."""
from __future__ import annotations

import re

from stdnum import iso11649
from stdnum.be import ogm_vcs
from stdnum.iso7064 import mod_97_10

from app.i18n import _, _l

NUMBER, RF, BE_OGM = "number", "rf", "be_ogm"
FORMATS = (NUMBER, RF, BE_OGM)
LABELS = {NUMBER: _l("The invoice number"), RF: _l("RF creditor reference (ISO 11649)"),
          BE_OGM: _l("Belgian structured communication (+++…+++)")}
RF_BODY = 21      # an ISO 11649 reference holds at most 21 characters after RF and its check digits
OGM_DIGITS = 10


def format_error(value: str, country: str | None) -> str | None:
    """Why ``value`` cannot be a company's payment reference format, or None when it can."""
    if value not in FORMATS:
        return _("Must be one of: %(choices)s.", choices=", ".join(FORMATS))
    if value == BE_OGM and (country or "").upper() != "BE":
        return _("The Belgian structured communication is for companies in Belgium (country BE).")
    return None


def creditor_reference(number: str) -> str:
    """The ISO 11649 reference made from an invoice number (compact, no spaces)."""
    body = re.sub(r"[^A-Z0-9]", "", number.upper())[-RF_BODY:] or "0"
    reference = "RF" + mod_97_10.calc_check_digits(body + "RF") + body
    return iso11649.validate(reference)


def belgian_communication(number: str) -> str:
    """The Belgian structured communication made from an invoice number: ``+++ddd/dddd/ddddd+++``."""
    digits = re.sub(r"\D", "", number)[-OGM_DIGITS:].rjust(OGM_DIGITS, "0")
    return "+++" + ogm_vcs.format(digits + ogm_vcs.calc_check_digits(digits)) + "+++"


def reference_for(number: str, reference_format: str) -> str:
    """The payment reference an invoice numbered ``number`` gets in ``reference_format``."""
    if reference_format == RF:
        return creditor_reference(number)
    if reference_format == BE_OGM:
        return belgian_communication(number)
    return number


def is_creditor_reference(reference: str | None) -> bool:
    """Whether ``reference`` is an ISO 11649 reference (an EPC QR code then carries it structured)."""
    return bool(reference) and reference.startswith("RF") and iso11649.is_valid(reference)


def printed(reference: str) -> str:
    """A reference as people read it: an RF reference in groups of four, others as they are."""
    return iso11649.format(reference) if is_creditor_reference(reference) else reference
