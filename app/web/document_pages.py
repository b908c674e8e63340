"""The editor page every priced document shares (invoices, quotes, recurring invoices): a row
button (add, remove, move) re-renders the form with the rows changed, a valid post saves the
document once in its own transaction and goes to its page, a refused one is explained; else
the form is shown with the customer and rate pickers, the totals and what is wrong with them.
After draft, the texts page (notes, terms) of invoices and quotes. Each type gives its form,
template, service calls and words; a type that differs overrides one step."""
from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, flash, render_template, request

from app.i18n import _l
from app.services import transaction
from app.services.errors import InvalidTransition, ValidationError
from app.web.document_actions import DocumentActions
from app.web.document_editor import customer_choices, editor_currency, live_totals, preview_of, rate_choices
from app.web.document_forms import apply_row_action
from app.web.helpers import failed, member_required, put_errors, refused

CHANGES_SAVED = _l("Changes saved.")


class DocumentEditor:
    """The editor of one document type: ``form_class`` and ``template`` (its form page);
    ``actions`` names the document (its template variable, its page); ``create(actor, data)``
    and ``update(actor, id, data)`` save it, ``preview_totals(actor, data)`` prices it;
    ``form_data(document, locale)`` is a document as the form's data; ``created(document)`` is
    the flash of a new one; ``not_editable`` the refusal's words; ``texts_template`` the page of
    the texts after draft; ``context`` more of the form page's variables."""

    def __init__(self, form_class: type, template: str, actions: DocumentActions, *, create: Callable,
                 update: Callable, preview_totals: Callable, form_data: Callable, created: Callable,
                 not_editable: str, texts_template: str | None = None, context: dict | None = None):
        self.form_class, self.template, self.actions = form_class, template, actions
        self.create, self.update, self.preview_totals = create, update, preview_totals
        self.form_data, self.created, self.not_editable = form_data, created, not_editable
        self.texts_template, self.context = texts_template, context or {}

    def add_routes(self, bp: Blueprint, *, initial: dict | None = None, editable: Callable | None = None,
                   live: bool = True) -> None:
        """The editor's routes on the type's blueprint: ``/new`` (the customer of ``?customer=``
        chosen, ``initial`` the rest of its first data); with ``editable``, ``/<id>/edit`` (the
        editor while ``editable(actor, document)``, else the texts page); when ``live``, ``POST /preview``
        (the live totals)."""
        @member_required
        def new(actor):
            return self.page(actor, self.form({"customer_id": request.args.get("customer") or "", **(initial or {})}))

        @member_required
        def edit(actor, **address):
            document = self.actions.get(actor, address[f"{self.actions.name}_id"])
            return self.edit_page(actor, document, draft=editable(actor, document))

        @member_required
        def preview(actor):
            """The editor's live totals, computed by the server's money module."""
            return live_totals(actor, self.form_class(), self.preview_totals)

        bp.add_url_rule("/new", "new", new, methods=["GET", "POST"])
        if editable is not None:
            bp.add_url_rule(f"/<{self.actions.name}_id>/edit", "edit", edit, methods=["GET", "POST"])
        if live:
            bp.add_url_rule("/preview", "preview", preview, methods=["POST"])

    def form(self, data: dict | None = None):
        """The editor's form: ``data`` on the first view, the posted fields after."""
        return self.form_class(data=data) if request.method == "GET" else self.form_class()

    def form_of(self, actor, document):
        """The editor's form of ``document``: its data on the first view, the posted fields after."""
        return self.form(self.form_data(document, actor.company.locale) if request.method == "GET" else None)

    def service_data(self, actor, form, document) -> tuple[dict, list[int]]:
        """The service's input and the form row of each item."""
        return form.service_data(actor.company.locale)

    def choices(self, actor, form, document) -> list:
        """The customer picker."""
        return customer_choices(actor, document)

    def preview(self, actor, form):
        """The totals, the form row of each item and what is wrong with the form's amounts."""
        return preview_of(actor, form, self.preview_totals)

    def edit_page(self, actor, document, *, draft: bool = True):
        """The editor of ``document``; after ``draft``, the page of its texts."""
        if not draft:
            return self.texts_page(actor, document)
        return self.page(actor, self.form_of(actor, document), document)

    def page(self, actor, form, document=None):
        """Save the editor's form, or handle a row button, or show it; a response."""
        action = request.form.get("row_action")
        if request.method == "POST" and action and form.validate():
            data = apply_row_action(form, action)
            if data is not None:
                form = self.form_class(formdata=None, data=data)
        elif form.validate_on_submit():
            data, rows = self.service_data(actor, form, document)
            try:
                with transaction():
                    saved = (self.create(actor, data) if document is None
                             else self.update(actor, document.id, data))
            except ValidationError as error:
                put_errors(form, error, item_rows=rows)
            except InvalidTransition as error:
                refused(error, self.not_editable)
                return self.actions.back(document)
            else:
                flash(self.created(saved) if document is None else str(CHANGES_SAVED), "success")
                return self.actions.back(saved)
        choices = self.choices(actor, form, document)
        form.set_choices(choices, *rate_choices(actor, form))
        totals, rows, problem = self.preview(actor, form)
        status = 400 if request.method == "POST" and failed(form) else 200
        return render_template(self.template, form=form, totals=totals, rows=rows, problem=problem,
                               currency=editor_currency(actor, form, choices),
                               **{self.actions.name: document}, **self.context), status

    def texts_page(self, actor, document):
        """After draft only the texts change (notes, payment terms or terms)."""
        form = self.form_of(actor, document)
        return self.actions.form_page(
            document, form,
            lambda: self.update(actor, document.id, form.service_data(actor.company.locale, draft_fields=False)[0]),
            template=self.texts_template, refused_message=self.not_editable, success=lambda saved: str(CHANGES_SAVED))
