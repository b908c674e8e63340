"""/v1/customers: create, list, retrieve, update (POST), delete (soft, admin)."""
from __future__ import annotations

from flask import request

from app.api import bp
from app.api.documents import deleted
from app.api.endpoint import endpoint
from app.api.serializers import customer_json
from app.models import CUSTOMER_STATUSES, Customer
from app.schemas.customers import CustomerCreate, CustomerListParams, CustomerUpdate
from app.services import customers, inputs, tenancy
from app.services.pagination import paginate, parse_limit


@bp.post("/customers")
@endpoint(body=CustomerCreate)
def create_customer(actor, body):
    return {"data": customer_json(customers.create_customer(actor, body))}, 201


@bp.get("/customers")
@endpoint(reads=True, query=CustomerListParams)
def list_customers(actor, body):
    args = request.args
    query = tenancy.scoped(Customer, actor.company)
    status = args.get("status")
    if status is not None:
        query = query.where(Customer.status == inputs.choice(status, "status", CUSTOMER_STATUSES))
    page = paginate(query, Customer, limit=parse_limit(args.get("limit")),
                    starting_after=args.get("starting_after"), ending_before=args.get("ending_before"),
                    cursor_scope=tenancy.scoped(Customer, actor.company, include_deleted=True))
    return {"data": [customer_json(customer) for customer in page.items], "has_more": page.has_more}, 200


@bp.get("/customers/<customer_id>")
@endpoint(reads=True)
def retrieve_customer(actor, body, customer_id):
    return {"data": customer_json(customers.get_customer(actor, customer_id))}, 200


@bp.post("/customers/<customer_id>")
@endpoint(body=CustomerUpdate)
def update_customer(actor, body, customer_id):
    return {"data": customer_json(customers.update_customer(actor, customer_id, body))}, 200


@bp.delete("/customers/<customer_id>")
@endpoint
def delete_customer(actor, body, customer_id):
    return deleted(customers.delete_customer(actor, customer_id).id)
