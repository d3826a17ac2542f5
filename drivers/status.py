"""The device status model every driver reports in, so diagnostics and the UI speak one language."""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, field
from datetime import datetime


class DeviceState(str, enum.Enum):
    """Overall state of a device (after XFS4IoT / UnifiedPOS)."""

    ONLINE = "online"
    OFFLINE = "offline"
    BUSY = "busy"
    HARDWARE_ERROR = "hardware_error"
    USER_ERROR = "user_error"  # e.g. cover open, paper out: staff can clear it
    NOT_ANSWERING = "not_answering"
    DISABLED = "disabled"
    UNKNOWN = "unknown"


class Action(str, enum.Enum):
    """Who can fix a problem."""

    NONE = "none"
    CLEAR_YOURSELF = "clear_yourself"
    CALL_TECHNICIAN = "call_technician"
    WAIT = "wait"


@dataclass
class DeviceReport:
    """A snapshot of one device's health, as `kiosk diag` prints it (masked data only)."""

    name: str
    port: str
    state: DeviceState = DeviceState.UNKNOWN
    components: dict[str, str] = field(default_factory=dict)  # e.g. {"paper": "low"}
    last_error: str | None = None
    action: Action = Action.NONE
    recommended_action: str | None = None  # words for staff, e.g. "replace the paper roll"
    details: dict = field(default_factory=dict)  # firmware, SAM id, masked card summary…
    checked_at: datetime = field(default_factory=datetime.now)

    @property
    def healthy(self) -> bool:
        return self.state == DeviceState.ONLINE

    def to_json(self) -> dict:
        d = asdict(self)
        d["state"] = self.state.value
        d["action"] = self.action.value
        d["checked_at"] = self.checked_at.isoformat(timespec="seconds")
        d["healthy"] = self.healthy
        return d
