"""The way into maintenance mode, as plain Python: the hidden corner gesture and the PIN gate with lockout."""

from __future__ import annotations

import logging

from kiosk.pin import verify_pin

log = logging.getLogger("kiosk.maintenance")


class CornerTaps:
    """``taps`` touches in a corner within ``within_seconds``: the hidden gesture."""

    def __init__(self, clock, *, corner: str, taps: int, within_seconds: float, size: int = 120):
        self.clock, self.corner, self.taps, self.within, self.size = clock, corner, taps, within_seconds, size
        self._times: list[float] = []

    def in_corner(self, x: int, y: int, width: int, height: int) -> bool:
        left = x < self.size
        top = y < self.size
        right = x >= width - self.size
        bottom = y >= height - self.size
        return {"top_left": left and top, "top_right": right and top,
                "bottom_left": left and bottom, "bottom_right": right and bottom}[self.corner]

    def touch(self, x: int, y: int, width: int, height: int) -> bool:
        """A touch anywhere; True when it completes the gesture."""
        if not self.in_corner(x, y, width, height):
            self._times.clear()
            return False
        now = self.clock.monotonic()
        self._times = [t for t in self._times if now - t <= self.within] + [now]
        if len(self._times) >= self.taps:
            self._times.clear()
            return True
        return False


class PinGate:
    """Checks the technician PIN; ``max_tries`` wrong ones lock entry for ``lockout_minutes``."""

    def __init__(self, pin_hash: str, clock, *, max_tries: int = 5, lockout_minutes: int = 5, audit=None):
        self.pin_hash, self.clock, self.audit = pin_hash, clock, audit
        self.max_tries, self.lockout_s = max_tries, lockout_minutes * 60
        self.failures = 0
        self.locked_until: float | None = None

    def locked_for(self) -> int:
        """Seconds the entry stays locked (0: open)."""
        if self.locked_until is None:
            return 0
        left = self.locked_until - self.clock.monotonic()
        if left <= 0:
            self.locked_until = None
            self.failures = 0
            return 0
        return int(left + 0.999)

    def try_pin(self, pin: str) -> str:
        """'ok', 'wrong' or 'locked'; every attempt is audited (never the PIN)."""
        if self.locked_for():
            self._audit("maintenance_pin_refused_locked")
            return "locked"
        if verify_pin(pin, self.pin_hash):
            self.failures = 0
            self._audit("maintenance_entered")
            log.warning("maintenance mode entered")
            return "ok"
        self.failures += 1
        self._audit("maintenance_pin_wrong", failures=self.failures)
        if self.failures >= self.max_tries:
            self.locked_until = self.clock.monotonic() + self.lockout_s
            self._audit("maintenance_locked", minutes=self.lockout_s // 60)
            log.warning("maintenance entry locked for %d minutes after %d wrong PINs", self.lockout_s // 60,
                        self.failures)
            return "locked"
        return "wrong"

    @property
    def tries_left(self) -> int:
        return max(0, self.max_tries - self.failures)

    def _audit(self, kind: str, **detail) -> None:
        if self.audit is not None:
            self.audit.event(kind, **detail)
