"""Interactive health checks: the technician is guided step by step, and the device is watched meanwhile.

Each guide is a list of steps; a step shows a prompt, and either waits for the technician's answer
(buttons) or for the device (a condition polled every half second). Results are audited; only masked
data is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from PySide6.QtCore import Qt, QTimer, Signal

from kiosk.errors import KioskError
from ui.screens.base import Screen
from ui.widgets.common import make_button, make_label


@dataclass
class Step:
    prompt: str
    answers: list = field(default_factory=list)      # [(label, next step index or None=finish, result)]
    wait_for: Callable[[], str | None] | None = None  # returns a line to show when done, None while waiting
    then: int | None = None                           # the next step once wait_for is done
    run: Callable[[], str] | None = None              # an action run on entering the step; its line is shown


def printer_guide(actions) -> list[Step]:
    return [
        Step("将打印一张测试页（中文各字号、￥、二维码），请确认出纸口无遮挡。\n"
             "A test page will print (Chinese in several sizes, ￥, a QR code). Make sure the slot is clear.",
             answers=[("开始 Start", 1, None)]),
        Step("测试页是否清晰完整？中文无乱码、二维码可扫？\nIs the test page complete and sharp? Chinese readable, QR scannable?",
             run=lambda: actions.run("test_page"),
             answers=[("是 Yes", 2, "ok"), ("否 No", 3, "fault")]),
        Step("打印机正常。 Printer OK."),
        Step("请检查：纸卷方向（热敏面朝外）、打印头清洁、纸卷是否受潮；仍有问题请联系维修。\n"
             "Check the roll (thermal side out), clean the print head, replace a damp roll; if it persists, call service."),
    ]


def id_reader_guide(actions) -> list[Step]:
    reader = actions.rt.devices.id_reader
    today = actions.rt.clock.now().date()

    def card_read():
        try:
            report = reader.check("full", today)
        except KioskError as exc:
            return f"读卡失败 {exc.user_message('en')}"
        card = report.details.get("card")
        if card is None:
            return None
        return "已读卡（脱敏）Read (masked): " + ", ".join(f"{k}={v}" for k, v in card.items())

    def card_gone():
        try:
            return None if reader.find_card() else "测试卡已取走 Card removed"
        except KioskError as exc:
            return f"阅读器故障 Reader fault: {exc.user_message('en')}"
    return [
        Step("请将测试身份证平放在感应区。 Place the test ID card on the reader.", wait_for=card_read, then=1),
        Step("请取走测试卡。 Take the test card away.", wait_for=card_gone, then=2),
        Step("身份证阅读器正常。 ID card reader OK."),
    ]


def gas_reader_guide(actions) -> list[Step]:
    reader = actions.rt.devices.gas_reader

    def inside():
        try:
            status = reader.status()
        except KioskError as exc:
            return f"读卡器故障 Reader fault: {exc.user_message('en')}"
        return "测试卡已插入 Card inside" if status.position.name == "INSIDE" else None

    def gone():
        try:
            return "测试卡已取走 Card taken" if reader.status().position.name == "NONE" else None
        except KioskError as exc:
            return f"读卡器故障 Reader fault: {exc.user_message('en')}"

    def eject():
        try:
            reader.eject()
            return "已退卡 Card ejected"
        except KioskError as exc:
            return f"退卡失败 Eject failed: {exc.user_message('en')}"
    return [
        Step("请插入燃气测试卡。 Insert the gas test card.", wait_for=inside, then=1),
        Step("写卡测试（不改变卡内容）。 Write test (the card's content is not changed).",
             run=lambda: actions.run("gas_write_test"), answers=[("退卡 Eject", 2, None)]),
        Step("请取走测试卡。 Take the test card.", run=eject, wait_for=gone, then=3),
        Step("燃气卡读写器正常。 Gas card reader OK."),
    ]


GUIDES = {"printer": printer_guide, "id_reader": id_reader_guide, "gas_reader": gas_reader_guide}


class MaintenanceGuideScreen(Screen):
    """One guided check; ``done`` when the technician goes back to maintenance."""

    name = "maintenance_guide"
    home_requested = Signal()
    done = Signal()

    def __init__(self, device: str, actions, parent=None):
        super().__init__(parent)
        self.device, self.actions = device, actions
        self.steps = GUIDES[device](actions)
        self.index = 0
        self.lines: list[str] = []
        self._timer = QTimer(self)
        self._timer.setInterval(500)
        self._timer.timeout.connect(self._poll)
        self.actions.rt.audit.event("maintenance_guide_started", device=device)
        self._enter(0)

    def _enter(self, index: int) -> None:
        self.index = index
        step = self.steps[index]
        if step.run is not None:
            self.lines.append(step.run())
        if step.wait_for is not None:
            self._timer.start()
        else:
            self._timer.stop()
        if self.ctx is not None:
            self.render(self.ctx)

    def _poll(self) -> None:
        step = self.steps[self.index]
        line = step.wait_for()
        if line is not None:
            self._timer.stop()
            self.lines.append(line)
            self._enter(step.then)

    def answer(self, next_index, result) -> None:
        if result is not None:
            self.actions.rt.audit.event("maintenance_guide_result", device=self.device, result=result)
        self._enter(next_index)

    def build(self, ctx) -> None:
        step = self.steps[self.index]
        top = make_label(f"引导检查 Guided check · {self.device}", "ScreenTitle")
        self.body.addWidget(top)
        for line in self.lines[-6:]:
            self.body.addWidget(make_label(line, "Muted"))
        self.body.addWidget(make_label(step.prompt, "Body", align=Qt.AlignCenter))
        for label, nxt, result in step.answers:
            btn = make_button(label, primary=True, name=f"guide.{label.split()[-1].lower()}")
            btn.clicked.connect(lambda _=False, n=nxt, r=result: self.answer(n, r))
            self.body.addWidget(btn, 0, Qt.AlignHCenter)
        self.body.addStretch(1)
        back = make_button("返回维护 Back to maintenance", name="guide.back")
        back.clicked.connect(self._back)
        self.body.addWidget(back, 0, Qt.AlignRight)

    def _back(self) -> None:
        self._timer.stop()
        self.done.emit()

    def clear(self) -> None:
        self._timer.stop()
        super().clear()
