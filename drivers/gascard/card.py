"""The gas card layer (gas-card.md): layout codec, validation, password derivation, top-up writes."""

from __future__ import annotations

import enum
import hashlib
import hmac
import logging
from dataclasses import dataclass, replace
from decimal import Decimal

from drivers.gascard.errors import (BadCardStatus, BlankCard, CardReportedLost, GasCardRefused, MeterNotVisited,
                                    NotOurCard, TornCard, WriteVerifyFailed)

log = logging.getLogger("kiosk.drivers.gas_reader")

TAG = b"GAS1"
AREA_START = 0x20
AREA_END = 0x50  # exclusive: 20–4F
AREA_LEN = AREA_END - AREA_START  # 48
TOPUP_START, TOPUP_END = 0x31, 0x38  # 31–37
CHECK_ADDR = 0x4F


class CardType(enum.IntEnum):
    HOUSEHOLD = 0x01
    BUSINESS = 0x02


class CardStatus(enum.IntEnum):
    BLANK = 0x00
    IN_USE = 0x01
    LOST = 0x02


def _bcd_to_str(raw: bytes) -> str:
    """BCD digits; a nibble above 9 shows as its hex letter (and fails validation later)."""
    return raw.hex().upper()


def _str_to_bcd(digits: str, n_bytes: int) -> bytes:
    if len(digits) != 2 * n_bytes or not digits.isdigit():
        raise ValueError(f"expected {2 * n_bytes} digits")
    return bytes.fromhex(digits)


def check_byte(area: bytes) -> int:
    """XOR of bytes 20–4E (the first 47 bytes of the area)."""
    x = 0
    for b in area[:AREA_LEN - 1]:
        x ^= b
    return x


def mask_card_number(number: str) -> str:
    """4212********1234: first 4 and last 4 digits."""
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


@dataclass(frozen=True)
class GasCard:
    """The content of 20–4F. Volumes in 0.01 m³."""

    tag: bytes
    area_code: str
    card_number: str
    card_type: int
    status: int
    purchase_count: int
    volume: int
    meter_flag: int
    meter_remaining: int
    meter_cumulative: int
    meter_status: int
    reissue_count: int
    reserved: bytes = bytes(13)
    check: int | None = None  # as read; None: compute when encoding

    def __repr__(self) -> str:  # the full card number stays out of logs
        return (f"GasCard({mask_card_number(self.card_number)}, status={self.status}, count={self.purchase_count}, "
                f"volume={self.volume}, meter_flag={self.meter_flag})")

    # -------------------------------------------------------- derived
    @property
    def masked_number(self) -> str:
        return mask_card_number(self.card_number)

    @property
    def volume_m3(self) -> Decimal:
        return (Decimal(self.volume) / 100).quantize(Decimal("0.01"))

    @property
    def check_ok(self) -> bool:
        return self.check is None or self.check == check_byte(encode(self, with_check=False))

    @property
    def tag_ok(self) -> bool:
        return self.tag == TAG

    @property
    def torn(self) -> bool:
        """One of our cards whose check byte is wrong: a write was cut short."""
        return self.tag_ok and not self.check_ok

    @property
    def meter_battery_low(self) -> bool:
        return bool(self.meter_status & 1)

    @property
    def meter_valve_closed(self) -> bool:
        return bool(self.meter_status & 2)

    @property
    def meter_tampered(self) -> bool:
        return bool(self.meter_status & 4)

    def problem(self, for_topup: bool = True) -> GasCardRefused | None:
        """The first reason to refuse the card, as an error (not raised), or None."""
        if not self.tag_ok:
            return NotOurCard(f"tag {self.tag!r} is not GAS1")
        if not (self.card_number.isdigit() and self.area_code.isdigit()):
            return NotOurCard("card number or area code is not BCD")
        if not self.check_ok:
            return TornCard(f"check byte {self.check:02X} wrong on card {self.masked_number}: torn write")
        if self.status == CardStatus.BLANK:
            return BlankCard(f"card {self.masked_number} is blank")
        if self.status == CardStatus.LOST:
            return CardReportedLost(f"card {self.masked_number} is reported lost")
        if self.status != CardStatus.IN_USE or self.card_type not in (CardType.HOUSEHOLD, CardType.BUSINESS):
            return BadCardStatus(f"card {self.masked_number}: status {self.status:02X}, type {self.card_type:02X}")
        if for_topup and self.meter_flag != 0x01:
            return MeterNotVisited(f"card {self.masked_number}: meter flag {self.meter_flag:02X}")
        return None

    @property
    def valid(self) -> bool:
        return self.problem(for_topup=False) is None

    def validate(self, for_topup: bool = True) -> "GasCard":
        """Raise the typed refusal (wrong tag, torn, blank, lost, meter flag) or return self."""
        err = self.problem(for_topup)
        if err is not None:
            raise err
        return self

    def summary(self) -> dict:
        """Masked summary for diagnostics and logs."""
        err = self.problem(for_topup=False)
        return {
            "card_number": self.masked_number,
            "area_code": self.area_code,
            "type": {1: "household", 2: "business"}.get(self.card_type, f"{self.card_type:02X}"),
            "status": {0: "blank", 1: "in_use", 2: "lost"}.get(self.status, f"{self.status:02X}"),
            "purchase_count": self.purchase_count,
            "volume_waiting_m3": str(self.volume_m3),
            "meter_flag": self.meter_flag,
            "valid": err is None,
            "invalid_reason": None if err is None else err.reason,
        }


