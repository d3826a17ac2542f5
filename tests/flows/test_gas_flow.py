"""The gas top-up flow as a plain state machine: the journal always comes before the side effect."""

from datetime import datetime
from decimal import Decimal
from types import SimpleNamespace

from drivers.gascard.card import GasCard, decode, encode
from kiosk.flows import base as fb
from kiosk.flows.gas_topup import GasTopupFlow
from kiosk.services.gas_billing import GasAccount, Purchase, Tier, max_amount, quote
from kiosk.services.payment import Order

D = Decimal
CARD = decode(encode(GasCard(tag=b"GAS1", area_code="421200", card_number="4212000000010002", card_type=1, status=1,
                             purchase_count=7, volume=0, meter_flag=1, meter_remaining=4250, meter_cumulative=183400,
                             meter_status=0, reissue_count=0)))


def account(**kw):
    base = dict(customer_no="XN0001", card_number=CARD.card_number, name="王建国", address="咸安区金桂路88号",
                meter_number="M-001", kind="household", status="normal", purchase_count=7,
                tiers=(Tier(D(360), D("2.53")), Tier(D(600), D("3.04")), Tier(None, D("3.80"))),
                volume_this_year_m3=D("100"), min_topup_yuan=D(20), max_topup_yuan=D(1000), max_year_m3=None,
                arrears_yuan=D(0))
    base.update(kw)
    return GasAccount(**base)


def order(status="created"):
    return Order(order_no="PO1", amount_yuan=D(100), qr_payload="https://pay.sim.local/qr/PO1", status=status,
                 created_at=datetime(2026, 11, 28), transaction_no="T1" if status == "paid" else None)


def purchase(count=8):
    q = quote(account(), D(100))
    return Purchase(purchase_id="GP1", card_number=CARD.card_number, order_no="PO1", amount_yuan=D(100),
                    volume_m3=q.volume_m3, volume_units=q.volume_units, purchase_count=count, breakdown=q.breakdown,
                    status="awaiting_write")


def make():
    return GasTopupFlow(terminal_id="T", now=lambda: datetime(2026, 11, 28), audit_key=b"k" * 16, quote=quote,
                        max_amount=max_amount, receipt_builder=lambda f: "RECEIPT")


def names(effects):
    return [type(e).__name__ for e in effects]


def to_account(flow, card=CARD, acct=None, pending=None):
    flow.start()
    flow.handle(fb.GasCardInserted())
    assert names(flow.handle(fb.GasCardRead(card)))[-1] == "CheckGasCard"
    flow.handle(fb.GasCardChecked(3))
    effects = flow.handle(fb.ServiceAnswered("gas_billing.account", acct or account()))
    if flow.step != "loading":
        return effects
    assert effects[-1].call == "gas_billing.pending_purchase"
    return flow.handle(fb.ServiceAnswered("gas_billing.pending_purchase", pending))


def to_pay(flow):
    to_account(flow)
    flow.handle(fb.Touched("amount", "100"))
    effects = flow.handle(fb.Touched("pay"))
    assert names(effects) == ["JournalCreate"]
    effects = flow.handle(fb.JournalRow(1, {"pay_key": "PAY-1", "bill_key": "BILL-1"}))
    assert names(effects)[-1] == "CallService" and effects[-1].args["idempotency_key"] == "PAY-1"
    return flow.handle(fb.ServiceAnswered("payment.create_order", order()))


def test_the_account_shows_presets_within_the_limits():
    flow = make()
    to_account(flow)
    assert flow.step == "account"
    assert [b.arg for b in flow.screen.buttons if b.id == "amount"] == ["50", "100", "200", "500"]
    assert flow.screen.fields["name"] == "王*国"


