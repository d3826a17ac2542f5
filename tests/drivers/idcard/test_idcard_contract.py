"""Round trips driver → line → simulator for every command and every failure, over a pty and over TCP.

Every test here runs twice (the ``sim`` fixture is parametrised by transport). Frames on the
line are asserted byte for byte against the spec's examples.
"""

import threading
import time

import pytest
from idcard_support import TODAY, device_config

from drivers.idcard import errors, frames
from drivers.idcard.driver import format_sam_id, open_id_reader
from kiosk.errors import DeviceNotFound, KioskError

PRE = bytes.fromhex("AAAAAA9669")


def spec(text: str) -> bytes:
    """A frame from the spec's table (written after the preamble)."""
    return PRE + bytes.fromhex(text)


def last_in(sim, n=1):
    return list(sim.frames_in)[-n:]


def last_out(sim, n=1):
    return list(sim.frames_out)[-n:]


# ------------------------------------------------------------------ commands

def test_reset_sends_and_gets_the_spec_frames(sim, reader):
    reader.reset()
    assert last_in(sim) == [spec("00 03 10 FF EC")]
    assert last_out(sim) == [spec("00 04 00 00 90 94")]


def test_sam_status_sends_and_gets_the_spec_frames(sim, reader):
    reader.sam_status()
    assert last_in(sim) == [spec("00 03 11 FF ED")]
    assert last_out(sim) == [spec("00 04 00 00 90 94")]


def test_sam_id_is_read_and_formatted_for_technicians(sim, reader):
    assert reader.sam_id() == "05.01-20240517-0012345678-3456789012"
    assert last_in(sim) == [spec("00 03 12 FF EE")]
    (out,) = last_out(sim)
    assert out[:10] == spec("00 14 00 00 90") and len(out) == 27


def test_sam_id_format_reads_little_endian_fields():
    raw = bytes.fromhex("0500 0100 85D83401 D2029649 F4F1EACD".replace(" ", ""))
    assert format_sam_id(raw) == "05.01-20240517-1234567890-3454726644"


def test_find_without_a_card_gets_80(sim, reader):
    assert reader.find_card() is False
    assert last_in(sim) == [spec("00 03 20 01 22")]
    assert last_out(sim) == [spec("00 04 00 00 80 84")]


def test_find_with_a_card_gets_9f(sim, reader):
    sim.insert_card("wang_jianguo")
    assert reader.find_card() is True
    assert last_out(sim) == [spec("00 08 00 00 9F 00 00 00 00 97")]


def test_the_simulator_shows_how_often_the_host_has_looked_for_a_card(sim, reader):
    """The soak places a card only once the reader has been looked at (a hand is slower than a poll)."""
    before = sim.state()["finds"]
    reader.find_card()
    sim.insert_card("wang_jianguo")
    reader.find_card()
    assert sim.state()["finds"] == before + 2


def test_read_card_runs_find_select_read_and_returns_the_deck_card(sim, reader, deck_keys):
    sim.insert_card("li_xiuying")
    ident = reader.read_card()
    card = deck_keys["li_xiuying"]
    assert (ident.name, ident.id_number, ident.address, ident.nation) == \
        (card["name"], card["number"], card["address"], "汉")
    assert len(ident.photo) == 1024
    assert last_in(sim, 3) == [spec("00 03 20 01 22"), spec("00 03 20 02 21"), spec("00 03 30 01 32")]
    found, selected, read = last_out(sim, 3)
    assert found == spec("00 08 00 00 9F 00 00 00 00 97")
    assert selected[:10] == spec("00 0C 00 00 90") and len(selected) == 19
    assert len(read) == 1295 and read[:14] == spec("05 08 00 00 90 01 00 04 00")
    assert frames.checksum(read[5:]) == 0


def test_every_deck_card_reads_with_the_verdict_the_deck_expects(pty_sim, pty_reader, deck):
    sim, reader = pty_sim, pty_reader
    for card in deck:
        sim.insert_card(card.key)
        try:
            reader.read_accepted_card(TODAY)
            verdict = "accepted"
        except errors.CardRefused as exc:
            verdict = exc.reason
        assert verdict == card.expect, card.key


@pytest.mark.parametrize("rate", [57600, 38400, 19200, 9600, 115200])
def test_set_baud_rate_answers_at_the_old_rate_then_both_sides_use_the_new_one(sim, reader, rate):
    reader.set_baud_rate(rate)
    code = frames.BAUD_CODES[rate]
    assert last_in(sim) == [PRE + bytes([0x00, 0x03, 0x60, code, 0x63 ^ code])]
    assert last_out(sim) == [spec("00 04 00 00 90 94")]
    assert reader.baudrate == rate
    # the reader switches once its answer is on the wire, on its own thread: give it that moment
    deadline = time.monotonic() + 2
    while sim.line.baudrate != rate and time.monotonic() < deadline:
        threading.Event().wait(0.005)
    assert sim.line.baudrate == rate
    reader.sam_status()


