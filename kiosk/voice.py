"""Spoken prompts: which prompt a step gets, and a worker thread that plays its recording or speaks it.

A prompt is a short fixed sentence for a step that deserves speaking (place your ID card, take your
card, scan to pay …). It is a recorded sound file ``<sounds_dir>/<lang>/<prompt>.wav`` when there is
one, else the prompt's screen text spoken by a speech engine (espeak-ng) where one is installed,
else nothing. Prompts are fixed texts and never formatted with a screen's fields, so a name, an ID
number, a card number or an amount can never be spoken. No Qt here: the UI calls ``say()`` and
``stop()``; playback runs on the player's own thread, and a new prompt cuts the one playing.
"""

from __future__ import annotations

import logging
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import wave
from array import array
from dataclasses import dataclass

from kiosk.texts import t

log = logging.getLogger("kiosk.voice")


@dataclass(frozen=True)
class Prompt:
    """One spoken prompt: ``id`` names its sound file; ``says`` are the text keys a speech engine reads."""

    id: str
    says: tuple[str, ...]
    when: str            # for staff: where it is heard


#: Every prompt, in the order a resident meets them. Steps not listed here stay silent.
PROMPTS: tuple[Prompt, ...] = (
    Prompt("home", ("home.title",), "home screen: choose a service"),
    Prompt("id.place", ("id.place.title",), "place the ID card on the reader"),
    Prompt("id.card_left", ("id.card_left.title", "id.card_left.body"),
           "someone else's card lies on the reader: take it away first, then place your own"),
    Prompt("id.reading", ("id.reading.body",), "reading the ID card: keep it still"),
    Prompt("id.refused", ("id.refused.title",), "error: this card cannot be used"),
    Prompt("id.read_failed", ("id.read_failed.title",), "error: the ID card could not be read"),
    Prompt("query.failed", ("query.failed.title",), "error: the lookup failed"),
    Prompt("print.failed", ("print.failed.title",), "error: printing failed"),
    Prompt("print.done", ("print.done.body",), "printed: take the document"),
    Prompt("id.take", ("id.take.title",), "take the ID card back"),
    Prompt("id.take.paper", ("print.take_paper",), "printed: take the document and the ID card"),
    Prompt("id.take.alert", ("id.take.alert",), "the ID card is still on the reader (alert)"),
    Prompt("gas.insert", ("gas.insert.title",), "insert the gas card"),
    Prompt("gas.read_failed", ("gas.read_failed.title",), "error: the gas card could not be read"),
    Prompt("gas.refused", ("gas.refused.title",), "error: this gas card cannot be topped up"),
    Prompt("gas.service_error", ("gas.service_error.title",), "error: the account cannot be looked up"),
    Prompt("gas.account", ("voice.gas.choose_amount",), "gas account shown: choose an amount"),
    Prompt("gas.keypad", ("gas.keypad.title",), "keypad: enter the amount"),
    Prompt("gas.confirm", ("gas.confirm.title",), "confirm the amount"),
    Prompt("gas.pay", ("gas.pay.title",), "scan the QR code to pay"),
    Prompt("gas.pay_unavailable", ("gas.pay_unavailable.title",), "error: payment not available"),
    Prompt("gas.writing", ("gas.writing.title",), "writing the card: do not pull it"),
    Prompt("gas.rewrite", ("gas.rewrite.title",), "writing an earlier purchase: do not pull the card"),
    Prompt("gas.write_failed", ("gas.write_failed.title",), "error: the card could not be written"),
    Prompt("gas.take", ("gas.take.title",), "take the gas card"),
    Prompt("gas.take.receipt", ("gas.take.body",), "topped up: take the card and the receipt"),
    Prompt("idle", ("idle.title",), "idle countdown: do you need more time?"),
)

BY_ID: dict[str, Prompt] = {p.id: p for p in PROMPTS}

#: Messages that decide a step's prompt before its title does (same title, different words).
_BY_MESSAGE = {"id.take.alert": "id.take.alert", "gas.take.body": "gas.take.receipt"}

#: Sound file types looked for, in this order.
SOUND_EXTENSIONS = (".wav", ".ogg", ".mp3", ".flac")

#: espeak-ng voice per session language.
ESPEAK_VOICES = {"zh": "cmn", "en": "en"}

#: A prompt longer than this is cut (a player that hangs must not hold the speaker).
MAX_PLAY_SECONDS = 30.0

_NOT_SAYABLE = re.compile(r"\d{3,}|[{}]")


def prompt_for_step(model) -> str | None:
    """The prompt of a flow's screen model (kiosk.flows.base.ScreenModel), or None for a silent step."""
    if model.message in _BY_MESSAGE:
        return _BY_MESSAGE[model.message]
    if model.step == "take_card" and model.fields.get("printed"):
        return "id.take.paper"
    title = model.title or ""
    if title.endswith(".title") and title[: -len(".title")] in BY_ID:
        return title[: -len(".title")]
    return None


