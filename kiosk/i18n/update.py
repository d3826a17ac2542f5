"""``python -m kiosk.i18n.update``: our lupdate + lrelease — regenerate kiosk_<lang>.ts from the code, then compile it.

Existing translations are kept; a new string comes in as type="unfinished", a string whose Chinese changed
goes back to unfinished (its old English kept for the translator to review), a string no longer in the code
is marked obsolete. ``--check`` writes nothing and fails (exit 1) when a string lacks a finished translation,
a translation's placeholders differ from the Chinese, the .ts is not up to date with the code, or the .qm is
not up to date with the .ts.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from kiosk.i18n import Catalog, qm_path, ts_path
from kiosk.i18n.sources import Source, collect, placeholders
from kiosk.i18n.ts import FINISHED, OBSOLETE, UNFINISHED, Entry, TsFile, read_ts, write_ts

#: Qt's language code for each catalog the kiosk ships.
LANGUAGES = {"en": "en_GB"}
SOURCE_LANGUAGE_QT = "zh_CN"


def merge(sources: list[Source], old: TsFile | None, language: str) -> TsFile:
    """The .ts for ``sources``, carrying over what ``old`` has."""
    by_key = {(e.context, e.key): e for e in (old.entries if old else [])}
    entries, wanted = [], set()
    for src in sources:
        m = src.message
        wanted.add((m.context, m.key))
        prev = by_key.get((m.context, m.key))
        if prev is None:
            entries.append(Entry(m.context, m.zh, m.key, "", UNFINISHED, src.note))
        elif prev.source != m.zh:
            entries.append(Entry(m.context, m.zh, m.key, prev.translation, UNFINISHED, src.note, prev.remark))
        else:
            state = FINISHED if prev.state == OBSOLETE and prev.translation.strip() else prev.state
            state = UNFINISHED if state == OBSOLETE else state
            entries.append(Entry(m.context, m.zh, m.key, prev.translation, state, src.note, prev.remark))
    for e in (old.entries if old else []):
        if (e.context, e.key) not in wanted:
            entries.append(Entry(e.context, e.source, e.key, e.translation, OBSOLETE, e.note, e.remark))
    return TsFile(old.language if old and old.language else language, SOURCE_LANGUAGE_QT, entries)


def problems(sources: list[Source], ts: TsFile) -> list[str]:
    """What keeps ``ts`` from being a complete translation of ``sources``: one line per problem."""
    by_key = {(e.context, e.key): e for e in ts.entries if e.state != OBSOLETE}
    found = []
    for src in sources:
        m = src.message
        e = by_key.get((m.context, m.key))
        where = f"{m.context}/{m.key} ({m.zh!r})"
        if e is None:
            found.append(f"missing from the .ts: {where}")
        elif e.source != m.zh:
            found.append(f"the .ts has older Chinese for {where}: {e.source!r}")
        elif not e.finished:
            found.append(f"not translated (unfinished or empty): {where}")
        elif placeholders(e.translation) != placeholders(m.zh):
            found.append(f"placeholders differ: {where} -> {e.translation!r}")
    return found


def qm_problems(ts: TsFile, qm: Path) -> list[str]:
    """Finished translations the compiled catalog does not return as the .ts says."""
    try:
        cat = Catalog(qm)
    except FileNotFoundError:
        return [f"no compiled catalog at {qm}"]
    return [f"{qm.name} is not up to date for {e.context}/{e.key}: has {cat.lookup(e.context, e.source, e.key)!r}, "
            f"the .ts says {e.translation!r}"
            for e in ts.entries if e.finished and cat.lookup(e.context, e.source, e.key) != e.translation]


def lrelease_program() -> str:
    """pyside6-lrelease next to this Python, else on PATH."""
    beside = Path(sys.executable).with_name("pyside6-lrelease")
    found = str(beside) if beside.exists() else shutil.which("pyside6-lrelease") or shutil.which("lrelease")
    if not found:
        raise FileNotFoundError("pyside6-lrelease not found (pip install PySide6-Essentials)")
    return found


def lrelease(ts: Path, qm: Path) -> None:
    """Compile ``ts`` to ``qm``; unfinished translations are left out, so they show Chinese, never a blank."""
    subprocess.run([lrelease_program(), "-silent", "-nounfinished", str(ts), "-qm", str(qm)], check=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m kiosk.i18n.update", description=__doc__.split("\n")[0])
    p.add_argument("--check", action="store_true", help="change nothing; exit 1 if a translation is missing or stale")
    p.add_argument("--no-lrelease", action="store_true", help="update the .ts only")
    args = p.parse_args(argv)
    sources = collect()
    status = 0
    for lang, qt_lang in LANGUAGES.items():
        ts_file, qm_file = ts_path(lang), qm_path(lang)
        old = read_ts(ts_file) if ts_file.exists() else None
        new = merge(sources, old, qt_lang)
        if args.check:
            found = problems(sources, old) if old else [f"no {ts_file.name}"]
            if old and [(e.context, e.key, e.source, e.state) for e in new.entries] != \
                    [(e.context, e.key, e.source, e.state) for e in old.entries]:
                found.append(f"{ts_file.name} is not up to date with the code: run python -m kiosk.i18n.update")
            if old:
                found += qm_problems(old, qm_file)
            for line in found:
                print(f"{lang}: {line}")
            status = status or (1 if found else 0)
            continue
        write_ts(ts_file, new)
        todo = problems(sources, new)
        obsolete = sum(e.state == OBSOLETE for e in new.entries)
        print(f"{ts_file.name}: {len(sources)} strings, {len(sources) - len(todo)} translated, "
              f"{len(todo)} to do, {obsolete} obsolete")
        for line in todo:
            print(f"  {line}")
        if not args.no_lrelease:
            lrelease(ts_file, qm_file)
            print(f"{qm_file.name}: compiled")
    return status


def compile_to(ts: Path, directory: Path | None = None) -> Path:
    """Compile ``ts`` into ``directory`` (a new temporary one by default); for checks and tests."""
    directory = Path(directory or tempfile.mkdtemp(prefix="kiosk-i18n-"))
    qm = directory / (ts.stem + ".qm")
    lrelease(ts, qm)
    return qm


if __name__ == "__main__":
    sys.exit(main())
