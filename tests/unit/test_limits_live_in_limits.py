"""Every limit lives in app/limits.py (issue 25, item 5c): the columns' ``String(n)``, the
forms' ``Length(max=…)``, the services' and schemas' ``max_length=…`` and the templates'
``maxlength`` read their size from there, never from a number written in place nor from
another module's constant. The test reads the code (``ast``) and the templates."""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP, TEMPLATES = ROOT / "app", ROOT / "templates"
LIMITS = APP / "limits.py"
TEMPLATE_LITERAL = re.compile(r"""\bmax_?length\s*=\s*["']?\s*\d""", re.IGNORECASE)


def _called(node: ast.Call) -> str:
    return node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")


def sizes(tree: ast.Module):
    """``(line, expression)`` of each size a length check or a column states."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            if _called(node) == "String" and node.args:
                yield node.lineno, node.args[0]
            for keyword in node.keywords:
                if keyword.arg == "max_length" or (_called(node) == "Length" and keyword.arg in ("max", "min")):
                    yield node.lineno, keyword.value
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                if isinstance(key, ast.Constant) and key.value in ("maxlength", "maxLength"):
                    yield node.lineno, value


def module_constants(tree: ast.Module) -> dict[str, ast.expr]:
    """The names the module itself binds at its top (its own constants, with their values),
    not the ones it imports."""
    names = {}
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                names.update((name.id, node.value) for name in ast.walk(target) if isinstance(name, ast.Name))
    return names


def not_from_limits(expression: ast.expr, constants: dict[str, ast.expr], seen: frozenset = frozenset()) -> str | None:
    """Why ``expression`` does not come from app.limits, or None when it does: a ``limits.X``,
    a name imported from it, a constant of the module made of those (a table of limits), or a
    value handed in (a parameter, a loop's variable)."""
    for node in ast.walk(expression):
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
            return f"the number {node.value}"
        if isinstance(node, ast.Attribute) and node.attr.isupper() and not (
                isinstance(node.value, ast.Name) and node.value.id == "limits"):
            return f"{ast.unparse(node)}, another module's constant"
        if isinstance(node, ast.Name) and node.id in constants and node.id not in seen:
            why = not_from_limits(constants[node.id], constants, seen | {node.id})
            if why:
                return f"{node.id}, this module's own constant ({why})"
    return None


def python_findings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), str(path))
    constants = module_constants(tree)
    return [f"{path.relative_to(ROOT)}:{line}: {why}" for line, expression in sizes(tree)
            if (why := not_from_limits(expression, constants))]


def test_the_scan_finds_each_kind_of_literal(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("from app import limits\nfrom app.limits import EMAIL\nNAME = 100\nSIZES = {'city': limits.CITY}\n"
                      "a = String(200)\nb = Length(max=NAME)\nc = text(v, max_length=other.SIZE)\n"
                      "d = {'maxlength': 5 * 2}\n"
                      "ok = [String(limits.CITY), Length(max=EMAIL), text(v, max_length=size), text(max_length=SIZES['c'])]\n")
    tree = ast.parse(module.read_text())
    found = [(line, not_from_limits(expression, module_constants(tree))) for line, expression in sizes(tree)]
    assert [(line, why) for line, why in found if why] == [
        (5, "the number 200"), (6, "NAME, this module's own constant (the number 100)"),
        (7, "other.SIZE, another module's constant"), (8, "the number 5")]
    assert TEMPLATE_LITERAL.search('<input maxlength="200">') and TEMPLATE_LITERAL.search("field(maxlength=20)")
    assert not TEMPLATE_LITERAL.search('<input maxlength="{{ limits.ACCEPTED_BY }}">')


def test_every_length_in_the_code_comes_from_limits():
    found = [finding for path in sorted(APP.rglob("*.py")) if path != LIMITS for finding in python_findings(path)]
    assert found == [], "Name the limit in app/limits.py and read it from there:\n" + "\n".join(found)


def test_every_maxlength_in_the_templates_comes_from_limits():
    found = [f"{path.relative_to(ROOT)}:{number}" for path in sorted(TEMPLATES.rglob("*.*"))
             for number, line in enumerate(path.read_text().splitlines(), 1) if TEMPLATE_LITERAL.search(line)]
    assert found == [], "Write maxlength=\"{{ limits.NAME }}\" instead:\n" + "\n".join(found)


def test_the_templates_can_read_the_limits(app):
    from app import limits
    assert app.jinja_env.globals["limits"] is limits
