"""axe-core over every page of the url_map (tests/page_walk.py) in every state, at 1280 and
390 px: the client's and the log-in pages anonymously, each list empty (a company with
nothing), each page with data (an invoice in each state, a quote, a credit note, a recurring
invoice, a customer, tax rates, an outbox message), each form posted with errors and some
posted successfully (the flash). No critical or serious violation; checkboxes and radios keep
their size and a command to copy (textarea[readonly]) is shown whole across its card; on a
phone no page is wider than the screen and every link of the main navigation is on screen.
One browser, one context per width, logged in and out in turn."""
import time

import pytest
from playwright.sync_api import expect

from app.rendering import mail
from tests.browser.accessibility import audit, axe_path, describe
from tests.browser.live_server import DESKTOP, PHONE
from tests.page_walk import (
    EMPTY_EMAIL,
    ERRORS,
    NOT_FOUND,
    OWNER_EMAIL,
    PASSWORD,
    SAVED,
    build_data,
    pages,
    unlisted_forms,
)

pytestmark = pytest.mark.browser
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}
MAX_CHECKBOX = 24
# A value set as a hostile post would send it (past maxlength), then the input event the
# editor's live totals listen to.
SET_VALUE = """(field, value) => {
  // A select given a value it does not offer posts it anyway, as a tampered form would.
  if (field.tagName === "SELECT" && ![...field.options].some(option => option.value === value)) {
    field.add(new Option(value, value));
  }
  field.value = value;
  field.dispatchEvent(new Event("input", {bubbles: true}));
  field.dispatchEvent(new Event("change", {bubbles: true}));
}"""
LAYOUT = """() => {
  window.scrollTo(0, 0);
  const shown = element => element.getClientRects().length > 0 && getComputedStyle(element).visibility !== "hidden";
  const boxes = [...document.querySelectorAll("input[type=checkbox], input[type=radio]")].filter(shown)
    .map(box => ({name: box.name || box.id, width: Math.round(box.getBoundingClientRect().width)}));
  const links = [...document.querySelectorAll("nav[aria-label=Main] a")].map(link => {
    const box = link.getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return {text: link.innerText, on_screen: box.width > 0 && box.left >= 0 && box.right <= innerWidth
            && (hit === link || link.contains(hit))};
  });
  const blocks = [...document.querySelectorAll("textarea[readonly]")].filter(shown).map(block => ({
    id: block.id, width: block.offsetWidth, room: block.parentElement.clientWidth,
    cut: block.scrollHeight > block.clientHeight + 2 || block.scrollWidth > block.clientWidth + 2}));
  return {width: document.documentElement.scrollWidth, boxes, links, blocks};
}"""


@pytest.fixture(scope="module")
def walk(live_server):
    with live_server.app.app_context():
        data = build_data(mail.deliver_invoice)
        return pages(live_server.app, data)


class Walker:
    """One width's page: visits states and keeps what went wrong."""

    def __init__(self, page, width: str):
        self.page, self.width = page, width
        self.states, self.violations, self.problems, self.timings = 0, {}, [], []
        self.answered: dict[str, str] = {}  # state name -> the path that showed it
        page.on("response", lambda response: self.problems.append(f"{response.status} {response.url}")
                if response.status >= 400 and response.request.resource_type != "document" else None)

    def check(self, name: str) -> None:
        self.states += 1
        started = time.monotonic()
        found = audit(self.page)
        if found:
            self.violations[f"{name} ({self.width})"] = found
        self.timings.append((time.monotonic() - started, name))
        layout = self.page.evaluate(LAYOUT)
        self.problems += [f"{name} ({self.width}): {box['name']} is {box['width']} px wide" for box in layout["boxes"]
                          if box["width"] > MAX_CHECKBOX]
        self.problems += [f"{name} ({self.width}): #{block['id']} is {block['width']} of {block['room']} px wide or cut"
                          for block in layout["blocks"] if block["cut"] or block["width"] < .9 * block["room"]]
        if self.width == "phone":
            if layout["width"] > PHONE["width"]:
                self.problems.append(f"{name}: the page is {layout['width']} px wide")
            self.problems += [f"{name}: nav link {link['text']!r} is off screen" for link in layout["links"]
                              if not link["on_screen"]]

    def visit(self, endpoint: str, name: str, path: str, *, any_answer: bool = False) -> None:
        response = self.page.goto(path)
        shown = self.page.url.split("?")[0].endswith(path.split("?")[0])
        if not any_answer and (response.status != 200 or not shown):
            return  # the page refuses this object (a paid invoice cannot be edited): not a state
        self.answered[name] = path
        self.check(name)

    def post(self, endpoint: str, form, name: str, outcome: str, width_value: str) -> None:
        path = self.answered.get(endpoint, self.answered.get(f"{endpoint}[{form.at}]"))
        if path is None:
            self.problems.append(f"{name}: the page of {endpoint} did not answer")
            return
        page = self.page
        page.goto(path)
        first = next(iter(form.fields), None)
        scope = page.locator(f'main form:has([name="{first}"])' if first else "main form:has(button.primary)").first
        for field, value in form.fields.items():
            scope.locator(f'[name="{field}"]').first.evaluate(SET_VALUE, value.format(w=width_value))
        buttons = scope.locator("button[type=submit]:not([name=row_action])")
        (buttons.filter(has_text=form.button) if form.button else buttons).first.click()
        try:
            expect(page.locator(outcome).first).to_be_visible()
        except AssertionError:
            self.problems.append(f"{name}: no {outcome} after the post")
            return
        self.check(name)


