"""The resident's identity record read from an ID card, the ID number's checks, and masking.

The text block is 256 bytes of UCS-2 (little-endian), fixed-width fields padded with spaces
(shared/protocols/idcard-sam.md). The photo stays in memory in the record and is never
decoded, stored, logged or shown by ``repr``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from drivers.idcard import errors
from kiosk.i18n import declare

TEXT_LEN = 256
PHOTO_LEN = 1024

#: (offset, length) of each field in the text block.
LAYOUT = {
    "name": (0, 30),
    "sex": (30, 2),
    "nation": (32, 4),
    "birth": (36, 16),
    "address": (52, 70),
    "id_number": (122, 36),
    "authority": (158, 30),
    "valid_from": (188, 16),
    "valid_to": (204, 16),
    "reserved": (220, 36),
}
#: Byte 248–249 marks the card kind: a space for a resident ID card.
KIND_OFFSET = 248
KIND_FOREIGNER = "I"
LONG_TERM = "长期"

#: GB 3304 nation codes, as printed on the card (without 族).
NATIONS = {
    "01": "汉", "02": "蒙古", "03": "回", "04": "藏", "05": "维吾尔", "06": "苗", "07": "彝", "08": "壮",
    "09": "布依", "10": "朝鲜", "11": "满", "12": "侗", "13": "瑶", "14": "白", "15": "土家", "16": "哈尼",
    "17": "哈萨克", "18": "傣", "19": "黎", "20": "傈僳", "21": "佤", "22": "畲", "23": "高山", "24": "拉祜",
    "25": "水", "26": "东乡", "27": "纳西", "28": "景颇", "29": "柯尔克孜", "30": "土", "31": "达斡尔",
    "32": "仫佬", "33": "羌", "34": "布朗", "35": "撒拉", "36": "毛南", "37": "仡佬", "38": "锡伯", "39": "阿昌",
    "40": "普米", "41": "塔吉克", "42": "怒", "43": "乌孜别克", "44": "俄罗斯", "45": "鄂温克", "46": "德昂",
    "47": "保安", "48": "裕固", "49": "京", "50": "塔塔尔", "51": "独龙", "52": "鄂伦春", "53": "赫哲",
    "54": "门巴", "55": "珞巴", "56": "基诺", "97": "其他", "98": "外国血统中国籍人士",
}

SEXES = {code: declare("terms", f"idcard.sex.{code}", zh) for code, zh in (("0", "未知"), ("1", "男"), ("2", "女"), ("9", "未说明"))}

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_RE = re.compile(r"^\d{17}[\dX]$")


# ------------------------------------------------------------------ masking

def mask_name(name: str) -> str:
    """First and last character kept: 张*三, 欧**明; two characters: 张*."""
    if len(name) <= 1:
        return "*" * len(name)
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_id(number: str) -> str:
    """First 4 and last 4 kept: 4201**********1234 (anything too short to mask is all stars)."""
    if len(number) < 9:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


# ------------------------------------------------------------------ the ID number

def id_check_char(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character over the first 17 digits."""
    if len(first17) != 17 or not first17.isdigit() or not first17.isascii():
        raise ValueError("need exactly 17 digits")
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS)) % 11]


def id_number_valid(number: str) -> bool:
    """True when ``number`` is 17 digits and the right check character (X upper case)."""
    return bool(_ID_RE.match(number)) and number.isascii() and id_check_char(number[:17]) == number[17]


def _parse_date(text: str) -> date | None:
    if len(text) != 8 or not text.isdigit() or not text.isascii():
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


# ------------------------------------------------------------------ the record

@dataclass(frozen=True, repr=False)
class Identity:
    """One resident ID card's data. ``repr`` and ``str`` are masked; the photo is never shown."""

    name: str
    sex: str  # code: 1 male, 2 female, 0 unknown, 9 not stated
    nation_code: str
    birth_date: date
    address: str
    id_number: str
    authority: str
    valid_from: date
    valid_to: date | None  # None: 长期 (no expiry)
    photo: bytes = field(default=b"", compare=False)

    @property
    def nation(self) -> str:
        return NATIONS.get(self.nation_code, self.nation_code)

    def sex_name(self, lang: str = "zh") -> str:
        msg = SEXES.get(self.sex)
        return msg.text(lang) if msg is not None else self.sex

    @property
    def long_term(self) -> bool:
        return self.valid_to is None

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)

    @property
    def masked_id(self) -> str:
        return mask_id(self.id_number)

    def validity_text(self) -> str:
        end = LONG_TERM if self.valid_to is None else self.valid_to.strftime("%Y.%m.%d")
        return f"{self.valid_from.strftime('%Y.%m.%d')}-{end}"

    def __repr__(self) -> str:
        return f"Identity({self.masked_name}, {self.masked_id}, valid {self.validity_text()})"

    __str__ = __repr__

    def masked_summary(self) -> dict:
        """What diagnostics and audit screens may show."""
        return {"name": self.masked_name, "id_number": self.masked_id,
                "valid_from": self.valid_from.isoformat(),
                "valid_to": LONG_TERM if self.valid_to is None else self.valid_to.isoformat()}


