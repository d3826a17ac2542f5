"""The services' worker threads: all started at once, answers and errors through Futures, a clean shutdown."""

import threading

import pytest

from kiosk.services.workers import Workers


def _names(prefix):
    return sorted(t.name for t in threading.enumerate() if t.name.startswith(prefix))


def test_every_worker_thread_is_running_before_the_first_call():
    workers = Workers(3, "wtest-start")
    try:
        assert _names("wtest-start") == ["wtest-start_0", "wtest-start_1", "wtest-start_2"]
    finally:
        workers.shutdown()


def test_the_thread_count_does_not_move_over_many_calls():
    workers = Workers(2, "wtest-many")
    try:
        results = [workers.submit(lambda i=i: i * i).result(timeout=5) for i in range(200)]
        assert results == [i * i for i in range(200)]
        assert len(_names("wtest-many")) == 2
    finally:
        workers.shutdown()


def test_a_failing_call_hands_its_exception_to_the_future_and_the_worker_serves_on():
    workers = Workers(1, "wtest-fail")
    try:
        def boom():
            raise ValueError("no answer")
        with pytest.raises(ValueError, match="no answer"):
            workers.submit(boom).result(timeout=5)
        assert workers.submit(lambda: "next").result(timeout=5) == "next"
    finally:
        workers.shutdown()


def test_calls_run_on_the_workers_not_the_caller():
    workers = Workers(1, "wtest-where")
    try:
        assert workers.submit(lambda: threading.current_thread().name).result(timeout=5) == "wtest-where_0"
    finally:
        workers.shutdown()


def test_shutdown_cancels_queued_calls_when_asked_and_ends_every_thread():
    workers = Workers(1, "wtest-stop")
    started, release = threading.Event(), threading.Event()

    def hold():
        started.set()
        release.wait(5)
        return "held"
    busy = workers.submit(hold)
    started.wait(5)
    queued = workers.submit(lambda: "never")
    workers.shutdown(wait=False, cancel_pending=True)
    release.set()
    workers.shutdown(wait=True)
    assert busy.result(timeout=5) == "held"
    assert queued.cancelled()
    assert _names("wtest-stop") == []
    with pytest.raises(RuntimeError):
        workers.submit(lambda: None)


def test_shutdown_without_cancelling_runs_the_queued_calls():
    workers = Workers(1, "wtest-drain")
    futures = [workers.submit(lambda i=i: i) for i in range(5)]
    workers.shutdown(wait=True)
    assert [f.result(timeout=0) for f in futures] == list(range(5))
