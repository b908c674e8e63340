"""Helpers shared by the test modules: plain data and functions. Fixtures (factories included)
live in conftest.py; no test module imports another."""
