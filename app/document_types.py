"""The document types (invoices, quotes, credit notes, recurring invoices, …), each registered
once by the ``descriptor.py`` of its own package (``app/<package>/descriptor.py``).

A descriptor names everything the rest of the app needs to know about its type: its model and
id prefix, its number series and the company setting holding its prefix, its life-cycle
table, the words and badge of each status, its API resource and schema, its dashboard
section, its public page, and its PDF and mail templates. Numbering, tenancy, the log's token
redaction, the public links' rate limits, the blueprints, the navigation, the settings
prefixes, the rendering and the presenters read the registry instead of keeping lists.

Code is named by ``"module:attribute"`` strings, resolved when first used, so a descriptor
imports nothing above the models and its own life-cycle table."""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any


def resolve(reference: str) -> Any:
    """``"app.invoices.views:bp"`` → that object (a bare module path → the module)."""
    module, _, attribute = reference.partition(":")
    found = importlib.import_module(module)
    return getattr(found, attribute) if attribute else found


@dataclass(frozen=True)
class Numbering:
    """A number series ``{PREFIX}-{YEAR}-{COUNTER}`` of its own, its prefix in ``setting`` (a
    column of the company, a field of Settings → Company and of ``/v1/company``)."""
    series: str          # the counter's kind (invoice_counters.kind)
    setting: str         # "invoice_prefix"
    label: str           # the settings field's label
    hint: str            # what the settings page says under it


@dataclass(frozen=True)
class Dashboard:
    """The type's pages: its blueprints, the section the navigation links to (``index``),
    the page an overview's activity line on one links to and the name of its id argument
    (``activity_page``; None: its lines link nowhere), where a customer's page creates one
    (``new``, or None), and the type it sits under in the navigation."""
    blueprints: tuple[str, ...]
    index: str
    nav_label: str
    activity_page: tuple[str, str] | None = None
    new: str | None = None
    nav_parent: str | None = None

    def sections(self) -> tuple[str, ...]:
        """The names of its blueprints (their pages light up its navigation link)."""
        return tuple(resolve(reference).name for reference in self.blueprints)


@dataclass(frozen=True)
class Api:
    """The type's ``/v1`` routes: the modules that register them, its resource (the object
    answered under ``path``) and the schema of that object."""
    modules: tuple[str, ...]
    resource: str        # "app.invoices.api:INVOICE" (an app.api.resources.Resource)
    path: str            # "/invoices", the collection under /v1
    schema: str          # "app.invoices.schemas:Invoice"


@dataclass(frozen=True)
class Public:
    """The client's page: ``/<letter>/<token>``, routes in ``module``; ``client_states``
    says which status the client reads instead of the company's own tracking states."""
    prefix: str          # "/i/"
    module: str
    client_states: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DocumentType:
    kind: str                         # "invoice": activities' subject type, client_status's kind
    order: int                        # place in the navigation and on the settings page
    model: type
    id_prefix: str                    # "inv": the model's public ids start "inv_"
    singular: str                     # "invoice", as messages name one ("No such invoice")
    plural: str                       # "invoices"
    dashboard: Dashboard
    api: Api
    lifecycle: Any = None             # its life-cycle table (a LifeCycle), None without statuses
    labels: dict[str, str] = field(default_factory=dict)  # status → its words
    badges: dict[str, str] = field(default_factory=dict)  # status → its badge's colour class, if not badge-<status>
    numbering: Numbering | None = None
    public: Public | None = None
    pdf_template: str | None = None   # "quotes/pdf.html"
    mail_template: str | None = None  # "quotes": its mail.txt and mail.html

    @property
    def statuses(self) -> tuple[str, ...]:
        """The statuses of its life-cycle table."""
        return self.lifecycle.statuses if self.lifecycle is not None else ()

    def badge(self, status: str) -> str:
        """The CSS class (static/css/badges.css) colouring the badge of ``status``."""
        return self.badges.get(status, f"badge-{status}")


_REGISTRY: dict[str, DocumentType] = {}
_loaded = False
_loading = False


def register(document_type: DocumentType) -> DocumentType:
    """Add a type (once: a second descriptor of the same kind is an error)."""
    if document_type.kind in _REGISTRY and _REGISTRY[document_type.kind] is not document_type:
        raise ValueError(f"document type {document_type.kind!r} is registered twice")
    _REGISTRY[document_type.kind] = document_type
    status_labels.cache_clear()
    badge_classes.cache_clear()
    return document_type


def _load() -> None:
    """Import every ``app/<package>/descriptor.py`` (each registers its type)."""
    global _loaded, _loading
    if _loaded:
        return
    if _loading:  # a descriptor (or what it imports) asked the registry while it loads
        raise RuntimeError("a document type's descriptor reads the registry while the registry loads")
    _loading = True
    try:
        for descriptor in sorted(Path(__file__).parent.glob("*/descriptor.py")):
            importlib.import_module(f"app.{descriptor.parent.name}.descriptor")
    finally:
        _loading = False
    _loaded = True


def all_types() -> tuple[DocumentType, ...]:
    """Every registered type, in navigation order."""
    _load()
    return tuple(sorted(_REGISTRY.values(), key=lambda found: found.order))


def get(kind: str) -> DocumentType:
    _load()
    return _REGISTRY[kind]


def of_model(model: type) -> DocumentType | None:
    return next((found for found in all_types() if found.model is model), None)


def numbered() -> tuple[DocumentType, ...]:
    """The types with a number series of their own (a prefix setting each)."""
    return tuple(found for found in all_types() if found.numbering is not None)


def with_public_page() -> tuple[DocumentType, ...]:
    return tuple(found for found in all_types() if found.public is not None)


@cache
def status_labels() -> dict[str, str]:
    """Every status's words, over all types (types that share a status word it alike)."""
    labels: dict[str, str] = {}
    for found in all_types():
        labels.update(found.labels)
    return labels


@cache
def badge_classes() -> dict[str, str]:
    """Every status's badge class, over all types."""
    return {status: found.badge(status) for found in all_types() for status in found.statuses}


def badge_class(status: str) -> str:
    """The class of a status's badge (one a client reads too, such as "sent" for "viewed")."""
    return badge_classes().get(status, f"badge-{status}")
