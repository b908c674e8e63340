"""Settings → Profile: what a user chooses for themselves (DESIGN §17: the dashboard's language)."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField

from app.extensions import db
from app.i18n import _, _l
from app.services import profile, transaction
from app.services.errors import ValidationError
from app.web import choices
from app.web.helpers import failed, member_required, put_errors

bp = Blueprint("profile", __name__, url_prefix="/settings/profile")


class ProfileForm(FlaskForm):
    language = SelectField(_l("Language of the dashboard"), validate_choice=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = choices.as_choices([("", _("As my browser asks")), *choices.languages()])


@bp.route("", methods=["GET", "POST"])
@member_required
def index(actor):
    user = current_user._get_current_object()
    form = ProfileForm(data={"language": user.language or ""})
    if form.validate_on_submit():
        try:
            with transaction():
                profile.set_language(user, form.language.data)
        except ValidationError as error:
            db.session.refresh(user)
            put_errors(form, error)
        else:
            flash(_("Profile saved."), "success")
            return redirect(url_for("profile.index"))
    return render_template("settings/profile.html", form=form), 400 if failed(form) else 200
