"""Runs every benchmark, each in a fresh process, and writes bench-results.json and bench-results.md at the repo root.

    python -m benchmarks.run_all [--quick] [--only NAME ...] [--reuse NAME ...]

``--reuse soak`` takes that benchmark's result from its last full run (benchmarks/results/soak.json) instead
of running it again: the ten-thousand-session soak takes over an hour. The table then says which commit
and date the reused number came from.

Each benchmark module has ``measure(quick: bool = False) -> dict`` returning ``{"name", "metrics",
"targets": [{"what", "value", "target", "ok"}], "notes"}`` (and optionally ``"info": [{"what", "value"}]``
for numbers reported without a target). A module that is missing or fails is reported as not run; the
others still run. Each result is also kept in benchmarks/results/NAME.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import importlib.util
import json
import os
import platform
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "benchmarks", "results")

#: In the order they run: quick ones first, the soak (up to an hour) last.
BENCHMARKS = ["startup", "memory_idle", "touch_latency", "printing", "durability", "soak"]
#: Real seconds a benchmark may take before it is stopped and reported as not run.
TIMEOUT_S = {"soak": 3 * 3600}
DEFAULT_TIMEOUT_S = 1800


# ---------------------------------------------------------------------------- the machine
def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.read()
    except OSError:
        return ""


def machine_info() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in _read("/proc/cpuinfo").splitlines()
                if line.startswith("model name")), platform.processor() or platform.machine())
    mem_kb = next((int(line.split()[1]) for line in _read("/proc/meminfo").splitlines()
                   if line.startswith("MemTotal:")), 0)
    os_name = next((line.split("=", 1)[1].strip().strip('"') for line in _read("/etc/os-release").splitlines()
                    if line.startswith("PRETTY_NAME=")), platform.system())
    try:
        import PySide6
        from PySide6.QtCore import qVersion
        qt = f"Qt {qVersion()} (PySide6 {PySide6.__version__})"
    except ImportError:
        qt = "not installed"

    def git(*args):
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    commit = git("rev-parse", "HEAD")
    # The result files are what a run writes; changes to them alone do not make the code measured dirty.
    dirty = bool(git("status", "--porcelain", "--untracked-files=no", "--", ".",
                     ":!benchmarks/results", ":!bench-results.json", ":!bench-results.md"))
    try:
        load = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        load = None
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gb": round(mem_kb / 1024 / 1024, 1),
            "os": f"{os_name} (Linux {platform.release()})" if platform.system() == "Linux" else os_name,
            "python": platform.python_version(), "qt": qt,
            "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "git_commit": commit + (" (with uncommitted changes)" if commit and dirty else ""),
            "load_average_at_start": load}


# ---------------------------------------------------------------------------- one benchmark
def run_child(name: str, quick: bool, out_path: str) -> int:
    """In the child process: import the module, measure, write the result."""
    import faulthandler
    faulthandler.enable()  # a crash (SIGSEGV in Qt, say) leaves the stacks of every thread in the log
    try:
        module = importlib.import_module(f"benchmarks.{name}")
    except ImportError as exc:
        result = {"name": name, "status": "not run", "error": f"module missing: {exc}"}
    else:
        try:
            result = module.measure(quick=quick)
            result.setdefault("name", name)
            result["status"] = "ok"
        except Exception as exc:  # noqa: BLE001 - a failed benchmark is reported, the others run
            import traceback
            traceback.print_exc()
            result = {"name": name, "status": "failed", "error": f"{type(exc).__name__}: {exc}"}
    with open(out_path, "w", encoding="utf-8") as fh:
        json.dump(result, fh, ensure_ascii=False, indent=2, default=str)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)  # Qt-using benchmarks can crash while the interpreter tears down; the result is written


def run_one(name: str, quick: bool) -> dict:
    if importlib.util.find_spec(f"benchmarks.{name}") is None:
        return {"name": name, "status": "not run", "error": "module missing (benchmarks/%s.py)" % name}
    fd, out_path = tempfile.mkstemp(prefix=f"bench-{name}-", suffix=".json")
    os.close(fd)
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    cmd = [sys.executable, "-m", "benchmarks.run_all", "--child", name, "--result", out_path]
    if quick:
        cmd.append("--quick")
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd=ROOT, env=env, timeout=TIMEOUT_S.get(name, DEFAULT_TIMEOUT_S))
        code = proc.returncode
    except subprocess.TimeoutExpired:
        code = "timeout"
    took = round(time.perf_counter() - t0, 1)
    try:
        with open(out_path, encoding="utf-8") as fh:
            result = json.load(fh)
    except (OSError, ValueError):
        result = {"name": name, "status": "failed", "error": f"no result (exit {code})"}
        # a benchmark that keeps a trail (the soak) says how far it got before its process died
        partial = getattr(importlib.import_module(f"benchmarks.{name}"), "partial_result", None)
        if partial is not None:
            result = partial(result["error"]) or result
    finally:
        os.remove(out_path)
    result["duration_s"] = took
    return result


def reused_result(name: str) -> dict:
    """A benchmark's result from its last full run, marked with the commit and date it was measured at."""
    path = os.path.join(RESULTS, f"{name}.json")
    try:
        with open(path, encoding="utf-8") as fh:
            kept = json.load(fh)
    except (OSError, ValueError) as exc:
        return {"name": name, "status": "not run", "error": f"nothing to reuse ({exc})"}
    if kept.get("quick"):
        return {"name": name, "status": "not run", "error": f"{path} holds a quick run; run it in full"}
    machine = kept.pop("machine", {}) or {}
    kept.pop("quick", None)
    commit = (machine.get("git_commit") or "unknown")[:12]
    kept["reused_from"] = f"commit {commit}, {machine.get('date', 'unknown date')}"
    kept["notes"] = f"(reused: measured at {kept['reused_from']}) " + kept.get("notes", "")
    return kept