def prompt_text(prompt_id: str, lang: str) -> str:
    """What a speech engine says for a prompt: its fixed texts, never formatted with anyone's data."""
    parts = [t(key, lang).strip() for key in BY_ID[prompt_id].says]
    if lang == "en":  # a title has no full stop: without one the engine runs it into the next sentence
        text = " ".join(p if i == len(parts) - 1 or p.endswith((".", "!", "?")) else p + "."
                        for i, p in enumerate(parts))
    else:
        text = "，".join(parts)
    if _NOT_SAYABLE.search(text):  # a placeholder or a number: could be someone's data, so never spoken
        raise ValueError(f"prompt {prompt_id} has a text that is not fixed")
    return text


def sound_file(sounds_dir: str, prompt_id: str, lang: str) -> str | None:
    """The recording of a prompt in a language, if there is one."""
    for ext in SOUND_EXTENSIONS:
        path = os.path.join(sounds_dir, lang, prompt_id + ext)
        if os.path.isfile(path) and os.path.getsize(path) > 0:
            return path
    return None


def render_espeak(espeak: str, text: str, lang: str, rate: int, out_path: str, *, volume: int = 100,
                  timeout: float = 20.0) -> None:
    """Speak ``text`` into the wav file ``out_path`` with espeak-ng (raises OSError/CalledProcessError)."""
    cmd = [espeak, "-v", ESPEAK_VOICES.get(lang, "cmn"), "-s", str(rate), "-a", str(volume), "-w", out_path,
           "--stdin"]
    subprocess.run(cmd, input=text.encode("utf-8"), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                   timeout=timeout, check=True)


