"""Real-time status of an ESC/POS printer: the four DLE EOT bytes, what they mean, and what to do about it."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from drivers.status import Action, DeviceState
from kiosk.errors import DeviceError, DeviceNotAnswering, OperationError, ProtocolError
from kiosk.i18n import Message, declare


def valid_status_byte(b: int) -> bool:
    """Every reply has bits 1 and 4 set and bits 0 and 7 clear."""
    return b & 0x93 == 0x12


class Condition(str, enum.Enum):
    """What the printer is doing, in the words of the issue."""

    ONLINE = "online"
    PAPER_NEAR_END = "paper_near_end"
    BUSY = "busy"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    CUTTER_ERROR = "cutter_error"
    HARDWARE_ERROR = "hardware_error"
    OFFLINE = "offline"
    NOT_ANSWERING = "not_answering"
    BAD_REPLY = "bad_reply"


@dataclass(frozen=True)
class Advice:
    state: DeviceState
    action: Action
    staff: str  # recommended action for staff, English (technician's language in logs and diag)
    staff_zh: str
    resident: Message | None  # what the resident is told (None: nothing to tell)


def _resident(condition: str, zh: str) -> Message:
    return declare("errors", f"drivers.printer.{condition}", zh)


ADVICE = {
    Condition.ONLINE: Advice(DeviceState.ONLINE, Action.NONE, "none", "无需处理", None),
    Condition.PAPER_NEAR_END: Advice(DeviceState.ONLINE, Action.CLEAR_YOURSELF, "replace the paper roll soon (paper near end)",
                                     "纸卷将尽，请尽快更换纸卷", None),
    Condition.BUSY: Advice(DeviceState.BUSY, Action.WAIT, "wait: paper is being fed with the feed button", "正在走纸，请稍候",
                           _resident("busy", "打印机正忙，请稍候。")),
    Condition.PAPER_OUT: Advice(DeviceState.USER_ERROR, Action.CLEAR_YOURSELF, "replace the paper roll", "请更换打印纸卷",
                                _resident("paper_out", "打印机缺纸，凭条未能打印，请联系工作人员。")),
    Condition.COVER_OPEN: Advice(DeviceState.USER_ERROR, Action.CLEAR_YOURSELF, "close the printer cover", "请合上打印机盖",
                                 _resident("cover_open", "打印机盖未合上，凭条未能打印，请联系工作人员。")),
    Condition.CUTTER_ERROR: Advice(DeviceState.HARDWARE_ERROR, Action.CALL_TECHNICIAN,
                                   "clear the paper jam at the cutter, then switch the printer off and on",
                                   "请清除切刀处卡纸，然后重启打印机",
                                   _resident("cutter_error", "打印机切纸故障，凭条未能打印，请联系工作人员。")),
    Condition.HARDWARE_ERROR: Advice(DeviceState.HARDWARE_ERROR, Action.CALL_TECHNICIAN,
                                     "printer reports an error: switch it off and on; if it stays, call the technician",
                                     "打印机报告故障：请重启打印机，仍不恢复请联系维修",
                                     _resident("hardware_error", "打印机故障，凭条未能打印，请联系工作人员。")),
    Condition.OFFLINE: Advice(DeviceState.OFFLINE, Action.CALL_TECHNICIAN, "printer is offline: check it and switch it off and on",
                              "打印机脱机：请检查并重启打印机",
                              _resident("offline", "打印机暂时无法使用，请联系工作人员。")),
    Condition.NOT_ANSWERING: Advice(DeviceState.NOT_ANSWERING, Action.CALL_TECHNICIAN,
                                    "check that the printer is switched on and its cable is plugged in",
                                    "请检查打印机电源和连接线",
                                    _resident("not_answering", "打印机没有响应，凭条未能打印，请联系工作人员。")),
    Condition.BAD_REPLY: Advice(DeviceState.HARDWARE_ERROR, Action.CALL_TECHNICIAN,
                                "the device on this port does not answer like a printer: check the cable, the port and the baud rate",
                                "该端口设备应答异常：请检查连接线、端口和波特率",
                                _resident("bad_reply", "打印机通信异常，凭条未能打印，请联系工作人员。")),
}


@dataclass(frozen=True)
class PrinterStatus:
    """The four status bytes (n = 1…4) and what they say."""

    printer: int
    offline_cause: int
    error_cause: int
    paper: int

    @property
    def offline(self) -> bool:
        return bool(self.printer & 0x08)

    @property
    def cover_open(self) -> bool:
        return bool(self.offline_cause & 0x04)

    @property
    def feeding(self) -> bool:
        return bool(self.offline_cause & 0x08)

    @property
    def paper_out(self) -> bool:
        return bool(self.paper & 0x60 == 0x60 or self.offline_cause & 0x20)

    @property
    def paper_near_end(self) -> bool:
        return self.paper & 0x0C == 0x0C

    @property
    def cutter_error(self) -> bool:
        return bool(self.error_cause & 0x08)

    @property
    def other_error(self) -> bool:
        return bool(self.error_cause & 0x60 or (self.offline_cause & 0x40 and not self.cutter_error))

    @property
    def condition(self) -> Condition:
        # order: what staff must fix first
        if self.cover_open:
            return Condition.COVER_OPEN
        if self.paper_out:
            return Condition.PAPER_OUT
        if self.cutter_error:
            return Condition.CUTTER_ERROR
        if self.other_error:
            return Condition.HARDWARE_ERROR
        if self.feeding:
            return Condition.BUSY
        if self.offline:
            return Condition.OFFLINE
        if self.paper_near_end:
            return Condition.PAPER_NEAR_END
        return Condition.ONLINE

    @property
    def healthy(self) -> bool:
        """Able to print: online, paper near end included."""
        return self.condition in (Condition.ONLINE, Condition.PAPER_NEAR_END)

    @property
    def paper_text(self) -> str:
        return "out" if self.paper_out else ("near_end" if self.paper_near_end else "ok")

    def components(self) -> dict[str, str]:
        return {"paper": self.paper_text, "cover": "open" if self.cover_open else "closed",
                "cutter": "error" if self.cutter_error else "ok"}

    def raw(self) -> str:
        return " ".join(f"{b:02X}" for b in (self.printer, self.offline_cause, self.error_cause, self.paper))


class PrinterProblem(OperationError):
    """The printer reported a state in which it cannot print (paper out, cover open, cutter error…)."""

    def __init__(self, condition: Condition, message: str = ""):
        self.condition = condition
        advice = ADVICE[condition]
        super().__init__(message or f"printer {condition.value}", user=advice.resident)


def not_answering(message: str) -> DeviceNotAnswering:
    a = ADVICE[Condition.NOT_ANSWERING]
    err = DeviceNotAnswering(message, user=a.resident)
    err.condition = Condition.NOT_ANSWERING
    return err


def bad_reply(message: str) -> ProtocolError:
    a = ADVICE[Condition.BAD_REPLY]
    err = ProtocolError(message, user=a.resident)
    err.condition = Condition.BAD_REPLY
    return err


def condition_of(error: DeviceError) -> Condition:
    return getattr(error, "condition", Condition.HARDWARE_ERROR)
