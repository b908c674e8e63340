"""Rate limits per API key: 429, Retry-After and the JSON error object."""
import tempfile

import pytest

from app import create_app
from app.extensions import limiter
from app.services import accounts, transaction

pytestmark = pytest.mark.commits


@pytest.fixture()
def limited_app(app):
    previous = limiter.enabled
    limited = create_app({
        "TESTING": True, "INSTANCE_PATH": tempfile.mkdtemp(prefix="corebill-rl-"), "SECRET_KEY": "t",
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": "memory://", "API_RATE_LIMIT": "3 per minute", "WTF_CSRF_ENABLED": False,
    })
    yield limited
    limiter.enabled = previous  # the limiter is one shared extension object


def test_each_key_gets_its_own_budget(limited_app, db, make_account):
    actor = make_account()
    with transaction():
        _, first_key = accounts.create_api_key(actor.user, "one")
        _, second_key = accounts.create_api_key(actor.user, "two")
    url = f"/v1/customers?company_id={actor.company.id}"
    db.session.close()  # the other app has its own session and engine: free the database
    client = limited_app.test_client()
    statuses = [client.get(url, headers={"Authorization": f"Bearer {first_key}"}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get(url, headers={"Authorization": f"Bearer {first_key}"})
    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 60
    error = response.get_json()["error"]
    assert error["type"] == "rate_limit_error" and error["code"] == "rate_limited" and error["message"]
    assert client.get(url, headers={"Authorization": f"Bearer {second_key}"}).status_code == 200
    assert client.get("/v1/openapi.json").status_code == 200  # the document is not limited
