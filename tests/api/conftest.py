"""API fixtures: raw API keys and a small client that sends the key and company_id."""
import pytest

from app.services import accounts, transaction
from tests.conftest import join
from tests.security.figures import figure  # noqa: F401  (a fixture)


class ApiClient:
    def __init__(self, client, raw_key: str, company_id: str):
        self.client, self.key, self.company_id = client, raw_key, company_id

    def _headers(self, headers):
        return {"Authorization": f"Bearer {self.key}", **(headers or {})}

    def _params(self, params):
        return {"company_id": self.company_id, **params}

    def get(self, path, headers=None, **params):
        return self.client.get(path, query_string=self._params(params), headers=self._headers(headers))

    def post(self, path, json=None, headers=None, data=None, **params):
        kwargs = {"json": json} if data is None else {"data": data}
        return self.client.post(path, query_string=self._params(params), headers=self._headers(headers), **kwargs)

    def delete(self, path, headers=None, **params):
        return self.client.delete(path, query_string=self._params(params), headers=self._headers(headers))


@pytest.fixture()
def make_key(db):
    def make(who):
        with transaction():
            _, raw = accounts.create_api_key(who.user, "tests")
        return raw
    return make


@pytest.fixture()
def api_for(client, make_key):
    def make(who):
        return ApiClient(client, make_key(who), who.company.id)
    return make


@pytest.fixture()
def api(actor, api_for):
    return api_for(actor)


@pytest.fixture()
def member(actor, make_account):
    """A second user who is a plain member of ``actor``'s company."""
    other = make_account(email="member@example.com", company="Member's own")
    return join(actor, other.user, "member")
