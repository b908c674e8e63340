"""/i/<token>: the invoice as the client sees it. Visitors' views are recorded (the first
moves sent -> viewed); members previewing are not; drafts, deleted invoices and unknown
tokens are 404 for visitors."""
from email import policy
from email.parser import BytesParser

import pytest

from app.invoices import lifecycle
from app.models import Activity
from app.rendering import mail, outbox
from app.services import transaction
from tests.support.data import PASSWORD


def views_of(invoice):
    return Activity.query.filter_by(invoice_pk=invoice.pk, action="invoice.viewed").count()


def sent(actor, invoice):
    with transaction():
        lifecycle.send_invoice(actor, invoice.id, deliver=mail.deliver_invoice)
    return invoice


@pytest.fixture()
def invoice(actor, make_invoice):
    return sent(actor, make_invoice(due_date="2099-06-30", notes="Thanks a lot", payment_terms="Net 30"))


def test_visitor_sees_the_invoice_and_the_first_view_marks_it_viewed(client, invoice):
    response = client.get(f"/i/{invoice.public_token}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for expected in ("Acme Studio", f"Invoice {invoice.invoice_number}", "$8,769.60", "Jun 30, 2099",
                     "Web Development", "40 hour", "$6,000.00", "UI/UX Design", "$2,400.00", "$8,400.00",
                     "−$840.00", "$1,209.60", "Net 30", "Thanks a lot", "Download PDF",
                     f"/i/{invoice.public_token}/pdf", '<span class="badge badge-sent">Open</span>', "Acme Corp"):
        assert expected in page, expected
    assert invoice.status == "viewed" and invoice.viewed_at is not None
    first_seen = invoice.viewed_at
    assert views_of(invoice) == 1
    assert client.get(f"/i/{invoice.public_token}").status_code == 200
    assert views_of(invoice) == 2  # every visitor view is an activity
    assert client.head(f"/i/{invoice.public_token}").status_code == 200
    assert views_of(invoice) == 2  # link checkers' HEAD requests are not views
    assert invoice.status == "viewed" and invoice.viewed_at == first_seen


def test_headers_no_referrer_no_store_noindex(client, invoice):
    for path in (f"/i/{invoice.public_token}", f"/i/{invoice.public_token}/pdf"):
        response = client.get(path)
        assert response.headers["Referrer-Policy"] == "no-referrer", path
        assert "noindex" in response.headers["X-Robots-Tag"]
    assert client.get(f"/i/{invoice.public_token}").headers["Cache-Control"] == "no-store"


def test_member_preview_is_not_recorded(client, login, actor, invoice):
    login(actor.user.email, PASSWORD)
    response = client.get(f"/i/{invoice.public_token}")
    assert response.status_code == 200 and "Preview:" in response.get_data(as_text=True)
    assert invoice.status == "sent" and invoice.viewed_at is None and views_of(invoice) == 0


def test_a_logged_in_stranger_counts_as_a_visitor(client, login, make_account, invoice):
    stranger = make_account(company="Somebody Else")
    login(stranger.user.email, PASSWORD)
    response = client.get(f"/i/{invoice.public_token}")
    assert response.status_code == 200 and "Preview:" not in response.get_data(as_text=True)
    assert invoice.status == "viewed" and views_of(invoice) == 1


def test_drafts_are_404_for_visitors_and_previewable_by_members(client, login, actor, make_invoice):
    draft = make_invoice(due_date="2099-06-30")
    assert client.get(f"/i/{draft.public_token}").status_code == 404
    assert client.get(f"/i/{draft.public_token}/pdf").status_code == 404
    login(actor.user.email, PASSWORD)
    page = client.get(f"/i/{draft.public_token}").get_data(as_text=True)
    assert "not visible to clients until it is sent" in page
    assert client.get(f"/i/{draft.public_token}/pdf").status_code == 200
    assert draft.status == "draft" and views_of(draft) == 0


def test_deleted_and_unknown_links_are_404(client, actor, invoice):
    token = invoice.public_token
    assert len(token) >= 43  # secrets.token_urlsafe(32): 256 bits
    with transaction():
        lifecycle.cancel_invoice(actor, invoice.id)  # a sent invoice is cancelled before it is deleted
    with transaction():
        lifecycle.delete_invoice(actor, invoice.id)
    assert client.get(f"/i/{token}").status_code == 404
    assert client.get(f"/i/{token}/pdf").status_code == 404
    for bad in ("A" * 43, "short", "x" * 300, "%00" * 20, "..%2F..%2Fetc"):
        assert client.get(f"/i/{bad}").status_code == 404
        assert client.get(f"/i/{bad}/pdf").status_code == 404


def test_cancelled_invoice_says_so(client, actor, invoice):
    with transaction():
        lifecycle.cancel_invoice(actor, invoice.id, "Duplicate order")
    page = client.get(f"/i/{invoice.public_token}").get_data(as_text=True)
    assert "This invoice was cancelled" in page and "No payment is due." in page and "Duplicate order" in page
    assert 'class="badge badge-cancelled"' in page
    assert invoice.status == "cancelled"


def test_paid_invoice_shows_paid_in_full(client, actor, invoice):
    with transaction():
        lifecycle.record_payment(actor, invoice.id, {"amount": "8769.60"})
    page = client.get(f"/i/{invoice.public_token}").get_data(as_text=True)
    assert "Paid in full" in page and 'class="badge badge-paid"' in page and "$0.00" in page


def test_user_text_is_escaped_on_the_page(client, actor, make_customer, make_invoice):
    customer = make_customer(name="<script>alert(1)</script>")
    invoice = sent(actor, make_invoice(customer=customer, notes="<img src=x onerror=alert(1)>",
                                       due_date="2099-06-30"))
    page = client.get(f"/i/{invoice.public_token}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page


def test_public_pdf_is_the_emailed_attachment_even_after_the_visit(client, actor, invoice):
    [latest] = [m for m in outbox.messages(company_id=actor.company.id) if m.invoice_id == invoice.id]
    with open(outbox.folder() / latest.filename, "rb") as stream:
        message = BytesParser(policy=policy.default).parse(stream)
    [attachment] = list(message.iter_attachments())
    assert client.get(f"/i/{invoice.public_token}").status_code == 200  # sent -> viewed
    response = client.get(f"/i/{invoice.public_token}/pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == f"attachment; filename={invoice.invoice_number}.pdf"
    assert response.get_data() == attachment.get_content()
    assert client.get(f"/i/{invoice.public_token}/pdf",
                      headers={"If-None-Match": response.headers["ETag"]}).status_code == 304
    assert views_of(invoice) == 1  # downloads are not views


def test_page_is_phone_friendly_and_printable(client, invoice):
    page = client.get(f"/i/{invoice.public_token}").get_data(as_text=True)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    css = client.get("/static/css/public.css").get_data(as_text=True)
    assert "@media print" in css and "@media (max-width: 640px)" in css
    badges = client.get("/static/css/badges.css").get_data(as_text=True)
    for status in ("draft", "sent", "viewed", "in_review", "partial", "paid", "overdue", "cancelled", "refunded"):
        assert f".badge-{status}" in badges
