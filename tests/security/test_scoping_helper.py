"""All company data goes through one scoping helper (app/services/tenancy.py: ``scoped``,
``find`` and ``get``; sums and updates use ``scoped(...).whereclause``). This test reads the
source of app/ and finds every comparison with a ``company_pk`` column: no module may have
one but the helper itself and the one join justified below."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "app"

# The only modules that compare company_pk themselves, and why ``scoped`` cannot serve them.
ALLOWED = {
    "services/tenancy.py": "the scoping helper itself, and the memberships that say which companies "
                           "a user may act for (they make the scope; there is no company to scope by yet)",
    "services/accounts.py": "KEY_IN_COMPANY joins an API key's user to their membership in the company "
                            "named by ?company_id= in the same query: a join of two tables, not a filter "
                            "by a company already known (that lookup is what finds the company)",
}


def company_comparisons(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(), filename=str(path))
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any(isinstance(o, ast.Attribute) and o.attr == "company_pk" for o in operands):
                lines.append(node.lineno)
        elif isinstance(node, ast.keyword) and node.arg == "company_pk":
            pass  # assignments when creating a row are not queries
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "filter_by":
            if any(k.arg == "company_pk" for k in node.keywords):
                lines.append(node.lineno)
    return sorted(lines)


def test_company_data_is_scoped_in_one_place(figure):
    files = sorted(p for p in ROOT.rglob("*.py") if "models" not in p.relative_to(ROOT).parts)
    found, refused = 0, []
    for path in files:
        relative = path.relative_to(ROOT).as_posix()
        lines = company_comparisons(path)
        found += len(lines)
        if lines and relative not in ALLOWED:
            refused.append(f"app/{relative}: company_pk compared on lines {lines}; use "
                           f"app.services.tenancy.scoped()/get() (for sums: scoped(...).with_only_columns(...))")
    stale = [relative for relative in ALLOWED if not company_comparisons(ROOT / relative)]
    figure("scoping-helper", f"{len(files)} modules of app/ scanned, {found} company_pk comparisons, "
                             f"{len(refused)} modules comparing it outside tenancy.py and the one "
                             f"justified join (0 in the doors, 0 in the other services, 0 in seed.py)")
    assert not refused, "\n".join(refused)
    assert not stale, f"no longer needed, remove from ALLOWED: {stale}"


def test_the_scan_finds_a_hand_written_filter(tmp_path):
    sample = tmp_path / "door.py"
    sample.write_text("q = select(Invoice).where(Invoice.company_pk == actor.company.pk)\n"
                      "r = Invoice.query.filter_by(company_pk=1)\n")
    assert company_comparisons(sample) == [1, 2]
