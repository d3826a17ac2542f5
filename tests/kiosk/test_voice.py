"""Voice prompts: the prompt of each step, recordings played by a real player command, espeak-ng, silence."""

import logging
import os
import shutil
import wave

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.config import load_config
from kiosk.config.schema import Voice
from kiosk.flows.base import ScreenModel
from kiosk.voice import BY_ID, PROMPTS, VoicePlayer, prompt_for_step, prompt_text, render_espeak
from tests.kiosk.voice_support import (RecordingPlayer, engine_calls, install_engine, wait_for, wav_peak,
                                       write_wav)


def voice(tmp_path, player, **kw):
    return Voice(enabled=True, sounds_dir=str(tmp_path / "voice"), player=player.command, **kw)


def test_voice_is_off_by_default_and_starts_no_thread(config_dir, tmp_path):
    settings_ = load_config(str(config_dir)).kiosk.voice
    assert settings_.enabled is False
    player = RecordingPlayer(str(tmp_path))
    with VoicePlayer(settings_.model_copy(update={"player": player.command}), str(config_dir)) as vp:
        assert not vp.active
        vp.say("home", "zh")
        assert vp.wait_idle(1)
    assert player.lines() == []


def test_each_prompt_plays_its_recording_in_the_sessions_language(tmp_path):
    player = RecordingPlayer(str(tmp_path))
    for lang in ("zh", "en"):
        write_wav(tmp_path / "voice" / lang / "id.place.wav")
    with VoicePlayer(voice(tmp_path, player, engine="files")) as vp:
        vp.say("id.place", "en")
        assert wait_for(lambda: player.ended() == ["en/id.place.wav"])
        vp.say("id.place", "zh")
        assert wait_for(lambda: player.ended() == ["en/id.place.wav", "zh/id.place.wav"])


def test_a_recording_plays_at_the_configured_volume(tmp_path):
    player = RecordingPlayer(str(tmp_path))
    write_wav(tmp_path / "voice" / "zh" / "gas.insert.wav", amplitude=8000)
    with VoicePlayer(voice(tmp_path, player, engine="files", volume=50)) as vp:
        vp.say("gas.insert", "zh")
        assert wait_for(lambda: len(player.ended()) == 1)
    (copy,) = os.listdir(player.copies)
    assert wav_peak(os.path.join(player.copies, copy)) == 4000


def test_a_new_prompt_cuts_the_one_playing(tmp_path):
    player = RecordingPlayer(str(tmp_path), wait_s=20)
    for name in ("id.place", "id.take"):
        write_wav(tmp_path / "voice" / "zh" / f"{name}.wav")
    with VoicePlayer(voice(tmp_path, player, engine="files")) as vp:
        vp.say("id.place", "zh")
        assert wait_for(lambda: player.started() == ["zh/id.place.wav"])
        vp.say("id.take", "zh")
        assert wait_for(lambda: player.started() == ["zh/id.place.wav", "zh/id.take.wav"])
        first = player.pids()[0]
        assert wait_for(lambda: not _alive(first))
    assert player.ended() == []          # neither played out: the first was cut, the second by close()
    assert not any(_alive(pid) for pid in player.pids())


