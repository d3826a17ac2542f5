"""Typed errors of the ID card reader: one per SAM result code, and the reasons a card is refused.

Every error says to the resident what happened and what to do (``user_zh``; ``user_message(lang)``);
the technical text (``str(err)``) is for the log and never holds a name or a full ID number.
"""

from __future__ import annotations

from kiosk.errors import DeviceError, DeviceNotAnswering, OperationError, ProtocolError

from drivers.idcard import frames

PLACE_CARD_ZH = "请将身份证放在感应区"
READ_AGAIN_ZH = "身份证读取失败，请重新放置"
STAFF_ZH = "身份证阅读器故障，请联系工作人员。"


class SamError:
    """Mixin: an error the SAM reported with result code ``sw3``."""

    sw3: int | None = None


# ------------------------------------------------------------------ the card or the resident can fix it

class CardNotFound(SamError, OperationError):
    """SW3 80: no card in the field."""

    sw3 = frames.SW_FIND_FAILED
    user_zh, user_key = PLACE_CARD_ZH, "drivers.idcard.place_card"


class CardSelectFailed(SamError, OperationError):
    """SW3 81: the card went away (or moved) between find and select."""

    sw3 = frames.SW_SELECT_FAILED
    user_zh, user_key = READ_AGAIN_ZH, "drivers.idcard.read_again"


class CardReadFailed(SamError, OperationError):
    """SW3 41: reading the card failed, usually because it was moved or taken away."""

    sw3 = frames.SW_READ_FAILED
    user_zh, user_key = READ_AGAIN_ZH, "drivers.idcard.read_again"


class CardAuthenticationFailed(SamError, OperationError):
    """SW3 31/32: the card and the SAM did not authenticate each other."""

    sw3 = frames.SW_AUTH_FAILED_1
    user_zh = "身份证验证未通过，请重新放置；如仍不行，请到人工窗口办理。"


class InformationCheckFailed(SamError, OperationError):
    """SW3 33: the card's data did not pass the SAM's check."""

    sw3 = frames.SW_INFO_CHECK_FAILED
    user_zh, user_key = CardAuthenticationFailed.user_zh, CardAuthenticationFailed.user_key


class CardTypeNotRecognised(SamError, OperationError):
    """SW3 40: the card in the field is not an ID card (a bank card, a bus card…)."""

    sw3 = frames.SW_CARD_TYPE_UNKNOWN
    user_zh = "无法识别此卡，请放置第二代居民身份证。"


class RandomNumberFailed(SamError, OperationError):
    """SW3 47: the card's random-number exchange failed (a transient RF problem)."""

    sw3 = frames.SW_RANDOM_FAILED
    user_zh, user_key = READ_AGAIN_ZH, "drivers.idcard.read_again"


class NoSuchItem(SamError, OperationError):
    """SW3 91: the card does not hold the item asked for."""

    sw3 = frames.SW_NO_SUCH_ITEM
    user_zh, user_key = READ_AGAIN_ZH, "drivers.idcard.read_again"


# ------------------------------------------------------------------ staff must fix it

class SamSelfTestFailed(SamError, DeviceError):
    """SW3 60: the SAM's self-test failed; the module needs service."""

    sw3 = frames.SW_SELF_TEST_FAILED
    user_zh, user_key = STAFF_ZH, "drivers.idcard.reader_fault"


class SamNotLicensed(SamError, DeviceError):
    """SW3 66: the SAM is not licensed (not authorised by the issuer)."""

    sw3 = frames.SW_NOT_LICENSED
    user_zh, user_key = STAFF_ZH, "drivers.idcard.reader_fault"


class SamNotAuthorised(SamError, DeviceError):
    """SW3 23: the SAM refused the command as not authorised."""

    sw3 = frames.SW_NOT_AUTHORISED
    user_zh, user_key = STAFF_ZH, "drivers.idcard.reader_fault"


class UnexpectedResult(SamError, DeviceError):
    """A result code the spec does not list for this command."""

    user_zh, user_key = STAFF_ZH, "drivers.idcard.reader_fault"


