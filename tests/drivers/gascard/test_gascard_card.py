"""The gas card layout (gas-card.md): encoding, decoding, validation, password derivation, masking."""

import pytest
from hypothesis import given, settings, strategies as st

from drivers.gascard import card as gc
from drivers.gascard.errors import (BlankCard, CardReportedLost, GasCardRefused, MeterNotVisited, NotOurCard,
                                    TornCard)
from kiosk.errors import OperationError

# Written out field by field from the table in gas-card.md; 4F is the XOR of 20–4E.
AREA = bytes.fromhex(
    "47415331"  # 20–23 GAS1
    "421200"  # 24–26 area 421200
    "4212000000010002"  # 27–2E card number
    "01" "01"  # 2F household, 30 in use
    "0007"  # 31–32 purchase count 7
    "00001388"  # 33–36 volume 50.00 m³
    "00"  # 37 meter flag: waiting for the meter
    "0000109A"  # 38–3B meter remaining 42.50 m³
    "0002CC68"  # 3C–3F cumulative 1834.00 m³
    "02" "01"  # 40 valve closed, 41 re-issued once
    + "00" * 13  # 42–4E reserved
    + "D4"  # 4F check byte
)


def sample(**kw):
    fields = dict(tag=b"GAS1", area_code="421200", card_number="4212000000010002", card_type=1, status=1,
                  purchase_count=7, volume=5000, meter_flag=0, meter_remaining=4250, meter_cumulative=183400,
                  meter_status=2, reissue_count=1)
    fields.update(kw)
    return gc.GasCard(**fields)


def test_encode_lays_out_every_field_as_the_spec_says():
    assert gc.encode(sample()) == AREA


def test_decode_reads_every_field():
    c = gc.decode(AREA)
    assert (c.tag, c.area_code, c.card_number, c.card_type, c.status) == (b"GAS1", "421200", "4212000000010002", 1, 1)
    assert (c.purchase_count, c.volume, c.meter_flag) == (7, 5000, 0)
    assert (c.meter_remaining, c.meter_cumulative, c.meter_status, c.reissue_count) == (4250, 183400, 2, 1)
    assert c.check == 0xD4 and c.check_ok and c.meter_valve_closed and not c.meter_battery_low
    assert str(c.volume_m3) == "50.00"


def test_check_byte_is_the_xor_of_20_to_4e():
    x = 0
    for b in AREA[:-1]:
        x ^= b
    assert gc.check_byte(AREA) == x == AREA[-1]


def test_password_is_the_first_three_bytes_of_the_hmac_of_the_card_number(utility_key):
    # Worked out with: printf 4212000000010002 | openssl dgst -sha256 -mac HMAC -macopt hexkey:<key>
    assert gc.derive_password(utility_key, "4212000000010002") == bytes.fromhex("CCFC67")


def test_password_needs_a_key():
    with pytest.raises(ValueError):
        gc.derive_password("", "4212000000010002")


def test_card_number_is_masked_to_first_and_last_four():
    assert gc.mask_card_number("4212000000010002") == "4212********0002"
    assert "4212000000010002" not in repr(gc.decode(AREA))
    assert gc.decode(AREA).summary()["card_number"] == "4212********0002"


def test_a_card_waiting_for_the_meter_is_refused_for_a_top_up_but_valid():
    c = gc.decode(AREA)
    assert c.valid
    with pytest.raises(MeterNotVisited) as exc:
        c.validate()
    assert "燃气表" in exc.value.user_message("zh") and "meter" in exc.value.user_message("en")


@pytest.mark.parametrize("change,error", [
    (dict(tag=b"WTR1"), NotOurCard),
    (dict(status=0), BlankCard),
    (dict(status=2), CardReportedLost),
    (dict(card_number="42120000000100AF"), NotOurCard),
])
def test_validation_refuses_with_the_right_reason(change, error):
    raw = gc.encode(sample(meter_flag=1, **{k: v for k, v in change.items() if k != "card_number"}))
    if "card_number" in change:
        raw = raw[:7] + bytes.fromhex(change["card_number"]) + raw[15:]
        x = 0
        for b in raw[:-1]:
            x ^= b
        raw = raw[:-1] + bytes([x])
    with pytest.raises(error):
        gc.decode(raw).validate()


def test_a_wrong_check_byte_on_our_card_is_a_torn_write():
    raw = bytearray(gc.encode(sample(meter_flag=1)))
    raw[0x11] ^= 0x01  # first byte of the purchase count written, the check byte not yet
    c = gc.decode(bytes(raw))
    assert c.torn and not c.valid
    with pytest.raises(TornCard) as exc:
        c.validate()
    assert exc.value.reason == "torn_write"


def test_refusals_are_operation_errors_with_words_for_the_resident():
    for cls in (NotOurCard, TornCard, BlankCard, CardReportedLost, MeterNotVisited):
        err = cls("x")
        assert isinstance(err, OperationError) and err.user_message("zh") and err.user_message("en")


@settings(max_examples=200, deadline=None)
@given(st.binary(min_size=48, max_size=48))
def test_any_48_bytes_decode_and_validate_without_crashing(raw):
    c = gc.decode(raw)
    err = c.problem()
    assert err is None or isinstance(err, GasCardRefused)
    assert isinstance(c.summary(), dict)


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 0xFFFF), st.integers(0, 0xFFFFFFFF), st.integers(0, 1), st.integers(0, 7))
def test_encode_then_decode_gives_the_card_back(count, volume, flag, status_bits):
    c = sample(purchase_count=count, volume=volume, meter_flag=flag, meter_status=status_bits)
    back = gc.decode(gc.encode(c))
    assert back == gc.GasCard(**{**c.__dict__, "check": back.check}) and back.check_ok
