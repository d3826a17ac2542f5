"""Gas card top-up: insert the card, see the account, choose an amount, pay by QR code, gas written, receipt.

The one thing that must never happen is money taken without gas on the card and without a record of
how to get it there. So every step that follows a payment is preceded by a durable journal entry
(JournalCreate and JournalAdvance are written before the effects after them run), and a write that fails leaves the
top-up "awaiting re-write": the next insertion of the card writes it, decided by the card's purchase count.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from kiosk.flows.base import (Audit, Button, CallService, CheckGasCard, EjectGasCard, GasCardChecked, Finish, Flow, GasCardEjected, GasCardFailed,
                              GasCardInserted, GasCardRead, GasCardRemoved, GasCardWriteFailed, GasCardWritten,
                              JournalAdvance, JournalCreate, JournalFindOwed, JournalRow, PaymentUpdate, PollPayment, Print,
                              PrintFailed, Printed, ScreenModel, ServiceAnswered, ServiceFailed, StopGasCard,
                              StopPolling, TimedOut, Touched, WatchGasCard, WriteGasCard)
from kiosk.i18n import declare

INSERT_TIMEOUT = 60.0
PAY_TIMEOUT = 120.0
TAKE_TIMEOUT = 30.0
PRESETS = (Decimal(50), Decimal(100), Decimal(200), Decimal(500))
HOME = Button("home", "nav.home")

#: Why the flow itself refuses a top-up (context ``errors``; see kiosk.i18n).
ARREARS = declare("errors", "gas.arrears", "您的账户欠费￥{arrears}，请先到营业厅缴清欠费后再购气。")
YEAR_LIMIT_REACHED = declare("errors", "gas.year_limit_reached", "您今年的购气量已达上限，如需购气请到营业厅办理。")
CARD_DISAGREES = declare("errors", "gas.card_disagrees", "您的燃气卡与账户记录不一致，请持卡到燃气营业厅办理。")


class GasTopupFlow(Flow):
    name = "gas_topup"

    def __init__(self, *, quote, max_amount, receipt_builder, **kw):
        super().__init__(**kw)
        self.quote = quote                 # (account, amount) -> Quote   (pure: no network)
        self.max_amount = max_amount       # (account) -> Decimal
        self.build_receipt = receipt_builder  # (flow) -> Receipt
        self.card = None
        self.account = None
        self.amount: Decimal | None = None
        self.entry = ""                    # what the keypad holds
        self.topup_id: int | None = None
        self.order = None
        self.purchase = None
        self.written = None
        self.rewrite = False               # writing a purchase paid earlier (re-write or repair)
        self.extended = False
        self.card_inside = False
        self._end_reason = "finished"

    # ---------------------------------------------------------------- helpers
    def show(self, step, title, **kw):
        fields = kw.pop("fields", {})
        if self.card is not None:
            fields = {"card": self.card.masked_number, **fields}
        if self.account is not None:
            fields = {"name": self.account.masked_name, **fields}
        self.screen = ScreenModel(step=step, title=title, fields=fields, **kw)

    def audit(self, event, /, **detail):
        if self.topup_id is not None:
            detail.setdefault("topup", self.topup_id)
        if self.card is not None:
            detail.setdefault("card", self.card.masked_number)
        return Audit(event, {"service": self.name, **detail})

    def advance(self, state, note=None, **fields):
        return JournalAdvance(self.topup_id, state, fields, note)

    # ---------------------------------------------------------------- start and card
    def start(self):
        self.show("insert_card", "gas.insert.title", message="gas.insert.body", buttons=[HOME], timeout_s=INSERT_TIMEOUT)
        return [WatchGasCard(), Audit("service_started", {"service": self.name})]

    def handle(self, event):
        if self.finished:
            return []
        if isinstance(event, JournalRow):
            self.handle_journal_row(event)
        if isinstance(event, TimedOut) and event.step != self.step:
            return []
        if isinstance(event, GasCardRemoved):
            was_inside, self.card_inside = self.card_inside, False
            if self.step == "insert_card" and not was_inside:
                return []  # the last customer's card leaving the gate: not ours, keep waiting for it
            # (after a failed write the message stays up: the customer must read that the money is safe)
            if self.step in ("take_card", "insert_card", "refused", "read_failed"):
                return self.finish(self._end_reason)
            return []
        if isinstance(event, Touched) and event.button == "home":
            return self.leave("cancelled")
        handler = getattr(self, f"_on_{self.step}", None)
        return handler(event) if handler else []

    def _on_insert_card(self, event):
        if isinstance(event, GasCardInserted):
            self.card_inside = True
            self.show("reading", "gas.reading.title", message="gas.reading.body", busy=True)
        elif isinstance(event, TimedOut):
            return self.finish("no_card")
        elif isinstance(event, (GasCardRead, GasCardFailed)):
            self.card_inside = True
            return self._on_reading(event)
        return []

    def _on_reading(self, event):
        if isinstance(event, GasCardFailed):
            self.show("read_failed", "gas.read_failed.title", error=event.error, buttons=[HOME])
            return [Audit("card_failed", {"service": self.name, "reason": type(event.error).__name__})] + \
                self._eject()
        if not isinstance(event, GasCardRead):
            return []
        self.card = event.card
        problem = self.card.problem(for_topup=False)
        if problem is not None and not self.card.torn:
            return self.refuse(problem)
        self.show("loading", "gas.loading.title", message="gas.loading.body", busy=True)
        # a locked card can be read but never written: find out before any money moves
        return [self.audit("card_read", torn=self.card.torn), CheckGasCard()]

    def refuse(self, error):
        self.show("refused", "gas.refused.title", error=error, buttons=[HOME], timeout_s=TAKE_TIMEOUT)
        return [self.audit("card_refused", reason=type(error).__name__)] + self._eject()

    # ---------------------------------------------------------------- account, and deciding what to do
    def _on_loading(self, event):
        if isinstance(event, GasCardChecked):
            if event.tries_left == 0:
                from drivers.gascard.errors import CardLocked
                return self.refuse(CardLocked("card locked: no password tries left"))
            return [CallService("gas_billing.account", {"card_number": self.card.card_number})]
        if isinstance(event, GasCardFailed):
            self.show("read_failed", "gas.read_failed.title", error=event.error, buttons=[HOME])
            return [self.audit("card_failed", reason=type(event.error).__name__)] + self._eject()
        if isinstance(event, ServiceFailed):
            self.show("service_error", "gas.service_error.title", error=event.error,
                      buttons=[Button("retry", "nav.retry", primary=True), HOME])
            return [self.audit("service_failed", call=event.call, error=type(event.error).__name__)]
        if not isinstance(event, ServiceAnswered):
            return []
        if event.call == "gas_billing.account":
            self.account = event.result
            if self.account.status == "lost":
                from drivers.gascard.errors import CardReportedLost
                return self.refuse(CardReportedLost("billing: card reported lost"))
            # always ask whether a paid purchase waits for this card: a write cut short can leave a card
            # whose check byte happens to match (the changed bytes cancel out in the XOR)
            return [CallService("gas_billing.pending_purchase", {"card_number": self.card.card_number})]
        if event.call == "gas_billing.pending_purchase":
            return self._decide(event.result)
        return []

    def _decide(self, pending):
        """Normal top-up, re-write, repair, or the service hall: decided by the purchase counts (gas-card.md)."""
        card, account = self.card, self.account
        if pending is None:
            if card.purchase_count == account.purchase_count and not card.torn:
                if card.meter_flag == 0:
                    from drivers.gascard.errors import MeterNotVisited
                    return self.refuse(MeterNotVisited("gas on the card waits for the meter"))
                return self._show_account()
            return self.refuse(_refer_to_hall())
        self.purchase, self.rewrite = pending, True
        self.amount = Decimal(pending.amount_yuan)
        complete = (card.purchase_count == pending.purchase_count and not card.torn
                    and card.volume == pending.volume_units and card.meter_flag == 0)
        if complete:  # the write went through but was never confirmed
            self.written = card
            self.show("writing", "gas.writing.title", message="gas.writing.body", busy=True)
            return [JournalFindOwed(card.card_number), self.audit("rewrite_found_written"),
                    CallService("gas_billing.confirm_purchase", self._confirm_args())]
        if card.purchase_count not in (pending.purchase_count - 1, pending.purchase_count) and not card.torn:
            self.purchase, self.rewrite = None, False
            return self.refuse(_refer_to_hall())
        self.show("writing", "gas.rewrite.title", message="gas.writing.body", busy=True)
        return [JournalFindOwed(card.card_number), self.audit("rewrite_started", purchase=pending.purchase_id),
                WriteGasCard(card, pending.purchase_count, pending.volume_units, repair=True)]

    def _confirm_args(self):
        return {"purchase_id": self.purchase.purchase_id, "card_number": self.card.card_number,
                "purchase_count": self.purchase.purchase_count}

    def _show_account(self):
        a = self.account
        limit = self.max_amount(a)
        presets = [p for p in PRESETS if a.min_topup_yuan <= p <= limit]
        buttons = [Button("amount", f"￥{p}", arg=str(p)) for p in presets]
        buttons += [Button("keypad", "gas.other_amount"), HOME]
        self.show("account", "gas.account.title", fields={"account": a, "limit": limit}, buttons=buttons)
        if a.arrears_yuan and a.arrears_yuan > 0:
            from kiosk.services.errors import ServiceError
            self.show("refused", "gas.refused.title", fields={"account": a},
                      error=ServiceError("arrears", user=ARREARS, user_args={"arrears": a.arrears_yuan}),
                      buttons=[HOME], timeout_s=TAKE_TIMEOUT)
            return [self.audit("arrears")] + self._eject()
        if limit < a.min_topup_yuan:
            from kiosk.services.errors import ServiceError
            self.show("refused", "gas.refused.title",
                      error=ServiceError("limit", user=YEAR_LIMIT_REACHED),
                      buttons=[HOME], timeout_s=TAKE_TIMEOUT)
            return [self.audit("year_limit_reached")] + self._eject()
        return [self.audit("account_shown")]

    # ---------------------------------------------------------------- choosing the amount
    def likely_touches(self) -> list:
        """On the account, the keypad (its page needs only what the flow holds)."""
        return [Touched("keypad")] if self.step == "account" else []

    def _on_account(self, event):
        if isinstance(event, Touched) and event.button == "amount":
            return self._choose(Decimal(event.arg))
        if isinstance(event, Touched) and event.button == "keypad":
            self.entry = ""
            self._show_keypad()
        return []

    def _show_keypad(self, error_key=None):
        self.show("keypad", "gas.keypad.title", message=error_key,
                  fields={"account": self.account, "entry": self.entry, "limit": self.max_amount(self.account),
                          "quote": self._quote_of(self.entry)},
                  buttons=[Button("back", "nav.back"), Button("ok", "gas.confirm_amount", primary=True), HOME])

    def _quote_of(self, text):
        try:
            amount = Decimal(text)
        except (InvalidOperation, ValueError):
            return None
        if amount <= 0:
            return None
        return self.quote(self.account, amount)

    def _on_keypad(self, event):
        if not isinstance(event, Touched):
            return []
        if event.button == "key":
            if event.arg == "del":
                self.entry = self.entry[:-1]
            elif len(self.entry) < 5 and not (self.entry == "" and event.arg == "0"):
                self.entry += event.arg
            self._show_keypad()
        elif event.button == "back":
            self._show_account()
        elif event.button == "ok":
            if not self.entry:
                self._show_keypad("gas.amount.empty")
                return []
            return self._choose(Decimal(self.entry))
        return []

    def _choose(self, amount: Decimal):
        a = self.account
        if amount < a.min_topup_yuan or amount > self.max_amount(a):
            self._show_keypad("gas.amount.out_of_range")
            return []
        self.amount = amount
        self.show("confirm", "gas.confirm.title", fields={"account": a, "amount": amount,
                                                          "quote": self.quote(a, amount)},
                  buttons=[Button("back", "nav.back"), Button("pay", "gas.pay", primary=True), HOME])
        return [self.audit("amount_chosen", amount=str(amount))]

    def _on_confirm(self, event):
        if isinstance(event, Touched) and event.button == "back":
            self._show_account()
            return []
        if isinstance(event, Touched) and event.button == "pay":
            self.show("creating_order", "gas.order.title", message="gas.order.body", busy=True)
            return [JournalCreate({"card_number": self.card.card_number, "card_masked": self.card.masked_number,
                                   "amount_yuan": self.amount, "count_before": self.card.purchase_count})]
        return []

    # ---------------------------------------------------------------- paying
    def handle_journal_row(self, event: JournalRow) -> None:
        self.topup_id = event.topup_id
        self._keys = dict(event.keys)

    def _on_creating_order(self, event):
        if isinstance(event, JournalRow):
            return [self.audit("topup_created", amount=str(self.amount)),
                    CallService("payment.create_order", {"amount_yuan": self.amount,
                                                         "description": f"燃气充值 {self.card.masked_number}",
                                                         "idempotency_key": self.keys["pay_key"]})]
        if isinstance(event, ServiceAnswered) and event.call == "payment.create_order":
            self.order = event.result
            self.show("pay", "gas.pay.title", message="gas.pay.body",
                      fields={"amount": self.amount, "qr": self.order.qr_payload, "order_no": self.order.order_no,
                              "quote": self.quote(self.account, self.amount)},
                      buttons=[Button("extend", "gas.pay.extend"), Button("cancel", "nav.cancel"), HOME],
                      timeout_s=PAY_TIMEOUT)
            return [self.advance("awaiting_payment", order_no=self.order.order_no), PollPayment(self.order.order_no),
                    self.audit("order_created", order=self.order.order_no)]
        if isinstance(event, ServiceFailed):
            # nothing was shown to pay with, so nothing can have been paid
            self.show("pay_unavailable", "gas.pay_unavailable.title", error=event.error,
                      buttons=[Button("retry", "nav.retry", primary=True), HOME])
            if event.call == "journal.create":  # the kiosk's own disk, not the gateway: the technician looks there
                return [self.audit("topup_not_recorded", error=type(event.error).__name__)]
            return [self.advance("closed", note="payment gateway unavailable before the QR code"),
                    self.audit("gateway_unavailable", error=type(event.error).__name__)]
        return []

    @property
    def keys(self) -> dict:
        return getattr(self, "_keys", {})

    def _on_service_error(self, event):
        if isinstance(event, Touched) and event.button == "retry":
            self.show("loading", "gas.loading.title", message="gas.loading.body", busy=True)
            return [CallService("gas_billing.account", {"card_number": self.card.card_number})]
        return []

    def _on_pay_unavailable(self, event):
        if isinstance(event, Touched) and event.button == "retry":
            return self._on_confirm(Touched("pay"))
        return []

    def _on_pay(self, event):
        if isinstance(event, PaymentUpdate):
            self.order = event.order
            if event.order.status == "paid":
                return self._paid()
            if event.order.status in ("closed", "refunded"):
                return self._unpaid("closed", "order closed at the gateway")
            return []
        if isinstance(event, Touched) and event.button == "extend" and not self.extended:
            self.extended = True
            old = self.screen  # a new screen model: the runner restarts the step's timer
            self.show("pay", old.title, message=old.message, fields=dict(old.fields),
                      buttons=[b for b in old.buttons if b.id != "extend"], timeout_s=PAY_TIMEOUT)
            return [self.audit("pay_extended")]
        if isinstance(event, Touched) and event.button == "cancel":
            return self._close("cancelled")
        if isinstance(event, TimedOut):
            return self._close("expired")
        return []

    def _close(self, why):
        self._closing = why
        self.show("closing", "gas.closing.title", busy=True)
        return [StopPolling(), CallService("payment.close", {"order_no": self.order.order_no})]

    def _on_closing(self, event):
        if isinstance(event, ServiceAnswered) and event.call == "payment.close":
            if event.result.status == "paid":  # paid at the last moment: the customer is still here
                self.order = event.result
                return self._paid()
            return self._unpaid("closed" if self._closing == "cancelled" else "expired", self._closing)
        if isinstance(event, ServiceFailed):
            # we could not close it: recovery asks the gateway later and refunds a late payment
            return self._unpaid("expired", f"{self._closing}; closing the order failed",
                                attention="order not closed: recovery will close it or refund a late payment")
        return []

    def _unpaid(self, state, note, attention=None):
        fields = {"attention": attention} if attention else {}
        self.show("take_card", "gas.take.title", message="gas.unpaid.body", timeout_s=TAKE_TIMEOUT)
        self._end_reason = "cancelled"
        return [StopPolling(), self.advance(state, note=note, **fields), self.audit("topup_" + state)] + self._eject()

    def _paid(self):
        self.show("writing", "gas.writing.title", message="gas.writing.body", busy=True)
        return [StopPolling(), self.advance("paid", transaction_no=getattr(self.order, "transaction_no", None)),
                self.audit("paid", order=self.order.order_no),
                CallService("gas_billing.create_purchase", {"card_number": self.card.card_number,
                                                            "order_no": self.order.order_no,
                                                            "amount_yuan": self.amount,
                                                            "idempotency_key": self.keys["bill_key"]})]

    # ---------------------------------------------------------------- writing the card
    def _on_writing(self, event):
        if isinstance(event, ServiceAnswered) and event.call == "gas_billing.create_purchase":
            self.purchase = p = event.result
            return [self.advance(None, purchase_id=p.purchase_id, count_after=p.purchase_count,
                                 volume_units=p.volume_units),
                    WriteGasCard(self.card, p.purchase_count, p.volume_units)]
        if isinstance(event, ServiceFailed) and event.call == "gas_billing.create_purchase":
            self.show("write_failed", "gas.write_failed.title", message="gas.billing_failed.body", error=event.error,
                      buttons=[Button("retry", "nav.retry", primary=True), HOME])
            return [self.advance(None, note="billing could not record the purchase",
                                 attention="paid, purchase not recorded: recovery retries it"),
                    self.audit("purchase_failed", error=type(event.error).__name__)]
        if isinstance(event, GasCardWritten):
            self.written = event.card
            return [self.advance("card_written"), self.audit("card_written", purchase_count=event.card.purchase_count),
                    CallService("gas_billing.confirm_purchase", self._confirm_args())]
        if isinstance(event, GasCardWriteFailed):
            self.show("write_failed", "gas.write_failed.title", message="gas.write_failed.body", error=event.error,
                      buttons=[HOME], timeout_s=TAKE_TIMEOUT)
            self._end_reason = "write_failed"
            return [self.advance("awaiting_rewrite", note=f"write failed: {type(event.error).__name__}"),
                    self.audit("write_failed", error=type(event.error).__name__)] + self._eject()
        if isinstance(event, ServiceAnswered) and event.call == "gas_billing.confirm_purchase":
            return [self.advance("confirmed"), self.audit("confirmed")] + self._print()
        if isinstance(event, ServiceFailed) and event.call == "gas_billing.confirm_purchase":
            # the gas is on the card; billing hears of it from recovery
            return [self.advance(None, note="confirm failed; recovery confirms later",
                                 attention="card written, purchase not yet confirmed with billing"),
                    self.audit("confirm_failed")] + self._print()
        return []

    def _on_write_failed(self, event):
        if isinstance(event, Touched) and event.button == "retry" and self.purchase is None:
            return self._paid()
        if isinstance(event, TimedOut):
            if not self.card_inside:
                return self.finish(self._end_reason)
            # the card is still in the reader (or its removal not yet seen): ask for it, the flow ends when taken
            self.show("take_card", "gas.take.title", message="gas.take_only.body", timeout_s=TAKE_TIMEOUT)
            return self._eject()
        return []

    def _print(self):
        self.show("printing", "print.title", message="print.body", busy=True)
        return [Print(self.build_receipt(self), "gas_receipt")]

    def _on_printing(self, event):
        if isinstance(event, Printed):
            return [self.advance("receipt_printed", receipt_job=event.job_id), self.audit("printed")] + self._done()
        if isinstance(event, PrintFailed):
            return [self.advance(None, receipt_job=event.job_id, note="receipt kept for reprinting"),
                    self.audit("print_failed")] + self._done(receipt_failed=True)
        return []

    def _done(self, receipt_failed=False):
        self.show("take_card", "gas.take.title", message="gas.take.body", timeout_s=TAKE_TIMEOUT,
                  fields={"written": self.written, "purchase": self.purchase, "receipt_failed": receipt_failed})
        return self._eject()

    # ---------------------------------------------------------------- giving the card back
    def _eject(self):
        return [EjectGasCard()] if self.card_inside else []

    def _on_take_card(self, event):
        if isinstance(event, GasCardEjected) and not event.ok:
            return [self.audit("eject_failed", error=type(event.error).__name__)]
        if isinstance(event, TimedOut):
            return [self.audit("card_left_at_gate")] + self.finish(self._end_reason)
        return []

    _on_refused = _on_read_failed = _on_take_card

    def leave(self, reason):
        """Home or cancel: allowed wherever no money is moving; then give the card back."""
        if self.step in ("creating_order", "writing", "printing", "closing"):
            return []  # money or gas is in motion: the screen offers no way out, and a stray touch waits
        if self.step == "pay":
            return self._close("cancelled")
        self._end_reason = reason
        if self.card_inside:
            self.show("take_card", "gas.take.title", message="gas.take_only.body", timeout_s=TAKE_TIMEOUT)
            return self._eject()
        return self.finish(reason)

    def finish(self, reason):
        self.finished = True
        effects = [StopPolling(), StopGasCard(), Audit("service_ended", {"service": self.name, "reason": reason})]
        self.clear()
        return effects + [Finish(reason)]

    def clear(self):
        self.card = self.account = self.order = self.purchase = self.written = None
        self.entry = ""
        super().clear()


def _refer_to_hall():
    from kiosk.services.errors import ServiceError
    return ServiceError("purchase counts disagree", user=CARD_DISAGREES)
