"""What the navigation needs: the companies the user may switch to, and the invitations waiting
for their answer."""
from flask_login import current_user

from app.services import invitations
from app.services.tenancy import companies_of


def companies_for_switcher() -> list:
    """(company, role) pairs of the logged-in user; called from the template only when shown."""
    if not current_user.is_authenticated:
        return []
    return companies_of(current_user)


def invitations_for_user() -> list:
    """The logged-in user's open invitations (the overview and the new-company page list them)."""
    if not current_user.is_authenticated:
        return []
    return invitations.open_for(current_user)
