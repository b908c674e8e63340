"""GET /v1/invoices at depth: the first page vs 5,000 pages deep through the cursor
(``starting_after``) vs an OFFSET query at the same depth, measured side by side, plus the
query plans of the filtered lists (status, customer, due dates).

    .venv/bin/python -m bench.api_lists --database-url sqlite:////tmp/scale/sqlite-1m.db
    .venv/bin/python -m bench.api_lists --database-url postgresql://postgres@127.0.0.1:54330/cb_scale
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from app.api.serializers import rows_json
from app.extensions import db
from app.models import Customer, Invoice
from app.services import invoice_rows, invoice_search, tenancy
from app.services.invoice_search import InvoiceFilters
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


def main() -> None:
    parse = parser(__doc__)
    parse.add_argument("--pages", type=int, default=5000, help="how deep the cursor goes, in pages")
    parse.add_argument("--limit", type=int, default=10)
    args = parse.parse_args()
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
