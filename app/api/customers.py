"""/v1/customers: create, list, retrieve, update (POST), delete (soft, admin)."""
from __future__ import annotations

from flask import request

from app.api.resources import Resource, paginated
from app.api.serializers import customer_json
from app.models import Customer
from app.schemas.customers import Customer as CustomerShape
from app.schemas.customers import CustomerCreate, CustomerListParams, CustomerUpdate
from app.services import customers, tenancy

CUSTOMER = Resource("/customers/<customer_id>", lambda actor, customer: customer_json(customer), CustomerShape)

create_customer = CUSTOMER.create("Create a customer.", body=CustomerCreate, runs=customers.create_customer)
retrieve_customer = CUSTOMER.retrieve("Retrieve a customer.", runs=customers.get_customer)
update_customer = CUSTOMER.action(None, "Update the given fields of a customer.", body=CustomerUpdate,
                                  runs=customers.update_customer)
delete_customer = CUSTOMER.delete("Delete a customer (soft; admin only); it is 404 afterwards.", errors=(403,),
                                  runs=customers.delete_customer)


@CUSTOMER.listing("List customers, newest first.", query=CustomerListParams)
def list_customers(actor, body):
    query = customers.of_status(tenancy.scoped(Customer, actor.company), request.args.get("status"))
    return paginated(query, Customer, customer_json,
                     cursor_scope=tenancy.scoped(Customer, actor.company, include_deleted=True))
