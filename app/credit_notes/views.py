"""Credit notes in the dashboard (DESIGN §11): the "Issue credit note" form of an invoice,
the list under Invoices → Credit notes, a credit note's page, its PDF and sending it."""
from flask import Blueprint, flash, redirect, render_template, request, url_for

from app.credit_notes import service as credit_notes
from app.credit_notes.forms import CreditNoteForm
from app.i18n import _
from app.invoices import service as invoices
from app.invoices.states import actions_for
from app.links import public_credit_note_url
from app.models import CreditNote
from app.presentation import fmt_money
from app.rendering import mail
from app.rendering.pdf import pdf_response
from app.services import document_items, einvoices, tenancy, transaction
from app.services.errors import InvalidTransition, ValidationError
from app.services.pagination import page_by_number
from app.web.document_actions import DocumentActions
from app.web.helpers import failed, member_required, page_number, put_errors, refused
from app.web.settings_forms import ConfirmForm

bp = Blueprint("credit_notes", __name__)
ACTIONS = DocumentActions("credit_note", "credit_notes")


def _rate_groups(invoice) -> list[tuple[str, str]]:
    """The sets of rates the invoice's items carry, as (ids joined by commas, label)."""
    groups = document_items.totals_of(invoice).groups
    if len(groups) < 2:
        return [("", _("The invoice's rate"))]
    return [(",".join(rate.id or "" for rate in group.rates),
             " + ".join(f"{rate.name or _('Tax')} {rate.percentage.normalize():f}%" for rate in group.rates))
            for group in groups]


@bp.route("/invoices/<invoice_id>/credit_note", methods=["GET", "POST"])
@member_required
def new(actor, invoice_id):
    invoice = invoices.get_invoice(actor, invoice_id)
    form = CreditNoteForm()
    form.set_rate_choices(_rate_groups(invoice))
    if "credit" not in actions_for(actor, invoice):
        flash(_("No credit note can be issued for this invoice: it is %(status)s and owes %(amount)s.",
                status=invoice.status, amount=fmt_money(invoice.amount_due, invoice.currency, actor.company.locale)),
              "error")
        return redirect(url_for("invoices.show", invoice_id=invoice.id))
    if form.validate_on_submit():
        data, rows = form.service_data(invoice.id, actor.company.locale)
        try:
            with transaction():
                note = credit_notes.create_credit_note(actor, data)
        except InvalidTransition as error:
            refused(error, _("No credit note can be issued for this invoice."))
            return redirect(url_for("invoices.show", invoice_id=invoice.id))
        except ValidationError as error:
            renamed = ValidationError({key.replace("lines[", "items[", 1): message
                                       for key, message in error.errors.items()})
            put_errors(form, renamed, aliases={"tax_rates": "rates", "lines": "amount"}, item_rows=rows)
        else:
            flash(_("Credit note %(number)s issued: %(amount)s.", number=note.number,
                    amount=fmt_money(note.total, note.currency, actor.company.locale)), "success")
            return redirect(url_for("invoices.show", invoice_id=invoice.id))
    return render_template("credit_notes/new.html", invoice=invoice, form=form,
                           several_rates=len(_rate_groups(invoice)) > 1), 400 if failed(form) else 200


@bp.get("/credit_notes")
@member_required
def index(actor):
    query = tenancy.scoped(CreditNote, actor.company).order_by(CreditNote.pk.desc())
    return render_template("credit_notes/index.html", page=page_by_number(query, page_number()))


@bp.get("/credit_notes/<credit_note_id>")
@member_required
def show(actor, credit_note_id):
    note = credit_notes.get_credit_note(actor, credit_note_id)
    return render_template("credit_notes/show.html", note=note, public_link=public_credit_note_url(note.public_token),
                           form=ConfirmForm(), einvoice_labels=einvoices.LABELS,
                           einvoice=einvoices.readiness(note) if einvoices.formats_apply(actor.company) else None)


@bp.get("/credit_notes/<credit_note_id>/pdf")
@member_required
def pdf(actor, credit_note_id):
    from app.rendering.pdf import credit_note_pdf

    note = credit_notes.get_credit_note(actor, credit_note_id)
    return pdf_response(note, document=credit_note_pdf(note))


@bp.get("/credit_notes/<credit_note_id>/einvoice")
@member_required
def einvoice(actor, credit_note_id):
    """The credit note's e-invoice XML (``?format=facturx|xrechnung|ubl``); a format it is
    not ready for is a 409 page naming the gaps, an unknown one a 400."""
    from app.rendering.xml import xml_response

    note = credit_notes.get_credit_note(actor, credit_note_id)
    return xml_response(*einvoices.xml_of(note, request.args.get("format", "facturx")))


@bp.post("/credit_notes/<credit_note_id>/send")
@member_required
def send(actor, credit_note_id):
    note = credit_notes.get_credit_note(actor, credit_note_id)
    return ACTIONS.button(note, lambda: credit_notes.send_credit_note(actor, note.id, mail.deliver_credit_note),
                          refused_message=_("The credit note could not be sent."), nothing=_("Nothing was sent."),
                          success=lambda sent: _("Credit note %(number)s sent to %(email)s.", number=sent.number,
                                                 email=sent.invoice.customer.contact_email))
