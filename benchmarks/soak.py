"""A day of use: thousands of sessions across every service through the real UI, with faults; does anything grow?

The kiosk runs in this process as `kiosk run` builds it (KioskRuntime: window, drivers, database, journal)
on a FakeClock that is moved instead of waited on; the simulated devices and back ends run in a child
process (`kiosk sim`) and are reached over ptys and HTTP, so what they keep is not counted as ours.
Residents are played with touches on the real widgets (ui.driving) and the simulators' control APIs.

Every ``sample_every`` sessions: resident memory, open descriptors, threads, database size, Python objects.
After every session: the attract screen is back. At the end: no unfinished top-up in the journal.

    python -m benchmarks.soak [--sessions N] [--sample-every K] [--quick]

Finding a leak: KIOSK_SOAK_ONLY=gas_topup,credit_view plays only those; KIOSK_SOAK_TRACEMALLOC=12 writes which
Python lines grew (benchmarks/results/soak-tracemalloc.txt); C and C++ growth: run it under
`heaptrack` twice (e.g. 30 and 130 sessions) and `heaptrack_print -f big.zst -d small.zst --print-leaks 1`.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import json
import logging
import os
import random
import sys
import tempfile
import threading
import time
import tracemalloc
from datetime import datetime, timedelta

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

#: The kiosk's lines are configured at the fastest standard rate; the simulators run theirs faster still
#: (a pty has no speed of its own) and the ID reader's RF read is shortened: the soak checks behaviour
#: and leaks, not wire time (benchmarks/printing.py measures that).
SOAK_BAUD = 230400
SIM_BAUD = 2_000_000
SIM_READ_DELAY = 0.02
#: The readers look for a card this often (the config allows 100 ms at the least; shipped: 500 ms).
POLL_MS = 100

#: (scenario, weight, sessions it plays). Weights are per hundred sessions.
MIX = [
    ("credit_print", 22, 1), ("credit_view", 8, 1), ("property_print", 12, 1), ("no_property", 8, 1),
    ("gas_topup", 20, 1), ("gas_cancel", 5, 1), ("gas_qr_timeout", 3, 1), ("idle_timeout", 5, 1),
    ("changed_mind", 5, 1), ("paper_out", 2, 1), ("card_pulled_mid_read", 3, 1), ("backend_failing", 3, 1),
    ("backend_slow", 2, 1), ("gas_card_pulled_mid_write", 2, 2),
]


def _proc_status() -> dict:
    out = {}
    with open("/proc/self/status") as fh:
        for line in fh:
            k, _, v = line.partition(":")
            out[k] = v.strip()
    return out


def _malloc_stats() -> dict:
    """glibc's view of the C heap: bytes in use and bytes free but kept (fragmentation), in KB."""
    from kiosk.memory import heap_info
    mi = heap_info()
    if mi is None:
        return {}
    out = {"c_heap_used_kb": (mi["uordblks"] + mi["hblkhd"]) // 1024, "c_heap_free_kb": mi["fordblks"] // 1024,
           "py_blocks": sys.getallocatedblocks()}
    try:  # the same library _sqlite3 uses: dlopen hands back the loaded one
        sqlite = ctypes.CDLL("libsqlite3.so.0")
        sqlite.sqlite3_memory_used.restype = ctypes.c_int64
        out["sqlite_kb"] = sqlite.sqlite3_memory_used() // 1024
    except (OSError, AttributeError):
        pass
    if tracemalloc.is_tracing():
        out["py_traced_kb"] = tracemalloc.get_traced_memory()[0] // 1024
    return out


def _smaps_kb() -> dict:
    """Resident memory split into anonymous (heap, arenas) and file-backed (libraries, fonts, the database)."""
    out = {}
    try:
        with open("/proc/self/smaps_rollup") as fh:
            for line in fh:
                k, _, v = line.partition(":")
                if k in ("Anonymous", "Pss_File", "Pss_Anon", "Private_Dirty"):
                    out[k.lower() + "_kb"] = int(v.split()[0])
    except OSError:
        pass
    return out


