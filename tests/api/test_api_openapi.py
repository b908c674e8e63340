"""The OpenAPI document covers every /v1 route and method, and shows the seed's examples."""
import re

from app.api.openapi import spec


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
