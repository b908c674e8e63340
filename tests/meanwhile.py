"""Make a race happen on purpose: run an action in another thread at the moment the request
under test is about to send a given statement."""
import threading
from contextlib import contextmanager

from sqlalchemy import event

from app.extensions import db


@contextmanager
def meanwhile(sends, action):
    """While the block runs, just before the first statement for which ``sends(statement)`` is
    true, run ``action()`` in another thread (so in its own app context, session and
    connection, like another request in a server) and wait for it. Yields the list that
    receives the action's result."""
    results, started = [], []

    def before(conn, cursor, statement, *args):
        if not started and sends(statement):
            started.append(True)  # at once: the action may send the same statement
            other = threading.Thread(target=lambda: results.append(action()))
            other.start()
            other.join(timeout=60)
    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield results
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
