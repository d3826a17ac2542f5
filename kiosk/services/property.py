"""The real-estate registry: a resident's property records and the client that fetches them.

``PropertyService.records(id_number, name)`` returns ``PropertyRecords``: the query header (query
number, time, scope), the properties with every field of DOMAIN.md and their restrictions
(mortgage, seizure, objection, advance notice), and the check code printed with the verification QR
of the proof of records — or, when the list is empty, of the no-property certificate. A resident the
registry has never heard of has no property: that is an answer, not an error.
"""

from __future__ import annotations

import abc
import logging
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, TypeAdapter

from kiosk.i18n import declare
from kiosk.services import wire
from kiosk.services.errors import ServiceError
from kiosk.services.http_client import JsonHttpClient
from kiosk.services.purposes import DEFAULT_PURPOSE, purpose_text
from kiosk.services.verification import verification_url

log = logging.getLogger("kiosk.services.property")


#: 不动产单元号: 6 area + 6 cadastral zone + 2 parcel type + 5 parcel number + F/L/Q/W + 8 digits = 28.
UNIT_NUMBER_RE = re.compile(r"^\d{6}\d{6}[A-Z]{2}\d{5}[FLQW]\d{8}$")


def _unit_number(value: str) -> str:
    if not UNIT_NUMBER_RE.match(value):
        raise ValueError("not a 28-character unit number (6+6 digits, 2 letters, 5 digits, F/L/Q/W, 8 digits)")
    return value


UnitNumber = Annotated[str, AfterValidator(_unit_number)]

#: Kinds of seizure as the registry words them (also row labels: kiosk.flows.documents.LABELS translates them).
SEIZURE_KINDS = {"seizure": "查封", "pre_seizure": "预查封", "waiting_seizure": "轮候查封"}
SHARING = {"sole": declare("terms", "property.sharing.sole", "单独所有"),
           "joint": declare("terms", "property.sharing.joint", "共同共有"),
           "by_shares": declare("terms", "property.sharing.by_shares", "按份共有")}


@dataclass(frozen=True)
class Holder:
    """权利人."""

    name: str = field(repr=False)  # full name; show wire.mask_name(name) / .masked_name
    id_masked: str                 # 4212**********0038
    share: str | None = None       # 份额 for by-share ownership, e.g. "50%"

    @property
    def masked_name(self) -> str:
        return wire.mask_name(self.name)


@dataclass(frozen=True)
class Mortgage:
    """抵押."""

    kind: str                 # 一般抵押 / 最高额抵押
    mortgagee: str            # 抵押权人
    amount_yuan: Decimal      # 被担保主债权数额 (最高债权额)
    term_from: date           # 债务履行期限 起
    term_to: date             # 止
    certificate_number: str   # 不动产登记证明号, 鄂(2022)咸宁市不动产证明第0034567号
    registered_on: date       # 登记日期


@dataclass(frozen=True)
class Seizure:
    """查封 / 预查封 / 轮候查封."""

    kind: Literal["seizure", "pre_seizure", "waiting_seizure"]
    court: str                # 查封机关
    document_number: str      # 查封文号, (2025)鄂1281执1234号
    term_from: date | None    # 查封期限 起 (a waiting seizure has none until it takes effect)
    term_to: date | None      # 止
    registered_on: date       # 登记日期

    @property
    def kind_zh(self) -> str:
        return SEIZURE_KINDS[self.kind]


@dataclass(frozen=True)
class Objection:
    """异议登记."""

    matter: str               # 异议事项
    registered_on: date
    valid_until: date         # an objection lapses 15 days after registration unless a suit is filed
    certificate_number: str


@dataclass(frozen=True)
class AdvanceNotice:
    """预告登记."""

    kind: str                 # 预购商品房预告登记, 不动产买卖预告登记, 抵押预告登记…
    holder: str               # 预告登记权利人 (a person's name or a bank)
    registered_on: date
    certificate_number: str


@dataclass(frozen=True)
class Property:
    """One property (不动产) and its restrictions."""

    certificate_number: str                     # 不动产权证号, 鄂(2021)咸宁市不动产权第0012345号
    unit_number: UnitNumber                     # 不动产单元号, 28 characters
    holders: tuple[Holder, ...]                 # 权利人
    sharing: Literal["sole", "joint", "by_shares"]  # 共有情况
    location: str                               # 坐落
    right_type: str                             # 权利类型, 国有建设用地使用权/房屋所有权
    nature: str                                 # 权利性质, 出让/市场化商品房
    use: str                                    # 用途, 城镇住宅用地/住宅
    land_area_m2: Decimal | None                # 土地面积 (a flat's share of the parcel), m²
    building_area_m2: Decimal | None            # 房屋建筑面积, m² (None: land only)
    land_term_from: date | None                 # 土地使用期限 起 (None: no term, e.g. 宅基地)
    land_term_to: date | None                   # 止
    registered_on: date                         # 登记日期
    mortgages: tuple[Mortgage, ...] = ()
    seizures: tuple[Seizure, ...] = ()
    objections: tuple[Objection, ...] = ()
    advance_notices: tuple[AdvanceNotice, ...] = ()

    @property
    def restricted(self) -> bool:
        """Mortgaged, seized, under objection or advance notice: to be clearly marked."""
        return bool(self.mortgages or self.seizures or self.objections or self.advance_notices)

    @property
    def sharing_zh(self) -> str:
        return SHARING[self.sharing].zh


