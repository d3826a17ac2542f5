"""CrtReader: every command of the gas card reader (ic-reader.md) as a method, over the link layer."""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass

from drivers.gascard import link as linkmod
from drivers.gascard.errors import BadReply, card_error, reader_error, WriteVerifyFailed
from drivers.serialport import open_port
from drivers.status import DeviceReport

log = logging.getLogger("kiosk.drivers.gas_reader")

SLE4442_ATR = bytes.fromhex("A2131091")
SW_OK = b"\x90\x00"
MEMORY_SIZE = 256


class CardPosition(str, enum.Enum):
    """ST0 of every positive reply."""

    NONE = "none"  # 30
    GATE = "gate"  # 31: at the front gate, the person can take it
    INSIDE = "inside"  # 32: in position for reading

    @classmethod
    def from_st0(cls, st0: int) -> "CardPosition":
        try:
            return {0x30: cls.NONE, 0x31: cls.GATE, 0x32: cls.INSIDE}[st0]
        except KeyError:
            raise BadReply(f"ST0 {st0:#04x} is not a card position") from None


@dataclass(frozen=True)
class ReaderStatus:
    position: CardPosition
    jammed: bool


@dataclass(frozen=True)
class SecurityMemory:
    """Security memory: the error counter as tries left, and the password (zeros until presented)."""

    tries_left: int
    password: bytes

    def __repr__(self) -> str:  # the password never reaches a log line through repr
        return f"SecurityMemory(tries_left={self.tries_left}, password=***)"


def status_from(frame: linkmod.Frame) -> ReaderStatus:
    st = frame.status
    if len(st) != 2:
        raise BadReply("reply without ST0 ST1")
    if st[1] not in (0x30, 0x31):
        raise BadReply(f"ST1 {st[1]:#04x} is not a jam status")
    return ReaderStatus(CardPosition.from_st0(st[0]), st[1] == 0x31)


