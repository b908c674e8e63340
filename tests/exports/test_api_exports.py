"""GET /v1/exports: each format streamed with its media type and file name, 400 for bad input
(never a 500), members may export, another company's key never sees a row, and the OpenAPI
document describes it."""
import io

from openpyxl import load_workbook

from app.api.openapi import spec
from tests.exports.helpers import APRIL


def test_each_format_downloads_as_a_file(books, api_for):
    api = api_for(books.actor)
    expected = {"csv": ("text/csv; charset=utf-8", "corebill_2025-04-01_2025-04-30.csv"),
                "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                         "corebill_2025-04-01_2025-04-30.xlsx"),
                "datev": ("text/csv; charset=windows-1252", "EXTF_Buchungsstapel_2025-04-01_2025-04-30.csv")}
    for fmt, (media, filename) in expected.items():
        response = api.get("/v1/exports", format=fmt, **APRIL)
        assert response.status_code == 200, response.get_data()
        response.get_data()  # streamed: read to the end (which closes the request's context)
        assert response.headers["Content-Type"] == media
        assert response.headers["Content-Disposition"] == f"attachment; filename={filename}"
        assert response.headers["Cache-Control"] == "private, no-store"
    csv_text = api.get("/v1/exports", format="csv", **APRIL).get_data().decode("utf-8-sig")
    assert books.invoice.invoice_number in csv_text and books.draft.invoice_number not in csv_text
    sheet = load_workbook(io.BytesIO(api.get("/v1/exports", format="xlsx", **APRIL).get_data())).active
    assert sheet.max_row == 7  # the header and six rows
    assert api.get("/v1/exports", format="datev", **APRIL).get_data().startswith(b'"EXTF";700;21;"Buchungsstapel"')


def test_bad_input_is_a_400_naming_the_parameter(api):
    cases = [({"format": "pdf", "from": "2025-01-01", "to": "2025-01-31"}, "format"),
             ({"format": "csv", "from": "01.01.2025", "to": "2025-01-31"}, "from"),
             ({"format": "csv", "from": "2025-01-01"}, "to"),
             ({"format": "csv", "from": "2025-02-01", "to": "2025-01-01"}, "to"),
             ({"from": "2025-01-01", "to": "2025-01-31"}, "format"),
             ({"format": "csv", "from": "2025-01-01\x00", "to": "2025-01-31"}, "from")]
    for params, param in cases:
        response = api.get("/v1/exports", **params)
        assert response.status_code == 400, (params, response.get_data())
        assert response.get_json()["error"]["param"] == param, params


def test_datev_without_the_numbers_is_a_400_before_any_byte(api):
    response = api.get("/v1/exports", format="datev", **APRIL)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["param"] == "datev_consultant_number" and "Settings → Export" in error["message"]


def test_members_may_export(books, make_account, api_for):
    from tests.support.members import join
    member = join(books.actor, make_account(email="mo@example.com", company="Mo's").user, "member")
    response = api_for(member).get("/v1/exports", format="csv", **APRIL)
    assert response.status_code == 200 and books.invoice.id in response.get_data(as_text=True)


def test_another_companys_key_never_sees_a_row(books, make_account, api_for):
    stranger = make_account(email="stranger@example.com", company="Stranger")
    response = api_for(stranger).get("/v1/exports", format="csv", **APRIL)
    assert response.status_code == 200
    assert response.get_data().decode("utf-8-sig").count("\r\n") == 1  # the header only
    other_company = api_for(stranger).get("/v1/exports", format="csv", company_id=books.actor.company.id, **APRIL)
    assert other_company.status_code == 404


def test_the_openapi_document_describes_the_export():
    operation = spec()["paths"]["/v1/exports"]["get"]
    assert operation["operationId"] == "downloadExport"
    assert {parameter["name"] for parameter in operation["parameters"]} == {"company_id", "format", "from", "to"}
    assert set(operation["responses"]["200"]["content"]) == {
        "text/csv; charset=utf-8", "text/csv; charset=windows-1252",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
