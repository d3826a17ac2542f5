"""Helpers shared by the ID card reader tests (constants, a scripted far end, waiting without sleep)."""

import os
import threading
import time
from datetime import date

from drivers.serialport import PtyLine
from kiosk.config.schema import DeviceConfig

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
DECK_PATH = os.path.join(ROOT, "config", "sim", "id_cards.yaml")
#: The day the tests judge validity on (the deck is written for it).
TODAY = date(2026, 11, 28)
#: The simulated RF read: short, so the suite stays fast (the default is the real-ish 0.15 s).
FAST_READ = 0.04


def device_config(url: str, baud: int = 115200, **kw) -> DeviceConfig:
    return DeviceConfig(driver="sam", port=url, baudrate=baud, **kw)


class ScriptedDevice:
    """A fake far end for parser tests: answers whatever it receives with the bytes in ``answer``.

    Not a reader: it knows nothing of the protocol, so the driver's parser meets arbitrary bytes.
    """

    def __init__(self):
        self.line = PtyLine(115200)
        self.answer = b""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="scripted-device", daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop.is_set():
            if self.line.read(4096, timeout=0.02):
                self.line.write(self.answer)

    def close(self):
        self._stop.set()
        self._thread.join(2)
        self.line.close()


def wait_until(predicate, timeout=2.0, step=0.01) -> bool:
    """Poll ``predicate`` until true or ``timeout`` (no sleeping: Event().wait)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        threading.Event().wait(step)
    return predicate()
