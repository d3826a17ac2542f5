"""Diagnostics of the receipt printer for `kiosk diag`: status, and at level external a test receipt."""

from __future__ import annotations

import tempfile

from drivers.printer.driver import open_printer
from drivers.status import Action, DeviceReport, DeviceState
from kiosk.errors import ConfigError, DeviceNotFound

LEVELS = ("internal", "external")
_ALIASES = {"quick": "internal", "full": "external"}


def check(device_config, level: str = "internal", *, name: str = "printer", port_url: str | None = None,
          terminal_id: str = "DIAG", output_dir: str | None = None) -> DeviceReport:
    """Open the printer, check it and close it again.

    ``internal`` reads the status; ``external`` also prints a test receipt (Chinese in several
    sizes, ￥ and full-width punctuation, a native QR code, a cut) and reads the status again.
    With ``port: sim`` and no ``port_url`` a simulator is started in-process for the check
    (its receipts go to ``output_dir`` or a temporary folder).
    """
    level = _ALIASES.get(level, level)
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    if not device_config.enabled:
        return DeviceReport(name=name, port=device_config.port, state=DeviceState.DISABLED)
    if device_config.simulated and port_url is None:
        from drivers.printer.simulator import PrinterSimulator
        paper = (device_config.options or {}).get("paper", "80mm")
        with tempfile.TemporaryDirectory(prefix="kiosk-diag-printer-") as tmp:
            with PrinterSimulator(baudrate=device_config.baudrate, paper=paper if paper in ("80mm", "58mm") else "80mm",
                                  output_dir=output_dir or tmp) as sim:
                report = check(device_config, level, name=name, port_url=sim.port_url, terminal_id=terminal_id)
        report.details["simulated"] = True
        report.details["simulator_port"] = report.port
        report.port = "sim"
        return report
    try:
        printer = open_printer(device_config, port_url=port_url, name=name)
    except DeviceNotFound as exc:
        return DeviceReport(name=name, port=port_url or device_config.port, state=DeviceState.OFFLINE,
                            components={"paper": "unknown"}, last_error=str(exc), action=Action.CALL_TECHNICIAN,
                            recommended_action="check the printer's cable and the port in devices.yaml")
    except ConfigError as exc:
        return DeviceReport(name=name, port=port_url or device_config.port, state=DeviceState.UNKNOWN,
                            last_error=str(exc), action=Action.CALL_TECHNICIAN,
                            recommended_action="fix the printer options in devices.yaml")
    with printer:
        return printer.check(level, terminal_id=terminal_id)
