"""WeasyPrint in a bounded worker process.

A render runs in a separate, persistent process (one per pool slot) so a document that takes
too long can be stopped for real: the parent waits at most ``timeout`` seconds for the answer
and then kills the process (a thread cannot be interrupted inside WeasyPrint), reporting
RenderFailed instead of holding a web worker. The process keeps its fontconfig setup and the
parsed stylesheet (fonts included) between jobs, so each render pays only for layout and PDF
output. It is started with ``spawn`` (no copy of the web process's sockets or threads) and is
recycled after ``MAX_JOBS`` renders to bound memory.

The worker is a plain ``python -m app.rendering.render_worker`` subprocess talking over two
pipes (not multiprocessing's spawn, which would re-run the web server's main script).

A pool has several workers; a job names its owner (the document's company) and waits for a
worker in :class:`app.rendering.render_queue.FairQueue`'s turns, so one company's long renders
leave a worker free for the others. A worker process starts when its slot is first used."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from app.rendering.render_queue import FairQueue

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent

MAX_JOBS = 500
# Subsetting is done by HarfBuzz (libharfbuzz-subset0, picked by WeasyPrint when it loads);
# no images are embedded, and hinting only matters on screens.
PDF_OPTIONS = {"full_fonts": False, "hinting": False, "optimize_images": False,
               "uncompressed_pdf": False, "presentational_hints": False}
# What a job may add to PDF_OPTIONS: the PDF/A-3b variant of a Factur-X PDF (DESIGN §14).
VARIANT_OPTIONS = {"pdf/a-3b": {"pdf_variant": "pdf/a-3b"}}


class RenderFailed(RuntimeError):
    """The PDF could not be produced (too slow, crashed, or WeasyPrint raised)."""


@dataclass
class RenderResult:
    pdf: bytes
    pages: int
    seconds: float  # the worker's wall time for layout and PDF output
    cpu_seconds: float  # and its CPU time (steadier on a busy machine)
    requested: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def _serve(inbox: Connection, outbox: Connection) -> None:  # runs in the worker process
    import gc
    import logging

    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from app.rendering.fetcher import StaticOnlyFetcher

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    font_config = FontConfiguration()
    fetchers: dict[str, StaticOnlyFetcher] = {}
    stylesheets: dict[tuple[str, str], CSS] = {}
    while True:
        try:
            job = inbox.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        html, css_text, static_root, variant = job
        options = {**PDF_OPTIONS, **VARIANT_OPTIONS.get(variant, {})}
        fetcher = fetchers.setdefault(static_root, StaticOnlyFetcher(Path(static_root)))
        fetcher.reset_log()
        try:
            css_key = (static_root, hashlib.sha256(css_text.encode()).hexdigest())
            if css_key not in stylesheets:
                if len(stylesheets) >= 4:  # the stylesheet changed under a running server
                    stylesheets.clear()
                stylesheets[css_key] = CSS(string=css_text, base_url=Path(static_root).as_uri() + "/",
                                           url_fetcher=fetcher, font_config=font_config)
                gc.collect()
                gc.freeze()  # imports, fonts and the stylesheet stay: later collections skip them
            started, cpu_started = time.perf_counter(), time.process_time()
            # A layout allocates millions of short-lived objects; the cycle collector would
            # scan them again and again (a third of the time). It runs after the answer.
            gc.disable()
            document = HTML(string=html, base_url=Path(static_root).as_uri() + "/",
                            url_fetcher=fetcher).render(stylesheets=[stylesheets[css_key]],
                                                        font_config=font_config, **options)
            pdf = document.write_pdf(**options)
            answer = ("ok", pdf, len(document.pages), time.perf_counter() - started,
                      time.process_time() - cpu_started, list(fetcher.requested), list(fetcher.refused))
            del document
        except Exception as error:  # reported to the parent, which raises RenderFailed
            answer = ("error", f"{type(error).__name__}: {error}")
        finally:
            gc.enable()
        outbox.send(answer)
        del answer
        gc.collect()  # while the parent is already serving the PDF


class _Worker:
    def __init__(self):
        job_read, job_write = os.pipe()
        answer_read, answer_write = os.pipe()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "app.rendering.render_worker", str(job_read), str(answer_write)],
                pass_fds=(job_read, answer_write), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                cwd=str(PROJECT_ROOT), env=env)
        finally:
            os.close(job_read)
            os.close(answer_write)
        self.jobs_out = Connection(job_write, readable=False)
        self.answers = Connection(answer_read, writable=False)
        self.jobs = 0

    def alive(self) -> bool:
        return self.process.poll() is None and self.jobs < MAX_JOBS

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=5)
        self.jobs_out.close()
        self.answers.close()


class RenderPool:
    """A few worker processes; each job waits for its turn at one (fair by owner), then for its
    answer, both within its timeout."""

    def __init__(self, size: int = 1):
        self.size = max(1, size)
        self._turns = FairQueue([None] * self.size)
        self._lock = threading.Lock()
        self._all: list[_Worker] = []

    def render(self, html: str, css_text: str, static_root: Path, timeout: float,
               variant: str | None = None, owner: object = None) -> RenderResult:
        """``variant``: None for a plain PDF, or a key of VARIANT_OPTIONS ("pdf/a-3b");
        ``owner``: whose turn it is (a company's pk; None for jobs of no company)."""
        deadline = time.monotonic() + timeout
        try:
            worker = self._turns.acquire(owner, timeout)
        except TimeoutError:
            raise RenderFailed(f"All PDF renderers stayed busy for {timeout:g} s; try again shortly.") from None
        try:
            if worker is None or not worker.alive():
                worker = self._replace(worker)
            worker.jobs += 1
            try:
                worker.jobs_out.send((html, css_text, str(static_root), variant))
                finished = worker.answers.poll(max(0.0, deadline - time.monotonic()))
            except OSError:
                worker = self._replace(worker, start=False)
                raise RenderFailed("The PDF renderer stopped unexpectedly.") from None
            if not finished:
                worker = self._replace(worker, start=False)
                raise RenderFailed(f"The PDF took longer than {timeout:g} s to render and was stopped.")
            try:
                answer = worker.answers.recv()
            except (EOFError, OSError):
                worker = self._replace(worker, start=False)
                raise RenderFailed("The PDF renderer stopped unexpectedly.") from None
        finally:
            self._turns.release(owner, worker)
        if answer[0] != "ok":
            raise RenderFailed(f"The PDF could not be rendered: {answer[1]}")
        _, pdf, pages, seconds, cpu_seconds, requested, refused = answer
        return RenderResult(pdf, pages, seconds, cpu_seconds, requested, refused)

    def running(self) -> dict:
        """How many renders each owner has running now."""
        return self._turns.running()

    def warm_up(self, css_text: str, static_root: Path, timeout: float = 60) -> None:
        """Start every worker's process (imports, fonts, stylesheet) before the first real job:
        one job per worker at once, each its own owner."""
        failed: list[RenderFailed] = []

        def one(n: int) -> None:
            try:
                self.render("<p>warm-up</p>", css_text, static_root, timeout, owner=("warm-up", n))
            except RenderFailed as error:
                failed.append(error)
        threads = [threading.Thread(target=one, args=(n,)) for n in range(self.size)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if failed:
            raise failed[0]

    def _replace(self, worker: _Worker | None, start: bool = True) -> _Worker | None:
        with self._lock:
            if worker is not None:
                worker.stop()
                self._all.remove(worker)
            if not start:
                return None
            fresh = _Worker()
            self._all.append(fresh)
            return fresh

    def close(self) -> None:
        with self._lock:
            for worker in self._all:
                try:
                    worker.jobs_out.send(None)
                except OSError:
                    pass
                worker.stop()
            self._all.clear()


if __name__ == "__main__":
    _serve(Connection(int(sys.argv[1]), writable=False), Connection(int(sys.argv[2]), readable=False))
