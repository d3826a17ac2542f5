"""Voice prompts during real visits: the recordings of each step reach a real player, in the session's language."""

import os

import pytest
from PySide6.QtCore import Qt

from kiosk.voice import PROMPTS, prompt_text
from tests.e2e.test_id_services import DECK, click_button, open_service, step
from tests.kiosk.voice_support import (RecordingPlayer, enable_voice, engine_calls, install_engine, wait_for,
                                       write_wav)


@pytest.fixture(autouse=True)
def patient_printer(config_dir):
    """These visits are about speech: a printer status answer late on a loaded machine must not fail them."""
    path = config_dir / "devices.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    native_qr: true\n", "    native_qr: true\n    status_timeout_ms: 3000\n", 1),
                    encoding="utf-8")


@pytest.fixture
def recordings(tmp_path):
    """A real little wav for every prompt in both languages."""
    d = tmp_path / "voice"
    for p in PROMPTS:
        for lang in ("zh", "en"):
            write_wav(d / lang / f"{p.id}.wav")
    return d


@pytest.fixture
def voiced(config_dir, recordings, tmp_path):
    player = RecordingPlayer(str(tmp_path))
    enable_voice(config_dir, player, recordings)
    return player


@pytest.fixture
def slow_voiced(config_dir, recordings, tmp_path):
    player = RecordingPlayer(str(tmp_path), wait_s=20)
    enable_voice(config_dir, player, recordings)
    return player


def test_a_credit_report_visit_plays_each_steps_recording_in_chinese(qtbot, voiced, runtime):
    rt, player = runtime, voiced
    qtbot.mouseClick(rt.window.attract, Qt.LeftButton)
    assert wait_for(lambda: player.ended() == ["zh/home.wav"])
    qtbot.mouseClick(rt.window.home.tiles["credit"], Qt.LeftButton)
    qtbot.waitUntil(lambda: step(rt.window) == "place_card", timeout=3000)
    assert wait_for(lambda: player.ended()[-1:] == ["zh/id.place.wav"])
    rt.hardware.id_reader.insert_card("li_xiuying")
    qtbot.waitUntil(lambda: step(rt.window) == "report", timeout=10000)
    assert rt.window.voice.player.wait_idle(10)   # a resident listens before touching "print"
    click_button(qtbot, rt.window, "flow.print")
    qtbot.waitUntil(lambda: step(rt.window) == "take_card", timeout=15000)
    assert wait_for(lambda: player.ended()[-1:] == ["zh/id.take.paper.wav"])
    rt.hardware.id_reader.remove_card()
    qtbot.waitUntil(lambda: rt.window.current_screen is rt.window.home, timeout=5000)
    assert wait_for(lambda: player.ended()[-1:] == ["zh/home.wav"])
    played = player.started()
    # in the order a resident meets them ("keep still" only if the card took long enough to read)
    expected = ["zh/home.wav", "zh/id.place.wav", "zh/id.reading.wav", "zh/id.take.paper.wav", "zh/home.wav"]
    assert _in_order(played, expected) and {"zh/id.place.wav", "zh/id.take.paper.wav"} <= set(played)
    rt.window.end_session()


def _in_order(played, expected) -> bool:
    it = iter(expected)
    return all(any(p == e for e in it) for p in played)


def test_an_english_session_hears_the_english_recordings(qtbot, voiced, runtime):
    rt, player = runtime, voiced
    qtbot.mouseClick(rt.window.attract, Qt.LeftButton)
    assert wait_for(lambda: player.ended() == ["zh/home.wav"])
    qtbot.mouseClick(rt.window.header.lang_button, Qt.LeftButton)
    assert wait_for(lambda: player.ended()[-1:] == ["en/home.wav"])   # the prompt on screen, again in English
    open_service_from_home(qtbot, rt, "credit")
    assert wait_for(lambda: player.ended()[-1:] == ["en/id.place.wav"])
    click_button(qtbot, rt.window, "flow.home")
    qtbot.waitUntil(lambda: rt.window.current_screen is rt.window.home, timeout=5000)
    assert wait_for(lambda: player.ended()[-1:] == ["en/home.wav"])
    rt.window.end_session()


def open_service_from_home(qtbot, rt, tile):
    qtbot.mouseClick(rt.window.home.tiles[tile], Qt.LeftButton)
    qtbot.waitUntil(lambda: step(rt.window) == "place_card", timeout=3000)


def test_the_idle_countdown_asks_if_more_time_is_needed(qtbot, voiced, runtime, e2e_clock):
    rt, player = runtime, voiced
    qtbot.mouseClick(rt.window.attract, Qt.LeftButton)
    assert wait_for(lambda: player.ended() == ["zh/home.wav"])
    e2e_clock.advance(rt.config.kiosk.timeouts.idle_seconds + 1)
    qtbot.waitUntil(lambda: rt.window.overlay.isVisible(), timeout=3000)
    assert wait_for(lambda: player.ended()[-1:] == ["zh/idle.wav"])
    qtbot.wait(100)   # more countdown ticks: asked once only
    assert player.started().count("zh/idle.wav") == 1
    rt.window.end_session()


