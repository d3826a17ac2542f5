"""A top-up never loses money: the kiosk is killed (SIGKILL) at each state of a top-up, restarted, and the
card inserted again; then every order is paid ⇔ (gas on the card exactly once, or refunded)."""

import os
import subprocess
import sys

import pytest

from drivers.gascard.card import decode
from drivers.sim_control import ControlServer
from drivers.simulated import SimulatedHardware
from kiosk.config import load_config
from kiosk.services.gas_billing import HttpGasBillingService
from kiosk.services.sim_backend import SimBackend

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CRASH_POINTS = ["created", "awaiting_payment", "paid", "purchase", "card_written", "confirmed", "receipt_printed"]


@pytest.fixture
def outside_world(config_dir, tmp_path):
    """The devices and back ends, in this process: they outlive the kiosk process as real ones do."""
    cfg = load_config(str(config_dir))
    hw = SimulatedHardware(cfg, only=("printer", "gas_reader")).start()
    backend = SimBackend(os.path.join(str(config_dir), "sim"), state_dir=str(tmp_path / "backend")).start()
    control = ControlServer(hw).start()
    devices = config_dir / "devices.yaml"
    text = devices.read_text(encoding="utf-8")
    text = text.replace("port: sim\n  baudrate: 115200\n  options:\n    paper",
                        f"port: {hw.printer.port_url}\n  baudrate: 115200\n  options:\n    paper", 1)
    text = text.replace("driver: sam\n  port: sim", "driver: sam\n  port: sim\n  enabled: false")
    text = text.replace("port: sim\n  baudrate: 9600", f"port: {hw.gas_reader.port_url}\n  baudrate: 9600")
    devices.write_text(text, encoding="utf-8")
    kiosk = config_dir / "kiosk.yaml"
    text = kiosk.read_text(encoding="utf-8")
    for name in ("credit", "property", "gas_billing", "payment"):
        text = text.replace(f"{name}:{' ' * (12 - len(name))}{{url: sim", f"{name}: {{url: {backend.url}/{name}")
    kiosk.write_text(text, encoding="utf-8")
    yield hw, backend, control
    control.stop()
    backend.stop()
    hw.stop()


def kiosk_process(config_dir, mode, control, backend, crash_at=None):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=ROOT)
    env.pop("KIOSK_CRASH_AT", None)
    if crash_at:
        env["KIOSK_CRASH_AT"] = crash_at
    return subprocess.run([sys.executable, "-m", "tests.e2e.gas_player", str(config_dir), mode, control.url,
                           backend.url], env=env, cwd=ROOT, capture_output=True, text=True, timeout=180)


def check_nothing_lost(hw, backend, count_at_start, seeded_orders):
    card = decode(hw.gas_reader.card_memory("ready")[0x20:0x50])
    assert card.check_ok, "the card was left torn"
    orders = {o["order_no"]: o for o in backend.orders() if o["order_no"] not in seeded_orders}
    purchases = [p for p in backend.purchases() if p["order_no"] not in seeded_orders]
    by_order = {}
    for p in purchases:
        by_order.setdefault(p["order_no"], []).append(p)
    assert all(len(ps) == 1 for ps in by_order.values()), "an order was billed twice"
    written = 0
    for order_no, order in orders.items():
        ps = by_order.get(order_no, [])
        if order["status"] == "paid":
            assert len(ps) == 1 and ps[0]["status"] == "confirmed", f"{order_no} paid but its gas is not on the card"
            written += 1
        elif order["status"] == "refunded":
            assert not ps or ps[0]["status"] != "confirmed", f"{order_no} refunded and its gas written"
        else:
            assert not ps, f"{order_no} not paid but billed"
    assert card.purchase_count == count_at_start + written, "gas written more or fewer times than paid"
    billing = HttpGasBillingService(f"{backend.url}/gas_billing", timeout_s=5, terminal_id="TEST")
    assert billing.account(card.card_number).purchase_count == card.purchase_count, "card and billing disagree"
    assert billing.pending_purchase(card.card_number) is None, "a paid purchase is still waiting for the card"


@pytest.mark.parametrize("crash_at", CRASH_POINTS)
def test_a_crash_at_any_state_loses_no_money(config_dir, outside_world, crash_at):
    hw, backend, control = outside_world
    start = decode(hw.gas_reader.card_memory("ready")[0x20:0x50]).purchase_count
    seeded = {o["order_no"] for o in backend.orders()} | {p["order_no"] for p in backend.purchases()}
    first = kiosk_process(config_dir, "topup", control, backend, crash_at)
    assert first.returncode == -9, f"the kiosk was not killed at {crash_at}: {first.returncode}\n{first.stderr[-2000:]}"
    second = kiosk_process(config_dir, "reinsert", control, backend)
    assert second.returncode == 0, second.stderr[-3000:]
    check_nothing_lost(hw, backend, start, seeded)
    pending = subprocess.run([sys.executable, "-m", "kiosk", "journal", "--config", str(config_dir), "--pending"],
                                    env=dict(os.environ, PYTHONPATH=ROOT), cwd=ROOT, capture_output=True, text=True)
    assert "no pending top-ups" in pending.stdout, pending.stdout
