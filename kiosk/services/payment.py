"""The payment gateway: QR orders the resident pays with a phone, queried by polling, closed or refunded.

    order = gateway.create_order(Decimal("100.00"), "燃气充值", key)   # status 'created'; show order.qr_payload
    order = gateway.query(order.order_no)          # poll until 'paid'
    order = gateway.close(order.order_no)          # the resident gave up; a paid order stays 'paid'!
    order = gateway.refund(order.order_no, order.amount_yuan, key)    # status 'refunded'

States: created → paid → refunded, or created → closed. ``close`` of an order that was paid in the
meantime returns it 'paid': the caller then owns that payment (deliver the gas or refund it).
``create_order`` and ``refund`` are idempotent on their keys: a repeat (a retry after a timeout, a
restart) is answered with the same order and never charges or refunds twice.
"""

from __future__ import annotations

import abc
import datetime as dt
import logging
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from pydantic import TypeAdapter

from kiosk.services import wire
from kiosk.services.errors import ServiceBadResponse, ServiceError
from kiosk.services.gas_billing import money
from kiosk.services.refusals import RefusingJsonClient, ServiceRefused

log = logging.getLogger("kiosk.services.payment")

SERVICE = "payment"
#: What an order number looks like (it goes into URL paths, so nothing else is accepted).
ORDER_NO_RE = re.compile(r"^[A-Za-z0-9_\-]{6,40}$")


class PaymentRefused(ServiceRefused):
    """The gateway said no; the subclass says why."""


class OrderNotFound(PaymentRefused):
    """The gateway has no such order."""

    user_zh = "未查到该支付订单，请联系工作人员。"


class RefundRefused(PaymentRefused):
    """The order cannot be refunded (not paid, or a different amount)."""

    user_zh = "退款未能受理，请联系工作人员。"


class KeyReused(PaymentRefused):
    """An idempotency key came back with different details: a bug on the kiosk's side, never charged twice."""

    user_zh = "支付请求有误，请联系工作人员。"


REFUSALS: dict[str, type[PaymentRefused]] = {
    "ORDER_NOT_FOUND": OrderNotFound,
    "NOT_REFUNDABLE": RefundRefused,
    "REFUND_AMOUNT": RefundRefused,
    "IDEMPOTENCY_CONFLICT": KeyReused,
}


@dataclass(frozen=True)
class Order:
    """A payment order: what the QR code pays, and what became of it."""

    order_no: str
    amount_yuan: Decimal
    qr_payload: str
    status: Literal["created", "paid", "closed", "refunded"]
    created_at: dt.datetime
    paid_at: dt.datetime | None = None
    transaction_no: str | None = None     # the gateway's payment number, printed on the receipt
    description: str = ""
    closed_at: dt.datetime | None = None
    refunded_at: dt.datetime | None = None
    refund_no: str | None = None

    @property
    def paid(self) -> bool:
        """Money was taken (and not given back)."""
        return self.status == "paid"

    @property
    def final(self) -> bool:
        """Nothing more will happen to it (closed or refunded)."""
        return self.status in ("closed", "refunded")


_ORDER = TypeAdapter(Order)


def parse_order(doc, order_no: str | None = None) -> Order:
    """The gateway's order answer (docs/services.md); ServiceBadResponse if unusable or another order."""
    if not isinstance(doc, dict):
        raise ServiceBadResponse("payment order: the answer is not a JSON object", service=SERVICE)
    order = wire.build(_ORDER, doc, service=SERVICE, what="payment order")
    if order_no is not None and order.order_no != order_no:
        raise ServiceBadResponse(f"payment order: the answer is for {order.order_no}, not {order_no}", service=SERVICE)
    if not ORDER_NO_RE.match(order.order_no):
        raise ServiceBadResponse("payment order: the order number is malformed", service=SERVICE)
    if order.status in ("paid", "refunded") and (order.paid_at is None or not order.transaction_no):
        raise ServiceBadResponse(f"payment order {order.order_no}: {order.status} without payment time and "
                                 "transaction number", service=SERVICE)
    return order


def _checked_order_no(order_no: str) -> str:
    if not isinstance(order_no, str) or not ORDER_NO_RE.match(order_no):
        raise ValueError(f"'{order_no}' is not an order number")
    return order_no


