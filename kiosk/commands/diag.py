"""`kiosk diag`: check each device (state, paper, last error, what to do) and exit 0 healthy, 1 not, 2 bad config."""

from __future__ import annotations

import importlib
import json
import logging
import re
import sys
import unicodedata

from drivers.status import Action, DeviceReport, DeviceState
from kiosk.config.loader import check_config, default_config_dir

log = logging.getLogger("kiosk.diag")

#: Device name -> module with ``check(device_config, level, *, name=...) -> DeviceReport``.
#: A module that has not landed yet is reported as "not implemented".
CHECKS = {
    "printer": "drivers.printer.diag",
    "id_reader": "drivers.idcard.diag",
    "gas_reader": "drivers.gascard.diag",
}

LEVELS = ("internal", "external")
EXIT_HEALTHY, EXIT_UNHEALTHY, EXIT_CONFIG = 0, 1, 2

#: The table fits a plain 80-column terminal (or a technician's serial console).
TABLE_WIDTH = 80

#: How an open() refused because someone else holds the port reads, whatever layer said it:
#: pyserial's flock (exclusive=True, as every driver opens a device path), TIOCEXCL or a driver's EBUSY.
_BUSY_MARKS = ("could not exclusively lock", "resource busy", "device or resource busy", "[errno 16]", "ebusy")


def register(sub) -> None:
    p = sub.add_parser("diag", help="check the devices and print their state",
                       description="Check each device and print a table (or JSON). Exit status: 0 every device "
                                   "healthy, 1 at least one is not, 2 the config is broken.")
    p.add_argument("--config", metavar="DIR", help="config folder (default: the kiosk's)")
    p.add_argument("--device", choices=tuple(CHECKS), help="check only this device (default: every enabled one)")
    p.add_argument("--level", choices=LEVELS, default="internal",
                   help="internal: ask the device its state; external: also exercise it (print a test receipt, read a card)")
    p.add_argument("--json", action="store_true", help="print JSON (an object with --device, else a list)")
    p.set_defaults(func=run)


# ---------------------------------------------------------------------------- checking

def _check_function(device: str):
    """The device's check function, or None if its diagnostics have not been written yet."""
    module_name = CHECKS[device]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            return None, None
        raise
    return getattr(module, "check", None), getattr(module, "LEVELS", LEVELS)


def _level_for(level: str, levels: tuple) -> str:
    """Map our two levels onto a module's own names (the card readers call them quick/full)."""
    if level in levels:
        return level
    return levels[0] if level == "internal" else levels[-1]


def port_in_use(error: str | None) -> bool:
    """Whether an error text says the port could not be opened because another program holds it."""
    text = (error or "").lower()
    return any(mark in text for mark in _BUSY_MARKS)


def mark_busy(report: DeviceReport) -> DeviceReport:
    """Turn a confusing "cannot open" into what it means: the kiosk (or another program) holds the port."""
    report.details["open_error"] = report.last_error
    report.state = DeviceState.BUSY
    report.components = {key: "unknown" for key in report.components}
    report.last_error = f"port {report.port} is in use (the kiosk holds it: stop it or use maintenance mode)"
    report.action = Action.CLEAR_YOURSELF
    report.recommended_action = ("stop the kiosk (or the program holding the port) and run kiosk diag again, "
                                 "or check the device from the kiosk's maintenance mode")
    return report


def check_device(device: str, device_config, level: str, terminal_id: str = "DIAG") -> DeviceReport:
    """One device's report; never raises (a crashed check is a report too)."""
    if device_config is None:
        return DeviceReport(name=device, port="", state=DeviceState.DISABLED, last_error="not configured")
    check, levels = _check_function(device)
    if check is None:
        return DeviceReport(name=device, port=device_config.port, state=DeviceState.UNKNOWN,
                            last_error="not implemented", recommended_action="diagnostics for this device are not available yet")
    kwargs = {"name": device}
    if device == "printer":
        kwargs["terminal_id"] = terminal_id
    try:
        report = check(device_config, _level_for(level, tuple(levels)), **kwargs)
    except Exception as exc:  # a broken check must still leave a report for the technician
        log.exception("%s check crashed", device)
        report = DeviceReport(name=device, port=device_config.port, state=DeviceState.UNKNOWN,
                              last_error=f"check failed: {exc}", action=Action.CALL_TECHNICIAN)
    if report.state in (DeviceState.OFFLINE, DeviceState.UNKNOWN) and port_in_use(report.last_error):
        mark_busy(report)
    return report


# ---------------------------------------------------------------------------- privacy

