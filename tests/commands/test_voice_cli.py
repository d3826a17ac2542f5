"""`kiosk voice`: the prompt list with what is recorded, a starting set rendered by espeak-ng, one prompt played."""

import shutil

import pytest

from kiosk.cli import main
from kiosk.voice import PROMPTS
from tests.kiosk.voice_support import RecordingPlayer, enable_voice, write_wav


def test_voice_list_names_every_prompt_and_what_is_recorded(config_dir, tmp_path, capsys):
    player = RecordingPlayer(str(tmp_path))
    write_wav(tmp_path / "voice" / "zh" / "id.place.wav")
    enable_voice(config_dir, player, tmp_path / "voice")
    assert main(["voice", "list", "--config", str(config_dir)]) == 0
    out = capsys.readouterr().out
    for p in PROMPTS:
        assert f"\n{p.id} " in out
    assert "请将身份证放在感应区" in out and "Place your ID card on the reader" in out
    place = next(line for line in out.splitlines() if line.startswith("id.place "))
    assert "zh:recorded" in place and "en:-" in place
    assert f"{len(PROMPTS)} prompts, {2 * len(PROMPTS) - 1} recordings missing" in out


def test_voice_say_plays_one_prompt_through_the_configured_player(config_dir, tmp_path):
    player = RecordingPlayer(str(tmp_path))
    write_wav(tmp_path / "voice" / "en" / "gas.insert.wav")
    enable_voice(config_dir, player, tmp_path / "voice")
    assert main(["voice", "say", "gas.insert", "--lang", "en", "--config", str(config_dir)]) == 0
    assert player.ended() == ["en/gas.insert.wav"]
    assert main(["voice", "say", "no.such.prompt", "--config", str(config_dir)]) == 1


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_voice_render_makes_a_starting_set_of_recordings(tmp_path, capsys):
    out = tmp_path / "voice"
    assert main(["voice", "render", "--lang", "zh", str(out)]) == 0
    assert sorted(p.name for p in (out / "zh").iterdir()) == sorted(f"{p.id}.wav" for p in PROMPTS)
    assert all((out / "zh" / f"{p.id}.wav").stat().st_size > 1000 for p in PROMPTS)
    assert main(["voice", "render", "--lang", "zh", str(out)]) == 0
    assert f"0 prompts written to {out}, {len(PROMPTS)} kept" in capsys.readouterr().out
