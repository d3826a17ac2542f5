"""A card's label/value rows drawn by one widget, laid out as a grid of word-wrapped labels would be.

A label per cell cost the record detail page ~40 widgets, each styled, laid out and painted on its own:
~20 ms of the touch that opens it. One RowsLabel per card draws the same text, in the same place.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QLabel, QSizePolicy

_MEASURE = Qt.AlignLeft | Qt.TextWordWrap  # how QLabel measures left-aligned wrapped text
_BIG = 2000


def _height(fm: QFontMetrics, width: int, text: str) -> int:
    """What a word-wrapped QLabel of ``text`` needs at ``width`` (QLabel::heightForWidth)."""
    return fm.boundingRect(QRect(0, 0, max(width, 0), _BIG), _MEASURE, text).height()


def _hint_width(fm: QFontMetrics, text: str, natural: tuple[int, int]) -> int:
    """The width a word-wrapped QLabel of ``text`` asks for (QLabel::sizeHint: short text unwrapped, long text
    wrapped to a quarter or half of 80 average characters); ``natural``: its unwrapped (width, height)."""
    if not text:
        return fm.averageCharWidth()
    w = fm.averageCharWidth() * 80
    if natural[0] <= w // 4:
        return natural[0]  # what the steps below come to, without measuring again
    br = fm.boundingRect(QRect(0, 0, w, _BIG), _MEASURE, text)
    if br.height() < 4 * fm.lineSpacing() and br.width() > w // 2:
        br = fm.boundingRect(QRect(0, 0, w // 2, _BIG), _MEASURE, text)
    if br.height() < 2 * fm.lineSpacing() and br.width() > w // 4:
        br = fm.boundingRect(QRect(0, 0, w // 4, _BIG), _MEASURE, text)
    return br.width()


def _min_width(fm: QFontMetrics, text: str) -> int:
    """The widest word of ``text`` (QLabel::minimumSizeHint of wrapped text)."""
    if not text:
        return fm.averageCharWidth()
    return fm.boundingRect(QRect(0, 0, 0, _BIG), _MEASURE, text).width()


class _Measures:
    """What the rows measure in one font: hints, and each cell's height at a width (most cells fit on one
    line at any width a page gives them: those are measured once)."""

    def __init__(self, key_font: QFont, value_font: QFont, rows):
        self.key_font, self.value_font = key_font, value_font
        self.kfm, self.vfm = QFontMetrics(key_font), QFontMetrics(value_font)
        self.rows = rows
        # unwrapped: (width, height) of each label and value; at any width at least as wide, the same lines
        self.natural = [(self._unwrapped(self.kfm, k), self._unwrapped(self.vfm, v)) for k, v in rows]
        self.key_hint = max((_hint_width(self.kfm, k, n[0]) for (k, _), n in zip(rows, self.natural)), default=0)
        self.key_least = max((_min_width(self.kfm, k) for k, _ in rows), default=0)
        self.value_hint = max((_hint_width(self.vfm, v, n[1]) for (_, v), n in zip(rows, self.natural)), default=0)
        self.heights: dict[int, list[int]] = {}  # the widget's width -> row heights

    @staticmethod
    def _unwrapped(fm: QFontMetrics, text: str) -> tuple[int, int]:
        r = fm.boundingRect(QRect(0, 0, _BIG, _BIG), _MEASURE, text)
        return r.width(), r.height()

    def row_heights(self, key_width: int, value_width: int) -> list[int]:
        out = []
        for (k, v), ((kw, kh), (vw, vh)) in zip(self.rows, self.natural):
            if key_width < kw:
                kh = _height(self.kfm, key_width, k)
            if value_width < vw:
                vh = _height(self.vfm, value_width, v)
            out.append(max(kh, vh))
        return out


class RowsLabel(QLabel):
    """Rows of (label, value): labels in a column as wide as the widest, in the small muted text, top-aligned;
    values beside them in body text, word-wrapped, centred in their row; ``spacing`` (horizontal, vertical)
    between cells. ``text()`` is every row, "label value" a line: what a resident reads on it."""

    def __init__(self, rows, theme, spacing: tuple[int, int]):
        super().__init__()
        self.setObjectName("Body")
        self._rows = [(str(k), str(v)) for k, v in rows]
        self._theme = theme
        self._hs, self._vs = spacing
        self._by_font: dict[str, _Measures] = {}  # the widget's font -> the rows measured in it
        self.setTextFormat(Qt.PlainText)
        self.setWordWrap(True)  # for whoever measures labels (ui/layout_check.py): it wraps like one
        self.setText("\n".join(f"{k} {v}" if k else v for k, v in self._rows))
        policy = QSizePolicy(QSizePolicy.Preferred, QSizePolicy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    # ---------------------------------------------------------------- fonts, measures
    def _measures(self) -> _Measures:
        """The measures of the rows in the widget's font. Its size changes when the style sheet arrives, but
        the cells' fonts have sizes of their own: measured once, whatever the widget's font was then."""
        font = self.font()
        fkey = font.key()
        m = self._by_font.get(fkey)
        if m is None:
            key_font, value_font = QFont(font), QFont(font)
            key_font.setPixelSize(self._theme.small)
            value_font.setPixelSize(self._theme.text)
            cells = (key_font.key(), value_font.key())
            m = next((x for x in self._by_font.values() if (x.key_font.key(), x.value_font.key()) == cells), None)
            self._by_font[fkey] = m or _Measures(key_font, value_font, self._rows)
            m = self._by_font[fkey]
        return m

    def _key_width(self, width: int) -> int:
        m = self._measures()
        # as the grid of labels did: the label column keeps its hint while the values keep at least a pixel
        return max(min(m.key_hint, width - self._hs - 1), min(m.key_least, m.key_hint))

    def _row_heights(self, width: int) -> list[int]:
        m = self._measures()
        heights = m.heights.get(width)
        if heights is None:
            kw = self._key_width(width)
            heights = m.heights[width] = m.row_heights(kw, max(1, width - kw - self._hs))
        return heights

    # ---------------------------------------------------------------- QWidget
    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        heights = self._row_heights(width)
        return sum(heights) + self._vs * max(0, len(heights) - 1)

    def sizeHint(self) -> QSize:
        m = self._measures()
        width = m.key_hint + self._hs + m.value_hint
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        width = self._measures().key_least + self._hs + 1
        return QSize(width, self.heightForWidth(_BIG))

    def paintEvent(self, event) -> None:
        width = self.width()
        heights = self._row_heights(width)
        kw = self._key_width(width)
        vx = kw + self._hs
        m = self._measures()
        key_font, value_font = m.key_font, m.value_font
        key_color, value_color = QColor(self._theme.muted_color), QColor(self._theme.text_color)
        dirty = event.rect()
        p = QPainter(self)
        y = 0
        for (k, v), h in zip(self._rows, heights):
            if y > dirty.bottom():
                break
            if y + h >= dirty.top():
                # each cell clipped to itself, as a label is (a descender does not reach into the next row)
                if k:
                    cell = QRect(0, y, kw, h)
                    p.setClipRect(cell)
                    p.setFont(key_font)
                    p.setPen(key_color)
                    p.drawText(cell, Qt.AlignLeft | Qt.AlignTop | Qt.TextWordWrap, k)
                cell = QRect(vx, y, width - vx, h)
                p.setClipRect(cell)
                p.setFont(value_font)
                p.setPen(value_color)
                p.drawText(cell, Qt.AlignLeft | Qt.AlignVCenter | Qt.TextWordWrap, v)
            y += h + self._vs
        p.end()
