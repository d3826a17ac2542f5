"""The soak's stall watch tells when a process stopped running Python for longer than its threshold."""

import io
import threading

from benchmarks.stall_watch import StallWatch


def test_a_process_that_did_not_run_for_a_while_is_reported_with_the_time():
    out = io.StringIO()
    watch = StallWatch("test process", threshold_ms=80, tick_s=0.01, out=out).start()
    try:
        threading.Event().wait(0.05)
        sum(range(20_000_000))  # one C call: it holds the GIL throughout (well over 80 ms on any machine here)
        threading.Event().wait(0.05)
    finally:
        watch.stop()
    assert watch.stalls >= 1
    assert "stall watch: the test process did not run for" in out.getvalue()
    assert watch.take_worst_ms() >= 80
    assert watch.take_worst_ms() == 0.0  # taken: it starts again


def test_a_process_that_runs_is_not_reported():
    out = io.StringIO()
    watch = StallWatch("test process", threshold_ms=5000, tick_s=0.01, out=out).start()
    threading.Event().wait(0.1)
    watch.stop()
    assert watch.stalls == 0 and out.getvalue() == ""