# ------------------------------------------------------------------ the line

class ReaderProtocolError(SamError, ProtocolError):
    """The frames on the line were broken (ours or the reader's)."""

    user_zh, user_key = READ_AGAIN_ZH, "drivers.idcard.read_again"


class FrameChecksumRejected(ReaderProtocolError):
    """SW3 10: the reader got our frame with a bad checksum (noise on the line)."""

    sw3 = frames.SW_BAD_CHECKSUM


class FrameLengthRejected(ReaderProtocolError):
    """SW3 11: the reader got our frame with a bad length."""

    sw3 = frames.SW_BAD_LENGTH


class UnknownCommand(ReaderProtocolError):
    """SW3 21: the reader does not know the command (wrong device on the port?)."""

    sw3 = frames.SW_UNKNOWN_COMMAND
    user_zh, user_key = STAFF_ZH, "drivers.idcard.reader_fault"


class ReaderNotAnswering(DeviceNotAnswering):
    """The reader stayed silent (switched off, unplugged, or another device on the port)."""

    user_zh, user_key = STAFF_ZH, "drivers.idcard.reader_fault"


_BY_SW3: dict[int, type[DeviceError]] = {
    cls.sw3: cls
    for cls in (CardNotFound, CardSelectFailed, CardReadFailed, CardAuthenticationFailed, InformationCheckFailed,
                CardTypeNotRecognised, RandomNumberFailed, NoSuchItem, SamSelfTestFailed, SamNotLicensed,
                SamNotAuthorised, FrameChecksumRejected, FrameLengthRejected, UnknownCommand)
}
_BY_SW3[frames.SW_AUTH_FAILED_2] = CardAuthenticationFailed


def error_for_sw3(sw3: int, doing: str) -> DeviceError:
    """The typed error for result code ``sw3`` answered to the step ``doing`` (e.g. "select card")."""
    cls = _BY_SW3.get(sw3, UnexpectedResult)
    err = cls(f"{doing}: SAM answered SW3 {sw3:02X}")
    err.sw3 = sw3
    return err


# ------------------------------------------------------------------ a card read fine but is not accepted

class CardRefused(OperationError):
    """The card was read but cannot be used here; ``reason`` names why (for diagnostics and audits).

    ``identity`` is the record that was refused (its repr is masked), or None when the card
    could not be parsed as a resident ID card at all.
    """

    reason = "refused"

    def __init__(self, message: str = "", *, identity=None, **kw):
        super().__init__(message, **kw)
        self.identity = identity


class CardExpired(CardRefused):
    reason = "expired"
    user_zh = "您的身份证已过有效期，请使用有效身份证或到人工窗口办理。"


class CardNotYetValid(CardRefused):
    reason = "not_yet_valid"
    user_zh = "此身份证尚未生效，请到人工窗口办理。"


class IdNumberInvalid(CardRefused):
    reason = "bad_check_digit"
    user_zh = "身份证号码校验未通过，无法办理，请到人工窗口。"


class BirthDateMismatch(CardRefused):
    reason = "birth_date_mismatch"
    user_zh = "身份证上的出生日期与身份证号码不符，无法办理，请到人工窗口。"


class SexMismatch(CardRefused):
    reason = "sex_mismatch"
    user_zh = "身份证上的性别与身份证号码不符，无法办理，请到人工窗口。"


class ForeignerCard(CardRefused):
    reason = "foreigner_card"
    user_zh = "本机暂不支持外国人永久居留身份证，请到人工窗口办理，谢谢。"


class UnsupportedCardKind(CardRefused):
    reason = "unsupported_card"
    user_zh = "本机仅支持第二代居民身份证，请到人工窗口办理，谢谢。"


class TextBlockInvalid(CardRefused):
    """The text block is not a readable resident record (a damaged card or a line fault)."""

    reason = "unreadable"
    user_zh, user_key = READ_AGAIN_ZH, "drivers.idcard.read_again"
