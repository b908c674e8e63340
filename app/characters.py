"""Which characters stored text may hold: the one rule every door applies (through
:func:`app.services.inputs.text`, which the API and the dashboard's forms both reach) and the
API document states (:mod:`app.schemas.fields`), and the last-line cleaning of the renderers
(XML, PDF, mail headers) for text stored before the rule. PURE: imports only ``re``.

- No text holds a control character other than tab, LF and CR (C0, DEL), nor U+FFFE/U+FFFF or a
  lone surrogate: XML cannot carry them and a reader never means them.
- A single-line text (a name, a subject, a reference) holds no line break either (anything
  ``str.splitlines()`` splits on) and no bidi override or isolate (U+202A–U+202E,
  U+2066–U+2069), which would reorder what a reader sees around it."""
from __future__ import annotations

import re

from app.i18n import _

_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff"
_LINE_BREAKS = "\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029"
_BIDI = "\u202a-\u202e\u2066-\u2069"

FORBIDDEN = re.compile(f"[{_CONTROLS}]")
SINGLE_LINE_FORBIDDEN = re.compile(f"[{_CONTROLS}{_BIDI}]")
LINE_BREAK = re.compile(f"(?:\r\n|[{_LINE_BREAKS}])")

# The same sets as JSON Schema patterns (ECMA regular expressions) for the API document. The
# surrogates are left out: a JSON Schema string is text, in which a lone surrogate is not a character.
_JSON_CONTROLS = r"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff"
_JSON_SINGLE = _JSON_CONTROLS + r"\n\r\u0085\u2028\u2029\u202a-\u202e\u2066-\u2069"
MULTILINE_PATTERN = f"^[^{_JSON_CONTROLS}]*$"
SINGLE_LINE_PATTERN = f"^[^{_JSON_SINGLE}]*$"
MULTILINE_NOT_BLANK = f"^[^{_JSON_CONTROLS}]*[^\\s{_JSON_CONTROLS}][^{_JSON_CONTROLS}]*$"
SINGLE_LINE_NOT_BLANK = f"^[^{_JSON_SINGLE}]*[^\\s{_JSON_SINGLE}][^{_JSON_SINGLE}]*$"


def _name(character: str) -> str:
    return "NUL" if character == "\x00" else f"U+{ord(character):04X}"


def problem(value: str, *, single_line: bool) -> str | None:
    """The message refusing ``value``, or None when every character may be stored."""
    if single_line:
        if LINE_BREAK.search(value):
            return _("Must be one line.")
        found = SINGLE_LINE_FORBIDDEN.search(value)
    else:
        found = FORBIDDEN.search(value)
    if found is None:
        return None
    character = found.group()
    if "\u202a" <= character <= "\u2069":
        return _("Must not contain the text-direction control character %(character)s.",
                 character=_name(character))
    return _("Must not contain the control character %(character)s.", character=_name(character))


def clean(value: str, *, single_line: bool = False) -> str:
    """``value`` without what :func:`problem` refuses: a single line's breaks become spaces."""
    if single_line:
        return SINGLE_LINE_FORBIDDEN.sub("", LINE_BREAK.sub(" ", value))
    return FORBIDDEN.sub("", value)


def clean_optional(value: str | None, *, single_line: bool = False) -> str | None:
    return None if value is None else clean(value, single_line=single_line)
