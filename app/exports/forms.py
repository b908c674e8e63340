"""Settings → Export forms (shape only; the export service and the company settings check the values)."""
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import Length

from app import limits
from app.i18n import _l
from app.web import choices

FORMAT_CHOICES = (("csv", _l("CSV (spreadsheets)")), ("xlsx", _l("Excel workbook (XLSX)")),
                  ("datev", _l("DATEV (Buchungsstapel for your tax consultant)")))


class ExportForm(FlaskForm):
    format = SelectField(_l("Format"), choices=choices.as_choices(FORMAT_CHOICES), validate_choice=False)
    # The service names its fields as the API's parameters: "from" and "to".
    start = StringField(_l("First day"), name="from", validators=[Length(max=limits.FORM_WORD)])
    end = StringField(_l("Last day"), name="to", validators=[Length(max=limits.FORM_WORD)])

    def service_data(self) -> dict:
        return {"format": self.format.data or "", "from": self.start.data or "", "to": self.end.data or ""}


class DatevForm(FlaskForm):
    datev_consultant_number = StringField(_l("Consultant number (Beraternummer)"),
                                          validators=[Length(max=limits.FORM_WORD)])
    datev_client_number = StringField(_l("Client number (Mandantennummer)"), validators=[Length(max=limits.FORM_WORD)])

    def service_data(self) -> dict:
        return {field: getattr(self, field).data or "" for field in ("datev_consultant_number", "datev_client_number")}
