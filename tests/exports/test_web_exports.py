"""Settings → Export through the test client: the page and its tab, a download, field errors
beside the fields, DATEV's refusals in the form's message, and the DATEV numbers (admins save
them; a member reads them and is refused)."""
from app.extensions import db
from tests.support.html import field_error, flashes, input_value, text_of


def test_the_page_is_a_settings_tab_with_both_forms(owner, client):
    response = client.get("/settings/export")
    assert response.status_code == 200
    html = text_of(response)
    assert 'href="/settings/export" aria-current="page"' in html
    assert 'name="from"' in html and 'name="to"' in html and 'name="datev_client_number"' in html
    assert "Save DATEV numbers" in html


def test_a_download(books, login, client):
    login(books.actor.user.email)
    response = client.post("/settings/export", data={"format": "csv", "from": "2025-04-01", "to": "2025-04-30"})
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == "attachment; filename=corebill_2025-04-01_2025-04-30.csv"
    assert books.invoice.invoice_number in response.get_data().decode("utf-8-sig")


def test_field_errors_beside_the_fields(owner, client):
    response = client.post("/settings/export", data={"format": "csv", "from": "soon", "to": "2025-01-01"})
    assert response.status_code == 400
    html = text_of(response)
    assert field_error(html, "from") == "Must be a date in the form YYYY-MM-DD."
    response = client.post("/settings/export", data={"format": "csv", "from": "2025-02-01", "to": "2025-01-01"})
    assert field_error(text_of(response), "to") == "Must be on or after the first day (from)."


def test_datev_refusals_are_said_on_the_form(books, login, client):
    login(books.actor.user.email)
    books.mueller = db.session.merge(books.mueller)
    books.mueller.account_number = None
    db.session.flush()
    response = client.post("/settings/export", data={"format": "datev", "from": "2025-04-01", "to": "2025-04-30"})
    assert response.status_code == 400
    assert "Müller GmbH" in text_of(response)


def test_an_admin_saves_the_datev_numbers(owner, client):
    response = client.post("/settings/export/datev", data={"datev_consultant_number": "29098",
                                                           "datev_client_number": "55003"}, follow_redirects=True)
    assert "DATEV numbers saved." in flashes(text_of(response))[0]
    assert input_value(text_of(response), "datev_consultant_number") == "29098"
    assert (owner.company.datev_consultant_number, owner.company.datev_client_number) == (29098, 55003)


def test_datev_numbers_out_of_range_are_field_errors(owner, client):
    response = client.post("/settings/export/datev", data={"datev_consultant_number": "999",
                                                           "datev_client_number": "abc"})
    assert response.status_code == 400
    html = text_of(response)
    assert field_error(html, "datev_consultant_number") == "Must be a whole number from 1001 to 9999999."
    assert field_error(html, "datev_client_number") == "Must be a whole number from 1 to 99999."


def test_a_member_exports_but_cannot_change_the_numbers(actor, member, login, client):
    login(member.user.email)
    html = text_of(client.get("/settings/export"))
    assert "Only an admin can change these numbers." in html and "Save DATEV numbers" not in html
    response = client.post("/settings/export/datev", data={"datev_client_number": "7"}, follow_redirects=True)
    assert "Not allowed" in flashes(text_of(response))[0]
    assert actor.company.datev_client_number is None
    response = client.post("/settings/export", data={"format": "csv", "from": "2025-04-01", "to": "2025-04-30"})
    assert response.status_code == 200 and response.headers["Content-Type"] == "text/csv; charset=utf-8"
    response.get_data()
