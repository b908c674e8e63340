"""Doors ask the tables: no dashboard view, API handler, public page or template compares a
status or a role. They ask the life-cycle tables (``actions_for``, ``LifeCycle.permits``) and
the permissions table (``actor.may``) instead, so a rule lives once (issue 25, item 3).

The test reads the code, it does not run it: every door module is parsed (``ast``) and every
template (Jinja's own parser); a comparison against a status or role literal, or one of a
``.status``/``.role``, is a finding."""
from __future__ import annotations

import ast
from pathlib import Path

import jinja2
from jinja2 import nodes

from app.invoices.states import INVOICE
from app.models import CUSTOMER_STATUSES, ROLES
from app.quotes.states import QUOTE
from app.recurring.states import RECURRING
from app.services.tenancy import Actor

ROOT = Path(__file__).resolve().parents[2]
APP, TEMPLATES = ROOT / "app", ROOT / "templates"
STATUSES = frozenset({*INVOICE.statuses, *QUOTE.statuses, *RECURRING.statuses, *CUSTOMER_STATUSES})
ROLE_NAMES = frozenset({*ROLES, Actor.public(None).role, Actor.system(None).role})
LITERALS = STATUSES | ROLE_NAMES
ATTRIBUTES = frozenset({"status", "role"})
DOOR_PACKAGES = ("web", "api", "public")
DOOR_MODULES = ("views", "actions", "api", "public")  # a domain package's doors
ROUTE_DECORATORS = frozenset({"route", "get", "post", "put", "patch", "delete"})
VIEW_MODELS = ("web/presenters.py",)  # one floor below the doors: the questions the templates ask


def _where(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name


def _registers_routes(tree: ast.Module) -> bool:
    return any(isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)
               and decorator.func.attr in ROUTE_DECORATORS
               for node in ast.walk(tree) if isinstance(node, ast.FunctionDef) for decorator in node.decorator_list)


def door_modules() -> dict[Path, ast.Module]:
    """The dashboard, API and public packages, each domain package's views, actions, API and
    public modules, and any other module that registers a route."""
    doors = {}
    for path in sorted(APP.rglob("*.py")):
        tree = ast.parse(path.read_text(), str(path))
        package = path.relative_to(APP).parts[0]
        if path.relative_to(APP).as_posix() in VIEW_MODELS:
            continue
        if package in DOOR_PACKAGES or path.stem in DOOR_MODULES or _registers_routes(tree):
            doors[path] = tree
    return doors


def _operand(node) -> str | None:
    """What one side of a comparison names, in Python's tree or Jinja's: a status or role
    literal, a ``.status``/``.role`` (or ``["status"]``), or a sequence holding one."""
    if isinstance(node, (ast.Constant, nodes.Const)) and isinstance(node.value, str) and node.value in LITERALS:
        return repr(node.value)
    attribute = node.attr if isinstance(node, (ast.Attribute, nodes.Getattr)) else None
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        attribute = node.arg.value
    if attribute in ATTRIBUTES:
        return f".{attribute}"
    items = (getattr(node, "elts", None) or getattr(node, "items", None)) if isinstance(
        node, (ast.Tuple, ast.List, ast.Set, nodes.Tuple, nodes.List)) else ()
    return next(filter(None, map(_operand, items)), None)


def _findings(path: Path, comparisons) -> list[str]:
    """``comparisons``: ``(line, operands)`` of each comparison of the file."""
    return [f"{_where(path)}:{line} compares {what}" for line, operands in comparisons
            if (what := next(filter(None, map(_operand, operands)), None))]


def _python_comparisons(tree: ast.Module):
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            yield node.lineno, [node.left, *node.comparators]
        elif isinstance(node, ast.match_case):
            yield node.pattern.lineno, [value.value for value in ast.walk(node.pattern)
                                        if isinstance(value, ast.MatchValue)]


def python_findings(path: Path, tree: ast.Module) -> list[str]:
    return _findings(path, _python_comparisons(tree))


COMPARING_TESTS = frozenset({"eq", "equalto", "==", "ne", "!=", "sameas", "in"})


def _template_comparisons(tree: nodes.Template):
    for node in tree.find_all((nodes.Compare, nodes.Test, nodes.Filter)):
        if isinstance(node, nodes.Compare):
            yield node.lineno, [node.expr, *(operand.expr for operand in node.ops)]
        elif isinstance(node, nodes.Test) and node.name in COMPARING_TESTS:
            yield node.lineno, [node.node, *node.args]
        elif isinstance(node, nodes.Filter) and node.name in ("selectattr", "rejectattr"):
            yield node.lineno, list(node.args)  # selectattr("status", "equalto", "draft")


def template_findings(path: Path, environment: jinja2.Environment) -> list[str]:
    return _findings(path, _template_comparisons(environment.parse(path.read_text(), path.name, _where(path))))


def test_the_lint_reads_every_door_and_every_template():
    doors = {path.relative_to(APP).as_posix() for path in door_modules()}
    assert {"web/settings.py", "web/tax_rates.py", "web/reminders.py", "api/customers.py", "public/__init__.py",
            "invoices/views.py", "invoices/actions.py", "invoices/public.py", "quotes/views.py", "quotes/public.py",
            "recurring/views.py", "credit_notes/api.py"} <= doors
    assert not {"invoices/states.py", "services/tenancy.py", "invoices/lifecycle.py"} & doors
    assert {"draft", "sent", "viewed", "expired", "paused"} <= STATUSES and {"admin", "member"} <= ROLE_NAMES
    assert len(list(TEMPLATES.rglob("*.html"))) > 50


def test_the_lint_finds_each_kind_of_comparison(tmp_path):
    """The checker itself: each way a door or a template could compare is a finding."""
    door = tmp_path / "door.py"
    door.write_text('if invoice.status != "draft": pass\nif actor.role == "admin": pass\n'
                    'if shown in ("sent", "viewed"): pass\nmatch shown:\n    case "paused": pass\n'
                    'if decision == "accept" and status == 401: pass\n')
    found = python_findings(door, ast.parse(door.read_text()))
    assert [line.split(":", 1)[1] for line in found] == [
        "1 compares .status", "2 compares .role", "3 compares 'sent'", "5 compares 'paused'"]
    template = tmp_path / "page.html"
    template.write_text('{% if doc.status == x %}{% endif %}{% if shown in ("draft",) %}{% endif %}'
                        '{% if role is eq "member" %}{% endif %}{{ rows|selectattr("status", "equalto", "paid") }}'
                        '{% if section == "overview" %}{% endif %}')
    assert len(template_findings(template, jinja2.Environment(extensions=["jinja2.ext.i18n"]))) == 4


def test_no_door_compares_a_status_or_a_role():
    found = [finding for path, tree in door_modules().items() for finding in python_findings(path, tree)]
    assert found == [], "Doors ask the tables (actions_for, permits, actor.may) instead:\n" + "\n".join(found)


def test_no_template_compares_a_status_or_a_role():
    environment = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    found = [finding for path in sorted(TEMPLATES.rglob("*.*")) if path.suffix in (".html", ".txt")
             for finding in template_findings(path, environment)]
    assert found == [], "Templates ask the view model or the tables instead:\n" + "\n".join(found)
