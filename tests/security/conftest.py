"""Security tests: their FIGURE lines are printed at the end of the run (tests/conftest.py)."""
import os
from pathlib import Path

import pytest


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
