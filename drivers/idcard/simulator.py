"""IdCardSimulator: a second implementation of the reader's SAM, answering on a pty or a TCP socket.

It shares only the frame codec with the driver. Its own state machine follows the spec
(shared/protocols/idcard-sam.md); where the spec is silent it does what common readers do:

- find → select → read: select needs a card found since it was placed (else SW3 81), read
  needs a selected card (else 41). After a read, or when a card is placed, the sequence
  starts again from find.
- a card taken away answers 80 (find), 81 (select) or 41 (read); taken away while the SAM
  reads it (``read_delay`` seconds of RF work), the read ends at once with 41.
- a frame from the host with a bad checksum answers 10; an impossible LEN, or data after a
  bare command, answers 11; an unknown command (or an unknown baud code) answers 21.
- a partial frame followed by silence (``inter_frame_timeout``) is dropped without an answer.
- self-test failure: SAM status, reset and the card commands answer 60; the SAM id still reads.
- switched off: reads everything, answers nothing; switching on again resets the SAM.
- set baud rate: answers 90 at the old rate, then paces the line at the new one.

``state_dir`` is accepted for the common simulator interface; ID cards keep no state.
"""

from __future__ import annotations

import collections
import hashlib
import logging
import random
import struct
import threading
import time

from drivers.idcard import frames
from drivers.idcard.deck import DeckCard, load_deck
from drivers.serialport import PtyLine, TcpLine

log = logging.getLogger("kiosk.drivers.idcard.sim")

# The text block as the card holds it: (field, bytes), in order; None is space-filled.
_RESIDENT_LAYOUT = (("name", 30), ("sex", 2), ("nation", 4), ("birth", 16), ("address", 70), ("number", 36),
                    ("authority", 30), ("valid_from", 16), ("valid_to", 16), (None, 36))
# The 2017 foreigner's permanent-residence card: a different layout, kind 'I' at byte 248.
_FOREIGNER_LAYOUT = (("name_en", 120), ("sex", 2), ("number", 30), ("nationality", 6), ("name", 30),
                     ("valid_from", 16), ("valid_to", 16), ("birth", 16), ("version", 4), ("authority", 8),
                     ("kind", 2), (None, 6))

_COMMANDS = {
    frames.RESET: "reset",
    frames.SAM_STATUS: "status",
    frames.SAM_ID: "sam_id",
    frames.FIND_CARD: "find",
    frames.SELECT_CARD: "select",
    frames.READ_CARD: "read",
}


