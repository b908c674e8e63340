"""Settings from the environment (DESIGN §9)."""
import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def trusted_proxies() -> int:
    """TRUSTED_PROXIES: how many reverse proxies stand in front of the app (0: none). Each
    one appends to X-Forwarded-For; that many hops of X-Forwarded-For, -Proto and -Host are
    believed, and no more, so a client cannot pick its own address."""
    value = (os.environ.get("TRUSTED_PROXIES") or "0").strip()
    if not (value.isascii() and value.isdigit()):
        raise ValueError(f"TRUSTED_PROXIES must be a whole number of proxies (0 or more), not {value!r}.")
    return int(value)


def database_url(instance_path: str) -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return "sqlite:///" + os.path.join(instance_path, "corebill.db")
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def secret_key(instance_path: str) -> str:
    """SECRET_KEY from the environment, else one generated once into the instance folder."""
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()


def instance_path() -> str:
    return os.environ.get("INSTANCE_PATH") or str(PROJECT_ROOT / "instance")


def fallback_base_url() -> str:
    """Links made outside a request when APP_BASE_URL is unset: where ``make run`` serves."""
    host = os.environ.get("HOST") or "127.0.0.1"
    if host in ("0.0.0.0", "::"):  # listening everywhere: this machine answers on loopback
        host = "127.0.0.1"
    return f"http://{host}:{os.environ.get('PORT') or 5000}"


def from_environment(instance: str) -> dict:
    # Unset: links use the address each request came to (see app/links.py).
    base_url = (os.environ.get("APP_BASE_URL") or "").rstrip("/")
    return {
        "SECRET_KEY": secret_key(instance),
        "SQLALCHEMY_DATABASE_URI": database_url(instance),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "APP_BASE_URL": base_url,
        "APP_BASE_URL_FALLBACK": fallback_base_url(),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": base_url.startswith("https://"),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        "MAIL_SERVER": os.environ.get("MAIL_SERVER") or None,
        "MAIL_PORT": int(os.environ.get("MAIL_PORT") or 25),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD") or None,
        "MAIL_USE_TLS": _bool("MAIL_USE_TLS", False),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "Corebill <billing@localhost>"),
        "TRUSTED_PROXIES": trusted_proxies(),
        "RATELIMIT_ENABLED": _bool("RATELIMIT_ENABLED", True),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "API_RATE_LIMIT": os.environ.get("API_RATE_LIMIT", "600 per minute"),
        "LOGIN_RATE_LIMIT": os.environ.get("LOGIN_RATE_LIMIT", "10 per minute"),
        # Public links (app/public/rate_limits.py): per real token, and per address for unknown tokens.
        "PUBLIC_RATE_LIMIT": os.environ.get("PUBLIC_RATE_LIMIT", "120 per minute"),
        "PUBLIC_DECISION_RATE_LIMIT": os.environ.get("PUBLIC_DECISION_RATE_LIMIT", "10 per minute"),
        "PUBLIC_MISS_RATE_LIMIT": os.environ.get("PUBLIC_MISS_RATE_LIMIT", "120 per minute"),
        # Online payment (DESIGN §16): where the stripe package sends its calls, and how long one may take.
        "STRIPE_API_BASE": (os.environ.get("STRIPE_API_BASE") or "https://api.stripe.com").rstrip("/"),
        "STRIPE_TIMEOUT": float(os.environ.get("STRIPE_TIMEOUT") or 20),
        # A Stripe webhook's body is a few kilobytes; more is refused before it is read (413).
        "STRIPE_WEBHOOK_MAX_BYTES": 1024 * 1024,
        "STRIPE_WEBHOOK_TOLERANCE": 300,
        # Webhooks (DESIGN §18): 1 lets endpoints be plain http and private, loopback or link-local
        # addresses (a self-hosted receiver on the same network; the tests' local receiver).
        "WEBHOOKS_ALLOW_PRIVATE": _bool("WEBHOOKS_ALLOW_PRIVATE", False),
        # 1 (default): each new delivery is a job on the worker's queue once its event commits;
        # 0: deliveries wait for the worker's tick (every 5 minutes) or `flask run-due`.
        "WEBHOOKS_QUEUE": _bool("WEBHOOKS_QUEUE", True),
        # How long one attempt may take, connecting to reading the answer's start (seconds).
        "WEBHOOKS_TIMEOUT": float(os.environ.get("WEBHOOKS_TIMEOUT") or 10),
    }
