"""/v1/tax_rates: list, create, retrieve, update (POST; ``active: false`` archives and
``active: true`` restores). Never deleted: invoices keep copies of the rates they use.
Members read; admins create and change (as under Settings → Taxes)."""
from __future__ import annotations

from app.api.blueprint import bp
from app.api.endpoint import endpoint
from app.api.resources import Resource, paginated
from app.api.serializers import tax_rate_json
from app.models import TaxRate
from app.schemas.tax_rates import TaxRateCreate, TaxRateListParams, TaxRateUpdate
from app.services import tax_rates, tenancy

TAX_RATE = Resource("/tax_rates/<tax_rate_id>", lambda actor, rate: tax_rate_json(rate))


@bp.post("/tax_rates")
@endpoint(body=TaxRateCreate)
def create_tax_rate(actor, body):
    return TAX_RATE.one(actor, tax_rates.create_tax_rate(actor, body), 201)


@bp.get("/tax_rates")
@endpoint(reads=True, query=TaxRateListParams)
def list_tax_rates(actor, body):
    return paginated(tenancy.scoped(TaxRate, actor.company), TaxRate, tax_rate_json)


@TAX_RATE.retrieve()
def retrieve_tax_rate(actor, body, tax_rate_id):
    return tax_rates.get_tax_rate(actor, tax_rate_id)


@TAX_RATE.action(body=TaxRateUpdate)
def update_tax_rate(actor, body, tax_rate_id):
    return tax_rates.update_tax_rate(actor, tax_rate_id, body)
