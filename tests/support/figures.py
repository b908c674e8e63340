"""FIGURE lines: each security/reliability test states its counts (attempts, failures) as
``FIGURE <name>: <text>`` (the ``figure`` fixture); tests/conftest.py prints them at the end of the
run, one section per folder, so that they are visible in plain ``pytest -q`` output (and the README
can quote them)."""
from __future__ import annotations

_SEEN: list[tuple[str, str]] = []  # (nodeid, line), in the order the tests ran


def collect(report, folder: str | tuple[str, ...]) -> None:
    if report.when != "call" or not report.nodeid.replace("\\", "/").startswith(folder):
        return
    for key, value in report.user_properties:
        if key == "figure" and (report.nodeid, value) not in _SEEN:
            _SEEN.append((report.nodeid, value))


def summary(terminalreporter, folder: str | tuple[str, ...], title: str) -> None:
    lines = [line for nodeid, line in _SEEN if nodeid.replace("\\", "/").startswith(folder)]
    if lines:
        terminalreporter.section(title)
        for line in lines:
            terminalreporter.write_line(line)
