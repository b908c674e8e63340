"""Settings → Taxes through the test client: add, errors beside fields, edit, archive and
restore, members read only, another company's rate is a 404."""
from decimal import Decimal as D

from app.extensions import db
from app.models import TaxRate
from app.services import tax_rates, transaction
from tests.support.html import field_error, flashes, input_value, text_of


def make_rate(actor, **data):
    with transaction():
        return tax_rates.create_tax_rate(actor, {"name": "VAT", "percentage": "19", **data})


def test_admin_adds_rates_and_sees_them_listed(client, owner):
    page = text_of(client.get("/settings/taxes"))
    assert 'aria-current="page">Taxes</a>' in page and "No tax rates yet." in page
    response = client.post("/settings/taxes", data={"name": "QST", "percentage": "9.975", "category": "S"})
    assert response.status_code == 302
    rate = db.session.query(TaxRate).one()
    assert (rate.name, rate.percentage, rate.category, rate.company_pk) == ("QST", D("9.975"), "S", owner.company.pk)
    page = text_of(client.get("/settings/taxes"))
    assert "Tax rate “QST” added." in " ".join(flashes(page))
    assert "9.975 %" in page and f'/settings/taxes/{rate.id}"' in page


def test_errors_beside_fields_and_nothing_saved(client, owner):
    response = client.post("/settings/taxes", data={"name": "", "percentage": "101", "category": "E"})
    html = text_of(response)
    assert response.status_code == 400
    assert field_error(html, "name") == "This field is required."
    assert field_error(html, "percentage") == "Must be at most 100."
    response = client.post("/settings/taxes", data={"name": "Exempt", "percentage": "0", "category": "E"})
    html = text_of(response)
    assert response.status_code == 400 and "Required for category E" in field_error(html, "exemption_reason")
    assert input_value(html, "name") == "Exempt"
    assert db.session.query(TaxRate).count() == 0


def test_edit_archive_restore(client, owner):
    rate = make_rate(owner)
    html = text_of(client.get(f"/settings/taxes/{rate.id}"))
    assert input_value(html, "percentage") == "19" and input_value(html, "name") == "VAT"
    response = client.post(f"/settings/taxes/{rate.id}", data={"name": "VAT reduced", "percentage": "7",
                                                               "category": "S", "exemption_reason": ""})
    assert response.status_code == 302
    db.session.refresh(rate)
    assert (rate.name, rate.percentage) == ("VAT reduced", D(7))
    bad = client.post(f"/settings/taxes/{rate.id}", data={"name": "VAT", "percentage": "x", "category": "S"})
    assert bad.status_code == 400 and field_error(text_of(bad), "percentage") == "Must be a number."
    db.session.refresh(rate)
    assert rate.name == "VAT reduced"
    # a post without some fields keeps their stored values (it once was a 500: a Decimal in a text field)
    assert client.post(f"/settings/taxes/{rate.id}", data={"name": "VAT reduced 2"}).status_code == 302
    db.session.refresh(rate)
    assert (rate.name, rate.percentage, rate.category) == ("VAT reduced 2", D(7), "S")
    assert client.post(f"/settings/taxes/{rate.id}/archive").status_code == 302
    db.session.refresh(rate)
    assert rate.active is False
    page = text_of(client.get("/settings/taxes"))
    assert "archived" in page and "Restore" in page
    client.post(f"/settings/taxes/{rate.id}/restore")
    db.session.refresh(rate)
    assert rate.active is True
    assert client.post(f"/settings/taxes/{rate.id}/delete").status_code in (404, 405)


def test_member_reads_but_cannot_change(client, actor, member_of, login):
    rate = make_rate(actor)
    member = member_of(actor.company)
    login(member.user.email)
    page = text_of(client.get("/settings/taxes"))
    assert "VAT" in page and "Only an admin can add or change tax rates." in page and "Archive" not in page
    assert client.get(f"/settings/taxes/{rate.id}").status_code == 200
    client.post("/settings/taxes", data={"name": "GST", "percentage": "5", "category": "S"})
    client.post(f"/settings/taxes/{rate.id}", data={"name": "Hacked", "percentage": "1", "category": "S"})
    response = client.post(f"/settings/taxes/{rate.id}/archive", follow_redirects=True)
    assert "Only an admin of this company may manage tax rates." in " ".join(flashes(text_of(response)))
    db.session.refresh(rate)
    assert (rate.name, rate.active, db.session.query(TaxRate).count()) == ("VAT", True, 1)


def test_another_companys_rate_is_a_404(client, owner, make_account):
    other = make_account(company="Other GmbH")
    theirs = make_rate(other, name="MwSt")
    assert client.get(f"/settings/taxes/{theirs.id}").status_code == 404
    assert client.post(f"/settings/taxes/{theirs.id}", data={"name": "x", "percentage": "1"}).status_code == 404
    assert client.post(f"/settings/taxes/{theirs.id}/archive").status_code == 404
    assert "MwSt" not in text_of(client.get("/settings/taxes"))
    db.session.refresh(theirs)
    assert (theirs.name, theirs.active) == ("MwSt", True)
    assert client.get("/settings/taxes/txr_%00").status_code == 404
