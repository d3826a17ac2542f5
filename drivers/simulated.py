"""The simulated hardware of a kiosk: one simulator per device whose port is ``sim``, started together.

Flows never ask whether a device is simulated: ``resolve()`` hands them a DevicesConfig whose ``sim``
ports are replaced by the simulators' own port URLs, and the drivers open those like any serial line.
"""

from __future__ import annotations

import logging
import os

from kiosk.config.schema import DevicesConfig, KioskConfig

log = logging.getLogger("kiosk.drivers.sim")


class SimulatedHardware:
    """Starts, holds and stops the simulators a config asks for; the Python control API for tests and demos."""

    def __init__(self, config: KioskConfig, *, transport: str = "pty", only: tuple[str, ...] | None = None):
        self.config = config
        self.transport = transport
        self.state_dir = os.path.join(config.data_dir, "sim")
        self.printer = None
        self.id_reader = None
        self.gas_reader = None
        self._wanted = [name for name, dev in config.devices.items()
                        if dev.simulated and dev.enabled and (only is None or name in only)]

    # ---------------------------------------------------------------- life cycle
    def start(self) -> "SimulatedHardware":
        try:
            for name in self._wanted:
                sim = getattr(self, f"_make_{name}")()
                sim.start()
                setattr(self, name, sim)
        except Exception:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        for name in ("printer", "id_reader", "gas_reader"):
            sim = getattr(self, name)
            if sim is not None:
                sim.stop()
                setattr(self, name, None)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def simulators(self) -> dict:
        return {n: getattr(self, n) for n in ("printer", "id_reader", "gas_reader") if getattr(self, n) is not None}

    def ports(self) -> dict[str, str]:
        return {name: sim.port_url for name, sim in self.simulators.items()}

    def resolve(self, devices: DevicesConfig | None = None) -> DevicesConfig:
        """``devices`` with each simulated port replaced by its simulator's URL."""
        devices = devices or self.config.devices
        update = {}
        for name, sim in self.simulators.items():
            update[name] = getattr(devices, name).model_copy(update={"port": sim.port_url})
        return devices.model_copy(update=update)

    # ---------------------------------------------------------------- factories
    def _dir(self, name: str) -> str:
        path = os.path.join(self.state_dir, name)
        os.makedirs(path, exist_ok=True)
        return path

    def _deck(self, filename: str) -> str | None:
        path = os.path.join(self.config.directory, "sim", filename)
        return path if os.path.isfile(path) else None

    def _make_printer(self):
        from drivers.printer.simulator import PrinterSimulator
        dev = self.config.devices.printer
        opts = self.config.devices.options("printer")
        return PrinterSimulator(baudrate=dev.baudrate, state_dir=self._dir("printer"), transport=self.transport,
                                paper=opts.paper)

    def _make_id_reader(self):
        from drivers.idcard.deck import load_deck
        from drivers.idcard.simulator import IdCardSimulator
        dev = self.config.devices.id_reader
        deck = self._deck("id_cards.yaml")
        return IdCardSimulator(load_deck(deck) if deck else None, baudrate=dev.baudrate,
                               state_dir=self._dir("id_reader"), transport=self.transport)

    def _make_gas_reader(self):
        from drivers.gascard.simulator import GasReaderSimulator
        dev = self.config.devices.gas_reader
        opts = self.config.devices.options("gas_reader")
        return GasReaderSimulator(baudrate=dev.baudrate, state_dir=self._dir("gas_reader"), transport=self.transport,
                                  deck_path=self._deck("gas_cards.yaml"), utility_key=opts.utility_key,
                                  address=opts.address)
