"""/v1/tax_rates: list, create, retrieve, update (POST; ``active: false`` archives and
``active: true`` restores). Never deleted: invoices keep copies of the rates they use.
Members read; admins create and change (as under Settings → Taxes)."""
from __future__ import annotations

from app.api.resources import Resource, paginated
from app.api.serializers import tax_rate_json
from app.models import TaxRate
from app.schemas.tax_rates import TaxRate as TaxRateShape
from app.schemas.tax_rates import TaxRateCreate, TaxRateListParams, TaxRateUpdate
from app.services import tax_rates, tenancy

TAX_RATE = Resource("/tax_rates/<tax_rate_id>", lambda actor, rate: tax_rate_json(rate), TaxRateShape)

create_tax_rate = TAX_RATE.create("Create a tax rate (admin only).", body=TaxRateCreate, errors=(403,),
                                  runs=tax_rates.create_tax_rate)
retrieve_tax_rate = TAX_RATE.retrieve("Retrieve a tax rate.", runs=tax_rates.get_tax_rate)
update_tax_rate = TAX_RATE.action(None, "Update a tax rate (admin only); active false archives it, true restores it. "
                                        "Invoices keep their copies.", body=TaxRateUpdate, errors=(403,),
                                  runs=tax_rates.update_tax_rate)


@TAX_RATE.listing("List tax rates, newest first (archived ones too).", query=TaxRateListParams)
def list_tax_rates(actor, body):
    return paginated(tenancy.scoped(TaxRate, actor.company), TaxRate, tax_rate_json)
