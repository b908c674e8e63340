"""The service layer: every rule of DESIGN §3–§5, called by every door.

Services take plain inputs, raise typed errors from :mod:`app.services.errors`, flush but
never commit. A door wraps one action in :func:`transaction`, which commits once on
success and rolls everything back on any error.
"""
from contextlib import contextmanager

from app.extensions import db


@contextmanager
def transaction():
    try:
        yield db.session
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
