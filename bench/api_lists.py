"""GET /v1/invoices at depth: the first page vs 5,000 pages deep through the cursor
(``starting_after``) vs an OFFSET query at the same depth, measured side by side, plus the
query plans of the filtered lists (status, customer, due dates).

    .venv/bin/python -m bench.api_lists --database-url sqlite:////tmp/scale/sqlite-1m.db
    .venv/bin/python -m bench.api_lists --database-url postgresql://postgres@127.0.0.1:54330/cb_scale

With ``--rates N`` it measures instead what tax rates per item cost the list and retrieve:
two companies on a temporary SQLite database (or ``--database-url``), the same invoices in
each, the seed's invoice-level rate in one and N named rates on every item in the other,
timed round-robin in the same run:

    .venv/bin/python -m bench.api_lists --rates 3
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from app.api.serializers import rows_json
from app.extensions import db
from app.invoices import rows as invoice_rows
from app.invoices import search as invoice_search
from app.invoices.search import InvoiceFilters
from app.models import Customer, Invoice
from app.services import tenancy
from app.services.pagination import paginate
from app.services.tenancy import Actor, today_for
from bench.common import admin_of, backend, biggest_company, compare_ms, explain, make_app, median_ms, parser, temporary_api_key


def _offset_page(actor: Actor, offset: int, limit: int) -> list[dict]:
    """The same page as the API's, but reached with OFFSET (what a naive list would do)."""
    query = (invoice_rows.rows_query(invoice_search.invoice_query(actor)).order_by(Invoice.pk.desc())
             .offset(offset).limit(limit + 1))
    today = today_for(actor.company)
    return rows_json(db.session.connection().execute(query).all()[:limit], today)


def _cursor_page(actor: Actor, after: str | None, limit: int) -> list[dict]:
    """What the endpoint does for a page, without HTTP: paginate + serialize."""
    page = paginate(invoice_rows.rows_query(invoice_search.invoice_query(actor)), Invoice, limit=limit,
                    starting_after=after, cursor_scope=tenancy.scoped(Invoice, actor.company, include_deleted=True),
                    rows=True)
    today = today_for(actor.company)
    return rows_json(page.items, today)


def _company_with_invoices(name: str, count: int, lines: int, rates: int) -> Actor:
    """A company with ``count`` invoices of ``lines`` items: the seed's single rate when
    ``rates`` is 0, else ``rates`` named rates on every item."""
    from app.invoices import service as invoices
    from app.services import accounts, customers, tax_rates, transaction
    with transaction():
        user, company = accounts.register(f"{name}@bench.example.com", "correct horse battery", name)
        actor = Actor(company=company, role="admin", user=user)
        customer = customers.create_customer(actor, {"name": "Client", "country": "DE", "currency": "EUR"})
        ids = [tax_rates.create_tax_rate(actor, {"name": f"Tax {n}", "percentage": f"{n + 4}.5"}).id
               for n in range(rates)]
    for number in range(count):
        items = [{"name": f"Line {n}", "quantity": n % 5 + 1, "unit_price": f"{10 + n}.25",
                  **({"tax_rates": ids} if ids else {})} for n in range(lines)]
        with transaction():
            invoices.create_invoice(actor, {"customer_id": customer.id, "issue_date": "2026-01-15",
                                            "discount_type": "percentage", "discount_value": 5, "items": items,
                                            **({} if ids else {"tax_rate": 16, "tax_id": "VAT"})})
    return actor


