"""Gas billing: tier arithmetic, limits, accounts of the card deck, purchases over real HTTP, faults, privacy."""

import logging
import shutil
from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from kiosk.services import gas_billing as gb
from kiosk.services.errors import ServiceBadResponse, ServiceError, ServiceTimeout, ServiceUnavailable
from kiosk.services.gas_billing import (AccountLost, AccountNotFound, AmountMismatch, AmountTooSmall, ArrearsDue,
                                        CountMismatch, HttpGasBillingService, LimitExceeded, OrderNotPaid, OrderUsed,
                                        PurchaseNotFound, PurchasePending, TierPart, YearLimitExceeded, check_amount,
                                        cost_of, max_amount, quote)
from kiosk.services.sim_backend import SimBackend, default_records_dir
from kiosk.services.sim_gas_payment import volume_for

from conftest import NORMAL_TIMEOUT, SHORT_TIMEOUT
from gas_payment_helpers import (ARREARS, BLANK, BUSINESS, BUSINESS_TIERS, FRESH, LOST, READY, TERMINAL, TORN,
                                 WAITING, WRONG_TAG, gas_deck, household, in_thread, new_key, paid_order, wait_until)

D = Decimal


# ---------------------------------------------------------------------------- quote: hand-computed examples


def test_quote_within_the_first_tier_rounds_the_volume_down():
    # 100 / 2.53 = 39.5256… m³
    q = quote(household("0"), D("100"))
    assert q.volume_m3 == D("39.52") and q.volume_units == 3952
    assert q.breakdown == (TierPart(1, D("39.52"), D("2.53"), D("100.00")),)


def test_quote_crossing_from_tier_one_into_tier_two():
    # 360 - 312.24 = 47.76 m³ × 2.53 = 120.8328 → ￥120.83; the other ￥79.17 / 3.04 = 26.0427… → 26.04 m³
    q = quote(household("312.24"), D("200"))
    assert q.breakdown == (TierPart(1, D("47.76"), D("2.53"), D("120.83")),
                           TierPart(2, D("26.04"), D("3.04"), D("79.17")))
    assert q.volume_m3 == D("73.80")


def test_quote_crossing_both_boundaries():
    # 10 m³ × 2.53 = 25.30; 240 m³ × 3.04 = 729.60; the other 245.10 / 3.80 = 64.50 m³
    q = quote(household("350.00"), D("1000"))
    assert q.breakdown == (TierPart(1, D("10.00"), D("2.53"), D("25.30")),
                           TierPart(2, D("240.00"), D("3.04"), D("729.60")),
                           TierPart(3, D("64.50"), D("3.80"), D("245.10")))
    assert q.volume_m3 == D("314.50")


def test_quote_that_exactly_fills_a_tier_has_no_empty_next_part():
    # 20 m³ × 2.53 = 50.60 exactly
    assert quote(household("340"), D("50.60")).breakdown == (TierPart(1, D("20.00"), D("2.53"), D("50.60")),)
    # one fen less stays in tier 1 and buys 19.99 m³ (50.59 / 2.53 = 19.996…)
    assert quote(household("340"), D("50.59")).breakdown == (TierPart(1, D("19.99"), D("2.53"), D("50.59")),)


def test_quote_fills_a_tier_at_its_cost_rounded_half_up():
    # 0.50 m³ × 2.53 = 1.265 → ￥1.27 fills tier 1; ￥1.26 buys 0.49 m³ of it (1.26 / 2.53 = 0.498…)
    assert quote(household("359.50"), D("1.27")).volume_m3 == D("0.50")
    assert quote(household("359.50"), D("1.26")).volume_m3 == D("0.49")
    # ￥2.00 fills tier 1 (1.27) and buys 0.73 / 3.04 = 0.2401… → 0.24 m³ of tier 2
    assert quote(household("359.50"), D("2.00")).breakdown == (TierPart(1, D("0.50"), D("2.53"), D("1.27")),
                                                                TierPart(2, D("0.24"), D("3.04"), D("0.73")))


def test_quote_in_the_top_tier_and_for_a_business():
    assert quote(household("700"), D("38")).breakdown == (TierPart(3, D("10.00"), D("3.80"), D("38.00")),)
    # 1000 / 3.45 = 289.855… m³
    assert quote(household("5000", tiers=BUSINESS_TIERS), D("1000")).volume_m3 == D("289.85")


def test_quote_takes_whole_fen_only():
    assert quote(household(), 100).amount_yuan == D("100.00")
    assert quote(household(), "20.5").volume_m3 == D("8.10")  # 20.50 / 2.53 = 8.102…
    for bad in ("1.005", "-1", "abc", "NaN"):
        with pytest.raises(ValueError):
            quote(household(), bad)


