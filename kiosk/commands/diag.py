"""`kiosk diag`: check each device (state, paper, last error, what to do) and exit 0 healthy, 1 not, 2 bad config."""

from __future__ import annotations

import importlib
import json
import logging
import sys

from drivers.status import Action, DeviceReport, DeviceState
from kiosk.config.loader import check_config, default_config_dir

#: Device name -> module with ``check(device_config, level, *, name=...) -> DeviceReport``.
#: A module that has not landed yet is reported as "not implemented".
CHECKS = {
    "printer": "drivers.printer.diag",
    "id_reader": "drivers.idcard.diag",
    "gas_reader": "drivers.gascard.diag",
}

LEVELS = ("internal", "external")
EXIT_HEALTHY, EXIT_UNHEALTHY, EXIT_CONFIG = 0, 1, 2


def register(sub) -> None:
    p = sub.add_parser("diag", help="check the devices and print their state")
    p.add_argument("--config", metavar="DIR", help="config folder (default: the kiosk's)")
    p.add_argument("--device", choices=tuple(CHECKS), help="check only this device (default: every enabled one)")
    p.add_argument("--level", choices=LEVELS, default="internal",
                   help="internal: ask the device its state; external: also exercise it (print a test receipt, read a card)")
    p.add_argument("--json", action="store_true", help="print JSON (an object with --device, else a list)")
    p.set_defaults(func=run)


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


def check_device(device: str, device_config, level: str, terminal_id: str = "DIAG") -> DeviceReport:
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
        return check(device_config, _level_for(level, tuple(levels)), **kwargs)
    except Exception as exc:  # a broken check must still leave a report for the technician
        logging.getLogger("kiosk.diag").exception("%s check crashed", device)
        return DeviceReport(name=device, port=device_config.port, state=DeviceState.UNKNOWN,
                            last_error=f"check failed: {exc}", action=Action.CALL_TECHNICIAN)


def report_json(report: DeviceReport) -> dict:
    d = report.to_json()
    d["paper"] = report.components.get("paper")
    if d["paper"] is None:
        del d["paper"]
    return d


def report_text(report: DeviceReport) -> str:
    lines = [f"{report.name}: {report.state.value}  ({report.port})"]
    for key, value in report.components.items():
        lines.append(f"  {key}: {value}")
    if report.last_error:
        lines.append(f"  last error: {report.last_error}")
    if report.recommended_action:
        lines.append(f"  action: {report.recommended_action}")
    for key, value in report.details.items():
        lines.append(f"  {key}: {value}")
    return "\n".join(lines)


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
        out = [report_json(r) for r in reports]
        print(json.dumps(out[0] if args.device else out, ensure_ascii=False, indent=2))
    else:
        print("\n".join(report_text(r) for r in reports))
    # a device whose check is not written yet, or that is disabled, does not fail the run
    counted = [r for r in reports if r.last_error != "not implemented" and r.state != DeviceState.DISABLED]
    return EXIT_HEALTHY if all(r.healthy for r in counted) else EXIT_UNHEALTHY
