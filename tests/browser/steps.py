"""Steps several browser tests take: register an owner with their company, fill an item row
of the document editor."""
from __future__ import annotations

from playwright.sync_api import expect

PASSWORD = "a long enough password"


def register(page, name: str, email: str, company: str, password: str = PASSWORD) -> None:
    """A new owner and their company, through /register; ends on the overview."""
    page.goto("/register")
    page.fill("#name", name)
    page.fill("#email", email)
    page.fill("#password", password)
    page.fill("#company_name", company)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("Overview")


def fill_row(page, row: int, name: str, quantity: str, unit_price: str) -> None:
    page.fill(f"[name='items-{row}-item_name']", name)
    page.fill(f"[name='items-{row}-quantity']", quantity)
    page.fill(f"[name='items-{row}-unit_price']", unit_price)