def scaled_wav(src: str, dst: str, volume: int) -> bool:
    """Copy a 16-bit PCM wav at ``volume`` percent; False if it is not one (then it plays as recorded)."""
    try:
        with wave.open(src, "rb") as w:
            if w.getsampwidth() != 2 or w.getcomptype() != "NONE":
                return False
            params, frames = w.getparams(), w.readframes(w.getnframes())
    except (wave.Error, EOFError, OSError):
        return False
    samples = array("h")
    samples.frombytes(frames[: len(frames) // 2 * 2])
    if sys.byteorder == "big":
        samples.byteswap()
    factor = volume / 100.0
    samples = array("h", (int(s * factor) for s in samples))
    if sys.byteorder == "big":
        samples.byteswap()
    with wave.open(dst, "wb") as out:
        out.setparams(params)
        out.writeframes(samples.tobytes())
    return True


class VoicePlayer:
    """Plays prompts one at a time on a worker thread; ``say()`` and ``stop()`` never block the caller.

    ``settings`` is kiosk.config.schema.Voice; ``config_dir`` is where a relative ``sounds_dir`` starts.
    Nothing runs until ``open()``; ``close()`` silences it and joins the thread.
    """

    def __init__(self, settings, config_dir: str = "."):
        self.settings = settings
        d = os.path.expanduser(settings.sounds_dir)
        self.sounds_dir = d if os.path.isabs(d) else os.path.normpath(os.path.join(config_dir, d))
        self.espeak: str | None = None
        self._cond = threading.Condition()
        self._pending: tuple[str, str, bool] | None = None
        self._generation = 0
        self._proc: subprocess.Popen | None = None
        self._closing = False
        self._busy = False
        self._thread: threading.Thread | None = None
        self._cache: str | None = None
        self._logged: set[str] = set()

    # ---------------------------------------------------------------- life
    @property
    def active(self) -> bool:
        return self._thread is not None

    def open(self) -> "VoicePlayer":
        s = self.settings
        if not s.enabled:
            return self
        if s.engine == "none":
            log.info("voice prompts are on with engine 'none': nothing is spoken")
            return self
        if s.engine in ("auto", "espeak-ng"):
            self.espeak = shutil.which("espeak-ng")
            if self.espeak is None and s.engine == "espeak-ng":
                log.warning("voice engine espeak-ng is not installed: prompts without a recording stay silent")
        self._cache = tempfile.mkdtemp(prefix="kiosk-voice-")
        self._thread = threading.Thread(target=self._run, name="voice-player", daemon=True)
        self._thread.start()
        log.info("voice prompts on: recordings in %s, speech engine %s", self.sounds_dir,
                 self.espeak if self.espeak and s.engine != "files" else "none")
        return self

    def close(self) -> None:
        thread = self._thread
        with self._cond:
            self._closing = True
            self._pending = None
            self._generation += 1
            self._kill_locked()
            self._cond.notify_all()
        if thread is not None:
            thread.join(timeout=2)
            if thread.is_alive():  # a player that ignores SIGTERM
                with self._cond:
                    proc = self._proc
                if proc is not None:
                    try:
                        os.killpg(proc.pid, signal.SIGKILL)
                    except (ProcessLookupError, PermissionError):
                        pass
                thread.join(timeout=3)
            self._thread = None
        if self._cache is not None:
            shutil.rmtree(self._cache, ignore_errors=True)
            self._cache = None

    def __enter__(self):
        return self.open()

    def __exit__(self, *exc):
        self.close()

    # ---------------------------------------------------------------- asking for speech
    def say(self, prompt_id: str, lang: str, elder: bool = False) -> None:
        """Play ``prompt_id`` in ``lang`` now, cutting whatever is playing (no-op when voice is off)."""
        if self._thread is None or prompt_id not in BY_ID:
            return
        with self._cond:
            if self._closing:
                return
            self._generation += 1
            self._pending = (prompt_id, lang, elder)
            self._kill_locked()
            self._cond.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        """Wait until nothing is playing or waiting to play (for `kiosk voice say` and tests)."""
        with self._cond:
            return self._cond.wait_for(lambda: self._pending is None and not self._busy, timeout)

    def stop(self) -> None:
        """Silence: cut the prompt playing and drop the one waiting."""
        if self._thread is None:
            return
        with self._cond:
            self._generation += 1
            self._pending = None
            self._kill_locked()

    def _kill_locked(self) -> None:
        proc = self._proc
        if proc is not None and proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)  # the player and anything it started
            except (ProcessLookupError, PermissionError):
                pass

    # ---------------------------------------------------------------- the worker
    def _run(self) -> None:
        while True:
            with self._cond:
                while self._pending is None and not self._closing:
                    self._cond.wait()
                if self._closing:
                    return
                (prompt_id, lang, elder), self._pending = self._pending, None
                generation = self._generation
                self._busy = True
            try:
                path = self._source(prompt_id, lang, elder)
                if path is not None:
                    self._play(path, generation)
            except Exception:  # a broken recording or engine must never take the kiosk down
                log.exception("voice prompt %s (%s) could not be played", prompt_id, lang)
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()

    def _source(self, prompt_id: str, lang: str, elder: bool) -> str | None:
        s = self.settings
        recorded = sound_file(self.sounds_dir, prompt_id, lang) if s.engine != "espeak-ng" else None
        if recorded is not None:
            return self._at_volume(recorded, f"{lang}-{prompt_id}")
        if self.espeak is None or s.engine == "files":
            self._log_once("unavailable", logging.INFO,
                           "voice prompts are on but cannot be played: no recording in %s and no speech engine "
                           "(install espeak-ng, or record the prompts: kiosk voice list)", self.sounds_dir)
            log.debug("no recording of %s in %s", prompt_id, lang)
            return None
        rate = s.elder_rate if elder else s.rate
        out = os.path.join(self._cache, f"{lang}-{prompt_id}-{rate}-{s.volume}.wav")
        if not os.path.exists(out):
            try:
                render_espeak(self.espeak, prompt_text(prompt_id, lang), lang, rate, out + ".part",
                              volume=s.volume)
                os.replace(out + ".part", out)
            except (OSError, subprocess.SubprocessError) as exc:
                self._log_once("espeak", logging.WARNING, "espeak-ng could not speak a prompt: %s", exc)
                return None
        return out

    def _at_volume(self, path: str, name: str) -> str:
        volume = self.settings.volume
        if volume >= 100 or not path.endswith(".wav"):
            return path
        out = os.path.join(self._cache, f"{name}-v{volume}-{int(os.path.getmtime(path))}.wav")
        if os.path.exists(out) or scaled_wav(path, out, volume):
            return out
        return path

    def _play(self, path: str, generation: int) -> None:
        args = [a.replace("{file}", path).replace("{volume}", str(self.settings.volume))
                for a in shlex.split(self.settings.player)]
        with self._cond:
            if self._closing or generation != self._generation:
                return  # a newer prompt (or silence) was asked for while this one was prepared
        try:  # started outside the lock: say() from the GUI thread never waits for a fork
            proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL, start_new_session=True)
        except OSError as exc:
            self._log_once("player", logging.WARNING, "voice player '%s' cannot run: %s", args[0], exc)
            return
        with self._cond:
            self._proc = proc
            if self._closing or generation != self._generation:
                self._kill_locked()  # superseded while it started
        try:
            proc.wait(timeout=MAX_PLAY_SECONDS)
        except subprocess.TimeoutExpired:
            log.warning("voice player still running after %.0f s: stopped", MAX_PLAY_SECONDS)
            with self._cond:
                self._kill_locked()
            proc.wait()
        with self._cond:
            self._proc = None
            cut = generation != self._generation
        if proc.returncode and not cut:
            self._log_once(f"rc{proc.returncode}", logging.WARNING, "voice player '%s' failed (exit status %s)",
                           args[0], proc.returncode)

    def _log_once(self, key: str, level: int, msg: str, *args) -> None:
        if key not in self._logged:
            self._logged.add(key)
            log.log(level, msg, *args)


def open_voice(kiosk_settings, config_dir: str) -> VoicePlayer:
    """The kiosk's voice player from kiosk.yaml's settings, opened (idle and thread-less when voice is off)."""
    return VoicePlayer(kiosk_settings.voice, config_dir).open()
