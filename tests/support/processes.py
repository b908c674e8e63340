"""Other processes in tests: app servers (gunicorn) and Huey consumers on the test database."""
import http.client
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


URL = os.environ.get("TEST_DATABASE_URL", "")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, port: int, process: subprocess.Popen):
        self.port, self.process = port, process

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            payload = json.dumps(body) if body is not None else None
            all_headers = {"Content-Type": "application/json", **(headers or {})}
            connection.request(method, path, body=payload, headers=all_headers)
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()


def start_server(instance: str, log, **settings) -> Server:
    """One gunicorn process serving the app; ``settings`` are more environment variables."""
    port = _free_port()
    env = dict(os.environ, DATABASE_URL=URL, INSTANCE_PATH=instance, SECRET_KEY="two-processes",
               RATELIMIT_ENABLED="false", APP_BASE_URL="http://localhost")
    env.update(settings)
    process = subprocess.Popen([GUNICORN, "-w", "1", "-b", f"127.0.0.1:{port}", "wsgi:app"], cwd=ROOT, env=env,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    server = Server(port, process)
    deadline = time.monotonic() + 90
    while True:
        try:
            server.request("GET", "/v1/openapi.json")
            return server
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the app process did not start (log: {log.name})")
            time.sleep(0.3)


def consumer_env(app) -> dict:
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    url = app.config["SQLALCHEMY_DATABASE_URI"].replace("postgresql+psycopg://", "postgresql://")
    env.update(PYTHONPATH=str(ROOT), INSTANCE_PATH=app.instance_path, DATABASE_URL=url, SECRET_KEY="test-secret",
               APP_BASE_URL="http://localhost", MAIL_SERVER="")
    return env


def tick_immediately(tasks, moment: str, times: int = 2) -> None:
    """The periodic tick run ``times`` at ``moment`` with the queue in immediate mode (jobs run at once)."""
    import time_machine

    tasks.huey.immediate = True
    try:
        with time_machine.travel(moment, tick=False):
            for _ in range(times):
                tasks.tick()
    finally:
        tasks.huey.immediate = False
