"""Top-up writes, cards pulled in the middle, torn cards recognised (also after a simulator restart), the meter."""

import pytest

from drivers.gascard import card as gc
from drivers.gascard.errors import CardCommunicationError, MeterNotVisited, TornCard
from drivers.gascard.reader import CardPosition
from kiosk.errors import KioskError


def read(reader):
    return gc.read_card(reader)


def topup(reader, card, key, **kw):
    return gc.write_topup(reader, card, purchase_count=card.purchase_count + 1, volume=3000, utility_key=key, **kw)


def test_a_top_up_writes_count_volume_and_flag_and_reads_back(sim, reader, utility_key):
    sim.insert("ready")
    before = read(reader).validate()
    after = topup(reader, before, utility_key)
    assert (after.purchase_count, after.volume, after.meter_flag) == (8, 3000, 0)
    assert after.valid and after.check_ok
    assert gc.decode(sim.card_memory("ready")[0x20:0x50]) == after


def test_the_top_up_writes_31_to_37_then_4f_last(sim, tapped_reader, utility_key):
    reader, tap = tapped_reader
    sim.insert("ready")
    card = read(reader)
    tap.written.clear()
    topup(reader, card, utility_key)
    apdus = [w[7:-2] for w in tap.written if w[5:7] == b"\x53\x30"]
    assert [a[:5].hex().upper() for a in apdus] == ["FF20000003", "FFD0003107", "FFD0004F01", "FFB0002030"]
    assert apdus[0][5:] == bytes.fromhex("CCFC67")
    assert apdus[1][5:] == bytes.fromhex("0008" "00000BB8" "00")


def test_a_card_waiting_for_the_meter_is_not_topped_up(sim, reader, utility_key):
    sim.insert("waiting")
    card = read(reader)
    with pytest.raises(MeterNotVisited):
        topup(reader, card, utility_key)
    assert sim.commands_seen and gc.decode(sim.card_memory("waiting")[0x20:0x50]).purchase_count == 3


# after 1 byte nothing has changed yet (the count's high byte stays 00): the card is whole, not torn.
@pytest.mark.parametrize("after_bytes", [2, 4, 6, 7])
def test_a_card_pulled_during_the_write_is_reported_and_torn_at_the_next_insertion(sim, reader, utility_key,
                                                                                    after_bytes):
    sim.insert("ready")
    card = read(reader)
    sim.pull_card_during_next("write", after_bytes=after_bytes)
    with pytest.raises(CardCommunicationError) as exc:
        topup(reader, card, utility_key)
    assert "拔卡" in exc.value.user_message("zh")
    assert reader.status().position == CardPosition.NONE
    sim.insert("ready")
    again = read(reader)
    assert again.torn
    with pytest.raises(TornCard):
        again.validate()


def test_a_card_pulled_between_the_data_and_the_check_byte_is_torn(sim, reader, utility_key):
    sim.insert("ready")
    card = read(reader)
    sim.pull_card_during_next("write", after_bytes=0, skip=1)  # the second write: 4F
    with pytest.raises(CardCommunicationError):
        topup(reader, card, utility_key)
    sim.insert("ready")
    again = read(reader)
    assert again.torn and again.purchase_count == 8  # the data is there, the check byte is not


def test_a_card_pulled_during_the_read_back_is_a_failure_though_the_card_is_whole(sim, reader, utility_key):
    sim.insert("ready")
    card = read(reader)
    sim.pull_card_during_next("read", after_bytes=10)
    with pytest.raises(CardCommunicationError):
        topup(reader, card, utility_key)
    sim.insert("ready")
    again = read(reader)
    assert again.valid and again.purchase_count == 8


def test_a_card_pulled_during_a_read_is_reported(sim, reader):
    sim.insert("ready")
    reader.power_on()
    sim.pull_card_during_next("read", after_bytes=5)
    with pytest.raises(CardCommunicationError):
        reader.read_memory(0x20, 0x30)


