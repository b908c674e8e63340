"""/v1/customers: create, list, retrieve, update (POST), delete (soft, admin)."""
from __future__ import annotations

from flask import request

from app.api.blueprint import bp
from app.api.endpoint import endpoint
from app.api.resources import Resource, paginated
from app.api.serializers import customer_json
from app.models import Customer
from app.schemas.customers import CustomerCreate, CustomerListParams, CustomerUpdate
from app.services import customers, tenancy

CUSTOMER = Resource("/customers/<customer_id>", lambda actor, customer: customer_json(customer))


@bp.post("/customers")
@endpoint(body=CustomerCreate)
def create_customer(actor, body):
    return CUSTOMER.one(actor, customers.create_customer(actor, body), 201)


@bp.get("/customers")
@endpoint(reads=True, query=CustomerListParams)
def list_customers(actor, body):
    query = customers.of_status(tenancy.scoped(Customer, actor.company), request.args.get("status"))
    return paginated(query, Customer, customer_json,
                     cursor_scope=tenancy.scoped(Customer, actor.company, include_deleted=True))


@CUSTOMER.retrieve()
def retrieve_customer(actor, body, customer_id):
    return customers.get_customer(actor, customer_id)


@CUSTOMER.action(body=CustomerUpdate)
def update_customer(actor, body, customer_id):
    return customers.update_customer(actor, customer_id, body)


@CUSTOMER.delete()
def delete_customer(actor, body, customer_id):
    return customers.delete_customer(actor, customer_id).id
