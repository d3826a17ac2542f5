"""Helpers for the gas billing and payment tests: paid orders, accounts for the arithmetic, the gas card deck."""

import os
import threading
import time
from decimal import Decimal

import yaml

from kiosk.services.gas_billing import GasAccount, Tier
from kiosk.services.sim_backend import default_records_dir

D = Decimal
TERMINAL = "XN-ZWZX-0001"
HOUSEHOLD_TIERS = (Tier(D("360"), D("2.53")), Tier(D("600"), D("3.04")), Tier(None, D("3.80")))
BUSINESS_TIERS = (Tier(None, D("3.45")),)

#: Card numbers of the deck's cards, by id (gas_cards.yaml).
READY = "4212000000010002"
FRESH = "4212000000010001"
WAITING = "4212000000010003"
ARREARS = "4212000000010004"
BUSINESS = "4212000000020001"
LOST = "4212000000010005"
TORN = "4212000000010008"
BLANK = "4212000000090001"
WRONG_TAG = "4212000000010009"


def gas_deck() -> dict:
    """The virtual gas cards by id."""
    with open(os.path.join(default_records_dir(), "gas_cards.yaml"), encoding="utf-8") as f:
        return {c["id"]: c for c in yaml.safe_load(f)["cards"]}


def household(bought="0", *, max_year=None, tiers=HOUSEHOLD_TIERS, **kw) -> GasAccount:
    """An account as billing would send it, for the pure arithmetic."""
    base = dict(customer_no="1001873342", card_number=READY, name="陈志刚", address="咸宁市咸安区温泉街道金桂路88号",
                meter_number="422119073518", kind="household", status="normal", purchase_count=7, tiers=tiers,
                volume_this_year_m3=D(bought), min_topup_yuan=D("20"), max_topup_yuan=D("1000"),
                max_year_m3=None if max_year is None else D(max_year), arrears_yuan=D("0"))
    base.update(kw)
    return GasAccount(**base)


_keys = iter(range(1, 1_000_000))


def new_key(prefix: str = "k") -> str:
    return f"{prefix}-{next(_keys)}"


def paid_order(backend, gateway, amount) -> str:
    """An order of ``amount`` the resident has paid with the phone; its number."""
    order = gateway.create_order(D(str(amount)), "燃气充值", new_key("order"))
    backend.pay(order.order_no)
    return order.order_no


def wait_until(predicate, timeout: float = 5.0) -> bool:
    """Poll ``predicate`` until it is true or ``timeout`` seconds passed (no sleeping in tests)."""
    end = time.monotonic() + timeout
    tick = threading.Event()
    while time.monotonic() < end:
        if predicate():
            return True
        tick.wait(0.01)
    return predicate()


def in_thread(fn):
    """Run ``fn`` in a thread; the thread and a dict that gets 'result' or 'error'."""
    out = {}

    def run():
        try:
            out["result"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            out["error"] = exc

    thread = threading.Thread(target=run, name="service-call")
    thread.start()
    return thread, out
