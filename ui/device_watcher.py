"""Watches the devices' health in the background: each change of state is logged, audited and signalled."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QObject, QTimer, Signal

from drivers.status import Action, DeviceReport, DeviceState
from kiosk.errors import KioskError

log = logging.getLogger("kiosk.devices.watch")

NAMES = ("printer", "id_reader", "gas_reader")


def check_devices(devices) -> dict[str, DeviceReport]:
    """A quick health check of every configured device (no physical effect), off the GUI thread.

    The drivers lock their lines, so a check waits for a print job or a card read in progress.
    """
    out = {}
    for name in NAMES:
        dev = getattr(devices.devices, name)
        if dev is None or not dev.enabled:
            continue
        driver = {"printer": devices.printer, "id_reader": devices.id_reader, "gas_reader": devices.gas_reader}[name]
        if driver is None:
            error = devices.errors.get(name)
            out[name] = DeviceReport(name=name, port=dev.port, state=DeviceState.OFFLINE,
                                     last_error=str(error) if error else "not open", action=Action.CALL_TECHNICIAN,
                                     recommended_action="check the cable and the port in devices.yaml, then restart")
            continue
        try:
            if name == "printer":
                out[name] = driver.check("internal")
            elif name == "id_reader":
                out[name] = driver.check("quick")
            else:
                from drivers.gascard.diag import check_reader
                out[name] = check_reader(driver, "quick")
        except KioskError as exc:  # a check must always leave a report
            out[name] = DeviceReport(name=name, port=dev.port, state=DeviceState.UNKNOWN, last_error=str(exc))
    return out


class DeviceWatcher(QObject):
    """Checks the devices every ``interval_ms``; ``changed(name, report)`` when a device's state changes."""

    changed = Signal(str, object)
    checked = Signal(dict)

    def __init__(self, devices, audit=None, interval_ms: int = 30_000, parent=None):
        super().__init__(parent)
        self.devices = devices
        self.audit = audit
        self.reports: dict[str, DeviceReport] = {}
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="device-watch")
        self._busy = False
        self._last = None
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check_now)
        self._done.connect(self._apply)

    _done = Signal(dict)

    def start(self) -> None:
        self.check_now()
        self._timer.start()

    def check_now(self):
        """Start a check in the background (or join the one running); returns its Future."""
        if self._busy:
            return self._last
        self._busy = True

        def work():
            try:
                reports = check_devices(self.devices)
            except Exception:  # the watcher must never take the kiosk down
                log.exception("device check failed")
                reports = {}
            finally:
                self._busy = False
            self._done.emit(reports)
            return reports
        self._last = self._pool.submit(work)
        return self._last

    def _apply(self, reports: dict) -> None:
        for name, report in reports.items():
            before = self.reports.get(name)
            self.reports[name] = report
            if before is None or before.state != report.state or \
                    before.components.get("paper") != report.components.get("paper"):
                level = logging.INFO if report.healthy else logging.WARNING
                log.log(level, "%s: %s%s", name, report.state.value,
                        f" ({report.last_error})" if report.last_error else "")
                if self.audit is not None:
                    self.audit.event("device_state", device=name, state=report.state.value,
                                     paper=report.components.get("paper"), error=report.last_error)
                self.changed.emit(name, report)
        self.checked.emit(reports)

    def healthy(self, name: str) -> bool | None:
        """True/False once checked; None before the first check (treated as usable)."""
        report = self.reports.get(name)
        return None if report is None else report.healthy

    def close(self) -> None:
        self._timer.stop()
        self._pool.shutdown(wait=True)
