"""The receipt printer simulator: the device end of a pty (or a TCP socket) that prints like a thermal printer.

It reads what the driver writes, paced to the baud rate (10 bits a byte), answers real-time
status (``DLE EOT n``) at once wherever it appears in the stream, parses the rest with
``parser.EscposParser``, runs the paper roll down as it prints and saves each cut receipt as
``receipt-NNNN.png`` and ``receipt-NNNN.txt`` in its output folder.

Faults are set from any thread while it runs: paper near end / end (``set_paper``), cover open,
a jammed cutter (the next cut fails), switched off (reads and drops everything, answers
nothing) and noise on the reply line (status answered with a byte that breaks the protocol).

Behaviour where the spec is silent, following the real printers we use:
- printing is instant once bytes arrive: the line rate is the only speed modelled;
- at paper end, cover open or a cutter error it stops, goes offline and keeps what follows in
  its 4 KB receive buffer (the rest is lost); after the fault is cleared it prints the buffer;
- ``ESC a`` takes effect at the start of a line; mid-line it is ignored;
- a cutter error is cleared with ``clear_cutter_error()`` or a power cycle.
"""

from __future__ import annotations

import logging
import os
import queue
import select
import socket
import tempfile
import threading
import time

from drivers.printer.paper import DEFAULT_LINE_SPACING, CUTTER_DISTANCE, LaterPaper, PaperRoll, ReceiptCanvas, Style
from drivers.printer.parser import EscposParser, Handler
from drivers.printer.profiles import get_profile
from drivers.serialport import PtyLine

log = logging.getLogger("kiosk.drivers.printer.sim")

STATUS_BASE = 0x12


