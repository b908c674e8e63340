"""/v1/tax_rates: list, create, retrieve, update (POST; ``active: false`` archives and
``active: true`` restores). Never deleted: invoices keep copies of the rates they use.
Members read; admins create and change (as under Settings → Taxes)."""
from __future__ import annotations

from flask import request

from app.api import bp
from app.api.endpoint import endpoint
from app.api.serializers import tax_rate_json
from app.models import TaxRate
from app.schemas.tax_rates import TaxRateCreate, TaxRateListParams, TaxRateUpdate
from app.services import tax_rates, tenancy
from app.services.pagination import paginate, parse_limit


@bp.post("/tax_rates")
@endpoint(body=TaxRateCreate)
def create_tax_rate(actor, body):
    return {"data": tax_rate_json(tax_rates.create_tax_rate(actor, body))}, 201


@bp.get("/tax_rates")
@endpoint(reads=True, query=TaxRateListParams)
def list_tax_rates(actor, body):
    args = request.args
    page = paginate(tenancy.scoped(TaxRate, actor.company), TaxRate, limit=parse_limit(args.get("limit")),
                    starting_after=args.get("starting_after"), ending_before=args.get("ending_before"))
    return {"data": [tax_rate_json(rate) for rate in page.items], "has_more": page.has_more}, 200


@bp.get("/tax_rates/<tax_rate_id>")
@endpoint(reads=True)
def retrieve_tax_rate(actor, body, tax_rate_id):
    return {"data": tax_rate_json(tax_rates.get_tax_rate(actor, tax_rate_id))}, 200


@bp.post("/tax_rates/<tax_rate_id>")
@endpoint(body=TaxRateUpdate)
def update_tax_rate(actor, body, tax_rate_id):
    return {"data": tax_rate_json(tax_rates.update_tax_rate(actor, tax_rate_id, body))}, 200
