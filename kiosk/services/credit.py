"""The public credit information service: the report's records and the client that fetches them.

``CreditService.report(id_number, name, purpose)`` returns a ``CreditReport``: a header (report
number such as XN20261128-000123, generated time, data sources, validity), the subject's basic
information and the sections of DOMAIN.md, and the check code printed with the verification QR.
A resident the service has never heard of gets a clean report, not an error.

Personal data: the full ID number is sent (the back end needs it) and masked on arrival; names are
kept (the screen masks them) but left out of ``repr`` so a logged record cannot carry them.
"""

from __future__ import annotations

import abc
import logging
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import TypeAdapter

from kiosk.services import wire
from kiosk.services.errors import ServiceError
from kiosk.services.http_client import JsonHttpClient
from kiosk.services.purposes import DEFAULT_PURPOSE, purpose_text
from kiosk.services.verification import verification_url

log = logging.getLogger("kiosk.services.credit")



@dataclass(frozen=True)
class ReportHeader:
    """报告头: who issued which report when, for which terminal and purpose, from which sources."""

    report_number: str            # 报告编号, XN20261128-000123
    generated_at: datetime        # 生成时间 (with the back end's time zone, +08:00)
    valid_until: date             # 报告有效期至
    issuer: str                   # 出具单位, 咸宁市公共信用信息中心
    terminal_id: str              # 查询终端
    purpose: str                  # 查询用途
    data_sources: tuple[str, ...]  # 数据来源


@dataclass(frozen=True)
class BasicInfo:
    """基本信息."""

    name: str = field(repr=False)   # full name as registered; show mask_name(name) / .masked_name
    id_masked: str                  # 4212**********0038
    region: str | None              # 户籍所在地区, e.g. 湖北省咸宁市咸安区; None if unknown

    @property
    def masked_name(self) -> str:
        return wire.mask_name(self.name)


@dataclass(frozen=True)
class Licence:
    """行政许可."""

    decision_number: str     # 许可决定书文号
    content: str             # 许可内容
    decision_date: date      # 许可决定日期
    valid_until: date | None  # 有效期至 (None: no end)
    authority: str           # 许可机关


@dataclass(frozen=True)
class Penalty:
    """行政处罚."""

    decision_number: str          # 处罚决定书文号
    violation: str                # 违法行为
    penalty_type: str             # 处罚类别: 警告, 罚款, 没收违法所得, 暂扣许可证…
    amount_yuan: Decimal | None   # 罚没金额 (None: no money)
    decision_date: date           # 处罚决定日期
    authority: str                # 处罚机关
    publication_until: date       # 公示截止日期


@dataclass(frozen=True)
class DishonestyRecord:
    """失信记录."""

    kind: str                              # 失信被执行人, 拖欠农民工工资失信联合惩戒对象名单…
    reason: str                            # 失信情形
    listed_on: date                        # 列入日期
    authority: str                         # 列入机关
    case_number: str                       # 案号/文号
    status: Literal["in_force", "removed"]  # 有效 / 已移出
    removed_on: date | None = None         # 移出日期


@dataclass(frozen=True)
class Commendation:
    """守信激励 / 荣誉 (red list)."""

    title: str        # 荣誉名称
    granted_by: str   # 授予单位
    granted_on: date  # 授予日期


@dataclass(frozen=True)
class Commitment:
    """信用承诺."""

    content: str        # 承诺内容
    committed_on: date  # 承诺日期
    accepted_by: str    # 承诺受理单位


SECTIONS = ("licences", "penalties", "dishonesty", "commendations", "commitments")


@dataclass(frozen=True)
class CreditReport:
    """公共信用信息报告."""

    header: ReportHeader
    basic_info: BasicInfo
    licences: tuple[Licence, ...]
    penalties: tuple[Penalty, ...]
    dishonesty: tuple[DishonestyRecord, ...]
    commendations: tuple[Commendation, ...]
    commitments: tuple[Commitment, ...]
    check_code: str  # 8 characters, printed and in the QR

    @property
    def masked_name(self) -> str:
        return self.basic_info.masked_name

    @property
    def masked_id(self) -> str:
        return self.basic_info.id_masked

    def summary(self) -> dict[str, int]:
        """Entries per section, in report order: {'licences': 2, 'penalties': 0, …}."""
        return {name: len(getattr(self, name)) for name in SECTIONS}

    @property
    def is_clean(self) -> bool:
        """No penalty and no dishonesty record in force."""
        return not self.penalties and not any(d.status == "in_force" for d in self.dishonesty)

    def verification_url(self, base: str) -> str:
        return verification_url(base, self.header.report_number, self.check_code)

    def to_dict(self) -> dict:
        """JSON-ready form (masked ID numbers only), e.g. to keep a print job; ``from_dict`` reads it back."""
        return _ADAPTER.dump_python(self, mode="json")

    @classmethod
    def from_dict(cls, doc: dict) -> "CreditReport":
        return wire.build(_ADAPTER, doc, service="credit", what="credit report")


_ADAPTER = TypeAdapter(CreditReport)


def parse_report(doc, id_number: str) -> CreditReport:
    """A back end's answer (wire format, docs/services.md) as a CreditReport for ``id_number``."""
    return wire.parse_verified(doc, _ADAPTER, ("basic_info", "id_number"), id_number, service="credit",
                               what="credit report")


class CreditService(abc.ABC):
    """Fetches a resident's public credit information report."""

    @abc.abstractmethod
    def report(self, id_number: str, name: str, purpose: str = DEFAULT_PURPOSE) -> CreditReport:
        """The report for the resident; raises a ServiceError subclass (kiosk.services.errors) on failure.

        ``purpose``: a code of kiosk.services.purposes.PURPOSES ('self_query', 'loan', …) or the words themselves.
        """

    def abort(self) -> None:
        """Make a call in flight on another thread end now with ServiceCancelled."""

    def close(self) -> None:
        """Release what the service holds (aborting a call in flight)."""


class HttpCreditService(CreditService):
    """The credit service over HTTP: ``POST {base_url}/v1/reports`` (docs/services.md)."""

    def __init__(self, base_url: str, *, timeout_s: float, terminal_id: str, retries: int = 1):
        self.client = JsonHttpClient(base_url, service="credit", timeout_s=timeout_s, retries=retries, logger=log)
        self.terminal_id = terminal_id

    def report(self, id_number: str, name: str, purpose: str = DEFAULT_PURPOSE) -> CreditReport:
        who = wire.mask_id(id_number)
        body = {"request_id": uuid.uuid4().hex, "id_number": id_number, "name": name,
                "purpose": purpose_text(purpose), "terminal_id": self.terminal_id}
        try:
            # request_id makes the POST safe to repeat: the back end answers a repeat with the same report.
            doc = self.client.post("/v1/reports", body, idempotent=True)
            report = parse_report(doc, id_number)
        except ServiceError as exc:
            log.warning("credit report for %s failed: %s: %s", who, type(exc).__name__, exc)
            raise
        log.info("credit report %s for %s: %s", report.header.report_number, who,
                 ", ".join(f"{k} {v}" for k, v in report.summary().items()))
        return report

    def abort(self) -> None:
        self.client.abort()

    def close(self) -> None:
        self.client.close()


__all__ = ["CreditService", "HttpCreditService", "CreditReport", "ReportHeader", "BasicInfo", "Licence", "Penalty",
           "DishonestyRecord", "Commendation", "Commitment", "SECTIONS", "DEFAULT_PURPOSE", "parse_report"]
