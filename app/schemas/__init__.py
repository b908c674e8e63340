"""The declared shapes of the API's input and output (pydantic models), and the field limits
that the models, the database columns, the services and the dashboard forms all read.

Nothing here imports Flask or SQLAlchemy; :mod:`app.schemas.limits` imports nothing at all."""
