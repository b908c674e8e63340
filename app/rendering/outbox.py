"""The development outbox: with no MAIL_SERVER, each email is an .eml file under
``<instance>/outbox`` that the dashboard lists (newest first)."""
from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from email import policy
from email.message import EmailMessage
from email.parser import BytesHeaderParser, BytesParser
from email.utils import parsedate_to_datetime
from pathlib import Path

from flask import current_app

from app.rendering.headers import POLICY

COMPANY_HEADER = "X-Corebill-Company"
INVOICE_HEADER = "X-Corebill-Invoice"
FILENAME = re.compile(r"^[0-9]{8}T[0-9]{12}-[A-Za-z0-9._-]{1,120}\.eml$")


@dataclass(frozen=True)
class OutboxMessage:
    filename: str
    subject: str
    to: str
    date: datetime | None
    company_id: str | None
    invoice_id: str | None


def folder() -> Path:
    return Path(current_app.instance_path) / "outbox"


def write(message: EmailMessage) -> Path:
    """Store the message atomically as ``<UTC timestamp>-<message id>.eml``."""
    target_folder = folder()
    target_folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    local = re.sub(r"[^A-Za-z0-9._-]", "_", message["Message-ID"].strip("<>").split("@")[0])[:120]
    target = target_folder / f"{stamp}-{local}.eml"
    handle, temporary = tempfile.mkstemp(dir=target_folder, suffix=".part")
    with os.fdopen(handle, "wb") as stream:
        stream.write(message.as_bytes(policy=POLICY))
    os.replace(temporary, target)
    return target


def messages(company_id: str | None = None, limit: int = 50) -> list[OutboxMessage]:
    """The outbox, newest first; only ``company_id``'s messages when given."""
    if not folder().is_dir():
        return []
    names = sorted((name for name in os.listdir(folder()) if FILENAME.match(name)), reverse=True)
    found = []
    parser = BytesHeaderParser(policy=policy.default)
    for name in names:
        try:
            with open(folder() / name, "rb") as stream:
                headers = parser.parse(stream)
        except OSError:
            continue
        if company_id is not None and headers.get(COMPANY_HEADER) != company_id:
            continue
        try:
            date = parsedate_to_datetime(headers["Date"]) if headers["Date"] else None
        except (TypeError, ValueError):
            date = None
        # A subject folded whole onto the next line (a long one) reads back with the fold's space.
        subject = str(headers.get("Subject", "")).strip()
        found.append(OutboxMessage(name, subject, str(headers.get("To", "")), date,
                                   headers.get(COMPANY_HEADER), headers.get(INVOICE_HEADER)))
        if len(found) >= limit:
            break
    return found


@dataclass(frozen=True)
class OutboxAttachment:
    filename: str
    content: bytes


def attached_pdf(message: EmailMessage) -> OutboxAttachment | None:
    """The PDF an outbox message carries (the invoice), if any."""
    for part in message.iter_attachments():
        if part.get_content_type() == "application/pdf":
            return OutboxAttachment(part.get_filename() or "invoice.pdf", part.get_content())
    return None


def read(filename: str, company_id: str | None = None) -> EmailMessage | None:
    """One outbox message by its file name (None when unknown or another company's)."""
    if not FILENAME.match(filename or ""):
        return None
    path = folder() / filename
    if not path.is_file():
        return None
    with open(path, "rb") as stream:
        message = BytesParser(policy=policy.default).parse(stream)
    if company_id is not None and message.get(COMPANY_HEADER) != company_id:
        return None
    return message
