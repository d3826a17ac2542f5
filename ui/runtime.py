"""Starting the kiosk from a config folder: logging, database, audit and the window, or out of service."""

from __future__ import annotations

import logging
import os
import time
from datetime import datetime

from kiosk.config.loader import FILES, check_config
from kiosk.logs import setup_logging

log = logging.getLogger("kiosk.run")


#: What the services' screens import when a tile is first touched; loaded during start-up instead.
SERVICE_SCREEN_MODULES = ("ui.screens.flows", "ui.flow_runner", "ui.screens.flow_screen", "ui.screens.id_steps",
                          "ui.screens.result_steps", "ui.screens.gas_steps", "kiosk.flows.credit_report",
                          "kiosk.flows.property_lookup", "kiosk.flows.gas_topup", "kiosk.flows.documents",
                          "kiosk.services.gas_billing")


def _preload_service_screens() -> None:
    import importlib
    for name in SERVICE_SCREEN_MODULES:
        try:
            importlib.import_module(name)
        except ImportError as exc:  # the tile will say so when touched; start-up goes on
            log.error("could not load %s: %s", name, exc)


class KioskRuntime:
    """Everything `kiosk run` holds while the kiosk is up; ``close()`` releases it in order.

    With a broken config, ``window`` is the out-of-service screen naming the problems, and
    ``config_fixed`` is set by the folder watcher once the files check clean again.
    """

    def __init__(self, directory: str, clock=None, *, log_to_file: bool = True, simulate: bool = True,
                 panel: bool = False, control_port: int | None = None, defer_start: bool = False):
        """Builds the window; with ``defer_start`` the rest waits for ``start_up()`` (called once it is painted)."""
        from ui.app import ensure_app

        self.directory = directory
        self.app = ensure_app()
        self.audit = None
        self.engine = None
        self.watcher = None
        self.hardware = None
        self.control = None
        self.panel = None
        self.backend = None
        self.services = None
        self.devices = None
        self.journal = None
        self.started_up = False
        self.on_config_fixed = None  # callback
        self._start_args = (log_to_file, simulate, panel, control_port)
        cfg, self.problems = check_config(directory)
        self.config = cfg
        if self.problems:
            self._start_out_of_service()
            return
        from kiosk.clock import SystemClock
        from ui.window import KioskWindow

        path = setup_logging(cfg.data_dir if log_to_file else None, cfg.kiosk.log_level,
                             max_mb=cfg.kiosk.retention.log_max_mb, files=cfg.kiosk.retention.log_files)
        log.info("kiosk %s starting with config %s (log %s)", cfg.kiosk.terminal_id, directory, path)
        self.clock = clock or SystemClock(cfg.kiosk.timezone)
        self.device_config = cfg.devices
        # the window first, with nothing behind it yet: the first screen needs no database, device or service
        self.window = KioskWindow(cfg, self.clock, None)
        if not defer_start:
            self.start_up()

    def start_up(self) -> None:
        """Database, audit, simulators, services, devices, journal and their timers; then systemd's READY.

        `kiosk run` calls this from the event loop right after the first screen is painted, so a resident
        sees the kiosk while the rest starts (a touch meanwhile waits in the queue, it is not lost).
        """
        if self.started_up or self.out_of_service:
            return
        self.started_up = True
        from kiosk.memory import keep_mmap_threshold
        keep_mmap_threshold()  # before the day's buffers come and go: big ones mapped, not carved from the heap
        from kiosk.storage.audit import AuditLog
        from kiosk.storage.db import open_database

        _log_to_file, simulate, panel, control_port = self._start_args
        cfg = self.config
        self.engine, sessions = open_database(cfg.database_url, fill_pool=True)
        self.audit = AuditLog(sessions, cfg.kiosk.terminal_id, clock=self.clock)
        self.audit.event("kiosk_started")
        if simulate and any(dev.simulated and dev.enabled for _n, dev in cfg.devices.items()):
            self._start_simulators(cfg, panel, control_port)
        self._open_services(cfg, simulate)
        if self.hardware is not None and getattr(self, "_want_panel", False):
            from ui.hardware_panel import HardwarePanel
            self.panel = HardwarePanel(self.hardware, self.backend)
        from ui.devices import KioskDevices
        self.devices = KioskDevices(self.device_config, sessions, today=lambda: self.clock.now().date(),
                                    clock=self.clock)
        from kiosk.gas.journal import Journal
        self.journal = Journal(sessions, terminal_id=cfg.kiosk.terminal_id, key=bytes.fromhex(cfg.kiosk.audit_key),
                               clock=self.clock)
        self.window.attach(self.audit, devices=self.devices, services=self.services, journal=self.journal)
        from ui.device_watcher import DeviceWatcher
        self.device_watcher = DeviceWatcher(self.devices, self.audit, cfg.kiosk.device_check_seconds * 1000)
        self.device_watcher.checked.connect(self.window.on_devices_checked)
        self.device_watcher.start()
        from ui.recovery import RecoveryTimer
        self.recovery = RecoveryTimer(self.journal, self.services, self.window, self.audit)
        self._status_live = True
        self.recovery.ran.connect(lambda _run: self._status_live and self.write_status())  # monitors see it ran
        self.recovery.start()
        from ui.prune import PruneTimer
        self.pruner = PruneTimer(self.engine, cfg, self.audit, self.clock, parent=self.window,
                                 idle=lambda: getattr(self.window.stack.currentWidget(), "name", None) == "attract")
        self.pruner.start()  # old data out a minute after start-up, then nightly, off the GUI thread
        from ui.maintenance_actions import MaintenanceActions
        self.window.maintenance_actions = MaintenanceActions(self)
        _preload_service_screens()  # now, not at a resident's first touch of a tile
        self._started = time.time()
        self._last_session = None
        self.window.session_ended.connect(self._on_session_ended)
        from PySide6.QtCore import QTimer
        from kiosk.heartbeat import watchdog_interval_ms
        self.heartbeat = QTimer(self.window)
        self.heartbeat.setInterval(watchdog_interval_ms())  # 10 s, shorter if the watchdog is
        self.heartbeat.timeout.connect(self.beat)
        self.heartbeat.start()
        self.beat()
        from kiosk.heartbeat import sd_notify
        sd_notify("READY=1")

    def _on_session_ended(self, _session_id: str, reason: str) -> None:
        self._last_session = f"{datetime.now():%Y-%m-%d %H:%M:%S} ({reason})"

    def beat(self) -> None:
        """From the event loop: status.json for monitoring, and systemd's watchdog (a frozen UI stops both)."""
        from kiosk.heartbeat import sd_notify
        self.write_status()
        sd_notify("WATCHDOG=1")

    def write_status(self) -> None:
        """DATA_DIR/status.json: devices, the screen on show, the latest top-up recovery pass (GUI thread)."""
        from kiosk.heartbeat import write_status
        devices = {name: {"state": r.state.value, "error": r.last_error}
                   for name, r in self.device_watcher.reports.items()}
        screen = self.window.stack.currentWidget()
        status = {"terminal_id": self.config.kiosk.terminal_id, "pid": os.getpid(), "written_at": time.time(),
                  "uptime_s": round(time.time() - self._started), "devices": devices,
                  "screen": getattr(screen, "name", None), "last_session": self._last_session,
                  "pending_topups": len(self.journal.all(pending_only=True)),
                  "recovery": self.recovery.last_run}
        try:
            write_status(self.config.data_dir, status)
        except OSError as exc:
            log.error("could not write the status file: %s", exc)

    def _open_services(self, cfg, simulate: bool) -> None:
        """The back-end clients; services configured as 'sim' get the simulated back ends on 127.0.0.1."""
        from kiosk.errors import ConfigError
        from kiosk.services import open_services, sim_records_dir, uses_sim
        if simulate and uses_sim(cfg):
            from kiosk.services.sim_backend import SimBackend
            import os
            state = os.path.join(cfg.data_dir, "sim", "backend")  # orders and purchases survive a restart
            self.backend = SimBackend(sim_records_dir(cfg), clock=self.clock.now, state_dir=state).start()
        try:
            self.services = open_services(cfg, self.backend.url if self.backend else None)
        except ConfigError as exc:
            for p in exc.problems:
                log.error("services not available: %s", p)

    def _start_simulators(self, cfg, panel: bool, control_port: int | None) -> None:
        """`port: sim` devices get their simulators in this process, a control API, and optionally the panel."""
        from drivers.sim_control import ControlServer
        from drivers.simulated import SimulatedHardware

        self.hardware = SimulatedHardware(cfg).start()
        self.device_config = self.hardware.resolve()
        if control_port is not None:
            self.control = ControlServer(self.hardware, control_port).start()
            log.info("simulator control API on %s", self.control.url)
        self._want_panel = panel

    @property
    def out_of_service(self) -> bool:
        return bool(self.problems)

    def _start_out_of_service(self) -> None:
        from ui.app import out_of_service_window
        from ui.config_watcher import ConfigWatcher

        setup_logging(None)
        for p in self.problems:
            log.error("config problem, kiosk out of service: %s", p)
        self.window = out_of_service_window(self.problems)
        self.watcher = ConfigWatcher(self.directory, files=tuple(FILES), parent=self.window)
        self.watcher.changed.connect(self._recheck)
        # out of service is a steady state, not a failed start: a supervisor must not restart it in a loop
        from PySide6.QtCore import QTimer
        from kiosk.heartbeat import sd_notify, watchdog_interval_ms
        self.heartbeat = QTimer(self.window)
        self.heartbeat.setInterval(watchdog_interval_ms())
        self.heartbeat.timeout.connect(lambda: sd_notify("WATCHDOG=1"))
        self.heartbeat.start()
        sd_notify("READY=1")
        sd_notify(f"STATUS=out of service: {len(self.problems)} config problem(s)")

    def _recheck(self) -> None:
        _cfg, problems = check_config(self.directory)
        if problems:
            for p in problems:
                log.error("config problem, kiosk out of service: %s", p)
            self.problems = problems
            self.window.problems.setText("\n".join(str(p) for p in problems[:12]))
            return
        log.info("config is valid again")
        if self.on_config_fixed:
            self.on_config_fixed()

    def close(self) -> None:
        if not self.out_of_service:
            self.window.shutdown()  # ends a session in progress (its flow stops using the devices)
        if self.started_up:
            self.heartbeat.stop()
            self._status_live = False
            self.recovery.close()
            self.pruner.close()
            self.device_watcher.close()
        if self.devices is not None:
            self.devices.close()
        if self.services is not None:
            self.services.close()
        if self.backend is not None:
            self.backend.stop()
        if self.panel is not None:
            self.panel.close()
            self.panel.deleteLater()
        if self.control is not None:
            self.control.stop()
        if self.hardware is not None:
            self.hardware.stop()
        if self.audit is not None:
            self.audit.event("kiosk_stopped")
            self.audit.close()
            if self.journal is not None:
                self.journal.close()  # its write connection back to the pool before the pool closes
            self.engine.dispose()
        self.window.close()
        self.window.deleteLater()
