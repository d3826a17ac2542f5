"""What the ID-card services print: the credit report, the proof of property records, the no-property certificate.

Each entry is a list of lines (label, value) shared by the screen and the paper, so both say the same
thing. Identity is masked on paper as on screen (李*英, 4212**********0049).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from drivers.printer.document import KeyValue, Separator, Text, build_receipt
from kiosk.i18n import declare
from kiosk.texts import t

SECTION_TITLES = {
    "licences": declare("terms", "credit.section.licences", "行政许可"),
    "penalties": declare("terms", "credit.section.penalties", "行政处罚"),
    "dishonesty": declare("terms", "credit.section.dishonesty", "失信记录"),
    "commendations": declare("terms", "credit.section.commendations", "守信激励"),
    "commitments": declare("terms", "credit.section.commitments", "信用承诺"),
}
STATUS = {"in_force": declare("terms", "credit.status.in_force", "有效"),
          "removed": declare("terms", "credit.status.removed", "已移出")}


#: Every label the documents and screens use: its Chinese -> its key (values are the back ends' own words).
_LABEL_KEYS = {
    "许可决定书文号": "licence_decision_no",
    "许可内容": "licensed_activity",
    "许可决定日期": "licence_decision_date",
    "有效期至": "valid_until",
    "许可机关": "licensing_authority",
    "处罚决定书文号": "penalty_decision_no",
    "违法行为": "violation",
    "处罚类别": "penalty",
    "罚没金额": "amount",
    "处罚决定日期": "penalty_decision_date",
    "处罚机关": "penalty_authority",
    "公示截止日期": "published_until",
    "名单类别": "list",
    "失信情形": "reason",
    "列入日期": "listed_on",
    "列入机关": "listed_by",
    "案号": "case_no",
    "状态": "status",
    "移出日期": "removed_on",
    "荣誉名称": "title",
    "授予单位": "granted_by",
    "授予日期": "granted_on",
    "承诺内容": "commitment",
    "承诺日期": "commitment_date",
    "受理单位": "accepted_by",
    "不动产权证号": "certificate_no",
    "不动产单元号": "unit_no",
    "坐落": "location",
    "权利人": "rights_holders",
    "共有情况": "sharing",
    "权利类型": "right_type",
    "权利性质": "nature",
    "用途": "use",
    "土地面积": "land_area",
    "建筑面积": "building_area",
    "土地使用期限": "land_use_term",
    "登记日期": "registered_on",
    "抵押": "mortgage",
    "查封": "seizure",
    "预查封": "pre_seizure",
    "轮候查封": "waiting_seizure",
    "异议": "objection",
    "预告登记": "advance_notice",
}
LABELS = {zh: declare("terms", f"label.{key}", zh) for zh, key in _LABEL_KEYS.items()}


def label(text: str, lang: str) -> str:
    """A row's label in ``lang``: a known document label translated, any other text as it is."""
    msg = LABELS.get(text)
    return msg.text(lang) if msg is not None else text


def _both(key: str) -> str:
    """A receipt line printed in both languages whatever the session's: Chinese, then English."""
    return f"{t(key, 'zh')} {t(key, 'en')}"


def _d(value) -> str:
    if value is None:
        return "长期"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    return str(value)


def _yuan(amount: Decimal | None) -> str:
    return "—" if amount is None else f"￥{amount:,.2f}"


def _area(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.2f} m²"


