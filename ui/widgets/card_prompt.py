"""The animated "place your card here" picture: a card gliding down onto the reader, over and over."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QWidget

from ui.theme import BLUE


class CardPrompt(QWidget):
    def __init__(self, width: int, height: int, label: str = "", parent=None):
        super().__init__(parent)
        self.setFixedSize(width, height)
        self.label = label
        self._phase = 0
        self._timer = QTimer(self)
        self._timer.setInterval(60)
        self._timer.timeout.connect(self._step)

    def showEvent(self, event):
        super().showEvent(event)
        self._timer.start()  # moving only while on show: a page drawn ahead or kept hidden costs no wake-ups

    def hideEvent(self, event):
        super().hideEvent(event)
        self._timer.stop()

    def _step(self) -> None:
        self._phase = (self._phase + 1) % 40
        self.update()

    def paintEvent(self, _event):
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        w, h = self.width(), self.height()
        # the reader: a dark slab with a glowing pad
        reader = QRectF(w * 0.15, h * 0.62, w * 0.7, h * 0.3)
        p.setPen(Qt.NoPen)
        p.setBrush(QColor("#37474f"))
        p.drawRoundedRect(reader, 16, 16)
        pad = reader.adjusted(w * 0.08, h * 0.06, -w * 0.08, -h * 0.06)
        glow = 120 + int(100 * abs(20 - self._phase) / 20)
        p.setBrush(QColor(80, 160, 255, glow))
        p.drawRoundedRect(pad, 10, 10)
        # the card comes down onto the pad in the first half of the cycle, then rests there
        t = min(1.0, self._phase / 20)
        card_w, card_h = pad.width() * 0.9, pad.height() * 1.25
        x = w / 2 - card_w / 2
        y = h * 0.05 + (pad.center().y() - card_h / 2 - h * 0.05) * t
        card = QRectF(x, y, card_w, card_h)
        p.setBrush(QColor("#e3f2fd"))
        p.setPen(QPen(QColor(BLUE), 4))
        p.drawRoundedRect(card, 14, 14)
        p.setPen(Qt.NoPen)
        p.setBrush(QColor("#90caf9"))
        p.drawRoundedRect(QRectF(card.right() - card_w * 0.32, card.top() + card_h * 0.18, card_w * 0.22,
                                 card_h * 0.6), 6, 6)
        p.setBrush(QColor("#bbdefb"))
        for i in range(3):
            p.drawRoundedRect(QRectF(card.left() + card_w * 0.08, card.top() + card_h * (0.22 + 0.2 * i),
                                     card_w * 0.5, card_h * 0.09), 4, 4)
        if self.label:
            f = QFont(self.font())
            f.setPixelSize(max(24, int(h * 0.07)))
            f.setBold(True)
            p.setFont(f)
            p.setPen(QColor("white"))
            p.drawText(reader.adjusted(0, reader.height() * 0.55, 0, 0), Qt.AlignCenter, self.label)
        p.end()