def test_stop_silences_the_prompt_playing(tmp_path):
    player = RecordingPlayer(str(tmp_path), wait_s=20)
    write_wav(tmp_path / "voice" / "zh" / "home.wav")
    with VoicePlayer(voice(tmp_path, player, engine="files")) as vp:
        vp.say("home", "zh")
        assert wait_for(lambda: len(player.pids()) == 1)
        vp.stop()
        assert vp.wait_idle(5)
        assert not _alive(player.pids()[0])


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_with_no_recording_and_no_engine_it_stays_silent_and_says_so_once(tmp_path, monkeypatch, caplog):
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    monkeypatch.setenv("PATH", str(empty_bin))   # no espeak-ng to be found
    player = RecordingPlayer(str(tmp_path))
    caplog.set_level(logging.INFO, logger="kiosk.voice")
    with VoicePlayer(voice(tmp_path, player, engine="auto")) as vp:
        for prompt in ("home", "id.place", "id.take"):
            vp.say(prompt, "zh")
            assert vp.wait_idle(5)
    unavailable = [r for r in caplog.records if "cannot be played" in r.getMessage()]
    assert len(unavailable) == 1 and unavailable[0].levelno == logging.INFO
    assert player.lines() == []
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_player_that_cannot_run_is_logged_once_and_never_raises(tmp_path, caplog):
    write_wav(tmp_path / "voice" / "zh" / "home.wav")
    settings_ = Voice(enabled=True, sounds_dir=str(tmp_path / "voice"), engine="files",
                      player=str(tmp_path / "no-such-player") + " {file}")
    caplog.set_level(logging.INFO, logger="kiosk.voice")
    with VoicePlayer(settings_) as vp:
        for _ in range(3):
            vp.say("home", "zh")
            assert vp.wait_idle(5)
    assert len([r for r in caplog.records if "cannot run" in r.getMessage()]) == 1


def test_engine_speaks_prompts_without_a_recording_slower_in_elder_mode(tmp_path, monkeypatch):
    engine_log = tmp_path / "engine.log"
    install_engine(tmp_path / "bin", engine_log)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    player = RecordingPlayer(str(tmp_path))
    write_wav(tmp_path / "voice" / "zh" / "home.wav")
    with VoicePlayer(voice(tmp_path, player, engine="auto", rate=150, elder_rate=110)) as vp:
        vp.say("home", "zh")                  # recorded: no engine
        assert vp.wait_idle(5)
        vp.say("id.place", "zh")
        assert vp.wait_idle(5)
        vp.say("id.place", "en", elder=True)
        assert vp.wait_idle(5)
    calls = engine_calls(engine_log)
    assert [(a[a.index("-v") + 1], a[a.index("-s") + 1], text) for a, text in calls] == [
        ("cmn", "150", "请将身份证放在感应区"), ("en", "110", "Place your ID card on the reader")]
    assert player.ended()[0] == "zh/home.wav" and len(player.ended()) == 3


def test_engine_files_never_uses_a_speech_engine(tmp_path, monkeypatch):
    engine_log = tmp_path / "engine.log"
    install_engine(tmp_path / "bin", engine_log)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    player = RecordingPlayer(str(tmp_path))
    with VoicePlayer(voice(tmp_path, player, engine="files")) as vp:
        vp.say("id.place", "zh")
        assert vp.wait_idle(5)
    assert engine_calls(engine_log) == [] and player.lines() == []


# ---------------------------------------------------------------- which prompt a step gets

@pytest.mark.parametrize("model,prompt", [
    (ScreenModel("place_card", "id.place.title", "id.place.body"), "id.place"),
    (ScreenModel("reading", "id.reading.title", "id.reading.body", busy=True), "id.reading"),
    (ScreenModel("querying", "query.title", "query.body", busy=True), None),
    (ScreenModel("report", "credit.report.title"), None),
    (ScreenModel("take_card", "id.take.title", "id.take.body"), "id.take"),
    (ScreenModel("take_card", "id.take.title", "id.take.body", fields={"printed": True}), "id.take.paper"),
    (ScreenModel("take_card", "id.take.title", "id.take.alert", fields={"alert": True, "printed": True}),
     "id.take.alert"),
    (ScreenModel("read_failed", "id.read_failed.title", "id.read_failed.body"), "id.read_failed"),
    (ScreenModel("insert_card", "gas.insert.title", "gas.insert.body"), "gas.insert"),
    (ScreenModel("account", "gas.account.title"), "gas.account"),
    (ScreenModel("pay", "gas.pay.title", "gas.pay.body"), "gas.pay"),
    (ScreenModel("writing", "gas.writing.title", "gas.writing.body"), "gas.writing"),
    (ScreenModel("take_card", "gas.take.title", "gas.take.body"), "gas.take.receipt"),
    (ScreenModel("take_card", "gas.take.title", "gas.unpaid.body"), "gas.take"),
])
def test_each_step_gets_its_prompt_or_none(model, prompt):
    assert prompt_for_step(model) == prompt


