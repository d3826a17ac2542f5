"""`kiosk sim`: every simulated device of the config, standalone, with the control API and the hardware panel."""

from __future__ import annotations

import logging
import signal
import sys

from kiosk.config.loader import config_or_report
from kiosk.logs import setup_logging

log = logging.getLogger("kiosk.sim")


def register(sub) -> None:
    p = sub.add_parser("sim", help="run the simulated devices standalone (for a kiosk or a driver elsewhere)")
    p.add_argument("--config", metavar="DIR", help="config folder: devices with port 'sim' are simulated")
    p.add_argument("--transport", choices=("pty", "tcp"), default="pty",
                   help="pty (a /dev/pts path) or tcp (socket://127.0.0.1:PORT)")
    p.add_argument("--control-port", type=int, default=0, help="port of the HTTP control API on 127.0.0.1 (0: any)")
    p.add_argument("--no-panel", action="store_true", help="no hardware panel window (headless)")
    p.set_defaults(func=run_sim)


def run_sim(args) -> int:
    from drivers.sim_control import ControlServer
    from drivers.simulated import SimulatedHardware

    cfg = config_or_report(args.config)
    if cfg is None:
        return 2
    setup_logging(None, cfg.kiosk.log_level)
    from kiosk.services import sim_records_dir, uses_sim
    hardware = SimulatedHardware(cfg, transport=args.transport)
    backend = None
    if not hardware._wanted and not uses_sim(cfg):
        print("nothing in the config is 'sim' (devices.yaml ports, kiosk.yaml services); nothing to simulate",
              file=sys.stderr)
        return 1
    hardware.start()
    control = ControlServer(hardware, args.control_port).start()
    try:
        if uses_sim(cfg):
            from kiosk.services.sim_backend import SimBackend
            import os
            backend = SimBackend(sim_records_dir(cfg), state_dir=os.path.join(cfg.data_dir, "sim", "backend")).start()
        for name, url in hardware.ports().items():
            print(f"{name:<11} {url}")
        if backend is not None:
            print(f"{'services':<11} {backend.url}   (credit: {backend.url}/credit, property: {backend.url}/property)")
        print(f"{'control':<11} {control.url}")
        sys.stdout.flush()
        if args.no_panel:
            stop = []
            signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
            import threading
            ev = threading.Event()
            try:
                while not stop:
                    ev.wait(0.5)
            except KeyboardInterrupt:
                pass
            return 0
        from ui.app import ensure_app
        from ui.hardware_panel import HardwarePanel
        app = ensure_app()
        panel = HardwarePanel(hardware, backend)
        panel.resize(560, 900)
        panel.show()
        signal.signal(signal.SIGINT, lambda *_: app.quit())
        return app.exec()
    finally:
        if backend is not None:
            backend.stop()
        control.stop()
        hardware.stop()