amounts = st.integers(min_value=1, max_value=200_000).map(lambda fen: D(fen) / 100)
bought = st.integers(min_value=0, max_value=100_000).map(lambda units: D(units) / 100)


@settings(max_examples=200, deadline=None)
@given(bought, amounts)
def test_quote_subtotals_add_up_to_the_amount_and_the_gas_is_paid_for(already, amount):
    q = quote(household(already), amount)
    assert sum(p.subtotal for p in q.breakdown) == amount
    assert q.volume_m3 == sum(p.volume_m3 for p in q.breakdown)
    assert [p.tier_index for p in q.breakdown] == sorted({p.tier_index for p in q.breakdown})
    value = sum(p.volume_m3 * p.price for p in q.breakdown)
    slack = D("0.005") * len(q.breakdown)            # each filled tier is rounded to the fen
    assert value <= amount + slack                    # never gas that was not paid for …
    assert amount - value < q.breakdown[-1].price * D("0.01") + slack   # … and never a whole 0.01 m³ kept back


@settings(max_examples=150, deadline=None)
@given(bought, amounts, st.integers(min_value=1, max_value=5000).map(lambda fen: D(fen) / 100))
def test_more_money_never_buys_less_gas(already, amount, more):
    assert quote(household(already), amount + more).volume_m3 >= quote(household(already), amount).volume_m3


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=100_000), st.integers(min_value=1, max_value=200_000))
def test_quote_agrees_with_the_billing_simulator(units, fen):
    # The simulator counts in integer fen and 0.01 m³: a second implementation of the same rule.
    volume, parts = volume_for([[36000, 253], [60000, 304], [None, 380]], units, fen)
    q = quote(household(D(units) / 100), D(fen) / 100)
    assert q.volume_units == volume
    assert [(p.tier_index, int(p.volume_m3 * 100), int(p.price * 100), int(p.subtotal * 100))
            for p in q.breakdown] == [tuple(p) for p in parts]


# ---------------------------------------------------------------------------- limits


def test_max_amount_is_the_per_top_up_limit_when_the_year_leaves_room():
    assert max_amount(household("312.24", max_year="1200")) == D("1000")


def test_max_amount_stops_at_what_is_left_of_the_year():
    # 87.76 m³ left: 47.76 × 2.53 = 120.83 + 40 × 3.04 = 121.60 → ￥242.43, whole yuan ￥242
    account = household("312.24", max_year="400")
    assert account.remaining_year_m3 == D("87.76")
    assert cost_of(account, D("87.76")) == D("242.43")
    assert max_amount(account) == D("242")
    assert quote(account, max_amount(account)).volume_m3 <= account.remaining_year_m3
    assert check_amount(account, D("242")).volume_m3 == D("87.61")
    with pytest.raises(YearLimitExceeded):
        check_amount(account, D("243"))


def test_max_amount_is_zero_when_the_year_is_used_up():
    assert max_amount(household("1195", max_year="1200")) == D("0")   # 5 m³ × 3.80 = ￥19 < ￥20


@pytest.mark.parametrize("amount,error", [("19.99", AmountTooSmall), ("1000.01", LimitExceeded)])
def test_check_amount_refuses_outside_the_per_top_up_limits(amount, error):
    with pytest.raises(error) as info:
        check_amount(household(), D(amount))
    assert info.value.user_message("zh") and info.value.user_message("en")


def test_check_amount_refuses_arrears_and_lost_or_closed_accounts():
    with pytest.raises(ArrearsDue):
        check_amount(household(arrears_yuan=D("30")), D("100"))
    with pytest.raises(AccountLost):
        check_amount(household(status="lost"), D("100"))
    with pytest.raises(gb.AccountClosed):
        check_amount(household(status="closed"), D("100"))
    assert check_amount(household(), D("20")).volume_m3 == D("7.90")


# ---------------------------------------------------------------------------- accounts of the deck


def test_every_issued_card_of_the_deck_has_an_account_with_its_count(billing, backend):
    for card_id, card in gas_deck().items():
        number = card.get("card_number")
        if number is None:
            continue
        if card.get("status") == "blank" or card.get("tag", "GAS1") != "GAS1":
            with pytest.raises(AccountNotFound):
                billing.account(number)
            continue
        account = billing.account(number)
        assert account.card_number == number
        assert account.kind == card["type"]
        expected = card["purchase_count"] + (1 if card_id == "torn" else 0)
        assert account.purchase_count == expected, card_id
        assert account.status == ("lost" if card["status"] == "lost" else "normal")
        assert [h.purchase_count for h in account.history] == list(
            range(account.purchase_count, account.purchase_count - len(account.history), -1))


