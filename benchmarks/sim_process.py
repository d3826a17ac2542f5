"""The simulated devices and back ends in a process of their own (as `kiosk sim`), played over their control APIs.

Benchmarks that measure the kiosk's memory, descriptors and threads keep the simulators out of the
kiosk's process: what the simulated hardware and back ends keep (printed receipts, orders) is not the
kiosk's. The kiosk reaches them as it reaches real ones: ptys for the devices, HTTP for the back ends.

The child is `kiosk sim` with two knobs for soaks: the simulators' line rate (above the 230400 a real
port is configured with: a pty has no line speed of its own, the simulator paces it) and the ID card
reader's modelled RF read time.

    python -m benchmarks.sim_process CONFIG [--baud N] [--read-delay S]
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def copy_config(dst: str, *, data_dir: str, baudrate: int | None = None, log_level: str | None = None,
                poll_ms: int | None = None) -> str:
    """A private copy of the shipped config folder in ``dst`` with its data in ``data_dir``; returns the folder."""
    shutil.copytree(os.path.join(ROOT, "config"), dst)
    path = os.path.join(dst, "kiosk.yaml")
    with open(path, encoding="utf-8") as fh:
        text = fh.read().replace("data_dir: ../var", f"data_dir: {data_dir}")
    if log_level:
        text = re.sub(r"(?m)^log_level: \w+", f"log_level: {log_level}", text)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    if baudrate:
        path = os.path.join(dst, "devices.yaml")
        with open(path, encoding="utf-8") as fh:
            text = re.sub(r"(?m)^  baudrate: \d+", f"  baudrate: {baudrate}", fh.read())
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
    if poll_ms:
        path = os.path.join(dst, "devices.yaml")
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        text = _with_poll_interval(text, poll_ms)  # how often the readers look for a card
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
    return dst


def _with_poll_interval(text: str, poll_ms: int) -> str:
    """devices.yaml with ``poll_interval_ms`` under the options of id_reader and gas_reader."""
    out, device = [], None
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = re.match(r"^(\w+):\s*$", line)
        if m:
            device = m.group(1)
        out.append(line)
        if device in ("id_reader", "gas_reader") and line.startswith("  baudrate:"):
            has_options = any(x.startswith("  options:") for x in _block(lines, i))
            if has_options:
                continue
            out.append("  options:")
            out.append(f"    poll_interval_ms: {poll_ms}")
        if device in ("id_reader", "gas_reader") and line.startswith("  options:"):
            out.append(f"    poll_interval_ms: {poll_ms}")
    return "\n".join(out) + "\n"


def _block(lines: list[str], i: int) -> list[str]:
    """The lines of the top-level block that line ``i`` is in."""
    start = i
    while start > 0 and lines[start].startswith((" ", "#")) or (start > 0 and not lines[start].strip()):
        start -= 1
    end = i + 1
    while end < len(lines) and (lines[end].startswith((" ", "#")) or not lines[end].strip()):
        end += 1
    return lines[start:end]


def point_config_at(config_dir: str, ports: dict[str, str], services_url: str) -> None:
    """Rewrite a config copy so the kiosk opens ``ports`` and the back ends at ``services_url`` (no 'sim' left)."""
    path = os.path.join(config_dir, "devices.yaml")
    with open(path, encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    out, device = [], None
    for line in lines:
        m = re.match(r"^(\w+):\s*$", line)
        if m:
            device = m.group(1)
        if device in ports and re.match(r"^  port: sim\s*$", line):
            line = f"  port: {ports[device]}"
        out.append(line)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(out) + "\n")
    path = os.path.join(config_dir, "kiosk.yaml")
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    text = re.sub(r"(?m)^  (\w+):(\s*)\{url: sim,", lambda m: f"  {m.group(1)}:{m.group(2)}{{url: {services_url}/{m.group(1)},",
                  text)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)


class SimProcess:
    """`python -m kiosk sim --no-panel` for a config folder; ``ports``, ``services_url`` and control calls."""

    def __init__(self, config_dir: str, *, baud: int | None = None, read_delay: float | None = None,
                 timeout: float = 30.0):
        self.config_dir = config_dir
        self.baud = baud
        self.read_delay = read_delay
        self.timeout = timeout
        self.proc: subprocess.Popen | None = None
        self.ports: dict[str, str] = {}
        self.services_url = ""
        self.control_url = ""
        self._stderr_lines: list[str] = []
        self.stall_reports: list[str] = []  # the child's own stall watch (benchmarks/stall_watch.py), latest 50

    def start(self) -> "SimProcess":
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONUNBUFFERED="1")
        cmd = [sys.executable, "-m", "benchmarks.sim_process", self.config_dir]
        if self.baud:
            cmd += ["--baud", str(self.baud)]
        if self.read_delay is not None:
            cmd += ["--read-delay", str(self.read_delay)]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # its log goes to stderr: drain it so the pipe never fills and blocks the simulators
        self._drain = threading.Thread(target=self._read_stderr, name="sim-stderr", daemon=True)
        self._drain.start()
        ready = threading.Event()
        lines: list[str] = []

        def read_stdout():
            for line in self.proc.stdout:
                lines.append(line.rstrip("\n"))
                if line.startswith("control"):
                    ready.set()
            ready.set()

        self._out = threading.Thread(target=read_stdout, name="sim-stdout", daemon=True)
        self._out.start()
        if not ready.wait(self.timeout) or not any(x.startswith("control") for x in lines):
            self.stop()
            raise RuntimeError("kiosk sim did not start: " + " | ".join(lines + self._stderr_lines[-5:]))
        for line in lines:
            name, _, rest = line.partition(" ")
            value = rest.strip().split()[0] if rest.strip() else ""
            if name in ("printer", "id_reader", "gas_reader"):
                self.ports[name] = value
            elif name == "services":
                self.services_url = value
            elif name == "control":
                self.control_url = value
        return self

    def _read_stderr(self) -> None:
        for line in self.proc.stderr:
            if "stall watch:" in line:  # the benchmark's own stderr tells it, beside the kiosk's log
                print(line.rstrip("\n"), file=sys.stderr, flush=True)
                self.stall_reports = self.stall_reports[-49:] + [line.rstrip("\n")]
            self._stderr_lines.append(line.rstrip("\n"))
            del self._stderr_lines[:-50]

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        for t in (getattr(self, "_out", None), getattr(self, "_drain", None)):
            if t is not None:
                t.join(5)
        for f in (self.proc.stdout, self.proc.stderr):
            if f is not None:
                f.close()
        self.proc = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # ---------------------------------------------------------------- control
    @staticmethod
    def _call(url: str, body: dict | None = None, method: str = "POST") -> dict:
        data = None if method == "GET" else json.dumps(body or {}).encode()
        req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return json.loads(r.read() or b"{}")
        except urllib.error.HTTPError as exc:
            raise RuntimeError(f"{method} {url}: {exc.code} {exc.read()[:200]!r}") from exc

    def device(self, device: str, action: str, **args) -> dict:
        """A control action on a simulated device (see drivers/sim_control.py)."""
        return self._call(f"{self.control_url}/{device}/{action}", args)

    def state(self) -> dict:
        return self._call(self.control_url + "/", method="GET")

    def pay(self, order_no: str) -> dict:
        """The resident's phone pays the order."""
        return self._call(f"{self.services_url}/_control/pay", {"order_no": order_no})

    def set_fault(self, service: str, mode: str, **kw) -> dict:
        return self._call(f"{self.services_url}/_control/fault", {"service": service, "mode": mode, **kw})

    def wait_state(self, device: str, key: str, value, timeout: float = 10.0) -> None:
        end = time.monotonic() + timeout
        while self.state()[device].get(key) != value:
            if time.monotonic() > end:
                raise RuntimeError(f"{device}.{key} never became {value!r}")
            threading.Event().wait(0.005)


