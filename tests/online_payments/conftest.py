"""The online payment tests' fixtures: a FakeStripe (tests/support/fake_stripe.py) that the
app calls (``STRIPE_API_BASE``), stopped after the test; ``fake`` is the same server."""
import pytest

from tests.support.fake_stripe import FakeStripe


@pytest.fixture()
def fake_stripe(app, monkeypatch):
    with FakeStripe() as server:
        monkeypatch.setitem(app.config, "STRIPE_API_BASE", server.url)
        yield server


@pytest.fixture()
def fake(fake_stripe):
    return fake_stripe
