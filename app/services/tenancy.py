"""The one place that scopes queries to the current company, and who is acting."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from app import document_types
from app.extensions import db
from app.i18n import _, _l, noun
from app.models import ApiKey, Company, Membership, User
from app.services import permissions
from app.services.errors import NotFound

# How a missing object is named; a document type's is its descriptor's (app/document_types.py).
NOUNS = {"Customer": _l("customer"), "TaxRate": _l("tax rate"), "BankAccount": _l("bank account"),
         "Invitation": _l("invitation"), "WebhookEndpoint": _l("webhook endpoint"), "Event": _l("event")}


@dataclass(frozen=True)
class Actor:
    """Someone acting on one company: a member (through the dashboard or an API key),
    a public visitor of an invoice link, or the system (CLI, scheduled jobs)."""
    company: Company
    role: str
    user: User | None = None
    api_key: ApiKey | None = None

    @property
    def kind(self) -> str:
        if self.api_key is not None:
            return "api_key"
        if self.user is not None:
            return "user"
        return self.role  # "public" or "system"

    def may(self, action: str) -> bool:
        """Whether this role may take the company-wide ``action`` (the permissions table; the
        pages show its controls only then)."""
        return permissions.may(self.role, action)

    def require(self, action: str) -> None:
        """Forbidden unless this role may take ``action`` (the services' refusal)."""
        permissions.require(self.role, action)

    @classmethod
    def public(cls, company: Company) -> "Actor":
        return cls(company=company, role=permissions.PUBLIC)

    @classmethod
    def system(cls, company: Company) -> "Actor":
        return cls(company=company, role=permissions.SYSTEM)


def actor_for(user: User, company_id: str | None, api_key: ApiKey | None = None) -> Actor:
    """The user's actor in ``company_id``; a company they do not belong to is missing."""
    if not isinstance(company_id, str) or not company_id:
        raise NotFound(_("No such company."), param="company_id")
    row = db.session.execute(
        select(Membership, Company).join(Company, Membership.company_pk == Company.pk)
        .where(Membership.user_pk == user.pk, Company.id == company_id)
    ).first()
    if row is None:
        raise NotFound(_("No such company: '%(id)s'.", id=company_id), param="company_id")
    membership, company = row
    return Actor(company=company, role=membership.role, user=user, api_key=api_key)


def companies_of(user: User) -> list[tuple[Company, str]]:
    rows = db.session.execute(
        select(Company, Membership.role).join(Membership, Membership.company_pk == Company.pk)
        .where(Membership.user_pk == user.pk).order_by(Company.name, Company.pk)
    ).all()
    return [(company, role) for company, role in rows]


def landing_company(user: User) -> Company | None:
    """Where the user's session starts (login, or a session whose company is gone): the company
    they last used while they still belong to it, else their oldest membership; None without one."""
    query = (select(Company).join(Membership, Membership.company_pk == Company.pk)
             .where(Membership.user_pk == user.pk))
    if user.last_company_pk is not None:
        last = db.session.scalars(query.where(Company.pk == user.last_company_pk)).first()
        if last is not None:
            return last
    return db.session.scalars(query.order_by(Membership.pk)).first()


def scoped(model, company: Company, *, include_deleted: bool = False):
    """``SELECT model`` limited to ``company`` (and to live rows unless asked)."""
    query = select(model).where(model.company_pk == company.pk)
    if not include_deleted and hasattr(model, "deleted_at"):
        query = query.where(model.deleted_at.is_(None))
    return query


def scoped_update(model, company: Company):
    """``UPDATE model`` limited to ``company``'s rows (deleted ones too: an update that detaches
    or renames must reach them all)."""
    return update(model).where(model.company_pk == company.pk)


def of_companies(model, condition):
    """A filter: ``model``'s rows of every company meeting ``condition`` (due work the system
    does for all companies at once, e.g. the Checkout Sessions of every connected company)."""
    return model.company_pk.in_(select(Company.pk).where(condition))


def same_company(model, other):
    """A join condition: ``model``'s row belongs to the company of ``other``'s row."""
    return model.company_pk == other.company_pk


def can_be_id(value: object) -> bool:
    """Whether ``value`` could be a stored id: a non-empty string without NUL (which no id holds,
    and which PostgreSQL cannot even compare)."""
    return isinstance(value, str) and bool(value) and "\x00" not in value


def find(model, company: Company, public_id: object, *, for_update: bool = False):
    """One live object of ``company`` by its prefixed id, or None (for any input)."""
    if not can_be_id(public_id):
        return None
    query = scoped(model, company).where(model.id == public_id)
    if for_update:
        query = query.with_for_update()
    return db.session.scalars(query).first()


def get(model, company: Company, public_id: object, *, for_update: bool = False):
    """One live object of ``company`` by its prefixed id, else :class:`NotFound`.

    Another company's object is indistinguishable from a missing one."""
    found = find(model, company, public_id, for_update=for_update)
    if found is None:
        noun = noun_of(model)
        raise NotFound(_("No such %(noun)s: '%(id)s'.", noun=noun, id=public_id) if can_be_id(public_id)
                       else _("No such %(noun)s.", noun=noun), param="id")  # no text that names nothing
    return found


def noun_of(model) -> str:
    """How a message names an object of ``model`` ("No such credit note")."""
    found = document_types.of_model(model)
    return noun(found.singular) if found is not None else str(NOUNS.get(model.__name__, model.__name__.lower()))


def today_for(company: Company) -> date:
    """Today's date in the company's timezone."""
    return datetime.now(ZoneInfo(company.timezone or "UTC")).date()
