"""SamReader: the host side of the ID card reader's SAM serial protocol (find → select → read).

Every command clears stale input, sends one frame and waits for one reply frame with a
timeout sized to the reply's length at the line rate. Noise before a reply is skipped; a
reply with a bad checksum (or the reader saying our frame had one) is retried once; a
success reply of the wrong shape for the command (a late answer to an earlier command:
the protocol has no sequence numbers) is skipped. A read is never retried alone: the whole
find → select → read sequence is. Logs say which command and which result code, never a
payload: replies carry personal data.
"""

from __future__ import annotations

import logging
import struct
import threading
import time
from datetime import date

import serial

from drivers.idcard import errors, frames
from drivers.idcard.identity import PHOTO_LEN, TEXT_LEN, Identity, accept, parse_text_block, refusals
from drivers.serialport import open_port
from drivers.status import Action, DeviceReport, DeviceState
from kiosk.errors import DeviceError, DeviceNotFound

log = logging.getLogger("kiosk.drivers.idcard")

#: Seconds a command may take besides moving its reply over the line (the card read is RF work).
_BASE_TIMEOUT = {"reset SAM": 1.0, "read card": 1.2}
_DEFAULT_BASE_TIMEOUT = 0.5
#: How long one read() call on the port may block, so deadlines stay accurate.
_POLL_SLICE = 0.02

READ_REPLY_DATA_LEN = 4 + TEXT_LEN + PHOTO_LEN


def format_sam_id(raw: bytes) -> str:
    """``AA.BB-CCCCCCCC-DDDDDDDDDD-EEEEEEEEEE``: two LE u16, then three LE u32 (8, 10, 10 digits)."""
    a, b, c, d, e = struct.unpack("<HHIII", raw)
    return f"{a:02d}.{b:02d}-{c:08d}-{d:010d}-{e:010d}"


