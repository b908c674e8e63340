"""The headers of every email the app sends, built from parts (never from formatted text):
each mailbox an :class:`email.headerregistry.Address` (display name + address), each subject
one cleaned line, so no stored name or subject can add a recipient or break a message.

- A display name or subject loses what a header cannot carry (control characters, line
  breaks, bidi overrides: the rule of :mod:`app.characters`), whatever was stored.
- Address headers are never folded (:data:`POLICY`): Python 3.11 drops the quotes of a
  quoted display name it folds, so ``"Acme, Accounts Payable <x@evil.example>" <ap@client>``
  would read as two recipients. A display name is at most :data:`DISPLAY_NAME_MAX`
  characters, so the line stays within RFC 5322's 998."""
from __future__ import annotations

from email.headerregistry import Address
from email.policy import EmailPolicy
from email.utils import parseaddr

from app.characters import clean
from app.services.errors import DeliveryFailed

ADDRESS_HEADERS = frozenset({"from", "to", "cc", "bcc", "reply-to", "sender"})
DISPLAY_NAME_MAX = 200
LONGEST_LINE = 998


class MailPolicy(EmailPolicy):
    """The SMTP policy, except that address headers are written on one line."""

    def _for(self, name: str) -> EmailPolicy:
        return self.clone(max_line_length=LONGEST_LINE) if name.lower() in ADDRESS_HEADERS else self

    def fold(self, name, value):
        return EmailPolicy.fold(self._for(name), name, value)

    def fold_binary(self, name, value):
        return EmailPolicy.fold_binary(self._for(name), name, value)


POLICY = MailPolicy(linesep="\r\n")


def one_line(value: str | None) -> str:
    """``value`` as one header line: forbidden characters gone, line breaks and runs of spaces
    one space."""
    return " ".join(clean(value or "", single_line=True).split())


def mailbox(name: str | None, email: str) -> Address:
    """One mailbox; raises DeliveryFailed when ``email`` is not one address."""
    display = one_line(name)[:DISPLAY_NAME_MAX]
    try:
        address = Address(display_name=display, addr_spec=one_line(email))
    except (ValueError, IndexError, TypeError):
        raise DeliveryFailed(f"'{one_line(email)}' is not an email address, so nothing was sent.") from None
    if not address.username or not address.domain:
        raise DeliveryFailed(f"'{one_line(email)}' is not an email address, so nothing was sent.")
    return address


def configured_sender(setting: str) -> Address:
    """The ``MAIL_FROM`` setting (``Name <address>`` or an address) as a mailbox."""
    name, email = parseaddr(setting)
    return mailbox(name, email or setting)
