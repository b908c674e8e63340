"""Every page of the dashboard and the client's pages, at desktop and phone width: empty and
filled, with form errors, in each invoice state, logged in and anonymous. axe-core must find
no critical and no serious violation; each page is kept as a screenshot; no page may ask for a
resource that is missing (the favicon was); and the lists fit a phone without cutting amounts."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.accessibility import audit, axe_path, describe
from tests.browser.live_server import DESKTOP, PHONE, shot
from tests.browser.steps import fill_row, register

pytestmark = pytest.mark.browser
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}
BOGUS_TOKEN = "x" * 43


@pytest.fixture(scope="module")
def audited_page(open_page):
    """``audited_page(viewport, state)``: a page axe can be injected into (the CSP bypassed),
    logged in when ``state`` is an owner's browser state."""
    return lambda viewport, state=None: open_page(viewport, bypass_csp=True, storage_state=state)


def check_pages(audited_page, states, state=None, prefix=""):
    """Visit each (name, visit) at both widths: screenshot, axe, and missing resources."""
    axe_path()
    found, missing = {}, []
    for width, viewport in WIDTHS.items():
        page = audited_page(viewport, state)
        page.on("response", lambda response: missing.append(f"{response.status} {response.url}")
                if response.status >= 400 and response.request.resource_type != "document" else None)
        for name, visit in states:
            visit(page)
            shot(page, f"{prefix}{name}-{width}")
            violations = audit(page)
            if violations:
                found[f"{name} ({width})"] = violations
        page.context.close()
    assert not found, "axe found critical or serious violations:\n" + describe(found)
    assert not missing, missing


def goto(path: str):
    return lambda page: page.goto(path)


def submit_form(path: str, button: str, fields: dict | None = None):
    def visit(page):
        page.goto(path)
        for selector, value in (fields or {}).items():
            page.fill(selector, value)
        page.click(f"main button:has-text('{button}')")
        expect(page.locator(".field-error, .flash-error").first).to_be_visible()
    return visit


@pytest.fixture(scope="module")
def owner(audited_page):
    """A registered owner's browser state (cookies), with no customers or invoices yet."""
    page = audited_page(DESKTOP)
    register(page, "Ada Owner", "owner@a11y.example", "Ada's Workshop")
    state = page.context.storage_state()
    page.context.close()
    return state


def new_invoice(page, customer_id: str, items, send: bool = True) -> str:
    page.goto(f"/invoices/new?customer={customer_id}")
    for row, item in enumerate(items):
        if row:
            page.click("button[data-row-action=add]")
        fill_row(page, row, *item)
    page.click("button:has-text('Save draft')")
    expect(page.locator(".flash-success")).to_contain_text("saved as a draft")
    if send:
        page.click("button:has-text('Send invoice')")
        expect(page.locator("h1 .badge")).to_have_text("Sent")
    return re.sub(r"^https?://[^/]+", "", page.url)


def pay(page, invoice: str, amount: str) -> None:
    page.goto(invoice + "/payment")
    page.fill("#amount", amount)
    page.click("main button:has-text('Record payment')")
    expect(page.locator(".flash-success")).to_be_visible()


@pytest.fixture(scope="module")
def world(audited_page, owner):
    """One customer with a draft, a partly paid, a paid and a cancelled invoice; an outbox."""
    page = audited_page(DESKTOP, owner)
    page.goto("/customers/new")
    page.fill("#name", "Corner Café & Bakery Supplies Ltd")
    page.fill("#contact_email", "accounts@cornercafe.example")
    page.select_option("#country", "US")
    page.fill("#city", "Portland")
    page.click("button:has-text('Add customer')")
    customer = re.sub(r"^https?://[^/]+", "", page.url)
    customer_id = customer.rsplit("/", 1)[1]
    partial = new_invoice(page, customer_id, [("Catering", "12", "1400"), ("Delivery", "1", "45.5")])
    pay(page, partial, "100")
    paid = new_invoice(page, customer_id, [("Wedding cake", "1", "16845.75")])
    pay(page, paid, "16845.75")
    cancelled = new_invoice(page, customer_id, [("Cancelled order", "3", "12")])
    page.goto(cancelled + "/cancel")
    page.fill("#reason", "Ordered twice")
    page.click("main button:has-text('Cancel invoice')")
    expect(page.locator("h1 .badge")).to_have_text("Cancelled")
    public = {}
    for name, invoice in (("paid", paid), ("partial", partial), ("cancelled", cancelled)):
        page.goto(invoice)
        public[name] = page.locator("#public-link").input_value()
    draft = new_invoice(page, customer_id, [("Draft work", "2", "30")], send=False)
    page.goto("/settings/outbox")
    message = page.locator("table.data tbody tr a").first.get_attribute("href")
    page.context.close()
    return {"customer": customer, "customer_id": customer_id, "partial": partial, "paid": paid,
            "cancelled": cancelled, "draft": draft, "public": public, "message": message}


def test_anonymous_pages(audited_page):
    check_pages(audited_page, [
        ("login", goto("/login")),
        ("login-errors", submit_form("/login", "Log in")),
        ("register", goto("/register")),
        ("register-errors", submit_form("/register", "Create account",
                                        {"#email": "not an email", "#password": "short"})),
        ("not-found", goto("/no-such-page")),
        ("public-not-found", goto(f"/i/{BOGUS_TOKEN}")),
    ])