def test_only_the_torn_card_has_a_purchase_awaiting_its_write(billing):
    pending = billing.pending_purchase(TORN)
    assert pending.status == "awaiting_write" and pending.purchase_count == 6
    assert pending.volume_units == 3000 and pending.amount_yuan == D("75.90")   # the torn write of the deck
    for number in (READY, FRESH, WAITING, ARREARS, BUSINESS, LOST):
        assert billing.pending_purchase(number) is None


def test_the_deck_has_arrears_a_business_and_a_lost_card(billing):
    arrears = billing.account(ARREARS)
    assert arrears.arrears_yuan == D("30.00") and arrears.arrears_reason == "补卡工本费"
    business = billing.account(BUSINESS)
    assert business.kind == "business" and business.tiers == BUSINESS_TIERS
    assert billing.account(LOST).status == "lost"
    ready = billing.account(READY)
    assert ready.tiers == (gb.Tier(D("360"), D("2.53")), gb.Tier(D("600"), D("3.04")), gb.Tier(None, D("3.80")))
    assert (ready.min_topup_yuan, ready.max_topup_yuan, ready.max_year_m3) == (D("20"), D("1000"), D("1200"))
    assert ready.utility == "咸宁市燃气有限公司" and ready.current_tier == 1


def test_an_unknown_card_is_account_not_found_with_a_message_for_the_resident(billing):
    for number in ("4212999999999999", BLANK, WRONG_TAG):
        with pytest.raises(AccountNotFound) as info:
            billing.account(number)
    assert "营业厅" in info.value.user_message("zh") and "service hall" in info.value.user_message("en")
    assert info.value.code == "ACCOUNT_NOT_FOUND" and info.value.status == 404


def test_an_account_shows_the_name_masked_and_keeps_it_out_of_repr(billing):
    account = billing.account(READY)
    assert account.masked_name == "陈*刚" and account.masked_card_number == "4212********0002"
    assert "陈志刚" not in repr(account) and READY not in repr(account) and "金桂路" not in repr(account)
    assert billing.account(BUSINESS).masked_name.startswith("咸*")


# ---------------------------------------------------------------------------- purchases


def test_a_purchase_for_a_paid_order_counts_up_and_gives_the_volume_to_write(backend, billing, gateway):
    before = billing.account(READY)
    order_no = paid_order(backend, gateway, 200)
    p = billing.create_purchase(READY, order_no, D("200"), new_key())
    assert p.status == "awaiting_write" and p.purchase_count == before.purchase_count + 1
    assert (p.volume_m3, p.volume_units, p.breakdown) == (D("73.80"), 7380, quote(before, D("200")).breakdown)
    after = billing.account(READY)
    assert after.purchase_count == 8 and after.volume_this_year_m3 == D("386.04")
    assert after.history[0].purchase_count == 8 and after.history[0].channel == "kiosk"
    assert billing.pending_purchase(READY) == p
    confirmed = billing.confirm_purchase(p.purchase_id, READY, 8)
    assert confirmed.status == "confirmed" and confirmed.confirmed_at is not None
    assert billing.pending_purchase(READY) is None


def test_the_same_key_twice_makes_one_purchase(backend, billing, gateway):
    order_no = paid_order(backend, gateway, 100)
    key = new_key()
    first = billing.create_purchase(READY, order_no, D("100"), key)
    second = billing.create_purchase(READY, order_no, D("100"), key)
    assert first == second
    assert len(backend.purchases()) == 2   # the deck's pending one and this one
    assert billing.account(READY).purchase_count == 8


def test_the_same_order_under_another_key_is_still_one_purchase(backend, billing, gateway):
    order_no = paid_order(backend, gateway, 100)
    first = billing.create_purchase(READY, order_no, D("100"), new_key())
    assert billing.create_purchase(READY, order_no, D("100"), new_key()) == first
    with pytest.raises(OrderUsed):
        billing.create_purchase(FRESH, order_no, D("100"), new_key())