# Defence in depth: the drivers mask what they report, but nothing that looks like a full
# ID number (18 characters) or gas card number (16 digits) may leave this command.
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{4})(\d{10})(\d{3}[\dXx])(?![0-9A-Za-z])")
_CARD_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{4})(\d{8})(\d{4})(?![0-9A-Za-z])")


def _scrub(value):
    if isinstance(value, str):
        value = _ID_NUMBER.sub(lambda m: m.group(1) + "*" * 10 + m.group(3), value)
        return _CARD_NUMBER.sub(lambda m: m.group(1) + "*" * 8 + m.group(3), value)
    if isinstance(value, dict):
        return {k: _scrub(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_scrub(v) for v in value]
    return value


# ---------------------------------------------------------------------------- JSON

def report_json(report: DeviceReport, driver: str | None = None) -> dict:
    """One device as JSON: name, driver, port, state, components, last error, action, details."""
    raw = report.to_json()
    d = {"name": raw.pop("name"), "driver": driver, "port": raw.pop("port"), "state": raw.pop("state"),
         "healthy": raw.pop("healthy")}
    d.update(raw)
    paper = report.components.get("paper")
    if paper is not None:
        d["paper"] = paper  # the printer's paper at the top level, as the first `kiosk diag` printed it
    return _scrub(d)


# ---------------------------------------------------------------------------- table

_ACTION_SHORT = {Action.NONE: "-", Action.CLEAR_YOURSELF: "clear it", Action.CALL_TECHNICIAN: "call tech",
                 Action.WAIT: "wait"}
_CARD_SHORT = {"absent": "no card", "none": "no card", "present": "card in", "inside": "card in",
               "gate": "card gate", "unreadable": "card ?", "unknown": "card ?"}


def _width(text: str) -> int:
    """Columns ``text`` takes on a terminal (a Chinese character takes two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _fit(text: str, width: int, keep: str = "head") -> str:
    """``text`` cut to ``width`` columns with an ellipsis (keeping its head or its tail), then padded."""
    if _width(text) > width:
        if keep == "tail":
            out = ""
            for c in reversed(text):
                if _width(out) + _width(c) > width - 1:
                    break
                out = c + out
            text = "…" + out
        else:
            out = ""
            for c in text:
                if _width(out) + _width(c) > width - 1:
                    break
                out += c
            text = out + "…"
    return text + " " * (width - _width(text))


def media_summary(report: DeviceReport) -> str:
    """The paper or card column: what a technician looks at first."""
    c = report.components
    if "paper" in c:
        return f"paper {c['paper']}"
    if c.get("mechanism") == "jammed":
        return "jammed"
    card = c.get("card", c.get("card_position"))
    if card is not None:
        return _CARD_SHORT.get(card, f"card {card}")
    return "-"


def short_error(report: DeviceReport) -> str:
    """The last error in a few words for the table's row (the whole of it is printed below the row)."""
    if not report.last_error:
        return "-"
    if report.state == DeviceState.BUSY:
        return "port in use"
    if report.state == DeviceState.NOT_ANSWERING:
        return "no answer"
    if report.state == DeviceState.OFFLINE and "cannot open" in report.last_error:
        return "cannot open"
    return " ".join(report.last_error.split())


def _wrapped(line: str, indent: str, width: int = TABLE_WIDTH) -> list[str]:
    """A detail line folded at spaces to ``width``; a path or number is never cut, nor parted from its key."""
    if _width(line) <= width:
        return [line]
    words = line[len(indent):].split(" ")
    key_and_first = 2 if words[0].endswith(":") and len(words) > 1 else 1
    out, current = [], indent + " ".join(words[:key_and_first])
    for word in words[key_and_first:]:
        if _width(current) + 1 + _width(word) <= width:
            current += " " + word
        else:
            out.append(current)
            current = indent + "  " + word
    return out + [current]


def _detail_lines(report: DeviceReport, port_cut: bool, indent: str = "    ") -> list[str]:
    lines = []
    if port_cut:
        lines.append(f"{indent}port: {report.port}")
    if report.last_error:
        lines.append(f"{indent}last error: {report.last_error}")
    if report.recommended_action:
        lines.append(f"{indent}action: {report.recommended_action}")
    if report.components:
        lines.append(f"{indent}components: " + ", ".join(f"{k} {v}" for k, v in report.components.items()))
    for key, value in report.details.items():
        if isinstance(value, dict):
            lines.append(f"{indent}{key}:")
            lines.extend(f"{indent}  {k}: {_plain(v)}" for k, v in value.items())
        else:
            lines.append(f"{indent}{key}: {_plain(value)}")
    return [part for line in lines for part in _wrapped(line, indent)]


def _plain(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return "-" if value is None else str(value)


def report_table(rows: list[tuple[DeviceReport, str | None]], width: int = TABLE_WIDTH) -> str:
    """One aligned row per device, its details indented below it, then a verdict line."""
    headers = ("DEVICE", "DRIVER", "PORT", "STATE", "PAPER/CARD", "LAST ERROR", "ACTION")
    cells = [(r.name, driver or "-", r.port or "-", r.state.value, media_summary(r), short_error(r),
              _ACTION_SHORT.get(r.action, r.action.value)) for r, driver in rows]
    caps = (10, 8, 16, 14, 11, None, 9)
    widths = []
    for i, cap in enumerate(caps):
        natural = max([_width(headers[i])] + [_width(c[i]) for c in cells])
        widths.append(natural if cap is None else min(cap, natural))
    gap = "  "

    def room() -> int:
        return width - (sum(widths) - widths[5]) - len(gap) * (len(headers) - 1)

    # the port gives way first (its whole path is printed below the row), down to a pty's length
    wanted = min(widths[5], 16)
    widths[2] = max(min(widths[2], widths[2] - (wanted - room())), 10)
    widths[5] = max(min(widths[5], room()), len(headers[5]))
    lines = [gap.join(_fit(h, w) for h, w in zip(headers, widths)).rstrip()]
    for (report, _driver), row in zip(rows, cells):
        keep = ("head", "head", "tail", "head", "head", "head", "head")
        lines.append(gap.join(_fit(text, w, k) for text, w, k in zip(row, widths, keep)).rstrip())
        lines.extend(_detail_lines(report, port_cut=_width(row[2]) > widths[2]))
    lines.append(verdict([r for r, _ in rows]))
    return _scrub("\n".join(lines))


def report_text(report: DeviceReport, driver: str | None = None) -> str:
    """One device as the table prints it (kept for callers that print a single report)."""
    return report_table([(report, driver)])


def _counted(reports: list[DeviceReport]) -> list[DeviceReport]:
    # a device whose check is not written yet, or that is disabled, does not fail the run
    return [r for r in reports if r.last_error != "not implemented" and r.state != DeviceState.DISABLED]


def verdict(reports: list[DeviceReport]) -> str:
    counted = _counted(reports)
    bad = [r for r in counted if not r.healthy]
    if not bad:
        return f"healthy: {len(counted)} of {len(counted)} device{'s' if len(counted) != 1 else ''}"
    return "NOT HEALTHY: " + "; ".join(f"{r.name}: {r.state.value}" for r in bad)


# ---------------------------------------------------------------------------- the command

def run(args) -> int:
    directory = args.config or default_config_dir()
    cfg, problems = check_config(directory)
    if problems:
        for p in problems:
            print(p)
        print(f"config broken: {len(problems)} problem{'s' if len(problems) != 1 else ''} in {directory}", file=sys.stderr)
        return EXIT_CONFIG
    if args.device:
        device_config = getattr(cfg.devices, args.device)
        if device_config is None:
            print(f"{args.device} is not configured in {directory}/devices.yaml", file=sys.stderr)
            return EXIT_CONFIG
        devices = [(args.device, device_config)]
    else:
        devices = [(name, dev) for name, dev in cfg.devices.items()]
    drivers = {name: dev.driver for name, dev in devices}
    simulated = tuple(name for name, dev in devices if dev.simulated and dev.enabled)
    hardware = None
    if simulated:
        # `port: sim`: check the built-in simulator, started here as `kiosk run` would start it
        from drivers.simulated import SimulatedHardware
        hardware = SimulatedHardware(cfg, only=simulated).start()
        resolved = hardware.resolve()
        devices = [(name, getattr(resolved, name)) for name, _dev in devices]
    try:
        reports = [check_device(name, dev, args.level, cfg.kiosk.terminal_id) for name, dev in devices]
    finally:
        if hardware is not None:
            hardware.stop()
    for r in reports:
        if r.name in simulated:
            r.details["simulated"] = True
    if args.json:
        out = [report_json(r, drivers.get(r.name)) for r in reports]
        print(json.dumps(out[0] if args.device else out, ensure_ascii=False, indent=2))
    else:
        print(report_table([(r, drivers.get(r.name)) for r in reports]))
    return EXIT_HEALTHY if all(r.healthy for r in _counted(reports)) else EXIT_UNHEALTHY
