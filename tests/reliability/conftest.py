"""Reliability tests: their FIGURE lines are printed at the end of the run."""
from tests.security.figures import collect, figure, summary  # noqa: F401  (figure is a fixture)

FOLDER = "tests/reliability/"


def pytest_runtest_logreport(report):
    collect(report, FOLDER)


def pytest_terminal_summary(terminalreporter):
    summary(terminalreporter, FOLDER, "reliability figures")
