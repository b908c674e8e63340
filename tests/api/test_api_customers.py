"""/v1/customers: every operation, shorthands, validation and roles."""
from app.extensions import db
from app.models import Activity, Customer

SEED = {"name": "Acme Corp", "country": "US", "email": "billing@acme.com", "city": "New York",
        "currency": "USD", "legal_name": "Acme Corporation Inc.", "legal_vat": "US123456789"}
FIELDS = {"id", "name", "slug", "country", "contact_email", "contact_phone", "city", "zipcode", "currency",
          "legal_name", "legal_address", "legal_vat", "notes", "status", "created_at", "updated_at",
          # DESIGN §10: the structured address, the buyer reference, and the reminders switch
          "address_line1", "address_line2", "postal_code", "region", "buyer_reference", "send_reminders",
          "peppol_id",  # DESIGN §15
          "language",  # DESIGN §17
          "account_number"}  # DESIGN §19


def test_create_the_seed_customer(api):
    response = api.post("/v1/customers", json=SEED)
    assert response.status_code == 201, response.get_json()
    data = response.get_json()["data"]
    assert set(data) == FIELDS
    assert data["slug"] == "acme-corp" and data["status"] == "active"
    assert data["contact_email"] == "billing@acme.com" and data["contact_phone"] is None
    assert data["legal_vat"] == "US123456789" and data["city"] == "New York"
    second = api.post("/v1/customers", json={"name": "Acme Corp", "country": "us"}).get_json()["data"]
    assert second["slug"] == "acme-corp-2" and second["country"] == "US"
    assert second["currency"] == "USD"  # the company's currency


def test_retrieve_update_and_delete(api):
    created = api.post("/v1/customers", json=SEED).get_json()["data"]
    path = f"/v1/customers/{created['id']}"
    assert api.get(path).get_json() == {"data": created}
    response = api.post(path, json={"email": "new-billing@acme.com", "phone": "+1 555 0100", "status": "inactive"})
    assert response.status_code == 200
    updated = response.get_json()["data"]
    assert updated["contact_email"] == "new-billing@acme.com" and updated["contact_phone"] == "+1 555 0100"
    assert updated["status"] == "inactive" and updated["name"] == "Acme Corp"
    assert updated["updated_at"] > created["updated_at"] and updated["created_at"] == created["created_at"]
    assert api.get(path).get_json() == {"data": updated}
    assert api.post(path).status_code == 200  # an empty update changes nothing
    response = api.delete(path)
    assert response.status_code == 200 and response.get_json() == {"data": {"id": created["id"], "deleted": True}}
    assert api.get(path).status_code == 404
    assert api.post(path, json={"name": "x"}).status_code == 404
    assert api.delete(path).status_code == 404
    assert db.session.scalar(db.select(Customer.deleted_at).where(Customer.id == created["id"])) is not None


def test_validation_errors_name_the_field(api):
    cases = [
        ({"country": "US"}, "name"), ({"name": "X"}, "country"), ({"name": "X", "country": "ZZ"}, "country"),
        ({"name": "X", "country": "US", "email": "nope"}, "contact_email"),
        ({"name": "X", "country": "US", "currency": "XYZ"}, "currency"),
        ({"name": "X", "country": "US", "status": "gone"}, "status"),
        ({"name": "X", "country": "US", "colour": "red", "size": 1}, "colour"),
        ({"name": ["X"], "country": "US"}, "name"), ({"name": "X" * 201, "country": "US"}, "name"),
    ]
    for body, param in cases:
        response = api.post("/v1/customers", json=body)
        assert response.status_code == 400, body
        error = response.get_json()["error"]
        assert error["param"] == param, (body, error)
        assert error["type"] == "invalid_request_error" and error["message"]
    unknown = api.post("/v1/customers", json={"name": "X", "country": "US", "colour": "red", "size": 1})
    assert "'colour'" in unknown.get_json()["error"]["message"] and "'size'" in unknown.get_json()["error"]["message"]
    assert db.session.scalar(db.select(db.func.count()).select_from(Customer)) == 0


def test_update_refuses_clearing_required_fields(api, make_customer):
    customer = make_customer()
    response = api.post(f"/v1/customers/{customer.id}", json={"name": ""})
    assert response.status_code == 400 and response.get_json()["error"]["param"] == "name"


def test_member_cannot_delete(api_for, member, make_customer):
    customer = make_customer()
    member_api = api_for(member)
    response = member_api.delete(f"/v1/customers/{customer.id}")
    assert response.status_code == 403
    assert response.get_json()["error"]["type"] == "permission_error"
    assert member_api.get(f"/v1/customers/{customer.id}").status_code == 200
    assert member_api.post(f"/v1/customers/{customer.id}", json={"city": "Paris"}).status_code == 200


def test_actions_are_recorded_with_the_api_key(api, actor):
    created = api.post("/v1/customers", json=SEED).get_json()["data"]
    activity = db.session.scalars(db.select(Activity).where(Activity.subject_id == created["id"])).one()
    assert activity.actor_type == "api_key" and activity.api_key_pk is not None
    assert activity.user_pk == actor.user.pk
