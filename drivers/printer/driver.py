"""The ESC/POS receipt printer driver: opens the configured port, reads status, prints documents.

python-escpos builds the commands (see commands.py and document.py); this module owns the
port. Status is read the way shared/protocols/escpos-printer.md says and python-escpos does
not: flush stale input, send ``DLE EOT n``, read ONE byte with the configured timeout, treat
silence as a fault and check the reply's fixed bits. A job is "printed" only when the status
is healthy before it and again after its cut.
"""

from __future__ import annotations

import logging
import termios
import threading
import time
from datetime import datetime
from typing import Callable

import serial
from pydantic import ValidationError

from drivers.printer import document as doc
from drivers.printer.commands import STATUS_NS, embedded_status_requests, status_requests
from drivers.printer.profiles import PaperProfile, get_profile
from drivers.printer.status import (ADVICE, Condition, PrinterProblem, PrinterStatus, bad_reply, condition_of,
                                    not_answering, valid_status_byte)
from drivers.serialport import open_port
from drivers.status import DeviceReport
from kiosk.config.schema import DeviceConfig, PrinterOptions
from kiosk.errors import ConfigError, DeviceError, DeviceNotFound

log = logging.getLogger("kiosk.drivers.printer")

#: What a port raises when the device behind it is gone (termios.error is not an OSError).
PORT_ERRORS = (serial.SerialException, OSError, termios.error)

CHUNK = 256  # bytes per write: progress granularity, and each write finishes well within write_timeout

Progress = Callable[[int, int], None]


class _Silent(Exception):
    """A status request went unanswered (``_query_all`` asks again before giving up)."""


class _WriteStalled(Exception):
    """The port did not take our bytes within its write timeout (flow control: printer stopped)."""


