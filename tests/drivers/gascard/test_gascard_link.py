"""The link layer's frame codec and parser against frames written out by hand from ic-reader.md."""

import pytest
from hypothesis import given, settings, strategies as st

from drivers.gascard import link

H = bytes.fromhex

# (what, kind, cm, pm, body, frame) — BCC worked out by hand: XOR of F2 … 03.
VECTORS = [
    ("initialise", 0x43, 0x30, 0x30, b"", "F2 00 00 03 43 30 30 03 B1"),
    ("status", 0x43, 0x31, 0x30, b"", "F2 00 00 03 43 31 30 03 B0"),
    ("eject", 0x43, 0x32, 0x30, b"", "F2 00 00 03 43 32 30 03 B3"),
    ("capture", 0x43, 0x33, 0x30, b"", "F2 00 00 03 43 33 30 03 B2"),
    ("power on", 0x43, 0x51, 0x30, b"", "F2 00 00 03 43 51 30 03 D0"),
    ("power off", 0x43, 0x51, 0x31, b"", "F2 00 00 03 43 51 31 03 D1"),
    ("read 20+48", 0x43, 0x53, 0x30, H("FFB0002030"), "F2 00 00 08 43 53 30 FF B0 00 20 30 03 86"),
    ("status: no card", 0x50, 0x31, 0x30, b"00", "F2 00 00 05 50 31 30 30 30 03 A5"),
    ("status: card inside", 0x50, 0x31, 0x30, b"20", "F2 00 00 05 50 31 30 32 30 03 A7"),
    ("ATR", 0x50, 0x51, 0x30, b"20" + H("A2131091"), "F2 00 00 09 50 51 30 32 30 A2 13 10 91 03 FB"),
    ("no card in position", 0x4E, 0x51, 0x30, b"40", "F2 00 00 05 4E 51 30 34 30 03 DF"),
    ("card jammed", 0x4E, 0x32, 0x30, b"10", "F2 00 00 05 4E 32 30 31 30 03 B9"),
    ("wrong password, 2 left", 0x50, 0x53, 0x30, b"20" + H("63C2"), "F2 00 00 07 50 53 30 32 30 63 C2 03 66"),
]


@pytest.mark.parametrize("what,kind,cm,pm,body,frame", VECTORS, ids=[v[0] for v in VECTORS])
def test_encoder_produces_the_spec_frame(what, kind, cm, pm, body, frame):
    assert link.encode_frame(kind, cm, pm, body) == H(frame)


@pytest.mark.parametrize("what,kind,cm,pm,body,frame", VECTORS, ids=[v[0] for v in VECTORS])
def test_parser_decodes_the_spec_frame(what, kind, cm, pm, body, frame):
    (got,) = link.FrameParser().feed(H(frame))
    assert (got.addr, got.kind, got.cm, got.pm, got.body) == (0, kind, cm, pm, body)


def test_len_counts_from_the_kind_byte_to_the_end_of_data():
    frame = link.encode_command(0x53, 0x30, bytes(10))
    assert frame[2:4] == (13).to_bytes(2, "big")


def test_reader_address_goes_into_the_frame():
    frame = link.encode_command(0x31, 0x30, addr=0x07)
    assert frame[1] == 0x07 and link.FrameParser().feed(frame)[0].addr == 0x07


def test_parser_skips_noise_before_a_frame():
    frame = H("F2 00 00 05 50 31 30 30 30 03 A5")
    (got,) = link.FrameParser().feed(b"\x00\x11garbage\x03" + frame)
    assert got.cm == 0x31


def test_parser_assembles_a_frame_fed_byte_by_byte():
    p = link.FrameParser()
    frame = H("F2 00 00 09 50 51 30 32 30 A2 13 10 91 03 FB")
    events = [ev for b in frame for ev in p.feed(bytes([b]))]
    assert len(events) == 1 and events[0].data == H("A2131091")


def test_parser_reports_a_bad_bcc_as_such():
    (got,) = link.FrameParser().feed(H("F2 00 00 03 43 31 30 03 B1"))
    assert isinstance(got, link.BadChecksum)


def test_noise_f2_with_a_large_len_does_not_swallow_the_next_frame():
    frame = H("F2 00 00 05 50 31 30 30 30 03 A5")
    got = link.FrameParser().feed(H("F2 00 01 00") + frame)
    assert [g.cm for g in got if isinstance(g, link.Frame)] == [0x31]


def test_noise_f2_with_an_impossible_len_is_skipped():
    frame = H("F2 00 00 03 43 31 30 03 B0")
    assert len(link.FrameParser().feed(H("F2 00 FF FF 43") + frame)) == 1
    assert len(link.FrameParser().feed(H("F2 00 00 01") + frame)) == 1


def test_a_frame_with_the_etx_out_of_place_is_noise_not_a_checksum_error():
    got = link.FrameParser().feed(H("F2 00 00 03 43 31 30 04 B0"))
    assert got == []


def test_two_frames_in_one_chunk_both_come_out():
    a = H("F2 00 00 03 43 31 30 03 B0")
    assert len(link.FrameParser().feed(a + b"\x06" + a)) == 2


def test_the_spec_timeouts_are_the_defaults():
    assert (link.ACK_TIMEOUT, link.MAX_RESENDS, link.REPLY_TIMEOUT, link.MOVE_REPLY_TIMEOUT) == (0.3, 3, 2.0, 5.0)
    assert link.MOVING_COMMANDS == {(0x32, 0x30), (0x33, 0x30)}


frames = st.builds(lambda kind, cm, pm, body, addr: link.encode_frame(kind, cm, pm, body, addr),
                   st.sampled_from(link.KINDS), st.integers(0, 255), st.integers(0, 255),
                   st.binary(max_size=64), st.integers(0, 255))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600))
def test_parser_survives_random_bytes(data):
    p = link.FrameParser()
    for ev in p.feed(data):
        assert isinstance(ev, (link.Frame, link.BadChecksum))
    assert p.pending <= link.MAX_LEN + 6 + 600


@settings(max_examples=200, deadline=None)
@given(frames, st.integers(0, 200), st.integers(0, 255), st.binary(max_size=8), st.binary(max_size=8))
def test_parser_finds_a_good_frame_after_a_mutated_one(frame, pos, value, before, after):
    mutated = bytearray(frame)
    mutated[pos % len(mutated)] = value
    good = link.encode_command(0x31, 0x30)
    p = link.FrameParser()
    events = p.feed(before + bytes(mutated) + after.replace(b"\xf2", b"") + good)
    events += p.feed(bytes(link.MAX_LEN + 8))  # flush a noise candidate that claimed a long LEN
    assert any(isinstance(e, link.Frame) and e.encode() == good for e in events)


@settings(max_examples=150, deadline=None)
@given(frames)
def test_every_encoded_frame_parses_back_to_itself(frame):
    (got,) = link.FrameParser().feed(frame)
    assert got.encode() == frame
