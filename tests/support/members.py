"""Members of a company, made the one way the app makes them."""
from app.services import invitations, transaction
from app.services.tenancy import Actor


def join(admin: Actor, user, role: str = "member") -> Actor:
    """``user`` joins ``admin``'s company the one way there is: invited (no email sent), then
    accepting."""
    with transaction():
        done = invitations.invite(admin, user.email, role, lambda invitation, raw: None)
    with transaction():
        invitations.accept(user, done.invitation.id)
    return Actor(company=admin.company, role=role, user=user)
