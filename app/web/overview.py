"""The dashboard's home page: figures, revenue chart, aging, recent activity."""
from flask import Blueprint, render_template
from flask_login import login_required

from app.services import reports
from app.web.chart import bar_chart
from app.web.session import current_actor

bp = Blueprint("overview", __name__)


@bp.get("/")
@login_required
def index():
    actor = current_actor()
    figures = reports.overview(actor) if actor else None
    chart = bar_chart(figures.revenue, figures.currency, actor.company.locale) if figures else None
    return render_template("overview/index.html", figures=figures, chart=chart)
