"""The payment gateway over real HTTP: orders, the phone's pay action, close and refund, persistence, faults."""

import http.client
import json
import logging
import os
import re
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from kiosk.config.loader import load_config
from kiosk.services import open_services, sim_records_dir
from kiosk.services.errors import ServiceBadResponse, ServiceCancelled, ServiceTimeout, ServiceUnavailable
from kiosk.services.gas_billing import HttpGasBillingService
from kiosk.services.payment import HttpPaymentGateway, KeyReused, OrderNotFound, RefundRefused, parse_order
from kiosk.services.sim_backend import SERVICES, SimBackend, SimRefusal
from kiosk.services.sim_gas_payment import STATE_FILE

from conftest import NORMAL_TIMEOUT, SHORT_TIMEOUT
from gas_payment_helpers import READY, TERMINAL, TORN, in_thread, new_key, paid_order

D = Decimal
CST = timezone(timedelta(hours=8))


def control(sim, method, path, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", sim.port, timeout=5)
    try:
        conn.request(method, path, body=None if body is None else json.dumps(body).encode(),
                     headers={"Content-Type": "application/json"})
        resp = conn.getresponse()
        return resp.status, json.loads(resp.read())
    finally:
        conn.close()


# ---------------------------------------------------------------------------- orders


def test_an_order_has_a_qr_payload_and_waits_for_payment(gateway):
    order = gateway.create_order(D("100"), "燃气充值 4212********0002", new_key())
    assert order.status == "created" and order.amount_yuan == D("100.00")
    assert order.qr_payload == f"https://pay.sim.local/qr/{order.order_no}"
    assert order.paid_at is None and order.transaction_no is None and order.created_at.tzinfo is not None
    assert gateway.query(order.order_no) == order


def test_order_numbers_count_up_per_day():
    moment = datetime(2026, 11, 28, 10, 15, tzinfo=CST)
    with SimBackend(clock=lambda: moment) as sim:
        gw = HttpPaymentGateway(sim.service_url("payment"), timeout_s=NORMAL_TIMEOUT, terminal_id=TERMINAL)
        numbers = [gw.create_order(D("50"), "燃气充值", new_key()).order_no for _ in range(3)]
    assert numbers == ["PAY20261128000001", "PAY20261128000002", "PAY20261128000003"]


def test_the_same_key_twice_makes_one_order(backend, gateway):
    key = new_key()
    first = gateway.create_order(D("100"), "燃气充值", key)
    assert gateway.create_order(D("100"), "燃气充值", key) == first
    assert gateway.create_order(D("100"), "燃气充值", new_key()).order_no != first.order_no
    assert len(backend.orders()) == 1 + 2   # the deck's paid order of the torn card, and these two
    with pytest.raises(KeyReused):
        gateway.create_order(D("200"), "燃气充值", key)


def test_a_503_on_create_order_is_retried_into_one_order(backend, gateway):
    backend.set_fault("payment", "fail", status=503, count=1)
    order = gateway.create_order(D("100"), "燃气充值", new_key())
    assert backend.requests_seen("payment") == 2
    assert [o["order_no"] for o in backend.orders()][1:] == [order.order_no]


def test_amounts_the_gateway_refuses_before_any_call(gateway):
    for bad in ("0", "-5", "1.001"):
        with pytest.raises(ValueError):
            gateway.create_order(bad, "燃气充值", new_key())
    for bad in ("../x", "PAY 1", ""):
        with pytest.raises(ValueError):
            gateway.query(bad)


def test_an_unknown_order_is_not_found(gateway):
    with pytest.raises(OrderNotFound) as info:
        gateway.query("PAY20990101000001")
    assert info.value.user_message("zh") and info.value.status == 404


# ---------------------------------------------------------------------------- the phone, close, refund


def test_paying_marks_the_order_paid_with_a_transaction_number(backend, gateway):
    order = gateway.create_order(D("100"), "燃气充值", new_key())
    backend.pay(order.order_no)
    paid = gateway.query(order.order_no)
    assert paid.status == "paid" and paid.paid and paid.paid_at is not None
    assert re.fullmatch(r"4200\d{24}", paid.transaction_no)
    assert backend.pay(order.order_no)["transaction_no"] == paid.transaction_no   # paying again changes nothing


def test_the_phone_cannot_pay_an_unknown_or_closed_order(backend, gateway):
    with pytest.raises(SimRefusal):
        backend.pay("PAY20990101000001")
    order = gateway.create_order(D("100"), "燃气充值", new_key())
    assert gateway.close(order.order_no).status == "closed"
    with pytest.raises(SimRefusal, match="closed"):
        backend.pay(order.order_no)
    assert gateway.query(order.order_no).status == "closed"


def test_closing_a_paid_order_leaves_it_paid(backend, gateway):
    order_no = paid_order(backend, gateway, 100)
    closed = gateway.close(order_no)
    assert closed.status == "paid" and closed.closed_at is None


def test_closing_twice_is_harmless(gateway):
    order = gateway.create_order(D("100"), "燃气充值", new_key())
    first = gateway.close(order.order_no)
    assert gateway.close(order.order_no) == first and first.final


def test_a_refund_with_the_same_key_twice_refunds_once(backend, gateway):
    order_no = paid_order(backend, gateway, 100)
    key = new_key("refund")
    first = gateway.refund(order_no, D("100"), key)
    assert first.status == "refunded" and first.refund_no and first.refunded_at is not None
    assert gateway.refund(order_no, D("100"), key) == first
    assert gateway.refund(order_no, D("100"), new_key("refund")).refund_no == first.refund_no
    assert [o["refund_no"] for o in backend.orders() if o["refund_no"]] == [first.refund_no]


def test_only_a_paid_order_is_refunded_and_only_in_full(backend, gateway):
    unpaid = gateway.create_order(D("100"), "燃气充值", new_key())
    with pytest.raises(RefundRefused):
        gateway.refund(unpaid.order_no, D("100"), new_key())
    order_no = paid_order(backend, gateway, 100)
    with pytest.raises(RefundRefused):
        gateway.refund(order_no, D("50"), new_key())
    with pytest.raises(OrderNotFound):
        gateway.refund("PAY20990101000001", D("100"), new_key())
    assert gateway.query(order_no).status == "paid"


def test_the_phone_over_http(backend, gateway):
    order = gateway.create_order(D("88"), "燃气充值", new_key())
    status, doc = control(backend, "POST", "/_control/pay", {"order_no": order.order_no})
    assert status == 200 and doc["status"] == "paid"
    assert control(backend, "POST", "/_control/pay", {"order_no": "PAY20990101000001"})[0] == 404
    closed = gateway.create_order(D("88"), "燃气充值", new_key())
    gateway.close(closed.order_no)
    assert control(backend, "POST", "/_control/pay", {"order_no": closed.order_no})[0] == 409
    newest = gateway.create_order(D("66"), "燃气充值", new_key())
    status, doc = control(backend, "POST", "/_control/pay", {})   # no number: the newest unpaid order
    assert status == 200 and doc["order_no"] == newest.order_no
    assert control(backend, "POST", "/_control/pay", {"order_no": 5})[0] == 400
    assert len(control(backend, "GET", "/_control/orders")[1]["orders"]) == 4
    assert len(control(backend, "GET", "/_control/purchases")[1]["purchases"]) == 1


def test_control_can_pay_while_the_gateway_is_down(backend, gateway):
    order = gateway.create_order(D("50"), "燃气充值", new_key())
    backend.set_fault("payment", "down")
    assert control(backend, "POST", "/_control/pay", {"order_no": order.order_no})[1]["status"] == "paid"
    backend.clear_faults()
    assert gateway.query(order.order_no).status == "paid"


def test_the_deck_order_of_the_torn_card_is_paid(backend, gateway, billing):
    pending = billing.pending_purchase(TORN)
    order = gateway.query(pending.order_no)
    assert order.status == "paid" and order.amount_yuan == pending.amount_yuan


# ---------------------------------------------------------------------------- persistence


def test_orders_purchases_and_keys_survive_a_restart(tmp_path):
    state = tmp_path / "state"
    with SimBackend(state_dir=str(state)) as sim:
        gw = HttpPaymentGateway(sim.service_url("payment"), timeout_s=NORMAL_TIMEOUT, terminal_id=TERMINAL)
        bill = HttpGasBillingService(sim.service_url("gas_billing"), timeout_s=NORMAL_TIMEOUT, terminal_id=TERMINAL)
        waiting = gw.create_order(D("60"), "燃气充值", "order-waiting")
        order_no = paid_order(sim, gw, 100)
        purchase = bill.create_purchase(READY, order_no, D("100"), "purchase-1")
        refunded = paid_order(sim, gw, 30)
        gw.refund(refunded, D("30"), "refund-1")
        before = (sim.orders(), sim.purchases(), sim.gas_account(READY))
    assert os.listdir(state) == [STATE_FILE]   # no temp file left behind
    with SimBackend(state_dir=str(state)) as sim:
        gw = HttpPaymentGateway(sim.service_url("payment"), timeout_s=NORMAL_TIMEOUT, terminal_id=TERMINAL)
        bill = HttpGasBillingService(sim.service_url("gas_billing"), timeout_s=NORMAL_TIMEOUT, terminal_id=TERMINAL)
        assert (sim.orders(), sim.purchases(), sim.gas_account(READY)) == before
        assert gw.create_order(D("60"), "燃气充值", "order-waiting") == waiting          # same key, same order
        assert bill.create_purchase(READY, order_no, D("100"), "purchase-1") == purchase
        assert gw.refund(refunded, D("30"), "refund-1").status == "refunded"
        sim.pay(waiting.order_no)                                                      # paid after the restart
        new = gw.create_order(D("70"), "燃气充值", "order-new")
        assert new.order_no not in {o["order_no"] for o in before[0]}
        assert bill.pending_purchase(READY).purchase_count == 8
    with SimBackend(state_dir=str(state)) as sim:
        assert {o["order_no"]: o["status"] for o in sim.orders()}[waiting.order_no] == "paid"


def test_the_state_file_is_whole_after_every_change(tmp_path):
    with SimBackend(state_dir=str(tmp_path)) as sim:
        gw = HttpPaymentGateway(sim.service_url("payment"), timeout_s=NORMAL_TIMEOUT, terminal_id=TERMINAL)
        path = tmp_path / STATE_FILE
        for step in range(3):
            order = gw.create_order(D("20") + step, "燃气充值", new_key())
            on_disk = json.loads(path.read_text(encoding="utf-8"))
            assert on_disk["orders"][order.order_no]["status"] == "created"
            sim.pay(order.order_no)
            assert json.loads(path.read_text(encoding="utf-8"))["orders"][order.order_no]["status"] == "paid"


def test_without_a_state_dir_a_restart_starts_from_the_seed(gateway, backend):
    gateway.create_order(D("100"), "燃气充值", new_key())
    with SimBackend() as fresh:
        assert len(fresh.orders()) == 1 and fresh.gas_account(READY)["purchase_count"] == 7


def test_a_missing_accounts_file_means_no_accounts(tmp_path):
    import shutil
    from kiosk.services.sim_backend import default_records_dir
    for name in ("credit_records.yaml", "property_records.yaml"):
        shutil.copy(f"{default_records_dir()}/{name}", tmp_path / name)
    with SimBackend(records_dir=str(tmp_path)) as sim:
        assert sim.orders() == [] and sim.purchases() == []
        with pytest.raises(SimRefusal):
            sim.gas_account(READY)


def test_seed_data_that_does_not_add_up_is_refused(tmp_path):
    import shutil
    from kiosk.services.sim_backend import default_records_dir
    for name in ("credit_records.yaml", "property_records.yaml", "gas_accounts.yaml"):
        shutil.copy(f"{default_records_dir()}/{name}", tmp_path / name)
    path = tmp_path / "gas_accounts.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('amount_yuan: "75.90"', 'amount_yuan: "76.00"'),
                    encoding="utf-8")
    with pytest.raises(ValueError, match="buys"):
        SimBackend(records_dir=str(tmp_path))