def log_in(page, email: str) -> None:
    page.goto("/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("main button:has-text('Log in')")
    expect(page.locator("nav[aria-label=Main]")).to_be_visible()


def log_out(page) -> None:
    page.click(".nav-footer button:has-text('Log out')")
    expect(page.locator("nav[aria-label=Main]")).to_have_count(0)


def walk_width(walker: Walker, walk) -> None:
    page, anonymous = walker.page, lambda endpoint: endpoint.startswith(("public.", "auth."))
    for name, path in NOT_FOUND:
        walker.visit(name, name, path, any_answer=True)
    for endpoint, name, path in walk:
        if anonymous(endpoint):
            walker.visit(endpoint, name, path)
    for endpoint, form in ERRORS.items():
        if endpoint.startswith("auth."):
            walker.post(endpoint, form, endpoint + " errors", ".field-error, .flash-error", walker.width)
    log_in(page, EMPTY_EMAIL)
    for endpoint, name, path in walk:
        if "[" not in name and not anonymous(endpoint):
            walker.visit(endpoint, name + " empty", path)
    log_out(page)
    log_in(page, OWNER_EMAIL)
    for endpoint, name, path in walk:
        if not anonymous(endpoint):
            walker.visit(endpoint, name, path)
    walker.visit("not-found-logged-in", "not-found-logged-in", "/invoices/inv_doesnotexist", any_answer=True)
    for endpoint, form in ERRORS.items():
        if not endpoint.startswith("auth."):
            walker.post(endpoint, form, endpoint + " errors", ".field-error, .flash-error", walker.width)
    for endpoint, form in SAVED.items():
        walker.post(endpoint, form, endpoint + " saved", ".flash-success, .key-reveal", walker.width)
    log_out(page)


def test_every_page_state_at_both_widths(chromium, live_server, walk, figure):
    axe_path()
    assert not unlisted_forms(live_server.app), "forms the walk does not post with errors (tests/page_walk.py)"
    walkers = []
    for width, viewport in WIDTHS.items():
        context = chromium.new_context(viewport=viewport, base_url=live_server.url, bypass_csp=True)
        page = context.new_page()
        page.set_default_timeout(15000)
        walker = Walker(page, width)
        started = time.monotonic()
        walk_width(walker, walk)
        print(f"{width}: {walker.states} states in {time.monotonic() - started:.0f} s, "
              f"checks {sum(t for t, _ in walker.timings):.0f} s; slowest {sorted(walker.timings)[-3:]}")
        context.close()
        walkers.append(walker)
    violations = {name: found for walker in walkers for name, found in walker.violations.items()}
    impacts = [violation["impact"] for found in violations.values() for violation in found]
    states = walkers[0].states
    figure("axe", f"{states} page states × 2 widths, {impacts.count('critical')} critical, "
                  f"{impacts.count('serious')} serious")
    assert walkers[1].states == states, (states, walkers[1].states)
    assert states > 60, states
    assert not violations, "axe found critical or serious violations:\n" + describe(violations)
    problems = [problem for walker in walkers for problem in walker.problems]
    assert not problems, "\n".join(problems)
