"""/v1/company: the profile of the company named by ``?company_id=`` (update: admins only). Of
the Stripe connection it shows only ``stripe_connected``: the secrets are written in the
dashboard only, never through the API (a key in a JSON body ends up in scripts and logs)."""
from __future__ import annotations

from app.api.operations import operation
from app.api.resources import one
from app.api.serializers import company_json
from app.schemas.company import Company, CompanyUpdate
from app.services import accounts


@operation("get", "/company", "retrieveCompany", "The company's profile (as Settings shows it).", answers=Company,
           reads=True)
def retrieve_company(actor, body):
    return one(company_json(actor.company))


@operation("post", "/company", "updateCompany", "Update the given fields of the company's profile (admin only). "
           "The Stripe keys are not among them: an admin enters them in Settings → Payments.",
           answers=Company, body=CompanyUpdate, errors=(403,))
def update_company(actor, body):
    return one(company_json(accounts.update_company(actor, body or {})))
