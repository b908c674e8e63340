"""/v1/company says whether the company is connected to Stripe (``stripe_connected``) and
nothing else of the connection; the keys are entered in the dashboard only, so the API refuses
them (a 400 naming the field) and never sends one back."""
from app.online_payments import connection
from app.services import transaction
from tests.online_payments.stripe_secrets import new_key, new_webhook_secret, plaintext_pieces, stored_row


def test_stripe_connected_false_then_true_then_false(api, actor):
    shown = api.get("/v1/company").get_json()["data"]
    assert shown["stripe_connected"] is False
    assert not [name for name in shown if name.startswith("stripe") and name != "stripe_connected"]
    key, whsec = new_key(), new_webhook_secret()
    with transaction():
        connection.connect(actor, {"stripe_secret_key": key, "stripe_webhook_secret": whsec})
    response = api.get("/v1/company")
    assert response.get_json()["data"]["stripe_connected"] is True
    updated = api.post("/v1/company", json={"name": "Acme Studio Ltd"})
    assert updated.status_code == 200 and updated.get_json()["data"]["stripe_connected"] is True
    for body in (response.get_data(as_text=True), updated.get_data(as_text=True)):
        for piece in plaintext_pieces(key) + plaintext_pieces(whsec):
            assert piece not in body, piece
    with transaction():
        connection.disconnect(actor)
    assert api.get("/v1/company").get_json()["data"]["stripe_connected"] is False


def test_the_api_does_not_take_the_secrets(api, actor):
    key = new_key()
    for body in ({"stripe_secret_key": key}, {"stripe_webhook_secret": new_webhook_secret()},
                 {"stripe_connected": True}):
        response = api.post("/v1/company", json=body)
        assert response.status_code == 400, response.get_json()
        error = response.get_json()["error"]
        assert error["param"] == next(iter(body)) and key not in response.get_data(as_text=True)
    assert stored_row(actor) == (None, None)
