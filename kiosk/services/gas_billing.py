"""Gas billing: a card's account, the volume an amount buys at tier prices, and purchases for paid orders.

    account = billing.account(card_number)                  # GasAccount (AccountNotFound: no account)
    check_amount(account, amount)                            # the limits, before the resident pays
    q = quote(account, amount)                               # Quote: volume and tier breakdown (no HTTP)
    p = billing.create_purchase(card_number, order_no, amount, key)   # after payment: what to write
    ... write p.purchase_count / p.volume_units to the card, read it back ...
    billing.confirm_purchase(p.purchase_id, card_number, p.purchase_count)
    billing.pending_purchase(card_number)                    # a paid purchase still to be written, or None

Purchase count (gas-card.md): billing counts a purchase when it is created, so while a purchase
awaits its write the account's count is one more than the card's. ``create_purchase`` is idempotent
on its key and on the order (one order, one purchase): a repeat never buys gas twice.

Personal data: the full card number and name are kept (billing and the card need them) but are not in
any ``repr``; logs carry the masked card number (4212********0002) only.
"""

from __future__ import annotations

import abc
import datetime as dt
import logging
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal, NamedTuple

from pydantic import TypeAdapter

from drivers.gascard.card import mask_card_number
from kiosk.services import wire
from kiosk.services.errors import ServiceBadResponse, ServiceError
from kiosk.services.refusals import RefusingJsonClient, ServiceRefused

log = logging.getLogger("kiosk.services.gas_billing")

CENT = Decimal("0.01")
SERVICE = "gas_billing"


# ---------------------------------------------------------------------------- refusals


class GasBillingRefused(ServiceRefused):
    """Gas billing said no; the subclass says why."""


class AccountNotFound(GasBillingRefused):
    """No gas account for this card number."""

    user_zh = "未找到该燃气卡的账户，请到燃气营业厅办理。"


class AccountLost(GasBillingRefused):
    """The account's card was reported lost."""

    user_zh = "该燃气卡已挂失，不能充值，请到燃气营业厅办理。"


class AccountClosed(GasBillingRefused):
    """The account was closed (销户) or suspended."""

    user_zh = "该燃气账户已停用，请到燃气营业厅办理。"


class ArrearsDue(GasBillingRefused):
    """The account owes money, which must be paid (at a hall) before gas can be bought."""

    user_zh = "该账户有欠费，请先到燃气营业厅缴清欠费后再购气。"


class AmountTooSmall(GasBillingRefused):
    """Below the smallest top-up."""

    user_zh = "充值金额低于单次最低金额。"


class LimitExceeded(GasBillingRefused):
    """Above the largest single top-up."""

    user_zh = "充值金额超过单次充值上限。"


class YearLimitExceeded(LimitExceeded):
    """The volume would take the account past its yearly purchase limit."""

    user_zh = "本年度购气量已接近上限，请减少充值金额或到燃气营业厅咨询。"


class PurchasePending(GasBillingRefused):
    """A paid purchase still waits to be written to the card: it must be written first."""

    user_zh = "该卡有一笔已付款的购气尚未写卡，请先完成写卡。"


class OrderNotPaid(GasBillingRefused):
    """Billing found no payment for the order (unknown, unpaid, closed or refunded)."""

    user_zh = "未查到该订单的付款，如已扣款请联系工作人员。"


class AmountMismatch(GasBillingRefused):
    """The purchase amount differs from what was paid for the order."""

    user_zh = "购气金额与支付金额不一致，请联系工作人员。"


class OrderUsed(GasBillingRefused):
    """The order already paid for another purchase (another card or amount)."""

    user_zh = "该订单已用于其他购气，请联系工作人员。"


class PurchaseNotFound(GasBillingRefused):
    """No such purchase for this card."""

    user_zh = "未找到该笔购气记录，请联系工作人员。"


class CountMismatch(GasBillingRefused):
    """The purchase count written to the card is not the purchase's."""

    user_zh = "写卡次数与购气记录不符，请联系工作人员。"


#: Error codes of the billing API (docs/services.md) and what they become.
REFUSALS: dict[str, type[GasBillingRefused]] = {
    "ACCOUNT_NOT_FOUND": AccountNotFound,
    "ACCOUNT_LOST": AccountLost,
    "ACCOUNT_CLOSED": AccountClosed,
    "ARREARS": ArrearsDue,
    "AMOUNT_TOO_SMALL": AmountTooSmall,
    "LIMIT_EXCEEDED": LimitExceeded,
    "YEAR_LIMIT_EXCEEDED": YearLimitExceeded,
    "PURCHASE_PENDING": PurchasePending,
    "ORDER_NOT_PAID": OrderNotPaid,
    "AMOUNT_MISMATCH": AmountMismatch,
    "ORDER_USED": OrderUsed,
    "PURCHASE_NOT_FOUND": PurchaseNotFound,
    "COUNT_MISMATCH": CountMismatch,
}