def test_a_hand_pulling_the_card_during_a_slow_write_is_reported(make_sim, make_reader, utility_key):
    import threading
    sim = make_sim(byte_write_time=0.02)
    reader = make_reader(sim)
    sim.insert("ready")
    card = read(reader)
    # The hand pulls as soon as the first byte of the top-up is in the card.
    first = sim.card_memory("ready")[0x31]

    def pull_when_writing():
        end = threading.Event()
        while not end.wait(0.002):
            if sim.card_memory("ready")[0x31:0x33] != bytes([first, 7]) or sim.card_in_reader is None:
                sim.remove()
                return

    hand = threading.Thread(target=pull_when_writing)
    hand.start()
    try:
        with pytest.raises(CardCommunicationError):
            topup(reader, card, utility_key)
    finally:
        sim.remove()
        hand.join(2)
    sim.insert("ready")
    assert read(reader).torn


def test_a_torn_card_is_still_torn_after_a_simulator_restart(make_sim, make_reader, tmp_path, utility_key):
    state = tmp_path / "persist"
    sim = make_sim(state_dir=state)
    reader = make_reader(sim)
    sim.insert("ready")
    card = read(reader)
    sim.pull_card_during_next("write", after_bytes=2)
    with pytest.raises(CardCommunicationError):
        topup(reader, card, utility_key)
    reader.close()
    sim.stop()
    assert (state / "gas_cards.json").exists()

    sim2 = make_sim(state_dir=state)
    reader2 = make_reader(sim2)
    sim2.insert("ready")
    assert read(reader2).torn


def test_a_torn_card_is_repaired_from_the_record(sim, reader, utility_key):
    sim.insert("torn")
    card = read(reader)
    assert card.torn and card.problem().reason == "torn_write"
    fixed = gc.write_topup(reader, card, purchase_count=6, volume=3000, utility_key=utility_key, repair=True)
    assert fixed.valid and (fixed.purchase_count, fixed.volume, fixed.meter_flag) == (6, 3000, 0)


def test_a_torn_card_is_not_topped_up_without_repair(sim, reader, utility_key):
    sim.insert("torn")
    with pytest.raises(TornCard):
        topup(reader, read(reader), utility_key)


def test_the_meter_takes_the_gas_and_sets_the_flag(sim, reader, utility_key):
    sim.insert("ready")
    topup(reader, read(reader), utility_key)
    reader.eject()
    sim.take()
    assert sim.insert_into_meter(used=250, meter_status=1)
    sim.insert("ready")
    card = read(reader).validate()
    assert (card.volume, card.meter_flag, card.meter_remaining, card.meter_cumulative) == (0, 1, 4250 + 3000 - 250,
                                                                                           183400 + 250)
    assert card.meter_battery_low


def test_the_meter_refuses_a_torn_card(sim):
    assert not sim.insert_into_meter("torn")
    assert not sim.insert_into_meter("wrong_tag")


def test_a_card_in_the_reader_cannot_be_in_the_meter(sim):
    sim.insert("waiting")
    assert not sim.insert_into_meter("waiting")


DECK_EXPECTATIONS = [
    ("fresh", None), ("ready", None), ("waiting", "meter_flag"), ("meter_low_battery", None), ("business", None),
    ("lost", "lost"), ("locked", None), ("one_try_left", None), ("torn", "torn_write"), ("blank", "blank"),
    ("wrong_tag", "wrong_tag"), ("factory_blank", "wrong_tag"),
]


@pytest.mark.parametrize("card_id,reason", DECK_EXPECTATIONS)
def test_every_deck_card_reads_as_its_state(sim, reader, card_id, reason):
    sim.insert(card_id)
    card = read(reader)
    err = card.problem(for_topup=True)
    assert (err.reason if err else None) == reason
    if card_id == "business":
        assert card.card_type == gc.CardType.BUSINESS
    if card_id != "factory_blank":
        assert card.area_code == "421200" and len(card.card_number) == 16


def test_errors_of_a_top_up_are_all_kiosk_errors(sim, reader, utility_key):
    sim.insert("locked")
    with pytest.raises(KioskError):
        topup(reader, read(reader), utility_key)
