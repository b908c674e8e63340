"""The seller's contact and the parties' Peppol ids as people type them (DESIGN §15): checked
by the project's character rule and limits, a Peppol id also by the EAS code list Peppol
accepts (:mod:`app.peppol_ids`) and stored in its normal form. The company's and the
customers' rules call these, so Settings, the customer pages and the API say the same."""
from __future__ import annotations

from app import limits, peppol_ids
from app.i18n import _
from app.services import inputs
from app.services.errors import ValidationError

MIN_PHONE_DIGITS = 3  # what XRechnung asks of BT-42 (BR-DE-27)


def peppol_id(value: object, field: str = "peppol_id") -> str | None:
    """``scheme:identifier`` normalized (scheme in upper case, no spaces around the colon), or
    None when blank; a scheme outside Peppol's list (``EM`` included) or a bad identifier is refused."""
    text = inputs.text(value, field, max_length=limits.PEPPOL_ID)
    if text is None:
        return None
    normal = peppol_ids.normalized(text)
    problem = peppol_ids.problem(normal)
    if problem:
        raise ValidationError({field: problem})
    return normal


def contact_name(value: object, field: str = "contact_name") -> str | None:
    return inputs.text(value, field, max_length=limits.CONTACT_NAME)


def phone(value: object, field: str = "contact_phone") -> str | None:
    text = inputs.text(value, field, max_length=limits.PHONE)
    if text is not None and sum(char.isdigit() for char in text) < MIN_PHONE_DIGITS:
        raise ValidationError({field: _("A phone number holds at least %(count)s digits.", count=MIN_PHONE_DIGITS)})
    return text
