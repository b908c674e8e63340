"""Every registered document type (app/document_types.py) is whole: its dashboard, API and
public routes exist, its API operations are in the served OpenAPI document, its prefix
setting is a column, an API field and a settings field, its templates exist, and every
status of its life-cycle table has words and a badge whose class badges.css defines.

Each check reads a descriptor and answers what it lacks, so a type missing a piece is named;
the last tests give the checks a type that lacks each piece and see them say so. Its place
in the tenant-isolation sweep: tests/security/test_tenant_isolation.py walks the registry."""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from jinja2 import TemplateNotFound

from app import document_types
from app.document_types import Api, Dashboard, DocumentType, Numbering, Public, resolve
from app.models import Company as CompanyModel
from app.schemas.company import Company, CompanyUpdate
from app.web.settings_forms import CompanyForm

TYPES = document_types.all_types()
BADGES_CSS = Path(__file__).resolve().parent.parent / "static" / "css" / "badges.css"


def api_operations(openapi: dict) -> set[tuple[str, str]]:
    return {(method, path) for path, item in openapi["paths"].items() for method in item if method != "parameters"}


def route_gaps(found: DocumentType, app) -> list[str]:
    """What of its dashboard, API and public routes the app lacks."""
    rules = list(app.url_map.iter_rules())
    endpoints = {rule.endpoint: rule for rule in rules}
    gaps = []
    for blueprint in found.dashboard.blueprints:
        name = resolve(blueprint).name
        if name not in app.blueprints or not any(rule.endpoint.startswith(name + ".") for rule in rules):
            gaps.append(f"dashboard blueprint {name} has no routes")
    pages = [found.dashboard.index, found.dashboard.new,
             found.dashboard.activity_page[0] if found.dashboard.activity_page else None]
    gaps += [f"no dashboard page {page}" for page in pages if page and page not in endpoints]
    if found.dashboard.activity_page and found.dashboard.activity_page[0] in endpoints:
        page, argument = found.dashboard.activity_page
        if argument not in endpoints[page].arguments:
            gaps.append(f"{page} takes no {argument}")
    collection = "/v1" + found.api.path
    if not any(rule.rule == collection or rule.rule.startswith(collection + "/") for rule in rules):
        gaps.append(f"no API routes under {collection}")
    resource = resolve(found.api.resource)
    if not resource.path.startswith(found.api.path + "/"):
        gaps.append(f"its API resource {resource.path} is not under {found.api.path}")
    if found.public is not None:
        resolve(found.public.module)
        if not any(rule.rule.startswith(found.public.prefix) and rule.endpoint.startswith("public.") for rule in rules):
            gaps.append(f"no public routes under {found.public.prefix}")
    return gaps


