"""Security tests: their FIGURE lines are printed at the end of the run."""
import os
from pathlib import Path

import pytest

from tests.security.figures import collect, figure, summary  # noqa: F401  (figure is a fixture)

FOLDER = "tests/security/"


def pytest_runtest_logreport(report):
    collect(report, FOLDER)


def pytest_terminal_summary(terminalreporter):
    summary(terminalreporter, FOLDER, "security figures")


@pytest.fixture(autouse=True)
def _outbox_left_as_found(app):
    """These tests send real invoice emails (.eml files in the shared test instance's
    outbox); remove the ones they wrote so that other tests see the outbox as it was."""
    folder = Path(app.instance_path) / "outbox"
    before = set(os.listdir(folder)) if folder.exists() else set()
    yield
    if folder.exists():
        for name in set(os.listdir(folder)) - before:
            (folder / name).unlink(missing_ok=True)