def _field(block: bytes, name: str) -> str:
    off, n = LAYOUT[name]
    return block[off:off + n].decode("utf-16-le").rstrip(" \x00")


def card_kind(block: bytes) -> str:
    """The card-kind mark at byte 248 ('' for a resident ID card, 'I' foreigner, …)."""
    try:
        return block[KIND_OFFSET:KIND_OFFSET + 2].decode("utf-16-le").strip(" \x00")
    except UnicodeDecodeError:
        return "?"


def parse_text_block(block: bytes, photo: bytes = b"") -> Identity:
    """Parse the 256-byte text block; foreigner's and other cards raise a polite refusal.

    Raises TextBlockInvalid when the block is not a resident record (wrong size, not UCS-2,
    a date that is not a date); the message never quotes the field's content.
    """
    if len(block) != TEXT_LEN:
        raise errors.TextBlockInvalid(f"text block is {len(block)} bytes, expected {TEXT_LEN}")
    kind = card_kind(block)
    if kind == KIND_FOREIGNER:
        raise errors.ForeignerCard("foreigner's permanent-residence card (kind 'I') refused")
    if kind:
        raise errors.UnsupportedCardKind(f"card kind {kind!r} is not a resident ID card")
    try:
        values = {name: _field(block, name) for name in LAYOUT if name != "reserved"}
    except UnicodeDecodeError as exc:
        raise errors.TextBlockInvalid("text block is not UCS-2 text") from exc
    bad = [name for name in ("name", "id_number") if not values[name]]
    if values["sex"] not in SEXES:
        bad.append("sex")
    if not (len(values["nation"]) == 2 and values["nation"].isdigit() and values["nation"].isascii()):
        bad.append("nation")
    birth = _parse_date(values["birth"])
    valid_from = _parse_date(values["valid_from"])
    valid_to = None if values["valid_to"] == LONG_TERM else _parse_date(values["valid_to"])
    for name, parsed in (("birth", birth), ("valid_from", valid_from)):
        if parsed is None:
            bad.append(name)
    if valid_to is None and values["valid_to"] != LONG_TERM:
        bad.append("valid_to")
    if bad:
        raise errors.TextBlockInvalid(f"text block fields not readable: {', '.join(bad)}")
    return Identity(name=values["name"], sex=values["sex"], nation_code=values["nation"], birth_date=birth,
                    address=values["address"], id_number=values["id_number"], authority=values["authority"],
                    valid_from=valid_from, valid_to=valid_to, photo=bytes(photo))


# ------------------------------------------------------------------ acceptance

def refusals(identity: Identity, today: date) -> list[errors.CardRefused]:
    """Every reason to refuse ``identity`` on ``today`` (empty: the card is accepted)."""
    found: list[errors.CardRefused] = []
    number = identity.id_number
    masked = identity.masked_id
    if not id_number_valid(number):
        found.append(errors.IdNumberInvalid(f"ID number {masked} fails its check character", identity=identity))
    if len(number) == 18 and number[:17].isdigit() and number.isascii():
        if _parse_date(number[6:14]) != identity.birth_date:
            found.append(errors.BirthDateMismatch(f"birth date disagrees with ID number {masked}", identity=identity))
        odd = int(number[16]) % 2 == 1
        if (identity.sex == "1" and not odd) or (identity.sex == "2" and odd):
            found.append(errors.SexMismatch(f"sex disagrees with ID number {masked}", identity=identity))
    if identity.valid_from > today:
        found.append(errors.CardNotYetValid(f"card {masked} valid only from {identity.valid_from}", identity=identity))
    if identity.valid_to is not None and identity.valid_to < today:
        found.append(errors.CardExpired(f"card {masked} expired on {identity.valid_to}", identity=identity))
    return found


def accept(identity: Identity, today: date) -> Identity:
    """Return ``identity`` if it may be used on ``today``; else raise the first refusal."""
    problems = refusals(identity, today)
    if problems:
        raise problems[0]
    return identity