class ReceiptPrinter:
    """One ESC/POS printer on an open port. Use ``open_printer``; call ``close()`` when done."""

    def __init__(self, port: serial.SerialBase, *, port_url: str, baudrate: int, profile: PaperProfile,
                 native_qr: bool = True, status_timeout: float = 0.3, name: str = "printer"):
        self.name = name
        self.port_url = port_url
        self.baudrate = baudrate
        self.profile = profile
        self.native_qr = native_qr
        self.status_timeout = status_timeout
        self._port = port
        self._lock = threading.RLock()
        self._line_free_at = 0.0  # when the bytes we wrote will have crossed the wire
        self._escpos = None
        self.last_status: PrinterStatus | None = None
        self.last_error: DeviceError | None = None

    @property
    def escpos(self):
        """python-escpos writing straight to the port, built on first use (it loads python-escpos, ~6 MB)."""
        if self._escpos is None:
            from drivers.printer.escpos_sink import SinkPrinter
            self._escpos = SinkPrinter(self._write, self.profile.escpos_model)
        return self._escpos

    # ------------------------------------------------------------ life cycle

    def close(self) -> None:
        with self._lock:
            if self._port is not None:
                try:
                    self._port.close()
                finally:
                    self._port = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ------------------------------------------------------------ bytes on the line

    def _write(self, data: bytes) -> None:
        if self._port is None:
            raise not_answering("printer port is closed")
        try:
            self._port.write(data)
        except serial.SerialTimeoutException as exc:
            raise _WriteStalled(str(exc)) from exc
        except PORT_ERRORS as exc:
            raise not_answering(f"writing to {self.port_url} failed: {exc}") from exc
        now = time.monotonic()
        self._line_free_at = max(now, self._line_free_at) + len(data) * 10 / self.baudrate

    def _query_all(self, owed: int = 0) -> tuple[int, ...]:
        """The four real-time status bytes (DLE EOT 1-4 asked in one write), or DeviceNotAnswering / ProtocolError.

        ``owed``: answers the printer still owes for ``DLE EOT n`` sequences inside the job just sent
        (image data can hold them); they come before ours and are read and dropped, so input is not
        flushed then. A request left unanswered makes the whole set asked once more (after a flush)
        before the printer counts as silent: one missed answer is more often our own host too busy
        to hear it in time than a printer gone (docs/printer.md).
        """
        try:
            return self._query_all_once(owed)
        except _Silent as first:
            log.info("printer: %s; asking once more", first)
        try:
            return self._query_all_once(0)
        except _Silent as exc:
            raise not_answering(str(exc)) from None

    def _query_all_once(self, owed: int) -> tuple[int, ...]:
        if not owed:
            try:
                self._port.reset_input_buffer()  # stale bytes must not pass for an answer
            except PORT_ERRORS as exc:
                raise not_answering(f"{self.port_url}: {exc}") from exc
        try:
            self._write(status_requests(STATUS_NS))
        except _WriteStalled as exc:
            raise not_answering(f"status request not sent: {exc}") from exc
        # The requests wait behind whatever we wrote before them: the printer cannot answer before
        # those bytes have crossed the wire, so that time is added to the timeout; and each answer
        # crosses back behind the ones before it.
        wanted = owed + len(STATUS_NS)
        deadline = max(time.monotonic(), self._line_free_at) + self.status_timeout + wanted * 10 / self.baudrate
        got: list[int] = []
        while len(got) < wanted:
            try:
                reply = self._port.read(1)
            except PORT_ERRORS as exc:
                raise not_answering(f"reading from {self.port_url} failed: {exc}") from exc
            if reply:
                # checked as it comes: a wrong byte fails at once, not after the rest or a timeout
                if not valid_status_byte(reply[0]):
                    what = (f"status request {STATUS_NS[len(got) - owed]}" if len(got) >= owed
                            else "a status request inside the job's data")
                    raise bad_reply(f"{what} answered {reply[0]:#04x}, which is not a status byte")
                got.append(reply[0])
            elif time.monotonic() >= deadline:
                # Answers come in the order asked, but a skipped one cannot be told from a late one:
                # which request went unanswered is unknown, so none of this set's answers is kept.
                answered = max(0, len(got) - owed)
                raise _Silent(f"no answer to {len(STATUS_NS) - answered} of the {len(STATUS_NS)} status requests "
                              f"within {self.status_timeout * 1000:.0f} ms")
        return tuple(got[owed:])

    # ------------------------------------------------------------ status

    def read_status(self, *, owed: int = 0) -> PrinterStatus:
        """All four status bytes; DeviceNotAnswering or ProtocolError if the printer does not answer right.

        ``owed``: see ``_query_all`` (print_document passes it for the status after a job).
        """
        with self._lock:
            try:
                status = PrinterStatus(*self._query_all(owed))
            except DeviceError as exc:
                self.last_error = exc
                log.warning("printer status: %s", exc)
                raise
            if status != self.last_status:
                log.info("printer status %s: %s", status.raw(), status.condition.value)
            self.last_status = status
            return status

    # ------------------------------------------------------------ printing

    def print_document(self, receipt: doc.Receipt, progress: Progress | None = None) -> PrinterStatus:
        """Print ``receipt``; returns the healthy status after it, or raises a DeviceError saying why not.

        Status is read before (nothing is sent to a printer that cannot print) and after the
        job; any bad state after it means the job is not done.
        """
        data = doc.encode(receipt, self.profile, native_qr=self.native_qr)
        with self._lock:
            before = self.read_status()
            if not before.healthy:
                self._fail(PrinterProblem(before.condition, f"printer {before.condition.value} before the job ({before.raw()})"))
            log.info("printing %d bytes", len(data))
            sent = 0
            for start in range(0, len(data), CHUNK):
                chunk = data[start:start + CHUNK]
                try:
                    self._write(chunk)
                except _WriteStalled as exc:
                    self._fail_from_status(f"printer stopped taking data after {sent} of {len(data)} bytes: {exc}")
                sent += len(chunk)
                if progress is not None:
                    progress(sent, len(data))
            # asked right behind the job, with no wait of our own: answered once the cut is done
            after = self.read_status(owed=embedded_status_requests(data))
            if not after.healthy:
                self._fail(PrinterProblem(after.condition, f"printer {after.condition.value} during the job ({after.raw()})"))
            log.info("job printed (%d bytes), printer %s", len(data), after.condition.value)
            return after

    def _fail(self, error: DeviceError):
        self.last_error = error
        log.warning("print job failed: %s", error)
        raise error

    def _fail_from_status(self, message: str):
        status = self.read_status()
        cond = status.condition if not status.healthy else Condition.OFFLINE
        self._fail(PrinterProblem(cond, f"{message}; printer {status.condition.value} ({status.raw()})"))

    # ------------------------------------------------------------ diagnostics

    def check(self, level: str = "internal", *, terminal_id: str = "DIAG") -> DeviceReport:
        """``internal``: read status. ``external``: also print a test receipt and read status again."""
        report = DeviceReport(name=self.name, port=self.port_url)
        try:
            status = self.read_status()
            if level == "external":
                if status.healthy:
                    status = self.print_document(test_receipt(terminal_id, datetime.now()))
                    report.details["test_receipt"] = "printed"
                else:
                    report.details["test_receipt"] = "not printed: printer not ready"
        except DeviceError as exc:
            cond = condition_of(exc)
            if isinstance(exc, PrinterProblem) and self.last_status is not None:
                status = self.last_status
            else:
                status = None
            if level == "external":
                report.details["test_receipt"] = "failed"
            _fill(report, cond, status)
            report.last_error = str(exc)
            return report
        _fill(report, status.condition, status)
        return report