def sample(session_count: int, db_path: str) -> dict:
    """What the kiosk process holds now (after collecting garbage and deleting widgets due for deletion)."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
        QCoreApplication.processEvents()
    gc.collect()
    st = _proc_status()
    db = sum(os.path.getsize(db_path + s) for s in ("", "-wal") if os.path.exists(db_path + s))
    fd_kinds: dict[str, int] = {}
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        kind = target.split(":")[0] if ":" in target else target.replace(os.sep + "tmp" + os.sep, "/tmp/")
        fd_kinds[kind] = fd_kinds.get(kind, 0) + 1
    return {"sessions": session_count, "rss_kb": int(st["VmRSS"].split()[0]), "fds": len(os.listdir("/proc/self/fd")),
            "os_threads": int(st["Threads"]), "db_bytes": db,
            # Qt's own threads that once ran Python show up as "Dummy" threads and are never removed
            "py_threads": sum(1 for t in threading.enumerate() if not t.name.startswith("Dummy")),
            "py_objects": len(gc.get_objects()), "t_s": round(time.perf_counter(), 2),
            "qt_widgets": len(QApplication.allWidgets()), "qt_windows": len(QApplication.topLevelWidgets()),
            "thread_names": sorted(t.name for t in threading.enumerate()), "fd_kinds": fd_kinds,
            **_malloc_stats(), **_smaps_kb()}


class Soak:
    """One kiosk, one simulator process, and the residents who use them."""

    def __init__(self, workdir: str, *, seed: int = 20261128):
        self.workdir = workdir
        self.rng = random.Random(seed)
        self.sim = None
        self.rt = None
        self.watch = None
        self.failures: list[str] = []
        self.progress_path: str | None = None
        self.counts: dict[str, int] = {}
        self.seconds: dict[str, float] = {}
        self.not_at_attract = 0
        self.owed_written_first = 0  # gas visits that began with gas owed from an earlier one (see _open_gas)
        self._pruned_once = False

    # ---------------------------------------------------------------- life cycle
    def open(self) -> "Soak":
        from benchmarks.sim_process import SimProcess, copy_config, point_config_at
        from kiosk.clock import FakeClock
        from ui.driving import WindowDriver
        from ui.flow_runner import FlowRunner
        from ui.runtime import KioskRuntime

        sim_cfg = copy_config(os.path.join(self.workdir, "sim-config"), data_dir=os.path.join(self.workdir, "sim-var"),
                              baudrate=SOAK_BAUD, log_level="WARNING", poll_ms=POLL_MS)
        # thousands of top-ups on one card: the simulated utility does not roll the year over, so its
        # yearly volume cap would refuse them after some sixty; the soak's household has none
        accounts = os.path.join(sim_cfg, "sim", "gas_accounts.yaml")
        with open(accounts, encoding="utf-8") as fh:
            text = fh.read().replace('max_year_m3: "1200"', 'max_year_m3: "99999"')
        with open(accounts, "w", encoding="utf-8") as fh:
            fh.write(text)
        from benchmarks.stall_watch import StallWatch
        self.watch = StallWatch("kiosk's process").start()
        self.sim = SimProcess(sim_cfg, baud=SIM_BAUD, read_delay=SIM_READ_DELAY).start()
        cfg = copy_config(os.path.join(self.workdir, "config"), data_dir=os.path.join(self.workdir, "var"),
                          baudrate=SOAK_BAUD, log_level="WARNING", poll_ms=POLL_MS)
        point_config_at(cfg, self.sim.ports, self.sim.services_url)
        self._poll_ms = FlowRunner.POLL_MS
        FlowRunner.POLL_MS = 20  # the phone pays at once here; ask about the order often
        kiosk_log = logging.getLogger("kiosk")
        self._logging = (list(kiosk_log.handlers), kiosk_log.level, kiosk_log.propagate)
        self.clock = FakeClock(datetime(2026, 11, 28, 8, 0))
        self.rt = KioskRuntime(cfg, self.clock, log_to_file=True)
        if self.rt.out_of_service:
            raise RuntimeError(f"kiosk out of service: {self.rt.problems}")
        w = self.rt.window
        w.ticker.setInterval(20)
        w.resize(1080, 1920)
        w.show()
        self.d = WindowDriver(w)
        self.d.pump(50)
        self.receipts_dir = os.path.join(self.workdir, "sim-var", "sim", "printer", "receipts")
        self.db_path = self.rt.config.database_url.replace("sqlite:///", "")
        return self

    def close(self) -> None:
        """Stop the kiosk and the simulators; leave logging and polling as they were found."""
        if self.rt is not None:
            self.rt.close()
            self.d.pump(20)
            self.rt = None
        if self.sim is not None:
            self.sim.stop()
            self.sim = None
        if self.watch is not None:
            self.watch.stop()
            self.watch = None
        if hasattr(self, "_logging"):
            from ui.flow_runner import FlowRunner
            FlowRunner.POLL_MS = self._poll_ms
            handlers, level, propagate = self._logging
            kiosk_log = logging.getLogger("kiosk")
            for h in list(kiosk_log.handlers):
                if h not in handlers:
                    kiosk_log.removeHandler(h)
                    h.close()
            kiosk_log.setLevel(level)
            kiosk_log.propagate = propagate
            del self._logging

    # ---------------------------------------------------------------- helpers
    def advance(self, seconds: float) -> None:
        """Time passes for the kiosk (its timers tick on the fake clock)."""
        self.clock.advance(seconds)
        self.rt.window.tick()

    def _new_day_if_late(self) -> None:
        now = self.clock.now()
        if now.hour >= 21:  # the gas service closes at 23:00: the soak's day starts again next morning
            self.clock.set((now + timedelta(days=1)).replace(hour=8, minute=0, second=0))

    def _tidy_printer(self) -> None:
        """The hall attendant empties the receipt tray and reloads paper now and then."""
        self.sim.device("printer", "load_paper")
        if os.path.isdir(self.receipts_dir):
            for name in os.listdir(self.receipts_dir):
                try:
                    os.remove(os.path.join(self.receipts_dir, name))
                except OSError:
                    pass

    def _id_visit(self, tile: str, key: str, result: str) -> None:
        d = self.d
        d.start_session()
        d.open_tile(tile)
        d.wait_step("place_card")
        self._place_id_card(key)
        d.wait_step(result, timeout=15)

    def _place_id_card(self, key: str) -> None:
        """A hand is slower than the reader's polling: the card goes down once the reader has been looked at
        twice since the prompt showed (the look just after the last visit's pause, and this visit's first
        poll). Placed within milliseconds of the prompt on a loaded machine, before those looks, it could be
        taken for the last visit's card still lying there (the soak's 1 failed visit in 10,000 at 8b81cc9)."""
        start = self.sim.state()["id_reader"]["finds"]
        end = time.monotonic() + 5
        while self.sim.state()["id_reader"]["finds"] < start + 2 and time.monotonic() < end:
            self.d.pump(10)
        self.sim.device("id_reader", "insert", card=key)

    def _wait_sim(self, condition, timeout: float, what: str) -> None:
        """Run the kiosk's event loop until ``condition(simulator state)`` holds, looking every 20 ms as an eye
        would: each look is an HTTP request the simulators' process answers, beside the devices it runs."""
        self.d.wait_until(lambda: condition(self.sim.state()), timeout, what, every_ms=20)

    def _take_id_card_and_leave(self) -> None:
        d = self.d
        d.wait_step("take_card", timeout=20)
        self.sim.device("id_reader", "remove")
        d.leave()

    def _print(self) -> None:
        self.d.click("flow.print")

    # ---------------------------------------------------------------- scenarios
    def credit_print(self):
        self._id_visit("credit", self.rng.choice(["li_xiuying", "wang_jianguo", "ma_jun"]), "report")
        self._print()
        self._take_id_card_and_leave()

    def credit_view(self):
        self._id_visit("credit", self.rng.choice(["li_xiuying", "wang_jianguo", "ma_jun"]), "report")
        self.d.click("flow.home")
        self._take_id_card_and_leave()

    def property_print(self):
        self._id_visit("property", "wang_jianguo", "property_list")
        if self.rng.random() < 0.5:
            self.d.click("flow.detail.1")
            self.d.wait_step("property_detail")
        self._print()
        self._take_id_card_and_leave()

    def no_property(self):
        self._id_visit("property", "tian_xiaohong", "no_property")
        self._print()
        self._take_id_card_and_leave()

    def changed_mind(self):
        d = self.d
        d.start_session()
        d.open_tile(self.rng.choice(["credit", "property", "gas"]))
        d.wait_step("place_card", "insert_card")
        d.click("flow.home")
        d.leave()

    def idle_timeout(self):
        """The resident walks away from the report: the countdown, then the attract screen; the card is taken later."""
        self._id_visit("credit", "li_xiuying", "report")
        self.advance(60)
        self.d.wait_until(self.rt.window.overlay.isVisible, 3, "the idle countdown")
        self.advance(30)
        self.d.wait_until(lambda: self.d.at_attract, 3, "the attract screen after the countdown")
        self.sim.device("id_reader", "remove")

    def paper_out(self):
        self._id_visit("credit", "li_xiuying", "report")
        self.sim.device("printer", "paper", remaining_mm=40)
        self._print()
        self.d.wait_step("print_failed", timeout=20)
        self.sim.device("printer", "load_paper")
        self.d.click("flow.reprint")
        self._take_id_card_and_leave()

    def card_pulled_mid_read(self):
        d = self.d
        d.start_session()
        d.open_tile("credit")
        d.wait_step("place_card")
        self.sim.device("id_reader", "pull_during_read")
        self._place_id_card("li_xiuying")
        d.wait_step("read_failed", timeout=15)
        flow = self.rt.window.current_screen.runner.flow
        d.wait_until(lambda: not flow.card_present, 5, "the reader to notice the card is gone")
        self.sim.device("id_reader", "insert", card="li_xiuying")
        d.wait_step("report", timeout=15)
        d.click("flow.home")
        self._take_id_card_and_leave()

    def backend_failing(self):
        mode = self.rng.choice(["fail", "down", "garbage"])
        service = self.rng.choice(["credit", "property"])
        self.sim.set_fault(service, mode)
        try:
            self._id_visit(service, "wang_jianguo", "service_error")
        finally:
            self.sim.set_fault(service, "ok")
        self.d.click("flow.retry")
        self.d.wait_step("report" if service == "credit" else "property_list", timeout=15)
        self.d.click("flow.home")
        self._take_id_card_and_leave()

    def backend_slow(self):
        """The back end takes long: after 3 s (on the kiosk's clock) a cancel button, and the resident uses it."""
        self.sim.set_fault("credit", "slow", delay_s=0.3, count=1)
        self._id_visit("credit", "li_xiuying", "querying")
        self.advance(3)
        self.d.wait_until(lambda: self.d.button("flow.cancel") is not None, 3, "the cancel button")
        self.d.click("flow.cancel")
        self._take_id_card_and_leave()

    def _open_gas(self, until="account"):
        d = self.d
        d.start_session()
        d.open_tile("gas")
        d.wait_step("insert_card")
        self.sim.device("gas_reader", "insert", card="ready")
        if d.wait_step(until, "take_card", timeout=15) == until:
            return
        # gas paid for in an earlier visit whose write failed (a reader that stalled, say) is written
        # first, as the kiosk does for any resident who comes back: take it to the meter and start again
        self.owed_written_first += 1
        self._take_gas_card_and_leave(meter=True)
        self._open_gas(until)

    def _pay_screen(self) -> str:
        d = self.d
        d.click("flow.amount." + self.rng.choice(["50", "100"]))
        d.click("flow.pay")
        d.wait_step("pay", timeout=15)
        return self.rt.window.current_screen.runner.flow.order.order_no

    def _take_gas_card_and_leave(self, meter: bool) -> None:
        self._wait_sim(lambda state: state["gas_reader"]["position"] == "gate", 15, "the gas card at the gate")
        self.sim.device("gas_reader", "take")
        self.d.leave()
        if meter:
            self.sim.device("gas_reader", "meter", card="ready", used=self.rng.randint(0, 500))

    def gas_topup(self):
        self._open_gas()
        order_no = self._pay_screen()
        self.sim.pay(order_no)
        self.d.wait_step("take_card", timeout=20)
        self._take_gas_card_and_leave(meter=True)

    def gas_cancel(self):
        self._open_gas()
        self._pay_screen()
        self.d.click("flow.cancel")
        self._take_gas_card_and_leave(meter=False)

    def gas_qr_timeout(self):
        self._open_gas()
        self._pay_screen()
        self.advance(121)
        self.d.wait_step("take_card", timeout=15)
        self._take_gas_card_and_leave(meter=False)

    def gas_card_pulled_mid_write(self):
        """Paid, the card pulled during the write: the money is safe; the resident comes back and it is written."""
        self._open_gas()
        order_no = self._pay_screen()
        self.sim.device("gas_reader", "pull", op="write", after_bytes=self.rng.randint(0, 6))
        self.sim.pay(order_no)
        self.d.wait_step("write_failed", timeout=20)
        self.d.click("flow.home")
        self.d.leave()
        self._open_gas(until="take_card")  # the same resident, the same card: the owed gas is written
        self._take_gas_card_and_leave(meter=True)

    # ---------------------------------------------------------------- the run
    def run(self, sessions: int, sample_every: int, progress=None) -> dict:
        mix = MIX
        if os.environ.get("KIOSK_SOAK_ONLY"):  # e.g. "gas_topup": which kind of session is it that grows?
            mix = [m for m in MIX if m[0] in os.environ["KIOSK_SOAK_ONLY"].split(",")]
        names = [m[0] for m in mix]
        weights = [m[1] for m in mix]
        plays = {m[0]: m[2] for m in MIX}
        samples = [sample(0, self.db_path)]
        done = 0
        next_sample = sample_every
        t0 = time.perf_counter()
        # every kind of visit once first, so what the kiosk opens on first use (the journal's write
        # connection at the first top-up, the print thread, ...) is open before the first sample after start
        first_round = [n for n in names if plays[n] <= sessions]
        while done < sessions:
            self._new_day_if_late()
            name = first_round.pop(0) if first_round else self.rng.choices(names, weights)[0]
            if not first_round and not self._pruned_once:  # and the start-up prune pass (its thread stays)
                self._pruned_once = True
                future = self.rt.pruner.run_now()
                if future is not None:
                    self.d.wait_until(future.done, 60, "the first prune pass")
            if done + plays[name] > sessions:
                name = next(n for n in names if plays[n] == 1)
            started = time.perf_counter()
            if self.progress_path:
                with open(self.progress_path, "w", encoding="utf-8") as fh:  # where a crash happened
                    # and the failures so far: a run stopped before its end still tells them
                    json.dump({"session": done + 1, "scenario": name, "at": datetime.now().isoformat(),
                               "failed": len(self.failures), "not_at_attract": self.not_at_attract,
                               "owed_gas_written_first": self.owed_written_first,
                               "stalls": sorted(self.watch.reports + self.sim.stall_reports)[-10:],
                               "failures": self.failures[:20]}, fh, ensure_ascii=False)
            try:
                getattr(self, name)()
            except Exception as exc:  # noqa: BLE001 - a failed session is counted and the soak goes on
                self.failures.append(f"session {done + 1} ({name}): {type(exc).__name__}: {exc}")
                self._recover()
            done += plays[name]
            self.counts[name] = self.counts.get(name, 0) + 1
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started
            if not self.d.at_attract:
                self.not_at_attract += 1
                self._recover()
            if done >= next_sample:
                self._tidy_printer()
                samples.append(sample(done, self.db_path))
                samples[-1]["kiosk_worst_stall_ms"] = self.watch.take_worst_ms()
                next_sample += sample_every
                self._trace_growth(done)
                if progress:
                    progress(samples[-1])
        elapsed = time.perf_counter() - t0
        self.d.pump(100)
        # the kiosk settles expired QR codes (and anything else left) in a recovery pass every minute:
        # give it its pass now, as the next minute would, then nothing may be left
        waiting = [f"{r.id}:{r.state}" for r in self.rt.journal.all(pending_only=True)]
        future = self.rt.recovery.run_now() or self.rt.recovery.last
        if future is not None:
            self.d.wait_until(future.done, 60, "the recovery pass")
        pending = self.rt.journal.all(pending_only=True)
        return {"sessions": done, "elapsed_s": round(elapsed, 1), "per_session_ms": round(1000 * elapsed / done, 1),
                "samples": samples, "failures": self.failures, "not_at_attract": self.not_at_attract,
                "owed_gas_written_first": self.owed_written_first,
                "stalls": sorted(self.watch.reports + self.sim.stall_reports),
                "pending_topups": [f"{r.id}:{r.state}" for r in pending],
                "pending_before_last_recovery_pass": waiting, "scenarios": self.counts,
                "scenario_ms": {k: round(1000 * v / self.counts[k]) for k, v in self.seconds.items()}}

    def _trace_growth(self, done: int) -> None:
        """With KIOSK_SOAK_TRACEMALLOC set: which Python lines hold more memory than after warm-up (to a file)."""
        if not tracemalloc.is_tracing():
            return
        snap = tracemalloc.take_snapshot().filter_traces([tracemalloc.Filter(False, tracemalloc.__file__)])
        if getattr(self, "_snap0", None) is None:
            self._snap0 = snap
            return
        with open(TRACE_GROWTH, "a", encoding="utf-8") as fh:
            fh.write(f"--- after {done} sessions: Python memory grown since the first sample after warm-up\n")
            for stat in snap.compare_to(self._snap0, "traceback")[:12]:
                fh.write(f"{stat.size_diff / 1024:+9.1f} KB {stat.count_diff:+6d} blocks\n")
                for line in stat.traceback.format()[-8:]:
                    fh.write(f"      {line}\n")

    def _recover(self) -> None:
        """After a failed session: end it the way the kiosk does on a timeout, and put the cards back in hand."""
        w = self.rt.window
        for device, action in (("id_reader", "remove"), ("gas_reader", "take"), ("gas_reader", "remove")):
            try:
                self.sim.device(device, action)
            except RuntimeError:
                pass
        self.advance(200)
        try:
            self.d.wait_until(lambda: self.d.at_attract, 5, "the attract screen")
        except AssertionError:
            w.end_session()
        for service in ("credit", "property", "payment"):
            self.sim.set_fault(service, "ok")
        self.sim.device("printer", "load_paper")
        try:  # the household's card goes home through its meter, or the next top-up is refused (meter flag)
            self.sim.device("gas_reader", "meter", card="ready", used=0)
        except RuntimeError:
            pass  # torn by the failed visit: the next gas visit writes it again (see _open_gas)


