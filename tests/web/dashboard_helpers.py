"""Helpers for the dashboard's HTML tests: read errors, flashes and badges from pages."""
import re
from html import unescape

import pytest

from app.services import accounts, transaction
from app.services.tenancy import Actor


def text_of(response) -> str:
    return response.get_data(as_text=True)


def field_error(html: str, field_id: str) -> str | None:
    """The error message rendered beside the field with ``field_id`` (None if none)."""
    match = re.search(r'<p class="field-error" id="' + re.escape(field_id) + r'-error">(.*?)</p>', html, re.S)
    return unescape(match.group(1)) if match else None


def flashes(html: str) -> list[str]:
    return [unescape(m) for m in re.findall(r'<div class="flash flash-\w+" role="\w+">(.*?)</div>', html, re.S)]


def badges(html: str) -> list[str]:
    return re.findall(r'class="badge badge-(\w+)"', html)


def input_value(html: str, name: str) -> str | None:
    match = re.search(r'<input[^>]*name="' + re.escape(name) + r'"[^>]*>', html)
    if not match:
        return None
    value = re.search(r'value="([^"]*)"', match.group(0))
    return unescape(value.group(1)) if value else ""


@pytest.fixture()
def owner(actor, login):
    """The default admin, logged in."""
    login(actor.user.email)
    return actor


@pytest.fixture()
def member_of(db):
    """A member (role member) of ``company`` with their own login."""
    def make(company, email="member@example.com"):
        with transaction():
            user = accounts.create_user(email, "correct horse battery", "Mo Member")
            from app.models import Membership
            db.session.add(Membership(user=user, company_pk=company.pk, role="member"))
        return Actor(company=company, role="member", user=user)
    return make