def test_empty_account_pages(audited_page, owner):
    check_pages(audited_page, [
        ("overview-empty", goto("/")),
        ("customers-empty", goto("/customers")),
        ("invoices-empty", goto("/invoices")),
        ("invoice-new-no-customers", goto("/invoices/new")),
        ("customer-new", goto("/customers/new")),
        ("customer-new-errors", submit_form("/customers/new", "Add customer")),
        ("settings-company", goto("/settings")),
        ("settings-developers", goto("/settings/developers")),
        ("settings-members", goto("/settings/members")),
        ("outbox-empty", goto("/settings/outbox")),
    ], state=owner)


def fill_new_invoice(world):
    def visit(page):
        page.goto(f"/invoices/new?customer={world['customer_id']}")
        page.fill("#tax_rate", "8.5")
        fill_row(page, 0, "Sourdough loaves", "40", "4.25")
        page.click("button[data-row-action=add]")
        fill_row(page, 1, "Croissants", "120", "1.8")
        expect(page.locator("#totals [data-total=total]")).to_have_text("$418.81")
    return visit


def create_key(page):
    page.goto("/settings/developers")
    page.fill("#name", "Accounting sync")
    page.click("main button:has-text('Create API key')")
    expect(page.locator(".key-reveal")).to_be_visible()


def invite_member(page):
    page.goto("/settings/members")
    page.fill("#email", "nobody@nowhere.example")
    page.click("main button:has-text('Send invitation')")
    expect(page.locator(".flash-success").first).to_be_visible()


def test_pages_with_data(audited_page, owner, world):
    invoice_errors = submit_form(f"/invoices/new?customer={world['customer_id']}", "Save draft", {
        "[name='items-0-item_name']": "Cake", "[name='items-0-quantity']": "many",
        "[name='items-0-unit_price']": "-3"})
    check_pages(audited_page, [
        ("overview", goto("/")),
        ("customers", goto("/customers")),
        ("customer", goto(world["customer"])),
        ("customer-edit", goto(world["customer"] + "/edit")),
        ("customer-delete", goto(world["customer"] + "/delete")),
        ("invoices", goto("/invoices")),
        ("invoice-new-errors", invoice_errors),
        ("invoice-new-filled", fill_new_invoice(world)),
        ("invoice-draft", goto(world["draft"])),
        ("invoice-edit", goto(world["draft"] + "/edit")),
        ("invoice-partial", goto(world["partial"])),
        ("invoice-paid", goto(world["paid"])),
        ("invoice-cancelled", goto(world["cancelled"])),
        ("invoice-payment", goto(world["partial"] + "/payment")),
        ("invoice-payment-errors", submit_form(world["partial"] + "/payment", "Record payment", {"#amount": "0"})),
        ("invoice-cancel", goto(world["partial"] + "/cancel")),
        ("invoice-refund", goto(world["paid"] + "/refund")),
        ("invoice-delete", goto(world["draft"] + "/delete")),
        ("invoices-deleted", goto("/invoices/deleted")),
        ("credit-note-new", goto(world["partial"] + "/credit_note")),
        ("credit-note-new-errors", submit_form(world["partial"] + "/credit_note", "Issue credit note",
                                               {"#amount": "99999999"})),
        ("credit-notes", goto("/credit_notes")),
        ("settings-developers-new-key", create_key),
        ("settings-members-errors", submit_form("/settings/members", "Send invitation", {"#email": "nobody@"})),
        ("settings-members-invited", invite_member),
        ("settings-members-leave", goto("/settings/members/leave")),
        ("company-new", goto("/companies/new")),
        ("outbox", goto("/settings/outbox")),
        ("outbox-message", goto(world["message"])),
        ("not-found-logged-in", goto("/invoices/inv_doesnotexist")),
    ], state=owner)


def test_client_pages(audited_page, world):
    check_pages(audited_page, [
        ("public-invoice", goto(world["public"]["partial"])),
        ("public-invoice-paid", goto(world["public"]["paid"])),
        ("public-invoice-cancelled", goto(world["public"]["cancelled"])),
    ])


AMOUNT_CELLS_FIT = """() => [...document.querySelectorAll("table.data td.num")]
  .filter(cell => cell.offsetWidth > 0)
  .map(cell => {
    const wrap = cell.closest(".table-wrap") || document.documentElement;
    const box = cell.getBoundingClientRect(), frame = wrap.getBoundingClientRect();
    return {text: cell.innerText, right: Math.round(box.right), frame: Math.round(frame.right),
            cut: cell.scrollWidth > cell.clientWidth || box.right > frame.right + 0.5
                 || box.right > window.innerWidth || wrap.scrollWidth > wrap.clientWidth};
  })"""


@pytest.mark.parametrize("path", ["/invoices", "/customers", "/"])
def test_lists_show_whole_amounts_on_a_phone(audited_page, owner, world, path):
    """At 390 px every amount in a list is shown whole, inside the screen, without scrolling."""
    page = audited_page(PHONE, owner)
    page.goto(path)
    cells = page.evaluate(AMOUNT_CELLS_FIT)
    shot(page, "list-" + (path.strip("/") or "overview") + "-fit-phone")
    page.context.close()
    if path == "/invoices":
        assert any("16,845.75" in cell["text"] or "16,745.50" in cell["text"] for cell in cells), cells
    assert not [cell for cell in cells if cell["cut"]], cells


def test_outbox_message_offers_the_attached_pdf(audited_page, owner, world):
    page = audited_page(DESKTOP, owner)
    page.goto(world["message"])
    with page.expect_download() as download:
        page.click("main a[download]")
    assert re.fullmatch(r"INV-[0-9-]+\.pdf", download.value.suggested_filename)
    with open(download.value.path(), "rb") as stream:
        assert stream.read(5) == b"%PDF-"
    page.context.close()
