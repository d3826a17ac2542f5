"""A resident's session as plain Python: started by a touch, ended by finishing, cancel or idle timeout.

The UI calls ``touch()`` on every interaction and ``tick()`` from a timer; the session decides when the
"need more time?" countdown appears and when it expires. Everything personal lives in ``data`` and
is dropped when the session ends.
"""

from __future__ import annotations

import enum
import logging
import uuid
from dataclasses import dataclass, field

log = logging.getLogger("kiosk.session")


class Phase(enum.Enum):
    IDLE = "idle"            # no session: the attract screen
    ACTIVE = "active"
    COUNTDOWN = "countdown"  # "need more time?" is on screen


class EndReason(str, enum.Enum):
    FINISHED = "finished"
    CANCELLED = "cancelled"
    TIMEOUT = "timeout"
    SHUTDOWN = "shutdown"


@dataclass
class Session:
    """One visit. ``data`` holds whatever a flow learns about the person, and nothing survives ``end``."""

    id: str
    started_at: float
    language: str
    elder_mode: bool = False
    data: dict = field(default_factory=dict)


class SessionManager:
    """Drives the session's phases from touches and clock ticks; tells listeners what changed."""

    def __init__(self, clock, *, idle_seconds: int, countdown_seconds: int, elder_factor: float,
                 default_language: str = "zh"):
        self.clock = clock
        self.idle_seconds = idle_seconds
        self.countdown_seconds = countdown_seconds
        self.elder_factor = elder_factor
        self.default_language = default_language
        self.session: Session | None = None
        self.phase = Phase.IDLE
        self._last_touch = 0.0
        self._countdown_started = 0.0
        self.on_started = []     # callbacks(session)
        self.on_countdown = []   # callbacks(seconds_left)
        self.on_resumed = []     # callbacks()
        self.on_ended = []       # callbacks(session, reason)

    # ---------------------------------------------------------------- queries
    @property
    def active(self) -> bool:
        return self.session is not None

    def idle_limit(self) -> float:
        factor = self.elder_factor if self.session and self.session.elder_mode else 1.0
        return self.idle_seconds * factor

    def seconds_left(self) -> int:
        """Seconds left on the countdown (only meaningful in COUNTDOWN)."""
        left = self.countdown_seconds - (self.clock.monotonic() - self._countdown_started)
        return max(0, int(left + 0.999))

    # ---------------------------------------------------------------- events
    def start(self) -> Session:
        if self.session is not None:
            return self.session
        now = self.clock.monotonic()
        self.session = Session(id=str(uuid.uuid4()), started_at=now, language=self.default_language)
        self._last_touch = now
        self.phase = Phase.ACTIVE
        log.info("session %s started", self.session.id)
        for cb in list(self.on_started):
            cb(self.session)
        return self.session

    def touch(self) -> None:
        """Any interaction: keeps the session alive, and dismisses the countdown."""
        if self.session is None:
            return
        self._last_touch = self.clock.monotonic()
        if self.phase == Phase.COUNTDOWN:
            self.phase = Phase.ACTIVE
            for cb in list(self.on_resumed):
                cb()

    def tick(self) -> None:
        """Called from a timer: moves to the countdown, updates it, or ends the session."""
        if self.session is None:
            return
        now = self.clock.monotonic()
        if self.phase == Phase.ACTIVE and now - self._last_touch >= self.idle_limit():
            self.phase = Phase.COUNTDOWN
            self._countdown_started = now
            log.info("session %s idle: countdown shown", self.session.id)
        if self.phase == Phase.COUNTDOWN:
            left = self.seconds_left()
            if left <= 0:
                self.end(EndReason.TIMEOUT)
                return
            for cb in list(self.on_countdown):
                cb(left)

    def end(self, reason: EndReason = EndReason.FINISHED) -> None:
        session = self.session
        if session is None:
            return
        self.session = None
        self.phase = Phase.IDLE
        log.info("session %s ended: %s", session.id, reason.value)
        for cb in list(self.on_ended):
            cb(session, reason)
        session.data.clear()
