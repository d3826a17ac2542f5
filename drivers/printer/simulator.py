"""The receipt printer simulator: the device end of a pty (or a TCP socket) that prints like a thermal printer.

It reads what the driver writes, paced to the baud rate (10 bits a byte), answers real-time
status (``DLE EOT n``) wherever it appears in the stream, parses the rest with
``parser.EscposParser``, runs the paper roll down as it prints and saves each cut receipt as
``receipt-NNNN.png`` and ``receipt-NNNN.txt`` in its output folder.

Faults are set from any thread while it runs: paper near end / end (``set_paper``), cover open,
a jammed cutter (the next cut fails), switched off (reads and drops everything, answers
nothing) and noise on the reply line (status answered with a byte that breaks the protocol).

Behaviour where the spec is silent, following the real printers we use:
- printing is instant once bytes arrive: the line rate is the only speed modelled;
- so a ``DLE EOT n`` is answered as soon as it has arrived, with the state after every byte before
  it: a paper end, cover open or cutter error the job ran into is in the answer to the request right
  behind the job, and nothing after the request is in its answer. (A real printer answers on receipt
  with the state its mechanism is in then; its mechanism being instant here, the two are the same.)
  The answers of requests that arrive together leave in one write, each no earlier than its request
  arrived and the answers before it crossed back;
- at paper end, cover open or a cutter error it stops, goes offline and keeps what follows in
  its 4 KB receive buffer (the rest is lost); after the fault is cleared it prints the buffer;
- ``ESC a`` takes effect at the start of a line; mid-line it is ignored;
- a cutter error is cleared with ``clear_cutter_error()`` or a power cycle.

The line's thread must keep up even when it shares the GIL with a busy GUI thread (the kiosk runs it
in process with ``port: sim``): bytes wait on a "wire" until the baud rate has delivered them and are
then handed over all at once, so a late wake-up catches up instead of adding up; requests are found
with one scan and the bytes between them parsed in one piece, text runs decoded whole; and the thread
draws nothing: lines, images and QR symbols get their height at once (the paper moves and runs out
exactly as before) and their pixels on the output thread (docs/printer.md, "The simulator beside a
busy thread").
"""

from __future__ import annotations

