"""Reading and writing Qt Linguist .ts files (the XML a translator edits), in the layout lupdate writes."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

#: type="…" of a <translation>: finished has no attribute; the others are Qt's own words.
FINISHED, UNFINISHED, OBSOLETE = "finished", "unfinished", "obsolete"


@dataclass
class Entry:
    """One <message>: its context, Chinese source, key (the <comment>, Qt's disambiguation) and translation."""

    context: str
    source: str
    key: str
    translation: str = ""
    state: str = UNFINISHED
    note: str = ""  # <extracomment>: a hint for the translator written by the extractor
    remark: str = ""  # <translatorcomment>: the translator's own note, written in Linguist and kept

    @property
    def finished(self) -> bool:
        return self.state == FINISHED and bool(self.translation.strip())


@dataclass
class TsFile:
    language: str
    source_language: str
    entries: list[Entry]


def read_ts(path: Path | str) -> TsFile:
    root = ET.parse(str(path)).getroot()
    entries = []
    for ctx in root.iter("context"):
        name = ctx.findtext("name", "")
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            kind = tr.get("type", FINISHED) if tr is not None else UNFINISHED
            entries.append(Entry(name, msg.findtext("source", ""), msg.findtext("comment", ""),
                                 (tr.text or "") if tr is not None else "",
                                 OBSOLETE if kind in (OBSOLETE, "vanished") else kind,
                                 msg.findtext("extracomment", ""), msg.findtext("translatorcomment", "")))
    return TsFile(root.get("language", ""), root.get("sourcelanguage", ""), entries)


def _x(text: str) -> str:
    return escape(text, {'"': "&quot;", "'": "&apos;"})


def write_ts(path: Path | str, ts: TsFile) -> None:
    """Write ``ts`` grouped by context (contexts and messages keep their order)."""
    contexts: dict[str, list[Entry]] = {}
    for e in ts.entries:
        contexts.setdefault(e.context, []).append(e)
    out = ['<?xml version="1.0" encoding="utf-8"?>', "<!DOCTYPE TS>",
           f'<TS version="2.1" language="{_x(ts.language)}" sourcelanguage="{_x(ts.source_language)}">']
    for name, entries in contexts.items():
        out += ["<context>", f"    <name>{_x(name)}</name>"]
        for e in entries:
            out += ["    <message>", f"        <source>{_x(e.source)}</source>"]
            if e.key:
                out.append(f"        <comment>{_x(e.key)}</comment>")
            if e.note:
                out.append(f"        <extracomment>{_x(e.note)}</extracomment>")
            if e.remark:
                out.append(f"        <translatorcomment>{_x(e.remark)}</translatorcomment>")
            kind = "" if e.state == FINISHED else f' type="{e.state}"'
            out += [f"        <translation{kind}>{_x(e.translation)}</translation>", "    </message>"]
        out.append("</context>")
    out.append("</TS>")
    Path(path).write_text("\n".join(out) + "\n", encoding="utf-8")


__all__ = ["Entry", "TsFile", "read_ts", "write_ts", "FINISHED", "UNFINISHED", "OBSOLETE"]