def test_every_prompt_has_fixed_words_in_both_languages():
    for p in PROMPTS:
        for lang in ("zh", "en"):
            text = prompt_text(p.id, lang)
            assert text and "{" not in text and not any(c.isdigit() for c in text)
    assert prompt_text("id.place", "zh") != prompt_text("id.place", "en")


_names = st.text(alphabet="张王李赵刘陈杨黄周吴三四五秀英建国", min_size=2, max_size=4)
_numbers = st.from_regex(r"\A[1-6]\d{16}[\dX]\Z")


@settings(max_examples=150, deadline=None)
@given(title=st.sampled_from([f"{p.id}.title" for p in PROMPTS] + ["credit.report.title", "gas.account.title"]),
       message=st.sampled_from([None, "id.take.alert", "gas.take.body", "id.take.body"]),
       name=_names, number=_numbers, amount=st.integers(1, 5000))
def test_personal_data_on_a_screen_never_reaches_the_speech_engine(title, message, name, number, amount):
    model = ScreenModel("take_card", title, message, fields={"name": name, "id_number": number, "amount": amount,
                                                              "printed": True, "card_no": number[:12]})
    prompt = prompt_for_step(model)
    if prompt is None:
        return
    for lang in ("zh", "en"):
        text = prompt_text(prompt, lang)
        assert name not in text and number[-4:] not in text and str(amount) not in text
        assert text == prompt_text(prompt, lang)  # fixed: the same whatever the screen holds


def test_a_player_command_without_a_file_is_refused_by_the_config():
    with pytest.raises(ValueError, match=r"\{file\}"):
        Voice(player="aplay -q")


# ---------------------------------------------------------------- the real engine, where installed

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")


@needs_espeak
def test_espeak_ng_speaks_a_chinese_prompt_into_a_wav(tmp_path):
    out = tmp_path / "id.place.wav"
    render_espeak(shutil.which("espeak-ng"), prompt_text("id.place", "zh"), "zh", 150, str(out))
    with wave.open(str(out), "rb") as w:
        assert w.getnframes() > w.getframerate() // 2   # at least half a second of speech
    assert wav_peak(out) > 1000


@needs_espeak
def test_espeak_ng_voice_reaches_the_player_as_a_wav(tmp_path):
    player = RecordingPlayer(str(tmp_path))
    with VoicePlayer(voice(tmp_path, player, engine="espeak-ng")) as vp:
        vp.say("gas.take.receipt", "zh", elder=True)
        assert wait_for(lambda: len(player.ended()) == 1)
    (copy,) = os.listdir(player.copies)
    with wave.open(os.path.join(player.copies, copy), "rb") as w:
        assert w.getnframes() > 0


def test_the_prompt_table_names_each_prompt_once():
    assert len(BY_ID) == len(PROMPTS)


def test_every_prompt_belongs_to_a_screen_that_exists():
    """A renamed step title would silently lose its prompt: each prompt's title or message is still drawn."""
    from pathlib import Path
    from kiosk.voice import _BY_MESSAGE
    root = Path(__file__).resolve().parents[2]
    code = "".join(p.read_text(encoding="utf-8") for d in ("kiosk/flows", "ui/screens", "ui/widgets")
                   for p in (root / d).glob("*.py"))
    by_message = {prompt: message for message, prompt in _BY_MESSAGE.items()}
    for p in PROMPTS:
        if p.id == "id.take.paper":
            needle = '"printed"'
        else:
            needle = f'"{by_message.get(p.id, p.id + ".title")}"'
        assert needle in code, f"prompt {p.id}: no screen draws {needle}"
