"""Fair turns at the PDF renderers: the slots (worker processes) of a pool are handed to the
jobs waiting for them by owner (a company), not by arrival, so one company's long renders do
not hold up every other company's PDFs.

- Among the owners with a job waiting, the next slot goes to the one with the fewest renders
  running, then to the one served longest ago (round-robin; a newcomer first).
- An owner with a render running never takes the last free slot: it stays for another owner,
  so with two slots or more a company is never left waiting behind another's long render.
- Each job waits at most its timeout; then it leaves the queue with nothing taken.

Pure threading, no processes: :class:`app.rendering.render_worker.RenderPool` uses it."""
from __future__ import annotations

import itertools
import threading
import time
from collections import Counter, deque
from collections.abc import Hashable

_UNSET = object()


class _Ticket:
    __slots__ = ("owner", "slot")

    def __init__(self, owner: Hashable):
        self.owner = owner
        self.slot = _UNSET


class FairQueue:
    def __init__(self, slots: list):
        self._free = list(slots)
        self._changed = threading.Condition()
        self._waiting: dict[Hashable, deque[_Ticket]] = {}
        self._running: Counter = Counter()
        self._served: dict[Hashable, int] = {}  # owner -> the turn it was last served at
        self._turns = itertools.count()

    def acquire(self, owner: Hashable, timeout: float):
        """A free slot for ``owner`` once it is its turn; TimeoutError after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        ticket = _Ticket(owner)
        with self._changed:
            self._waiting.setdefault(owner, deque()).append(ticket)
            self._hand_out()
            while ticket.slot is _UNSET:
                left = deadline - time.monotonic()
                if left <= 0:
                    self._leave(ticket)
                    raise TimeoutError
                self._changed.wait(left)
            return ticket.slot

    def release(self, owner: Hashable, slot) -> None:
        """Give back the slot ``owner`` took (a replaced worker, or None for a stopped one)."""
        with self._changed:
            self._free.append(slot)
            self._running[owner] -= 1
            if self._running[owner] <= 0:
                del self._running[owner]
            self._hand_out()
            self._forget_idle()

    def running(self) -> dict[Hashable, int]:
        with self._changed:
            return dict(self._running)

    def _next_owner(self):
        """The owner whose turn it is (any hashable, None included), or _UNSET for nobody."""
        owner = min(self._waiting, key=lambda who: (self._running[who], self._served.get(who, -1)))
        if self._running[owner] and len(self._free) < 2:
            return _UNSET  # the last free slot stays for another owner
        return owner

    def _hand_out(self) -> None:
        while self._free and self._waiting:
            owner = self._next_owner()
            if owner is _UNSET:
                return
            waiting = self._waiting[owner]
            ticket = waiting.popleft()
            if not waiting:
                del self._waiting[owner]
            ticket.slot = self._free.pop()
            self._running[owner] += 1
            self._served[owner] = next(self._turns)
            self._changed.notify_all()

    def _leave(self, ticket: _Ticket) -> None:
        waiting = self._waiting[ticket.owner]
        waiting.remove(ticket)
        if not waiting:
            del self._waiting[ticket.owner]
        self._forget_idle()

    def _forget_idle(self) -> None:
        """Turn history is kept only for owners still waiting or running (bounded memory)."""
        for owner in [owner for owner in self._served if owner not in self._waiting and owner not in self._running]:
            del self._served[owner]
