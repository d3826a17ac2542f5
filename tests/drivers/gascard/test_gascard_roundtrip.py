"""Driver → pty → simulator for every command and every failure, with the exact bytes on the line."""

import time

import pytest

from drivers.gascard import card as gc
from drivers.gascard.errors import (BadReply, CardJammed, CardLocked, CardNotAnsweringReset, CommandNotPossible,
                                    FrozenByte, NoCardInPosition, ParameterError, ReaderNotAnswering,
                                    UnknownCommand, WriteNotAllowed, WrongPassword)
from drivers.gascard.reader import SLE4442_ATR, CardPosition
from drivers.serialport import open_port

H = bytes.fromhex
ACK = b"\x06"
PASSWORD_0002 = H("CCFC67")  # card "ready" (4212000000010002), see test_gascard_card


def exchange(port, command_hex, expected_hex, timeout=2.0):
    """Write a command by hand and collect the reader's answer bytes (the port reads with a short timeout)."""
    port.reset_input_buffer()
    port.write(H(command_hex))
    got = bytearray()
    n_expected = len(H(expected_hex))
    end = time.monotonic() + timeout
    while len(got) < n_expected and time.monotonic() < end:
        got += port.read(n_expected - len(got))
    return bytes(got)


@pytest.fixture
def raw_port(sim):
    port = open_port(sim.port_url, 115200, timeout=0.02)
    yield port
    port.close()


# (command frame, what the simulator answers: ACK then the reply frame)
SPEC_EXCHANGES_NO_CARD = [
    ("status", "F2 00 00 03 43 31 30 03 B0", "06 F2 00 00 05 50 31 30 30 30 03 A5"),
    ("initialise", "F2 00 00 03 43 30 30 03 B1", "06 F2 00 00 05 50 30 30 30 30 03 A4"),
    ("power on without a card", "F2 00 00 03 43 51 30 03 D0", "06 F2 00 00 05 4E 51 30 34 30 03 DF"),
    ("eject without a card", "F2 00 00 03 43 32 30 03 B3", "06 F2 00 00 05 4E 32 30 34 30 03 BC"),
    ("bad BCC", "F2 00 00 03 43 31 30 03 B1", "15"),
]


@pytest.mark.parametrize("what,command,answer", SPEC_EXCHANGES_NO_CARD, ids=[e[0] for e in SPEC_EXCHANGES_NO_CARD])
def test_simulator_answers_with_the_spec_bytes(raw_port, what, command, answer):
    assert exchange(raw_port, command, answer) == H(answer)


CARD_SESSION = [
    ("status: card inside", "F2 00 00 03 43 31 30 03 B0", "06 F2 00 00 05 50 31 30 32 30 03 A7"),
    ("power on: ATR", "F2 00 00 03 43 51 30 03 D0", "06 F2 00 00 09 50 51 30 32 30 A2 13 10 91 03 FB"),
    ("security memory before the password: counter 07 (three tries), password zeros",
     "F2 00 00 08 43 53 30 FF B1 00 00 04 03 93", "06 F2 00 00 0B 50 53 30 32 30 07 00 00 00 90 00 03 5C"),
    ("protection bits: 00-1F all frozen",
     "F2 00 00 08 43 53 30 FF B2 00 00 04 03 90", "06 F2 00 00 0B 50 53 30 32 30 00 00 00 00 90 00 03 5B"),
    ("write 4F without the password: 69 82",
     "F2 00 00 09 43 53 30 FF D0 00 4F 01 AB 03 12", "06 F2 00 00 07 50 53 30 32 30 69 82 03 2C"),
    ("a wrong password: 63 C2, two tries left",
     "F2 00 00 0B 43 53 30 FF 20 00 00 03 11 22 33 03 06", "06 F2 00 00 07 50 53 30 32 30 63 C2 03 66"),
    ("power off", "F2 00 00 03 43 51 31 03 D1", "06 F2 00 00 05 50 51 31 32 30 03 C6"),
    ("read with the contacts off: 30 32", "F2 00 00 08 43 53 30 FF B0 00 20 30 03 86",
     "06 F2 00 00 05 4E 53 30 30 32 03 DB"),
]


def test_simulator_answers_a_card_session_with_the_spec_bytes(sim, raw_port):
    sim.insert("ready")
    answers = [(what, exchange(raw_port, command, answer)) for what, command, answer in CARD_SESSION]
    assert answers == [(what, H(answer)) for what, _, answer in CARD_SESSION]


