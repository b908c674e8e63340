"""The Huey instance: a SQLite file in the instance folder by default, Redis when
``REDIS_URL`` is set (then any number of workers on any number of machines share the work)."""
from __future__ import annotations

import os

from huey import RedisHuey, SqliteHuey

from app import config

NAME = "corebill"
QUEUE_FILE = "queue.sqlite3"


def make_huey(instance_path: str | None = None, redis_url: str | None = None, **options):
    """``results=False``: nothing reads task results; the database records what jobs did."""
    options.setdefault("results", False)
    if redis_url:
        return RedisHuey(NAME, url=redis_url, **options)
    folder = instance_path or config.instance_path()
    os.makedirs(folder, exist_ok=True)
    return SqliteHuey(NAME, filename=os.path.join(folder, QUEUE_FILE), **options)


def from_environment():
    return make_huey(os.environ.get("INSTANCE_PATH"), os.environ.get("REDIS_URL") or None)