class SamReader:
    """A second-generation ID card reader on an open serial port (a SAM speaking GA 467 frames)."""

    def __init__(self, port: serial.SerialBase, *, url: str = "", name: str = "id_reader",
                 timeout_scale: float = 1.0, retries: int = 1):
        self._port = port
        self.url = url or getattr(port, "portstr", "") or ""
        self.name = name
        self.timeout_scale = timeout_scale
        self.retries = retries
        self._decoder = frames.FrameDecoder(min_body=3)
        self._lock = threading.RLock()
        self.closed = False
        # The chip serial the last select answered (in memory only, never logged): what tells the card a
        # visit read from another one lying in the same place later (see the ID card poller).
        self.selected_serial: bytes | None = None
        # How long a read() may block: short, so deadlines are kept.
        self._port.timeout = _POLL_SLICE

    # -------------------------------------------------------------- lifetime

    def close(self) -> None:
        with self._lock:
            if self.closed:
                return
            self.closed = True
            try:
                self._port.close()
            finally:
                log.info("%s: closed %s", self.name, self.url)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @property
    def baudrate(self) -> int:
        return self._port.baudrate

    # -------------------------------------------------------------- the line

    def _timeout_for(self, doing: str, reply_len: int) -> float:
        line = (reply_len * 10 / max(self._port.baudrate or 115200, 1200)) * 2
        return (_BASE_TIMEOUT.get(doing, _DEFAULT_BASE_TIMEOUT) + line) * self.timeout_scale

    def _exchange(self, frame: bytes, doing: str, timeout: float,
                  fits: tuple[int, int] | None = None) -> frames.Reply:
        """Send one frame and return the first good reply frame, or raise within ``timeout``.

        ``fits`` is the (SW3, data length) of this command's success reply: a reply that is
        neither that nor a bare error code is a late answer to an earlier command, and skipped.
        """
        if self.closed:
            raise DeviceNotFound(f"{self.name}: {doing} on a closed reader")
        decoder = self._decoder
        try:
            self._port.reset_input_buffer()
            decoder.clear()
            decoder.skipped = 0
            log.debug("%s: -> %s", self.name, doing)
            self._port.write(frame)
            deadline = time.monotonic() + timeout
            stale = 0
            while True:
                waiting = self._port.in_waiting
                chunk = self._port.read(waiting or 1)
                if chunk:
                    for event in decoder.feed(chunk):
                        if isinstance(event, frames.Frame):
                            reply = frames.Reply.from_body(event.body)
                            if fits is not None and not _fits(reply, fits):
                                log.info("%s: skipped a stale reply (%s) while waiting for %s",
                                         self.name, reply.describe(), doing)
                                stale += 1
                                continue
                            if decoder.skipped:
                                log.info("%s: skipped %d bytes of line noise before the reply to %s",
                                         self.name, decoder.skipped, doing)
                            return reply
                        if isinstance(event, frames.BadChecksum):
                            raise errors.ReaderProtocolError(
                                f"{doing}: reply of LEN {event.length} failed its checksum")
                        log.info("%s: impossible LEN %d while waiting for %s; resyncing",
                                 self.name, event.length, doing)
                if time.monotonic() >= deadline:
                    break
        except serial.SerialTimeoutException as exc:
            raise errors.ReaderNotAnswering(f"{doing}: the line does not take our bytes") from exc
        except (serial.SerialException, OSError) as exc:
            raise errors.ReaderNotAnswering(f"{doing}: line failed: {exc}") from exc
        if stale:
            raise errors.ReaderProtocolError(f"{doing}: {stale} replies that do not fit the command, none that does")
        if decoder.pending:
            got = decoder.pending
            decoder.clear()
            raise errors.ReaderProtocolError(f"{doing}: incomplete reply ({got} bytes) after {timeout:.2f} s")
        raise errors.ReaderNotAnswering(f"{doing}: no answer within {timeout:.2f} s")

    def transact(self, cmd: int, para: int, doing: str, *, ok: tuple[int, int] = (frames.SW_OK, 0),
                 retries: int | None = None, data: bytes = b"") -> frames.Reply:
        """One command → one reply (SW1 SW2 checked), retrying broken frames ``retries`` times.

        ``ok`` is the (SW3, data length) of the success reply; it sizes the timeout and lets
        stale replies be told apart.
        """
        frame = frames.encode_command(cmd, para, data)
        timeout = self._timeout_for(doing, 11 + ok[1])
        attempts = 1 + (self.retries if retries is None else retries)
        with self._lock:
            for attempt in range(1, attempts + 1):
                try:
                    reply = self._exchange(frame, doing, timeout, fits=ok)
                    if (reply.sw1, reply.sw2) != (0, 0):
                        raise errors.ReaderProtocolError(f"{doing}: SW1 SW2 are {reply.sw1:02X} {reply.sw2:02X}")
                    if reply.sw3 in (frames.SW_BAD_CHECKSUM, frames.SW_BAD_LENGTH):
                        raise errors.error_for_sw3(reply.sw3, doing)
                    log.debug("%s: <- SW3 %02X (+%d bytes)", self.name, reply.sw3, len(reply.data))
                    return reply
                except errors.ReaderProtocolError as exc:
                    if isinstance(exc, errors.UnknownCommand) or attempt == attempts:
                        log.warning("%s: %s", self.name, exc)
                        raise
                    log.info("%s: %s; retrying (%d/%d)", self.name, exc, attempt, attempts - 1)
                except DeviceError as exc:
                    log.warning("%s: %s", self.name, exc)
                    raise
        raise AssertionError("unreachable")

    def exchange_raw(self, frame: bytes, timeout: float = 1.0) -> frames.Reply:
        """Send ``frame`` exactly as given and return the reply (a technician's and a test's tool)."""
        with self._lock:
            return self._exchange(bytes(frame), "raw frame", timeout)

    def _expect(self, reply: frames.Reply, doing: str, ok: int = frames.SW_OK) -> frames.Reply:
        """``reply`` if it is a success; else its typed error (transact has checked the size)."""
        if reply.sw3 != ok:
            err = errors.error_for_sw3(reply.sw3, doing)
            log.warning("%s: %s", self.name, err)
            raise err
        return reply

    # -------------------------------------------------------------- commands

    def reset(self) -> None:
        """Reset the SAM."""
        self._expect(self.transact(*frames.RESET, "reset SAM"), "reset SAM")

    def sam_status(self) -> None:
        """Ask the SAM for its self-test result; raises SamSelfTestFailed when it failed."""
        self._expect(self.transact(*frames.SAM_STATUS, "SAM status"), "SAM status")

    def sam_id(self) -> str:
        """The SAM's id as technicians see it, e.g. ``05.01-20240517-0012345678-3456789012``."""
        reply = self._expect(self.transact(*frames.SAM_ID, "read SAM id", ok=(frames.SW_OK, 16)), "read SAM id")
        return format_sam_id(reply.data)

    def find_card(self) -> bool:
        """True when a card is in the field (SW3 9F), False when there is none (SW3 80)."""
        reply = self.transact(*frames.FIND_CARD, "find card", ok=(frames.SW_CARD_FOUND, 4))
        if reply.sw3 == frames.SW_FIND_FAILED:
            return False
        self._expect(reply, "find card", ok=frames.SW_CARD_FOUND)
        return True

    def select_card(self) -> bytes:
        """Select the card found; returns its 8-byte serial (kept in memory only)."""
        self.selected_serial = None
        reply = self._expect(self.transact(*frames.SELECT_CARD, "select card", ok=(frames.SW_OK, 8)), "select card")
        self.selected_serial = reply.data
        return reply.data

    def read_text_and_photo(self) -> tuple[bytes, bytes]:
        """Read the selected card: (256-byte text block, 1024-byte WLT photo). Never retried by itself."""
        reply = self._expect(self.transact(*frames.READ_CARD, "read card", ok=(frames.SW_OK, READ_REPLY_DATA_LEN),
                                           retries=0), "read card")
        data = reply.data
        text_len, photo_len = int.from_bytes(data[0:2], "big"), int.from_bytes(data[2:4], "big")
        if (text_len, photo_len) != (TEXT_LEN, PHOTO_LEN):
            raise errors.ReaderProtocolError(f"read card: reply announces text {text_len} + photo {photo_len} "
                                             f"bytes; expected {TEXT_LEN} + {PHOTO_LEN}")
        return data[4:4 + text_len], data[4 + text_len:]

    def read_card(self) -> Identity:
        """Find, select and read the card on the reader, then parse it (not yet judged: see ``accept``).

        A broken frame restarts the whole sequence once; a card taken away raises
        CardNotFound / CardSelectFailed / CardReadFailed, never a half-read record.
        """
        attempts = 1 + self.retries
        with self._lock:
            self.selected_serial = None
            for attempt in range(1, attempts + 1):
                try:
                    if not self.find_card():
                        raise errors.CardNotFound("find card: no card on the reader")
                    self.select_card()
                    text, photo = self.read_text_and_photo()
                    break
                except errors.ReaderProtocolError as exc:
                    if isinstance(exc, errors.UnknownCommand) or attempt == attempts:
                        raise
                    log.info("%s: %s; reading the card again", self.name, exc)
        try:
            identity = parse_text_block(text, photo)
        except errors.CardRefused as exc:
            log.warning("%s: card refused (%s): %s", self.name, exc.reason, exc)
            raise
        log.info("%s: card read: %r", self.name, identity)
        return identity

    def read_accepted_card(self, today: date) -> Identity:
        """``read_card`` and then refuse it (typed CardRefused) if it may not be used ``today``."""
        identity = self.read_card()
        try:
            return accept(identity, today)
        except errors.CardRefused as exc:
            log.warning("%s: card refused (%s): %s", self.name, exc.reason, exc)
            raise

    def set_baud_rate(self, rate: int) -> None:
        """Switch reader and port to ``rate`` (115200, 57600, 38400, 19200 or 9600)."""
        if rate not in frames.BAUD_CODES:
            raise ValueError(f"the SAM cannot run at {rate} baud; choose one of {sorted(frames.BAUD_CODES)}")
        doing = f"set baud rate {rate}"
        with self._lock:
            self._expect(self.transact(frames.SET_BAUD, frames.BAUD_CODES[rate], doing, retries=0), doing)
            # The reader answered at the old rate and listens at the new one from now on.
            self._port.baudrate = rate
        log.info("%s: line now at %d baud", self.name, rate)

    # -------------------------------------------------------------- diagnostics

    def check(self, level: str = "full", today: date | None = None) -> DeviceReport:
        """SAM status and id; at level "full" also the card on the reader, as a masked summary."""
        report = DeviceReport(name=self.name, port=self.url)
        try:
            self.sam_status()
            report.details["sam_id"] = self.sam_id()
            report.components["sam"] = "ok"
            report.state = DeviceState.ONLINE
        except errors.SamSelfTestFailed as exc:
            return _failed(report, DeviceState.HARDWARE_ERROR, "sam", "self_test_failed", exc,
                           "the SAM failed its self-test: power-cycle the reader, then replace the SAM module")
        except errors.ReaderNotAnswering as exc:
            return _failed(report, DeviceState.NOT_ANSWERING, "sam", "not_answering", exc,
                           "check the reader's power and cable, and the port in devices.yaml")
        except DeviceError as exc:
            return _failed(report, DeviceState.HARDWARE_ERROR, "sam", "error", exc,
                           "power-cycle the reader; if it persists, call the reader's service")
        if level != "full":
            return report
        try:
            present = self.find_card()
        except DeviceError as exc:
            return _failed(report, DeviceState.HARDWARE_ERROR, "card", "error", exc,
                           "power-cycle the reader; if it persists, call the reader's service")
        report.components["card"] = "present" if present else "absent"
        if present:
            report.details["card"] = self._card_summary(today or date.today())
            if "error" in report.details["card"]:
                report.components["card"] = "unreadable"
        return report

    def _card_summary(self, today: date) -> dict:
        try:
            identity = self.read_card()
        except errors.CardRefused as exc:
            return {"accepted": False, "refused_because": [exc.reason], "message": exc.user_message("en")}
        except DeviceError as exc:
            return {"accepted": False, "error": type(exc).__name__, "message": exc.user_message("en")}
        summary = identity.masked_summary()
        problems = refusals(identity, today)
        summary["accepted"] = not problems
        if problems:
            summary["refused_because"] = [p.reason for p in problems]
        return summary