# ---------------------------------------------------------------------------- faults, wiring, privacy


@pytest.mark.parametrize("mode,error", [("slow", ServiceTimeout), ("fail", ServiceUnavailable),
                                        ("down", ServiceUnavailable), ("garbage", ServiceBadResponse),
                                        ("wrong_schema", ServiceBadResponse)])
def test_faults_become_typed_errors_within_the_timeout(backend, mode, error):
    backend.set_fault("payment", mode, delay_s=5)
    gw = HttpPaymentGateway(backend.service_url("payment"), timeout_s=SHORT_TIMEOUT, terminal_id=TERMINAL)
    with pytest.raises(error) as info:
        gw.query("PAY20261127000318")
    assert "支付" in info.value.user_message("zh") and "payment" in info.value.user_message("en")


def test_fault_control_covers_the_new_services(backend):
    assert set(backend.state()["faults"]) == set(SERVICES) >= {"gas_billing", "payment"}
    status, state = control(backend, "POST", "/_control/fault", {"service": "payment", "mode": "fail", "count": 1})
    assert status == 200 and state["faults"]["payment"]["mode"] == "fail"
    assert state["faults"]["gas_billing"]["mode"] == "ok"
    backend.set_fault("all", "down")
    assert {f["mode"] for f in backend.state()["faults"].values()} == {"down"}


