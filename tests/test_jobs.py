"""The background engine on Huey: the tick in immediate mode, `flask run-due`, the queue's
backends, and once a real `huey_consumer` process doing a queued job."""
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest
from huey import RedisHuey, SqliteHuey

from app.extensions import db
from app.jobs import queue
from app.services.tenancy import today_for
from tests.support.processes import consumer_env, tick_immediately
from tests.support.reads import mails_of, rows

ROOT = Path(__file__).resolve().parent.parent




def test_queue_is_a_sqlite_file_in_the_instance_folder_or_redis(tmp_path):
    embedded = queue.make_huey(str(tmp_path))
    assert isinstance(embedded, SqliteHuey) and embedded.storage.filename == str(tmp_path / "queue.sqlite3")
    shared = queue.make_huey(str(tmp_path), redis_url="redis://127.0.0.1:6379/3")
    assert isinstance(shared, RedisHuey)
    assert shared.storage.conn.connection_pool.connection_kwargs["db"] == 3


def test_the_periodic_tick_sends_due_reminders_in_immediate_mode(app, actor, tasks, make_sent_invoice, switch_on):
    switch_on(actor)
    invoice = make_sent_invoice(actor)
    every = tasks.tick.task_class().validate_datetime  # a periodic task, every TICK_EVERY_MINUTES minutes
    assert every(datetime(2025, 5, 15, 9, 5)) and not every(datetime(2025, 5, 15, 9, 7))
    tick_immediately(tasks, "2025-05-12 08:00:00+00:00")
    assert rows(invoice) == [(-3, "sent")] and len(mails_of(actor.company)) == 1


def test_run_due_prints_what_it_did(app, actor, make_sent_invoice, switch_on):
    switch_on(actor)
    invoice = make_sent_invoice(actor)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["run-due", "--today", "2025-05-16"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "overdue: Acme Studio: 1 invoice(s) now overdue",
        f"reminders: {invoice.invoice_number}, on the due date: sent to billing@acme.example.com",
        "recurring: nothing due", "overdue: 1 marked", "reminders: 1 sent", "online_payments: nothing due",
        "webhooks: nothing due"]
    again = runner.invoke(args=["run-due", "--today", "2025-05-16"]).output
    assert again == ("recurring: nothing due\noverdue: nothing due\nreminders: nothing due\nonline_payments: nothing due\n"
                     "webhooks: nothing due\n")
    bad = runner.invoke(args=["run-due", "--today", "16/05/2025"])
    assert bad.exit_code == 2 and "16/05/2025" in bad.output


@pytest.mark.commits
def test_a_real_consumer_runs_a_queued_tick(app, actor, tasks, tmp_path, make_sent_invoice, switch_on):
    """The worker as production runs it: a separate `huey_consumer` process on the SQLite queue.
    The test queues a tick; the worker's tick queues the reminder job and the worker sends it."""
    switch_on(actor, [{"days": 0}])
    today = today_for(actor.company)
    invoice = make_sent_invoice(actor, due_date=today.isoformat())
    log = tmp_path / "consumer.log"
    with open(log, "wb") as output:
        worker = subprocess.Popen([sys.executable, "-m", "huey.bin.huey_consumer", "app.jobs.tasks.huey",
                                   "-w", "2", "-k", "thread", "-d", "0.1", "-m", "0.5"],
                                  cwd=ROOT, env=consumer_env(app), stdout=output, stderr=subprocess.STDOUT)
    try:
        tasks.tick()  # not immediate: this only puts the message in the queue file
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and worker.poll() is None:
            handled = rows(invoice)
            db.session.rollback()  # end the look (on SQLite it holds the write lock the worker needs)
            if handled and handled[0][1] != "sending":  # claimed first, then sent and recorded
                break
            time.sleep(0.3)
        assert rows(invoice) == [(0, "sent")], log.read_text()
        db.session.rollback()
    finally:
        worker.send_signal(signal.SIGINT)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
    assert len(tasks.huey) == 0  # nothing left in the queue
    # The mail went to the instance outbox the web app lists, PDF attached.
    [message] = mails_of(actor.company)
    assert [part.get_content_type() for part in message.iter_attachments()] == ["application/pdf"]