def summarise(run: dict, warmup_samples: int = 1) -> dict:
    """Memory after 1,000 sessions; growth from the first sample after warm-up to the last."""
    samples = run["samples"]
    base = samples[min(warmup_samples, len(samples) - 1)]
    last = samples[-1]

    def growth(key):
        return round(100.0 * (last[key] - base[key]) / base[key], 2) if base[key] else 0.0

    at_1000 = next((s for s in samples if s["sessions"] >= 1000), None)
    return {"rss_mb_start": round(samples[0]["rss_kb"] / 1024, 1), "rss_mb_at_warmup": round(base["rss_kb"] / 1024, 1),
            "rss_mb_after_1000": round(at_1000["rss_kb"] / 1024, 1) if at_1000 else None,
            "rss_mb_end": round(last["rss_kb"] / 1024, 1), "rss_growth_pct": growth("rss_kb"),
            "fds_start": samples[0]["fds"], "fds_at_warmup": base["fds"], "fds_end": last["fds"],
            "fd_growth_pct": growth("fds"), "os_threads_at_warmup": base["os_threads"],
            "os_threads_end": last["os_threads"], "py_threads_start": samples[0]["py_threads"],
            "py_threads_end": last["py_threads"], "db_mb_end": round(last["db_bytes"] / 1e6, 2),
            "py_objects_at_warmup": base["py_objects"], "py_objects_end": last["py_objects"],
            "py_objects_growth_pct": growth("py_objects"), "warmup_sessions": base["sessions"]}


