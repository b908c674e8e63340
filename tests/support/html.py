"""Reading the dashboard's HTML in tests: errors, flashes, badges, inputs, selects and action bars."""
import re
from html import unescape


def text_of(response) -> str:
    return response.get_data(as_text=True)


def field_error(html: str, field_id: str) -> str | None:
    """The error message rendered beside the field with ``field_id`` (None if none)."""
    match = re.search(r'<p class="field-error" id="' + re.escape(field_id) + r'-error">(.*?)</p>', html, re.S)
    return unescape(match.group(1)) if match else None


def flashes(html: str) -> list[str]:
    return [unescape(m) for m in re.findall(r'<div class="flash flash-\w+" role="\w+">(.*?)</div>', html, re.S)]


def badges(html: str) -> list[str]:
    return re.findall(r'class="badge badge-(\w+)"', html)


def input_value(html: str, name: str) -> str | None:
    match = re.search(r'<input[^>]*name="' + re.escape(name) + r'"[^>]*>', html)
    if not match:
        return None
    value = re.search(r'value="([^"]*)"', match.group(0))
    return unescape(value.group(1)) if value else ""


def selected(html: str, name: str) -> str | None:
    """The chosen option's value of the select named ``name`` (None: no such select)."""
    match = re.search(r'<select[^>]*name="' + re.escape(name) + r'"[^>]*>(.*?)</select>', html, re.S)
    if not match:
        return None
    chosen = re.search(r'<option selected value="([^"]*)"|<option value="([^"]*)" selected', match.group(1))
    if not chosen:
        return ""
    return chosen.group(1) if chosen.group(1) is not None else chosen.group(2)


def actions_of(html: str) -> set[str]:
    names = {"Send invoice", "Send reminder", "Record payment", "Refund", "Cancel invoice", "Delete",
             "Download PDF", "Edit", "Mark in review", "End review", "Issue credit note"}
    bar = html.split('class="action-bar"', 1)[1].split("</div>", 1)[0]
    return {name for name in names if f">{name}<" in bar}