# ---------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Tier:
    """One price band of the yearly volume: up to ``upto_m3`` a year (None: no upper end) at ``price`` ￥/m³."""

    upto_m3: Decimal | None
    price: Decimal


class TierPart(NamedTuple):
    """The share of a top-up in one tier: ``tier_index`` counts from 1 (第1阶梯), ``subtotal`` in yuan."""

    tier_index: int
    volume_m3: Decimal
    price: Decimal
    subtotal: Decimal


@dataclass(frozen=True)
class PastPurchase:
    """购气记录."""

    date: dt.date
    amount_yuan: Decimal
    volume_m3: Decimal
    channel: Literal["hall", "kiosk", "app"]
    purchase_count: int


@dataclass(frozen=True)
class GasAccount:
    """燃气账户 as billing knows it."""

    customer_no: str                        # 用户号
    card_number: str = field(repr=False)    # 16 digits; show .masked_card_number
    name: str = field(repr=False)           # 户名 (a person or a business); show .masked_name
    address: str = field(repr=False)        # 用气地址
    meter_number: str                       # 表号
    kind: Literal["household", "business"]
    status: Literal["normal", "lost", "closed"]
    purchase_count: int                     # purchases billing has made for the card (incl. one awaiting a write)
    tiers: tuple[Tier, ...]                 # yearly volume bands, ascending; the last has upto_m3 None
    volume_this_year_m3: Decimal            # bought this year (decides the tier)
    min_topup_yuan: Decimal
    max_topup_yuan: Decimal
    max_year_m3: Decimal | None             # yearly purchase limit (None: none)
    arrears_yuan: Decimal                   # 欠费; must be paid at a hall first
    history: tuple[PastPurchase, ...] = ()  # newest first
    arrears_reason: str | None = None       # e.g. 补卡工本费
    utility: str = ""                       # the gas company, for the receipt

    @property
    def masked_name(self) -> str:
        return wire.mask_name(self.name)

    @property
    def masked_card_number(self) -> str:
        return mask_card_number(self.card_number)

    @property
    def remaining_year_m3(self) -> Decimal | None:
        """How much more may be bought this year (None: no yearly limit)."""
        if self.max_year_m3 is None:
            return None
        return max(Decimal("0.00"), self.max_year_m3 - self.volume_this_year_m3)

    @property
    def current_tier(self) -> int:
        """The tier (from 1) the next m³ is bought in."""
        return _tier_of(self.tiers, self.volume_this_year_m3)

    @property
    def current_price(self) -> Decimal:
        return self.tiers[self.current_tier - 1].price


@dataclass(frozen=True)
class Quote:
    """What ``amount_yuan`` buys: ``volume_m3`` (2 decimals, rounded down) and its share per tier."""

    amount_yuan: Decimal
    volume_m3: Decimal
    breakdown: tuple[TierPart, ...]

    @property
    def volume_units(self) -> int:
        """The volume in the card's units of 0.01 m³."""
        return int(self.volume_m3 * 100)


@dataclass(frozen=True)
class Purchase:
    """A purchase of gas for a paid order: what to write to the card, and whether it is confirmed."""

    purchase_id: str
    card_number: str = field(repr=False)
    order_no: str
    amount_yuan: Decimal
    volume_m3: Decimal
    volume_units: int                        # volume_m3 in 0.01 m³, as written to the card
    purchase_count: int                      # the card's purchase count once this purchase is written
    breakdown: tuple[TierPart, ...]
    status: Literal["awaiting_write", "confirmed"]
    created_at: dt.datetime | None = None
    confirmed_at: dt.datetime | None = None

    @property
    def masked_card_number(self) -> str:
        return mask_card_number(self.card_number)

    @property
    def confirmed(self) -> bool:
        return self.status == "confirmed"


_ACCOUNT = TypeAdapter(GasAccount)
_PURCHASE = TypeAdapter(Purchase)


# ---------------------------------------------------------------------------- tier arithmetic (no HTTP)


