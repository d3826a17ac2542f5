"""A fixed set of worker threads, all started together, that run submitted calls and answer with Futures.

    workers = Workers(4, "service")
    future = workers.submit(fn)            # -> concurrent.futures.Future of fn()
    workers.shutdown(wait=True, cancel_pending=True)

Why not ``ThreadPoolExecutor``: it starts a thread only when a call finds none idle, so a kiosk that has
served a hundred visits can have one thread more than after ten. A count that moves is a count the soak
cannot tell from a leak; these threads are all there from the first call to the last.
"""

from __future__ import annotations

import queue
import threading
from concurrent.futures import Future

_STOP = object()


class Workers:
    """``count`` threads named ``<name>_<i>`` taking calls from one queue, first in first out."""

    def __init__(self, count: int, name: str):
        self._calls: queue.SimpleQueue = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._closed = False
        self._threads = [threading.Thread(target=self._serve, name=f"{name}_{i}", daemon=True)
                         for i in range(count)]
        for thread in self._threads:
            thread.start()

    def submit(self, fn) -> Future:
        future: Future = Future()
        with self._lock:
            if self._closed:
                raise RuntimeError("the workers have been shut down")
            self._calls.put((future, fn))
        return future

    def shutdown(self, wait: bool = True, cancel_pending: bool = False) -> None:
        """No more calls are taken; calls already queued run, or are cancelled with ``cancel_pending``."""
        with self._lock:
            if not self._closed:
                self._closed = True
                if cancel_pending:
                    self._cancel_queued()
                for _ in self._threads:
                    self._calls.put(_STOP)
        if wait:
            for thread in self._threads:
                if thread is not threading.current_thread():
                    thread.join()

    def _cancel_queued(self) -> None:
        while True:
            try:
                future, _fn = self._calls.get_nowait()
            except queue.Empty:
                return
            future.cancel()

    def _serve(self) -> None:
        while True:
            item = self._calls.get()
            if item is _STOP:
                return
            future, fn = item
            if not future.set_running_or_notify_cancel():
                continue
            try:
                result = fn()
            except BaseException as exc:  # the caller's Future carries it, as ThreadPoolExecutor's does
                future.set_exception(exc)
            else:
                future.set_result(result)
            del future, fn, item  # a finished call's objects are not held while the thread waits for the next
