"""Diagnostics for `kiosk diag`: reader status, card position and a masked summary of a card inside."""

from __future__ import annotations

import logging

from drivers.gascard.card import read_card
from drivers.gascard.errors import CardJammed
from drivers.gascard.reader import CardPosition, CrtReader, open_gas_reader
from drivers.status import Action, DeviceReport, DeviceState
from kiosk.errors import DeviceNotAnswering, DeviceNotFound, KioskError

log = logging.getLogger("kiosk.drivers.gas_reader")


def check(device_config, level: str = "full", *, name: str = "gas_reader", port_url: str | None = None) -> DeviceReport:
    """Open the reader named in ``device_config``, check it, close it.

    ``level``: "quick" asks the status only; "full" also reads a card that is inside.
    ``port_url`` overrides the configured port (e.g. a simulator started for ``port: sim``).
    """
    url = port_url or device_config.port
    report = DeviceReport(name=name, port=url)
    if not device_config.enabled:
        report.state = DeviceState.DISABLED
        return report
    if url == "sim":
        report.state = DeviceState.UNKNOWN
        report.recommended_action = "port: sim — the simulator runs inside `kiosk run` / `kiosk sim`"
        return report
    try:
        reader = open_gas_reader(device_config, port_url=url)
    except DeviceNotFound as exc:
        report.state = DeviceState.OFFLINE
        report.last_error = str(exc)
        report.action = Action.CALL_TECHNICIAN
        report.recommended_action = "check the reader's cable and the port in devices.yaml"
        return report
    with reader:
        return check_reader(reader, level, report)


def check_reader(reader: CrtReader, level: str = "full", report: DeviceReport | None = None) -> DeviceReport:
    """Check an open reader."""
    report = report or DeviceReport(name=reader.name, port=reader.port_url)
    try:
        status = reader.status()
    except DeviceNotAnswering as exc:
        report.state = DeviceState.NOT_ANSWERING
        report.last_error = str(exc)
        report.action = Action.CALL_TECHNICIAN
        report.recommended_action = "check that the reader is switched on and its cable is plugged in"
        return report
    except KioskError as exc:
        report.state = DeviceState.HARDWARE_ERROR
        report.last_error = str(exc)
        report.action = Action.CALL_TECHNICIAN
        return report
    report.components["card_position"] = status.position.value
    report.components["mechanism"] = "jammed" if status.jammed else "ok"
    if status.jammed:
        report.state = DeviceState.USER_ERROR
        report.last_error = str(CardJammed("card jammed"))
        report.action = Action.CLEAR_YOURSELF
        report.recommended_action = "open the reader and remove the jammed card"
        return report
    report.state = DeviceState.ONLINE
    if level != "quick" and status.position == CardPosition.INSIDE:
        try:
            card = read_card(reader)
            report.details["card"] = card.summary()
        except KioskError as exc:
            report.details["card_error"] = f"{type(exc).__name__}: {exc}"
        finally:
            try:
                reader.power_off()
            except KioskError:
                log.debug("power off after the diagnostic read failed", exc_info=True)
    return report
