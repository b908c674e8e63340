"""/v1/customers: create, list, retrieve, update (POST), delete (soft, admin)."""
from __future__ import annotations

from flask import request

from app.api.resources import Resource, paginated
from app.api.serializers import customer_json
from app.models import CUSTOMER_STATUSES, Customer
from app.schemas.customers import Customer as CustomerShape
from app.schemas.customers import CustomerCreate, CustomerListParams, CustomerUpdate
from app.services import customers, inputs, tenancy

CUSTOMER = Resource("/customers/<customer_id>", lambda actor, customer: customer_json(customer), CustomerShape)


@CUSTOMER.create("Create a customer.", body=CustomerCreate)
def create_customer(actor, body):
    return customers.create_customer(actor, body)


@CUSTOMER.listing("List customers, newest first.", query=CustomerListParams)
def list_customers(actor, body):
    query = tenancy.scoped(Customer, actor.company)
    status = request.args.get("status")
    if status is not None:
        query = query.where(Customer.status == inputs.choice(status, "status", CUSTOMER_STATUSES))
    return paginated(query, Customer, customer_json,
                     cursor_scope=tenancy.scoped(Customer, actor.company, include_deleted=True))


@CUSTOMER.retrieve("Retrieve a customer.")
def retrieve_customer(actor, body, customer_id):
    return customers.get_customer(actor, customer_id)


@CUSTOMER.action(None, "Update the given fields of a customer.", body=CustomerUpdate)
def update_customer(actor, body, customer_id):
    return customers.update_customer(actor, customer_id, body)


@CUSTOMER.delete("Delete a customer (soft; admin only); it is 404 afterwards.", errors=(403,))
def delete_customer(actor, body, customer_id):
    return customers.delete_customer(actor, customer_id).id
