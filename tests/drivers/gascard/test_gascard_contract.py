"""Contract of a gas card reader, run against the simulator over a pty and over a TCP socket."""

import pytest

from drivers.gascard import card as gc
from drivers.gascard.errors import CardCommunicationError, CardLocked, NoCardInPosition, ReaderNotAnswering, WrongPassword
from drivers.gascard.reader import CardPosition, SLE4442_ATR


@pytest.fixture
def dev(any_sim, make_reader):
    return any_sim, make_reader(any_sim)


def test_an_empty_reader_reports_no_card(dev):
    sim, reader = dev
    assert reader.initialise().position == CardPosition.NONE
    with pytest.raises(NoCardInPosition):
        reader.power_on()


def test_an_inserted_card_is_read_and_valid(dev):
    sim, reader = dev
    sim.insert("fresh")
    assert reader.status().position == CardPosition.INSIDE
    assert reader.power_on() == SLE4442_ATR
    card = gc.read_card(reader).validate()
    assert card.masked_number == "4212********0001"


def test_top_up_meter_top_up_again(dev, utility_key):
    sim, reader = dev
    sim.insert("fresh")
    card = gc.write_topup(reader, gc.read_card(reader), purchase_count=1, volume=2000, utility_key=utility_key)
    assert card.meter_flag == 0
    reader.eject()
    sim.take()
    assert sim.insert_into_meter()
    sim.insert("fresh")
    card = gc.read_card(reader).validate()
    card = gc.write_topup(reader, card, purchase_count=2, volume=1500, utility_key=utility_key)
    assert (card.purchase_count, card.volume) == (2, 1500)


def test_eject_then_take_then_capture(dev):
    sim, reader = dev
    sim.insert("business")
    assert reader.eject().position == CardPosition.GATE
    assert sim.take() == "business"
    sim.insert("lost")
    assert reader.capture().position == CardPosition.NONE and sim.captured == ["lost"]


def test_wrong_passwords_lock_the_card(dev):
    sim, reader = dev
    sim.insert("fresh")
    reader.power_on()
    with pytest.raises(WrongPassword):
        reader.present_password(b"\x00\x00\x00")
    with pytest.raises(WrongPassword):
        reader.present_password(b"\x00\x00\x00")
    with pytest.raises(CardLocked):
        reader.present_password(b"\x00\x00\x00")
    assert sim.tries_left("fresh") == 0


def test_a_pull_mid_write_is_an_error_and_leaves_a_torn_card(dev, utility_key):
    sim, reader = dev
    sim.insert("ready")
    card = gc.read_card(reader)
    sim.pull_card_during_next("write", after_bytes=3)
    with pytest.raises(CardCommunicationError):
        gc.write_topup(reader, card, purchase_count=8, volume=1000, utility_key=utility_key)
    sim.insert("ready")
    assert gc.read_card(reader).torn


def test_line_trouble_is_survived(dev):
    sim, reader = dev
    sim.nak_next_commands(2)
    sim.add_noise(before_ack=b"\x00\x01", before_reply=b"\xf2\x00\x00")
    assert reader.status().position == CardPosition.NONE


def test_a_switched_off_reader_is_not_answering(dev):
    sim, reader = dev
    sim.set_answering(False)
    with pytest.raises(ReaderNotAnswering):
        reader.status()


def test_a_card_is_read_at_the_spec_line_speed_of_9600_baud(make_sim, make_reader):
    sim = make_sim(baudrate=9600)
    reader = make_reader(sim, ack_timeout=0.3, reply_timeout=2.0)
    sim.insert("business")
    card = gc.read_card(reader).validate()
    assert card.card_type == gc.CardType.BUSINESS and reader.link.port.baudrate == 9600
