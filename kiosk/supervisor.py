"""A small systemd-compatible supervisor: runs one command, restarts it when it exits or its watchdog falls silent.

For terminals without systemd (and for tests). It speaks systemd's side of the notify protocol: the child gets
NOTIFY_SOCKET (a unix datagram socket) and WATCHDOG_USEC in its environment, exactly as systemd passes them, and
sends READY=1, WATCHDOG=1, STATUS=…, STOPPING=1 there (kiosk/heartbeat.py sd_notify). What it does, after the
unit file's settings of the same names:

- Restart=always, RestartSec: the child is started again ``restart_sec`` after it exits, crashes or is killed.
- Type=notify, TimeoutStartSec: the child is up once it sends READY=1; none within ``start_sec`` → it is sent
  SIGABRT, then SIGKILL if it is still there after ``stop_sec``, and restarted. (Type=simple, for a command that
  does not speak the protocol: up at once; give it ``watchdog_sec=0``.)
- WatchdogSec: armed at READY=1 (as systemd's: "activated when the start-up is completed"); then no WATCHDOG=1
  for ``watchdog_sec`` → the same as above. WATCHDOG=trigger does the same at once.
- NotifyAccess=main: notices from any other process than the child are ignored (credentials via SO_PASSCRED).
- SIGTERM/SIGINT to the supervisor: SIGTERM to the child's process group, SIGKILL after ``stop_sec``, then exit.

The child runs in a process group of its own, so what it leaves behind (as systemd's cgroup would) is killed
with it. Each start, exit, watchdog kill and restart is logged (logger kiosk.supervisor) with the pid and reason.
"""

from __future__ import annotations

import logging
import os
import select
import signal
import socket
import struct
import subprocess
import tempfile
import time
from dataclasses import dataclass, field

log = logging.getLogger("kiosk.supervisor")

_CREDS = struct.Struct("3i")  # struct ucred: pid, uid, gid


@dataclass
class ChildRun:
    """One life of the child: for the log and for tests."""

    pid: int
    started: float
    ready: bool = False
    last_watchdog: float = 0.0
    status: str | None = None
    exit_reason: str | None = None
    notices: list[str] = field(default_factory=list)


def describe_exit(returncode: int) -> str:
    """'exited with code 3' / 'killed by SIGKILL'."""
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        return f"killed by {name}"
    return f"exited with code {returncode}"