def main(argv=None) -> int:
    """The child: every simulated device and back end of CONFIG, the control API; runs until SIGTERM."""
    import argparse
    import signal

    from drivers.sim_control import ControlServer
    from drivers.simulated import SimulatedHardware
    from kiosk.config.loader import check_config
    from kiosk.logs import setup_logging
    from kiosk.services import sim_records_dir, uses_sim
    from kiosk.services.sim_backend import SimBackend

    ap = argparse.ArgumentParser(description=main.__doc__)
    ap.add_argument("config")
    ap.add_argument("--baud", type=int, help="line rate of every simulator (default: the config's)")
    ap.add_argument("--read-delay", type=float, help="the ID card reader's RF read time in seconds")
    args = ap.parse_args(argv)
    cfg, problems = check_config(args.config)
    if problems:
        for p in problems:
            print(p, file=sys.stderr)
        return 2
    setup_logging(None, cfg.kiosk.log_level)
    if args.baud:
        # model_copy does not validate: the schema's list of standard rates is for real ports
        devices = cfg.devices.model_copy(update={name: dev.model_copy(update={"baudrate": args.baud})
                                                 for name, dev in cfg.devices.items()})
        cfg = cfg.model_copy(update={"devices": devices})
    hardware = SimulatedHardware(cfg).start()
    if args.read_delay is not None and hardware.id_reader is not None:
        hardware.id_reader.read_delay = args.read_delay
    control = ControlServer(hardware, 0).start()
    backend = None
    try:
        if uses_sim(cfg):
            backend = SimBackend(sim_records_dir(cfg), state_dir=os.path.join(cfg.data_dir, "sim", "backend")).start()
        for name, url in hardware.ports().items():
            print(f"{name:<11} {url}")
        if backend is not None:
            print(f"{'services':<11} {backend.url}")
        print(f"{'control':<11} {control.url}", flush=True)
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        from benchmarks.stall_watch import StallWatch
        StallWatch("simulators' process").run(stop)  # until SIGTERM; a stall is told on stderr
        return 0
    finally:
        if backend is not None:
            backend.stop()
        control.stop()
        hardware.stop()


if __name__ == "__main__":
    sys.exit(main())
