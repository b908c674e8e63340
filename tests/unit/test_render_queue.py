"""The PDF renderers' fair turns (issue 24, item 7): a company with a render running never
takes the last free worker, waiting companies are served round-robin, and a job that waits
past its timeout leaves the queue with nothing taken."""
import threading
import time

import pytest

from app.rendering.render_queue import FairQueue


def _waiting_for(queue: FairQueue, owner, got: list, timeout: float = 5) -> threading.Thread:
    thread = threading.Thread(target=lambda: got.append((owner, queue.acquire(owner, timeout))))
    thread.start()
    return thread


def _settle():
    time.sleep(0.05)


def test_a_company_with_a_render_running_leaves_the_last_worker_to_another_company():
    queue = FairQueue(["w1", "w2"])
    first = queue.acquire("A", 1)
    with pytest.raises(TimeoutError):
        queue.acquire("A", 0.05)  # A's second render waits: w2 is kept for the others
    assert queue.acquire("B", 0.05) != first  # and company B gets it at once
    assert queue.running() == {"A": 1, "B": 1}


def test_a_company_may_use_several_workers_while_one_stays_free():
    queue = FairQueue(["w1", "w2", "w3"])
    taken = {queue.acquire("A", 1), queue.acquire("A", 1)}
    with pytest.raises(TimeoutError):
        queue.acquire("A", 0.05)
    assert queue.acquire("B", 0.05) not in taken


def test_waiting_companies_are_served_round_robin_not_by_arrival():
    queue = FairQueue(["w1"])
    slot = queue.acquire("A", 1)
    got: list = []
    threads = [_waiting_for(queue, "A", got)]
    _settle()
    threads += [_waiting_for(queue, "A", got)]
    _settle()
    threads.append(_waiting_for(queue, "B", got))  # arrives after A's two
    _settle()
    for _ in range(3):
        queue.release(got[-1][0] if got else "A", got[-1][1] if got else slot)
        _settle()
    for thread in threads:
        thread.join(5)
    assert [owner for owner, _ in got] == ["B", "A", "A"]


def test_a_job_that_times_out_leaves_the_queue_and_the_workers_as_they_were():
    queue = FairQueue(["w1"])
    slot = queue.acquire("A", 1)
    with pytest.raises(TimeoutError):
        queue.acquire("B", 0.05)
    queue.release("A", slot)
    assert queue.running() == {} and queue.acquire("C", 0.05) == "w1"


@pytest.mark.parametrize("cpus,configured,workers", [(2, None, 2), (8, None, 2), (1, None, 1), (8, 6, 6),
                                                      (4, 6, 4), (None, 3, 1)])
def test_render_workers_are_the_configured_number_at_most_one_per_cpu(app, monkeypatch, cpus, configured, workers):
    from app.rendering import pdf

    monkeypatch.setattr(pdf.os, "cpu_count", lambda: cpus)
    monkeypatch.setitem(app.config, "PDF_RENDER_WORKERS", configured)
    with app.app_context():
        assert pdf.render_workers() == workers


def test_jobs_of_no_company_take_turns_too():
    queue = FairQueue(["w1", "w2"])
    assert queue.acquire(None, 0.05) in ("w1", "w2")
    assert queue.acquire("A", 0.05) in ("w1", "w2")