def money(value) -> Decimal:
    """``value`` (Decimal, int or text) as yuan with 2 decimals; ValueError for more decimals or a negative."""
    try:
        amount = Decimal(str(value)) if not isinstance(value, Decimal) else value
    except InvalidOperation as exc:
        raise ValueError(f"'{value}' is not an amount") from exc
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"'{value}' is not an amount")
    if amount != amount.quantize(CENT, rounding=ROUND_DOWN):
        raise ValueError(f"'{value}' has more than 2 decimals (fen)")
    return amount.quantize(CENT)


def _tier_of(tiers: tuple[Tier, ...], bought: Decimal) -> int:
    for i, tier in enumerate(tiers, start=1):
        if tier.upto_m3 is None or bought < tier.upto_m3:
            return i
    return len(tiers)


def quote(account: GasAccount, amount_yuan) -> Quote:
    """The volume ``amount_yuan`` buys at the account's tier prices, given what it bought this year.

    Tiers are filled in order from ``volume_this_year_m3``. A tier filled to its end costs its volume ×
    price rounded to the fen (half up); the tier where the money runs out gets the rest of the money,
    and the volume it buys rounded down to 0.01 m³. So the subtotals add up to the amount exactly, and
    the resident never gets gas that was not paid for. Limits are not checked here (``check_amount``).
    """
    amount = money(amount_yuan)
    left = amount
    bought = account.volume_this_year_m3
    parts: list[TierPart] = []
    for index, tier in enumerate(account.tiers, start=1):
        if left <= 0:
            break
        if tier.upto_m3 is not None and bought >= tier.upto_m3:
            continue
        room = None if tier.upto_m3 is None else tier.upto_m3 - bought
        fill_cost = None if room is None else (room * tier.price).quantize(CENT, rounding=ROUND_HALF_UP)
        if fill_cost is not None and left >= fill_cost:
            parts.append(TierPart(index, room, tier.price, fill_cost))
            left -= fill_cost
            bought += room
            continue
        volume = (left / tier.price).quantize(CENT, rounding=ROUND_DOWN)
        parts.append(TierPart(index, volume, tier.price, left))
        left = Decimal("0.00")
        break
    volume = sum((p.volume_m3 for p in parts), Decimal("0.00"))
    return Quote(amount, volume, tuple(parts))


def cost_of(account: GasAccount, volume_m3) -> Decimal:
    """The price of ``volume_m3`` more this year (per tier, each share rounded to the fen, half up)."""
    want = Decimal(str(volume_m3)).quantize(CENT, rounding=ROUND_DOWN)
    bought = account.volume_this_year_m3
    total = Decimal("0.00")
    for tier in account.tiers:
        if want <= 0:
            break
        if tier.upto_m3 is not None and bought >= tier.upto_m3:
            continue
        share = want if tier.upto_m3 is None else min(want, tier.upto_m3 - bought)
        total += (share * tier.price).quantize(CENT, rounding=ROUND_HALF_UP)
        want -= share
        bought += share
    return total


def max_amount(account: GasAccount) -> Decimal:
    """The largest whole-yuan top-up the limits allow (per top-up and what is left of the year); 0: none.

    It does not look at the account's status or arrears (``check_amount`` does).
    """
    top = account.max_topup_yuan
    remaining = account.remaining_year_m3
    if remaining is not None:
        top = min(top, cost_of(account, remaining))
    top = top.quantize(Decimal("1"), rounding=ROUND_FLOOR)
    return top if top >= account.min_topup_yuan else Decimal("0")


def check_amount(account: GasAccount, amount_yuan) -> Quote:
    """The quote for ``amount_yuan`` if billing would sell it, else the refusal billing would give.

    The same rules as the back end, checked before the resident pays: status, arrears, limits.
    """
    amount = money(amount_yuan)
    if account.status == "lost":
        raise AccountLost(f"account {account.customer_no}: card reported lost", service=SERVICE, code="ACCOUNT_LOST")
    if account.status != "normal":
        raise AccountClosed(f"account {account.customer_no}: {account.status}", service=SERVICE, code="ACCOUNT_CLOSED")
    if account.arrears_yuan > 0:
        raise ArrearsDue(f"account {account.customer_no}: arrears ￥{account.arrears_yuan}", service=SERVICE,
                         code="ARREARS")
    if amount < account.min_topup_yuan:
        raise AmountTooSmall(f"￥{amount} < ￥{account.min_topup_yuan}", service=SERVICE, code="AMOUNT_TOO_SMALL")
    if amount > account.max_topup_yuan:
        raise LimitExceeded(f"￥{amount} > ￥{account.max_topup_yuan}", service=SERVICE, code="LIMIT_EXCEEDED")
    q = quote(account, amount)
    remaining = account.remaining_year_m3
    if remaining is not None and q.volume_m3 > remaining:
        raise YearLimitExceeded(f"{q.volume_m3} m³ > {remaining} m³ left this year", service=SERVICE,
                                code="YEAR_LIMIT_EXCEEDED")
    return q


