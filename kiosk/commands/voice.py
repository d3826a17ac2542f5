"""`kiosk voice list` (the prompts and which recordings exist), `render` (a starting set with espeak-ng), `say`."""

from __future__ import annotations

import os
import shutil
import sys

from kiosk.config.loader import check_config, default_config_dir
from kiosk.voice import PROMPTS, BY_ID, VoicePlayer, prompt_text, render_espeak, sound_file

LANGS = ("zh", "en")


def register(sub) -> None:
    p = sub.add_parser("voice", help="list the spoken prompts, render a starting set of recordings, or play one")
    vsub = p.add_subparsers(dest="voice_command", metavar="ACTION")
    vsub.required = True
    ls = vsub.add_parser("list", help="every prompt, its words, and whether a recording exists")
    ls.add_argument("--config", help="config folder (default: the kiosk's)")
    ls.set_defaults(func=list_prompts)
    r = vsub.add_parser("render", help="speak every prompt into OUTDIR/<lang>/<prompt>.wav")
    r.add_argument("outdir", help="folder to write into (e.g. the config folder's voice/)")
    r.add_argument("--engine", choices=("espeak-ng",), default="espeak-ng", help="speech engine")
    r.add_argument("--lang", choices=LANGS, action="append", help="only this language (repeatable)")
    r.add_argument("--rate", type=int, default=150, help="words per minute (default 150)")
    r.add_argument("--force", action="store_true", help="replace recordings that exist")
    r.set_defaults(func=render)
    s = vsub.add_parser("say", help="play one prompt as the kiosk would (to test the speaker)")
    s.add_argument("prompt", help="prompt id, e.g. id.place")
    s.add_argument("--lang", choices=LANGS, default="zh")
    s.add_argument("--elder", action="store_true", help="elder mode's speed")
    s.add_argument("--config", help="config folder (default: the kiosk's)")
    s.set_defaults(func=say)


def _settings(directory: str | None):
    directory = directory or default_config_dir()
    cfg, problems = check_config(directory)
    if problems:
        for p in problems:
            print(p, file=sys.stderr)
        return directory, None
    return directory, cfg.kiosk.voice


def list_prompts(args) -> int:
    directory, settings = _settings(args.config)
    if settings is None:
        return 1
    sounds = VoicePlayer(settings, directory).sounds_dir
    print(f"voice {'on' if settings.enabled else 'off'}, engine {settings.engine}, recordings in {sounds}")
    missing = 0
    for p in PROMPTS:
        marks = []
        for lang in LANGS:
            found = sound_file(sounds, p.id, lang) is not None
            missing += not found
            marks.append(f"{lang}:{'recorded' if found else '-'}")
        print(f"{p.id:<20} {' '.join(marks):<24} {p.when}")
        for lang in LANGS:
            print(f"{'':<20}   {lang}: {prompt_text(p.id, lang)}")
    print(f"{len(PROMPTS)} prompts, {missing} recordings missing"
          + ("" if not missing else " (spoken by the engine where one is installed, else silent)"))
    return 0


def render(args) -> int:
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        print("espeak-ng is not installed (Debian: apt-get install espeak-ng)", file=sys.stderr)
        return 1
    written = kept = 0
    for lang in args.lang or LANGS:
        os.makedirs(os.path.join(args.outdir, lang), exist_ok=True)
        for p in PROMPTS:
            out = os.path.join(args.outdir, lang, f"{p.id}.wav")
            if os.path.exists(out) and not args.force:
                kept += 1
                continue
            render_espeak(espeak, prompt_text(p.id, lang), lang, args.rate, out)
            written += 1
    print(f"{written} prompts written to {args.outdir}" + (f", {kept} kept (use --force to replace)" if kept else ""))
    return 0


def say(args) -> int:
    if args.prompt not in BY_ID:
        print(f"unknown prompt '{args.prompt}' (see kiosk voice list)", file=sys.stderr)
        return 1
    directory, settings = _settings(args.config)
    if settings is None:
        return 1
    with VoicePlayer(settings.model_copy(update={"enabled": True}), directory) as player:
        player.say(args.prompt, args.lang, args.elder)
        player.wait_idle(60)
    return 0
