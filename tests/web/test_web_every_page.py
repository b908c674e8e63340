"""No page renders Python's None: every page of the url_map (tests/page_walk.py), empty and
with data, and every form posted with errors, is free of attributes such as
aria-invalid="None", rows="None" or placeholder="None" (Settings → Reminders had them)."""
import re

from app.rendering import mail
from tests.page_walk import EMPTY_EMAIL, ERRORS, NOT_FOUND, OWNER_EMAIL, PASSWORD, build_data, pages, unlisted_forms

NONE_SHOWN = re.compile(r'="None"|>\s*None\s*</(?:textarea|option|label|button|td|th|p|dd|span)>')


def _nones(html: str) -> list[str]:
    return [html[max(0, m.start() - 80):m.end() + 20] for m in NONE_SHOWN.finditer(html)]


def _visit(client, found, name, response):
    assert response.status_code < 500, (name, response.status_code)
    if response.mimetype == "text/html":
        nones = _nones(response.get_data(as_text=True))
        if nones:
            found[name] = nones


def _login(client, email):
    client.post("/logout")
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)


def test_no_page_in_any_state_renders_none(app, client):
    assert not unlisted_forms(app), "forms the page walk does not post with errors (tests/page_walk.py)"
    data = build_data(mail.deliver_invoice)
    walk = pages(app, data)
    found, visited = {}, 0
    for name, path in NOT_FOUND:
        _visit(client, found, name, client.get(path))
    for endpoint, name, path in walk:  # anonymous: the client's pages and the log-in pages
        if endpoint.startswith(("public.", "auth.")):
            _visit(client, found, name, client.get(path))
    for endpoint, form in ERRORS.items():
        if endpoint.startswith("auth."):
            _visit(client, found, endpoint + " errors", client.post(path_of(walk, endpoint), data=form.fields))
    _login(client, EMPTY_EMAIL)
    for endpoint, name, path in walk:
        if "[" not in name and not endpoint.startswith("auth."):
            _visit(client, found, name + " empty", client.get(path))
    _login(client, OWNER_EMAIL)
    for endpoint, name, path in walk:
        if not endpoint.startswith("auth."):
            _visit(client, found, name, client.get(path))
            visited += 1
            if endpoint in ERRORS:
                _visit(client, found, name + " errors", client.post(path, data=ERRORS[endpoint].fields))
    assert visited > 40, visited
    assert not found, found


def path_of(walk, endpoint: str) -> str:
    return next(path for known, _, path in walk if known == endpoint)