class CrtReader:
    """A CRT-310 style motorised reader with SLE4442 memory cards.

    Not thread-safe beyond one exchange at a time: the poller owns it; other callers go through it.
    """

    def __init__(self, link: linkmod.Link, *, name: str = "gas_reader", port_url: str = ""):
        self.link = link
        self.name = name
        self.port_url = port_url
        self.last_status: ReaderStatus | None = None

    # ------------------------------------------------------------ life cycle
    def close(self) -> None:
        self.link.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ------------------------------------------------------------ exchanges
    def _command(self, cm: int, pm: int, data: bytes = b"", what: str = "") -> linkmod.Frame:
        frame = self.link.transact(cm, pm, data)
        if frame.kind == linkmod.KIND_NEGATIVE:
            if len(frame.body) != 2:
                raise BadReply(f"negative reply to {what or hex(cm)} with {len(frame.body)} code bytes")
            err = reader_error(frame.error_code, what)
            log.info("gas reader: %s failed: %s", what, err)
            raise err
        linkmod.check_positive(frame)
        self.last_status = status_from(frame)
        return frame

    def initialise(self) -> ReaderStatus:
        """Reset the reader; the card stays where it is."""
        self._command(0x30, 0x30, what="initialise")
        return self.last_status

    def status(self) -> ReaderStatus:
        """Card position and jam status."""
        self._command(0x31, 0x30, what="status")
        return self.last_status

    def eject(self) -> ReaderStatus:
        """Move the card to the front gate."""
        self._command(0x32, 0x30, what="eject")
        log.info("gas reader: card ejected to the gate")
        return self.last_status

    def capture(self) -> ReaderStatus:
        """Retain the card in the bin."""
        self._command(0x33, 0x30, what="capture")
        log.info("gas reader: card captured")
        return self.last_status

    def power_on(self) -> bytes:
        """Power the card contacts; returns the answer-to-reset."""
        atr = self._command(0x51, 0x30, what="power on").data
        if atr != SLE4442_ATR:
            log.warning("gas reader: unexpected ATR %s", atr.hex(" "))
        return atr

    def power_off(self) -> None:
        self._command(0x51, 0x31, what="power off")

    def apdu(self, apdu: bytes, what: str) -> tuple[bytes, bytes]:
        """A memory-card operation: (response data, SW1 SW2)."""
        data = self._command(0x53, 0x30, apdu, what=what).data
        if len(data) < 2:
            raise BadReply(f"card response to {what} shorter than a status word")
        return data[:-2], data[-2:]

    def _apdu_ok(self, apdu: bytes, what: str, expect_len: int = 0) -> bytes:
        resp, sw = self.apdu(apdu, what)
        if sw != SW_OK:
            err = card_error(sw, what)
            log.info("gas reader: %s refused by the card: %s", what, sw.hex(" "))
            raise err
        if len(resp) != expect_len:
            raise BadReply(f"{what}: {len(resp)} response bytes, expected {expect_len}")
        return resp

    @staticmethod
    def _check_range(address: int, length: int) -> None:
        if not (0 <= address < MEMORY_SIZE and 1 <= length <= 255 and address + length <= MEMORY_SIZE):
            raise ValueError(f"memory range {address:#04x}+{length} outside the card")

    def read_memory(self, address: int, length: int) -> bytes:
        self._check_range(address, length)
        return self._apdu_ok(bytes([0xFF, 0xB0, 0x00, address, length]), f"read {address:02X}+{length}", length)

    def read_security_memory(self) -> SecurityMemory:
        raw = self._apdu_ok(bytes.fromhex("FFB1000004"), "read security memory", 4)
        # The error counter is a bit mask (07, 03, 01, 00): each set bit is one try left.
        return SecurityMemory(bin(raw[0] & 0x07).count("1"), raw[1:4])

    def read_protection_bits(self) -> set[int]:
        """Addresses 00–1F that are frozen (a 0 bit; byte k bit b, least significant first, is address 8k+b)."""
        raw = self._apdu_ok(bytes.fromhex("FFB2000004"), "read protection bits", 4)
        return {8 * k + b for k in range(4) for b in range(8) if not (raw[k] >> b) & 1}

    def present_password(self, password: bytes) -> None:
        """Raises WrongPassword(tries_left) or CardLocked; the password itself is never logged."""
        if len(password) != 3:
            raise ValueError("the password has three bytes")
        self._apdu_ok(bytes.fromhex("FF20000003") + bytes(password), "present password")

    def write_memory(self, address: int, data: bytes, *, verify: bool = True) -> None:
        """Write, then read back and compare (WriteVerifyFailed if the card holds something else)."""
        data = bytes(data)
        self._check_range(address, len(data))
        self._apdu_ok(bytes([0xFF, 0xD0, 0x00, address, len(data)]) + data, f"write {address:02X}+{len(data)}")
        if verify:
            back = self.read_memory(address, len(data))
            if back != data:
                raise WriteVerifyFailed(f"read-back of {address:02X}+{len(data)} differs from what was written")

    def change_password(self, new_password: bytes) -> None:
        if len(new_password) != 3:
            raise ValueError("the password has three bytes")
        self._apdu_ok(bytes.fromhex("FFD2000003") + bytes(new_password), "change password")

    # ------------------------------------------------------------ diagnostics
    def check(self, level: str = "full") -> DeviceReport:
        from drivers.gascard.diag import check_reader
        return check_reader(self, level)


def open_gas_reader(device_config, *, port_url: str | None = None, **link_options) -> CrtReader:
    """Open the reader's port now (DeviceNotFound if it cannot) and return a CrtReader.

    ``port_url`` overrides the config's port (e.g. the address of a simulator started for ``port: sim``).
    """
    from kiosk.config.schema import GasReaderOptions

    options = GasReaderOptions(**(device_config.options or {}))
    url = port_url or device_config.port
    # exclusive: a second opener (`kiosk diag` while the kiosk runs) is told the port is busy, not let in
    port = open_port(url, device_config.baudrate, timeout=linkmod.POLL_READ_TIMEOUT,
                     exclusive=True if "://" not in url else None)
    link = linkmod.Link(port, address=options.address, **link_options)
    log.info("gas reader: opened %s at %d baud", url, device_config.baudrate)
    return CrtReader(link, port_url=url)
