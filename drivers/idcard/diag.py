"""Diagnostics of the ID card reader for `kiosk diag`: SAM status and id, and a masked card summary."""

from __future__ import annotations

from datetime import date

from drivers.idcard.driver import open_id_reader
from drivers.status import Action, DeviceReport, DeviceState
from kiosk.errors import DeviceNotFound

LEVELS = ("quick", "full")


def check(device_config, level: str = "full", *, name: str = "id_reader", port_url: str | None = None,
          today: date | None = None) -> DeviceReport:
    """Open the reader, check it and close it again.

    level "quick": SAM status and id; "full": also the card on the reader, if any, as a masked
    summary (masked name and number, validity, accepted or why not) — never the full number.
    With ``port: sim`` and no ``port_url``, a simulator with no card is started for the check.
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    if not device_config.enabled:
        return DeviceReport(name=name, port=device_config.port, state=DeviceState.DISABLED)
    if device_config.simulated and port_url is None:
        from drivers.idcard.simulator import IdCardSimulator
        with IdCardSimulator(baudrate=device_config.baudrate) as sim:
            report = check(device_config, level, name=name, port_url=sim.port_url, today=today)
        report.details["simulated"] = True
        return report
    try:
        reader = open_id_reader(device_config, port_url=port_url, name=name)
    except DeviceNotFound as exc:
        return DeviceReport(name=name, port=port_url or device_config.port, state=DeviceState.OFFLINE,
                            last_error=str(exc), action=Action.CALL_TECHNICIAN,
                            recommended_action="check the reader's cable and the port in devices.yaml")
    with reader:
        return reader.check(level, today=today)
