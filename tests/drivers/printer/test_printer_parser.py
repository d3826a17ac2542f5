"""The simulator's parser against the spec's command table, split reads, and random bytes (hypothesis)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.printer.parser import EscposParser, Handler


class Recorder(Handler):
    """Records every event; consecutive text runs are merged so split reads compare equal."""

    def __init__(self):
        self.events = []

    def __getattribute__(self, name):
        if name.startswith("_") or name in ("events", "record") or name not in Handler.__dict__:
            return object.__getattribute__(self, name)
        return lambda *args: self.record(name, *args)

    def record(self, name, *args):
        if name == "text" and self.events and self.events[-1][0] == "text":
            self.events[-1] = ("text", self.events[-1][1] + args[0])
        else:
            self.events.append((name, *args))


def parse(data: bytes, chunks=None):
    rec = Recorder()
    p = EscposParser(rec)
    if chunks is None:
        p.feed(data)
    else:
        for c in chunks:
            p.feed(c)
    return rec.events, p


@pytest.mark.parametrize("data,event", [
    (b"\x1b\x40", ("init",)),
    (b"\x1b\x21\x38", ("print_mode", 0x38)),
    (b"\x1b\x45\x01", ("bold", True)),
    (b"\x1b\x2d\x02", ("underline", 2)),
    (b"\x1d\x21\x11", ("char_size", 2, 2)),
    (b"\x1d\x21\x70", ("char_size", 8, 1)),
    (b"\x1c\x21\x0c", ("chinese_char_mode", 0x0C)),
    (b"\x1b\x61\x01", ("align", 1)),
    (b"\x1b\x61\x32", ("align", 2)),
    (b"\x0a", ("line_feed",)),
    (b"\x1b\x64\x05", ("feed_lines", 5)),
    (b"\x1d\x28\x6b\x04\x00\x31\x41\x32\x00", ("qr_model", 0x32)),
    (b"\x1d\x28\x6b\x03\x00\x31\x43\x08", ("qr_module", 8)),
    (b"\x1d\x28\x6b\x03\x00\x31\x45\x33", ("qr_ec", 0x33)),
    (b"\x1d\x28\x6b\x06\x00\x31\x50\x30abc", ("qr_store", b"abc")),
    (b"\x1d\x28\x6b\x03\x00\x31\x51\x30", ("qr_print",)),
    (b"\x1d\x76\x30\x00\x01\x00\x02\x00\x80\x01", ("raster", 1, 2, 0, b"\x80\x01")),
    (b"\x1d\x56\x00", ("cut", False, 0)),
    (b"\x1d\x56\x31", ("cut", True, 0)),
    (b"\x1d\x56\x41\x10", ("cut", False, 0x10)),
    (b"\x1d\x56\x42\x03", ("cut", True, 3)),
    (b"\x10\x04\x04", ("status_request", 4)),
])
def test_spec_command_table(data, event):
    events, _ = parse(data)
    assert events == [event]


def test_chinese_mode_decodes_gb18030_and_initialise_leaves_it():
    data = b"\x1c\x26" + "中文￥，".encode("gb18030") + b"\x1b\x40" + b"\xb0\xa1"
    events, p = parse(data)
    assert events[0] == ("text", "中文￥，")
    assert events[1] == ("init",)
    assert events[2] == ("text", "\u2591\u00ed")  # code page 437 once Chinese mode is off
    assert not p.chinese


def test_four_byte_gb18030_prints_garbage_in_chinese_mode():
    events, _ = parse(b"\x1c\x26" + "¥".encode("gb18030"))
    assert events == [("text", "\ufffd\ufffd")]


def test_two_byte_character_split_across_reads_decodes_once_complete():
    data = b"\x1c\x26" + "汉".encode("gb18030")
    events, _ = parse(data, [data[:3], data[3:]])
    assert events == [("text", "汉")]


def test_unknown_commands_are_skipped_and_text_after_them_prints():
    events, _ = parse(b"\x1b\x99XY\x1d\xeeZ\x0a")
    assert ("text", "XY") in events and ("text", "Z") in events and events[-1] == ("line_feed",)


def test_oversized_raster_is_consumed_without_being_stored():
    data = b"\x1d\x76\x30\x00\xff\xff\xff\xff"
    events, p = parse(data + b"\x00" * 10000)
    assert not any(e[0] == "raster" for e in events)
    assert p.pending == 0


def test_held_printer_keeps_at_most_its_buffer():
    rec = Recorder()
    p = EscposParser(rec)
    p.hold = True
    p.feed(b"A" * 10000)
    assert p.pending == p.capacity
    p.hold = False
    p.feed(b"")
    assert rec.events == [("text", "A" * p.capacity)]


command_bytes = st.sampled_from([b"\x1b", b"\x1d", b"\x1c", b"\x10", b"\x1b\x40", b"\x1c\x26", b"\x1d\x28\x6b",
                                 b"\x1d\x76\x30", b"\x1d\x56", b"\x10\x04", b"\x0a", "中".encode("gb18030")])
stream = st.lists(st.one_of(st.binary(max_size=40), command_bytes), max_size=40).map(b"".join)


@settings(max_examples=200, deadline=None)
@given(stream)
def test_random_bytes_never_raise(data):
    events, p = parse(data)
    assert p.pending <= len(data)


@settings(max_examples=150, deadline=None)
@given(stream, st.lists(st.integers(min_value=0, max_value=400), max_size=6))
def test_split_reads_give_the_same_events(data, cuts):
    cuts = sorted(set(c for c in cuts if c <= len(data)))
    pieces = [data[a:b] for a, b in zip([0] + cuts, cuts + [len(data)])]
    assert parse(data, pieces)[0] == parse(data)[0]
