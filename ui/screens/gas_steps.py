"""Layouts of the gas top-up steps: account, amount (presets and a keypad), the QR code to pay, results."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.screens.flow_screen import render_message
from ui.screens.result_steps import _rows_card
from ui.widgets.card_prompt import CardPrompt
from ui.widgets.common import make_button, make_label, qr_pixmap, touch_scroll_area


def _tiers_text(ctx, account) -> str:
    out = []
    for i, tier in enumerate(account.tiers, 1):
        rule = ctx.t("gas.tier_upto", upto=tier.upto_m3, price=tier.price) if tier.upto_m3 is not None \
            else ctx.t("gas.tier_above", price=tier.price)
        out.append(f"{ctx.t('gas.tier', n=i)} {rule}")
    return "\n".join(out)


def render_insert(screen, ctx, model) -> None:
    th = ctx.theme
    b = screen.body
    b.addStretch(1)
    w, h = (520, 360) if _landscape(screen) else (th.px(520), th.px(360))  # landscape: no height to grow into
    b.addWidget(CardPrompt(w, h), 0, Qt.AlignHCenter)
    b.addWidget(make_label(screen.text(model.message), "Body", align=Qt.AlignCenter))
    b.addStretch(1)


def _account_card(ctx, a, limit):
    rows = [(ctx.t("gas.customer"), a.masked_name), (ctx.t("gas.card_no"), a.masked_card_number),
            (ctx.t("gas.meter"), a.meter_number), (ctx.t("gas.address"), a.address),
            (ctx.t("gas.price"), _tiers_text(ctx, a)),
            ("", ctx.t("gas.year_volume", volume=a.volume_this_year_m3)),
            ("", ctx.t("gas.limit", low=a.min_topup_yuan, high=limit))]
    return _rows_card(rows, ctx)


def render_account(screen, ctx, model) -> None:
    """The account beside (landscape) or above (portrait) the amounts to choose from."""
    a, th = model.fields["account"], ctx.theme
    win = screen.window()
    landscape = win.width() > win.height()
    card = QWidget()
    box = QVBoxLayout(card)
    box.setContentsMargins(0, 0, 0, 0)
    box.addWidget(_account_card(ctx, a, model.fields["limit"]))
    box.addStretch(1)
    grid = QGridLayout()
    grid.setSpacing(th.px(20))
    cols = 2 if landscape else 3
    amounts = [b for b in model.buttons if b.id in ("amount", "keypad")]
    for i, b in enumerate(amounts):
        btn = screen._button(b)
        btn.setMinimumHeight(max(80, th.px(100)) if landscape else th.px(120))
        btn.setObjectName(f"flow.amount.{b.arg}" if b.id == "amount" else "flow.keypad")
        grid.addWidget(btn, i // cols, i % cols)
    if landscape:
        row = QHBoxLayout()
        row.setSpacing(th.px(32))
        row.addWidget(touch_scroll_area(card), 3)
        col = QVBoxLayout()
        col.addLayout(grid)
        col.addStretch(1)
        row.addLayout(col, 2)
        screen.body.addLayout(row, 1)
    else:
        screen.body.addWidget(touch_scroll_area(card), 1)
        screen.body.addLayout(grid)
    return {"amount", "keypad"}  # drawn here, not in the row of actions


def _quote_lines(ctx, quote):
    if quote is None:
        return [(ctx.t("gas.volume"), "—")]
    rows = [(ctx.t("gas.volume"), f"{quote.volume_m3} m³")]
    for part in quote.breakdown:
        rows.append((ctx.t("gas.tier", n=part.tier_index), ctx.t("gas.breakdown", volume=part.volume_m3, price=part.price)))
    return rows


def render_keypad(screen, ctx, model) -> None:
    """The amount on the kiosk's own keypad; in landscape the keypad stands beside the amount."""
    th = ctx.theme
    f = model.fields
    win = screen.window()
    landscape = win.width() > win.height()
    info = QVBoxLayout()
    info.setSpacing(th.px(8))
    info.addWidget(make_label(f"￥ {f['entry'] or '0'}", "ScreenTitle" if landscape else "Countdown", wrap=False,
                              align=Qt.AlignRight | Qt.AlignVCenter if not landscape else Qt.AlignLeft))
    if model.message:
        info.addWidget(make_label(screen.text(model.message), "ErrorText"))
    info.addWidget(make_label(ctx.t("gas.limit", low=f["account"].min_topup_yuan, high=f["limit"]), "Muted"))
    info.addWidget(_rows_card(_quote_lines(ctx, f["quote"]), ctx))
    back = make_button(ctx.t("nav.back"), name="flow.back")
    back.clicked.connect(lambda: screen.runner.touch("back"))
    info.addWidget(back, 0, Qt.AlignLeft)
    info.addStretch(1)
    pad = QGridLayout()
    pad.setSpacing(th.px(12))
    key_height = 80 if landscape else th.px(110)  # landscape has little height: keys stay at the 80 px minimum
    keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "del", "0", "ok"]
    for i, k in enumerate(keys):
        if k == "ok":
            btn = make_button(ctx.t("gas.confirm_amount"), primary=True, name="flow.ok")
            btn.clicked.connect(lambda: screen.runner.touch("ok"))
        else:
            btn = make_button("⌫" if k == "del" else k, name=f"flow.key.{k}")
            btn.setProperty("key", "true")  # large digits: a rule of the window's style sheet (theme.py)
            btn.clicked.connect(lambda _=False, key=k: screen.runner.touch("key", key))
        btn.setMinimumHeight(key_height)
        pad.addWidget(btn, i // 3, i % 3)
    for c in range(3):
        pad.setColumnStretch(c, 1)
    if landscape:
        row = QHBoxLayout()
        row.setSpacing(th.px(32))
        left = QWidget()
        left.setLayout(info)
        row.addWidget(touch_scroll_area(left), 1)  # large text may need more height than landscape has
        row.addLayout(pad, 1)
        screen.body.addLayout(row, 1)
    else:
        screen.body.addLayout(info)
        screen.body.addLayout(pad)
        screen.body.addStretch(1)
    return {"back", "ok"}  # drawn here


def _landscape(screen) -> bool:
    win = screen.window()
    return win.width() > win.height()


def render_confirm(screen, ctx, model) -> None:
    f = model.fields
    # landscape has little height: the amount in title size, so elder mode's larger rows still fit
    style = "ScreenTitle" if _landscape(screen) else "Countdown"
    screen.body.addWidget(make_label(f"￥{f['amount']}", style, align=Qt.AlignCenter))
    screen.body.addWidget(_rows_card(_quote_lines(ctx, f["quote"]), ctx))
    screen.body.addStretch(1)


def render_pay(screen, ctx, model) -> None:
    """The QR code and what it pays for; in landscape the instructions stand beside it, for height."""
    th = ctx.theme
    f = model.fields
    landscape = _landscape(screen)
    row = QHBoxLayout()
    row.setSpacing(th.px(32))
    row.addStretch(1)
    qr = QLabel()
    qr.setObjectName("PayQr")
    # a phone scans 300 px easily; never let a layout squeeze (and so cut) the code itself
    size = (300 if ctx.elder else 380) if landscape else th.px(380)
    qr.setPixmap(qr_pixmap(f["qr"], size))
    qr.setFixedSize(size, size)
    row.addWidget(qr, 0, Qt.AlignTop)
    col = QVBoxLayout()
    col.setSpacing(th.px(8))
    col.addWidget(make_label(f"{ctx.t('gas.amount')} ￥{f['amount']}", "ScreenTitle" if landscape else "Countdown"))
    volume = make_label(f"{ctx.t('gas.volume')} {f['quote'].volume_m3} m³", "Body", wrap=not landscape)
    left = screen.runner.seconds_left()
    screen.countdown = make_label(ctx.t("gas.pay.left", seconds=left if left is not None else ""), "SectionTitle",
                                  wrap=not landscape)
    if landscape:  # side by side: one line less to find height for
        line = QHBoxLayout()
        line.setSpacing(th.px(32))
        line.addWidget(volume)
        line.addWidget(screen.countdown)
        line.addStretch(1)
        col.addLayout(line)
    else:
        col.addWidget(volume)
        col.addWidget(screen.countdown)
    message = make_label(screen.text(model.message), "Body", align=Qt.AlignLeft if landscape else Qt.AlignCenter)
    if landscape:  # wide enough that the words need two lines at most, so the column fits beside the code
        message.setMinimumWidth(th.px(720))
        message.setMaximumWidth(th.px(720))
        col.addWidget(message)
    col.addStretch(1)
    row.addLayout(col)
    row.addStretch(1)
    screen.body.addLayout(row)
    if not landscape:
        screen.body.addWidget(message)
    screen.body.addStretch(1)


def render_take(screen, ctx, model) -> None:
    th = ctx.theme
    b = screen.body
    b.addStretch(1)
    w, h = (400, 260) if _landscape(screen) else (th.px(460), th.px(300))  # landscape: no height to grow into
    b.addWidget(CardPrompt(w, h), 0, Qt.AlignHCenter)
    if model.error is not None:
        b.addWidget(make_label(model.error.user_message(ctx.lang), "ErrorText", align=Qt.AlignCenter))
    b.addWidget(make_label(screen.text(model.message), "Body", align=Qt.AlignCenter))
    purchase = model.fields.get("purchase")
    if purchase is not None and model.fields.get("written") is not None:
        b.addWidget(_rows_card([(ctx.t("gas.amount"), f"￥{purchase.amount_yuan}"),
                                (ctx.t("gas.volume"), f"{purchase.volume_m3} m³")], ctx))
    if model.fields.get("receipt_failed"):
        b.addWidget(make_label(ctx.t("gas.receipt_failed"), "ErrorText", align=Qt.AlignCenter))
    b.addStretch(1)


GAS_RENDERERS = {
    "insert_card": render_insert,
    "reading": render_message,
    "loading": render_message,
    "account": render_account,
    "keypad": render_keypad,
    "confirm": render_confirm,
    "pay": render_pay,
    "take_card": render_take,
    "refused": render_take,
    "read_failed": render_take,
    "write_failed": render_take,
}