class _Mechanism(Handler):
    """The printer behind the parser: modes, the paper, faults. Called with the simulator's lock held."""

    def __init__(self, sim: "PrinterSimulator"):
        self.sim = sim
        self.canvas = ReceiptCanvas(sim.profile)
        self.roll = sim.roll
        self.init()

    # ------------------------------------------------------------ modes

    def init(self):
        self.style = Style()
        self.align_mode = 0
        self.spacing = DEFAULT_LINE_SPACING
        self.qr_module_dots = 3
        self.qr_level = 0x30
        self.qr_data = b""
        self.canvas.clear_line()

    def print_mode(self, n):
        s = self.style
        s.font_b, s.bold, s.underline = bool(n & 0x01), bool(n & 0x08), 1 if n & 0x80 else 0
        s.height, s.width = (2 if n & 0x10 else 1), (2 if n & 0x20 else 1)

    def bold(self, on):
        self.style.bold = on

    def underline(self, n):
        self.style.underline = n if n in (0, 1, 2) else 0

    def char_size(self, width, height):
        self.style.width, self.style.height = width, height

    def chinese_char_mode(self, n):
        self.style.cn_double_width, self.style.cn_double_height = bool(n & 0x04), bool(n & 0x08)
        if n & 0x80:
            self.style.underline = 1

    def font(self, n):
        self.style.font_b = bool(n)

    def align(self, n):
        if n in (0, 1, 2) and not self.canvas.line:
            self.align_mode = n

    def line_spacing(self, dots):
        self.spacing = DEFAULT_LINE_SPACING if dots is None else dots

    # ------------------------------------------------------------ printing

    def _moved(self, dots: int) -> None:
        """Paper moved ``dots``: run the roll down; at its end the printer stops."""
        if dots <= 0:
            return
        self.roll.consume(dots)
        if self.roll.end:
            log.warning("paper end: printer stopped, offline")
            self.sim._update_hold()

    def text(self, chars):
        wide_mode = self.sim.parser.chinese
        for ch in chars:
            wide = wide_mode and ch >= "\x80"
            self._moved(self.canvas.add_char(ch, wide, self.style.key(wide), self.align_mode, self.spacing))

    def tab(self):
        cols = 8 - (self.canvas.line_dots // 12) % 8
        self.text(" " * cols)

    def line_feed(self):
        self._moved(self.canvas.print_line(self.spacing))

    def feed_lines(self, n):
        if self.canvas.line:
            self.line_feed()
            n -= 1
        for _ in range(max(n, 0)):
            if self.sim.parser.hold:
                break
            self._moved(self.canvas.feed(self.spacing))

    def feed_dots(self, n):
        if self.canvas.line:
            self.line_feed()
        self._moved(self.canvas.feed(n))

    def qr_model(self, n):
        pass

    def qr_module(self, n):
        if 1 <= n <= 16:
            self.qr_module_dots = n

    def qr_ec(self, n):
        if 0x30 <= n <= 0x33:
            self.qr_level = n

    def qr_store(self, data):
        self.qr_data = data

    def qr_print(self):
        if self.canvas.line:
            self.line_feed()
        self._moved(self.canvas.add_qr(self.qr_data, self.qr_module_dots, self.qr_level, self.align_mode))

    def raster(self, width_bytes, height, mode, data):
        if self.canvas.line:
            self.line_feed()
        self._moved(self.canvas.add_raster(width_bytes, height, mode, data, self.align_mode))

    def cut(self, partial, feed_dots):
        if self.canvas.line:
            self.line_feed()
        self._moved(self.canvas.feed(feed_dots))
        if self.sim.parser.hold:
            return
        if self.sim._cutter_jammed:
            log.error("cutter error: the blade did not complete the cut")
            self.sim._cutter_error = True
            self.sim._update_hold()
            return
        self._moved(CUTTER_DISTANCE)
        self.sim._save_receipt(self.canvas.take_later(), partial)

    def unknown(self, data):
        log.info("unknown command %s skipped", data[:16].hex(" "))


class PrinterSimulator:
    """A thermal receipt printer at the far end of a pty or a TCP socket.

    ``port_url`` is what the driver opens. Control methods are safe from any thread.
    """

    def __init__(self, *, baudrate: int = 115200, state_dir: str | None = None, transport: str = "pty",
                 paper: str = "80mm", output_dir: str | None = None, paper_length_mm: float = 50_000,
                 near_end_mm: float = 1_500, link: str | None = None):
        if transport not in ("pty", "tcp"):
            raise ValueError(f"transport must be 'pty' or 'tcp', not {transport!r}")
        self.baudrate = baudrate
        self.transport = transport
        self.profile = get_profile(paper)
        base = state_dir or tempfile.mkdtemp(prefix="kiosk-printer-sim-")
        self.output_dir = output_dir or os.path.join(base, "receipts")
        os.makedirs(self.output_dir, exist_ok=True)
        self.roll = PaperRoll(paper_length_mm, near_end_mm, self.profile.dots_per_mm)
        self._lock = threading.RLock()
        self._printed = threading.Condition(self._lock)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._saver: threading.Thread | None = None  # draws and writes cut receipts (see _save_receipt)
        self._to_save: queue.Queue = queue.Queue()
        self.receipts: list[tuple[str, str]] = []
        self._seq = self._first_free_number()
        self._cover_open = False
        self._cutter_jammed = False
        self._cutter_error = False
        self._powered = True
        self._reply_noise = False
        self._missed_replies = 0  # status requests to leave unanswered (a printer busy with a raster)
        self._dle = 0  # progress through a DLE EOT n seen on the line
        self.bytes_received = 0
        self._line_clock = 0.0
        self._line_busy = False
        self.mech = _Mechanism(self)
        self.parser = EscposParser(self.mech)
        self._line: PtyLine | None = None
        self._server: socket.socket | None = None
        self._conn: socket.socket | None = None
        if transport == "pty":
            self._line = PtyLine(baudrate, link=link)
            self.port_url = self._line.path
        else:
            self._server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            self._server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            self._server.bind(("127.0.0.1", 0))
            self._server.listen(1)
            self.port_url = f"socket://127.0.0.1:{self._server.getsockname()[1]}"

    # ------------------------------------------------------------ life cycle

    def start(self) -> "PrinterSimulator":
        self._saver = threading.Thread(target=self._run_output, name="printer-sim-output", daemon=True)
        self._saver.start()
        self._thread = threading.Thread(target=self._run, name="printer-sim", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        with self._lock:
            if not self.mech.canvas.empty:
                self._save_receipt(self.mech.canvas.take_later(), partial=False, suffix="-uncut")
        if self._saver is not None:
            self._to_save.put(None)
            self._saver.join(timeout=10)
            self._saver = None
        if self._line is not None:
            self._line.close()
        for s in (self._conn, self._server):
            if s is not None:
                try:
                    s.close()
                except OSError:
                    pass
        self._conn = self._server = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # ------------------------------------------------------------ faults and controls

    def state(self) -> dict:
        """What the hardware panel and the control API show."""
        with self._lock:
            return {"powered": self._powered, "paper_mm": round(self.roll.remaining_mm),
                    "paper": "out" if self.roll.end else "near_end" if self.roll.near_end else "ok",
                    "cover_open": self._cover_open, "cutter_error": self._cutter_error,
                    "receipts": len(self.receipts)}

    def set_paper(self, remaining_mm: float) -> None:
        """Set how much paper is left (0: paper end; below near_end_mm: near end)."""
        with self._lock:
            self.roll.remaining_mm = max(0.0, float(remaining_mm))
            self._update_hold()

    def load_paper(self, length_mm: float | None = None) -> None:
        with self._lock:
            self.roll.load(length_mm)
            self._update_hold()

    def open_cover(self) -> None:
        with self._lock:
            self._cover_open = True
            self._update_hold()

    def close_cover(self) -> None:
        with self._lock:
            self._cover_open = False
            self._update_hold()

    def jam_cutter(self, jammed: bool = True) -> None:
        """A jammed cutter fails the next cut, which puts the printer in cutter error."""
        with self._lock:
            self._cutter_jammed = jammed

    def clear_cutter_error(self) -> None:
        with self._lock:
            self._cutter_jammed = False
            self._cutter_error = False
            self._update_hold()

    def power_off(self) -> None:
        """Switched off or unplugged: the line stays, nothing answers, buffered data is lost."""
        with self._lock:
            self._powered = False
            self.parser.reset()
            self.mech.init()
            self._dle = 0

    def power_on(self) -> None:
        with self._lock:
            self._powered = True
            self._cutter_error = False
            self._update_hold()

    def set_reply_noise(self, on: bool = True) -> None:
        """Status replies become bytes that break the protocol (bad cable, wrong baud rate, not a printer)."""
        with self._lock:
            self._reply_noise = on

    def miss_status_replies(self, n: int) -> None:
        """Leave the next ``n`` status requests unanswered, as a printer busy with a long image may."""
        with self._lock:
            self._missed_replies = n

    def send_noise(self, data: bytes) -> None:
        """Put stray bytes on the reply line now (they sit in the driver's input buffer)."""
        self._write(data)

    # ------------------------------------------------------------ state

    @property
    def offline(self) -> bool:
        return self._cover_open or self.roll.end or self._cutter_error

    def status_byte(self, n: int) -> int | None:
        """The answer to ``DLE EOT n`` (None: the printer does not answer n)."""
        with self._lock:
            if n == 1:
                return STATUS_BASE | (0x08 if self.offline else 0)
            if n == 2:
                return (STATUS_BASE | (0x04 if self._cover_open else 0) | (0x20 if self.roll.end else 0)
                        | (0x40 if self._cutter_error else 0))
            if n == 3:
                return STATUS_BASE | (0x08 if self._cutter_error else 0)
            if n == 4:
                return STATUS_BASE | (0x0C if self.roll.near_end else 0) | (0x60 if self.roll.end else 0)
            return None

    def wait_for_receipts(self, count: int, timeout: float = 5.0) -> bool:
        """Block until ``count`` receipts have been cut (or ``timeout``): for tests and tools."""
        with self._printed:
            return self._printed.wait_for(lambda: len(self.receipts) >= count, timeout)

    def wait_until_received(self, count: int, timeout: float = 5.0) -> bool:
        """Block until ``count`` bytes have come in over the line."""
        deadline = time.monotonic() + timeout
        with self._printed:
            while self.bytes_received < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._printed.wait(left)
            return True

    # ------------------------------------------------------------ internals

    def _update_hold(self) -> None:
        hold = self.offline or not self._powered
        was = self.parser.hold
        self.parser.hold = hold
        if was and not hold:
            log.info("printer back online: printing %d buffered bytes", self.parser.pending)
            self.parser.feed(b"")

    def _first_free_number(self) -> int:
        numbers = [int(f[8:12]) for f in os.listdir(self.output_dir)
                   if f.startswith("receipt-") and f[8:12].isdigit()]
        return max(numbers, default=0) + 1

    def _save_receipt(self, taken: LaterPaper, partial: bool, suffix: str = "") -> None:
        """The cut receipt's picture and text, drawn and written on the output thread when it runs.

        A real printer answers the status request right behind a cut at once; drawing the picture (QR
        modules, Pillow) and writing the PNG here held that answer up past the driver's timeout when the
        kiosk's GUI thread was busy (a failed print in the touch benchmark, 38 of 40)."""
        base = os.path.join(self.output_dir, f"receipt-{self._seq:04d}{suffix}")
        self._seq += 1
        job = (taken, partial, suffix, base)
        if self._saver is not None and self._saver.is_alive():
            self._to_save.put(job)
        else:
            self._write_receipt(*job)

    def _write_receipt(self, taken: LaterPaper, partial: bool, suffix: str, base: str) -> None:
        image, text = taken.draw()
        image.save(base + ".png")
        with open(base + ".txt", "w", encoding="utf-8") as fh:
            fh.write(text)
        if not suffix:
            with self._printed:
                self.receipts.append((base + ".png", base + ".txt"))
                self._printed.notify_all()
        log.info("receipt %s %s (%d dots)", os.path.basename(base), "partial cut" if partial else "cut", image.height)

    def _run_output(self) -> None:
        while True:
            job = self._to_save.get()
            if job is None:
                return
            try:
                self._write_receipt(*job)
            except Exception:  # noqa: BLE001 - a picture that cannot be written must not stop the printer
                log.exception("receipt %s could not be written", job[3])

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                data = self._read()
            except OSError as exc:  # the far end went away: keep listening (TCP) or wait to stop
                log.info("printer line: %s", exc)
                data = b""
            if data:
                self._receive(data)

    def _chunk(self) -> int:
        # about 5 ms of line time a read, so a status request waits behind little data
        return max(16, self.baudrate // 2000)

    def _read(self) -> bytes:
        if self._line is not None:
            r, _, _ = select.select([self._line.master], [], [], 0.05)
            if not r:
                return b""
            try:
                data = os.read(self._line.master, self._chunk())
            except OSError:  # no driver on the slave end right now
                self._stop.wait(0.05)
                return b""
        else:
            if self._conn is None:
                r, _, _ = select.select([self._server], [], [], 0.05)
                if r:
                    self._conn, _ = self._server.accept()
                    self._conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                return b""
            r, _, _ = select.select([self._conn], [], [], 0.05)
            if not r:
                return b""
            data = self._conn.recv(self._chunk())
            if not data:
                self._conn.close()
                self._conn = None
                return b""
        self._pace(len(data))
        return data

    def _pace(self, n: int) -> None:
        """Hold bytes until the line could have delivered them (a pty or socket has no line speed).

        Paced against a running clock rather than a sleep per read, so the time spent
        parsing and drawing is not added on top of the line time.
        """
        now = time.monotonic()
        # A full read means more bytes were queued behind these: the line never went idle, so a late
        # wake-up (a busy machine) is not idle time. Restarting the clock from "now" after every late
        # read lost each oversleep and made a 115200-baud job take up to twice its line time.
        start = self._line_clock if self._line_busy else max(self._line_clock, now)
        self._line_clock = start + n * 10 / self.baudrate
        self._line_busy = n >= self._chunk()
        if self._line_clock > now:
            time.sleep(self._line_clock - now)

    def _write(self, data: bytes) -> None:
        if self._line is not None:
            self._line.write(data)
        elif self._conn is not None:
            try:
                self._conn.sendall(data)
            except OSError:
                pass

    def process(self, data: bytes) -> None:
        """Handle ``data`` as if it had just come over the line (tools and tests; no pacing)."""
        self._receive(data)

    def _receive(self, data: bytes) -> None:
        """Data from the line: answer each DLE EOT n once the bytes before it are processed."""
        replies = []
        with self._lock:
            self.bytes_received += len(data)
            if not self._powered:
                self._printed.notify_all()
                return
            start = 0
            for i, b in enumerate(data):
                if self._dle == 2 and 1 <= b <= 4:
                    self.parser.feed(data[start:i + 1])
                    start = i + 1
                    reply = self.status_byte(b)
                    self._dle = 0
                    if self._missed_replies:
                        self._missed_replies -= 1
                        continue
                    replies.append(b"\xff" if self._reply_noise else bytes((reply,)))
                    continue
                self._dle = 1 if b == 0x10 else (2 if (b == 0x04 and self._dle == 1) else 0)
            if start < len(data):
                self.parser.feed(data[start:])
            self._printed.notify_all()
        for r in replies:  # answer outside the lock; the driver is waiting for it
            self._write(r)
