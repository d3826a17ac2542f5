"""Benchmark: the kiosk's memory at idle after start-up (RSS and PSS), beside headless Chromium on the same page.

`kiosk run` starts normally (attract screen) in a new process with a private copy of the config; once it
reports everything started (ui/ready_report.py) it is left idle for a few seconds, then its RSS (VmRSS)
and PSS (/proc/PID/smaps_rollup, shared pages divided among their users, so the Qt libraries are not
over-counted) are read, summed over its process tree.

Measured twice: as shipped (`port: sim`: the simulated devices and back ends run as threads inside the
kiosk, so what they hold counts), and, when benchmarks.sim_process is there, with the simulators in a
process of their own, as real devices would be (the kiosk alone: the number the target is held against).
Chromium: its process tree idling on the static home page (benchmarks.startup.home_page_html).

    python -m benchmarks.memory_idle [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from benchmarks.startup import (ChromiumSandbox, KioskSandbox, find_chromium, home_page_html,  # noqa: E402
                                stop, wait_report, write_result)

MB = 1024 * 1024


def children(pid: int) -> list[int]:
    """Every descendant of ``pid`` (from /proc's parent links)."""
    kids: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        kids.setdefault(ppid, []).append(int(name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        for c in kids.get(p, []):
            out.append(c)
            todo.append(c)
    return out


def memory_of(pid: int) -> dict:
    """RSS and PSS in bytes of one process (0 if it has gone)."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1]) * 1024
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1]) * 1024
    except OSError:
        pass
    return {"rss": rss, "pss": pss}


def tree_memory(pid: int) -> dict:
    """RSS and PSS in MB summed over ``pid`` and its descendants, and how many processes."""
    pids = [pid] + children(pid)
    mems = [memory_of(p) for p in pids]
    return {"rss_mb": round(sum(m["rss"] for m in mems) / MB, 1), "pss_mb": round(sum(m["pss"] for m in mems) / MB, 1),
            "processes": len(pids)}


def kiosk_idle(box: KioskSandbox, idle_s: float) -> dict:
    proc, report, t0 = box.launch("attract")
    try:
        wait_report(proc, report, "started_at")
        time.sleep(idle_s)
        if proc.poll() is not None:
            raise RuntimeError(f"kiosk run exited with {proc.returncode} while idle")
        return tree_memory(proc.pid)
    finally:
        stop(proc)


def kiosk_idle_without_simulators(tmp: str, idle_s: float) -> dict | None:
    """The kiosk with its devices and back ends served by `kiosk sim` in another process (None if unavailable)."""
    try:
        from benchmarks.sim_process import SimProcess, point_config_at
    except ImportError:
        return None
    box = KioskSandbox(os.path.join(tmp, "nosim"))
    sim_config = os.path.join(tmp, "sim-config")
    shutil.copytree(box.config, sim_config)
    with SimProcess(sim_config) as sim:
        point_config_at(box.config, sim.ports, sim.services_url)
        kiosk_idle(box, 0)  # warm-up, not counted (its database created)
        return kiosk_idle(box, idle_s)


def chromium_idle(tmp: str, binary: str, page_html: str, idle_s: float) -> dict:
    chromium = ChromiumSandbox(tmp, binary, page_html)
    proc = subprocess.Popen(chromium.command([]), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(idle_s + 2)  # it has no ready report: load, paint, then the same idle time
        if proc.poll() is not None:
            raise RuntimeError(f"chromium exited with {proc.returncode}")
        return tree_memory(proc.pid)
    finally:
        stop(proc)


#: What the kiosk imports, in the order it does, grouped: each group's RSS growth says what it costs.
#: ui.app first, as `kiosk run` does: it stops PySide6 keeping the source of every later module in memory
#: (ui/qt_source_scan.py), which otherwise lands in whichever group comes next; drivers.printer.commands
#: before escpos: it points python-escpos at its cached capabilities (not the 4 MB JSON parsed again).
IMPORT_GROUPS = [("Qt (PySide6 widgets)", ["ui.app"]),
                 ("config (pydantic, YAML)", ["kiosk.config.loader"]),
                 ("first screens (ui.window)", ["ui.window"]),
                 ("database (SQLAlchemy ORM)", ["sqlalchemy.orm", "kiosk.storage.audit"]),
                 ("printing (python-escpos, PIL, qrcode; loaded at the first receipt)",
                  ["drivers.printer.commands", "escpos.printer", "qrcode", "PIL.Image", "drivers.printer.driver"]),
                 ("drivers, simulators, services, flows", ["drivers.simulated", "kiosk.services", "ui.devices",
                                                           "kiosk.gas.journal", "ui.screens.flows"])]

_IMPORT_PROBE = """
import importlib, json, sys
def rss():
    with open('/proc/self/status') as fh:
        return next(int(l.split()[1]) for l in fh if l.startswith('VmRSS:'))
out, prev = [], rss()
for label, mods in json.loads(sys.argv[1]):
    for m in mods:
        importlib.import_module(m)
    now = rss()
    out.append([label, round((now - prev) / 1024, 1)])
    prev = now
print(json.dumps({"groups": out, "total_mb": round(rss() / 1024, 1)}))
"""


def import_memory(env: dict) -> dict:
    """RSS growth (MB) of importing what the kiosk imports, group by group, in a fresh process."""
    done = subprocess.run([sys.executable, "-c", _IMPORT_PROBE, json.dumps(IMPORT_GROUPS)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1:]}
    data = json.loads(done.stdout.strip().splitlines()[-1])
    return {"groups_mb": dict(data["groups"]), "total_mb": data["total_mb"]}


def measure(quick: bool = False, idle_s: float | None = None) -> dict:
    idle_s = idle_s if idle_s is not None else (3.0 if quick else 5.0)
    tmp = tempfile.mkdtemp(prefix="kiosk-bench-memory-")
    notes = []
    try:
        box = KioskSandbox(os.path.join(tmp, "shipped"))
        kiosk_idle(box, 0)  # warm-up, not counted: byte-code written and the database created, as when installed
        shipped = kiosk_idle(box, idle_s)
        imports = import_memory(box.env)
        alone = kiosk_idle_without_simulators(tmp, idle_s)
        binary = find_chromium()
        chrome = chromium_idle(tmp, binary, home_page_html(box.config), idle_s) if binary else None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    metrics = {"idle_seconds": idle_s, "kiosk_with_simulators": shipped, "import_rss_mb": imports}
    kiosk = shipped
    if alone is not None:
        metrics["kiosk_alone"] = alone
        kiosk = alone
        notes.append("kiosk_alone: devices and back ends simulated by `kiosk sim` in another process "
                     "(not counted); kiosk_with_simulators: as shipped, simulators as threads in the kiosk.")
    else:
        notes.append("benchmarks.sim_process missing: measured as shipped only (simulators inside the kiosk).")
    targets = [{"what": "idle memory after start-up (RSS)", "value": kiosk["rss_mb"], "target": "< 120 MB",
                "ok": kiosk["rss_mb"] < 120}]
    if chrome is not None:
        metrics["chromium"] = chrome
        notes.append("chromium: its whole process tree idling on the static home page, PSS summed.")
    else:
        notes.append("Chromium not installed: no comparison.")
    notes.append("import_rss_mb: RSS growth of importing each group of what the kiosk loads, in a fresh process "
                 "(the rest of the kiosk's memory is its widgets, the 1080x1920 backing store (8 MB), fonts, threads).")
    notes.append(f"read {idle_s:g} s after the kiosk reported everything started, after one uncounted warm-up "
                 "run (byte-code compiled, database created, as on an installed kiosk); PSS from "
                 "/proc/PID/smaps_rollup.")
    return {"name": "memory_idle", "metrics": metrics, "targets": targets, "notes": " ".join(notes)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args(argv)
    result = measure(args.quick)
    write_result(result)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