def credit_entry_lines(section: str, entry) -> list[tuple[str, str]]:
    """(label, value) rows of one report entry, in the order the report prints them."""
    if section == "licences":
        return [("许可决定书文号", entry.decision_number), ("许可内容", entry.content),
                ("许可决定日期", _d(entry.decision_date)), ("有效期至", _d(entry.valid_until)),
                ("许可机关", entry.authority)]
    if section == "penalties":
        return [("处罚决定书文号", entry.decision_number), ("违法行为", entry.violation),
                ("处罚类别", entry.penalty_type), ("罚没金额", _yuan(entry.amount_yuan)),
                ("处罚决定日期", _d(entry.decision_date)), ("处罚机关", entry.authority),
                ("公示截止日期", _d(entry.publication_until))]
    if section == "dishonesty":
        rows = [("名单类别", entry.kind), ("失信情形", entry.reason), ("列入日期", _d(entry.listed_on)),
                ("列入机关", entry.authority), ("案号", entry.case_number), ("状态", STATUS[entry.status].zh)]
        if entry.removed_on:
            rows.append(("移出日期", _d(entry.removed_on)))
        return rows
    if section == "commendations":
        return [("荣誉名称", entry.title), ("授予单位", entry.granted_by), ("授予日期", _d(entry.granted_on))]
    if section == "commitments":
        return [("承诺内容", entry.content), ("承诺日期", _d(entry.committed_on)), ("受理单位", entry.accepted_by)]
    raise KeyError(section)


def property_lines(prop) -> list[tuple[str, str]]:
    from kiosk.services.property import SHARING
    holders = "、".join(h.masked_name + (f"（{h.share}）" if h.share else "") for h in prop.holders)
    term = "—" if prop.land_term_from is None else f"{_d(prop.land_term_from)} 至 {_d(prop.land_term_to)}"
    return [("不动产权证号", prop.certificate_number), ("不动产单元号", prop.unit_number), ("坐落", prop.location),
            ("权利人", holders), ("共有情况", SHARING[prop.sharing].zh), ("权利类型", prop.right_type),
            ("权利性质", prop.nature), ("用途", prop.use), ("土地面积", _area(prop.land_area_m2)),
            ("建筑面积", _area(prop.building_area_m2)), ("土地使用期限", term), ("登记日期", _d(prop.registered_on))]


def restriction_lines(prop) -> list[tuple[str, str]]:
    from kiosk.services.property import SEIZURE_KINDS
    rows = []
    for m in prop.mortgages:
        rows.append(("抵押", f"{m.kind}，抵押权人{m.mortgagee}，{_yuan(m.amount_yuan)}，"
                            f"{_d(m.term_from)}至{_d(m.term_to)}，{m.certificate_number}"))
    for s in prop.seizures:
        term = f"，{_d(s.term_from)}至{_d(s.term_to)}" if s.term_from else ""
        rows.append((SEIZURE_KINDS[s.kind], f"{s.court}，{s.document_number}{term}"))
    for o in prop.objections:
        rows.append(("异议", f"{o.matter}，有效期至{_d(o.valid_until)}，{o.certificate_number}"))
    for a in prop.advance_notices:
        rows.append(("预告登记", f"{a.kind}，{a.certificate_number}"))
    return rows


def credit_report_receipt(report, *, terminal_id: str, printed_at: datetime, verify_url: str):
    h = report.header
    body = [KeyValue("报告编号", h.report_number), KeyValue("生成时间", _d(h.generated_at)),
            KeyValue("查询用途", h.purpose), KeyValue("信息主体", report.masked_name),
            KeyValue("证件号码", report.masked_id)]
    if report.basic_info.region:
        body.append(KeyValue("户籍地区", report.basic_info.region))
    body += [Separator("-"), Text(_both("credit.summary"), bold=True)]
    for section, count in report.summary().items():
        body.append(KeyValue(SECTION_TITLES[section].zh, f"{count} 条"))
    for section in SECTION_TITLES:
        entries = getattr(report, section)
        body += [Separator("-"), Text(f"{SECTION_TITLES[section].zh}（{len(entries)}）", bold=True)]
        if not entries:
            body.append(Text("无记录"))
        for i, entry in enumerate(entries, 1):
            if i > 1:
                body.append(Text(""))
            for label, value in credit_entry_lines(section, entry):
                body.append(KeyValue(label, value))
    body += [Separator("-"), Text("数据来源：" + "、".join(h.data_sources)), Text(f"出具单位：{h.issuer}"),
             Text(f"本报告有效期至 {_d(h.valid_until)}。"),
             Text("如对报告内容有异议，可向信息提供单位或“信用中国（湖北咸宁）”申请异议处理和信用修复。")]
    return build_receipt("公共信用信息报告", body, terminal_id=terminal_id, printed_at=printed_at,
                         verification_code=report.check_code, verify_url=report.verification_url(verify_url))


