"""Work in the background (DESIGN §13): a queue (``queue``), the tick that runs everything
that is due (``due``, with one module per kind of due work, such as ``reminders``), and the
Huey tasks a worker process runs (``tasks``, the worker's door: start it with
``huey_consumer app.jobs.tasks.huey``)."""
