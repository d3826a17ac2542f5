"""A whole kiosk for end-to-end tests: real UI, drivers over ptys to the simulators, HTTP back ends, SQLite."""

from datetime import datetime

import pytest

from kiosk.clock import FakeClock


@pytest.fixture
def e2e_clock():
    return FakeClock(datetime(2026, 11, 28, 10, 0))


@pytest.fixture
def runtime(qtbot, config_dir, e2e_clock):
    from ui.runtime import KioskRuntime
    rt = KioskRuntime(str(config_dir), e2e_clock, log_to_file=False)
    rt.window.ticker.setInterval(20)
    qtbot.addWidget(rt.window)
    rt.window.resize(1080, 1920)
    rt.window.show()
    qtbot.waitExposed(rt.window)
    yield rt
    rt.close()