class PaymentGateway(abc.ABC):
    """Takes the resident's money by QR code and gives it back when asked."""

    @abc.abstractmethod
    def create_order(self, amount_yuan, description: str, idempotency_key: str) -> Order:
        """A new order (status created) with its QR payload; the same key → the same order."""

    @abc.abstractmethod
    def query(self, order_no: str) -> Order:
        """The order as it is now (poll this to learn of the payment)."""

    @abc.abstractmethod
    def close(self, order_no: str) -> Order:
        """Close an unpaid order (status closed); a paid order is returned still 'paid'."""

    @abc.abstractmethod
    def refund(self, order_no: str, amount_yuan, idempotency_key: str) -> Order:
        """Give the whole payment back (status refunded); the same key → one refund."""

    def abort(self) -> None:
        """Make a call in flight on another thread end now with ServiceCancelled."""

    def close_client(self) -> None:
        """Release what the gateway holds (aborting a call in flight)."""


class HttpPaymentGateway(PaymentGateway):
    """The gateway over HTTP (docs/services.md): ``{base_url}/v1/orders…``."""

    def __init__(self, base_url: str, *, timeout_s: float, terminal_id: str, retries: int = 1):
        self.client = RefusingJsonClient(base_url, codes=REFUSALS, service=SERVICE, timeout_s=timeout_s,
                                         retries=retries, logger=log)
        self.terminal_id = terminal_id

    def create_order(self, amount_yuan, description: str, idempotency_key: str) -> Order:
        amount = money(amount_yuan)
        if amount <= 0:
            raise ValueError("an order needs an amount above zero")
        body = {"idempotency_key": idempotency_key, "amount_yuan": str(amount), "description": description,
                "terminal_id": self.terminal_id}
        order = self._call("creating an order", "/v1/orders", body)
        if order.amount_yuan != amount:
            raise ServiceBadResponse(f"payment order {order.order_no}: ￥{order.amount_yuan} instead of ￥{amount}",
                                     service=SERVICE)
        log.info("payment order %s created: ￥%s, %s", order.order_no, order.amount_yuan, order.status)
        return order

    def query(self, order_no: str) -> Order:
        _checked_order_no(order_no)
        try:
            order = parse_order(self.client.get(f"/v1/orders/{order_no}"), order_no)
        except ServiceError as exc:
            log.warning("querying payment order %s: %s: %s", order_no, type(exc).__name__, exc)
            raise
        log.debug("payment order %s: %s", order_no, order.status)
        return order

    def close(self, order_no: str) -> Order:
        _checked_order_no(order_no)
        order = self._call(f"closing order {order_no}", f"/v1/orders/{order_no}/close",
                           {"terminal_id": self.terminal_id}, order_no)
        log.info("payment order %s closed: now %s", order_no, order.status)
        return order

    def refund(self, order_no: str, amount_yuan, idempotency_key: str) -> Order:
        _checked_order_no(order_no)
        body = {"idempotency_key": idempotency_key, "amount_yuan": str(money(amount_yuan)),
                "terminal_id": self.terminal_id}
        order = self._call(f"refunding order {order_no}", f"/v1/orders/{order_no}/refund", body, order_no)
        if order.status != "refunded":
            raise ServiceBadResponse(f"refunding order {order_no}: the answer says {order.status}", service=SERVICE)
        log.info("payment order %s refunded: ￥%s, refund %s", order_no, order.amount_yuan, order.refund_no)
        return order

    def _call(self, what: str, path: str, body: dict, order_no: str | None = None) -> Order:
        try:
            # Every POST of this API is safe to repeat: create and refund carry idempotency keys, close is a state.
            return parse_order(self.client.post(path, body, idempotent=True), order_no)
        except ServiceError as exc:
            log.warning("%s: %s: %s", what, type(exc).__name__, exc)
            raise

    def abort(self) -> None:
        self.client.abort()

    def close_client(self) -> None:
        self.client.close()


__all__ = ["PaymentGateway", "HttpPaymentGateway", "Order", "parse_order", "REFUSALS", "PaymentRefused",
           "OrderNotFound", "RefundRefused", "KeyReused", "ORDER_NO_RE"]
