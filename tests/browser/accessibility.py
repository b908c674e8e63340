"""axe-core in the browser tests: inject the pinned engine (npm, package-lock.json) into a page,
run every rule, and report the critical and serious violations."""
from __future__ import annotations

from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("critical", "serious")
RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(" ") + " | " + (n.failureSummary || "").replace(/\\s+/g, " ")),
  }));
}"""


def axe_path() -> Path:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: install the test tools with `npm ci` (make test does).")
    return AXE


def audit(page) -> list[dict]:
    """axe's critical and serious violations on the page as it is now. The page's context
    needs ``bypass_csp=True``: the engine is injected as an inline script."""
    page.add_script_tag(path=str(axe_path()))
    return [v for v in page.evaluate(RUN) if v["impact"] in BLOCKING]


def describe(found: dict[str, list[dict]]) -> str:
    lines = []
    for name, violations in found.items():
        for violation in violations:
            lines.append(f"{name}: [{violation['impact']}] {violation['id']}: {violation['help']}")
            lines.extend(f"    {node}" for node in violation["nodes"][:5])
    return "\n".join(lines)
