"""/v1/company: the profile of the company named by ``?company_id=`` (update: admins only)."""
from __future__ import annotations

from app.api.blueprint import bp
from app.api.endpoint import endpoint
from app.api.serializers import company_json
from app.schemas.company import CompanyUpdate
from app.services import accounts


@bp.get("/company")
@endpoint(reads=True)
def retrieve_company(actor, body):
    return {"data": company_json(actor.company)}, 200


@bp.post("/company")
@endpoint(body=CompanyUpdate)
def update_company(actor, body):
    return {"data": company_json(accounts.update_company(actor, body or {}))}, 200