def test_a_card_reads_at_a_lower_baud_rate(sim, reader):
    reader.set_baud_rate(57600)
    sim.insert_card("ma_jun")
    assert reader.read_card().masked_id == "4212**********0519"


def test_an_unsupported_baud_rate_is_refused_before_anything_is_sent(sim, reader):
    with pytest.raises(ValueError):
        reader.set_baud_rate(4800)
    assert list(sim.frames_in) == []


# ------------------------------------------------------------------ the card goes away

def test_no_card_raises_card_not_found_asking_to_place_the_card(sim, reader):
    with pytest.raises(errors.CardNotFound) as caught:
        reader.read_card()
    assert (caught.value.user_message("zh"), caught.value.user_message("en")) == ("请将身份证放在感应区", "Place your ID card on the reader")


def test_card_pulled_between_find_and_select_gives_81(sim, reader):
    sim.insert_card("tian_xiaohong")
    sim.pull_card_after("find")
    with pytest.raises(errors.CardSelectFailed) as caught:
        reader.read_card()
    assert last_out(sim) == [spec("00 04 00 00 81 85")]
    assert caught.value.user_message("zh") == "身份证读取失败，请重新放置"
    assert caught.value.user_message("en") == "The card could not be read, please place it again"


def test_card_pulled_between_select_and_read_gives_41(sim, reader):
    sim.insert_card("tian_xiaohong")
    sim.pull_card_after("select")
    with pytest.raises(errors.CardReadFailed):
        reader.read_card()
    assert last_out(sim) == [spec("00 04 00 00 41 45")]


def test_card_pulled_halfway_through_the_read_gives_41_never_success(sim, reader):
    sim.insert_card("ouyang_xiaoming")
    sim.pull_card_during_read()
    with pytest.raises(errors.CardReadFailed):
        reader.read_card()
    assert sim.card is None


def test_card_taken_away_during_a_long_read_is_reported_within_a_second(sim, reader):
    sim.read_delay = 5.0  # an RF read that would outlast the test if the removal went unnoticed
    sim.insert_card("hu_guiying")
    outcome, done = [], threading.Event()

    def read():
        try:
            outcome.append(reader.read_card())
        except KioskError as exc:
            outcome.append(exc)
        done.set()

    worker = threading.Thread(target=read, name="test-read")
    worker.start()
    try:
        assert sim.reading.wait(2.0)
        sim.remove_card()
        assert done.wait(1.0), "removal not reported within 1 s"
    finally:
        worker.join(10)
    assert isinstance(outcome[0], errors.CardReadFailed)


def test_select_without_find_and_read_without_select_fail(sim, reader):
    sim.insert_card("zhou_hao")
    with pytest.raises(errors.CardSelectFailed):
        reader.select_card()
    with pytest.raises(errors.CardReadFailed):
        reader.read_text_and_photo()


def test_a_card_placed_again_after_a_failed_read_reads_fine(sim, reader):
    sim.insert_card("wei_chunyan")
    sim.pull_card_after("select")
    with pytest.raises(errors.CardReadFailed):
        reader.read_card()
    sim.insert_card("wei_chunyan")
    assert reader.read_card().masked_name == "韦*燕"


# ------------------------------------------------------------------ the reader

def test_reader_switched_off_is_silent_and_reported_as_not_answering(sim, reader):
    sim.power_off()
    sent = len(sim.frames_out)
    with pytest.raises(errors.ReaderNotAnswering) as caught:
        reader.find_card()
    assert len(sim.frames_out) == sent
    assert "工作人员" in caught.value.user_message("zh")
    sim.power_on()
    assert reader.find_card() is False


def test_sam_self_test_failure_gives_60_on_status_reset_and_card_commands(sim, reader):
    sim.fail_self_test()
    with pytest.raises(errors.SamSelfTestFailed) as caught:
        reader.sam_status()
    assert last_out(sim) == [spec("00 04 00 00 60 64")]
    assert caught.value.user_message("en") == "The ID card reader is not working. Please ask the staff."
    with pytest.raises(errors.SamSelfTestFailed):
        reader.reset()
    with pytest.raises(errors.SamSelfTestFailed):
        reader.find_card()
    assert reader.sam_id().startswith("05.01-")


def test_one_corrupted_reply_is_retried_transparently(sim, reader):
    sim.insert_card("jin_meishan")
    sim.corrupt_replies(1)
    assert reader.read_card().masked_name == "金*善"


