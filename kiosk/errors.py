"""The project's error tree: every failure a caller should handle is a KioskError.

Each error carries a message for the person at the screen in both languages
(``user_message``) besides the technical text, and keeps its cause via ``raise … from``.
"""

from __future__ import annotations


class KioskError(Exception):
    """Base of every error the kiosk raises on purpose."""

    #: What the resident is told, (zh, en). Subclasses override.
    user_zh = "操作未能完成，请稍后再试或联系工作人员。"
    user_en = "The operation could not be completed. Please try again later or ask the staff."

    def __init__(self, message: str = "", *, user_zh: str | None = None, user_en: str | None = None):
        super().__init__(message or self.__class__.__name__)
        if user_zh is not None:
            self.user_zh = user_zh
        if user_en is not None:
            self.user_en = user_en

    def user_message(self, lang: str = "zh") -> str:
        return self.user_zh if lang == "zh" else self.user_en


class ConfigError(KioskError):
    """A config file is missing, malformed or invalid; ``problems`` lists every one."""

    user_zh = "本机暂停服务，请联系工作人员。"
    user_en = "This terminal is out of service. Please ask the staff."

    def __init__(self, problems, message: str = ""):
        self.problems = list(problems)
        super().__init__(message or "; ".join(str(p) for p in self.problems))


class DeviceError(KioskError):
    """Something went wrong with a device (printer, card reader)."""

    user_zh = "设备故障，请联系工作人员。"
    user_en = "A device is not working. Please ask the staff."


class DeviceNotFound(DeviceError):
    """The device's port does not exist or cannot be opened."""


class DeviceNotAnswering(DeviceError):
    """The port opened but the device stayed silent (switched off, unplugged, wrong device)."""


class ProtocolError(DeviceError):
    """The device answered with bytes that break its protocol (bad frame, checksum, length)."""


class OperationError(DeviceError):
    """The device understood the command and reported that it failed."""


class ServiceError(KioskError):
    """A back-end service failed, timed out or could not be reached."""

    user_zh = "服务暂时无法连接，请稍后重试。"
    user_en = "The service cannot be reached right now. Please try again shortly."
