"""Opaque prefixed ids (``inv_`` + 12 lowercase alphanumerics) and secret tokens."""
import secrets
import string

ALPHABET = string.ascii_lowercase + string.digits
PREFIXES = ("com", "usr", "cus", "inv", "di", "pay", "ref", "key", "act", "txr", "rec", "quo", "cn", "cnl", "mbi", "ba", "chk",
            "we", "evt")


def new_id(prefix: str) -> str:
    assert prefix in PREFIXES, prefix
    return prefix + "_" + "".join(secrets.choice(ALPHABET) for _ in range(12))


def id_factory(prefix: str):
    return lambda: new_id(prefix)


def new_token() -> str:
    """A URL-safe token with 256 bits of randomness (public invoice links)."""
    return secrets.token_urlsafe(32)
