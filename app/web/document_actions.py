"""What the dashboard's actions on a document share (invoices, quotes, credit notes, recurring
invoices): a one-click button, a form page (a payment, a cancellation, an acceptance, the
notes after draft…), the delete page and the PDF. Each runs the service action once, in its own
transaction, and goes back to the document's page; a refused transition is explained in a
flash message and nothing changes."""
from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, flash, redirect, render_template, url_for

from app.i18n import _, _l, noun
from app.rendering.pdf import pdf_response
from app.services import transaction
from app.services.errors import DeliveryFailed, Forbidden, InvalidTransition, ValidationError
from app.web.helpers import button_posted, failed, in_company_format, member_required, put_errors, refused
from app.web.settings_forms import ConfirmForm


class DocumentActions:
    """The actions on one kind of document: ``name`` is its template variable and names its
    id in addresses (``<name>_id``); ``pages`` is the blueprint of its list and its page
    (``<pages>.index``, ``<pages>.show``) and the folder of its templates. The views given a
    document's id find it with ``get(actor, id)`` and name it with ``title(document)``
    ("Quote Q-2026-0001")."""

    def __init__(self, name: str, pages: str, get: Callable | None = None, title: Callable | None = None):
        self.name, self.pages, self.get, self.title = name, pages, get, title

    def back(self, document):
        """To the document's page."""
        return redirect(url_for(f"{self.pages}.show", **{f"{self.name}_id": document.id}))

    def button(self, document, run: Callable, *, refused_message: str, success: Callable, form=None,
               nothing: str = _l("Nothing was changed."), refuse=(InvalidTransition, DeliveryFailed),
               then: Callable | None = None):
        """A one-click action: when the button's post (``form``, by default a ConfirmForm) is
        valid, ``run()`` once and flash ``success(result)``, then go to the address
        ``then(result)`` gives (by default back to the document). An error of ``refuse`` is
        flashed (``refused_message`` when it has none); a ValidationError's messages are,
        followed by ``nothing``."""
        if not button_posted(form if form is not None else ConfirmForm()):
            return self.back(document)
        try:
            with transaction():
                result = run()
        except refuse as error:
            refused(error, refused_message)
        except ValidationError as error:
            flash(" ".join(in_company_format(message) for message in error.errors.values()) + " " + str(nothing), "error")
        else:
            flash(success(result), "success")
            if then is not None:
                return redirect(then(result))
        return self.back(document)

    def button_view(self, actor, document_id: str, run: Callable, *, success: Callable, **button):
        """:meth:`button` on the document ``document_id``: a valid post runs ``run(document)`` and
        flashes ``success(document, result)``; ``button`` is the rest of button's."""
        document = self.get(actor, document_id)
        return self.button(document, lambda: run(document), success=lambda result: success(document, result), **button)

    def add_routes(self, bp: Blueprint, *, delete: Callable, render: Callable) -> None:
        """On the blueprint of the actions: the delete page ``/<id>/delete`` (deleting with
        ``delete(actor, id)``) and the PDF ``/<id>/pdf`` (drawn by ``render``)."""
        key = f"{self.name}_id"

        @member_required
        def delete_page(actor, **address):
            return self.delete_view(actor, address[key], delete)

        @member_required
        def pdf(actor, **address):
            return self.pdf(actor, address[key], render)

        bp.add_url_rule(f"/<{key}>/delete", "delete", delete_page, methods=["GET", "POST"])
        bp.add_url_rule(f"/<{key}>/pdf", "pdf", pdf)

    def form_page(self, document, form, run: Callable, *, template: str, refused_message: str,
                  success: Callable, aliases: dict | None = None):
        """A page with a form: on a valid post ``run()`` once, flash ``success(result)`` and go
        back; else show ``template`` with each error beside its field (a 400 when there is one).
        ``aliases`` maps the service's field names to the form's."""
        if form.validate_on_submit():
            try:
                with transaction():
                    result = run()
            except InvalidTransition as error:
                refused(error, refused_message)
                return self.back(document)
            except ValidationError as error:
                put_errors(form, error, aliases=aliases)
            else:
                flash(success(result), "success")
                return self.back(document)
        return render_template(template, form=form, **{self.name: document}), 400 if failed(form) else 200

    def form_view(self, actor, document_id: str, form_class: type, run: Callable, *, success: Callable,
                  data: Callable | None = None, **page):
        """:meth:`form_page` of the document ``document_id``: its form is a ``form_class``
        (filled with ``data(document)`` when given), a valid post runs ``run(document, form)``
        and flashes ``success(document, result)``; ``page`` is the rest of form_page's."""
        document = self.get(actor, document_id)
        form = form_class(data=data(document) if data is not None else None)
        return self.form_page(document, form, lambda: run(document, form),
                              success=lambda result: success(document, result), **page)

    def delete_view(self, actor, document_id: str, run: Callable):
        """:meth:`delete_page` of the document ``document_id``, deleting it with
        ``run(actor, id)``; its template is ``<pages>/delete.html``."""
        document = self.get(actor, document_id)
        return self.delete_page(document, lambda: run(actor, document.id), template=f"{self.pages}/delete.html",
                                refused_message=_("This %(document)s cannot be deleted.", document=noun(self.name)),
                                success=_("%(document)s deleted.", document=self.title(document)))

    def pdf(self, actor, document_id: str, render: Callable):
        """The document's PDF, drawn by ``render``, as a download."""
        return pdf_response(self.get(actor, document_id), render=render)

    def delete_page(self, document, run: Callable, *, template: str, refused_message: str, success: str):
        """The delete page: a confirmed post runs ``run()`` once, flashes ``success`` and goes
        to the list; a refusal (the status, or the member's role) goes back to the document."""
        form = ConfirmForm()
        if form.validate_on_submit():
            try:
                with transaction():
                    run()
            except (InvalidTransition, Forbidden) as error:
                refused(error, refused_message)
                return self.back(document)
            flash(success, "success")
            return redirect(url_for(f"{self.pages}.index"))
        return render_template(template, form=form, **{self.name: document})
