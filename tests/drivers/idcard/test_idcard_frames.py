"""The SAM frame codec against every example frame of shared/protocols/idcard-sam.md."""

import pytest

from drivers.idcard import frames


def hx(text: str) -> bytes:
    return bytes.fromhex(text.replace("|", " "))


PRE = "AA AA AA 96 69"

#: (command, host frame after the preamble) — the spec's command table.
COMMAND_EXAMPLES = [
    (frames.RESET, "00 03 10 FF EC"),
    (frames.SAM_STATUS, "00 03 11 FF ED"),
    (frames.SAM_ID, "00 03 12 FF EE"),
    (frames.FIND_CARD, "00 03 20 01 22"),
    (frames.SELECT_CARD, "00 03 20 02 21"),
    (frames.READ_CARD, "00 03 30 01 32"),
]

#: (SW3, data, reply after the preamble) — the spec's fully given replies.
REPLY_EXAMPLES = [
    (0x90, b"", "00 04 00 00 90 94"),
    (0x9F, b"\x00\x00\x00\x00", "00 08 00 00 9F 00 00 00 00 97"),
    (0x80, b"", "00 04 00 00 80 84"),
]


@pytest.mark.parametrize("command, body", COMMAND_EXAMPLES)
def test_commands_encode_to_the_spec_frames(command, body):
    assert frames.encode_command(*command) == hx(PRE) + hx(body)


@pytest.mark.parametrize("rate, code", sorted(frames.BAUD_CODES.items()))
def test_set_baud_rate_frame_carries_the_rate_code_and_its_checksum(rate, code):
    frame = frames.encode_command(frames.SET_BAUD, code)
    assert frame == hx(PRE) + bytes([0x00, 0x03, 0x60, code, 0x03 ^ 0x60 ^ code])
    assert frames.BAUD_BY_CODE[code] == rate


@pytest.mark.parametrize("sw3, data, body", REPLY_EXAMPLES)
def test_replies_encode_to_the_spec_frames(sw3, data, body):
    assert frames.encode_reply(sw3, data) == hx(PRE) + hx(body)


def test_sam_id_and_select_replies_have_the_spec_lengths():
    sam_id = frames.encode_reply(0x90, bytes(16))
    assert sam_id[5:10] == hx("00 14 00 00 90") and len(sam_id) == 5 + 2 + 0x14
    select = frames.encode_reply(0x90, bytes(8))
    assert select[5:10] == hx("00 0C 00 00 90") and len(select) == 5 + 2 + 0x0C


def test_read_reply_is_1295_bytes_with_the_spec_header():
    frame = frames.encode_reply(0x90, hx("01 00 04 00") + bytes(256) + bytes(1024))
    assert len(frame) == 1295
    assert frame[:14] == hx(PRE + "05 08 00 00 90 01 00 04 00")
    assert frames.checksum(frame[5:]) == 0  # XOR from LEN_H to CHK inclusive is 0


@pytest.mark.parametrize("text", [body for _, body in COMMAND_EXAMPLES] + [body for *_, body in REPLY_EXAMPLES])
def test_every_spec_frame_decodes_to_one_good_frame(text):
    raw = hx(PRE) + hx(text)
    events = frames.FrameDecoder(min_body=2).feed(raw)
    assert len(events) == 1 and isinstance(events[0], frames.Frame)
    assert events[0].raw == raw and events[0].body == hx(text)[2:-1]


def test_decoder_takes_a_frame_split_across_reads_byte_by_byte():
    raw = frames.encode_reply(0x9F, b"\x00\x00\x00\x00")
    dec = frames.FrameDecoder(min_body=3)
    events = [e for b in raw for e in dec.feed(bytes([b]))]
    assert [type(e) for e in events] == [frames.Frame]
    assert frames.Reply.from_body(events[0].body).sw3 == 0x9F


def test_decoder_skips_noise_before_a_frame_and_counts_it():
    dec = frames.FrameDecoder(min_body=3)
    noise = bytes([0x00, 0xAA, 0x13, 0xAA, 0xAA, 0x96, 0x55])
    events = dec.feed(noise + frames.encode_reply(0x90))
    assert [type(e) for e in events] == [frames.Frame]
    assert dec.skipped == len(noise) and dec.pending == 0


def test_decoder_keeps_a_preamble_split_at_the_end_of_a_read():
    dec = frames.FrameDecoder(min_body=3)
    raw = frames.encode_reply(0x90)
    assert dec.feed(b"\x01\x02" + raw[:3]) == []
    assert dec.pending == 3
    assert [type(e) for e in dec.feed(raw[3:])] == [frames.Frame]


def test_decoder_reports_a_bad_checksum_and_finds_the_next_good_frame():
    bad = bytearray(frames.encode_reply(0x90))
    bad[-1] ^= 0x01
    good = frames.encode_reply(0x80)
    events = frames.FrameDecoder(min_body=3).feed(bytes(bad) + good)
    assert [type(e) for e in events] == [frames.BadChecksum, frames.Frame]
    assert frames.Reply.from_body(events[1].body).sw3 == 0x80


def test_decoder_reports_an_impossible_length_and_resyncs():
    decoder = frames.FrameDecoder(min_body=2, max_len=0x20)
    events = decoder.feed(hx(PRE + "05 00") + frames.encode_command(*frames.RESET))
    assert [type(e) for e in events] == [frames.BadLength, frames.Frame]
    assert events[0].length == 0x0500


def test_decoder_rejects_a_length_too_short_for_a_reply():
    events = frames.FrameDecoder(min_body=3).feed(hx(PRE + "00 03 10 FF EC"))
    assert [type(e) for e in events] == [frames.BadLength]


def test_reply_repr_shows_only_the_result_code_and_size():
    reply = frames.Reply(0, 0, 0x90, "王建国".encode("utf-16-le"))
    assert repr(reply) == "SW 00 00 90 (+6 bytes)"
