"""All company data goes through one scoping helper (app/services/tenancy.py: ``scoped`` and
``get``). This test reads the source of app/ and finds every comparison with a
``company_pk`` column: the doors (HTML, API, public pages, documents, CLI) may have none,
and services only the few listed below, each for a reason that ``scoped`` cannot serve."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "app"

# Services that may compare company_pk themselves, and why ``scoped`` does not serve them.
# The doors (web, api, public, documents, cli) may not, nor any other module.
ALLOWED = {
    "services/tenancy.py": "the scoping helper itself and membership lookups",
    "services/numbering.py": "the counter row of the actor's company (no public id to scope by)",
    "services/accounts.py": "a membership of (user, company): memberships are the scope itself",
    "services/customers.py": "slugs taken in the company, including deleted customers",
    "services/lifecycle.py": "mark_overdue(company): the system actor sweeps one company",
    "services/reports.py": "aggregate figures (sums grouped by currency and month) of the actor's company",
    "seed.py": "seed-demo fills one company it has just chosen",
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
    figure("scoping-helper", f"{len(files)} modules of app/ scanned, {found} company_pk comparisons, "
                             f"{len(refused)} modules comparing it outside tenancy.py and "
                             f"{len(ALLOWED) - 1} listed services (0 in the web, API, public and document doors)")
    assert not refused, "\n".join(refused)


def test_the_scan_finds_a_hand_written_filter(tmp_path):
    sample = tmp_path / "door.py"
    sample.write_text("q = select(Invoice).where(Invoice.company_pk == actor.company.pk)\n"
                      "r = Invoice.query.filter_by(company_pk=1)\n")
    assert company_comparisons(sample) == [1, 2]