def compare_rates(args) -> None:
    """GET /v1/invoices (a page of ``limit``) and GET /v1/invoices/{id}: seed-style invoices
    vs the same invoices with ``args.rates`` rates on every item, in one run."""
    import tempfile

    from flask_migrate import upgrade
    instance = tempfile.mkdtemp(prefix="corebill-bench-rates-")
    app = make_app(args.database_url or f"sqlite:///{instance}/rates.db")
    with app.app_context():
        upgrade()
        single = _company_with_invoices("seed-style", args.invoices, args.lines, 0)
        rated = _company_with_invoices(f"rates-{args.rates}", args.invoices, args.lines, args.rates)
        app.testing = True  # an error in a request raises here instead of answering 500
        client = app.test_client()
        print(f"Backend: {backend()}; {args.invoices} invoices of {args.lines} items per company; "
              f"limit={args.limit}; {args.repeat} timed runs each, round-robin.")
        with temporary_api_key(single.user) as single_key, temporary_api_key(rated.user) as rated_key:
            company_ids = {single: single.company.id, rated: rated.company.id}
            db.session.commit()  # no transaction of this session holds SQLite's write lock

            def get(actor, raw, path):
                def fetch():
                    with app.app_context():
                        response = client.get(f"{path}?company_id={company_ids[actor]}&limit={args.limit}",
                                              headers={"Authorization": f"Bearer {raw}"})
                    assert response.status_code == 200, response.get_data(as_text=True)[:300]
                    return response  # the server's work only: the client's parsing is not timed
                return fetch
            one = {actor: get(actor, raw, "/v1/invoices")().get_json()["data"][0]["id"]
                   for actor, raw in ((single, single_key), (rated, rated_key))}
            page = get(rated, rated_key, "/v1/invoices")().get_json()["data"]
            assert all(len(item["tax_rates"]) == args.rates for invoice in page for item in invoice["items"])
            measured = compare_ms({
                "list_single": get(single, single_key, "/v1/invoices"),
                "list_rates": get(rated, rated_key, "/v1/invoices"),
                "one_single": get(single, single_key, f"/v1/invoices/{one[single]}"),
                "one_rates": get(rated, rated_key, f"/v1/invoices/{one[rated]}"),
            }, args.repeat)
            db.session.commit()
    print()
    print(f"{'':44} {'1 rate (seed)':>14} {f'{args.rates} rates/item':>14} {'change':>8}")
    for label, key in ((f"GET /v1/invoices?limit={args.limit}", "list"), ("GET /v1/invoices/{id}", "one")):
        before, after = measured[f"{key}_single"], measured[f"{key}_rates"]
        print(f"{label:44} {before:12.2f}ms {after:12.2f}ms {(after / before - 1) * 100:+7.1f}%")
    print("target: <= +10 %")


