"""The app's routes as the tenant-isolation sweep sees them: each argument mapped to a kind of
object, and a path built with given ids."""
from __future__ import annotations

import re
from dataclasses import dataclass

ARG = re.compile(r"<(?:(?P<conv>\w+)(?:\([^)]*\))?:)?(?P<name>\w+)>")


NAME_HINTS = (("invitation_token", "mbt"), ("invitation", "mbi"), ("credit_note", "cn"), ("recurring", "rec"),
              ("customer", "cus"), ("invoice", "inv"), ("payment", "pay"), ("refund", "ref"),
              ("key", "key"), ("member", "usr"), ("user", "usr"), ("company", "com"), ("token", "token"),
              ("item", "di"), ("activit", "act"), ("tax_rate", "txr"), ("quote", "quo"))


SEGMENT_KINDS = {"customers": "cus", "invoices": "inv", "payments": "pay", "refunds": "ref", "keys": "key",
                 "api-keys": "key", "api_keys": "key", "developers": "key", "members": "usr", "users": "usr",
                 "companies": "com", "items": "di", "i": "token", "activity": "act", "activities": "act",
                 "outbox": "eml", "taxes": "txr", "tax_rates": "txr", "recurring": "rec",
                 "recurring_invoices": "rec", "quotes": "quo", "q": "token", "credit_notes": "cn",
                 "c": "token", "invitations": "mbi", "join": "mbt"}


SKIPPED = {"static": "serves files, no company data",
           "auth.logout": "ends the attacker's own session (see test_sessions.py)"}


def classify(rule: str, name: str) -> str | None:
    lowered = name.lower()
    for hint, kind in NAME_HINTS:
        if hint in lowered:
            return kind
    if lowered in ("id", "object_id", "pk", "filename", "name"):
        match = next(m for m in ARG.finditer(rule) if m["name"] == name)
        segments = [s for s in ARG.sub("", rule[:match.start()]).split("/") if s]
        if segments:
            return SEGMENT_KINDS.get(segments[-1].lower())
    return None


@dataclass
class Route:
    rule: str
    endpoint: str
    methods: list
    args: list  # (name, converter, kind)
    door: str   # html | api | public


def discover(app) -> tuple[list[Route], list[str]]:
    routes, unknown = [], []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIPPED:
            continue
        args = []
        for match in ARG.finditer(rule.rule):
            kind = classify(rule.rule, match["name"])
            if kind is None:
                unknown.append(f"{rule.rule} <{match['name']}> ({rule.endpoint})")
            args.append((match["name"], match["conv"] or "string", kind))
        public = rule.rule.startswith(("/i/", "/c/", "/q/"))
        door = "api" if rule.rule.startswith("/v1") else "public" if public else "html"
        methods = sorted(m for m in rule.methods if m not in ("HEAD", "OPTIONS"))
        routes.append(Route(rule.rule, rule.endpoint, methods, args, door))
    return routes, unknown


def build_path(route: Route, ids: dict, pks: dict) -> str:
    values = {}
    for name, conv, kind in route.args:
        values[name] = str(pks.get(kind, 10 ** 9)) if conv == "int" else ids[kind]
    return ARG.sub(lambda m: values[m["name"]], route.rule)
