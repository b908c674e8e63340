"""One direction of imports in app/ (issue 25, item 6), read from the source with ``ast``.

Every module of app/ sits on one floor of ``FLOORS`` (bottom first) and imports only modules
of its own floor or of floors below it; nothing imports in a circle, counting the imports
written inside functions too (a lazy import hides a cycle from Python, not from a reader).
Importing ``app.x.y`` also runs ``app/__init__.py`` and ``app/x/__init__.py``; those
implicit imports of parent packages are not edges here (they would tie everything to
everything), so a package's ``__init__`` keeps to what its own floor may import.

A new module: put its name, or a pattern that covers it, on the floor it belongs to. A
pattern's ``*`` stands for any part of a name; an exact name wins over a pattern."""
from __future__ import annotations

import ast
from fnmatch import fnmatchcase
from pathlib import Path

APP = next(folder for folder in Path(__file__).resolve().parents if (folder / "app" / "__init__.py").is_file()) / "app"

# Door roles of a domain package (app/invoices, app/quotes, …): the pages, the API, the public
# links, the forms they read, the actions they post.
DOOR_ROLES = ("views", "actions", "forms", "api", "public", "webhook")
# Export (app/exports): the streamed download both doors answer with.
DOOR_ROLES += ("response",)
# Service roles of a domain package: its rules, its life cycle, its life-cycle table, its
# queries and its registration.
SERVICE_ROLES = ("service", "lifecycle", "states", "issue", "rows", "search", "deleted", "descriptor")
# Online payment (app/online_payments): the Stripe calls, the connection, recording, checkout, the tick's sweep.
SERVICE_ROLES += ("gateway", "connection", "recording", "checkout", "sweep")
# Webhooks (app/webhooks): the events noted, the endpoints, the addresses refused, the delivery,
# the delivery log (and resending).
SERVICE_ROLES += ("events", "endpoints", "addresses", "delivery", "log")
# Export (app/exports): the cells every file shares, and the CSV, XLSX and DATEV writers.
SERVICE_ROLES += ("cells", "csv_file", "xlsx_file", "datev")
# The domain packages themselves (their __init__ modules).
DOMAINS = ("invoices", "quotes", "credit_notes", "recurring", "online_payments", "webhooks", "exports")

FLOORS: tuple[tuple[str, str, tuple[str, ...]], ...] = (  # (name, what it holds and may import, modules)
    ("foundation",
     "plain building blocks (characters, ids, money, limits, schedule dates, payment references, Peppol "
     "ids, sealed secrets, configuration, extensions); they import no other floor",
     ("app.characters", "app.ids", "app.json", "app.limits", "app.money", "app.config", "app.extensions",
      "app.sqlite", "app.schedule", "app.payment_references", "app.peppol_ids", "app.sealed", "app.i18n")),
    ("models",
     "the database tables; they know the foundation only",
     ("app.models", "app.models.*")),
    ("registry",
     "the document types' registry and the addresses of their links (app/document_types.py, app/links.py): "
     "read by the services and the doors, it names what lies above it (states, schemas, doors, "
     "templates) by name, never by import; each type's descriptor.py sits with the services",
     ("app.document_types", "app.links")),
    ("einvoice",
     "the pure e-invoice package (EN 16931 documents, CII, UBL, readiness): no database, no services; "
     "the services hand it what it needs",
     ("app.einvoice", "app.einvoice.*")),
    ("services",
     "the rules, called by every door (app/services and each domain package's service, life cycle, "
     "states and descriptor); a service never reads a shape, a view model or a door",
     ("app.services", "app.services.*", "app.seed", *(f"app.{domain}" for domain in DOMAINS),
      *(f"app.*.{role}" for role in SERVICE_ROLES))),
    ("shapes",
     "the API's pydantic shapes (app/schemas and each domain's schemas); they reuse the services' "
     "checks, and the services never import them",
     ("app.schemas", "app.schemas.*", "app.*.schemas")),
    ("view models",
     "what the doors show: presentation, the rendering of PDFs and mail and its contexts, the "
     "dashboard's presenters and chart, the API's serializers; one floor below the doors, which "
     "they never import",
     ("app.presentation", "app.rendering", "app.rendering.*", "app.*.context", "app.web.presenters",
      "app.web.chart", "app.api.serializers", "app.webhooks.payloads")),
    ("doors",
     "the dashboard, the API, the public links, the error pages, the response headers and the "
     "background jobs, which call the floors below; a door never imports the app factory",
     ("app.web", "app.web.*", "app.api", "app.api.*", "app.public", "app.public.*", "app.errors", "app.security",
      "app.jobs", "app.jobs.*", *(f"app.*.{role}" for role in DOOR_ROLES))),
    ("entry points",
     "the app factory (app/__init__.py), the command line and the worker's tasks, which build the "
     "app and wire the doors; nothing below imports them",
     ("app", "app.cli", "app.jobs.tasks")),
)