TRACE_GROWTH = os.path.join(ROOT, "benchmarks", "results", "soak-tracemalloc.txt")
TRAIL = os.path.join(ROOT, "benchmarks", "results", "soak-samples.jsonl")
PROGRESS = os.path.join(ROOT, "benchmarks", "results", "soak-progress.json")


def run_soak(sessions: int, sample_every: int, *, progress=None, workdir: str | None = None,
             progress_path: str | None = None) -> dict:
    with tempfile.TemporaryDirectory(prefix="kiosk-soak-", dir=workdir) as tmp:
        soak = Soak(tmp)
        soak.progress_path = progress_path
        try:
            soak.open()
            run = soak.run(sessions, sample_every, progress)
        finally:
            soak.close()
    run["summary"] = summarise(run)
    return run


def measure(quick: bool = False) -> dict:
    sessions, every = (300, 50) if quick else (10_000, 500)
    sessions = int(os.environ.get("KIOSK_SOAK_SESSIONS", sessions))
    every = int(os.environ.get("KIOSK_SOAK_SAMPLE_EVERY", every))

    trail = TRAIL
    os.makedirs(os.path.dirname(trail), exist_ok=True)
    open(trail, "w").close()

    def progress(s):
        with open(trail, "a", encoding="utf-8") as fh:  # a run cut short still leaves its samples
            fh.write(json.dumps(s) + "\n")
        print(f"  soak: {s['sessions']:>6} sessions  rss {s['rss_kb'] / 1024:6.1f} MB  fds {s['fds']:>3}  "
              f"threads {s['os_threads']:>3}  db {s['db_bytes'] / 1e6:6.2f} MB  objects {s['py_objects']}  widgets {s.get('qt_widgets')}  "
              f"C heap used/free {s.get('c_heap_used_kb', 0) // 1024}/{s.get('c_heap_free_kb', 0) // 1024} MB  "
              f"anon {s.get('anonymous_kb', 0) // 1024} MB  py blocks {s.get('py_blocks', 0)}  "
              f"sqlite {s.get('sqlite_kb', 0)} KB  traced {s.get('py_traced_kb', '-')} KB",
              flush=True)

    if os.environ.get("KIOSK_SOAK_TRACEMALLOC"):  # slow: for finding a leak, not for the numbers
        open(TRACE_GROWTH, "w").close()
        tracemalloc.start(int(os.environ["KIOSK_SOAK_TRACEMALLOC"]))
    run = run_soak(sessions, every, progress=progress, progress_path=PROGRESS)
    s = run["summary"]
    ok_sessions = not run["failures"] and run["not_at_attract"] == 0
    targets = [
        {"what": f"RSS growth over the soak (sessions {s['warmup_sessions']}→{run['sessions']})",
         "value": s["rss_growth_pct"], "target": "< 2 %", "ok": s["rss_growth_pct"] < 2},
        {"what": "open descriptor growth over the soak", "value": s["fd_growth_pct"], "target": "< 2 %",
         "ok": s["fd_growth_pct"] < 2},
        {"what": "sessions that failed or did not end at the attract screen",
         "value": float(len(run["failures"]) + run["not_at_attract"]), "target": "0", "ok": ok_sessions},
        {"what": "unfinished top-ups left in the journal", "value": float(len(run["pending_topups"])),
         "target": "0", "ok": not run["pending_topups"]},
    ]
    metrics = {"pending_before_last_recovery_pass": len(run["pending_before_last_recovery_pass"]),
               "sessions": run["sessions"], "elapsed_s": run["elapsed_s"], "per_session_ms": run["per_session_ms"],
               **s, "failures": len(run["failures"]), "not_at_attract": run["not_at_attract"],
               "pending_topups": len(run["pending_topups"]), "owed_gas_written_first": run["owed_gas_written_first"],
               "stalls_over_300_ms": len(run["stalls"])}
    notes = (f"{run['sessions']} sessions in {run['elapsed_s']} s ({run['per_session_ms']} ms each) through the "
             f"real UI; simulators and back ends in a child process, lines paced at {SIM_BAUD} baud, readers "
             f"polled every {POLL_MS} ms, FakeClock for timeouts. Scenarios: {run['scenarios']}.")
    if run["failures"]:
        notes += " First failures: " + "; ".join(run["failures"][:3])
    info = [{"what": "resident memory after 1,000 sessions, MB", "value": s["rss_mb_after_1000"]},
            {"what": "resident memory at the start / at the end, MB", "value": f"{s['rss_mb_start']} / {s['rss_mb_end']}"},
            {"what": "open descriptors after warm-up / at the end",
             "value": f"{s['fds_at_warmup']} / {s['fds_end']}"},
            {"what": "threads (OS) after warm-up / at the end",
             "value": f"{s['os_threads_at_warmup']} / {s['os_threads_end']}"},
            {"what": "database size at the end, MB", "value": s["db_mb_end"]},
            {"what": "gas visits that began by writing gas owed from a failed write (outside the planned faults)",
             "value": run["owed_gas_written_first"]},
            {"what": "Python objects growth over the soak, %", "value": s["py_objects_growth_pct"]},
            {"what": f"real time per session, ms ({run['sessions']} sessions in {run['elapsed_s']} s)",
             "value": run["per_session_ms"]}]
    return {"name": "soak", "metrics": metrics, "targets": targets, "notes": notes, "info": info,
            "scenario_ms": run["scenario_ms"],
            "samples": run["samples"], "failures": run["failures"][:50], "stalls": run["stalls"]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int)
    ap.add_argument("--sample-every", type=int)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--out", default=os.path.join(ROOT, "benchmarks", "results", "soak.json"))
    args = ap.parse_args(argv)
    if args.sessions:
        os.environ["KIOSK_SOAK_SESSIONS"] = str(args.sessions)
    if args.sample_every:
        os.environ["KIOSK_SOAK_SAMPLE_EVERY"] = str(args.sample_every)
    from ui.app import ensure_app, install_gc_guard
    install_gc_guard(ensure_app())
    from benchmarks.run_all import machine_info
    machine = machine_info()  # at the start: the commit and load the run began with
    t0 = time.perf_counter()
    result = measure(args.quick)
    # the fields run_all adds, so that ``bench.sh --reuse soak`` takes a run made on its own (it takes a day)
    result.update(status=result.get("status", "ok"), quick=args.quick, machine=machine,
                  duration_s=round(time.perf_counter() - t0, 1))
    print(json.dumps({k: v for k, v in result.items() if k != "samples"}, ensure_ascii=False, indent=2))
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(result, fh, ensure_ascii=False, indent=2)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)  # PySide6 can crash while the interpreter tears its objects down; the results are written


