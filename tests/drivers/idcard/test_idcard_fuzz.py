"""Random and mutated frames thrown at the driver's parser and at the simulator: no crash, no hang.

Every failure must be a KioskError (the project's error tree); every wait has a timeout.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from idcard_support import FAST_READ, device_config, wait_until

from drivers.idcard import frames
from drivers.idcard.driver import open_id_reader
from drivers.idcard.identity import Identity, parse_text_block
from drivers.idcard.simulator import IdCardSimulator, build_photo, build_text_block
from kiosk.errors import KioskError

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
WIRE = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                       HealthCheck.function_scoped_fixture])


@st.composite
def mutated(draw, frame_strategy):
    """A valid frame with bytes flipped, inserted, deleted, or cut short."""
    frame = bytearray(draw(frame_strategy))
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "insert", "delete", "truncate"]))
        if not frame:
            break
        i = draw(st.integers(0, len(frame) - 1))
        if op == "flip":
            frame[i] ^= draw(st.integers(1, 255))
        elif op == "insert":
            frame[i:i] = draw(st.binary(min_size=1, max_size=8))
        elif op == "delete":
            del frame[i]
        else:
            del frame[i:]
    return bytes(frame)


def read_reply(deck_card):
    text, photo = build_text_block(deck_card), build_photo(deck_card)
    return frames.encode_reply(0x90, b"\x01\x00\x04\x00" + text + photo)


@pytest.fixture(scope="module")
def valid_replies(deck):
    return [frames.encode_reply(0x90), frames.encode_reply(0x80), frames.encode_reply(0x9F, bytes(4)),
            frames.encode_reply(0x90, bytes(range(8))), frames.encode_reply(0x90, bytes(range(16))),
            read_reply(deck[0]), read_reply(deck[-1])]


COMMANDS = st.sampled_from([frames.encode_command(*c) for c in
                            (frames.RESET, frames.SAM_STATUS, frames.SAM_ID, frames.FIND_CARD, frames.SELECT_CARD,
                             frames.READ_CARD)])
# Any well-formed frame but set-baud: a rate change is a contract test of its own, and at 9600 baud
# every later card read would take 1.4 s.
ANY_COMMAND = st.builds(frames.encode_command, st.integers(0, 255).filter(lambda c: c != frames.SET_BAUD),
                        st.integers(0, 255), st.binary(max_size=4))


# ------------------------------------------------------------------ the codec

@FUZZ
@given(st.binary(max_size=3000))
def test_decoder_takes_any_bytes_and_returns_only_checked_frames(data):
    dec = frames.FrameDecoder(min_body=3)
    for event in dec.feed(data):
        if isinstance(event, frames.Frame):
            assert frames.checksum(event.raw[5:]) == 0
    assert dec.pending <= frames.HEADER_LEN + frames.MAX_LEN


def test_decoder_finds_a_good_frame_after_any_mutated_one(valid_replies):
    @FUZZ
    @given(mutated(st.sampled_from(valid_replies)), st.sampled_from(valid_replies))
    def check(junk, good):
        dec = frames.FrameDecoder(min_body=3)
        # Zero padding longer than any LEN completes whatever the junk started.
        events = dec.feed(junk + bytes(frames.MAX_LEN + 8) + good)
        assert isinstance(events[-1], frames.Frame) and events[-1].raw == good

    check()


@FUZZ
@given(st.binary(min_size=256, max_size=256))
def test_text_block_parser_takes_any_256_bytes(block):
    try:
        assert isinstance(parse_text_block(block), Identity)
    except KioskError:
        pass


def test_text_block_parser_takes_any_mutated_deck_block(deck):
    @FUZZ
    @given(st.sampled_from(deck), st.lists(st.tuples(st.integers(0, 255), st.integers(0, 255)), max_size=6))
    def check(card, flips):
        block = bytearray(build_text_block(card))
        for at, value in flips:
            block[at] = value
        try:
            ident = parse_text_block(bytes(block))
        except KioskError:
            return
        repr(ident)

    check()


# ------------------------------------------------------------------ the driver over a line

def test_driver_meets_random_and_mutated_replies_with_kiosk_errors_only(scripted, valid_replies):
    device, reader = scripted
    calls = [reader.reset, reader.sam_status, reader.sam_id, reader.find_card, reader.select_card,
             reader.read_text_and_photo, reader.read_card]

    @WIRE
    @given(st.one_of(st.binary(max_size=64), mutated(st.sampled_from(valid_replies)), st.sampled_from(valid_replies)),
           st.sampled_from(calls))
    def check(answer, call):
        device.answer = answer
        try:
            call()
        except KioskError:
            pass

    check()


# ------------------------------------------------------------------ the simulator

def test_simulator_survives_random_and_mutated_frames_and_keeps_answering(deck):
    sim = IdCardSimulator(deck, read_delay=FAST_READ).start()
    reader = open_id_reader(device_config(sim.port_url), timeout_scale=0.3)
    try:
        sim.insert_card("wang_jianguo")

        def answers_status():
            try:
                reader.sam_status()
                return True
            except KioskError:
                return False

        @WIRE
        @given(st.one_of(st.binary(max_size=80), mutated(COMMANDS), ANY_COMMAND,
                         st.lists(COMMANDS, min_size=1, max_size=4).map(b"".join)))
        def check(junk):
            try:
                reader.exchange_raw(junk, timeout=0.05)
            except KioskError:
                pass
            assert sim.alive
            # Replies to the junk (a card read among them) may keep the SAM busy a while.
            assert wait_until(answers_status, 3.0), "the simulator stopped answering"

        check()

        def reads_the_card():
            try:
                return reader.read_card().masked_name == "王*国"
            except KioskError:  # a late error reply to the last junk may still be on its way
                return False

        assert wait_until(reads_the_card, 3.0)
    finally:
        reader.close()
        sim.stop()
