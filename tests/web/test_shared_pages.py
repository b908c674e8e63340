"""Each document type's pages are the shared ones, given only what differs: the editor's
routes come from app.web.document_pages, the delete page and the PDF from
app.web.document_actions, the client's pages find their document through app.public.documents,
and each type's templates extend the shared layouts instead of repeating them."""
import re
from pathlib import Path

import pytest
from werkzeug.exceptions import NotFound

from app.invoices import lifecycle
from app.services import transaction

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
EXTENDS = re.compile(r'{%-?\s*extends\s+"([^"]+)"')

EDITOR_ROUTES = ["invoices.new", "invoices.edit", "invoices.preview", "quotes.new", "quotes.edit", "quotes.preview",
                 "recurring.new"]
ACTION_ROUTES = ["invoice_actions.delete", "invoice_actions.pdf", "quote_actions.delete", "quote_actions.pdf"]
LAYOUTS = {
    "documents/_form_page.html": ["invoices/payment.html", "invoices/refund.html", "invoices/cancel.html",
                                  "quotes/accept.html", "quotes/decline.html", "invoices/notes.html",
                                  "quotes/notes.html"],
    "settings/_page.html": ["settings/company.html", "settings/reminders.html", "settings/members.html",
                            "settings/developers.html", "settings/taxes.html", "settings/tax_rate.html",
                            "settings/outbox.html"],
    "mail/_layout.html": ["invoices/mail.html", "quotes/mail.html", "credit_notes/mail.html", "mail/invitation.html"],
    "auth/_page.html": ["auth/login.html", "auth/register.html"],
}


def _layouts_of(name: str) -> list[str]:
    """The chain of templates ``name`` extends, nearest first."""
    chain = []
    while match := EXTENDS.search((TEMPLATES / name).read_text()):
        name = match.group(1)
        chain.append(name)
    return chain


@pytest.mark.parametrize("endpoint", EDITOR_ROUTES)
def test_every_document_editor_route_is_the_shared_editor(app, endpoint):
    assert app.view_functions[endpoint].__module__ == "app.web.document_pages"


@pytest.mark.parametrize("endpoint", ACTION_ROUTES)
def test_the_delete_page_and_the_pdf_are_the_shared_actions(app, endpoint):
    assert app.view_functions[endpoint].__module__ == "app.web.document_actions"


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_each_types_pages_extend_the_shared_layout(layout):
    assert {page: layout in _layouts_of(page) for page in LAYOUTS[layout]} == dict.fromkeys(LAYOUTS[layout], True)


def test_a_public_token_names_its_document_or_is_a_404(app, db, actor, make_invoice):
    from app.public import documents as public_documents

    invoice = make_invoice()
    assert public_documents.by_token(type(invoice), invoice.public_token) is invoice
    for token in ("short", "x" * 43, invoice.public_token + "!"):
        with pytest.raises(NotFound):
            public_documents.by_token(type(invoice), token)
    with transaction():
        lifecycle.delete_invoice(actor, invoice.id)
    with pytest.raises(NotFound):
        public_documents.by_token(type(invoice), invoice.public_token)


def test_a_public_page_is_private_and_a_credit_notes_sends_no_referrer(app):
    from app.public import documents as public_documents

    with app.test_request_context():
        page = public_documents.private("<p>hi</p>", 409)
        more = public_documents.private("<p>hi</p>", more={"Referrer-Policy": "no-referrer"})
    assert page.status_code == 409
    assert (page.headers["Cache-Control"], page.headers["X-Robots-Tag"]) == ("no-store", "noindex, nofollow")
    assert "Referrer-Policy" not in page.headers
    assert (more.headers["Cache-Control"], more.headers["Referrer-Policy"]) == ("no-store", "no-referrer")
