"""The suite's own layout: fixtures live in conftest.py files, and no module of tests/ imports a
test module or a conftest (shared plain helpers sit in tests/support/ and the folders' helper
modules), so ruff's F811 needs no exception for tests/."""
import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _modules():
    for path in sorted(TESTS.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _imported(tree: ast.Module):
    """(line, dotted name) of every module an import statement names, functions' bodies included."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module
            for alias in node.names:
                yield node.lineno, f"{node.module}.{alias.name}"


def _is_test_module(dotted: str) -> bool:
    if not dotted.startswith("tests."):
        return False
    last = dotted.rsplit(".", 1)[-1]
    return last == "conftest" or last.startswith("test_")


def _is_fixture(decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return ast.unparse(target) in ("pytest.fixture", "fixture")


def test_no_module_of_the_suite_imports_a_test_module_or_a_conftest():
    found = [f"{path.relative_to(TESTS.parent)}:{line} imports {name}"
             for path, tree in _modules() for line, name in _imported(tree) if _is_test_module(name)]
    assert found == []


def test_fixtures_are_defined_in_conftest_files_or_in_the_test_module_that_uses_them():
    found = [f"{path.relative_to(TESTS.parent)}:{node.lineno} defines the fixture {node.name}"
             for path, tree in _modules() if path.name != "conftest.py" and not path.name.startswith("test_")
             for node in ast.walk(tree)
             if isinstance(node, ast.FunctionDef) and any(_is_fixture(d) for d in node.decorator_list)]
    assert found == []
