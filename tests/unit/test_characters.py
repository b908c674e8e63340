"""The one rule of which characters stored text may hold (app/characters.py)."""
import pytest

from app import characters

LINE_BREAKS = ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
CONTROLS = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x0e", "\x1f", "\x7f", "\ufffe", "\uffff", "\ud800"]
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]


@pytest.mark.parametrize("character", CONTROLS)
def test_control_characters_are_refused_in_every_text(character):
    for single_line in (True, False):
        assert characters.problem(f"Coa{character}GmbH", single_line=single_line)
        assert characters.clean(f"Coa{character}GmbH", single_line=single_line) in ("CoaGmbH", "Coa GmbH")


@pytest.mark.parametrize("character", LINE_BREAKS)
def test_a_single_line_refuses_every_line_break(character):
    assert characters.problem(f"a{character}b", single_line=True) == "Must be one line."
    assert characters.clean(f"a{character}b", single_line=True) == "a b"
    assert f"a{character}b".splitlines() != [f"a{character}b"]  # what str.splitlines() splits on


@pytest.mark.parametrize("character", BIDI)
def test_a_single_line_refuses_bidi_overrides_a_text_may_hold_them(character):
    assert "text-direction" in characters.problem(f"a{character}b", single_line=True)
    assert characters.problem(f"a{character}b", single_line=False) is None


@pytest.mark.parametrize("value", ["Müller & Söhne, Inc.", "a\tb", "日本語", "😀", "a\u00a0b", "\u200f"])
def test_ordinary_text_passes(value):
    assert characters.problem(value, single_line=True) is None
    assert characters.clean(value, single_line=True) == value


def test_a_multiline_text_keeps_its_breaks_but_loses_controls():
    assert characters.problem("line 1\r\nline 2\nline 3\u2028", single_line=False) is None
    assert characters.clean("a\x0bb\nc\x00", single_line=False) == "ab\nc"