def test_the_end_of_a_session_cuts_the_prompt_playing(qtbot, slow_voiced, runtime):
    rt, player = runtime, slow_voiced
    open_service(qtbot, rt, "credit")
    assert wait_for(lambda: player.started()[-1:] == ["zh/id.place.wav"])
    pid = player.pids()[-1]
    rt.window.end_session()
    assert wait_for(lambda: not _alive(pid))
    assert player.ended() == []
    assert rt.window.current_screen is rt.window.attract


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
def engine_voiced(config_dir, tmp_path, monkeypatch):
    """No recordings; an espeak-ng on PATH that records the text it is given."""
    engine_log = tmp_path / "engine.log"
    install_engine(tmp_path / "bin", engine_log)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    player = RecordingPlayer(str(tmp_path))
    enable_voice(config_dir, player, tmp_path / "no-recordings", engine="auto")
    return engine_log


def test_the_speech_engine_never_hears_who_the_resident_is(qtbot, engine_voiced, runtime):
    rt, engine_log, card = runtime, engine_voiced, DECK["wang_jianguo"]
    open_service(qtbot, rt, "credit")
    rt.hardware.id_reader.insert_card("wang_jianguo")
    qtbot.waitUntil(lambda: step(rt.window) == "report", timeout=10000)
    assert rt.window.voice.player.wait_idle(10)   # a resident listens before touching "print"
    click_button(qtbot, rt.window, "flow.print")
    qtbot.waitUntil(lambda: step(rt.window) == "take_card", timeout=15000)
    take_paper = prompt_text("id.take.paper", "zh")
    assert wait_for(lambda: take_paper in [text for _a, text in engine_calls(engine_log)])
    rt.hardware.id_reader.remove_card()
    qtbot.waitUntil(lambda: rt.window.current_screen is rt.window.home, timeout=5000)
    rt.window.end_session()
    spoken = [text for _args, text in engine_calls(engine_log)]
    fixed = {prompt_text(p.id, lang) for p in PROMPTS for lang in ("zh", "en")}
    assert set(spoken) <= fixed
    for text in spoken:
        assert card["name"][-1] not in text
        assert card["number"][-4:] not in text and not any(c.isdigit() for c in text)


def test_a_gas_top_up_asks_for_the_card_the_amount_the_payment_and_says_take_card_and_receipt(
        qtbot, voiced, runtime, monkeypatch):
    from ui.flow_runner import FlowRunner
    monkeypatch.setattr(FlowRunner, "POLL_MS", 50)
    rt, player, w = runtime, voiced, runtime.window
    qtbot.mouseClick(w.attract, Qt.LeftButton)
    qtbot.mouseClick(w.home.tiles["gas"], Qt.LeftButton)
    qtbot.waitUntil(lambda: step(w) == "insert_card", timeout=3000)
    assert wait_for(lambda: player.ended()[-1:] == ["zh/gas.insert.wav"])
    rt.hardware.gas_reader.insert("ready")
    qtbot.waitUntil(lambda: step(w) == "account", timeout=10000)
    assert wait_for(lambda: player.ended()[-1:] == ["zh/gas.account.wav"])
    click_button(qtbot, w, "flow.amount.100")
    assert wait_for(lambda: player.ended()[-1:] == ["zh/gas.confirm.wav"])
    click_button(qtbot, w, "flow.pay")
    qtbot.waitUntil(lambda: step(w) == "pay", timeout=10000)
    assert wait_for(lambda: player.ended()[-1:] == ["zh/gas.pay.wav"])
    rt.backend.pay(w.current_screen.runner.flow.order.order_no)
    qtbot.waitUntil(lambda: step(w) == "take_card", timeout=15000)
    assert wait_for(lambda: player.ended()[-1:] == ["zh/gas.take.receipt.wav"])
    qtbot.waitUntil(lambda: rt.hardware.gas_reader.card_position == "gate", timeout=10000)
    rt.hardware.gas_reader.take()
    qtbot.waitUntil(lambda: w.current_screen is w.home, timeout=10000)
    assert wait_for(lambda: player.ended()[-1:] == ["zh/home.wav"])
    expected = ["zh/home.wav", "zh/gas.insert.wav", "zh/gas.account.wav", "zh/gas.confirm.wav", "zh/gas.pay.wav",
                "zh/gas.writing.wav", "zh/gas.take.receipt.wav", "zh/home.wav"]
    assert _in_order(player.started(), expected)
    w.end_session()
