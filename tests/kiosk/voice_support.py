"""Real stand-ins around the voice player: small wav recordings, a player command that records what it
was given, and a speech engine on PATH that records the text it was asked to speak."""

from __future__ import annotations

import os
import shlex
import stat
import sys
import threading
import wave
from array import array

#: A player: writes "start FILE PID", copies the file, optionally waits (to be cut), then writes "end FILE".
PLAYER = r'''
import os, shutil, sys, threading
path, log_path, copies, wait_s = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
with open(log_path, "a", encoding="utf-8") as fh:
    fh.write(f"start {path} {os.getpid()}\n")
n = len(os.listdir(copies))
shutil.copy(path, os.path.join(copies, f"{n:03d}-" + os.path.basename(path)))
threading.Event().wait(wait_s)
with open(log_path, "a", encoding="utf-8") as fh:
    fh.write(f"end {path}\n")
'''

#: A speech engine with espeak-ng's command line: records its arguments and the text, writes a short wav.
ENGINE = r'''#!{python}
import sys, wave
args = sys.argv[1:]
text = sys.stdin.buffer.read().decode("utf-8")
with open({log!r}, "a", encoding="utf-8") as fh:
    fh.write(repr((args, text)) + "\n")
out = args[args.index("-w") + 1]
with wave.open(out, "wb") as w:
    w.setnchannels(1); w.setsampwidth(2); w.setframerate(16000); w.writeframes(b"\x10\x00" * 1600)
'''


def write_wav(path, *, amplitude: int = 8000, frames: int = 1600) -> str:
    """A real little 16-bit mono wav (a square wave)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    samples = array("h", ((amplitude if (i // 20) % 2 else -amplitude) for i in range(frames)))
    if sys.byteorder == "big":
        samples.byteswap()
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(samples.tobytes())
    return str(path)


def wav_peak(path) -> int:
    with wave.open(str(path), "rb") as w:
        data = array("h")
        data.frombytes(w.readframes(w.getnframes()))
    if sys.byteorder == "big":
        data.byteswap()
    return max(abs(s) for s in data)


class RecordingPlayer:
    """The ``player`` command line of a real process that logs each file it is given."""

    def __init__(self, directory, wait_s: float = 0.0):
        self.dir = directory
        self.script = os.path.join(directory, "player.py")
        self.log = os.path.join(directory, "played.log")
        self.copies = os.path.join(directory, "copies")
        os.makedirs(self.copies, exist_ok=True)
        with open(self.script, "w", encoding="utf-8") as fh:
            fh.write(PLAYER)
        self.command = " ".join(shlex.quote(a) for a in (sys.executable, self.script)) + \
            f" {{file}} {shlex.quote(self.log)} {shlex.quote(self.copies)} {wait_s}"

    def lines(self) -> list[str]:
        if not os.path.exists(self.log):
            return []
        with open(self.log, encoding="utf-8") as fh:
            return fh.read().splitlines()

    def started(self) -> list[str]:
        """The files played so far, as LANG/NAME (e.g. zh/id.place.wav)."""
        out = []
        for line in self.lines():
            if line.startswith("start "):
                path = line.split(" ")[1]
                out.append("/".join(path.split(os.sep)[-2:]))
        return out

    def ended(self) -> list[str]:
        return ["/".join(line.split(" ")[1].split(os.sep)[-2:]) for line in self.lines() if line.startswith("end ")]

    def pids(self) -> list[int]:
        return [int(line.split(" ")[2]) for line in self.lines() if line.startswith("start ")]


def install_engine(bin_dir, log_path) -> str:
    """An ``espeak-ng`` in ``bin_dir`` that records what it is asked to say (put bin_dir first on PATH)."""
    os.makedirs(bin_dir, exist_ok=True)
    path = os.path.join(bin_dir, "espeak-ng")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(ENGINE.replace("{python}", sys.executable).replace("{log!r}", repr(str(log_path))))
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def engine_calls(log_path) -> list[tuple[list[str], str]]:
    import ast
    if not os.path.exists(log_path):
        return []
    with open(log_path, encoding="utf-8") as fh:
        return [ast.literal_eval(line) for line in fh.read().splitlines()]


def wait_for(predicate, timeout: float = 10.0) -> bool:
    """Poll ``predicate`` until it holds or ``timeout`` runs out (no sleeping in tests)."""
    import time
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        threading.Event().wait(0.02)
    return predicate()


def enable_voice(config_dir, player, sounds_dir, engine="files"):
    """Turn voice on in the copied kiosk.yaml (the shipped file has it off), leaving its other keys alone."""
    path = config_dir / "kiosk.yaml"
    lines, kept, in_voice = path.read_text(encoding="utf-8").splitlines(), [], False
    for line in lines:
        if line.startswith("voice:"):
            in_voice = True
            continue
        if in_voice and line.startswith((" ", "\t")):
            continue
        in_voice = False
        kept.append(line)
    quoted = lambda v: "'" + str(v).replace("'", "''") + "'"  # noqa: E731
    kept += ["voice:", "  enabled: true", f"  sounds_dir: {quoted(sounds_dir)}", f"  engine: {engine}",
             f"  player: {quoted(player.command)}"]
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