def test_abort_ends_a_slow_poll_at_once(backend):
    backend.set_fault("payment", "slow", delay_s=30)
    gw = HttpPaymentGateway(backend.service_url("payment"), timeout_s=20, terminal_id=TERMINAL)
    thread, out = in_thread(lambda: gw.query("PAY20261127000318"))
    assert backend.wait_for_requests("payment", 1, timeout=5)
    gw.abort()
    thread.join(timeout=5)
    assert isinstance(out.get("error"), ServiceCancelled)


def test_an_answer_for_another_order_is_refused(canned):
    with SimBackend() as sim:
        doc = sim.orders()[0]
    canned.answer = (200, "application/json", json.dumps(doc).encode())
    gw = HttpPaymentGateway(canned.url, timeout_s=NORMAL_TIMEOUT, terminal_id=TERMINAL)
    with pytest.raises(ServiceBadResponse, match="not PAY20990101000001"):
        gw.query("PAY20990101000001")
    assert gw.query(doc["order_no"]) == parse_order(doc)


def test_a_paid_order_without_a_transaction_number_is_a_bad_answer():
    doc = {"order_no": "PAY20261128000001", "amount_yuan": "10.00", "qr_payload": "https://pay.sim.local/qr/x",
           "status": "paid", "created_at": "2026-11-28T10:00:00+08:00"}
    with pytest.raises(ServiceBadResponse):
        parse_order(doc)


def test_open_services_opens_billing_and_payment(config_dir):
    cfg = load_config(str(config_dir))
    with SimBackend(records_dir=sim_records_dir(cfg)) as sim, open_services(cfg, sim.url) as services:
        assert services.gas_billing.account(READY).purchase_count == 7
        order = services.payment.create_order(D("20"), "燃气充值", new_key())
        assert services.payment.query(order.order_no).status == "created"
        assert services.payment.client.base_url == f"{sim.url}/payment"
        assert services.gas_billing.client.timeout_s == cfg.kiosk.services.gas_billing.timeout_s
        services.abort()


def test_payment_logs_carry_no_card_number(backend, gateway, caplog):
    caplog.set_level(logging.DEBUG, logger="kiosk")
    order_no = paid_order(backend, gateway, 100)
    gateway.refund(order_no, D("100"), new_key())
    assert order_no in caplog.text and READY not in caplog.text
