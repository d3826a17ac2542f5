"""The project's error tree: every failure a caller should handle is a KioskError.

Each error carries a message for the person at the screen besides the technical text, and keeps its cause via
``raise … from``. The message is written in Chinese (``user_zh``, a format string filled from ``user_args``);
``user_message(lang)`` gives it in any language through Qt's translation system (kiosk.i18n, context ``errors``,
disambiguated by ``user_key``). A class that sets ``user_zh`` gets ``user_key`` = its module and class name
unless it sets one itself; a message chosen at run time is passed as a declared ``kiosk.i18n.Message``.
"""

from __future__ import annotations

from kiosk.i18n import Message, render


class KioskError(Exception):
    """Base of every error the kiosk raises on purpose."""

    #: What the resident is told, in Chinese (the translation source). Subclasses override.
    user_zh = "操作未能完成，请稍后再试或联系工作人员。"
    #: Names user_zh in the translation catalog (set for each class that sets user_zh, see __init_subclass__).
    user_key = "kiosk.errors.KioskError"
    #: The catalog context of user_zh: a class's message is in "errors"; a Message passed in brings its own.
    user_context = "errors"
    #: Values for user_zh's {placeholders}; a Message value is shown in the resident's language.
    user_args: dict = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "user_zh" in vars(cls) and "user_key" not in vars(cls):
            cls.user_key = f"{cls.__module__}.{cls.__qualname__}"

    def __init__(self, message: str = "", *, user: Message | None = None, user_args: dict | None = None):
        super().__init__(message or self.__class__.__name__)
        if user is not None:
            self.user_zh, self.user_key, self.user_context = user.zh, user.key, user.context
        if user_args:
            self.user_args = dict(user_args)

    def user_message(self, lang: str = "zh") -> str:
        """What the resident is told, in ``lang``."""
        return render(self.user_context, self.user_key, self.user_zh, lang, self.user_args)


class ConfigError(KioskError):
    """A config file is missing, malformed or invalid; ``problems`` lists every one."""

    user_zh = "本机暂停服务，请联系工作人员。"

    def __init__(self, problems, message: str = ""):
        self.problems = list(problems)
        super().__init__(message or "; ".join(str(p) for p in self.problems))


class DeviceError(KioskError):
    """Something went wrong with a device (printer, card reader)."""

    user_zh = "设备故障，请联系工作人员。"


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
