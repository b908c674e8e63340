"""A document's life cycle as data: for each action, the statuses it is allowed from, what
else it needs (amounts), the role it needs and the status it leads to.

The services refuse with :meth:`LifeCycle.check`, the dashboard draws its buttons from
:meth:`LifeCycle.allowed`; both read the same table, so they cannot disagree. Each document
type (invoices today; quotes and credit notes next) declares its own table in this shape."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

from app.i18n import _
from app.models.base import utcnow
from app.services.errors import Forbidden, InvalidTransition
from app.services.permissions import PUBLIC, only_role_may, role_allows

Condition = Callable[[Any], bool]


@dataclass(frozen=True)
class Rule:
    verb: str                    # "record a payment on": "Cannot record a payment on an invoice that is …"
    explain: str                 # what is allowed instead, ending the refusal message
    from_: tuple[str, ...]       # the (shown) statuses the action is allowed from
    needs: Condition | None = None  # what the document's amounts must allow besides
    role: str | None = None      # the role column: "admin" (other members are refused), "public", "system"
    role_verb: str = ""          # "delete invoices": "Only an admin of this company may …"
    result: str | Callable[[Any], str] | None = None  # the status it leads to (None: unchanged)
    said: Mapping[str, str] | None = None  # a status's own whole refusal ("paid": the seed's words)


def every_status_but(statuses: tuple[str, ...], *excluded: str) -> tuple[str, ...]:
    return tuple(status for status in statuses if status not in excluded)


def first_view(document) -> str:
    """sent → viewed: where the client's first view of the link leaves a document (its stored
    status: one shown as overdue or expired is viewed as well); any other view leaves it."""
    return "viewed" if document.status == "sent" else document.status


def public_view_rule(statuses: tuple[str, ...]) -> Rule:
    """The client's link: it opens in every status but draft (a draft has not been sent, so
    its link is a 404 for visitors), and the first view moves a sent document to viewed."""
    return Rule("view", "a draft has not been sent", every_status_but(statuses, "draft"), role=PUBLIC,
                role_verb="open the client's link", result=first_view)


def listing(words: tuple[str, ...]) -> str:
    """('sent', 'viewed', 'partial') -> 'sent, viewed or partial'."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


@dataclass(frozen=True)
class LifeCycle:
    called: str                      # "an invoice", as the refusal names the document
    statuses: tuple[str, ...]
    rules: Mapping[str, Rule]
    status_of: Callable[[Any, Any], str]  # (document, today) -> the status it shows

    def _role_allows(self, rule: Rule, role: str) -> bool:
        return role_allows(rule.role, role)

    def _state_allows(self, rule: Rule, document, shown: str) -> bool:
        return shown in rule.from_ and (rule.needs is None or rule.needs(document))

    def allowed(self, document, role: str, today) -> frozenset[str]:
        """The actions ``role`` may take on ``document`` now."""
        shown = self.status_of(document, today)
        return frozenset(name for name, rule in self.rules.items()
                         if self._role_allows(rule, role) and self._state_allows(rule, document, shown))

    def permits(self, action: str, document, today) -> bool:
        """Whether the document's state allows ``action`` now, whoever asks (e.g. whether the
        client's link opens: ``permits("view", …)``)."""
        return self._state_allows(self.rules[action], document, self.status_of(document, today))

    def check(self, action: str, document, role: str, today) -> Rule:
        """The rule of ``action`` when allowed; else Forbidden (role) or InvalidTransition
        naming the shown status and what is allowed."""
        rule = self.rules[action]
        if not self._role_allows(rule, role):
            raise Forbidden(only_role_may(rule.role, rule.role_verb))
        shown = self.status_of(document, today)
        if not self._state_allows(rule, document, shown):
            said = (rule.said or {}).get(shown)
            raise InvalidTransition(said or _("Cannot %(action)s %(document)s that is %(status)s; %(reason)s.",
                                              action=rule.verb, document=self.called, status=shown,
                                              reason=rule.explain), status=shown)
        return rule

    def result(self, action: str, document) -> str | None:
        """The status ``action`` leads to (some depend on the amounts after it)."""
        result = self.rules[action].result
        return result(document) if callable(result) else result

    def statuses_for(self, action: str) -> tuple[str, ...]:
        return self.rules[action].from_

    def record_view(self, document) -> bool:
        """The client opened the link: take the table's view step (sent → viewed, stamping
        ``viewed_at``); True when the status moved."""
        status = self.result("view", document)
        if status == document.status:
            return False
        document.status, document.viewed_at = status, utcnow()
        return True