# ---------------------------------------------------------------------------- the service


def parse_account(doc, card_number: str) -> GasAccount:
    """Billing's account answer (docs/services.md) for ``card_number``; ServiceBadResponse if unusable."""
    _check_card(doc, card_number, "gas account")
    account = wire.build(_ACCOUNT, doc, service=SERVICE, what="gas account")
    if not account.tiers or account.tiers[-1].upto_m3 is not None or any(
            a.upto_m3 >= b.upto_m3 for a, b in zip(account.tiers, account.tiers[1:]) if b.upto_m3 is not None):
        raise ServiceBadResponse("gas account: tiers must ascend and end with no upper limit", service=SERVICE)
    if any(t.price <= 0 for t in account.tiers):
        raise ServiceBadResponse("gas account: a tier price is not positive", service=SERVICE)
    return account


def parse_purchase(doc, card_number: str) -> Purchase:
    """Billing's purchase answer for ``card_number``; ServiceBadResponse if unusable."""
    _check_card(doc, card_number, "gas purchase")
    purchase = wire.build(_PURCHASE, doc, service=SERVICE, what="gas purchase")
    if purchase.volume_units != int(purchase.volume_m3 * 100) or purchase.volume_units <= 0:
        raise ServiceBadResponse("gas purchase: volume_units does not match volume_m3", service=SERVICE)
    if not 1 <= purchase.purchase_count <= 0xFFFF:
        raise ServiceBadResponse("gas purchase: purchase_count does not fit the card", service=SERVICE)
    return purchase


def _check_card(doc, card_number: str, what: str) -> None:
    if not isinstance(doc, dict):
        raise ServiceBadResponse(f"{what}: the answer is not a JSON object", service=SERVICE)
    got = doc.get("card_number")
    if not isinstance(got, str):
        raise ServiceBadResponse(f"{what}: card_number is missing", service=SERVICE)
    if got != card_number:
        # Never show one household another's account or write another's purchase to a card.
        raise ServiceBadResponse(f"{what}: the answer is for {mask_card_number(got)}, not "
                                 f"{mask_card_number(card_number)}", service=SERVICE)


class GasBillingService(abc.ABC):
    """The gas utility's billing system."""

    @abc.abstractmethod
    def account(self, card_number: str) -> GasAccount:
        """The account of the card; AccountNotFound if billing has none."""

    @abc.abstractmethod
    def create_purchase(self, card_number: str, order_no: str, amount_yuan, idempotency_key: str) -> Purchase:
        """A purchase for the paid ``order_no`` (status awaiting_write); the same key or order → the same purchase."""

    @abc.abstractmethod
    def confirm_purchase(self, purchase_id: str, card_number: str, purchase_count: int) -> Purchase:
        """The purchase is on the card (its count read back): status confirmed. Repeating it is harmless."""

    @abc.abstractmethod
    def pending_purchase(self, card_number: str) -> Purchase | None:
        """The paid purchase still awaiting a write to the card, if any."""

    def abort(self) -> None:
        """Make a call in flight on another thread end now with ServiceCancelled."""

    def close(self) -> None:
        """Release what the service holds (aborting a call in flight)."""