def test_a_normal_top_up_journals_each_state_before_its_side_effect():
    flow = make()
    effects = to_pay(flow)
    assert names(effects) == ["JournalAdvance", "PollPayment", "Audit"]
    assert effects[0].state == "awaiting_payment" and flow.step == "pay" and flow.screen.timeout_s == 120
    effects = flow.handle(fb.PaymentUpdate(order("paid")))
    assert names(effects) == ["StopPolling", "JournalAdvance", "Audit", "CallService"]
    assert effects[1].state == "paid" and effects[3].args["idempotency_key"] == "BILL-1"
    effects = flow.handle(fb.ServiceAnswered("gas_billing.create_purchase", purchase()))
    assert names(effects) == ["JournalAdvance", "WriteGasCard"]
    assert effects[0].fields["count_after"] == 8 and effects[1].purchase_count == 8
    effects = flow.handle(fb.GasCardWritten(CARD))
    assert names(effects) == ["JournalAdvance", "Audit", "CallService"] and effects[0].state == "card_written"
    effects = flow.handle(fb.ServiceAnswered("gas_billing.confirm_purchase", purchase()))
    assert names(effects) == ["JournalAdvance", "Audit", "Print"] and effects[0].state == "confirmed"
    effects = flow.handle(fb.Printed(3))
    assert names(effects) == ["JournalAdvance", "Audit", "EjectGasCard"] and effects[0].state == "receipt_printed"
    assert flow.step == "take_card"
    assert names(flow.handle(fb.GasCardRemoved()))[-1] == "Finish"


def test_gas_waiting_for_the_meter_is_refused_and_the_card_given_back():
    flow = make()
    waiting = decode(encode(GasCard(**{**CARD.__dict__, "meter_flag": 0, "volume": 5000, "check": None})))
    effects = to_account(flow, waiting)
    assert flow.step == "refused" and "燃气表" in flow.screen.error.user_message("zh")
    assert names(effects)[-1] == "EjectGasCard"


def test_a_lost_account_is_refused():
    flow = make()
    to_account(flow, acct=account(status="lost"))
    assert flow.step == "refused"


def test_an_amount_outside_the_limits_is_refused_on_the_keypad():
    flow = make()
    to_account(flow)
    flow.handle(fb.Touched("keypad"))
    for key in "5000":
        flow.handle(fb.Touched("key", key))
    flow.handle(fb.Touched("ok"))
    assert flow.step == "keypad" and flow.screen.message == "gas.amount.out_of_range"
    for _ in range(4):
        flow.handle(fb.Touched("key", "del"))
    for key in "88":
        flow.handle(fb.Touched("key", key))
    assert flow.screen.fields["quote"].volume_m3 == D("34.78")
    flow.handle(fb.Touched("ok"))
    assert flow.step == "confirm" and flow.amount == 88


def test_the_keypad_page_may_be_drawn_ahead_from_the_account_without_changing_the_flow():
    flow = make()
    to_account(flow)
    shown, entry = flow.screen, flow.entry
    assert flow.likely_touches() == [fb.Touched("keypad")]
    ahead = flow.preview(fb.Touched("keypad"))
    assert ahead.step == "keypad" and ahead.fields["entry"] == ""
    assert flow.screen is shown and flow.step == "account" and flow.entry is entry
    flow.handle(fb.Touched("keypad"))
    assert flow.screen == ahead  # the page drawn ahead is the page the touch shows
    assert flow.likely_touches() == []


def test_cancel_closes_the_order_and_nothing_is_charged():
    flow = make()
    to_pay(flow)
    effects = flow.handle(fb.Touched("cancel"))
    assert names(effects) == ["StopPolling", "CallService"] and effects[1].call == "payment.close"
    effects = flow.handle(fb.ServiceAnswered("payment.close", order("closed")))
    assert [e.state for e in effects if isinstance(e, fb.JournalAdvance)] == ["closed"]
    assert flow.step == "take_card" and names(effects)[-1] == "EjectGasCard"


def test_a_payment_that_lands_while_closing_is_honoured():
    flow = make()
    to_pay(flow)
    flow.handle(fb.TimedOut("pay"))
    effects = flow.handle(fb.ServiceAnswered("payment.close", order("paid")))
    assert [e.state for e in effects if isinstance(e, fb.JournalAdvance)] == ["paid"]
    assert flow.step == "writing"


def test_the_qr_can_be_extended_once():
    flow = make()
    to_pay(flow)
    first = flow.screen
    flow.handle(fb.Touched("extend"))
    assert flow.screen is not first and flow.screen.timeout_s == 120
    assert "extend" not in [b.id for b in flow.screen.buttons]
    assert flow.handle(fb.Touched("extend")) == []


def test_a_failed_close_leaves_it_to_recovery():
    flow = make()
    to_pay(flow)
    flow.handle(fb.TimedOut("pay"))
    effects = flow.handle(fb.ServiceFailed("payment.close", RuntimeError("down")))
    adv = [e for e in effects if isinstance(e, fb.JournalAdvance)][0]
    assert adv.state == "expired" and "recovery" in adv.fields["attention"]


