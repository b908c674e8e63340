"""API keys and company_id: 401 / 400 / 404, revocation, last use."""
from app.extensions import db
from app.models import ApiKey
from app.services import accounts, transaction


def test_missing_bad_and_revoked_keys_get_401(client, api, actor):
    url = f"/v1/customers?company_id={actor.company.id}"
    for headers in ({}, {"Authorization": "Bearer"}, {"Authorization": "Basic abc"},
                    {"Authorization": "Bearer sk_live_nope"}, {"Authorization": api.key},
                    {"Authorization": "Bearer " + api.key + "x"}):
        response = client.get(url, headers=headers)
        assert response.status_code == 401, headers
        error = response.get_json()["error"]
        assert error["type"] == "authentication_error" and error["message"]
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert api.get("/v1/customers").status_code == 200
    key = db.session.scalars(db.select(ApiKey).where(ApiKey.user_pk == actor.user.pk)).one()
    with transaction():
        accounts.revoke_api_key(actor.user, key.id)
    response = api.get("/v1/customers")
    assert response.status_code == 401 and response.get_json()["error"]["code"] == "invalid_api_key"
    assert client.post(url, json={"name": "X", "country": "US"},
                       headers={"Authorization": f"Bearer {api.key}"}).status_code == 401


def test_company_id_is_required_and_checked(client, api, make_account):
    headers = {"Authorization": f"Bearer {api.key}"}
    response = client.get("/v1/customers", headers=headers)
    assert response.status_code == 400 and response.get_json()["error"]["param"] == "company_id"
    assert client.get("/v1/customers?company_id=", headers=headers).status_code == 400
    other = make_account(email="other@example.com", company="Other Co")
    for company_id in (other.company.id, "com_000000000000", "nonsense"):
        response = client.get(f"/v1/customers?company_id={company_id}", headers=headers)
        assert response.status_code == 404, company_id
        assert response.get_json()["error"]["param"] == "company_id"


def test_last_use_is_recorded_even_when_the_action_fails(api, actor):
    key = db.session.scalars(db.select(ApiKey).where(ApiKey.user_pk == actor.user.pk)).one()
    assert key.last_used_at is None
    assert api.post("/v1/customers", json={"name": ""}).status_code == 400
    db.session.expire_all()
    first = db.session.get(ApiKey, key.pk).last_used_at
    assert first is not None
    assert api.get("/v1/customers").status_code == 200
    db.session.expire_all()
    assert db.session.get(ApiKey, key.pk).last_used_at >= first


def test_a_key_acts_in_every_company_of_its_user(api, actor):
    with transaction():
        user = db.session.merge(actor.user)
        second = accounts.create_company(user, {"name": "Second Co"})
    response = api.get("/v1/customers", company_id=second.id)
    assert response.status_code == 200 and response.get_json() == {"data": [], "has_more": False}


def test_openapi_needs_no_key(client, db):
    response = client.get("/v1/openapi.json")
    assert response.status_code == 200 and response.get_json()["openapi"].startswith("3.")