if __name__ == "__main__":
    sys.exit(main())


def partial_result(error: str) -> dict | None:
    """For the runner when the soak's process died: how far it got, from its trail (None: no trail)."""
    try:
        with open(TRAIL, encoding="utf-8") as fh:
            samples = [json.loads(line) for line in fh if line.strip()]
        with open(PROGRESS, encoding="utf-8") as fh:
            at = json.load(fh)
    except (OSError, ValueError):
        return None
    info = [{"what": f"sampled at {s['sessions']} sessions: RSS MB / fds / OS threads / Python objects",
             "value": f"{round(s['rss_kb'] / 1024, 1)} / {s['fds']} / {s['os_threads']} / {s['py_objects']}"}
            for s in samples]
    return {"name": "soak", "status": "ok", "metrics": {"crashed_in_session": at["session"], "scenario": at["scenario"],
                                                         "error": error, "failed_before": at.get("failed"),
                                                         "failures": at.get("failures", [])},
            "targets": [{"what": f"the kiosk process survives the soak (it died in session {at['session']}, "
                                 f"{at['scenario']}: {error})", "value": float(at["session"] - 1),
                         "target": "all sessions", "ok": False}],
            "info": info, "samples": samples,
            "notes": f"the soak's kiosk process died ({error}) in session {at['session']} ({at['scenario']}) at "
                     f"{at['at']}; the stacks of its threads are in the runner's output (faulthandler)."}
