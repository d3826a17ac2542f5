"""Every fixed string of the kiosk's screens, in Chinese: the source language of Qt's translation system.

Texts staff write live in config files; these are the app's own. ``t(key, lang, **fmt)`` looks one up: the
Chinese as written here, or its translation from ``kiosk/i18n/kiosk_<lang>.qm`` (context ``texts``, the key as
disambiguation). English and any other language are edited in ``kiosk/i18n/kiosk_en.ts``, never here:
see docs/translation.md.
"""

from __future__ import annotations

from kiosk.i18n import declare, render

TEXTS: dict[str, str] = {
    # attract
    "attract.touch": "请触摸屏幕开始",
    "attract.services": "信用报告 · 不动产查询 · 燃气充值",
    "attract.open247": "24小时自助服务",
    # header / footer
    "header.lang": "EN",
    "header.lang_hint": "切换英文",
    "header.elder_on": "长辈模式",
    "header.elder_off": "标准模式",
    "footer.hotline": "服务热线 {hotline}",
    "footer.terminal": "终端号 {terminal}",
    # home
    "home.title": "请选择您要办理的业务",
    "home.closed": "暂停服务 · 服务时间 {hours}",
    "home.exit": "退出",
    "home.prev": "上一页",
    "home.next": "下一页",
    "home.page": "第{page}/{pages}页",
    # common navigation
    "nav.home": "返回首页",
    "nav.back": "返回",
    # placeholder page for services that have not landed
    "unavailable.title": "该业务暂未开通",
    "unavailable.body": "本机暂不能办理“{service}”。\n请前往人工窗口办理，或拨打服务热线 {hotline} 咨询。",
    "closed.title": "当前不在服务时间",
    "closed.body": "“{service}”的服务时间为：{hours}。",
    "nav.retry": "重试",
    "nav.cancel": "取消",
    "nav.prev_page": "上一页",
    "nav.next_page": "下一页",
    "flow.starting": "请稍候",
    # identification with the ID card
    "id.place.title": "请将身份证放在感应区",
    "id.place.body": "请将第二代居民身份证平放在下方读卡区，读取完成前请勿移动。",
    "id.reading.title": "正在读取身份证",
    "id.reading.body": "请勿移动身份证……",
    "id.refused.title": "无法使用此证件办理",
    "id.refused.body": "请取回您的证件。",
    "id.read_failed.title": "身份证读取失败",
    "id.read_failed.body": "请拿起身份证，重新平放在感应区。",
    "id.take.title": "请取回您的身份证",
    "id.take.body": "别忘了带走您的身份证。",
    "id.take.alert": "您的身份证还在读卡器上，请立即取回！",
    "id.subject": "{name}  {id_number}",
    # querying a back end
    "query.title": "正在查询",
    "query.body": "正在查询您的信息，请稍候……",
    "query.slow": "查询时间较长，请稍候；也可以取消。",
    "query.failed.title": "查询未能完成",
    "query.failed.body": "您可以重试，或稍后再来。",
    # printing
    "print.title": "正在打印",
    "print.body": "正在打印，请稍候……",
    "print.failed.title": "打印未能完成",
    "print.failed.body": "您的材料已保存，可以再次打印，或到人工窗口领取。",
    "print.again": "重新打印",
    "print.done.title": "打印完成",
    "print.done.body": "请取走出纸口的材料。",
    "print.take_paper": "请取走出纸口的材料和您的身份证。",
    # credit report
    "credit.report.title": "公共信用信息报告",
    "credit.print": "打印报告",
    "credit.report_no": "报告编号",
    "credit.generated": "生成时间",
    "credit.subject": "信息主体",
    "credit.summary": "信息概要",
    "credit.summary_line": "信息概要：{summary}",
    "credit.none": "无记录",
    "credit.dispute": "如对报告内容有异议，可向信用信息提供单位或“信用中国（湖北咸宁）”申请异议处理和信用修复。",
    # property
    "property.list.title": "不动产登记信息",
    "property.detail.title": "不动产详细信息",
    "property.none.title": "未查询到不动产登记信息",
    "property.none.body": "在本市范围内未查询到您名下的不动产登记信息，可打印查询结果证明（无房证明）。",
    "property.print": "打印证明",
    "property.print_none": "打印无房证明",
    "property.count": "共{count}处不动产",
    "property.mortgaged": "抵押",
    "property.seized": "查封",
    "property.objection": "异议",
    "property.notice": "预告",
    "property.view": "查看详情",
    "property.restrictions": "限制状态",
    # gas top-up
    "gas.insert.title": "请插入燃气卡",
    "gas.insert.body": "请将燃气IC卡芯片朝上插入读卡口，读卡器会自动吸入。",
    "gas.reading.title": "正在读卡",
    "gas.reading.body": "请稍候，请勿拔卡……",
    "gas.read_failed.title": "燃气卡读取失败",
    "gas.refused.title": "此卡暂不能充值",
    "gas.loading.title": "正在查询账户",
    "gas.loading.body": "请稍候……",
    "gas.service_error.title": "暂时无法查询账户",
    "gas.account.title": "燃气账户",
    "gas.other_amount": "其他金额",
    "gas.keypad.title": "请输入充值金额",
    "gas.confirm_amount": "确定",
    "gas.amount.empty": "请输入金额。",
    "gas.amount.out_of_range": "金额超出本次可充值范围，请重新输入。",
    "gas.confirm.title": "请确认充值金额",
    "gas.pay": "去支付",
    "gas.order.title": "正在生成支付二维码",
    "gas.order.body": "请稍候……",
    "gas.pay_unavailable.title": "支付服务暂时不可用",
    "gas.pay.title": "请扫码支付",
    "gas.pay.body": "请用手机微信、支付宝或银行App扫描二维码付款。付款成功后请勿拔卡。",
    "gas.pay.extend": "延长时间",
    "gas.pay.left": "剩余 {seconds} 秒",
    "gas.closing.title": "正在取消订单",
    "gas.unpaid.body": "订单已取消，未扣款。请取走您的燃气卡。",
    "gas.writing.title": "正在写卡，请勿拔卡",
    "gas.rewrite.title": "正在补写上次购气，请勿拔卡",
    "gas.writing.body": "付款已成功，正在将燃气写入您的卡……",
    "gas.write_failed.title": "写卡未完成",
    "gas.write_failed.body": "您的付款已收到，购气记录已保存，不会丢失。请取卡后重新插入本机补写，或到燃气营业厅办理。",
    "gas.billing_failed.body": "付款已收到，但燃气公司系统暂时无法登记。您可以重试；您的款项已记录，不会丢失。",
    "gas.take.title": "请取走燃气卡",
    "gas.take.body": "充值成功！请取走燃气卡和凭条，并将卡插入燃气表。",
    "gas.take_only.body": "请取走您的燃气卡。",
    "gas.receipt_failed": "凭条打印失败，已保存，可到人工窗口补打。",
    "gas.customer": "户名",
    "gas.address": "地址",
    "gas.meter": "表号",
    "gas.card_no": "卡号",
    "gas.price": "阶梯气价",
    "gas.tier": "第{n}阶梯",
    "gas.tier_upto": "{upto} m³以内 ￥{price}/m³",
    "gas.tier_above": "以上 ￥{price}/m³",
    "gas.year_volume": "本年已购 {volume} m³",
    "gas.limit": "本次可充 ￥{low}–￥{high}",
    "gas.amount": "充值金额",
    "gas.volume": "可购气量",
    "gas.breakdown": "{volume} m³ × ￥{price}",
    # printed on the gas receipt in both languages (the English line as the English receipt text)
    "receipt.gas.meter": "请将燃气卡插入燃气表，待表具读卡成功后取出。",
    "receipt.gas.einvoice": "扫码开具电子发票",
    # devices behind the tiles
    "device.printer": "打印机",
    "device.id_reader": "身份证阅读器",
    "device.gas_reader": "燃气卡读写器",
    "tile.device_down": "暂停服务：{device}暂不可用",
    "tile.no_paper": "打印机缺纸：可查看，暂不能打印",
    "tile.no_printer": "打印机暂不可用：可查看，暂不能打印",
    "device_down.title": "该业务暂停服务",
    "device_down.body": "{device}暂时无法使用，工作人员已收到提醒。请稍后再试，或到人工窗口办理。",
    # opening hours of a service (the hours are the staff's, in menu.yaml; these are the words around them)
    "hours.day.0": "周一",
    "hours.day.1": "周二",
    "hours.day.2": "周三",
    "hours.day.3": "周四",
    "hours.day.4": "周五",
    "hours.day.5": "周六",
    "hours.day.6": "周日",
    "hours.daily": "每天",
    "hours.day_range": "{first}至{last}",
    "hours.day_sep": "、",
    "hours.rule_sep": "；",
    # spoken only (kiosk/voice.py), where no screen text says the right thing
    "voice.gas.choose_amount": "请选择充值金额",
    # idle countdown
    "idle.title": "您还需要更多时间吗？",
    "idle.body": "{seconds} 秒后将自动退出，以保护您的个人信息。",
    "idle.continue": "继续办理",
    "idle.exit": "退出",
    # out of service
    "oos.title": "本机暂停服务",
    "oos.body": "请前往其他自助终端或人工窗口办理。给您带来不便，敬请谅解。",
    "oos.tech": "技术人员信息：配置文件有误",
}
for _key, _zh in TEXTS.items():
    declare("texts", _key, _zh)


def t(key: str, lang: str = "zh", **fmt) -> str:
    return render("texts", key, TEXTS[key], lang, fmt)