import logging
import os
import queue
import re
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
#: Most bytes taken off the pty or socket at once (about 0.36 s of line at 115200 baud).
READ_MAX = 4096
#: A real-time status request; n is 1-4 (the last byte is never DLE, so two cannot overlap).
_DLE_EOT = re.compile(rb"\x10\x04[\x01-\x04]")


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
        style = self.style
        self._moved(self.canvas.add_text(chars, self.sim.parser.chinese, style.key(False), style.key(True),
                                         self.align_mode, self.spacing))

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
        self._dle_tail = b""  # the start of a DLE EOT n that the last bytes from the line ended in
        self.bytes_received = 0
        self._wire = b""  # read from the pty or socket, still crossing the line (see _deliver)
        self._line_clock = 0.0  # when the line has delivered every byte taken off the wire so far
        self._reply_clock = 0.0  # when the reply line is free again
        self.mech = _Mechanism(self)
        self.parser = EscposParser(self.mech)
        self._line: PtyLine | None = None
        self._server: socket.socket | None = None
        self._conn: socket.socket | None = None
        if transport == "pty":
            self._line = PtyLine(baudrate, link=link)
            os.set_blocking(self._line.master, False)  # answers never block the line (see _answer)
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
            self._dle_tail = b""

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
                if not self._wire:
                    self._fill()
                if self._wire:
                    self._deliver()
            except OSError as exc:  # the far end went away: keep listening (TCP) or wait to stop
                log.info("printer line: %s", exc)
                self._stop.wait(0.05)

    def _chunk(self) -> int:
        # about 5 ms of line time: how often the line hands what it has delivered to the printer
        return max(16, self.baudrate // 2000)

    def _fill(self) -> None:
        """The line is idle: wait (50 ms at most) for the driver to write, and put what it wrote on the wire.

        The bytes start crossing when they are seen, or when the bytes before them are through, whichever
        is later: never earlier than a real line could have them there.
        """
        data = self._read_line(0.05)
        if data:
            self._line_clock = max(self._line_clock, time.monotonic())
            self._wire = data

    def _deliver(self) -> None:
        """Hand the printer every byte of the wire the line has delivered by now (at least one 5 ms slice).

        A pty or socket has no line speed, so bytes are held until the baud rate (10 bits a byte) could
        have brought them. What has arrived is taken in one piece: a thread that wakes late (a busy
        process: the simulator shares the GIL with the kiosk's GUI) catches up at once instead of falling
        a slice further behind with every wake-up. While it waits it keeps reading: what the driver writes
        meanwhile queues behind the bytes still crossing, as on a real line that never went idle.
        """
        byte_time = 10 / self.baudrate
        step = min(len(self._wire), self._chunk())
        due_at = self._line_clock + step * byte_time
        if _DLE_EOT.search(self._dle_tail + self._wire[:step]):
            # the answer to a request in the slice needs one byte time to cross back (requests are three
            # bytes, answers one, so the last answer is the one that counts): waited for here, in the same
            # wake-up, rather than in a second one behind the processing (beside a busy thread each
            # wake-up can cost a whole GIL hold)
            due_at += byte_time
        while True:
            left = due_at - time.monotonic()
            if left <= 0:
                break
            if len(self._wire) >= READ_MAX:
                time.sleep(left)
                break
            self._wire += self._read_line(left)
        wire = self._wire
        due = int((time.monotonic() - self._line_clock) / byte_time)
        n = min(len(wire), max(due, step))
        data, self._wire = wire[:n], wire[n:]
        start = self._line_clock
        self._line_clock = start + n * byte_time
        self._receive(data, start)

    def _read_line(self, timeout: float) -> bytes:
        """What the driver has written (READ_MAX at most), waiting up to ``timeout`` for it; b'' if nothing."""
        if self._line is not None:
            fd = self._line.master
            r, _, _ = select.select([fd], [], [], timeout)
            if not r:
                return b""
            try:
                return os.read(fd, READ_MAX)
            except BlockingIOError:
                return b""
            except OSError:  # no driver on the slave end right now
                self._stop.wait(0.05)
                return b""
        if self._conn is None:
            r, _, _ = select.select([self._server], [], [], timeout)
            if r:
                self._conn, _ = self._server.accept()
                self._conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return b""
        r, _, _ = select.select([self._conn], [], [], timeout)
        if not r:
            return b""
        try:
            data = self._conn.recv(READ_MAX)
        except OSError as exc:  # reset by the far end: wait for the next connection
            log.info("printer line: %s", exc)
            data = b""
        if not data:
            self._conn.close()
            self._conn = None
        return data

    def _write(self, data: bytes) -> None:
        if self._line is not None:
            self._line.write(data)
        elif self._conn is not None:
            try:
                self._conn.sendall(data)
            except OSError:
                pass

    def _answer(self, replies: bytes) -> None:
        """Status answers, in one write (a single system call: each one gives the GIL up)."""
        if self._line is not None:
            try:
                sent = os.write(self._line.master, replies)
            except BlockingIOError:
                sent = 0
            except OSError as exc:
                log.info("printer line: answer not sent: %s", exc)
                return
            if sent < len(replies):  # the master is non-blocking: a driver that never reads fills the pty
                log.warning("printer line: the driver is not reading; dropped %d status bytes", len(replies) - sent)
        elif self._conn is not None:
            try:
                self._conn.sendall(replies)
            except OSError:
                pass

    def process(self, data: bytes) -> None:
        """Handle ``data`` as if it had just come over the line (tools and tests; no pacing)."""
        self._receive(data)

    def _receive(self, data: bytes, line_start: float | None = None) -> None:
        """Bytes the line has delivered: answer each DLE EOT n once the bytes before it are printed.

        The requests are found with one regular-expression scan (the printer watches every byte, inside
        other commands' data too); the bytes between them go to the parser in one piece each. With
        ``line_start`` (when the line began delivering ``data``), no answer leaves before its request
        has arrived and the answers before it have crossed back; the answers of one delivery go out in
        one write.
        """
        replies = []  # (request arrived at, answer byte)
        byte_time = 10 / self.baudrate
        with self._lock:
            self.bytes_received += len(data)
            if not self._powered:
                self._printed.notify_all()
                return
            tail = self._dle_tail
            scan = tail + data if tail else data
            start = 0
            for m in _DLE_EOT.finditer(scan):
                end = m.end() - len(tail)  # just past the n byte, in data
                self.parser.feed(data[start:end])
                start = end
                reply = self.status_byte(scan[m.end() - 1])
                if self._missed_replies:
                    self._missed_replies -= 1
                    continue
                at = 0.0 if line_start is None else line_start + end * byte_time
                replies.append((at, 0xFF if self._reply_noise else reply))
            if start < len(data):
                self.parser.feed(data[start:] if start else data)
            self._dle_tail = b"\x10\x04" if scan.endswith(b"\x10\x04") else b"\x10" if scan.endswith(b"\x10") else b""
            self._printed.notify_all()
        if not replies:
            return
        if line_start is not None:  # each answer is one byte on the way back
            clock = self._reply_clock
            for at, _ in replies:
                clock = max(clock, at) + byte_time
            self._reply_clock = clock
            early = clock - time.monotonic()
            if early > 0:
                time.sleep(early)
        self._answer(bytes(r for _, r in replies))  # outside the lock; the driver is waiting for it