def _fits(reply: frames.Reply, ok: tuple[int, int]) -> bool:
    """A success reply of the expected size, or a bare error code (any command may get one)."""
    if (reply.sw3, len(reply.data)) == ok:
        return True
    return reply.sw3 not in (frames.SW_OK, frames.SW_CARD_FOUND) and not reply.data


def _failed(report: DeviceReport, state: DeviceState, component: str, value: str, exc: Exception,
            advice: str) -> DeviceReport:
    report.state = state
    report.components[component] = value
    report.last_error = str(exc)
    report.action = Action.CALL_TECHNICIAN
    report.recommended_action = advice
    return report


def open_id_reader(device_config, *, port_url: str | None = None, **kwargs) -> SamReader:
    """Open the reader named by ``device_config`` now (DeviceNotFound if its port cannot be opened).

    ``port_url`` overrides the configured port: with ``port: sim`` it is the running
    simulator's ``port_url``.
    """
    url = port_url or device_config.port
    if url == "sim":
        raise DeviceNotFound("id_reader: port is 'sim' but no simulator port_url was given")
    # exclusive: a second opener (`kiosk diag` while the kiosk runs) is told the port is busy, not let in
    port = open_port(url, device_config.baudrate, timeout=_POLL_SLICE, exclusive=True if "://" not in url else None)
    log.info("id_reader: opened %s at %d baud", url, device_config.baudrate)
    return SamReader(port, url=url, **kwargs)
