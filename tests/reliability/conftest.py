"""Reliability tests: their FIGURE lines are printed at the end of the run (tests/conftest.py)."""
from tests.security.figures import figure  # noqa: F401  (a fixture)
