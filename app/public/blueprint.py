"""The public links' blueprint. The pages of each document type add their views to it;
:mod:`app.public` imports them all, puts the rate limits on it and registers it (the pages
import this module, not :mod:`app.public`, which imports them)."""
from flask import Blueprint

bp = Blueprint("public", __name__)
