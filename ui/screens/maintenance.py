"""Maintenance mode: the PIN keypad, then devices, tests, unfinished top-ups, events and the ways out.

For technicians, so both languages at once; only masked data is ever shown (device reports carry
masked card summaries; top-ups show masked card numbers; events show kinds, never details).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from ui.screens.base import Screen
from ui.screens.result_steps import _rows_card
from ui.widgets.common import make_button, make_label, touch_scroll_area

STATE_ZH = {"online": "正常", "offline": "离线", "busy": "忙", "hardware_error": "硬件故障", "user_error": "需处理",
            "not_answering": "无响应", "disabled": "已停用", "unknown": "未知"}


class MaintenancePinScreen(Screen):
    """The technician's PIN on the kiosk's own keypad (no system keyboard)."""

    name = "maintenance_pin"
    home_requested = Signal()
    entered = Signal()

    def __init__(self, gate, parent=None):
        super().__init__(parent)
        self.gate = gate
        self.entry = ""
        self.message = ""

    def build(self, ctx) -> None:
        th = ctx.theme
        top = QHBoxLayout()
        top.addWidget(make_label("维护模式 · 请输入密码  Maintenance · PIN", "ScreenTitle"), 1)
        leave = make_button("返回 Back", name="HomeButton")
        leave.clicked.connect(self.home_requested)
        top.addWidget(leave)
        self.body.addLayout(top)
        locked = self.gate.locked_for()
        if locked:
            self.message = f"已锁定，请 {locked // 60 + 1} 分钟后再试  Locked: try again in {locked // 60 + 1} min"
        self.body.addWidget(make_label("●" * len(self.entry) or "—", "Countdown", align=Qt.AlignCenter))
        self.body.addWidget(make_label(self.message, "ErrorText", align=Qt.AlignCenter))
        pad = QGridLayout()
        pad.setSpacing(th.px(16))
        for i, key in enumerate(["1", "2", "3", "4", "5", "6", "7", "8", "9", "del", "0", "ok"]):
            label = {"del": "⌫", "ok": "确定 OK"}.get(key, key)
            btn = make_button(label, primary=key == "ok", name=f"pin.{key}")
            btn.setMinimumHeight(th.px(110))
            btn.setMinimumWidth(th.px(180))
            btn.setEnabled(not locked)
            btn.clicked.connect(lambda _=False, k=key: self.press(k))
            pad.addWidget(btn, i // 3, i % 3)
        for c in range(3):
            pad.setColumnStretch(c, 1)
        holder = QWidget()
        holder.setLayout(pad)
        holder.setMaximumWidth(th.px(640))
        self.body.addWidget(holder, 0, Qt.AlignHCenter)
        self.body.addStretch(1)

    def press(self, key: str) -> None:
        if key == "del":
            self.entry = self.entry[:-1]
        elif key == "ok":
            result = self.gate.try_pin(self.entry)
            self.entry = ""
            if result == "ok":
                self.entered.emit()
                return
            self.message = ("密码错误，还可尝试 {n} 次  Wrong PIN: {n} tries left".format(n=self.gate.tries_left)
                            if result == "wrong" else "")
        elif len(self.entry) < 12:
            self.entry += key
        self.render(self.ctx)

    def clear(self) -> None:
        self.entry = ""
        super().clear()


class MaintenanceScreen(Screen):
    name = "maintenance"
    home_requested = Signal()
    guide_requested = Signal(str)  # device name

    def __init__(self, actions, parent=None):
        super().__init__(parent)
        self.actions = actions
        self.note = ""

    def build(self, ctx) -> None:
        th = ctx.theme
        top = QHBoxLayout()
        top.addWidget(make_label("维护模式  Maintenance", "ScreenTitle"), 1)
        leave = make_button("退出维护 Leave", primary=True, name="HomeButton")
        leave.clicked.connect(self.home_requested)
        top.addWidget(leave)
        self.body.addLayout(top)
        content = QWidget()
        col = QVBoxLayout(content)
        col.setSpacing(th.px(14))
        if self.note:
            note = make_label(self.note, "Notice")
            note.setObjectName("MaintNote")
            note.setStyleSheet("font-family: monospace;")
            col.addWidget(note)
        col.addWidget(make_label("设备 Devices", "SectionTitle"))
        reports = self.actions.reports()
        if not reports:
            col.addWidget(make_label("正在检查设备…  Checking the devices…", "Muted"))
        for name, report in sorted(reports.items()):
            rows = [("端口 Port", report.port),
                    ("状态 State", f"{STATE_ZH.get(report.state.value, report.state.value)} {report.state.value}")]
            rows += [(k, str(v)) for k, v in report.components.items()]
            if report.last_error:
                rows.append(("故障 Error", report.last_error))
            if report.recommended_action:
                rows.append(("处理 Action", report.recommended_action))
            rows += [(k, str(v)) for k, v in report.details.items() if k in ("sam_id", "condition", "card")]
            card = _rows_card(rows, ctx, name, ((("正常 OK" if report.healthy else "故障 Fault"), report.healthy),))
            guide = make_button("引导检查 Guided check", name=f"maint.guide.{name}")
            guide.clicked.connect(lambda _=False, n=name: self.guide_requested.emit(n))
            card.layout().addWidget(guide, card.layout().rowCount(), 1, Qt.AlignRight)
            col.addWidget(card)
        actions = QGridLayout()
        actions.setSpacing(th.px(12))
        buttons = [("check", "重新检查设备 Check devices"), ("test_page", "打印测试页 Test page"),
                   ("id_card", "读身份证(脱敏) Read ID card"), ("gas_card", "读燃气卡(十六进制) Gas card hex"),
                   ("gas_write_test", "测试卡写卡测试 Test-card write"),
                   ("diagnostics", "打印诊断凭条 Diagnostics receipt"), ("recover", "处理未完成充值 Run recovery"),
                   ("reload", "重新加载配置 Reload config"), ("reset_counters", "计数清零 Reset counters"),
                   ("restart", "重启程序 Restart"),
                   ("exit", "退出到桌面 Exit to desktop")]
        for i, (key, text) in enumerate(buttons):
            btn = make_button(text, name=f"maint.{key}")
            btn.clicked.connect(lambda _=False, k=key: self.act(k))
            actions.addWidget(btn, i // 2, i % 2)
        col.addLayout(actions)
        col.addWidget(make_label("未完成的燃气充值 Unfinished top-ups", "SectionTitle"))
        pending = self.actions.pending_topups()
        if not pending:
            col.addWidget(make_label("无 None", "Muted"))
        for row in pending:
            card = _rows_card([("卡号 Card", row.card_masked), ("金额 Amount", f"￥{row.amount_yuan}"),
                               ("状态 State", row.state), ("订单 Order", row.order_no or "-"),
                               ("提示 Note", row.attention or "")], ctx, f"#{row.id}")
            if row.attention and row.state != "awaiting_rewrite":
                done = make_button("标记已退款 Mark refunded", name=f"maint.refunded.{row.id}")
                done.clicked.connect(lambda _=False, rid=row.id: self._mark_refunded(rid))
                card.layout().addWidget(done, card.layout().rowCount(), 1, Qt.AlignRight)
            col.addWidget(card)
        col.addWidget(make_label("线路报文（仅报文头）Serial traffic (frame heads only)", "SectionTitle"))
        for name, lines in self.actions.traffic().items():
            text = make_label(f"{name}\n" + ("\n".join(lines) or "—"), "Muted")
            text.setStyleSheet("font-family: monospace;")
            col.addWidget(text)
        col.addWidget(make_label("计数（自上次清零）Counters since the last reset", "SectionTitle"))
        col.addWidget(_rows_card([(label, str(n)) for label, n in self.actions.counters()], ctx))
        col.addWidget(make_label("最近事件 Recent events", "SectionTitle"))
        for at, kind in self.actions.recent_events(12):
            col.addWidget(make_label(f"{at:%m-%d %H:%M:%S}  {kind}", "Muted"))
        col.addStretch(1)
        self.body.addWidget(touch_scroll_area(content), 1)

    def _mark_refunded(self, topup_id: int) -> None:
        self.note = self.actions.mark_refunded(topup_id)
        self.render(self.ctx)

    def act(self, key: str) -> None:
        self.note = self.actions.run(key)
        if self.ctx is not None:
            self.render(self.ctx)
