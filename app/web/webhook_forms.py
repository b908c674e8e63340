"""Settings → Webhooks forms (shape only; the endpoints service checks the URL and the events)."""
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectMultipleField, StringField, URLField
from wtforms.validators import Length

from app import limits
from app.i18n import _, _l
from app.web.choices import as_choices
from app.webhooks import ALL_EVENTS, EVENT_TYPES

# The event types in groups, each under a heading (the types themselves are the API's words).
GROUPS = (
    (_l("Customers"), ("customer",)),
    (_l("Invoices"), ("invoice",)),
    (_l("Payments, refunds and credit notes"), ("payment", "refund", "credit_note")),
    (_l("Quotes"), ("quote",)),
    (_l("Recurring invoices"), ("recurring_invoice",)),
)
ALL, SOME = "all", "some"


def event_groups() -> list[tuple[str, list[str]]]:
    """(heading, event types) for each group, in EVENT_TYPES's order; a type of an object no group
    names joins the last group (tests/web/test_web_webhooks.py checks each type has its place)."""
    named = {obj for _, objects in GROUPS for obj in objects}
    return [(str(label), [found for found in EVENT_TYPES if found.split(".")[0] in objects
                          or (index == len(GROUPS) - 1 and found.split(".")[0] not in named)])
            for index, (label, objects) in enumerate(GROUPS)]


class WebhookEndpointForm(FlaskForm):
    url = URLField(_l("Endpoint URL"), validators=[Length(max=limits.WEBHOOK_URL)])
    description = StringField(_l("Description"), validators=[Length(max=limits.WEBHOOK_DESCRIPTION)])
    scope = RadioField(_l("Events to send"), default=ALL, validate_choice=False, choices=as_choices(
        [(ALL, _l("All events, including types added later")), (SOME, _l("Only the events chosen below"))]))
    events = SelectMultipleField(_l("Event types"), validate_choice=False,
                                 choices=as_choices([(found, found) for found in EVENT_TYPES]))

    @classmethod
    def of(cls, endpoint, **kwargs) -> "WebhookEndpointForm":
        """The form of a stored endpoint (what a post leaves out keeps the stored value)."""
        chosen = list(endpoint.enabled_events or [])
        every = ALL_EVENTS in chosen
        return cls(data={"url": endpoint.url, "description": endpoint.description or "",
                         "scope": ALL if every else SOME, "events": [] if every else chosen}, **kwargs)

    def chosen(self) -> set[str]:
        return {str(found) for found in (self.events.data or [])}

    def service_data(self) -> dict:
        """The endpoint's fields as the service takes them; "Only the events chosen below" with
        none chosen is refused here, beside the list (the service's word for it is the API's)."""
        data = {"url": self.url.data or "", "description": self.description.data or ""}
        if self.scope.data == SOME:
            data["enabled_events"] = [str(found) for found in self.events.data or []]
        else:
            data["enabled_events"] = [ALL_EVENTS]
        return data

    def check_events(self) -> bool:
        """Whether the choice of events makes sense (else an error beside it)."""
        if self.scope.data not in (ALL, SOME):
            self.scope.errors = list(self.scope.errors) + [_("Choose all events or the events below.")]
            return False
        if self.scope.data == SOME and not self.events.data:
            self.events.errors = list(self.events.errors) + [_("Choose at least one event type, or all events.")]
            return False
        return True