def test_a_purchase_whose_answer_was_lost_is_found_again_with_its_key(backend, gateway):
    order_no = paid_order(backend, gateway, 100)
    impatient = HttpGasBillingService(backend.service_url("gas_billing"), timeout_s=SHORT_TIMEOUT,
                                      terminal_id=TERMINAL)
    backend.set_fault("gas_billing", "slow", delay_s=SHORT_TIMEOUT * 2, count=1)
    key = new_key()
    with pytest.raises(ServiceTimeout):
        impatient.create_purchase(READY, order_no, D("100"), key)
    # The back end acted after the kiosk gave up: the retry with the same key gets that purchase.
    assert wait_until(lambda: any(p["order_no"] == order_no for p in backend.purchases()))
    again = impatient.create_purchase(READY, order_no, D("100"), key)
    assert again.purchase_count == 8
    assert [p["order_no"] for p in backend.purchases()].count(order_no) == 1


def test_a_reset_connection_is_retried_without_a_second_purchase(backend, billing, gateway):
    order_no = paid_order(backend, gateway, 50)
    backend.set_fault("gas_billing", "down", count=1)
    p = billing.create_purchase(FRESH, order_no, D("50"), new_key())
    assert p.purchase_count == 1 and backend.requests_seen("gas_billing") == 2


def test_billing_refuses_an_order_that_is_not_paid(backend, billing, gateway):
    unpaid = gateway.create_order(D("100"), "燃气充值", new_key())
    with pytest.raises(OrderNotPaid):
        billing.create_purchase(READY, unpaid.order_no, D("100"), new_key())
    with pytest.raises(OrderNotPaid):
        billing.create_purchase(READY, "PAY20990101999999", D("100"), new_key())
    refunded = paid_order(backend, gateway, 100)
    gateway.refund(refunded, D("100"), new_key())
    with pytest.raises(OrderNotPaid):
        billing.create_purchase(READY, refunded, D("100"), new_key())
    assert billing.account(READY).purchase_count == 7


def test_billing_refuses_an_amount_other_than_the_payment(backend, billing, gateway):
    order_no = paid_order(backend, gateway, 100)
    with pytest.raises(AmountMismatch):
        billing.create_purchase(READY, order_no, D("1000"), new_key())


@pytest.mark.parametrize("amount,error", [("10", AmountTooSmall), ("1200", LimitExceeded)])
def test_billing_refuses_amounts_outside_the_limits(backend, billing, gateway, amount, error):
    order_no = paid_order(backend, gateway, amount)
    with pytest.raises(error):
        billing.create_purchase(READY, order_no, D(amount), new_key())
    assert billing.pending_purchase(READY) is None


def test_billing_refuses_arrears_a_lost_card_and_a_card_with_a_pending_purchase(backend, billing, gateway):
    for number, error in ((ARREARS, ArrearsDue), (LOST, AccountLost), (TORN, PurchasePending)):
        order_no = paid_order(backend, gateway, 100)
        with pytest.raises(error) as info:
            billing.create_purchase(number, order_no, D("100"), new_key())
        assert info.value.user_message("zh") and info.value.service == "gas_billing"
    assert "欠费" in ArrearsDue().user_message("zh")
    assert billing.account(ARREARS).purchase_count == 12


def test_billing_refuses_a_purchase_past_the_yearly_limit(tmp_path):
    for name in ("credit_records.yaml", "property_records.yaml", "gas_accounts.yaml"):
        shutil.copy(f"{default_records_dir()}/{name}", tmp_path / name)
    path = tmp_path / "gas_accounts.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('max_year_m3: "1200"', 'max_year_m3: "400"'),
                    encoding="utf-8")
    from kiosk.services.payment import HttpPaymentGateway
    with SimBackend(records_dir=str(tmp_path)) as sim:
        billing_ = HttpGasBillingService(sim.service_url("gas_billing"), timeout_s=NORMAL_TIMEOUT, terminal_id="T")
        gateway_ = HttpPaymentGateway(sim.service_url("payment"), timeout_s=NORMAL_TIMEOUT, terminal_id="T")
        account = billing_.account(READY)
        assert account.remaining_year_m3 == D("87.76") and max_amount(account) == D("242")
        with pytest.raises(YearLimitExceeded):
            billing_.create_purchase(READY, paid_order(sim, gateway_, 243), D("243"), new_key())
        assert billing_.create_purchase(READY, paid_order(sim, gateway_, 242), D("242"), new_key()).volume_m3 == \
            D("87.61")


def test_confirming_checks_the_count_and_repeats_harmlessly(backend, billing, gateway):
    p = billing.create_purchase(READY, paid_order(backend, gateway, 100), D("100"), new_key())
    with pytest.raises(CountMismatch):
        billing.confirm_purchase(p.purchase_id, READY, 7)
    with pytest.raises(PurchaseNotFound):
        billing.confirm_purchase(p.purchase_id, FRESH, 8)
    with pytest.raises(PurchaseNotFound):
        billing.confirm_purchase("GP20990101000001", READY, 8)
    first = billing.confirm_purchase(p.purchase_id, READY, 8)
    assert billing.confirm_purchase(p.purchase_id, READY, 8) == first


