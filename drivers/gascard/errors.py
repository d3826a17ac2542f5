"""Typed errors of the gas card reader and of gas cards, each with words for the resident (zh + en)."""

from __future__ import annotations

from kiosk.errors import DeviceNotAnswering, OperationError, ProtocolError


class ReaderNotAnswering(DeviceNotAnswering):
    """The reader acknowledged nothing after every resend, or its reply never came."""

    user_zh = "燃气卡读写器无响应，请联系工作人员。"


class BadReply(ProtocolError):
    """The reader's reply broke the framing (wrong command echoed, short data, bad status bytes)."""

    user_zh = "燃气卡读写器通讯异常，请稍后再试或联系工作人员。"


# ---------------------------------------------------------------- reader error codes (E1 E0)

class ReaderError(OperationError):
    """A negative reply ('N') from the reader; ``code`` holds the two ASCII bytes E1 E0."""

    code = b""

    def __init__(self, message: str = "", **kw):
        super().__init__(message or f"reader error {self.code.decode('ascii', 'replace')}", **kw)


class UnknownCommand(ReaderError):
    code = b"00"
    user_zh = "燃气卡读写器不支持该操作，请联系工作人员。"


class ParameterError(ReaderError):
    code = b"01"
    user_zh = "燃气卡读写器参数错误，请联系工作人员。"


class CommandNotPossible(ReaderError):
    code = b"02"
    user_zh = "读卡器暂时无法完成该操作，请取出燃气卡后重新插入。"


class CardJammed(ReaderError):
    code = b"10"
    user_zh = "燃气卡卡在读卡器中，请勿强行拔出，请联系工作人员。"


class NoCardInPosition(ReaderError):
    code = b"40"
    user_zh = "请将燃气卡插入读卡口。"


class CardNotAnsweringReset(ReaderError):
    code = b"60"
    user_zh = "无法识别此卡，请确认插入的是燃气卡，且芯片朝上、朝里插入。"


class CardCommunicationError(ReaderError):
    code = b"61"
    user_zh = "读写燃气卡时卡片被移动，请重新插入燃气卡，操作完成前请勿拔卡。"


class UnknownReaderError(ReaderError):
    """An E1 E0 pair the spec does not list."""


_READER_ERRORS = {cls.code: cls for cls in (UnknownCommand, ParameterError, CommandNotPossible, CardJammed,
                                            NoCardInPosition, CardNotAnsweringReset, CardCommunicationError)}


def reader_error(code: bytes, context: str = "") -> ReaderError:
    """The typed error for a negative reply's E1 E0."""
    cls = _READER_ERRORS.get(bytes(code))
    text = f"reader error {bytes(code).hex(' ')}" + (f" ({context})" if context else "")
    if cls is None:
        err = UnknownReaderError(text)
        err.code = bytes(code)
        return err
    return cls(text)


# ---------------------------------------------------------------- card responses (SW1 SW2)

class CardResponseError(OperationError):
    """The card refused an operation; ``sw`` holds SW1 SW2."""

    sw = b""


class WrongPassword(CardResponseError):
    """The card password was wrong; ``tries_left`` more tries before the card locks."""

    user_zh = "燃气卡校验失败（还剩 {tries_left} 次机会），请到燃气营业厅处理。"

    def __init__(self, tries_left: int, message: str = ""):
        self.tries_left = tries_left
        self.sw = bytes([0x63, 0xC0 | tries_left])
        super().__init__(message or f"wrong card password, {tries_left} tries left", user_args={"tries_left": tries_left})


class CardLocked(CardResponseError):
    sw = b"\x69\x83"
    user_zh = "燃气卡已锁定，请携带身份证到燃气营业厅办理。"


class WriteNotAllowed(CardResponseError):
    sw = b"\x69\x82"
    user_zh = "燃气卡写入未获许可，请重新插卡再试。"


class FrozenByte(CardResponseError):
    sw = b"\x6A\x81"
    user_zh = "燃气卡受保护区域无法写入，请到燃气营业厅处理。"


class UnexpectedCardResponse(CardResponseError):
    """An SW1 SW2 the spec does not list for this operation."""


class WriteVerifyFailed(OperationError):
    """Read-back after a write did not match what was written."""

    user_zh = "燃气卡写入校验失败，请勿拔卡，请联系工作人员。"


def card_error(sw: bytes, context: str = "") -> CardResponseError:
    """The typed error for a card's non-9000 status word."""
    sw = bytes(sw)
    text = f"card answered {sw.hex(' ')}" + (f" to {context}" if context else "")
    if len(sw) == 2 and sw[0] == 0x63 and sw[1] & 0xF0 == 0xC0:
        tries = sw[1] & 0x0F
        if tries == 0:
            return CardLocked(text + " (no tries left: locked)")
        return WrongPassword(tries, text)
    if sw == CardLocked.sw:
        return CardLocked(text)
    if sw == WriteNotAllowed.sw:
        return WriteNotAllowed(text)
    if sw == FrozenByte.sw:
        return FrozenByte(text)
    err = UnexpectedCardResponse(text)
    err.sw = sw
    return err


# ---------------------------------------------------------------- the gas card's content

class GasCardRefused(OperationError):
    """The card is not usable for a top-up; ``reason`` is a short code for logs and flows."""

    reason = "refused"


class NotOurCard(GasCardRefused):
    reason = "wrong_tag"
    user_zh = "此卡不是本燃气公司的燃气卡，请插入您的燃气卡。"


class TornCard(GasCardRefused):
    reason = "torn_write"
    user_zh = "燃气卡上次写卡未完成，需要修复，请稍候或联系工作人员。"


class BlankCard(GasCardRefused):
    reason = "blank"
    user_zh = "此燃气卡尚未开户，请到燃气营业厅办理。"


class CardReportedLost(GasCardRefused):
    reason = "lost"
    user_zh = "此燃气卡已挂失，无法使用，请携带身份证到燃气营业厅办理。"


class BadCardStatus(GasCardRefused):
    reason = "bad_status"
    user_zh = "燃气卡状态异常，请到燃气营业厅处理。"


class MeterNotVisited(GasCardRefused):
    reason = "meter_flag"
    user_zh = "请先将燃气卡插入燃气表，待表具读取上次购气后再来充值。"
