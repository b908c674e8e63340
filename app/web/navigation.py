"""What the navigation needs: the companies the user may switch to."""
from flask_login import current_user

from app.services.tenancy import companies_of


def companies_for_switcher() -> list:
    """(company, role) pairs of the logged-in user; called from the template only when shown."""
    if not current_user.is_authenticated:
        return []
    return companies_of(current_user)
