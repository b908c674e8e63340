"""Dashboard pages at scale: the overview (/), the invoice list (/invoices) in each of its
sorts and with its filters, the customer list with balances, and the busiest customer's page
(/customers/<id>): median ms, SQL statements per page, and for a page over the target the
slowest statements with their plans.

    .venv/bin/python -m bench.pages --database-url sqlite:////tmp/scale/sqlite-1m.db
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.invoices import search as invoice_search
from app.models import Customer, Invoice
from app.services import reports
from app.services.tenancy import today_for
from bench.common import admin_of, backend, biggest_company, compare_ms, make_app, parser
from bench.statements import explain_raw, recording

TARGET_MS = 100


def main() -> None:
    parse = parser(__doc__)
    parse.add_argument("--explain-all", action="store_true", help="explain the slowest statements of every page")
    args = parse.parse_args()
    app = make_app(args.database_url)
    with app.app_context():
        company = biggest_company(args.company_id)
        user = admin_of(company)
        live = db.session.scalar(select(func.count()).select_from(Invoice)
                                 .where(Invoice.company_pk == company.pk, Invoice.deleted_at.is_(None)))
        busiest = (select(Invoice.customer_pk).where(Invoice.company_pk == company.pk)
                   .group_by(Invoice.customer_pk).order_by(func.count().desc()).limit(1)).scalar_subquery()
        customer = db.session.scalars(select(Customer).where(Customer.pk == busiest)).first()
        customer_invoices = db.session.scalar(select(func.count()).select_from(Invoice)
                                              .where(Invoice.customer_pk == customer.pk))
        session_id, company_id, customer_id = user.get_id(), company.id, customer.id
        today = today_for(company)
        paid_from = reports.paid_window_start(today)  # where the overview's figure links
        month_ago = today - timedelta(days=30)
        db.session.rollback()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = session_id
        session["_fresh"] = True
        session["company_id"] = company_id
    pages = {
        "overview / (figures cached)": "/",
        "invoice list /invoices": "/invoices",
        "invoice list, page 2,000": "/invoices?page=2000",
        "invoices ?status=overdue": "/invoices?status=overdue",
        "invoices paid in the last 30 days": f"/invoices?paid_from={paid_from.isoformat()}",
        f"customer page ({customer_invoices} invoices)": f"/customers/{customer_id}",
        "customer list /customers (balances)": "/customers",
        "issued in the last 30 days": f"/invoices?issued_from={month_ago.isoformat()}",
        "issued in the last 30 days, by total": f"/invoices?issued_from={month_ago.isoformat()}&sort=total",
    }
    for sort in invoice_search.SORTS:
        for direction in ("asc", "desc"):
            if (sort, direction) != ("issue_date", "desc"):  # the default: the list above
                pages[f"sorted by {sort} {direction}"] = f"/invoices?sort={sort}&direction={direction}"
    pages["sorted by customer, page 2,000"] = "/invoices?sort=customer&direction=asc&page=2000"
    pages["overdue, sorted by due date"] = "/invoices?status=overdue&sort=due_date&direction=asc"

    def fetch(url):
        def get():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code, response.get_data(as_text=True)[:300])
        return get

    def cold_overview():
        reports.clear_cache()  # the aggregates recomputed, as after any change
        fetch("/")()

    with app.app_context():
        actions = {label: fetch(url) for label, url in pages.items()}
        actions["overview /, figures recomputed"] = cold_overview
        medians = compare_ms(actions, args.repeat)
        print(f"Backend: {backend()}; company {company_id} with {live} live invoices; "
              f"{args.repeat} timed runs per page (round-robin); target median <= {TARGET_MS} ms.\n")
        print(f"{'page':44} {'median':>10} {'SQL statements':>15}")
        slow = []
        for label, action in actions.items():
            with recording() as recorder:
                action()
            print(f"{label:44} {medians[label]:8.1f}ms {recorder.count:15d}")
            if medians[label] > TARGET_MS or args.explain_all:
                slow.append((label, recorder))
        for label, recorder in slow:
            print(f"\n[{label}] slowest statements:")
            for statement in recorder.slowest(3):
                print(f"  {statement.ms:7.1f}ms  {' '.join(statement.sql.split())[:400]}")
                print(explain_raw(statement))


if __name__ == "__main__":
    main()
