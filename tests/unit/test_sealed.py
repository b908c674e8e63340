"""Sealed secrets (app/sealed.py): what is stored reveals nothing, opens only with the same
SECRET_KEY, and a page shows the last four characters."""
import pytest

from app import sealed

KEY = "sk_test_51Hx" + "a1B2c3D4e5F6g7H8i9J0" * 4 + "wxyz"


def test_a_sealed_secret_opens_with_the_same_secret_key_and_hides_the_plaintext():
    box = sealed.seal(KEY, "app-secret")
    assert sealed.unseal(box, "app-secret") == KEY
    assert KEY not in box and KEY[8:24] not in box and "wxyz" not in box
    assert sealed.seal(KEY, "app-secret") != box  # a fresh IV each time: equal secrets do not look equal


def test_another_secret_key_or_an_altered_value_cannot_open_it():
    box = sealed.seal(KEY, "app-secret")
    with pytest.raises(sealed.Unreadable):
        sealed.unseal(box, "another-secret")
    with pytest.raises(sealed.Unreadable):
        sealed.unseal(box[:-6] + ("A" if box[-6] != "A" else "B") + box[-5:], "app-secret")
    with pytest.raises(sealed.Unreadable):
        sealed.unseal("not a token at all ✓", "app-secret")


def test_a_page_shows_the_last_four_characters_only():
    assert sealed.last_four(KEY) == "…wxyz"
