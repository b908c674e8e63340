"""What one item of due work did, as the tick counts and prints it."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Done:
    outcome: str  # a word counted in the tick's summary: sent, failed, nothing…
    detail: str = ""  # one line for `flask run-due`, when there is something to say