def test_a_corrupted_read_reply_restarts_the_whole_sequence(sim, reader):
    sim.insert_card("jin_meishan")
    assert reader.find_card()
    reader.select_card()
    sim.corrupt_replies(1)
    with pytest.raises(errors.ReaderProtocolError):
        reader.read_text_and_photo()  # a single read is never retried on its own…
    sim.insert_card("jin_meishan")
    sim.pull_card_after("select")  # …and read_card retries find → select → read, not the read alone:
    sim.corrupt_replies(0)
    with pytest.raises(errors.CardReadFailed):
        reader.read_card()
    sim.insert_card("jin_meishan")
    sim.corrupt_replies(3)  # find, find again, select: then the read comes through
    assert reader.read_card().masked_name == "金*善"


def test_replies_that_keep_failing_their_checksum_raise_a_protocol_error(sim, reader):
    sim.corrupt_replies(10)
    with pytest.raises(errors.ReaderProtocolError) as caught:
        reader.sam_status()
    assert caught.value.user_message("zh") == "身份证读取失败，请重新放置"


def test_noise_before_a_reply_is_skipped(sim, reader):
    sim.insert_card("zhang_zihan")
    sim.noise_before_reply(40)
    assert reader.find_card() is True
    sim.noise_before_reply(200)
    assert reader.read_card().masked_id == "4212**********0075"


def test_noise_between_exchanges_is_flushed(sim, reader):
    sim.inject_noise(64)
    reader.sam_status()
    sim.inject_noise(300)
    assert reader.sam_id().startswith("05.01-")


def test_host_frame_with_a_bad_checksum_gets_10(sim, reader):
    reply = reader.exchange_raw(spec("00 03 11 FF EE"))
    assert reply.sw3 == 0x10 and last_out(sim) == [spec("00 04 00 00 10 14")]
    assert isinstance(errors.error_for_sw3(0x10, "x"), errors.FrameChecksumRejected)


def test_host_frame_with_an_impossible_length_gets_11(sim, reader):
    reply = reader.exchange_raw(spec("05 00 11 FF"))
    assert reply.sw3 == 0x11 and last_out(sim) == [spec("00 04 00 00 11 15")]


def test_data_after_a_bare_command_gets_11(sim, reader):
    reply = reader.exchange_raw(frames.encode_command(0x11, 0xFF, b"\x00"))
    assert reply.sw3 == 0x11


def test_an_unknown_command_gets_21_and_is_not_retried(sim, reader):
    reply = reader.exchange_raw(frames.encode_command(0x55, 0x01))
    assert reply.sw3 == 0x21 and last_out(sim) == [spec("00 04 00 00 21 25")]
    sim.force_result(0x21)
    before = len(sim.frames_in)
    with pytest.raises(errors.UnknownCommand):
        reader.sam_status()
    assert len(sim.frames_in) == before + 1


def test_the_reader_answering_10_to_our_frame_is_retried(sim, reader):
    sim.force_result(0x10, "status")
    reader.sam_status()
    assert [f[9] for f in last_out(sim, 2)] == [0x10, 0x90]


@pytest.mark.parametrize("sw3, command, expected", [
    (0x91, "read", errors.NoSuchItem),
    (0x23, "read", errors.SamNotAuthorised),
    (0x31, "read", errors.CardAuthenticationFailed),
    (0x32, "read", errors.CardAuthenticationFailed),
    (0x33, "read", errors.InformationCheckFailed),
    (0x40, "select", errors.CardTypeNotRecognised),
    (0x47, "select", errors.RandomNumberFailed),
    (0x66, "find", errors.SamNotLicensed),
    (0x11, "find", errors.FrameLengthRejected),
    (0x77, "read", errors.UnexpectedResult),
])
def test_every_result_code_becomes_its_typed_error_with_words_for_the_resident(sim, reader, sw3, command, expected):
    sim.insert_card("wang_jianguo")
    for _ in range(6):  # enough for the retried ones to fail every time
        sim.force_result(sw3, command)
    with pytest.raises(expected) as caught:
        reader.read_card()
    assert caught.value.sw3 == sw3
    assert caught.value.user_message("zh") and caught.value.user_message("en")
    assert last_out(sim)[-1][9] == sw3


# ------------------------------------------------------------------ opening

def test_opening_a_port_that_does_not_exist_raises_device_not_found(tmp_path):
    with pytest.raises(DeviceNotFound):
        open_id_reader(device_config(str(tmp_path / "ttyUSB9")))


def test_port_sim_needs_the_simulators_url():
    with pytest.raises(DeviceNotFound):
        open_id_reader(device_config("sim"))


def test_a_closed_reader_refuses_commands(sim, reader):
    reader.close()
    with pytest.raises(DeviceNotFound):
        reader.sam_status()