def test_a_write_that_fails_leaves_the_top_up_awaiting_a_rewrite():
    flow = make()
    to_pay(flow)
    flow.handle(fb.PaymentUpdate(order("paid")))
    flow.handle(fb.ServiceAnswered("gas_billing.create_purchase", purchase()))
    effects = flow.handle(fb.GasCardWriteFailed(RuntimeError("pulled")))
    assert [e.state for e in effects if isinstance(e, fb.JournalAdvance)] == ["awaiting_rewrite"]
    assert flow.step == "write_failed" and flow.screen.message == "gas.write_failed.body"


def test_a_card_one_purchase_behind_with_a_paid_purchase_waiting_is_rewritten():
    flow = make()
    effects = to_account(flow, acct=account(purchase_count=8), pending=purchase(8))
    assert names(effects) == ["JournalFindOwed", "Audit", "WriteGasCard"] and effects[-1].repair
    flow.handle(fb.JournalRow(None))
    effects = flow.handle(fb.GasCardWritten(CARD))
    assert names(effects)[-1] == "CallService"


def test_no_way_out_while_money_or_gas_is_moving():
    flow = make()
    to_pay(flow)
    flow.handle(fb.PaymentUpdate(order("paid")))
    assert flow.handle(fb.Touched("home")) == [] and flow.step == "writing"


def test_a_locked_card_is_refused_before_any_money_moves():
    flow = make()
    flow.start()
    flow.handle(fb.GasCardInserted())
    flow.handle(fb.GasCardRead(CARD))
    effects = flow.handle(fb.GasCardChecked(0))
    assert flow.step == "refused" and "锁定" in flow.screen.error.user_message("zh")
    assert names(effects)[-1] == "EjectGasCard"


def test_a_cut_write_whose_check_byte_happens_to_match_is_still_repaired():
    """Count written (07→08) and one volume byte (00→0F): the XOR changes cancel, the check byte still fits."""
    cut = decode(encode(GasCard(**{**CARD.__dict__, "purchase_count": 8, "volume": 0x0F00, "check": None})))
    flow = make()
    effects = to_account(flow, cut, acct=account(purchase_count=8), pending=purchase(8))
    assert names(effects)[-1] == "WriteGasCard" and effects[-1].repair


def test_a_written_but_unconfirmed_top_up_is_only_confirmed():
    p = purchase(8)
    done = decode(encode(GasCard(**{**CARD.__dict__, "purchase_count": 8, "volume": p.volume_units, "meter_flag": 0,
                                    "check": None})))
    flow = make()
    effects = to_account(flow, done, acct=account(purchase_count=8), pending=p)
    assert names(effects)[-1] == "CallService" and effects[-1].call == "gas_billing.confirm_purchase"


def test_after_a_failed_write_the_message_stays_until_its_timeout_whenever_the_card_goes():
    for removal_first in (True, False):
        flow = make()
        to_pay(flow)
        flow.handle(fb.PaymentUpdate(order("paid")))
        flow.handle(fb.ServiceAnswered("gas_billing.create_purchase", purchase()))
        flow.handle(fb.GasCardWriteFailed(RuntimeError("pulled")))
        if removal_first:
            assert flow.handle(fb.GasCardRemoved()) == [] and flow.step == "write_failed"
            assert names(flow.handle(fb.TimedOut("write_failed")))[-1] == "Finish"
        else:
            flow.handle(fb.TimedOut("write_failed"))
            assert flow.step == "take_card"
            assert names(flow.handle(fb.GasCardRemoved()))[-1] == "Finish"


def test_the_last_customers_card_leaving_does_not_end_a_new_top_up():
    flow = make()
    flow.start()
    assert flow.step == "insert_card"
    assert flow.handle(fb.GasCardRemoved()) == [] and flow.step == "insert_card"
    flow.handle(fb.GasCardInserted())
    assert flow.step == "reading"


def test_a_top_up_that_cannot_be_recorded_is_audited_as_that_not_as_a_gateway_outage():
    flow = make()
    to_account(flow)
    flow.handle(fb.Touched("amount", "100"))
    assert names(flow.handle(fb.Touched("pay"))) == ["JournalCreate"]
    effects = flow.handle(fb.ServiceFailed("journal.create", OSError("disk I/O error")))
    assert names(effects) == ["Audit"]  # no row exists to close, and no order was asked for
    assert effects[0].kind == "topup_not_recorded" and flow.step == "pay_unavailable"
