"""The kiosk's open devices: drivers opened from the (resolved) device config, and their Qt workers.

A device that cannot be opened does not stop the kiosk: it is recorded with its error, logged, and
the services that need it say so to the resident.
"""

from __future__ import annotations

import logging
from datetime import date

from kiosk.errors import KioskError

log = logging.getLogger("kiosk.devices")


class KioskDevices:
    """Opens what ``devices`` (a DevicesConfig whose ports are real or simulator URLs) lists."""

    def __init__(self, devices, sessions, *, today=date.today, clock=None):
        self.devices = devices
        self.errors: dict[str, KioskError] = {}
        self.printer = None
        self.print_service = None
        self.id_reader = None
        self.id_poller = None
        self.gas_reader = None
        self.gas_poller = None
        self._open_printer(sessions, clock)
        self._open_id_reader(today)
        self._open_gas_reader()

    def _open_printer(self, sessions, clock) -> None:
        dev = self.devices.printer
        if dev is None or not dev.enabled:
            return
        from drivers.printer.driver import open_printer
        from drivers.printer.jobs import JobStore, PrintService
        try:
            self.printer = open_printer(dev)
        except KioskError as exc:
            self.errors["printer"] = exc
            log.error("printer could not be opened: %s", exc)
            return
        store = JobStore(sessions, clock=clock.now) if clock else JobStore(sessions)
        interrupted = store.recover_interrupted()
        if interrupted:
            log.warning("%d print job(s) were interrupted by a stop and are kept for reprinting", interrupted)
        self.print_service = PrintService(self.printer, store)

    def _open_id_reader(self, today) -> None:
        dev = self.devices.id_reader
        if dev is None or not dev.enabled:
            return
        from drivers.idcard.driver import open_id_reader
        from drivers.idcard.poller import IdCardPoller
        try:
            self.id_reader = open_id_reader(dev)
        except KioskError as exc:
            self.errors["id_reader"] = exc
            log.error("ID card reader could not be opened: %s", exc)
            return
        interval = self.devices.options("id_reader").poll_interval_ms
        self.id_poller = IdCardPoller(self.id_reader, interval, today=today)

    def _open_gas_reader(self) -> None:
        dev = self.devices.gas_reader
        if dev is None or not dev.enabled:
            return
        from drivers.gascard.poller import GasCardPoller
        from drivers.gascard.reader import open_gas_reader
        try:
            self.gas_reader = open_gas_reader(dev)
        except KioskError as exc:
            self.errors["gas_reader"] = exc
            log.error("gas card reader could not be opened: %s", exc)
            return
        self.gas_poller = GasCardPoller(self.gas_reader, self.devices.options("gas_reader").poll_interval_ms)

    def close(self) -> None:
        if self.gas_poller is not None:
            self.gas_poller.close()
        if self.id_poller is not None:
            self.id_poller.close()
        if self.print_service is not None:
            self.print_service.close()
        for drv in (self.gas_reader, self.id_reader, self.printer):
            if drv is not None:
                drv.close()
        self.gas_poller = self.gas_reader = None
        self.id_poller = self.print_service = self.id_reader = self.printer = None
