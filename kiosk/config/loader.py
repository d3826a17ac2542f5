"""Load a config folder, collecting every problem with its file and line at once."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

from pydantic import BaseModel, ValidationError

from kiosk.config import schema
from kiosk.config.yamlsrc import Located, YamlSyntaxError, load_located
from kiosk.errors import ConfigError

log = logging.getLogger("kiosk.config")

FILES = {"kiosk.yaml": schema.KioskSettings, "menu.yaml": schema.MenuConfig, "devices.yaml": schema.DevicesConfig}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a config file."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


def default_config_dir() -> str:
    """``$KIOSK_CONFIG``, else /etc/kiosk if it exists, else the repository's ``config/``."""
    env = os.environ.get("KIOSK_CONFIG")
    if env:
        return env
    if os.path.isfile("/etc/kiosk/kiosk.yaml"):
        return "/etc/kiosk"
    return os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "config")


def _field_names(model: type[BaseModel], loc: tuple) -> list[str]:
    """Names of the keys the model allows at ``loc`` (for "did you mean")."""
    current: object = model
    for part in loc:
        if isinstance(part, int) or not (isinstance(current, type) and issubclass(current, BaseModel)):
            if isinstance(part, int):
                continue
            return []
        field = current.model_fields.get(part)
        if field is None:
            return []
        current = _inner_model(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _inner_model(annotation):
    import typing
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _clean_loc(loc) -> tuple:
    # pydantic inserts union/function tags (e.g. 'function-after[...]'); drop them
    return tuple(p for p in loc if isinstance(p, int) or not ("[" in str(p) and "]" in str(p)))


def _describe(loc: tuple) -> str:
    out = ""
    for p in loc:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def _problems_from_validation(file: str, doc: Located, model: type[BaseModel], exc: ValidationError,
                              prefix: tuple = ()) -> list[Problem]:
    problems = []
    for err in exc.errors():
        loc = prefix + _clean_loc(err["loc"])
        where = _describe(loc)
        kind = err["type"]
        if kind == "extra_forbidden":
            key = loc[-1]
            hint = schema.did_you_mean(key, _field_names(model, loc[len(prefix):-1]))
            msg = f"unknown key '{key}'{hint}" + (f" in {_describe(loc[:-1])}" if loc[:-1] else "")
        elif kind == "missing":
            msg = f"missing required key '{loc[-1]}'" + (f" in {_describe(loc[:-1])}" if loc[:-1] else "")
        else:
            text = err["msg"]
            if text.startswith("Value error, "):
                text = text[len("Value error, "):]
            msg = f"{where}: {text}" if where else text
            if kind not in ("value_error", "assertion_error") and "input" in err and not isinstance(err["input"], (dict, list)):
                msg += f" (got {err['input']!r})"
        line = doc.line_of(loc)
        if kind == "value_error" and loc and loc[-1] == "tiles":
            line = _line_for_tile_error(doc, text) or line
        problems.append(Problem(file, line, msg))
    return problems


def _line_for_tile_error(doc: Located, text: str) -> int | None:
    """Point a duplicate tile id at the second tile that uses it."""
    if "duplicate tile id" not in text:
        return None
    dup = text.split("'")[1]
    tiles = (doc.data or {}).get("tiles") or []
    seen = 0
    for i, t in enumerate(tiles):
        if isinstance(t, dict) and t.get("id") == dup:
            seen += 1
            if seen == 2:
                return doc.line_of(("tiles", i, "id"))
    return None


def _read_file(directory: str, name: str, problems: list[Problem]) -> Located | None:
    path = os.path.join(directory, name)
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except FileNotFoundError:
        problems.append(Problem(name, 1, f"file is missing from {directory}"))
        return None
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(name, 1, f"cannot read file: {exc}"))
        return None
    try:
        doc = load_located(text)
    except YamlSyntaxError as exc:
        problems.append(Problem(name, exc.line, str(exc)))
        return None
    for path_, line in doc.duplicates:
        problems.append(Problem(name, line, f"key '{path_[-1]}' is given twice"))
    if not isinstance(doc.data, dict):
        problems.append(Problem(name, 1, "the file should be a mapping of keys to values"))
        return None
    return doc


def _validate(directory: str, name: str, doc: Located, problems: list[Problem]):
    model = FILES[name]
    try:
        value = model.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(_problems_from_validation(name, doc, model, exc))
        return None
    if name == "devices.yaml":
        for dev_name, _dev in value.items():
            opts_model = schema._OPTIONS[dev_name]
            try:
                opts_model.model_validate(doc.data[dev_name].get("options") or {})
            except ValidationError as exc:
                problems.extend(_problems_from_validation(name, doc, opts_model, exc, prefix=(dev_name, "options")))
    if name == "menu.yaml":
        for i, tile in enumerate(value.tiles):
            if tile.icon not in schema.BUILTIN_ICONS:
                if not os.path.isfile(os.path.join(directory, tile.icon)):
                    problems.append(Problem(name, doc.line_of(("tiles", i, "icon")),
                                            f"tiles[{i}].icon: '{tile.icon}' is neither a built-in icon"
                                            f"{schema.did_you_mean(tile.icon, schema.BUILTIN_ICONS)} nor an image file in the config folder"))
    return value



def check_config(directory: str, only: tuple[str, ...] | None = None):
    """Validate a config folder. Returns (KioskConfig or None, [Problem…]), never raises."""
    problems: list[Problem] = []
    values = {}
    for name in FILES:
        if only and name not in only:
            continue
        doc = _read_file(directory, name, problems)
        if doc is not None:
            values[name] = _validate(directory, name, doc, problems)
    if problems or only:
        return None, problems
    cfg = schema.KioskConfig(directory=os.path.abspath(directory), kiosk=values["kiosk.yaml"],
                             menu=values["menu.yaml"], devices=values["devices.yaml"])
    return cfg, problems


def load_config(directory: str) -> schema.KioskConfig:
    """Load and validate ``directory``; raise ConfigError listing every problem."""
    cfg, problems = check_config(directory)
    if problems:
        raise ConfigError(problems)
    return cfg


def load_menu(directory: str) -> schema.MenuConfig:
    """Load only menu.yaml (for live reload); raise ConfigError listing every problem."""
    problems: list[Problem] = []
    doc = _read_file(directory, "menu.yaml", problems)
    value = _validate(directory, "menu.yaml", doc, problems) if doc is not None else None
    if problems:
        raise ConfigError(problems)
    return value


def config_or_report(directory: str | None):
    """For commands: the checked config of ``directory`` (default folder if None), or None after printing
    every problem to stderr (the command then exits 2)."""
    import sys
    cfg, problems = check_config(directory or default_config_dir())
    for p in problems:
        print(p, file=sys.stderr)
    return None if problems else cfg
