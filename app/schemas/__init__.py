"""The declared shapes of the API's input and output (pydantic models); their field limits are
the constants of :mod:`app.limits`, which the database columns and the services read too.

Nothing here imports Flask; the shapes sit above the services, whose checks they reuse."""