def openapi_gaps(found: DocumentType, app, operations: set[tuple[str, str]]) -> list[str]:
    """Its API routes that the served OpenAPI document leaves out (and a type without any)."""
    collection = "/v1" + found.api.path
    routes = {(method.lower(), re.sub(r"<[^>]+>", "{id}", rule.rule)) for rule in app.url_map.iter_rules()
              if rule.rule == collection or rule.rule.startswith(collection + "/")
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    gaps = [f"{method.upper()} {path} is not in /v1/openapi.json" for method, path in sorted(routes - operations)]
    if not any(path == collection or path.startswith(collection + "/") for _, path in operations):
        gaps.append(f"/v1/openapi.json has no operation under {collection}")
    schema = resolve(found.api.schema).__name__
    return gaps + ([] if schema else [f"its schema {found.api.schema} has no name"])


def status_gaps(found: DocumentType, css: str) -> list[str]:
    """Statuses of its life-cycle table without words or a badge class in badges.css; words
    that disagree with another type's for the same status."""
    defined = set(re.findall(r"\.(badge-[\w-]+)\s*[{,]", css))
    gaps = []
    for status in found.statuses:
        if not found.labels.get(status):
            gaps.append(f"status {status} has no label")
        if found.badge(status) not in defined:
            gaps.append(f"status {status}: badges.css defines no .{found.badge(status)}")
    gaps += [f"label for {status}, which is not a status" for status in set(found.labels) - set(found.statuses)]
    for other in document_types.all_types():
        for status, label in found.labels.items():
            if other.kind != found.kind and str(other.labels.get(status, label)) != str(label):
                gaps.append(f"{status} reads {str(label)!r} here and {str(other.labels[status])!r} for {other.kind}")
    if not (found.singular and found.plural):
        gaps.append("no singular or plural name")
    return gaps


def piece_gaps(found: DocumentType, app) -> list[str]:
    """Its id prefix, number prefix setting (model, API, settings form) and templates."""
    gaps = []
    made = found.model.__table__.c.id.default.arg
    made = made(None) if callable(made) else made
    if not str(made).startswith(found.id_prefix + "_"):
        gaps.append(f"{found.model.__name__} ids do not start {found.id_prefix}_")
    if found.numbering is not None:
        setting = found.numbering.setting
        places = {"the company model": setting in CompanyModel.__table__.c,
                  "POST /v1/company": setting in CompanyUpdate.model_fields,
                  "GET /v1/company": setting in Company.model_fields,
                  "Settings → Company": hasattr(CompanyForm, setting)}
        gaps += [f"{setting} is not in {place}" for place, present in places.items() if not present]
    templates = [found.pdf_template]
    if found.mail_template:
        templates += [f"{found.mail_template}/mail.txt", f"{found.mail_template}/mail.html"]
    for template in filter(None, templates):
        try:
            app.jinja_env.get_template(template)
        except TemplateNotFound:
            gaps.append(f"no template {template}")
    return gaps


@pytest.fixture(scope="module")
def openapi(app):
    return app.test_client().get("/v1/openapi.json").get_json()


def test_the_registry_holds_the_four_types():
    assert [found.kind for found in TYPES] == ["invoice", "quote", "credit_note", "recurring"]
    with pytest.raises(ValueError, match="registered twice"):
        document_types.register(dataclasses.replace(document_types.get("quote")))


@pytest.mark.parametrize("found", TYPES, ids=[found.kind for found in TYPES])
def test_each_type_is_whole(found, app, openapi):
    css = BADGES_CSS.read_text(encoding="utf-8")
    gaps = (route_gaps(found, app) + openapi_gaps(found, app, api_operations(openapi)) + status_gaps(found, css)
            + piece_gaps(found, app))
    assert gaps == []


def test_the_registry_is_what_the_app_reads(app):
    """Numbering, tenancy, redaction, the public links and the presenters answer from it."""
    from app.document_types import badge_class
    from app.links import public_prefixes
    from app.presentation import status_label
    from app.security import redact
    from app.services import numbering
    from app.services.tenancy import noun_of
    assert numbering.prefix_fields() == {"invoice": "invoice_prefix", "quote": "quote_prefix",
                                         "credit_note": "credit_note_prefix"}
    assert public_prefixes() == ("/i/", "/q/", "/c/")
    for found in TYPES:
        assert noun_of(found.model) == found.singular
        for status in found.statuses:
            assert status_label(status) == found.labels[status]
            assert badge_class(status) == found.badge(status)
        if found.public is not None:
            assert redact(f"GET {found.public.prefix}{'a' * 20}/pdf") == f"GET {found.public.prefix}[redacted]/pdf"


# --- the checks can fail ------------------------------------------------------------------

def lacking(**changes) -> DocumentType:
    """The quote's descriptor with some pieces changed (registered nowhere)."""
    return dataclasses.replace(document_types.get("quote"), **changes)


def test_the_checks_name_a_missing_route_or_operation(app, openapi):
    quote = document_types.get("quote")
    missing = lacking(dashboard=dataclasses.replace(quote.dashboard, index="quotes.nowhere", new="quotes.gone"),
                      api=Api((), "app.quotes.api:QUOTE", "/proformas", "app.quotes.schemas:Quote"),
                      public=Public("/p/", "app.quotes.public"))
    gaps = route_gaps(missing, app)
    assert "no dashboard page quotes.nowhere" in gaps and "no dashboard page quotes.gone" in gaps
    assert "no API routes under /v1/proformas" in gaps and "no public routes under /p/" in gaps
    assert "its API resource /quotes/<quote_id> is not under /proformas" in gaps
    assert openapi_gaps(missing, app, api_operations(openapi)) == ["/v1/openapi.json has no operation under /v1/proformas"]
    undocumented = {(m, p) for m, p in api_operations(openapi) if p != "/v1/quotes/{id}/accept"}
    assert openapi_gaps(quote, app, undocumented) == ["POST /v1/quotes/{id}/accept is not in /v1/openapi.json"]


def test_the_checks_name_a_missing_label_or_badge(app):
    quote = document_types.get("quote")
    css = BADGES_CSS.read_text(encoding="utf-8")
    labels = {status: label for status, label in quote.labels.items() if status != "declined"}
    assert status_gaps(lacking(labels=labels), css) == ["status declined has no label"]
    assert status_gaps(lacking(badges={"expired": "badge-lapsed"}), css) == [
        "status expired: badges.css defines no .badge-lapsed"]
    assert status_gaps(quote, css.replace(".badge-invoiced", ".badge-x")) == [
        "status invoiced: badges.css defines no .badge-invoiced"]
    assert status_gaps(lacking(labels={**quote.labels, "sent": "Out"}), css) == [
        "sent reads 'Out' here and 'Sent' for invoice"]


def test_the_checks_name_a_missing_setting_template_or_prefix(app):
    missing = lacking(id_prefix="pro", pdf_template="proformas/pdf.html", mail_template="proformas",
                      numbering=Numbering("proforma", "proforma_prefix", "Proforma number prefix", ""))
    assert piece_gaps(missing, app) == [
        "Quote ids do not start pro_", "proforma_prefix is not in the company model",
        "proforma_prefix is not in POST /v1/company", "proforma_prefix is not in GET /v1/company",
        "proforma_prefix is not in Settings → Company", "no template proformas/pdf.html",
        "no template proformas/mail.txt", "no template proformas/mail.html"]
    gone = lacking(dashboard=Dashboard(("app.quotes.views:bp",), "quotes.index", "Quotes",
                                       activity_page=("quotes.show", "invoice_id")))
    assert route_gaps(gone, app) == ["quotes.show takes no invoice_id"]