def test_driver_sends_the_spec_frames_for_every_command(sim, tapped_reader):
    reader, tap = tapped_reader
    sim.insert("ready")
    reader.initialise()
    reader.status()
    reader.power_on()
    reader.read_memory(0x20, 0x30)
    reader.read_security_memory()
    reader.read_protection_bits()
    reader.power_off()
    reader.eject()
    sim.take()
    sim.insert("ready")
    reader.capture()
    assert tap.written == [H(x) for x in (
        "F2 00 00 03 43 30 30 03 B1", "F2 00 00 03 43 31 30 03 B0", "F2 00 00 03 43 51 30 03 D0",
        "F2 00 00 08 43 53 30 FF B0 00 20 30 03 86", "F2 00 00 08 43 53 30 FF B1 00 00 04 03 93",
        "F2 00 00 08 43 53 30 FF B2 00 00 04 03 90", "F2 00 00 03 43 51 31 03 D1",
        "F2 00 00 03 43 32 30 03 B3", "F2 00 00 03 43 33 30 03 B2")]


def test_status_reports_position_and_jam(sim, reader):
    assert reader.status().position == CardPosition.NONE
    sim.insert("fresh")
    assert reader.status().position == CardPosition.INSIDE
    sim.jam()
    assert reader.status().jammed
    sim.jam(False)
    assert reader.eject().position == CardPosition.GATE
    assert sim.take() == "fresh"
    assert reader.status().position == CardPosition.NONE


def test_initialise_keeps_the_card_where_it_is(sim, reader):
    sim.insert("fresh")
    assert reader.initialise().position == CardPosition.INSIDE


def test_capture_keeps_the_card(sim, reader):
    sim.insert("lost")
    assert reader.capture().position == CardPosition.NONE
    assert sim.captured == ["lost"]


def test_power_on_gives_the_sle4442_atr(sim, reader):
    sim.insert("fresh")
    assert reader.power_on() == SLE4442_ATR == H("A2131091")


def test_read_main_memory(sim, reader):
    sim.insert("ready")
    reader.power_on()
    assert reader.read_memory(0x20, 0x30) == sim.card_memory("ready")[0x20:0x50]
    assert reader.read_memory(0x00, 4) == H("A2131091")


def test_security_memory_shows_tries_and_the_password_once_presented(sim, reader):
    sim.insert("ready")
    reader.power_on()
    sec = reader.read_security_memory()
    assert (sec.tries_left, sec.password) == (3, bytes(3))
    reader.present_password(PASSWORD_0002)
    assert reader.read_security_memory().password == PASSWORD_0002
    assert "CCFC67" not in repr(reader.read_security_memory()).upper()


def test_protection_bits_freeze_the_factory_area(sim, reader):
    sim.insert("ready")
    reader.power_on()
    assert reader.read_protection_bits() == set(range(32))


def test_write_reads_back_and_compares(sim, reader):
    sim.insert("ready")
    reader.power_on()
    reader.present_password(PASSWORD_0002)
    reader.write_memory(0x42, H("0102"))
    assert sim.card_memory("ready")[0x42:0x44] == H("0102")


def test_change_password_then_only_the_new_one_works(sim, reader):
    sim.insert("ready")
    reader.power_on()
    reader.present_password(PASSWORD_0002)
    reader.change_password(H("010203"))
    reader.power_on()
    with pytest.raises(WrongPassword):
        reader.present_password(PASSWORD_0002)
    reader.present_password(H("010203"))


def test_change_password_needs_the_password_first(sim, reader):
    sim.insert("ready")
    reader.power_on()
    with pytest.raises(WriteNotAllowed):
        reader.change_password(H("010203"))


# ---------------------------------------------------------------- failures

def test_wrong_password_counts_down_to_a_locked_card(sim, reader):
    sim.insert("ready")
    reader.power_on()
    tries = []
    for _ in range(2):
        with pytest.raises(WrongPassword) as exc:
            reader.present_password(H("000000"))
        tries.append(exc.value.tries_left)
    with pytest.raises(CardLocked):
        reader.present_password(H("000000"))
    assert tries == [2, 1]
    with pytest.raises(CardLocked):  # locked forever, even with the right password
        reader.present_password(PASSWORD_0002)
    assert reader.read_security_memory().tries_left == 0
    assert reader.read_memory(0x20, 4) == b"GAS1"  # still readable


def test_a_right_password_restores_the_tries(sim, reader, utility_key):
    sim.insert("one_try_left")
    reader.power_on()
    assert reader.read_security_memory().tries_left == 1
    reader.present_password(gc.derive_password(utility_key, "4212000000010007"))
    assert reader.read_security_memory().tries_left == 3


def test_locked_deck_card_refuses_every_password(sim, reader, utility_key):
    sim.insert("locked")
    reader.power_on()
    with pytest.raises(CardLocked) as exc:
        reader.present_password(gc.derive_password(utility_key, "4212000000010006"))
    assert "营业厅" in exc.value.user_message("zh")