def test_a_re_write_confirms_the_pending_purchase_and_the_card_can_be_topped_up_again(backend, billing, gateway):
    pending = billing.pending_purchase(TORN)
    assert billing.account(TORN).purchase_count == pending.purchase_count == 6
    billing.confirm_purchase(pending.purchase_id, TORN, 6)
    assert billing.pending_purchase(TORN) is None
    p = billing.create_purchase(TORN, paid_order(backend, gateway, 100), D("100"), new_key())
    assert p.purchase_count == 7


# ---------------------------------------------------------------------------- faults and bad answers


@pytest.mark.parametrize("mode,error", [("slow", ServiceTimeout), ("fail", ServiceUnavailable),
                                        ("down", ServiceUnavailable), ("garbage", ServiceBadResponse),
                                        ("wrong_schema", ServiceBadResponse)])
def test_faults_become_typed_errors_within_the_timeout(backend, mode, error):
    backend.set_fault("gas_billing", mode, delay_s=5)
    client = HttpGasBillingService(backend.service_url("gas_billing"), timeout_s=SHORT_TIMEOUT, terminal_id=TERMINAL)
    with pytest.raises(error) as info:
        client.account(READY)
    assert "燃气" in info.value.user_message("zh") and "gas billing" in info.value.user_message("en")


def test_an_unreachable_billing_is_unavailable(closed_port):
    client = HttpGasBillingService(f"http://127.0.0.1:{closed_port}/gas", timeout_s=SHORT_TIMEOUT, terminal_id="T")
    with pytest.raises(ServiceUnavailable):
        client.pending_purchase(READY)


def test_an_account_of_another_card_is_refused(canned):
    import json
    with SimBackend() as sim:
        doc = sim.gas_account(FRESH)
    canned.answer = (200, "application/json", json.dumps(doc).encode())
    client = HttpGasBillingService(canned.url, timeout_s=NORMAL_TIMEOUT, terminal_id="T")
    with pytest.raises(ServiceBadResponse, match=r"4212\*{8}0001, not 4212\*{8}0002"):
        client.account(READY)


def test_a_4xx_billing_does_not_document_is_a_bad_answer(canned):
    canned.answer = (403, "application/json", b'{"error": {"code": "FORBIDDEN", "message": "no"}}')
    client = HttpGasBillingService(canned.url, timeout_s=NORMAL_TIMEOUT, terminal_id="T")
    with pytest.raises(ServiceBadResponse):
        client.account(READY)


def test_abort_ends_a_slow_call_at_once(backend):
    from kiosk.services.errors import ServiceCancelled
    backend.set_fault("gas_billing", "slow", delay_s=30)
    client = HttpGasBillingService(backend.service_url("gas_billing"), timeout_s=20, terminal_id=TERMINAL)
    thread, out = in_thread(lambda: client.account(READY))
    assert backend.wait_for_requests("gas_billing", 1, timeout=5)
    client.abort()
    thread.join(timeout=5)
    assert isinstance(out.get("error"), ServiceCancelled)
    backend.clear_faults()


# ---------------------------------------------------------------------------- privacy


@pytest.mark.parametrize("mode", ["ok", "fail", "down", "garbage", "slow"])
def test_logs_hold_masked_card_numbers_only(backend, gateway, caplog, mode):
    caplog.set_level(logging.DEBUG, logger="kiosk")
    order_no = paid_order(backend, gateway, 100)
    backend.set_fault("gas_billing", mode, delay_s=5)
    client = HttpGasBillingService(backend.service_url("gas_billing"), timeout_s=SHORT_TIMEOUT, terminal_id=TERMINAL)
    calls = (lambda: client.account(READY), lambda: client.pending_purchase(READY),
             lambda: client.create_purchase(READY, order_no, D("100"), "k-privacy"),
             lambda: client.confirm_purchase("GP20990101000001", READY, 8), lambda: client.account(LOST))
    for call in calls:
        try:
            call()
        except ServiceError:
            pass
    backend.clear_faults()
    text = "\n".join(r.getMessage() + (logging.Formatter().formatException(r.exc_info) if r.exc_info else "")
                     for r in caplog.records)
    assert "4212********0002" in text
    for secret in (READY, LOST, "陈志刚", "吴建军", "金桂路"):
        assert secret not in text