def property_receipt(records, *, terminal_id: str, printed_at: datetime, verify_url: str):
    h = records.header
    body = [KeyValue("查询编号", h.query_number), KeyValue("查询时间", _d(h.queried_at)),
            KeyValue("查询范围", h.scope), KeyValue("查询用途", h.purpose),
            KeyValue("被查询人", records.masked_name), KeyValue("证件号码", records.masked_id), Separator("-")]
    if not records.properties:
        # the official name is too long for a double-width title on 80 mm paper (12 characters a line)
        title = "无房证明"
        body.insert(0, Text("不动产登记信息查询结果证明", bold=True, align="center"))
        body += [Text(f"经查询，截至{_d(h.queried_at)}，在{h.scope}范围内未查询到上述人员名下的不动产登记信息。"),
                 Text("本证明仅反映查询时点的登记信息。")]
    else:
        title = "不动产登记信息查询结果"
        body.append(Text(f"共 {len(records.properties)} 处不动产", bold=True))
        for i, prop in enumerate(records.properties, 1):
            body += [Separator("-"), Text(f"第{i}处", bold=True)]
            body += [KeyValue(label, value) for label, value in property_lines(prop)]
            restrictions = restriction_lines(prop)
            body.append(KeyValue("限制状态", "有" if restrictions else "无"))
            body += [KeyValue(label, value) for label, value in restrictions]
    body += [Separator("-"), Text(f"出具单位：{h.issuer}")]
    return build_receipt(title, body, terminal_id=terminal_id, printed_at=printed_at,
                         verification_code=records.check_code, verify_url=records.verification_url(verify_url))


def gas_receipt(flow, *, terminal_id: str, printed_at: datetime, einvoice_url: str):
    """购气凭证: what was paid, what went onto the card, and the e-invoice QR."""
    a, p, order = flow.account, flow.purchase, flow.order
    body = [KeyValue("燃气公司", a.utility or "咸宁市燃气有限公司"), KeyValue("用户号", a.customer_no),
            KeyValue("户名", a.masked_name), KeyValue("卡号", a.masked_card_number), KeyValue("表号", a.meter_number),
            Separator("-")]
    if order is not None:
        body += [KeyValue("订单号", order.order_no), KeyValue("支付方式", "扫码支付")]
        if getattr(order, "transaction_no", None):
            body.append(KeyValue("交易流水号", order.transaction_no))
    if flow.rewrite:
        body.append(Text("补写卡：本次写入的是此前已支付的购气", bold=True))
    body += [KeyValue("充值金额", _yuan(p.amount_yuan), bold=True), KeyValue("购气量", f"{p.volume_m3} m³", bold=True)]
    for part in p.breakdown:
        body.append(KeyValue(f"  第{part.tier_index}阶梯 ￥{part.price}/m³", f"{part.volume_m3} m³  {_yuan(part.subtotal)}"))
    body += [KeyValue("购气次数", f"第 {p.purchase_count} 次"), Separator("-"),
             Text(t("receipt.gas.meter", "zh"), bold=True), Text(t("receipt.gas.meter", "en"))]
    receipt = build_receipt("购气凭证", body, terminal_id=terminal_id, printed_at=printed_at)
    # the e-invoice QR instead of a verification code
    from drivers.printer.document import Cut, Feed, QRCode, Receipt
    blocks = [b for b in receipt.blocks if not isinstance(b, (Cut, Feed))]
    url = f"{einvoice_url}?order={order.order_no if order else p.order_no}"
    blocks += [Feed(1), QRCode(url), Text(_both("receipt.gas.einvoice"), align="center"), Feed(2), Cut()]
    return Receipt(tuple(blocks))
