"""Recovery: resolve every unfinished top-up, at start-up and on a timer, so no payment is left hanging.

For each row not settled (and not in the hands of a customer at the screen right now):

- created: the QR code was never shown; the order (if the gateway made one) is closed.
- awaiting_payment / expired: ask the gateway. Paid after the customer gave up → refund. Unpaid → close.
- refund_requested: refund (idempotent on the row's refund key).
- paid: make sure billing has the purchase (idempotent), then wait for the card: awaiting_rewrite.
- card_written: confirm the purchase with billing.
- awaiting_rewrite: nothing to do here: the next insertion of the card writes it.

A call that fails leaves the row as it is, with the reason in ``attention``, for the next run.
"""

from __future__ import annotations

import logging

from kiosk.errors import KioskError
from kiosk.gas.journal import TopupState

log = logging.getLogger("kiosk.gas.recovery")


def recover(journal, services, *, busy_topups=frozenset()) -> list[tuple[int, str]]:
    """Resolve what can be resolved now; returns (topup id, what was done) for each row touched."""
    done = []
    for row in journal.all(pending_only=True):
        if row.id in busy_topups:
            continue
        try:
            action = _recover_row(journal, services, row)
        except KioskError as exc:
            log.warning("top-up %d (%s): recovery could not finish: %s", row.id, row.state, exc)
            journal.advance(row.id, None, attention=f"recovery: {type(exc).__name__}; will try again")
            action = f"failed: {type(exc).__name__}"
        if action:
            done.append((row.id, action))
    return done


def _refund(journal, services, row, why: str) -> str:
    journal.advance(row.id, TopupState.REFUND_REQUESTED, note=why)
    services.payment.refund(row.order_no, row.amount_yuan, row.refund_key)
    journal.advance(row.id, TopupState.REFUNDED, note="refunded by recovery", attention=None)
    return "refunded"


def _recover_row(journal, services, row) -> str | None:
    state = TopupState(row.state)
    pay = services.payment
    if state == TopupState.CREATED:
        order = pay.create_order(row.amount_yuan, f"燃气充值 {row.card_masked}", row.pay_key)
        journal.advance(row.id, None, order_no=order.order_no)
        order = pay.close(order.order_no)
        if order.status == "paid":
            return _refund(journal, services, row, "paid although the QR code was never shown")
        journal.advance(row.id, TopupState.CLOSED, note="the kiosk stopped before the QR code was shown",
                        attention=None)
        return "closed"
    if state in (TopupState.AWAITING_PAYMENT, TopupState.EXPIRED):
        order = pay.query(row.order_no)
        if order.status == "created":
            order = pay.close(row.order_no)
        if order.status == "paid":
            journal.advance(row.id, None, transaction_no=order.transaction_no)
            return _refund(journal, services, row, "paid after the customer left")
        if order.status == "refunded":
            journal.advance(row.id, TopupState.REFUNDED, note="the gateway had refunded it", attention=None)
            return "refunded"
        journal.advance(row.id, TopupState.EXPIRED if state == TopupState.EXPIRED else TopupState.CLOSED,
                        note="order closed by recovery", attention=None)
        if state == TopupState.EXPIRED:
            journal.advance(row.id, TopupState.CLOSED)
        return "closed"
    if state == TopupState.REFUND_REQUESTED:
        services.payment.refund(row.order_no, row.amount_yuan, row.refund_key)
        journal.advance(row.id, TopupState.REFUNDED, note="refunded by recovery", attention=None)
        return "refunded"
    if state == TopupState.PAID:
        if row.purchase_id is None:
            p = services.gas_billing.create_purchase(row.card_number, row.order_no, row.amount_yuan, row.bill_key)
            journal.advance(row.id, None, purchase_id=p.purchase_id, count_after=p.purchase_count,
                            volume_units=p.volume_units)
        journal.advance(row.id, TopupState.AWAITING_REWRITE,
                        note="paid, the card left before the write: written at its next insertion", attention=None)
        return "awaiting_rewrite"
    if state == TopupState.CARD_WRITTEN:
        services.gas_billing.confirm_purchase(row.purchase_id, row.card_number, row.count_after)
        journal.advance(row.id, TopupState.CONFIRMED, note="confirmed by recovery", attention=None)
        return "confirmed"
    return None
