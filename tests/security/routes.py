"""The app's routes as the tenant-isolation sweep sees them: each argument mapped to a kind of
object, and a path built with given ids."""
from __future__ import annotations

import re
from dataclasses import dataclass

from app import document_types
from app.links import public_prefixes

ARG = re.compile(r"<(?:(?P<conv>\w+)(?:\([^)]*\))?:)?(?P<name>\w+)>")


def document_hints() -> tuple[tuple[str, str], ...]:
    """Each registered document type's argument names (``quote_id``: its kind), longest first
    (``credit_note`` before ``invoice``), and the kind of object they name (its id prefix)."""
    types = sorted(document_types.all_types(), key=lambda found: -len(found.kind))
    return tuple((found.kind, found.id_prefix) for found in types)


def document_segments() -> dict[str, str]:
    """The path segments before a bare ``<id>`` of each registered document type (its plural,
    its API collection, its dashboard's prefix) and of its public link (the token)."""
    segments = {}
    for found in document_types.all_types():
        prefixes = (document_types.resolve(blueprint).url_prefix for blueprint in found.dashboard.blueprints)
        for segment in (found.plural.replace(" ", "_"), found.api.path, *prefixes):
            if segment:
                segments[segment.strip("/")] = found.id_prefix
        if found.public is not None:
            segments[found.public.prefix.strip("/")] = "token"
    return segments


NAME_HINTS = (("invitation_token", "mbt"), ("invitation", "mbi"), *document_hints(),
              ("customer", "cus"), ("payment", "pay"), ("refund", "ref"),
              ("key", "key"), ("member", "usr"), ("user", "usr"), ("company", "com"), ("token", "token"),
              ("item", "di"), ("activit", "act"), ("tax_rate", "txr"), ("bank_account", "ba"),
              ("endpoint", "we"), ("event", "evt"))
SEGMENT_KINDS = {"customers": "cus", "payments": "pay", "refunds": "ref", "keys": "key",
                 "api-keys": "key", "api_keys": "key", "developers": "key", "members": "usr", "users": "usr",
                 "companies": "com", "items": "di", "activity": "act", "activities": "act",
                 "outbox": "eml", "taxes": "txr", "tax_rates": "txr", "bank_accounts": "ba", **document_segments(),
                 "invitations": "mbi", "join": "mbt", "webhook_endpoints": "we", "webhooks": "we", "events": "evt"}


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
        public = rule.rule.startswith(public_prefixes())
        door = "api" if rule.rule.startswith("/v1") else "public" if public else "html"
        methods = sorted(m for m in rule.methods if m not in ("HEAD", "OPTIONS"))
        routes.append(Route(rule.rule, rule.endpoint, methods, args, door))
    return routes, unknown


def build_path(route: Route, ids: dict, pks: dict) -> str:
    values = {}
    for name, conv, kind in route.args:
        values[name] = str(pks.get(kind, 10 ** 9)) if conv == "int" else ids[kind]
    return ARG.sub(lambda m: values[m["name"]], route.rule)
