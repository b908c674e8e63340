from app import create_app
from app.jobs.tasks import install_dispatcher

app = install_dispatcher(create_app())  # each new webhook delivery is a job for the worker
