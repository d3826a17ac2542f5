"""What maintenance mode can do, bound to the running kiosk's parts; every action is audited."""

from __future__ import annotations

import logging
from datetime import datetime

log = logging.getLogger("kiosk.maintenance")


class MaintenanceActions:
    def __init__(self, runtime):
        self.rt = runtime

    def reports(self) -> dict:
        return dict(self.rt.device_watcher.reports)

    def pending_topups(self) -> list:
        return self.rt.journal.all(pending_only=True)

    #: What the counters count: audit event kinds (never their details).
    COUNTED = (("sessions", "session_started"), ("ID cards read", "identified"), ("documents printed", "printed"),
               ("top-ups paid", "paid"), ("print failures", "print_failed"), ("device faults", "device_state"))

    def counters(self) -> list[tuple[str, int]]:
        """Counts since the last reset (the reset is itself an audit event)."""
        events = self.rt.audit.events()
        last_reset = max((i for i, e in enumerate(events) if e.kind == "counters_reset"), default=-1)
        since = events[last_reset + 1:]
        out = []
        for label, kind in self.COUNTED:
            if kind == "device_state":
                n = sum(1 for e in since if e.kind == kind and e.detail.get("state") != "online")
            else:
                n = sum(1 for e in since if e.kind == kind)
            out.append((label, n))
        return out

    def traffic(self, n: int = 8) -> dict[str, list[str]]:
        """The last frames each way on each device's line (heads only: no personal data)."""
        from drivers.traffic import traffic_for
        out = {}
        for name, dev in self.rt.devices.devices.items():
            log = traffic_for(dev.port)
            if log is not None:
                out[name] = log.lines(n)
        return out

    def recent_events(self, n: int) -> list[tuple[datetime, str]]:
        return [(e.at, e.kind) for e in self.rt.audit.events()[-n:]][::-1]

    def run(self, key: str) -> str:
        """Carry out action ``key``; returns a line for the technician."""
        self.rt.audit.event("maintenance_action", action=key)
        log.info("maintenance action: %s", key)
        if key == "check":
            self.rt.device_watcher.check_now().result(timeout=15)
            return "设备已重新检查 Devices checked"
        if key in ("test_page", "diagnostics"):
            ps = self.rt.devices.print_service
            if ps is None:
                return "打印机不可用 Printer not available"
            receipt = self._test_page() if key == "test_page" else self._diagnostics()
            job = ps.submit(receipt, key)
            return f"已提交打印任务 #{job}  Print job #{job} submitted"
        if key == "recover":
            fut = self.rt.recovery.run_now() or self.rt.recovery.last
            done = fut.result(timeout=30) if fut is not None else []
            return f"已处理 {len(done)} 笔  Recovery: {len(done)} top-up(s) handled"
        if key == "reset_counters":
            self.rt.audit.event("counters_reset")
            self.rt.audit.flush()
            return "计数已清零 Counters reset"
        if key == "id_card":
            return self._id_card()
        if key == "gas_card":
            return self._gas_card()
        if key == "gas_write_test":
            return self._gas_write_test()
        if key == "reload":
            self.rt.window.reload_menu()
            return "配置已重新加载 Config reloaded"
        if key in ("restart", "exit"):
            from PySide6.QtWidgets import QApplication
            guard = getattr(self.rt.window, "lockdown", None)
            if guard is not None:
                guard.allow_close = True
            from kiosk.commands.run import RESTART
            QApplication.instance().exit(RESTART if key == "restart" else 0)
            return "正在退出 Leaving"
        return f"unknown action {key}"

    def mark_refunded(self, topup_id: int, note: str = "refunded by hand at the service hall") -> str:
        """A technician settled a top-up by hand (e.g. the gateway refunded it outside the kiosk)."""
        from kiosk.gas.journal import TopupState
        self.rt.journal.advance(topup_id, TopupState.REFUNDED, note=f"technician: {note}", attention=None)
        self.rt.audit.event("maintenance_action", action="mark_refunded", topup=topup_id)
        return f"#{topup_id} 已标记退款 marked refunded"

    def _id_card(self) -> str:
        reader = self.rt.devices.id_reader
        if reader is None:
            return "身份证阅读器不可用 ID card reader not available"
        report = reader.check("full", self.rt.clock.now().date())  # masked fields only
        card = report.details.get("card")
        if card is None:
            return "读卡器上没有身份证 No ID card on the reader"
        return "身份证 ID card: " + ", ".join(f"{k}={v}" for k, v in card.items())

    def _gas_card(self) -> str:
        """The card's memory as hex, card number masked (the password never leaves the card unpresented)."""
        poller, reader = self.rt.devices.gas_poller, self.rt.devices.gas_reader
        if reader is None:
            return "燃气卡读写器不可用 Gas card reader not available"

        def dump(r):
            r.power_on()
            try:
                return r.read_memory(0x00, 0x80) + r.read_memory(0x80, 0x80)  # a read is at most 255 bytes
            finally:
                r.power_off()
        try:
            # while a flow polls, the poller's thread owns the reader; otherwise read here (the link is locked)
            polling = poller is not None and poller.running
            memory = poller.submit(dump).result(timeout=10) if polling else dump(reader)
        except Exception as exc:  # no card, card error: tell the technician
            return f"读卡失败 Read failed: {type(exc).__name__}"
        return "燃气卡 Gas card memory:\n" + hex_dump(memory, masked=range(0x27, 0x2F))

    def _gas_write_test(self) -> str:
        """Present the password, write 31–37 and 4F with the values they already hold, read back and compare:
        the whole write path, without changing what is on the card. Only on the utility's test cards."""
        from drivers.gascard.card import AREA_LEN, AREA_START, CHECK_ADDR, TOPUP_END, TOPUP_START, decode, \
            derive_password
        reader, poller = self.rt.devices.gas_reader, self.rt.devices.gas_poller
        if reader is None:
            return "燃气卡读写器不可用 Gas card reader not available"
        opts = self.rt.devices.devices.options("gas_reader")

        def test(r):
            r.power_on()
            try:
                area = r.read_memory(AREA_START, AREA_LEN)
                card = decode(area)
                if not card.card_number.startswith(opts.test_card_prefix):
                    return f"不是测试卡，未写入 Not a test card ({card.masked_number}): nothing written"
                r.present_password(derive_password(opts.utility_key, card.card_number))
                r.write_memory(TOPUP_START, area[TOPUP_START - AREA_START:TOPUP_END - AREA_START])
                r.write_memory(CHECK_ADDR, area[-1:])
                if r.read_memory(AREA_START, AREA_LEN) != area:
                    return "读回不一致 Read-back differs"
                return f"写卡测试通过 Write and read-back OK ({card.masked_number})"
            finally:
                r.power_off()
        try:
            polling = poller is not None and poller.running
            return poller.submit(test).result(timeout=15) if polling else test(reader)
        except Exception as exc:
            why = exc.user_message("en") if hasattr(exc, "user_message") else exc
            return f"写卡测试失败 Write test failed: {type(exc).__name__}: {why}"

    def _test_page(self):
        from drivers.printer.driver import test_receipt
        return test_receipt(self.rt.config.kiosk.terminal_id, self.rt.clock.now())

    def _diagnostics(self):
        from drivers.printer.document import KeyValue, Separator, Text, build_receipt
        body = [Text("设备状态 Devices", bold=True)]
        for name, r in sorted(self.reports().items()):
            body.append(KeyValue(name, r.state.value))
            for k, v in r.components.items():
                body.append(KeyValue(f"  {k}", str(v)))
            if r.last_error:
                body.append(Text(f"  {r.last_error}"))
        pending = self.pending_topups()
        body += [Separator("-"), KeyValue("未完成充值 Pending top-ups", str(len(pending)))]
        for row in pending:
            body.append(KeyValue(f"  #{row.id} {row.card_masked}", f"{row.state} ￥{row.amount_yuan}"))
        return build_receipt("诊断凭条", body, terminal_id=self.rt.config.kiosk.terminal_id,
                             printed_at=self.rt.clock.now())


def hex_dump(memory: bytes, *, masked=()) -> str:
    """16 bytes a line; bytes in ``masked`` (the card number) shown as **."""
    lines = []
    for base in range(0, len(memory), 16):
        cells = ["**" if base + i in masked else f"{b:02X}" for i, b in enumerate(memory[base:base + 16])]
        lines.append(f"{base:02X}: {' '.join(cells)}")
    return "\n".join(lines)
