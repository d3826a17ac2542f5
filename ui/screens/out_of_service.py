"""Out of service: shown instead of the kiosk when its config is broken, naming the problem for staff."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.texts import t
from ui.widgets.common import make_label


class OutOfServiceScreen(QWidget):
    """Both languages at once: there is no session, and no config to say which language comes first."""

    name = "out_of_service"

    def __init__(self, problems, parent=None):
        super().__init__(parent)
        self.setObjectName("Screen")
        self.setAttribute(Qt.WA_StyledBackground, True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(60, 60, 60, 60)
        lay.setSpacing(24)
        lay.addStretch(1)
        for lang in ("zh", "en"):
            lay.addWidget(make_label(t("oos.title", lang), "OosTitle", align=Qt.AlignCenter))
            lay.addWidget(make_label(t("oos.body", lang), "Body", align=Qt.AlignCenter))
        lay.addStretch(1)
        lay.addWidget(make_label(f"{t('oos.tech', 'zh')} / {t('oos.tech', 'en')}", "Muted"))
        shown = [str(p) for p in problems[:12]]
        if len(problems) > 12:
            shown.append(f"… (+{len(problems) - 12})")
        self.problems = make_label("\n".join(shown), "OosProblems")
        lay.addWidget(self.problems)
