"""Stripe secrets for the connection tests: fresh keys and webhook secrets, the pieces of a
secret that must never be found in storage, and the company's row as the database holds it."""
import secrets

from sqlalchemy import text

from app.extensions import db


def new_key(prefix: str = "sk_test_") -> str:
    return prefix + "51Nq" + secrets.token_hex(16)


def new_webhook_secret() -> str:
    return "whsec_" + secrets.token_hex(16)


def plaintext_pieces(secret: str, length: int = 8) -> list[str]:
    """The secret and every run of ``length`` characters of what follows its prefix."""
    body = secret.split("_", 2)[-1]
    return [secret, body] + [body[start:start + length] for start in range(len(body) - length + 1)]


def stored_row(actor) -> tuple[str | None, str | None]:
    """The row as the database holds it (raw SQL, not through the model)."""
    return tuple(db.session.execute(text(
        "SELECT stripe_secret_key_sealed, stripe_webhook_secret_sealed FROM companies WHERE pk = :pk"),
        {"pk": actor.company.pk}).one())
