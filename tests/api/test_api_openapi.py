"""The OpenAPI document covers every /v1 route and method, and shows the seed's examples."""
import json
import re
from pathlib import Path

from app.api.openapi import spec
from app.api.operations import OPERATIONS


def spec_operations():
    return {(method.upper(), path) for path, item in spec()["paths"].items() for method in item if method != "parameters"}


def test_every_route_is_documented_and_nothing_else(app):
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/v1/") and rule.endpoint != "api.openapi_document":
            path = re.sub(r"<[^>]+>", "{id}", rule.rule)
            routes |= {(method, path) for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert routes == spec_operations()


def test_served_document(client):
    document = client.get("/v1/openapi.json").get_json()
    assert document["openapi"] == "3.1.0"
    operation = document["paths"]["/v1/invoices"]["post"]
    example = operation["requestBody"]["content"]["application/json"]["example"]
    assert example["items"][0]["name"] == "Web Development"
    assert {"201", "400", "401", "404", "413", "429"} <= set(operation["responses"])
    pdf = document["paths"]["/v1/invoices/{id}/pdf"]["get"]["responses"]["200"]["content"]
    assert list(pdf) == ["application/pdf"]
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            names = [p["name"] for p in operation["parameters"]]
            assert "company_id" in names, (method, path)
            assert all(r.get("$ref") or r.get("content") for r in operation["responses"].values())
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def test_served_document_is_the_one_the_hand_kept_table_gave(client):
    """The operations are generated from the routes' registrations: the document is the one
    the hand-kept operation table of app.api.openapi served before (issue 25), up to ordering.
    Regenerate the fixture only when the API changes on purpose."""
    before = json.loads((Path(__file__).parent / "fixtures" / "openapi_before_25.json").read_text())
    assert client.get("/v1/openapi.json").get_json() == before


def test_every_api_route_is_a_registered_operation_and_back(app):
    """Each /v1 route of the URL map was registered with its description (app.api.operations),
    and each registration is a route: nothing can be routed yet missing from the document."""
    routed = {(rule.endpoint, method) for rule in app.url_map.iter_rules()
              if rule.endpoint.startswith("api.") and rule.endpoint != "api.openapi_document"
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    registered = {(f"api.{operation.view.__name__}", operation.method.upper()) for operation in OPERATIONS}
    assert routed == registered
    assert all(app.view_functions[f"api.{operation.view.__name__}"] is operation.view for operation in OPERATIONS)
    assert len({(operation.method, operation.path) for operation in OPERATIONS}) == len(OPERATIONS)
    assert len({operation.op_id for operation in OPERATIONS}) == len(OPERATIONS)