# ---------------------------------------------------------------------------- the table
def _fmt(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if value == int(value) and abs(value) < 1e6:
            return str(int(value))
        return f"{value:.3g}" if abs(value) < 100 else f"{value:.0f}"
    return str(value)


def table_rows(results: list[dict]) -> list[tuple[str, str, str, str, str]]:
    rows = []
    for r in results:
        if r.get("status") != "ok":
            rows.append((r["name"], r.get("error", "not run"), "—", "—", "not run"))
            continue
        label = f"{r['name']} ({r['reused_from']})" if r.get("reused_from") else r["name"]
        for t in r.get("targets", []):
            rows.append((label, t["what"], _fmt(t["value"]), t["target"], "✅" if t["ok"] else "❌"))
        for i in r.get("info", []):
            rows.append((label, i["what"], _fmt(i["value"]), "—", ""))
    return rows


def markdown(results: list[dict], machine: dict, total_s: float, quick: bool) -> str:
    lines = [f"# Benchmark results{' (quick)' if quick else ''}", "",
             f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['ram_gb']} GB RAM, {machine['os']}; "
             f"Python {machine['python']}, {machine['qt']}. Run {machine['date']} at commit "
             f"`{machine['git_commit'] or 'unknown'}`, {total_s / 60:.1f} min in all.", "",
             "| benchmark | metric | value | target | ok |", "|---|---|---|---|---|"]
    for row in table_rows(results):
        lines.append("| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |")
    lines.append("")
    for r in results:
        if r.get("notes"):
            lines.append(f"- **{r['name']}** ({r.get('duration_s', '?')} s): {r['notes']}")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer runs and sessions: minutes, not an hour")
    ap.add_argument("--only", nargs="+", metavar="NAME", help=f"some of: {', '.join(BENCHMARKS)}")
    ap.add_argument("--reuse", nargs="+", metavar="NAME",
                    help="take these from their last full run in benchmarks/results/ instead of running them")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--result", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if ROOT not in sys.path:
        sys.path.insert(0, ROOT)
    if args.child:
        return run_child(args.child, args.quick, args.result)
    names = args.only or BENCHMARKS
    reuse = set(args.reuse or ())
    unknown = [n for n in [*names, *reuse] if n not in BENCHMARKS]
    if unknown:
        ap.error(f"unknown benchmark(s): {', '.join(unknown)} (known: {', '.join(BENCHMARKS)})")
    machine = machine_info()
    print(f"benchmarks on {machine['cpu']} ({machine['cores']} cores), commit {machine['git_commit']}", flush=True)
    t0 = time.perf_counter()
    results = []
    os.makedirs(RESULTS, exist_ok=True)
    for name in names:
        if name in reuse:
            result = reused_result(name)
            results.append(result)
            print(f"== {name}: reused from {result.get('reused_from')}", flush=True)
            continue
        print(f"== {name}", flush=True)
        result = run_one(name, args.quick)
        results.append(result)
        print(f"== {name}: {result.get('status')} in {result.get('duration_s')} s", flush=True)
        with open(os.path.join(RESULTS, f"{name}.json"), "w", encoding="utf-8") as fh:
            json.dump({"machine": machine, "quick": args.quick, **result}, fh, ensure_ascii=False, indent=2,
                      default=str)
    total = time.perf_counter() - t0
    doc = {"machine": machine, "quick": args.quick, "duration_s": round(total, 1), "results": results}
    md = markdown(results, machine, total, args.quick)
    for folder in (ROOT, RESULTS):
        with open(os.path.join(folder, "bench-results.json"), "w", encoding="utf-8") as fh:
            json.dump(doc, fh, ensure_ascii=False, indent=2, default=str)
        with open(os.path.join(folder, "bench-results.md"), "w", encoding="utf-8") as fh:
            fh.write(md)
    print()
    print(md)
    failed = [r["name"] for r in results if r.get("status") != "ok"]
    return 1 if failed and not all(r.get("status") == "not run" for r in results if r["name"] in failed) else 0


if __name__ == "__main__":
    sys.exit(main())
