"""The hardware panel: a small window to play the resident and the hall staff against the simulated devices.

Put ID and gas cards from the deck on the readers, pull them at the worst moment, put a gas card into
the meter, open the printer cover, take away or load paper, switch devices off, and see the last receipts.
Every button calls the same control table as the HTTP control API (drivers/sim_control.py).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (QComboBox, QGridLayout, QGroupBox, QLabel, QListWidget, QListWidgetItem,
                               QPushButton, QScrollArea, QVBoxLayout, QWidget)

from drivers.sim_control import ACTIONS

log = logging.getLogger("kiosk.ui.panel")


class HardwarePanel(QWidget):
    def __init__(self, hardware, backend=None, parent=None):
        super().__init__(parent)
        self.hardware = hardware
        self.backend = backend  # the simulated back ends: the customer's phone pays through it
        self.setWindowTitle("模拟硬件 / Simulated hardware")
        self.setObjectName("HardwarePanel")
        self.setStyleSheet("QWidget { font-size: 16px; } QPushButton { min-height: 36px; padding: 0 10px; }"
                           " QGroupBox { font-weight: bold; margin-top: 14px; }"
                           " QGroupBox::title { subcontrol-origin: margin; left: 8px; }")
        self.status: dict[str, QLabel] = {}
        self.last_error = QLabel("")
        self.last_error.setStyleSheet("color: #b71c1c;")
        self.last_error.setWordWrap(True)
        lay = QVBoxLayout(self)
        if hardware.id_reader is not None:
            lay.addWidget(self._id_box())
        if hardware.gas_reader is not None:
            lay.addWidget(self._gas_box())
        if hardware.printer is not None:
            lay.addWidget(self._printer_box())
        if backend is not None:
            lay.addWidget(self._phone_box())
        lay.addWidget(self.last_error)
        lay.addStretch(1)
        self._timer = QTimer(self)
        self._timer.setInterval(500)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.refresh()

    # ---------------------------------------------------------------- building
    def _button(self, text: str, device: str, action: str, args=None) -> QPushButton:
        b = QPushButton(text)
        b.setObjectName(f"{device}.{action}")
        b.clicked.connect(lambda: self.act(device, action, **(args() if callable(args) else (args or {}))))
        return b

    def _box(self, title: str, device: str):
        box = QGroupBox(title)
        grid = QGridLayout(box)
        status = QLabel("")
        status.setWordWrap(True)
        self.status[device] = status
        grid.addWidget(status, 0, 0, 1, 3)
        return box, grid

    def _id_box(self):
        box, grid = self._box("身份证阅读器 / ID card reader", "id_reader")
        self.id_deck = QComboBox()
        for card in self.hardware.id_reader.deck:
            self.id_deck.addItem(f"{card.key} ({card.expect})", card.key)
        grid.addWidget(self.id_deck, 1, 0, 1, 3)
        grid.addWidget(self._button("放卡 Place", "id_reader", "insert",
                                    lambda: {"card": self.id_deck.currentData()}), 2, 0)
        grid.addWidget(self._button("取走 Remove", "id_reader", "remove"), 2, 1)
        grid.addWidget(self._button("读卡时抽走 Pull mid-read", "id_reader", "pull_during_read"), 2, 2)
        grid.addWidget(self._button("断电 Off", "id_reader", "power", {"on": False}), 3, 0)
        grid.addWidget(self._button("通电 On", "id_reader", "power", {"on": True}), 3, 1)
        grid.addWidget(self._button("线路噪声 Noise", "id_reader", "noise"), 3, 2)
        return box

    def _gas_box(self):
        box, grid = self._box("燃气卡读写器 / Gas card reader", "gas_reader")
        self.gas_deck = QComboBox()
        for card in self.hardware.gas_reader.state()["deck"]:
            self.gas_deck.addItem(f"{card['id']}: {card['zh']}", card["id"])
        grid.addWidget(self.gas_deck, 1, 0, 1, 3)
        grid.addWidget(self._button("插卡 Insert", "gas_reader", "insert",
                                    lambda: {"card": self.gas_deck.currentData()}), 2, 0)
        grid.addWidget(self._button("取卡 Take", "gas_reader", "take"), 2, 1)
        grid.addWidget(self._button("写卡时拔卡 Pull mid-write", "gas_reader", "pull", {"op": "write"}), 2, 2)
        grid.addWidget(self._button("插入燃气表 Into meter", "gas_reader", "meter",
                                    lambda: {"card": self.gas_deck.currentData()}), 3, 0)
        grid.addWidget(self._button("卡住 Jam", "gas_reader", "jam", {"jammed": True}), 3, 1)
        grid.addWidget(self._button("解除卡住 Unjam", "gas_reader", "jam", {"jammed": False}), 3, 2)
        grid.addWidget(self._button("断电 Off", "gas_reader", "power", {"on": False}), 4, 0)
        grid.addWidget(self._button("通电 On", "gas_reader", "power", {"on": True}), 4, 1)
        return box

    def _printer_box(self):
        box, grid = self._box("打印机 / Receipt printer", "printer")
        grid.addWidget(self._button("纸将尽 Near end", "printer", "paper", {"remaining_mm": 1000}), 1, 0)
        grid.addWidget(self._button("拿走纸 Take paper", "printer", "paper", {"remaining_mm": 0}), 1, 1)
        grid.addWidget(self._button("装纸 Load paper", "printer", "load_paper"), 1, 2)
        grid.addWidget(self._button("开盖 Open cover", "printer", "cover", {"open": True}), 2, 0)
        grid.addWidget(self._button("合盖 Close cover", "printer", "cover", {"open": False}), 2, 1)
        grid.addWidget(self._button("切刀故障 Cutter jam", "printer", "cutter", {"jammed": True}), 2, 2)
        grid.addWidget(self._button("清除切刀 Clear cutter", "printer", "cutter", {"jammed": False}), 3, 0)
        grid.addWidget(self._button("断电 Off", "printer", "power", {"on": False}), 3, 1)
        grid.addWidget(self._button("通电 On", "printer", "power", {"on": True}), 3, 2)
        self.receipt_list = QListWidget()
        self.receipt_list.setMaximumHeight(110)
        self.receipt_list.currentItemChanged.connect(self._show_receipt)
        grid.addWidget(self.receipt_list, 4, 0, 1, 3)
        self.receipt_view = QLabel()
        self.receipt_view.setAlignment(Qt.AlignHCenter | Qt.AlignTop)
        scroll = QScrollArea()
        scroll.setWidget(self.receipt_view)
        scroll.setWidgetResizable(True)
        scroll.setMinimumHeight(320)
        grid.addWidget(scroll, 5, 0, 1, 3)
        self._receipts_shown = 0
        return box

    def _phone_box(self):
        box = QGroupBox("顾客手机 / Customer's phone")
        row = QGridLayout(box)
        pay = QPushButton("扫码付款 Pay the QR code")
        pay.setObjectName("phone.pay")
        pay.clicked.connect(self.pay)
        row.addWidget(pay, 0, 0)
        return box

    def pay(self) -> bool:
        """Pay the newest unpaid order, as the customer's phone would after scanning the QR code."""
        try:
            order = self.backend.pay()
        except (ValueError, KeyError, RuntimeError) as exc:
            self.last_error.setText(f"pay: {exc}")
            return False
        self.last_error.setText(f"paid {order.get('order_no', '')}")
        log.info("panel: the customer's phone paid %s", order.get("order_no"))
        return True

    # ---------------------------------------------------------------- acting
    def act(self, device: str, action: str, **args) -> bool:
        sim = getattr(self.hardware, device)
        try:
            ACTIONS[device](sim)[action](**args)
        except (KeyError, ValueError, RuntimeError, TypeError) as exc:
            self.last_error.setText(f"{device} {action}: {exc}")
            log.warning("panel: %s %s refused: %s", device, action, exc)
            return False
        self.last_error.setText("")
        log.info("panel: %s %s", device, action)
        self.refresh()
        return True

    def refresh(self) -> None:
        for device, label in self.status.items():
            sim = getattr(self.hardware, device)
            if sim is None:  # the hardware was stopped
                continue
            state = sim.state() if hasattr(sim, "state") else {}
            shown = {k: v for k, v in state.items() if k not in ("deck", "receipts")}
            label.setText(f"{sim.port_url}  " + "  ".join(f"{k}={v}" for k, v in shown.items()))
        printer = self.hardware.printer
        if printer is not None and len(printer.receipts) != self._receipts_shown:
            self._receipts_shown = len(printer.receipts)
            self.receipt_list.clear()
            for png, _txt in reversed(printer.receipts[-20:]):
                QListWidgetItem(png.rsplit("/", 1)[-1], self.receipt_list).setData(Qt.UserRole, png)
            self.receipt_list.setCurrentRow(0)

    def closeEvent(self, event):
        self._timer.stop()
        super().closeEvent(event)

    def _show_receipt(self, item) -> None:
        if item is None:
            self.receipt_view.clear()
            return
        pix = QPixmap(item.data(Qt.UserRole))
        self.receipt_view.setPixmap(pix.scaledToWidth(min(pix.width(), 400), Qt.SmoothTransformation))