@dataclass(frozen=True)
class QueryHeader:
    """查询信息."""

    query_number: str    # 查询编号, CX20261128-000045
    queried_at: datetime
    issuer: str          # 咸宁市不动产登记中心
    scope: str           # 查询范围, 咸宁市
    terminal_id: str
    purpose: str


@dataclass(frozen=True)
class Subject:
    """The person asked about."""

    name: str = field(repr=False)
    id_masked: str

    @property
    def masked_name(self) -> str:
        return wire.mask_name(self.name)


@dataclass(frozen=True)
class PropertyRecords:
    """不动产登记信息: the proof of records, or with no property the no-property certificate."""

    header: QueryHeader
    subject: Subject
    properties: tuple[Property, ...]
    check_code: str

    @property
    def has_property(self) -> bool:
        return bool(self.properties)

    @property
    def masked_name(self) -> str:
        return self.subject.masked_name

    @property
    def masked_id(self) -> str:
        return self.subject.id_masked

    def verification_url(self, base: str) -> str:
        return verification_url(base, self.header.query_number, self.check_code)

    def to_dict(self) -> dict:
        """JSON-ready form (masked ID numbers only); ``from_dict`` reads it back."""
        return _ADAPTER.dump_python(self, mode="json")

    @classmethod
    def from_dict(cls, doc: dict) -> "PropertyRecords":
        return wire.build(_ADAPTER, doc, service="property", what="property records")


_ADAPTER = TypeAdapter(PropertyRecords)


def parse_records(doc, id_number: str) -> PropertyRecords:
    """A registry's answer (wire format, docs/services.md) as PropertyRecords for ``id_number``."""
    return wire.parse_verified(doc, _ADAPTER, ("subject", "id_number"), id_number, service="property",
                               what="property records")


class PropertyService(abc.ABC):
    """Looks up a resident's real-estate records."""

    @abc.abstractmethod
    def records(self, id_number: str, name: str, purpose: str = DEFAULT_PURPOSE) -> PropertyRecords:
        """The resident's records (maybe none); raises a ServiceError subclass on failure.

        ``purpose``: a code of kiosk.services.purposes.PURPOSES ('self_query', …) or the words themselves.
        """

    def abort(self) -> None:
        """Make a call in flight on another thread end now with ServiceCancelled."""

    def close(self) -> None:
        """Release what the service holds (aborting a call in flight)."""


class HttpPropertyService(PropertyService):
    """The registry over HTTP: ``POST {base_url}/v1/queries`` (docs/services.md)."""

    def __init__(self, base_url: str, *, timeout_s: float, terminal_id: str, retries: int = 1):
        self.client = JsonHttpClient(base_url, service="property", timeout_s=timeout_s, retries=retries, logger=log)
        self.terminal_id = terminal_id

    def records(self, id_number: str, name: str, purpose: str = DEFAULT_PURPOSE) -> PropertyRecords:
        who = wire.mask_id(id_number)
        body = {"request_id": uuid.uuid4().hex, "id_number": id_number, "name": name,
                "purpose": purpose_text(purpose), "terminal_id": self.terminal_id}
        try:
            # request_id makes the POST safe to repeat: the registry answers a repeat with the same query.
            doc = self.client.post("/v1/queries", body, idempotent=True)
            records = parse_records(doc, id_number)
        except ServiceError as exc:
            log.warning("property query for %s failed: %s: %s", who, type(exc).__name__, exc)
            raise
        log.info("property query %s for %s: %d properties, %d restricted", records.header.query_number, who,
                 len(records.properties), sum(p.restricted for p in records.properties))
        return records

    def abort(self) -> None:
        self.client.abort()

    def close(self) -> None:
        self.client.close()


__all__ = ["PropertyService", "HttpPropertyService", "PropertyRecords", "Property", "Holder", "Mortgage", "Seizure",
           "Objection", "AdvanceNotice", "QueryHeader", "Subject", "UNIT_NUMBER_RE", "SEIZURE_KINDS", "SHARING",
           "DEFAULT_PURPOSE", "parse_records"]