def app_modules() -> dict[str, Path]:
    found = {}
    for path in sorted(APP.rglob("*.py")):
        parts = path.relative_to(APP.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


MODULES = app_modules()


def _module_of(name: str) -> str | None:
    """The app module that defines ``name`` (a module, or a name inside a module)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(module: str) -> dict[str, bool]:
    """The app modules ``module`` imports, each with whether one of its imports of it is at
    module level (False: only inside functions)."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: dict[str, bool] = {}

    def add(target: str | None, top: bool) -> None:
        if target and target != module:
            found[target] = found.get(target, False) or top

    def walk(node: ast.AST, top: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = top and not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name == "app" or alias.name.startswith("app."):
                        add(_module_of(alias.name), top)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    parts = package.split(".")[:len(package.split(".")) - child.level + 1]
                    base = ".".join(parts + ([base] if base else []))
                if base == "app" or base.startswith("app."):
                    for alias in child.names:
                        full = f"{base}.{alias.name}"
                        add(full if full in MODULES else _module_of(base), top)
            walk(child, inner)

    walk(ast.parse(path.read_text(encoding="utf-8"), str(path)), True)
    return found


GRAPH = {module: imports_of(module) for module in MODULES}


def floor_of(module: str) -> int | None:
    """The index in FLOORS of the floor that names ``module`` exactly, else of the one whose
    pattern covers it; None when no floor or more than one pattern's floor covers it."""
    for index, (_, _, names) in enumerate(FLOORS):
        if module in names:
            return index
    covering = {index for index, (_, _, names) in enumerate(FLOORS)
                for name in names if "*" in name and fnmatchcase(module, name)}
    return covering.pop() if len(covering) == 1 else None


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in sorted(graph.get(module, ())):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def _describe(found: list[list[str]], graph: dict[str, set[str]]) -> str:
    lines = []
    for component in found:
        members = set(component)
        arrows = [f"{source} -> {target}" for source in component for target in sorted(graph[source] & members)]
        lines.append("  cycle of " + ", ".join(component) + ":\n    " + "\n    ".join(arrows))
    return "\n".join(lines)


def test_every_module_of_app_sits_on_exactly_one_floor():
    unplaced = [module for module in MODULES if floor_of(module) is None]
    assert not unplaced, (
        "Each module of app/ sits on one floor of FLOORS (tests/test_import_layers.py): add its name, or a "
        "pattern that covers it, to the floor it belongs to (none or two patterns cover these): "
        + ", ".join(unplaced))


def test_no_import_cycle_among_module_level_imports():
    graph = {module: {target for target, top in imports.items() if top} for module, imports in GRAPH.items()}
    found = cycles(graph)
    assert not found, (
        "Modules import each other in a circle, at module level: which one runs first decides what the "
        "other sees half-made (a package's __init__ that imports the modules that import it is one). "
        "Move what both need down a floor.\n" + _describe(found, graph))


def test_no_import_cycle_counting_the_imports_inside_functions():
    graph = {module: set(imports) for module, imports in GRAPH.items()}
    found = cycles(graph)
    assert not found, (
        "Modules import each other in a circle once the imports written inside functions count: a lazy "
        "import hides the circle from Python, not from a reader. Move what both need down a floor.\n"
        + _describe(found, graph))


def test_no_module_imports_a_module_of_a_higher_floor():
    upward: dict[int, list[str]] = {}
    for module, imports in sorted(GRAPH.items()):
        mine = floor_of(module)
        for target in sorted(imports):
            theirs = floor_of(target)
            if None not in (mine, theirs) and theirs > mine:
                upward.setdefault(mine, []).append(f"    {module} imports {target} ({FLOORS[theirs][0]})")
    assert not upward, (
        "Imports run down the floors only (" + ", ".join(name for name, _, _ in FLOORS) + "): a module that "
        "imports one of a higher floor climbs back up the graph. Pass what it needs down as an argument, or "
        "move the shared part down.\n" + "\n".join(
            f"  {FLOORS[floor][0]}: {FLOORS[floor][1]}.\n" + "\n".join(lines) for floor, lines in upward.items()))


def test_the_einvoice_package_is_pure():
    einvoice = FLOORS[floor_of("app.einvoice")][0]
    allowed = {index for index, (name, _, _) in enumerate(FLOORS) if name in ("foundation", einvoice)}
    impure = [f"  {module} imports {target}" for module, imports in sorted(GRAPH.items())
              if module == "app.einvoice" or module.startswith("app.einvoice.")
              for target in sorted(imports) if floor_of(target) not in allowed]
    assert not impure, (
        "app/einvoice is pure: it reads neither the database models nor the services (they describe an "
        "invoice to it, in app/services/einvoices.py); it imports only the foundation (money, characters) "
        "and itself.\n" + "\n".join(impure))


def test_the_graph_reads_imports_inside_functions_and_relative_ones():
    """The reader itself: a lazy import in the app factory and a package's own imports are edges."""
    assert GRAPH["app"]["app.cli"] is False  # register_cli imports it inside the function
    assert GRAPH["app"]["app.config"] is True
    assert "app.einvoice.document" in GRAPH["app.einvoice.build"]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert floor_of("app.quotes.views") == floor_of("app.web.customers")
    assert floor_of("app.quotes.service") == floor_of("app.services.numbering")
    assert floor_of("app.jobs.tasks") == len(FLOORS) - 1
