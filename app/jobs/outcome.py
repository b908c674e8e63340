"""What one item of due work did, as the tick counts and prints it."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Done:
    outcome: str  # a word counted in the tick's summary: sent, failed, nothing…
    detail: str = ""  # line(s) for `flask run-due`, when there is something to say
    count: int = 1  # how many items it counts for (a job may do a group of items)