def test_write_without_password_is_not_allowed(sim, reader):
    sim.insert("ready")
    reader.power_on()
    with pytest.raises(WriteNotAllowed):
        reader.write_memory(0x42, b"\x01")


def test_power_on_forgets_the_presented_password(sim, reader):
    sim.insert("ready")
    reader.power_on()
    reader.present_password(PASSWORD_0002)
    reader.power_off()
    reader.power_on()
    with pytest.raises(WriteNotAllowed):
        reader.write_memory(0x42, b"\x01")


def test_write_to_a_frozen_byte_is_refused(sim, reader):
    sim.insert("ready")
    reader.power_on()
    reader.present_password(PASSWORD_0002)
    before = sim.card_memory("ready")
    with pytest.raises(FrozenByte):
        reader.write_memory(0x1E, H("0000"))
    assert sim.card_memory("ready") == before


def test_card_operations_need_a_card(reader):
    with pytest.raises(NoCardInPosition) as exc:
        reader.power_on()
    assert exc.value.user_message("zh") == "请将燃气卡插入读卡口。"


def test_card_operations_need_the_contacts_powered(sim, reader):
    sim.insert("ready")
    with pytest.raises(CommandNotPossible):
        reader.read_memory(0x20, 4)


def test_a_card_that_is_not_a_memory_card_does_not_answer_reset(sim, reader):
    sim.insert("bank_card")
    with pytest.raises(CardNotAnsweringReset) as exc:
        reader.power_on()
    assert "芯片" in exc.value.user_message("zh")


def test_a_jammed_card_cannot_be_ejected_or_captured(sim, reader):
    sim.insert("ready")
    sim.jam()
    with pytest.raises(CardJammed):
        reader.eject()
    with pytest.raises(CardJammed):
        reader.capture()


def test_unknown_command_and_bad_parameter(sim, reader):
    with pytest.raises(UnknownCommand):
        reader._command(0x40, 0x30)
    with pytest.raises(ParameterError):
        reader._command(0x31, 0x31)


def test_an_apdu_that_is_not_a_memory_card_operation_is_a_parameter_error(sim, reader):
    sim.insert("ready")
    reader.power_on()
    with pytest.raises(ParameterError):
        reader.apdu(H("00B0"), "short")


def test_a_nak_makes_the_driver_resend(sim, reader):
    sim.insert("ready")
    sim.nak_next_commands(3)
    assert reader.status().position == CardPosition.INSIDE
    assert sim.commands_seen == 4


def test_four_naks_mean_the_reader_is_not_answering(sim, reader):
    sim.nak_next_commands(4)
    with pytest.raises(ReaderNotAnswering) as exc:
        reader.status()
    assert sim.commands_seen == 4 and "读写器" in exc.value.user_message("zh")


def test_a_silent_reader_is_resent_three_times_after_300_ms_then_not_answering(sim, make_reader):
    reader = make_reader(sim, ack_timeout=0.3)  # the spec's own timing
    sim.set_answering(False)
    with pytest.raises(ReaderNotAnswering):
        reader.status()
    sim.set_answering(True)
    assert reader.status().position == CardPosition.NONE


def test_an_ack_without_a_reply_times_out(sim, reader):
    sim.set_replying(False)
    with pytest.raises(ReaderNotAnswering):
        reader.status()


def test_a_garbled_reply_is_never_taken_for_an_answer(sim, reader):
    sim.garble_next_replies(1)
    with pytest.raises(ReaderNotAnswering):
        reader.status()
    assert reader.status().position == CardPosition.NONE


def test_noise_around_ack_and_reply_is_skipped(sim, reader):
    sim.insert("ready")
    sim.add_noise(before_ack=b"\x00\x7f\x03\xff", before_reply=H("F2 00 00 05 50 31 30") + b"\x00\xf2\x00")
    reader.power_on()
    sim.add_noise(before_reply=b"\xf2\x00\x01\x00" + b"\x55" * 7)  # a noise F2 claiming 256 bytes
    assert reader.read_memory(0x20, 4) == b"GAS1"


def test_noise_between_commands_does_not_answer_the_next_one(sim, reader):
    sim.send_noise_now(H("F2 00 00 05 50 31 30 32 30 03 A7"))  # a stale 'card inside' reply
    assert reader.status().position == CardPosition.NONE


def test_frames_for_another_address_are_ignored(sim, make_reader):
    reader = make_reader(sim)
    reader.link.address = 5
    reader.link.max_resends = 0
    with pytest.raises(ReaderNotAnswering):
        reader.status()
    assert sim.commands_seen == 0


def test_a_reply_with_a_bad_position_byte_is_a_protocol_error(sim, reader):
    from drivers.gascard.link import encode_positive
    sim.replace_next_reply(encode_positive(0x31, 0x30, 0x39, 0x30))
    with pytest.raises(BadReply):
        reader.status()
