"""Secrets of other services (a company's Stripe keys), sealed at rest (DESIGN §16): Fernet
(AES-128-CBC with an HMAC-SHA256) under a key derived from the app's ``SECRET_KEY`` by HKDF, so
a copy of the database alone reveals nothing. Pure: the caller passes ``SECRET_KEY``."""
from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

PURPOSE = b"corebill sealed secrets v1"


class Unreadable(Exception):
    """A sealed value that this ``SECRET_KEY`` cannot open (the key changed, or the value was altered)."""


def _fernet(secret_key: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=PURPOSE).derive(secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def seal(plain: str, secret_key: str) -> str:
    return _fernet(secret_key).encrypt(plain.encode()).decode("ascii")


def unseal(sealed: str, secret_key: str) -> str:
    try:
        return _fernet(secret_key).decrypt(sealed.encode("ascii")).decode()
    except (InvalidToken, ValueError) as error:
        raise Unreadable("The stored secret cannot be read with this SECRET_KEY; enter it again.") from error


def last_four(plain: str) -> str:
    """What a page shows of a secret: ``…abcd``."""
    return "…" + plain[-4:]