class Supervisor:
    """Keeps ``command`` running; ``run()`` returns when asked to stop (``stop()`` or SIGTERM/SIGINT)."""

    def __init__(self, command: list[str], *, restart_sec: float = 2.0, watchdog_sec: float = 30.0,
                 start_sec: float = 60.0, stop_sec: float = 10.0, env: dict | None = None,
                 max_restarts: int | None = None, notify: bool = True):
        if not command:
            raise ValueError("no command to supervise")
        self.command = list(command)
        self.restart_sec = restart_sec
        self.watchdog_sec = watchdog_sec
        self.start_sec = start_sec
        self.stop_sec = stop_sec
        self.env = dict(os.environ if env is None else env)
        self.max_restarts = max_restarts  # None: for ever (Restart=always); tests may bound it
        self.notify = notify  # Type=notify: up at READY=1; else Type=simple: up at once
        self.runs: list[ChildRun] = []
        self.child: subprocess.Popen | None = None
        self._stopping = False
        self._tmpdir: str | None = None
        self._sock: socket.socket | None = None
        self._wake_r = self._wake_w = -1

    # ---------------------------------------------------------------- public
    @property
    def notify_path(self) -> str | None:
        return os.path.join(self._tmpdir, "notify") if self._tmpdir else None

    def stop(self) -> None:
        """Ask ``run()`` to stop the child and return (safe from a signal handler)."""
        self._stopping = True
        if self._wake_w >= 0:
            try:
                os.write(self._wake_w, b"s")
            except OSError:
                pass

    def run(self, *, handle_signals: bool = True) -> int:
        """Supervise until stopped; returns 0 (stopped on request) or the last exit code if restarts ran out."""
        self._open()
        old_handlers = {}
        old_wakeup = None
        if handle_signals:
            for sig in (signal.SIGTERM, signal.SIGINT):
                old_handlers[sig] = signal.signal(sig, lambda _s, _f: self.stop())
            old_handlers[signal.SIGCHLD] = signal.signal(signal.SIGCHLD, lambda _s, _f: None)
            old_wakeup = signal.set_wakeup_fd(self._wake_w, warn_on_full_buffer=False)
        try:
            return self._loop()
        finally:
            if handle_signals:
                signal.set_wakeup_fd(old_wakeup)
                for sig, handler in old_handlers.items():
                    signal.signal(sig, handler)
            self._close()

    # ---------------------------------------------------------------- internals
    def _open(self) -> None:
        self._tmpdir = tempfile.mkdtemp(prefix="kiosk-supervise-")
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._sock.bind(self.notify_path)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
        self._sock.setblocking(False)
        self._wake_r, self._wake_w = os.pipe()
        for fd in (self._wake_r, self._wake_w):
            os.set_blocking(fd, False)

    def _close(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None
        for fd in (self._wake_r, self._wake_w):
            if fd >= 0:
                os.close(fd)
        self._wake_r = self._wake_w = -1
        if self._tmpdir:
            try:
                os.unlink(os.path.join(self._tmpdir, "notify"))
            except FileNotFoundError:
                pass
            os.rmdir(self._tmpdir)
            self._tmpdir = None

    def _child_env(self) -> dict:
        env = dict(self.env)
        env["NOTIFY_SOCKET"] = self.notify_path
        env.pop("WATCHDOG_PID", None)  # unset: the notify library then takes the watchdog as meant for itself
        if self.watchdog_sec > 0:
            env["WATCHDOG_USEC"] = str(int(self.watchdog_sec * 1_000_000))
        else:
            env.pop("WATCHDOG_USEC", None)
        return env

    def _spawn(self) -> ChildRun:
        self._drain_notices(None)  # datagrams of a dead child must not count for the new one
        self.child = subprocess.Popen(self.command, env=self._child_env(), start_new_session=True)
        run = ChildRun(pid=self.child.pid, started=time.monotonic(), ready=not self.notify)
        run.last_watchdog = run.started
        self.runs.append(run)
        log.info("started pid %d: %s", run.pid, " ".join(self.command))
        return run

    def _loop(self) -> int:
        restarts = 0
        while not self._stopping:
            run = self._spawn()
            reason = self._watch(run)
            if reason is None:  # asked to stop
                self._terminate(run)
                return 0
            run.exit_reason = reason
            if self.max_restarts is not None and restarts >= self.max_restarts:
                log.warning("pid %d %s; no restarts left", run.pid, reason)
                return self.child.returncode or 1
            restarts += 1
            log.warning("pid %d %s; restarting in %g s", run.pid, reason, self.restart_sec)
            if self._wait(time.monotonic() + self.restart_sec):
                return 0
        return 0

    def _watch(self, run: ChildRun) -> str | None:
        """Until the child exits (the reason) or is killed for silence (the reason); None when asked to stop."""
        while True:
            if self._stopping:
                return None
            code = self.child.poll()
            if code is not None:
                return describe_exit(code)
            now = time.monotonic()
            deadline = None
            if not run.ready and self.start_sec > 0:
                deadline = run.started + self.start_sec
                if now >= deadline:
                    return self._kill_silent(run, f"sent no READY=1 within {self.start_sec:g} s")
            if run.ready and self.watchdog_sec > 0:
                wd = run.last_watchdog + self.watchdog_sec
                if now >= wd:
                    return self._kill_silent(run, f"watchdog: no WATCHDOG=1 for {self.watchdog_sec:g} s")
                deadline = wd if deadline is None else min(deadline, wd)
            timeout = 1.0 if deadline is None else max(0.0, min(1.0, deadline - now))
            readable, _w, _x = select.select([self._sock, self._wake_r], [], [], timeout)
            if self._wake_r in readable:
                self._drain_wakeups()
            if self._sock in readable:
                if self._drain_notices(run) == "trigger":
                    return self._kill_silent(run, "watchdog triggered by the service (WATCHDOG=trigger)")

    def _drain_wakeups(self) -> None:
        try:
            while os.read(self._wake_r, 512):
                pass
        except BlockingIOError:
            pass

    def _drain_notices(self, run: ChildRun | None) -> str | None:
        """Read every waiting notice; applies those of ``run``'s pid (None: discard all)."""
        result = None
        while True:
            try:
                data, anc, _flags, _addr = self._sock.recvmsg(4096, socket.CMSG_SPACE(_CREDS.size))
            except BlockingIOError:
                return result
            if run is None:
                continue
            sender = None
            for level, kind, payload in anc:
                if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
                    sender = _CREDS.unpack(payload[:_CREDS.size])[0]
            if sender is not None and sender != run.pid:
                log.debug("ignored a notice from pid %d (not the main process %d)", sender, run.pid)
                continue
            for line in data.decode("utf-8", "replace").splitlines():
                if self._apply(run, line) == "trigger":
                    result = "trigger"

    def _apply(self, run: ChildRun, line: str) -> str | None:
        key, _, value = line.partition("=")
        run.notices.append(line)
        if key == "READY" and value == "1":
            if not run.ready:
                log.info("pid %d is ready (%.1f s after its start)", run.pid, time.monotonic() - run.started)
            run.ready = True
            run.last_watchdog = time.monotonic()
        elif key == "WATCHDOG" and value == "1":
            run.last_watchdog = time.monotonic()
        elif key == "WATCHDOG" and value == "trigger":
            return "trigger"
        elif key == "WATCHDOG_USEC" and value.isdigit():
            self.watchdog_sec = int(value) / 1_000_000
            log.info("pid %d set its watchdog to %g s", run.pid, self.watchdog_sec)
        elif key == "STATUS":
            run.status = value
            log.info("pid %d status: %s", run.pid, value)
        elif key == "STOPPING" and value == "1":
            log.info("pid %d is stopping", run.pid)
        return None

    def _signal_group(self, sig: int) -> None:
        try:
            os.killpg(self.child.pid, sig)
        except ProcessLookupError:
            pass

    def _wait_child(self, seconds: float) -> bool:
        """True once the child has exited (and is reaped) within ``seconds``."""
        end = time.monotonic() + seconds
        while True:
            if self.child.poll() is not None:
                return True
            left = end - time.monotonic()
            if left <= 0:
                return False
            select.select([self._wake_r], [], [], min(left, 0.2))  # SIGCHLD wakes us early
            self._drain_wakeups()

    def _kill_silent(self, run: ChildRun, why: str) -> str:
        log.error("pid %d %s: sending SIGABRT", run.pid, why)
        self._signal_group(signal.SIGABRT)
        if not self._wait_child(self.stop_sec):
            log.error("pid %d did not stop within %g s of SIGABRT: sending SIGKILL", run.pid, self.stop_sec)
            self._signal_group(signal.SIGKILL)
            self.child.wait()
        self._signal_group(signal.SIGKILL)  # whatever it left behind in its group
        return f"{why}; {describe_exit(self.child.returncode)}"

    def _terminate(self, run: ChildRun) -> None:
        if self.child.poll() is None:
            log.info("stopping pid %d (SIGTERM)", run.pid)
            self._signal_group(signal.SIGTERM)
            if not self._wait_child(self.stop_sec):
                log.error("pid %d did not stop within %g s of SIGTERM: sending SIGKILL", run.pid, self.stop_sec)
                self._signal_group(signal.SIGKILL)
                self.child.wait()
        self._signal_group(signal.SIGKILL)
        run.exit_reason = f"stopped: {describe_exit(self.child.returncode)}"
        log.info("pid %d %s; supervisor exits", run.pid, run.exit_reason)

    def _wait(self, until: float) -> bool:
        """Sleep until ``until`` unless asked to stop (True)."""
        while not self._stopping:
            left = until - time.monotonic()
            if left <= 0:
                return False
            select.select([self._wake_r], [], [], left)
            self._drain_wakeups()
        return True