def decode(raw: bytes) -> GasCard:
    """Decode 48 bytes read from 20–4F; never raises for odd content (validation does that)."""
    raw = bytes(raw)
    if len(raw) != AREA_LEN:
        raise ValueError(f"a gas card area has {AREA_LEN} bytes, got {len(raw)}")
    r = lambda a, n: raw[a - AREA_START:a - AREA_START + n]  # noqa: E731
    num = lambda a, n: int.from_bytes(r(a, n), "big")  # noqa: E731
    return GasCard(
        tag=r(0x20, 4), area_code=_bcd_to_str(r(0x24, 3)), card_number=_bcd_to_str(r(0x27, 8)),
        card_type=r(0x2F, 1)[0], status=r(0x30, 1)[0], purchase_count=num(0x31, 2), volume=num(0x33, 4),
        meter_flag=r(0x37, 1)[0], meter_remaining=num(0x38, 4), meter_cumulative=num(0x3C, 4),
        meter_status=r(0x40, 1)[0], reissue_count=r(0x41, 1)[0], reserved=r(0x42, 13), check=raw[-1],
    )


def encode(card: GasCard, *, with_check: bool = True) -> bytes:
    """48 bytes for 20–4F; the check byte computed (``with_check=False``: 47 bytes, 20–4E)."""
    body = (bytes(card.tag) + _str_to_bcd(card.area_code, 3) + _str_to_bcd(card.card_number, 8)
            + bytes([card.card_type, card.status]) + card.purchase_count.to_bytes(2, "big")
            + card.volume.to_bytes(4, "big") + bytes([card.meter_flag]) + card.meter_remaining.to_bytes(4, "big")
            + card.meter_cumulative.to_bytes(4, "big") + bytes([card.meter_status, card.reissue_count])
            + bytes(card.reserved))
    if len(body) != AREA_LEN - 1:
        raise ValueError("card fields do not fill 20–4E")
    if not with_check:
        return body
    return body + bytes([check_byte(body)])


def derive_password(utility_key: str | bytes, card_number: str) -> bytes:
    """First three bytes of HMAC-SHA256(utility key, the 16-digit card number as ASCII)."""
    key = bytes.fromhex(utility_key) if isinstance(utility_key, str) else bytes(utility_key)
    if not key:
        raise ValueError("no utility key configured (gas_reader.options.utility_key)")
    return hmac.new(key, card_number.encode("ascii"), hashlib.sha256).digest()[:3]


# ---------------------------------------------------------------- on the reader

def read_card(reader) -> GasCard:
    """Power the contacts and read 20–4F; the card is decoded, not yet validated."""
    reader.power_on()
    card = decode(reader.read_memory(AREA_START, AREA_LEN))
    log.info("gas card read: %s", card.summary())
    return card


def write_topup(reader, card: GasCard, *, purchase_count: int, volume: int, utility_key: str,
                repair: bool = False) -> GasCard:
    """Write a top-up as gas-card.md says; returns the card as read back.

    ``card`` is what was read at insertion. A normal top-up needs a valid card whose meter flag is 01;
    ``repair=True`` also accepts a torn card or a flag of 00 (re-writing a top-up the record knows of).
    The flow decides the purchase count (account's count) and volume.
    """
    err = card.problem(for_topup=not repair)
    if err is not None and not (repair and isinstance(err, (TornCard, MeterNotVisited))):
        raise err
    if not (0 <= purchase_count <= 0xFFFF and 0 <= volume <= 0xFFFFFFFF):
        raise ValueError("purchase count or volume out of range")
    new = replace(card, purchase_count=purchase_count, volume=volume, meter_flag=0x00, check=None)
    image = encode(new)
    reader.power_on()  # a fresh power-on: the password is presented in this one
    reader.present_password(derive_password(utility_key, card.card_number))
    reader.write_memory(TOPUP_START, image[TOPUP_START - AREA_START:TOPUP_END - AREA_START], verify=False)
    reader.write_memory(CHECK_ADDR, image[-1:], verify=False)  # last: a cut before here leaves the card torn
    back = reader.read_memory(AREA_START, AREA_LEN)
    if back != image:
        raise WriteVerifyFailed(f"card {card.masked_number}: read-back of 20–4F differs after the top-up")
    log.info("gas card %s topped up: purchase count %d, volume %d", card.masked_number, purchase_count, volume)
    return decode(back)
