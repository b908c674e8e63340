"""Who may do what in a company besides a document's own actions: THE role column of the
company-wide actions (settings, tax rates, bank accounts, reminders, members, deleting customers). The
services refuse from it (:meth:`Actor.require`), the dashboard asks it before it shows a
control or takes a post (:meth:`Actor.may`). A document's actions carry their role in their
life-cycle table (:class:`app.services.lifecycle_table.Rule`), read by :func:`role_allows`."""
from __future__ import annotations

from app.i18n import _, _l
from app.services.errors import Forbidden

ADMIN = "admin"
PUBLIC = "public"   # a visitor of a document's link
SYSTEM = "system"   # the CLI and the scheduled jobs: every role's actions

# action: (the role it needs, what the refusal says it is: "Only an admin of this company may …")
PERMISSIONS: dict[str, tuple[str, str]] = {
    "change_settings": (ADMIN, _l("change the company settings")),
    "change_reminders": (ADMIN, _l("change the reminder settings")),
    "manage_tax_rates": (ADMIN, _l("manage tax rates")),
    "manage_bank_accounts": (ADMIN, _l("manage bank accounts")),
    "invite_members": (ADMIN, _l("invite members")),
    "revoke_invitations": (ADMIN, _l("revoke invitations")),
    "delete_customers": (ADMIN, _l("delete customers")),
    "manage_webhooks": (ADMIN, _l("manage webhooks")),
}


def role_allows(needed: str | None, role: str) -> bool:
    """The role column: no role lets every member act; a role lets that role (and the system)."""
    return needed is None or role in (needed, SYSTEM)


def may(role: str, action: str) -> bool:
    return role_allows(PERMISSIONS[action][0], role)


def require(role: str, action: str) -> None:
    needed, verb = PERMISSIONS[action]
    if not role_allows(needed, role):
        raise Forbidden(only_role_may(needed, verb))


def only_role_may(role: str, action) -> str:
    """The refusal of an action only ``role`` may take: "Only an admin of this company may …"."""
    if role == ADMIN:
        return _("Only an admin of this company may %(action)s.", action=action)
    return f"Only an {role} of this company may {action}."  # no other role is refused to members