def main() -> None:
    parse = parser(__doc__)
    parse.add_argument("--pages", type=int, default=5000, help="how deep the cursor goes, in pages")
    parse.add_argument("--limit", type=int, default=10)
    parse.add_argument("--rates", type=int, default=0, help="compare seed-style invoices with N rates per item")
    parse.add_argument("--invoices", type=int, default=120, help="invoices per company with --rates")
    parse.add_argument("--lines", type=int, default=10, help="items per invoice with --rates")
    args = parse.parse_args()
    if args.rates:
        return compare_rates(args)
    app = make_app(args.database_url)
    with app.app_context():
        company = biggest_company(args.company_id)
        actor = Actor(company=company, role="admin", user=admin_of(company))
        live = db.session.scalar(select(func.count()).select_from(Invoice)
                                 .where(Invoice.company_pk == company.pk, Invoice.deleted_at.is_(None)))
        depth = args.pages * args.limit
        if depth >= live:
            raise SystemExit(f"Only {live} invoices: not enough for {args.pages} pages of {args.limit}.")
        # The id just before page pages+1: starting_after it gives rows depth..depth+limit-1.
        cursor = db.session.scalar(tenancy.scoped(Invoice, company).with_only_columns(Invoice.id)
                                   .order_by(Invoice.pk.desc()).offset(depth - 1).limit(1))
        print(f"Backend: {backend()}; company {company.id} with {live} live invoices; "
              f"limit={args.limit}; depth {args.pages} pages = {depth} rows; {args.repeat} timed runs each.")
        client = app.test_client()
        with temporary_api_key(actor.user) as raw:
            headers = {"Authorization": f"Bearer {raw}"}
            base = f"/v1/invoices?company_id={company.id}&limit={args.limit}"

            def get(url):
                def fetch():
                    # Its own app context, as in production: a fresh session and ``g``.
                    with app.app_context():
                        response = client.get(url, headers=headers)
                    assert response.status_code == 200, response.get_data(as_text=True)[:300]
                    return response.get_json()
                return fetch

            def in_process(after):
                def run():
                    _cursor_page(actor, after, args.limit)
                    db.session.rollback()  # end the transaction, as a request would
                return run

            db.session.commit()
            deep = get(base + f"&starting_after={cursor}")()["data"]
            offset_rows = _offset_page(actor, depth, args.limit)
            assert [row["id"] for row in deep] == [row["id"] for row in offset_rows], "cursor and OFFSET disagree"
            measured = compare_ms({
                "first_http": get(base), "deep_http": get(base + f"&starting_after={cursor}"),
                "first_q": in_process(None), "deep_q": in_process(cursor),
            }, args.repeat)
            first_http, deep_http = measured["first_http"], measured["deep_http"]
            first_q, deep_q = measured["first_q"], measured["deep_q"]
            offset_q = median_ms(lambda: _offset_page(actor, depth, args.limit), max(5, args.repeat // 3))
            db.session.rollback()
            filters = {}
            busiest = (select(Invoice.customer_pk).where(Invoice.company_pk == company.pk)
                       .group_by(Invoice.customer_pk).order_by(func.count().desc()).limit(1)).scalar_subquery()
            customer_id = db.session.scalar(select(Customer.id).where(Customer.pk == busiest))
            for label, query in (("status=paid", "&status=paid"), ("status=overdue", "&status=overdue"),
                                 ("status=viewed", "&status=viewed"), ("customer_id (busiest)", f"&customer_id={customer_id}")):
                filters[label] = median_ms(get(base + query), args.repeat)

        print()
        print(f"{'GET /v1/invoices?limit=' + str(args.limit):40} {'HTTP median':>12} {'in-process':>12}")
        print(f"{'first page':40} {first_http:10.2f}ms {first_q:10.2f}ms")
        print(f"{f'cursor, {args.pages} pages deep':40} {deep_http:10.2f}ms {deep_q:10.2f}ms")
        print(f"{f'OFFSET {depth} (same page)':40} {'-':>12} {offset_q:10.2f}ms")
        print(f"ratio cursor-deep / first page (HTTP):   {deep_http / first_http:.2f}  (target <= 1.2)")
        print(f"ratio cursor-deep / first page (in-proc): {deep_q / first_q:.2f}")
        print(f"ratio OFFSET / cursor at the same depth:  {offset_q / deep_q:.1f}")
        for label, value in filters.items():
            print(f"filtered first page, {label:28} {value:8.2f}ms")

        print("\nQuery plans of the list queries (newest first, limit + 1 rows):")
        today = today_for(company)
        plans = {
            "no filter": invoice_search.invoice_query(actor),
            "status=paid": invoice_search.invoice_query(actor, InvoiceFilters(status="paid")),
            "status=overdue": invoice_search.invoice_query(actor, InvoiceFilters(status="overdue")),
            "status=sent (not overdue)": invoice_search.invoice_query(actor, InvoiceFilters(status="sent")),
            "customer_id": invoice_search.invoice_query(actor, InvoiceFilters(customer_id=customer_id)),
            "due_date range (aging 31-60 days)": invoice_search.invoice_query(actor, InvoiceFilters(
                due_from=today - timedelta(days=60), due_to=today - timedelta(days=31))),
            "issue_date range (one month)": invoice_search.invoice_query(actor, InvoiceFilters(
                issued_from=today - timedelta(days=60), issued_to=today - timedelta(days=31))),
        }
        for label, query in plans.items():
            print(f"\n[{label}]")
            print(explain(query.order_by(Invoice.pk.desc()).limit(args.limit + 1)))
        print(f"\n[cursor {args.pages} pages deep]")
        pk = db.session.scalar(select(Invoice.pk).where(Invoice.id == cursor))
        deep = invoice_search.invoice_query(actor).where(Invoice.pk < pk).order_by(Invoice.pk.desc())
        print(explain(deep.limit(args.limit + 1)))
        print(f"\n[OFFSET {depth}]")
        print(explain(invoice_search.invoice_query(actor).order_by(Invoice.pk.desc()).offset(depth).limit(args.limit + 1)))


if __name__ == "__main__":
    main()
