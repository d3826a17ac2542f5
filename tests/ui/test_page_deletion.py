"""Deleting a page's rows frees everything Qt gave the page for them: widgets, sub-layouts, and the
layout items (QWidgetItem, spacers) that QLayout.takeAt hands to the caller to delete."""

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.widgets.common import delete_layout_now, delete_widget_soon


def _page():
    page = QWidget()
    body = QVBoxLayout(page)
    row = QHBoxLayout()
    row.addWidget(QLabel("姓名"))
    row.addStretch(1)
    body.addLayout(row)
    body.addWidget(QLabel("信用报告"))
    body.addStretch(1)
    return page, body, row


def test_deleting_a_page_frees_its_widgets_layouts_and_layout_items(qapp):
    page, body, row = _page()
    items = [body.itemAt(i) for i in range(body.count())] + [row.itemAt(i) for i in range(row.count())]
    widgets = [it.widget() for it in items if it.widget() is not None]
    spacers_and_widget_items = [it for it in items if it.layout() is None]
    assert len(widgets) == 2 and len(spacers_and_widget_items) == 4

    delete_layout_now(body)

    assert body.count() == 0  # at once: no DeferredDelete event is needed (see delete_widget_soon)
    assert not any(shiboken6.isValid(w) for w in widgets)
    assert not shiboken6.isValid(row)
    # before: the QWidgetItem and QSpacerItem of every row stayed allocated for ever (a few KB a session)
    assert not any(shiboken6.isValid(it) for it in spacers_and_widget_items)


def test_a_page_can_be_filled_again_after_deletion(qapp):
    page, body, _row = _page()
    delete_layout_now(body)
    body.addWidget(QLabel("第二页"))
    page.resize(400, 300)
    page.show()
    QCoreApplication.processEvents()
    assert body.count() == 1 and body.itemAt(0).widget().text() == "第二页"
    page.close()


def test_a_screen_deleted_soon_is_hidden_now_and_gone_by_the_next_turn_of_the_loop(qapp):
    """delete_widget_soon, not deleteLater: the screen whose own button ended it is not deleted under the
    click, and nothing is left behind by a DeferredDelete (PySide6 left ~125 bytes a widget)."""
    page, body, row = _page()
    page.show()
    labels = page.findChildren(QLabel)
    delete_widget_soon(page)
    assert shiboken6.isValid(page) and not page.isVisible()
    assert QCoreApplication.instance().sendPostedEvents(None, QEvent.DeferredDelete) is None
    assert shiboken6.isValid(page)  # no DeferredDelete was posted for it
    QCoreApplication.processEvents()
    assert not shiboken6.isValid(page) and not any(shiboken6.isValid(w) for w in labels)
    assert not shiboken6.isValid(row)