def _ucs2(text: str, size: int) -> bytes:
    raw = text.encode("utf-16-le")
    if len(raw) > size:
        raise ValueError(f"{len(text)} characters do not fit in {size} bytes")
    return raw + " ".encode("utf-16-le") * ((size - len(raw)) // 2)


def build_text_block(card: DeckCard) -> bytes:
    """The 256-byte text block this card holds."""
    layout = _RESIDENT_LAYOUT if card.kind == "resident" else _FOREIGNER_LAYOUT
    extra = {"version": "01", "kind": "I"}
    block = b"".join(_ucs2(card.fields.get(name, extra.get(name, "")) if name else "", size)
                     for name, size in layout)
    assert len(block) == 256
    return block


def build_photo(card: DeckCard) -> bytes:
    """1024 stand-in bytes for the card's WLT photo (a fixed header, then bytes derived from the key)."""
    out = bytearray(b"WLfWLT\x00\x7e\x00\x32")
    seed = card.key.encode()
    while len(out) < 1024:
        seed = hashlib.sha256(seed).digest()
        out += seed
    return bytes(out[:1024])


def _card_serial(card: DeckCard) -> bytes:
    return hashlib.sha256(b"serial:" + card.key.encode()).digest()[:8]


class IdCardSimulator:
    """The SAM of an ID card reader at the far end of a line; control methods are thread-safe."""

    def __init__(self, deck: list[DeckCard] | None = None, baudrate: int = 115200, state_dir: str | None = None,
                 transport: str = "pty", *, sam_id: tuple[int, int, int, int, int] = (5, 1, 20240517, 12345678,
                                                                                       3456789012),
                 read_delay: float = 0.15, link: str | None = None):
        if transport not in ("pty", "tcp"):
            raise ValueError(f"transport must be 'pty' or 'tcp', not {transport!r}")
        self.deck = list(deck) if deck is not None else load_deck()
        self._by_key = {c.key: c for c in self.deck}
        self.baudrate = baudrate
        self.state_dir = state_dir
        self.transport = transport
        self.sam_id = struct.pack("<HHIII", *sam_id)
        self.read_delay = read_delay
        self.line = PtyLine(baudrate, link=link) if transport == "pty" else TcpLine(baudrate)
        self.port_url = self.line.path
        self._decoder = frames.FrameDecoder(min_body=2, max_len=0x20)
        self.inter_frame_timeout = max(0.05, 20 * 10 / baudrate)

        self._lock = threading.RLock()
        self._write_lock = threading.Lock()  # the SAM's replies and injected noise share the line
        self._card_changed = threading.Condition(self._lock)
        self._card: DeckCard | None = None
        self._card_generation = 0  # bumps on every insert/remove: a read sees the card change
        self._finds = 0  # "find card" commands answered: how often the host has looked (the control API shows it)
        self._stage = "idle"  # idle → found → selected
        self._powered = True
        self._self_test_ok = True
        self._corrupt = 0
        self._noise_next = 0
        self._pull_after: str | None = None
        self._pull_during_read = False
        self._forced: list[tuple[str | None, int]] = []
        self._rng = random.Random(0x1D)
        #: Set while the SAM is reading a card over RF (tests use it to pull the card at that moment).
        self.reading = threading.Event()
        self.frames_in: collections.deque[bytes] = collections.deque(maxlen=64)
        self.frames_out: collections.deque[bytes] = collections.deque(maxlen=64)

        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -------------------------------------------------------------- lifetime

    def start(self) -> "IdCardSimulator":
        if self._thread is not None:
            return self
        self._thread = threading.Thread(target=self._run, name=f"idcard-sim-{self.transport}", daemon=True)
        self._thread.start()
        log.info("ID card reader simulator listening on %s", self.port_url)
        return self

    def stop(self) -> None:
        self._stop.set()
        with self._lock:
            self._card_changed.notify_all()
        if self._thread is not None:
            self._thread.join(5.0)
            self._thread = None
        self.line.close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # -------------------------------------------------------------- control (any thread)

    def state(self) -> dict:
        """What the hardware panel and the control API show (deck keys, never card data)."""
        with self._lock:
            return {"powered": self._powered, "self_test_ok": self._self_test_ok,
                    "card": self._card.key if self._card is not None else None, "finds": self._finds}

    def insert_card(self, card: str | DeckCard) -> DeckCard:
        """Place a deck card (by key) on the reader."""
        if isinstance(card, str):
            if card not in self._by_key:
                raise KeyError(f"no card '{card}' in the deck")
            card = self._by_key[card]
        with self._lock:
            self._card = card
            self._card_generation += 1
            self._stage = "idle"
            self._card_changed.notify_all()
        log.info("sim: card %s placed", card.key)
        return card

    def remove_card(self) -> None:
        """Take the card away (at once, whatever the SAM is doing)."""
        with self._lock:
            if self._card is not None:
                log.info("sim: card %s taken away", self._card.key)
            self._card = None
            self._card_generation += 1
            self._card_changed.notify_all()

    @property
    def card(self) -> DeckCard | None:
        return self._card

    def power_off(self) -> None:
        with self._lock:
            self._powered = False
        log.info("sim: reader switched off")

    def power_on(self) -> None:
        with self._lock:
            self._powered = True
            self._stage = "idle"
        log.info("sim: reader switched on")

    @property
    def powered(self) -> bool:
        return self._powered

    def fail_self_test(self, failed: bool = True) -> None:
        with self._lock:
            self._self_test_ok = not failed

    def corrupt_replies(self, count: int = 1) -> None:
        """Send the next ``count`` replies with a wrong checksum."""
        with self._lock:
            self._corrupt = count

    def noise_before_reply(self, nbytes: int = 16) -> None:
        """Put ``nbytes`` of line noise in front of the next reply."""
        with self._lock:
            self._noise_next = nbytes

    def inject_noise(self, nbytes: int = 16) -> None:
        """Put line noise on the line now (between exchanges)."""
        with self._write_lock:
            self.line.write(self._noise(nbytes))

    def pull_card_after(self, command: str) -> None:
        """Take the card away right after the next ``command`` ("find" or "select") is answered."""
        if command not in ("find", "select"):
            raise ValueError("pull_card_after takes 'find' or 'select'")
        with self._lock:
            self._pull_after = command

    def pull_card_during_read(self) -> None:
        """Take the card away halfway through the next read."""
        with self._lock:
            self._pull_during_read = True

    def force_result(self, sw3: int, command: str | None = None) -> None:
        """Answer the next ``command`` (any command if None) with result code ``sw3`` and no data."""
        with self._lock:
            self._forced.append((command, sw3))

    # -------------------------------------------------------------- the line

    def _noise(self, n: int) -> bytes:
        # No 0xAA: noise must not be able to form a preamble.
        return bytes(self._rng.choice(range(0x00, 0xAA)) for _ in range(n))

    def _send(self, sw3: int, data: bytes = b"") -> None:
        frame = bytearray(frames.encode_reply(sw3, data))
        with self._lock:
            if not self._powered:  # switched off while working on the command: silence
                return
            noise, self._noise_next = self._noise_next, 0
            corrupt = self._corrupt > 0
            if corrupt:
                self._corrupt -= 1
                frame[-1] ^= 0x5A
        self.frames_out.append(bytes(frame))
        log.debug("sim: <- SW3 %02X (+%d bytes)%s", sw3, len(data), " corrupted" if corrupt else "")
        with self._write_lock:
            self.line.write(self._noise(noise) + bytes(frame))

    def _run(self) -> None:
        last_rx = time.monotonic()
        while not self._stop.is_set():
            data = self.line.read(4096, timeout=0.02)
            now = time.monotonic()
            if not data:
                if self._decoder.pending and now - last_rx > self.inter_frame_timeout:
                    log.debug("sim: dropped %d bytes of an unfinished frame", self._decoder.pending)
                    self._decoder.clear()
                continue
            last_rx = now
            if not self._powered:
                continue
            for event in self._decoder.feed(data):
                if self._stop.is_set():
                    return
                try:
                    self._handle(event)
                except Exception:  # the device must not die on one bad frame
                    log.exception("sim: failed to handle a frame")

    def _handle(self, event) -> None:
        if isinstance(event, frames.BadChecksum):
            log.debug("sim: host frame with a bad checksum")
            self._send(frames.SW_BAD_CHECKSUM)
            return
        if isinstance(event, frames.BadLength):
            log.debug("sim: host frame with LEN %d", event.length)
            self._send(frames.SW_BAD_LENGTH)
            return
        self.frames_in.append(event.raw)
        cmd = frames.Command.from_body(event.body)
        log.debug("sim: -> %s", cmd.describe())
        if cmd.cmd == frames.SET_BAUD:
            name = "baud"
        else:
            name = _COMMANDS.get((cmd.cmd, cmd.para))
        if name is None:
            self._send(frames.SW_UNKNOWN_COMMAND)
            return
        if cmd.data:
            self._send(frames.SW_BAD_LENGTH)
            return
        with self._lock:
            forced = next((f for f in self._forced if f[0] in (None, name)), None)
            if forced:
                self._forced.remove(forced)
        if forced:
            self._send(forced[1])
            return
        getattr(self, f"_on_{name}")(cmd)

    # -------------------------------------------------------------- the SAM's commands

    def _self_test_failed(self) -> bool:
        if self._self_test_ok:
            return False
        self._send(frames.SW_SELF_TEST_FAILED)
        return True

    def _on_reset(self, cmd) -> None:
        with self._lock:
            self._stage = "idle"
        if not self._self_test_failed():
            self._send(frames.SW_OK)

    def _on_status(self, cmd) -> None:
        if not self._self_test_failed():
            self._send(frames.SW_OK)

    def _on_sam_id(self, cmd) -> None:
        self._send(frames.SW_OK, self.sam_id)

    def _on_baud(self, cmd) -> None:
        rate = frames.BAUD_BY_CODE.get(cmd.para)
        if rate is None:
            self._send(frames.SW_UNKNOWN_COMMAND)
            return
        self._send(frames.SW_OK)
        self.line.baudrate = rate
        self.inter_frame_timeout = max(0.05, 20 * 10 / rate)
        log.info("sim: line now at %d baud", rate)

    def _after(self, command: str) -> None:
        with self._lock:
            if self._pull_after == command:
                self._pull_after = None
                pull = True
            else:
                pull = False
        if pull:
            self.remove_card()

    def _on_find(self, cmd) -> None:
        if self._self_test_failed():
            return
        with self._lock:
            present = self._card is not None
            self._stage = "found" if present else "idle"
            self._finds += 1
        if present:
            self._send(frames.SW_CARD_FOUND, b"\x00\x00\x00\x00")
            self._after("find")
        else:
            self._send(frames.SW_FIND_FAILED)

    def _on_select(self, cmd) -> None:
        if self._self_test_failed():
            return
        with self._lock:
            card = self._card
            ok = card is not None and self._stage in ("found", "selected")
            self._stage = "selected" if ok else "idle"
        if not ok:
            self._send(frames.SW_SELECT_FAILED)
            return
        self._send(frames.SW_OK, _card_serial(card))
        self._after("select")

    def _card_stays(self, generation: int, pull_midway: bool) -> bool:
        """Spend ``read_delay`` on the RF read; False if the card left meanwhile. Call with the lock held."""
        end = time.monotonic() + self.read_delay
        pull_at = end - self.read_delay / 2 if pull_midway else None
        self.reading.set()
        try:
            while self._card_generation == generation and not self._stop.is_set():
                now = time.monotonic()
                if pull_at is not None and now >= pull_at:
                    self.remove_card()
                elif now >= end:
                    break
                else:  # Condition.wait releases the lock: a control thread may take the card meanwhile
                    self._card_changed.wait(min(end, pull_at or end) - now)
        finally:
            self.reading.clear()
        return self._card_generation == generation

    def _on_read(self, cmd) -> None:
        if self._self_test_failed():
            return
        with self._lock:
            card = self._card
            ok = card is not None and self._stage == "selected"
            self._stage = "idle"
            pull_midway, self._pull_during_read = self._pull_during_read, False
            ok = ok and self._card_stays(self._card_generation, pull_midway)
        if not ok:
            self._send(frames.SW_READ_FAILED)
            return
        text, photo = build_text_block(card), build_photo(card)
        self._send(frames.SW_OK, len(text).to_bytes(2, "big") + len(photo).to_bytes(2, "big") + text + photo)
