"""The document editors' shared pieces (app/web/document_editor.py)."""
from types import SimpleNamespace

from app.web.document_editor import about


def field(id_, label):
    return SimpleNamespace(id=id_, label=SimpleNamespace(text=label))


def test_a_message_names_its_row_and_field():
    assert about(field("items-1-unit_price", "Unit price"), "Must be a number.") == "Row 2, Unit price: Must be a number."
    assert about(field("due_date", "Due date"), "Required.") == "Due date: Required."
    assert about(None, "Something is off.") == "Something is off."
