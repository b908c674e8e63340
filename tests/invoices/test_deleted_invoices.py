"""The numbering record (DESIGN §5): every deleted invoice, drafts included, with who deleted
it and when, so that each gap in the working list's numbers is explained; a deleted invoice
that was sent keeps its credit notes. Company-scoped."""
from app.credit_notes import service as credit_notes
from app.invoices import deleted as deleted_invoices
from app.invoices import lifecycle
from app.invoices import search as invoice_search
from app.invoices.search import InvoiceFilters
from app.services import accounts, transaction
from app.services.tenancy import Actor


def _no_mail(invoice, reminder):
    pass


def _numbers_in_the_list(actor) -> set[str]:
    page = invoice_search.page_of_invoices(actor, InvoiceFilters(), 1)
    return {invoice.invoice_number for invoice in page.items}


def test_every_gap_in_the_numbers_is_listed_with_who_and_when(actor, make_invoice, make_account):
    kept, draft, sent, live = (make_invoice(due_date="2099-01-01") for _ in range(4))
    with transaction():
        key, _ = accounts.create_api_key(actor.user, "Bookkeeping sync")
    by_key = Actor(company=actor.company, role="admin", user=actor.user, api_key=key)
    with transaction():
        lifecycle.send_invoice(actor, sent.id, _no_mail)
        lifecycle.send_invoice(actor, live.id, _no_mail)
    with transaction():
        lifecycle.cancel_invoice(actor, sent.id, "Wrong customer")
    with transaction():
        lifecycle.delete_invoice(actor, draft.id)
        lifecycle.delete_invoice(by_key, sent.id)
    other = make_account(email="other@example.com", company="Other Co")
    theirs = make_invoice(other)
    with transaction():
        lifecycle.delete_invoice(other, theirs.id)

    page = deleted_invoices.page_of_deleted(actor, 1)
    rows = {row.invoice.invoice_number: row for row in page.items}
    assert [row.invoice.invoice_number for row in page.items] == [sent.invoice_number, draft.invoice_number]
    assert page.total == 2
    assert all(row.invoice.company_pk == actor.company.pk for row in page.items)
    # Who and when: the person, or the API key, that deleted it.
    assert rows[draft.invoice_number].deletion.user_pk == actor.user.pk
    assert rows[draft.invoice_number].deletion.actor_type == "user"
    assert rows[sent.invoice_number].deletion.api_key_pk == key.pk
    assert all(row.deletion.created_at is not None and row.invoice.deleted_at is not None for row in page.items)
    # Whether it had been sent: the cancelled one was, the draft never.
    assert (rows[sent.invoice_number].was_sent, rows[draft.invoice_number].was_sent) == (True, False)
    assert rows[sent.invoice_number].invoice.status == "cancelled"
    # The working list hides them; together the two account for every number taken.
    listed = _numbers_in_the_list(actor)
    assert listed == {kept.invoice_number, live.invoice_number}
    taken = {invoice.invoice_number for invoice in (kept, draft, sent, live)}
    assert listed | set(rows) == taken and not listed & set(rows)
    # The sent one's cancellation credit note stays in the books.
    notes = credit_notes.page(actor, invoice_id=sent.id).items
    assert [note.invoice.invoice_number for note in notes] == [sent.invoice_number]


def test_other_companies_see_none_of_it(actor, make_invoice, make_account):
    draft = make_invoice()
    with transaction():
        lifecycle.delete_invoice(actor, draft.id)
    other = make_account(email="other@example.com", company="Other Co")
    assert deleted_invoices.page_of_deleted(other, 1).items == []
    assert [row.invoice.id for row in deleted_invoices.page_of_deleted(actor, 1).items] == [draft.id]
