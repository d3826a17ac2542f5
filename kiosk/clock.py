"""Clocks: the real one, and a fake one tests move by hand (timeouts are never tested with sleep)."""

from __future__ import annotations

import time
from datetime import datetime, timedelta


class SystemClock:
    """The machine's clock, read in the kiosk's time zone (naive local datetimes on screen and paper)."""

    def __init__(self, timezone: str | None = None):
        from zoneinfo import ZoneInfo
        self._tz = ZoneInfo(timezone) if timezone else None

    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        if self._tz is None:
            return datetime.now()
        return datetime.now(self._tz).replace(tzinfo=None)


class FakeClock:
    """A clock that only moves when told to."""

    def __init__(self, start: datetime | None = None):
        self._mono = 1000.0
        self._now = start or datetime(2026, 11, 28, 10, 0, 0)

    def monotonic(self) -> float:
        return self._mono

    def now(self) -> datetime:
        return self._now

    def advance(self, seconds: float) -> None:
        self._mono += seconds
        self._now += timedelta(seconds=seconds)

    def set(self, moment: datetime) -> None:
        self._now = moment


class ShiftedClock(SystemClock):
    """A running clock that starts at ``start`` (demos of opening hours at any time of day)."""

    def __init__(self, start: datetime):
        super().__init__(None)
        self._start = start
        self._t0 = time.monotonic()

    def now(self) -> datetime:
        return self._start + timedelta(seconds=time.monotonic() - self._t0)
