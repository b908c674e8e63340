"""Calling the API in tests: a client that sends the key and company_id, and the calls many
modules make (send, pay, issue a credit note, create and act on a quote)."""
from tests.support.data import SEED_ITEMS


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


def send(api, invoice_id):
    response = api.post(f"/v1/invoices/{invoice_id}/send")
    assert response.status_code == 200, response.get_json()
    return response.get_json()["data"]


def pay(api, invoice_id, amount):
    return api.post(f"/v1/invoices/{invoice_id}/record_payment", json={"amount": amount})


def assert_refused(response, status, current):
    assert response.status_code == status, response.get_json()
    error = response.get_json()["error"]
    assert current in error["message"], error
    return error


def issue(api, **body):
    return api.post("/v1/credit_notes", json=body)


def create_quote(api, customer, **fields):
    body = {"customer_id": customer.id, "issue_date": "2025-04-15", "tax_rate": 16, "discount_type": "percentage",
            "discount_value": 10, "items": [dict(item) for item in SEED_ITEMS], "terms": "Half on acceptance."}
    body.update(fields)
    response = api.post("/v1/quotes", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["data"]


def act(api, quote_id, action, body=None, status=200):
    response = api.post(f"/v1/quotes/{quote_id}/{action}", json=body or {})
    assert response.status_code == status, response.get_json()
    return response.get_json()