class HttpGasBillingService(GasBillingService):
    """Billing over HTTP (docs/services.md): ``{base_url}/v1/accounts/lookup``, ``/v1/purchases…``."""

    def __init__(self, base_url: str, *, timeout_s: float, terminal_id: str, retries: int = 1):
        self.client = RefusingJsonClient(base_url, codes=REFUSALS, service=SERVICE, timeout_s=timeout_s,
                                         retries=retries, logger=log)
        self.terminal_id = terminal_id

    def account(self, card_number: str) -> GasAccount:
        card = mask_card_number(card_number)
        try:
            # POST, not GET: the card number stays out of URLs (access logs).
            doc = self.client.post("/v1/accounts/lookup", {"card_number": card_number,
                                                           "terminal_id": self.terminal_id}, idempotent=True)
            account = parse_account(doc, card_number)
        except ServiceError as exc:
            log.warning("gas account of card %s: %s: %s", card, type(exc).__name__, _safe(exc, card_number))
            raise
        log.info("gas account %s of card %s: %s %s, count %d, %s m³ this year, arrears ￥%s", account.customer_no,
                 card, account.kind, account.status, account.purchase_count, account.volume_this_year_m3,
                 account.arrears_yuan)
        return account

    def create_purchase(self, card_number: str, order_no: str, amount_yuan, idempotency_key: str) -> Purchase:
        card = mask_card_number(card_number)
        amount = money(amount_yuan)
        body = {"idempotency_key": idempotency_key, "card_number": card_number, "order_no": order_no,
                "amount_yuan": str(amount), "channel": "kiosk", "terminal_id": self.terminal_id}
        try:
            doc = self.client.post("/v1/purchases", body, idempotent=True)
            purchase = parse_purchase(doc, card_number)
        except ServiceError as exc:
            log.warning("gas purchase for order %s, card %s: %s: %s", order_no, card, type(exc).__name__,
                        _safe(exc, card_number))
            raise
        if purchase.order_no != order_no or purchase.amount_yuan != amount:
            raise ServiceBadResponse(f"gas purchase {purchase.purchase_id}: answer is for order {purchase.order_no} "
                                     f"￥{purchase.amount_yuan}, not {order_no} ￥{amount}", service=SERVICE)
        log.info("gas purchase %s for order %s, card %s: ￥%s = %s m³, count %d, %s", purchase.purchase_id,
                 order_no, card, amount, purchase.volume_m3, purchase.purchase_count, purchase.status)
        return purchase

    def confirm_purchase(self, purchase_id: str, card_number: str, purchase_count: int) -> Purchase:
        card = mask_card_number(card_number)
        body = {"card_number": card_number, "purchase_count": int(purchase_count), "terminal_id": self.terminal_id}
        try:
            doc = self.client.post(f"/v1/purchases/{purchase_id}/confirm", body, idempotent=True)
            purchase = parse_purchase(doc, card_number)
        except ServiceError as exc:
            log.warning("confirming gas purchase %s, card %s: %s: %s", purchase_id, card, type(exc).__name__,
                        _safe(exc, card_number))
            raise
        if purchase.purchase_id != purchase_id or not purchase.confirmed:
            raise ServiceBadResponse(f"confirming gas purchase {purchase_id}: answer is {purchase.purchase_id} "
                                     f"{purchase.status}", service=SERVICE)
        log.info("gas purchase %s confirmed, card %s at count %d", purchase_id, card, purchase.purchase_count)
        return purchase

    def pending_purchase(self, card_number: str) -> Purchase | None:
        card = mask_card_number(card_number)
        try:
            doc = self.client.post("/v1/purchases/pending", {"card_number": card_number,
                                                             "terminal_id": self.terminal_id}, idempotent=True)
            if not isinstance(doc, dict) or "purchase" not in doc:
                raise ServiceBadResponse("pending gas purchase: the answer has no 'purchase'", service=SERVICE)
            purchase = None if doc["purchase"] is None else parse_purchase(doc["purchase"], card_number)
        except ServiceError as exc:
            log.warning("pending gas purchase of card %s: %s: %s", card, type(exc).__name__, _safe(exc, card_number))
            raise
        if purchase is not None and purchase.confirmed:
            raise ServiceBadResponse(f"pending gas purchase: {purchase.purchase_id} is already confirmed",
                                     service=SERVICE)
        log.info("pending gas purchase of card %s: %s", card,
                 "none" if purchase is None else f"{purchase.purchase_id} count {purchase.purchase_count}")
        return purchase

    def abort(self) -> None:
        self.client.abort()

    def close(self) -> None:
        self.client.close()


def _safe(exc: Exception, card_number: str) -> str:
    """An error's text for the log, with the card number masked should a back end have echoed it."""
    return str(exc).replace(card_number, mask_card_number(card_number))


__all__ = ["GasBillingService", "HttpGasBillingService", "GasAccount", "Tier", "TierPart", "PastPurchase", "Quote",
           "Purchase", "quote", "cost_of", "max_amount", "check_amount", "money", "parse_account", "parse_purchase",
           "REFUSALS", "GasBillingRefused", "AccountNotFound", "AccountLost", "AccountClosed", "ArrearsDue",
           "AmountTooSmall", "LimitExceeded", "YearLimitExceeded", "PurchasePending", "OrderNotPaid",
           "AmountMismatch", "OrderUsed", "PurchaseNotFound", "CountMismatch", "mask_card_number"]