def _fill(report: DeviceReport, cond: Condition, status: PrinterStatus | None) -> None:
    advice = ADVICE[cond]
    report.state = advice.state
    report.action = advice.action
    report.recommended_action = None if cond == Condition.ONLINE else advice.staff
    report.details["condition"] = cond.value
    if status is not None:
        report.components.update(status.components())
        report.details["status_bytes"] = status.raw()
        if cond != Condition.ONLINE and report.last_error is None and not status.healthy:
            report.last_error = cond.value.replace("_", " ")
    else:
        report.components["paper"] = "unknown"


def test_receipt(terminal_id: str, now: datetime) -> doc.Receipt:
    """The diagnostics page: Chinese in several sizes, ￥ and full-width punctuation, a QR code, a cut."""
    body = [
        doc.Text("打印机自检 Printer self-test", align="center", bold=True),
        doc.Text("中文字号一：标准 normal"),
        doc.Text("字号二：倍高", height=2),
        doc.Text("字号三：倍宽倍高", width=2, height=2),
        doc.Text("全角标点：，。；：！？（）【】《》“”"),
        doc.KeyValue("金额 Amount", "￥1,234.50"),
        doc.KeyValue("单价 Price", "¥2.53/m³"),
        doc.Separator("-"),
        doc.QRCode("https://kiosk.example.cn/selftest", module=5),
        doc.Text("若二维码可扫描，打印正常", align="center"),
    ]
    return doc.build_receipt("自检凭条", body, terminal_id=terminal_id, printed_at=now)


def printer_options(device_config: DeviceConfig) -> PrinterOptions:
    try:
        return PrinterOptions(**(device_config.options or {}))
    except ValidationError as exc:
        raise ConfigError([f"printer options: {e['msg']} at {'.'.join(map(str, e['loc']))}" for e in exc.errors()]) from exc


def open_printer(device_config: DeviceConfig, *, port_url: str | None = None, name: str = "printer") -> ReceiptPrinter:
    """Open the printer's port now (DeviceNotFound if it cannot be opened).

    ``port_url`` overrides the configured port: with ``port: sim`` the caller starts the
    simulator and passes its ``port_url``.
    """
    options = printer_options(device_config)
    url = port_url or device_config.port
    if url == "sim":
        raise DeviceNotFound("port: sim needs the simulator started first (drivers.printer.simulator)")
    timeout = options.status_timeout_ms / 1000
    port = open_port(url, device_config.baudrate, timeout=timeout, exclusive=True if "://" not in url else None)
    log.info("printer port %s open at %d baud, paper %s", url, device_config.baudrate, options.paper)
    return ReceiptPrinter(port, port_url=url, baudrate=device_config.baudrate, profile=get_profile(options.paper),
                          native_qr=options.native_qr, status_timeout=timeout, name=name)
