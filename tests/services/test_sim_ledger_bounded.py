"""The simulated gas billing and payment ledger stays bounded: it is rewritten whole after every change, so a
simulator that runs on (a soak's thousands of top-ups, a demo kiosk's months) keeps only the newest settled
orders and an account's newest purchases; what is not settled is never forgotten."""

import json
import uuid
from datetime import datetime, timedelta

import pytest

from kiosk.services import sim_gas_payment
from kiosk.services.sim_backend import default_records_dir
from kiosk.services.sim_gas_payment import STATE_FILE, GasPaymentLedger

from gas_payment_helpers import FRESH, READY

KEEP = 6


@pytest.fixture
def ledger(tmp_path, monkeypatch):
    monkeypatch.setattr(sim_gas_payment, "KEEP_SETTLED_ORDERS", KEEP, raising=False)
    monkeypatch.setattr(sim_gas_payment, "KEEP_HISTORY", KEEP, raising=False)
    moment = [datetime(2026, 11, 28, 9, 0)]

    def clock():
        moment[0] += timedelta(seconds=30)
        return moment[0]

    return GasPaymentLedger(default_records_dir(), str(tmp_path), clock)


def on_disk(ledger) -> dict:
    with open(ledger.state_path, encoding="utf-8") as f:
        return json.load(f)


def order(ledger, amount="20.00", key=None) -> dict:
    return ledger.create_order({"idempotency_key": key or uuid.uuid4().hex, "amount_yuan": amount,
                                "description": "燃气充值", "terminal_id": "T"})


def top_up(ledger, card=READY) -> tuple[dict, dict, str, str]:
    """Paid, billed and written to the card (confirmed): a settled order; its order, purchase and both keys."""
    order_key, purchase_key = uuid.uuid4().hex, uuid.uuid4().hex
    o = order(ledger, key=order_key)
    ledger.pay(o["order_no"])
    p = ledger.create_purchase({"idempotency_key": purchase_key, "order_no": o["order_no"], "amount_yuan": "20.00",
                                "card_number": card})
    ledger.confirm_purchase(p["purchase_id"], {"card_number": card, "purchase_count": p["purchase_count"]})
    return o, p, order_key, purchase_key


def test_the_ledger_keeps_only_the_newest_settled_orders_with_their_purchases_and_keys(ledger):
    seeded = list(on_disk(ledger)["orders"])                # the deck's paid purchases awaiting their write
    assert 0 < len(seeded) < KEEP - 1
    done = [top_up(ledger) for _ in range(3 * KEEP)]
    newest = done[len(seeded) - KEEP:]
    state = on_disk(ledger)
    kept = seeded + [o["order_no"] for o, *_ in newest]
    assert list(state["orders"]) == kept
    assert [p["order_no"] for p in state["purchases"].values()] == kept
    assert sorted(state["keys"]["order"]) == sorted(k for *_, k, _ in newest)
    assert sorted(state["keys"]["purchase"]) == sorted(k for *_, k in newest)
    assert [o["order_no"] for o in ledger.orders()] == kept
    # a kept order's key still gives the same order; the count on the account goes on
    o, p, order_key, _ = done[-1]
    assert order(ledger, key=order_key)["order_no"] == o["order_no"]
    assert ledger.account_of(READY)["purchase_count"] == 7 + 3 * KEEP


def test_unsettled_orders_and_purchases_are_never_forgotten(ledger):
    waiting = order(ledger)                                 # shown as a QR code, not paid yet
    paid = order(ledger, amount="30.00")                    # paid, not billed: owed a purchase or a refund
    ledger.pay(paid["order_no"])
    for _ in range(3 * KEEP):
        top_up(ledger, FRESH)
    old_settled = top_up(ledger)[0]
    o = order(ledger)
    ledger.pay(o["order_no"])
    pending = ledger.create_purchase({"idempotency_key": uuid.uuid4().hex, "order_no": o["order_no"],
                                      "amount_yuan": "20.00", "card_number": READY})
    for _ in range(3 * KEEP):
        ledger.close(order(ledger)["order_no"])             # settled: closed unpaid
    state = on_disk(ledger)
    assert {waiting["order_no"], paid["order_no"], o["order_no"]} <= set(state["orders"])
    assert state["purchases"][pending["purchase_id"]]["status"] == "awaiting_write"
    assert old_settled["order_no"] not in state["orders"]
    assert len(state["orders"]) == KEEP
    assert ledger.pending_purchase({"card_number": READY})["purchase"]["purchase_id"] == pending["purchase_id"]
    assert ledger.refund(paid["order_no"], {"idempotency_key": uuid.uuid4().hex, "amount_yuan": "30.00"})[
        "status"] == "refunded"
    assert ledger.pay(waiting["order_no"])["status"] == "paid"


def test_an_accounts_history_keeps_its_newest_purchases(ledger):
    for _ in range(2 * KEEP):
        top_up(ledger)
    history = on_disk(ledger)["accounts"][READY]["history"]
    assert [h["purchase_count"] for h in history] == list(range(7 + 2 * KEEP, 7 + KEEP, -1))


def test_the_state_file_stops_growing_as_top_ups_go_on(ledger, tmp_path):
    for _ in range(2 * KEEP):
        top_up(ledger)
    size = (tmp_path / STATE_FILE).stat().st_size
    for _ in range(4 * KEEP):
        top_up(ledger)
    assert (tmp_path / STATE_FILE).stat().st_size <= size + 64   # numbers one digit longer at most
