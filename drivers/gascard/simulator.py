"""GasReaderSimulator: a second implementation of the gas card reader and its SLE4442 cards.

It holds the device end of a pty (or a TCP socket) and follows ic-reader.md byte for byte,
sharing only the frame codec with the driver. The reader's and the card's behaviour are its own:

- Card positions: ``insert()`` puts a card inside, in position; ``eject`` moves it to the gate,
  where ``take()`` (or ``remove()``) takes it; ``capture`` drops it into the bin.
- SLE4442: reading needs nothing; writing needs the password presented since the last power-on;
  three tries, a right password restores them, none left locks the card forever (still readable);
  bytes 00–1F frozen by the protection bits; writes go byte by byte in address order, so a card
  pulled during a write keeps the bytes written so far (a torn write).
- Where the spec is silent: a pseudo-APDU shorter than 5 bytes or not starting FF gets the reader's
  parameter error (30 31); an unknown INS gets SW 6D 00, a range outside the memory 6B 00, a
  data length that disagrees with LL 67 00; the error counter reads as a bit mask (07, 03, 01, 00);
  a card at the gate is "no card in position" for power-on and card operations; power-off without
  a card succeeds; frames for another address are ignored (no ACK).
- Faults: pull a card in the middle of the next read or write, jam, stop answering, ACK without
  replying, NAK (damaged commands), garbled replies (bad BCC), line noise.
- "Insert into meter": the meter takes the volume, sets the flag to 01, writes back 38–40 and fixes
  the check byte (a card with a bad check byte is refused by the meter, as real meters do).

Card memory persists in ``<state_dir>/gas_cards.json`` after every change, so a torn card is
still torn after a restart.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import threading
import time

from drivers.gascard.deck import DeckCard, load_deck
from drivers.gascard.link import (ACK, KIND_COMMAND, NAK, BadChecksum, Frame, FrameParser, encode_negative,
                                  encode_positive)
from drivers.serialport import PtyLine, TcpLine

log = logging.getLogger("kiosk.drivers.gas_reader.sim")

ATR = bytes.fromhex("A2131091")
POS_NONE, POS_GATE, POS_INSIDE = 0x30, 0x31, 0x32
E_UNKNOWN, E_PARAM, E_NOT_NOW = b"00", b"01", b"02"
E_JAM, E_NO_CARD, E_NO_ATR, E_COMM = b"10", b"40", b"60", b"61"
SW_OK = b"\x90\x00"


class SimCard:
    """An SLE4442 memory card: main memory, protection bits, security memory."""

    def __init__(self, deck: DeckCard, password: bytes):
        self.id = deck.id
        self.label_zh, self.label_en = deck.label_zh, deck.label_en
        self.memory_card = deck.memory_card
        self.memory = bytearray(deck.memory)
        self.protection = bytearray(4)  # all 0: 00–1F frozen
        self.password = bytearray(password)
        self.tries = max(0, min(3, deck.tries_left))

    def frozen(self, address: int) -> bool:
        return address < 32 and not (self.protection[address // 8] >> (address % 8)) & 1

    def to_json(self) -> dict:
        return {"memory": self.memory.hex(), "protection": self.protection.hex(),
                "password": self.password.hex(), "tries": self.tries}

    def load_json(self, d: dict) -> None:
        self.memory = bytearray.fromhex(d["memory"])
        self.protection = bytearray.fromhex(d["protection"])
        self.password = bytearray.fromhex(d["password"])
        self.tries = int(d["tries"])


def _utility_key_from_config() -> str:
    from kiosk.config.loader import default_config_dir
    import yaml
    with open(os.path.join(default_config_dir(), "devices.yaml"), encoding="utf-8") as f:
        doc = yaml.safe_load(f) or {}
    return ((doc.get("gas_reader") or {}).get("options") or {}).get("utility_key", "")


class GasReaderSimulator:
    """The gas card reader at the far end of a pty or TCP socket; control methods are thread-safe."""

    def __init__(self, baudrate: int = 9600, state_dir: str | None = None, transport: str = "pty", *,
                 deck_path: str | None = None, utility_key: str | None = None, address: int = 0,
                 link: str | None = None, byte_write_time: float = 0.002, move_time: float = 0.05):
        if transport not in ("pty", "tcp"):
            raise ValueError(f"transport must be 'pty' or 'tcp', not {transport!r}")
        self.baudrate = baudrate
        self.state_dir = state_dir
        self.transport = transport
        self.address = address
        self.byte_write_time = byte_write_time  # EEPROM programming time per byte
        self.move_time = move_time  # motor time for eject and capture
        self._link_path = link
        key = utility_key if utility_key is not None else _utility_key_from_config()
        self._key = bytes.fromhex(key) if key else b""
        self._lock = threading.RLock()
        self.cards: dict[str, SimCard] = {}
        for deck in load_deck(deck_path).values():
            self.cards[deck.id] = SimCard(deck, self._password_for(deck))
        self._load_state()
        # reader state
        self._card_id: str | None = None
        self._position = POS_NONE
        self._powered = False
        self._presented = False
        self._jammed = False
        self._answering = True
        self._replying = True
        self._nak_next = 0
        self._garble_next = 0
        self._noise_before_ack = b""
        self._noise_before_reply = b""
        self._pull: dict | None = None
        self._replacement: bytes | None = None
        self.captured: list[str] = []
        self.last_out: str | None = None  # the card last taken out, for insert_into_meter()
        self.commands_seen = 0
        self._line = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self.port_url: str | None = None

    # ------------------------------------------------------------ life cycle
    def start(self) -> None:
        if self._thread is not None:
            return
        self._line = PtyLine(self.baudrate, self._link_path) if self.transport == "pty" else TcpLine(self.baudrate)
        self.port_url = self._line.path
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="gas-reader-sim", daemon=True)
        self._thread.start()
        log.info("gas reader simulator listening on %s", self.port_url)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None
        if self._line is not None:
            self._line.close()
            self._line = None
        with self._lock:
            self._save_state()

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    # ------------------------------------------------------------ persistence
    def _password_for(self, deck: DeckCard) -> bytes:
        if deck.factory_password or not deck.card_number or not self._key:
            return b"\xFF\xFF\xFF"
        return hmac.new(self._key, deck.card_number.encode("ascii"), hashlib.sha256).digest()[:3]

    @property
    def state_file(self) -> str | None:
        return os.path.join(self.state_dir, "gas_cards.json") if self.state_dir else None

    def _load_state(self) -> None:
        path = self.state_file
        if not path or not os.path.exists(path):
            return
        try:
            with open(path, encoding="utf-8") as f:
                saved = json.load(f)
            for cid, d in saved.get("cards", {}).items():
                if cid in self.cards:
                    self.cards[cid].load_json(d)
        except (OSError, ValueError, KeyError) as exc:
            log.warning("gas card state %s unreadable, starting from the deck: %s", path, exc)

    def _save_state(self) -> None:
        path = self.state_file
        if not path:
            return
        os.makedirs(self.state_dir, exist_ok=True)
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump({"cards": {cid: c.to_json() for cid, c in self.cards.items()}}, f)
        os.replace(tmp, path)

    # ------------------------------------------------------------ controls (any thread)
    def insert(self, card_id: str) -> None:
        """Put a card into the reader, in position for reading."""
        with self._lock:
            if card_id not in self.cards:
                raise KeyError(f"no gas card '{card_id}' in the deck")
            if self._position != POS_NONE:
                raise RuntimeError("a card is already in the reader")
            self._card_id, self._position = card_id, POS_INSIDE
            self._powered = self._presented = False
            log.info("sim: card %s inserted", card_id)

    def remove(self) -> str | None:
        """Take the card out, wherever it is (a pull, if it was inside)."""
        with self._lock:
            cid = self._card_id
            self._card_out()
            return cid

    def take(self) -> str | None:
        """The person takes the card from the gate."""
        with self._lock:
            if self._position != POS_GATE:
                return None
            return self.remove()

    def pull_card_during_next(self, op: str = "any", after_bytes: int = 0, skip: int = 0) -> None:
        """Arm a pull: during the (skip+1)-th next ``op`` ('read', 'write', 'any'), after ``after_bytes`` bytes."""
        if op not in ("read", "write", "any"):
            raise ValueError(op)
        with self._lock:
            self._pull = {"op": op, "after": after_bytes, "skip": skip}

    def jam(self, jammed: bool = True) -> None:
        with self._lock:
            self._jammed = jammed

    def set_answering(self, answering: bool) -> None:
        """False: the reader is switched off or unplugged; it ignores every byte."""
        with self._lock:
            self._answering = answering

    def set_replying(self, replying: bool) -> None:
        """False: the reader ACKs commands but never sends a reply frame."""
        with self._lock:
            self._replying = replying

    def nak_next_commands(self, n: int) -> None:
        """The next ``n`` commands arrive damaged (as if the line flipped a bit): the reader NAKs them."""
        with self._lock:
            self._nak_next = n

    def garble_next_replies(self, n: int) -> None:
        """The next ``n`` reply frames leave with a bad BCC."""
        with self._lock:
            self._garble_next = n

    def replace_next_reply(self, data: bytes) -> None:
        """Send ``data`` instead of the next reply frame (a reader gone mad, for fuzzing the host)."""
        with self._lock:
            self._replacement = bytes(data)

    def add_noise(self, before_ack: bytes = b"", before_reply: bytes = b"") -> None:
        """Bytes sent to the host ahead of the next ACK and/or the next reply frame."""
        with self._lock:
            self._noise_before_ack += bytes(before_ack)
            self._noise_before_reply += bytes(before_reply)

    def send_noise_now(self, data: bytes) -> None:
        line = self._line
        if line is not None:
            line.write(bytes(data))

    def state(self) -> dict:
        """What the hardware panel and the control API show (deck ids and labels, never card data)."""
        with self._lock:
            return {
                "powered": self._answering,
                "card": self._card_id,
                "position": {POS_NONE: "none", POS_GATE: "gate", POS_INSIDE: "inside"}[self._position],
                "jammed": self._jammed,
                "last_out": self.last_out,
                "deck": [{"id": c.id, "zh": c.label_zh, "en": c.label_en} for c in self.cards.values()],
            }

    @property
    def card_position(self) -> str:
        with self._lock:
            return {POS_NONE: "none", POS_GATE: "gate", POS_INSIDE: "inside"}[self._position]

    @property
    def card_in_reader(self) -> str | None:
        with self._lock:
            return self._card_id

    def card_memory(self, card_id: str) -> bytes:
        with self._lock:
            return bytes(self.cards[card_id].memory)

    def tries_left(self, card_id: str) -> int:
        with self._lock:
            return self.cards[card_id].tries

    def insert_into_meter(self, card_id: str | None = None, used: int = 0, meter_status: int = 0) -> bool:
        """The meter takes the card's volume; ``used`` (0.01 m³) is consumed since the last visit.

        Returns False when the meter refuses the card (not ours, torn) or it is in the reader.
        """
        with self._lock:
            cid = card_id or self.last_out
            if cid is None or cid not in self.cards or cid == self._card_id:
                return False
            card = self.cards[cid]
            m = card.memory
            if not card.memory_card or bytes(m[0x20:0x24]) != b"GAS1":
                return False
            x = 0
            for b in m[0x20:0x4F]:
                x ^= b
            if x != m[0x4F]:
                log.info("sim meter: card %s refused, check byte wrong", cid)
                return False
            remaining = int.from_bytes(m[0x38:0x3C], "big")
            cumulative = int.from_bytes(m[0x3C:0x40], "big")
            if m[0x37] == 0x00:
                remaining += int.from_bytes(m[0x33:0x37], "big")
                m[0x33:0x37] = bytes(4)
                m[0x37] = 0x01
            used = min(used, remaining)
            m[0x38:0x3C] = (remaining - used).to_bytes(4, "big")
            m[0x3C:0x40] = (cumulative + used).to_bytes(4, "big")
            m[0x40] = meter_status & 0x07
            x = 0
            for b in m[0x20:0x4F]:
                x ^= b
            m[0x4F] = x
            self._save_state()
            log.info("sim meter: card %s taken by the meter", cid)
            return True

    # ------------------------------------------------------------ the reader
    def _card_out(self) -> None:
        if self._card_id is not None:
            self.last_out = self._card_id
            log.info("sim: card %s out of the reader", self._card_id)
        self._card_id = None
        self._position = POS_NONE
        self._powered = self._presented = False
        self._save_state()

    def _run(self) -> None:
        parser = FrameParser()
        while not self._stop.is_set():
            line = self._line
            data = line.read(512, timeout=0.05) if line else b""
            if not data:
                continue
            with self._lock:
                if not self._answering:
                    parser.clear()
                    continue
            for event in parser.feed(data):
                try:
                    self._handle(event)
                except Exception:  # noqa: BLE001 — a simulator bug must not kill the line
                    log.exception("sim: failed handling a frame")

    def _handle(self, event) -> None:
        line = self._line
        if isinstance(event, BadChecksum):
            log.info("sim: bad BCC, NAK")
            line.write(bytes([NAK]))
            return
        frame: Frame = event
        if frame.kind != KIND_COMMAND or frame.addr != self.address:
            return
        with self._lock:
            self.commands_seen += 1
            if self._nak_next > 0:
                self._nak_next -= 1
                nak = True
            else:
                nak = False
            noise, self._noise_before_ack = self._noise_before_ack, b""
        if noise:
            line.write(noise)
        if nak:
            line.write(bytes([NAK]))
            return
        line.write(bytes([ACK]))
        reply = self._execute(frame)
        with self._lock:
            replying = self._replying
            noise, self._noise_before_reply = self._noise_before_reply, b""
            garble = self._garble_next > 0
            if garble:
                self._garble_next -= 1
            replacement, self._replacement = self._replacement, None
        if not replying:
            return
        if noise:
            line.write(noise)
        if garble:
            reply = reply[:-1] + bytes([reply[-1] ^ 0x5A])
        line.write(reply if replacement is None else replacement)

    def _positive(self, frame: Frame, data: bytes = b"") -> bytes:
        with self._lock:
            st0, st1 = self._position, 0x31 if self._jammed else 0x30
        return encode_positive(frame.cm, frame.pm, st0, st1, data, self.address)

    def _negative(self, frame: Frame, code: bytes) -> bytes:
        return encode_negative(frame.cm, frame.pm, code, self.address)

    def _execute(self, f: Frame) -> bytes:
        cm, pm = f.cm, f.pm
        known = {0x30: (0x30,), 0x31: (0x30,), 0x32: (0x30,), 0x33: (0x30,), 0x51: (0x30, 0x31), 0x53: (0x30,)}
        if cm not in known:
            return self._negative(f, E_UNKNOWN)
        if pm not in known[cm] or (cm != 0x53 and f.data):
            return self._negative(f, E_PARAM)
        if cm == 0x30:
            with self._lock:
                self._powered = self._presented = False
            return self._positive(f)
        if cm == 0x31:
            return self._positive(f)
        if cm in (0x32, 0x33):
            return self._move(f, capture=cm == 0x33)
        if cm == 0x51 and pm == 0x31:
            with self._lock:
                self._powered = self._presented = False
            return self._positive(f)
        if cm == 0x51:
            with self._lock:
                if self._jammed:
                    return self._negative(f, E_JAM)
                if self._position != POS_INSIDE:
                    return self._negative(f, E_NO_CARD)
                if not self.cards[self._card_id].memory_card:
                    return self._negative(f, E_NO_ATR)
                self._powered, self._presented = True, False
            return self._positive(f, ATR)
        return self._card_operation(f)

    def _move(self, f: Frame, capture: bool) -> bytes:
        with self._lock:
            if self._jammed:
                return self._negative(f, E_JAM)
            if self._position == POS_NONE:
                return self._negative(f, E_NO_CARD)
        time.sleep(self.move_time)
        with self._lock:
            if self._card_id is None:  # taken while the motor ran
                return self._negative(f, E_NO_CARD)
            self._powered = self._presented = False
            if capture:
                self.captured.append(self._card_id)
                self._card_id, self._position = None, POS_NONE
                log.info("sim: card captured")
            else:
                self._position = POS_GATE
        return self._positive(f)

    def _take_pull(self, op: str) -> int | None:
        """If a pull is armed for this operation, the byte count after which the card goes."""
        p = self._pull
        if p is None or p["op"] not in (op, "any"):
            return None
        if p["skip"] > 0:
            p["skip"] -= 1
            return None
        self._pull = None
        return p["after"]

    def _card_operation(self, f: Frame) -> bytes:
        apdu = f.data
        with self._lock:
            if self._jammed:
                return self._negative(f, E_JAM)
            if self._position != POS_INSIDE:
                return self._negative(f, E_NO_CARD)
            if not self._powered:
                return self._negative(f, E_NOT_NOW)
            if len(apdu) < 5 or apdu[0] != 0xFF:
                return self._negative(f, E_PARAM)
            card = self.cards[self._card_id]
        ins, p2, lc, body = apdu[1], apdu[3], apdu[4], apdu[5:]
        if ins in (0xB0, 0xB1, 0xB2):
            if body:
                return self._positive(f, b"\x67\x00")
            if ins == 0xB0:
                if p2 + lc > 256 or lc == 0:
                    return self._positive(f, b"\x6B\x00")
                return self._read(f, card, p2, lc)
            if lc != 4 or p2 != 0:
                return self._positive(f, b"\x6B\x00")
            with self._lock:
                if ins == 0xB1:
                    counter = {3: 0x07, 2: 0x03, 1: 0x01, 0: 0x00}[card.tries]
                    pw = bytes(card.password) if self._presented else bytes(3)
                    return self._positive(f, bytes([counter]) + pw + SW_OK)
                return self._positive(f, bytes(card.protection) + SW_OK)
        if len(body) != lc:
            return self._positive(f, b"\x67\x00")
        if ins == 0x20:
            if lc != 3:
                return self._positive(f, b"\x67\x00")
            return self._positive(f, self._verify(card, body))
        if ins == 0xD2:
            if lc != 3:
                return self._positive(f, b"\x67\x00")
            with self._lock:
                if not self._presented:
                    return self._positive(f, b"\x69\x82")
                card.password[:] = body
                self._save_state()
            return self._positive(f, SW_OK)
        if ins == 0xD0:
            if lc == 0 or p2 + lc > 256:
                return self._positive(f, b"\x6B\x00")
            return self._write(f, card, p2, body)
        return self._positive(f, b"\x6D\x00")

    def _verify(self, card: SimCard, pw: bytes) -> bytes:
        with self._lock:
            if card.tries == 0:
                return b"\x69\x83"
            if bytes(pw) == bytes(card.password):
                card.tries = 3
                self._presented = True
                self._save_state()
                return SW_OK
            card.tries -= 1
            self._save_state()
            log.info("sim: wrong password on card %s, %d tries left", card.id, card.tries)
            return bytes([0x63, 0xC0 | card.tries])

    def _read(self, f: Frame, card: SimCard, address: int, length: int) -> bytes:
        with self._lock:
            pull_after = self._take_pull("read")
            if pull_after is not None:
                self._card_out()
                log.info("sim: card pulled during a read, after %d bytes", pull_after)
                return self._negative(f, E_COMM)
            data = bytes(card.memory[address:address + length])
        return self._positive(f, data + SW_OK)

    def _write(self, f: Frame, card: SimCard, address: int, data: bytes) -> bytes:
        with self._lock:
            if not self._presented:
                return self._positive(f, b"\x69\x82")
            if any(card.frozen(a) for a in range(address, address + len(data))):
                return self._positive(f, b"\x6A\x81")
            pull_after = self._take_pull("write")
        for i, value in enumerate(data):
            with self._lock:
                if pull_after is not None and i >= pull_after:
                    self._card_out()
                if self._card_id != card.id:  # pulled, by the armed fault or by a hand on remove()
                    self._save_state()
                    log.info("sim: card pulled during a write, after %d of %d bytes", i, len(data))
                    return self._negative(f, E_COMM)
                card.memory[address + i] = value
            if self.byte_write_time:
                time.sleep(self.byte_write_time)
        with self._lock:
            if pull_after is not None:  # armed beyond the last byte: pulled before the reply
                self._card_out()
            self._save_state()
            if self._card_id != card.id:
                return self._negative(f, E_COMM)
        return self._positive(f, SW_OK)
