"""Every fixed string of the kiosk's screens, in Chinese (first) and English.

Texts staff write live in config files; these are the app's own. ``t(key, lang, **fmt)`` looks one up.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # attract
    "attract.touch": ("请触摸屏幕开始", "Touch the screen to start"),
    "attract.services": ("信用报告 · 不动产查询 · 燃气充值", "Credit report · Property records · Gas top-up"),
    "attract.open247": ("24小时自助服务", "Self-service, 24 hours a day"),
    # header / footer
    "header.lang": ("EN", "中文"),
    "header.lang_hint": ("切换英文", "Switch to Chinese"),
    "header.elder_on": ("长辈模式", "Large text"),
    "header.elder_off": ("标准模式", "Standard"),
    "footer.hotline": ("服务热线 {hotline}", "Hotline {hotline}"),
    "footer.terminal": ("终端号 {terminal}", "Terminal {terminal}"),
    # home
    "home.title": ("请选择您要办理的业务", "Please choose a service"),
    "home.closed": ("暂停服务 · 服务时间 {hours}", "Closed now · Open {hours}"),
    "home.exit": ("退出", "Exit"),
    "home.prev": ("上一页", "Previous"),
    "home.next": ("下一页", "Next"),
    "home.page": ("第{page}/{pages}页", "Page {page} of {pages}"),
    # common navigation
    "nav.home": ("返回首页", "Home"),
    "nav.back": ("返回", "Back"),
    # placeholder page for services that have not landed
    "unavailable.title": ("该业务暂未开通", "This service is not available yet"),
    "unavailable.body": ("本机暂不能办理“{service}”。\n请前往人工窗口办理，或拨打服务热线 {hotline} 咨询。",
                         "\"{service}\" cannot be done at this terminal yet.\nPlease go to a service window, or call the hotline {hotline}."),
    "closed.title": ("当前不在服务时间", "Closed at this time"),
    "closed.body": ("“{service}”的服务时间为：{hours}。", "\"{service}\" is open: {hours}."),
    "nav.retry": ("重试", "Try again"),
    "nav.cancel": ("取消", "Cancel"),
    "nav.prev_page": ("上一页", "Page up"),
    "nav.next_page": ("下一页", "Page down"),
    "flow.starting": ("请稍候", "Please wait"),
    # identification with the ID card
    "id.place.title": ("请将身份证放在感应区", "Place your ID card on the reader"),
    "id.place.body": ("请将第二代居民身份证平放在下方读卡区，读取完成前请勿移动。",
                      "Lay your resident ID card flat on the reader below and keep it still until it has been read."),
    "id.reading.title": ("正在读取身份证", "Reading your ID card"),
    "id.reading.body": ("请勿移动身份证……", "Please keep the card still…"),
    "id.refused.title": ("无法使用此证件办理", "This card cannot be used here"),
    "id.refused.body": ("请取回您的证件。", "Please take your card back."),
    "id.read_failed.title": ("身份证读取失败", "The card could not be read"),
    "id.read_failed.body": ("请拿起身份证，重新平放在感应区。", "Lift the card and place it flat on the reader again."),
    "id.take.title": ("请取回您的身份证", "Please take your ID card"),
    "id.take.body": ("别忘了带走您的身份证。", "Don't forget your ID card."),
    "id.take.alert": ("您的身份证还在读卡器上，请立即取回！", "Your ID card is still on the reader. Please take it now!"),
    "id.subject": ("{name}  {id_number}", "{name}  {id_number}"),
    # querying a back end
    "query.title": ("正在查询", "Looking up your records"),
    "query.body": ("正在查询您的信息，请稍候……", "Looking up your records, please wait…"),
    "query.slow": ("查询时间较长，请稍候；也可以取消。", "This is taking longer than usual. Please wait, or cancel."),
    "query.failed.title": ("查询未能完成", "The lookup could not be completed"),
    "query.failed.body": ("您可以重试，或稍后再来。", "You can try again, or come back later."),
    # printing
    "print.title": ("正在打印", "Printing"),
    "print.body": ("正在打印，请稍候……", "Printing, please wait…"),
    "print.failed.title": ("打印未能完成", "Printing could not be completed"),
    "print.failed.body": ("您的材料已保存，可以再次打印，或到人工窗口领取。",
                          "Your document is saved: you can print it again, or collect it at a service window."),
    "print.again": ("重新打印", "Print again"),
    "print.done.title": ("打印完成", "Printed"),
    "print.done.body": ("请取走出纸口的材料。", "Please take your document from the printer slot."),
    "print.take_paper": ("请取走出纸口的材料和您的身份证。", "Please take your document from the printer slot, and your ID card."),
    # credit report
    "credit.report.title": ("公共信用信息报告", "Public Credit Information Report"),
    "credit.print": ("打印报告", "Print report"),
    "credit.report_no": ("报告编号", "Report no."),
    "credit.generated": ("生成时间", "Generated"),
    "credit.subject": ("信息主体", "Subject"),
    "credit.summary": ("信息概要", "Summary"),
    "credit.none": ("无记录", "No records"),
    "credit.dispute": ("如对报告内容有异议，可向信用信息提供单位或“信用中国（湖北咸宁）”申请异议处理和信用修复。",
                       "If you disagree with an entry, you can raise an objection or apply for credit repair with the "
                       "body that supplied it or at Credit China (Xianning)."),
    # property
    "property.list.title": ("不动产登记信息", "Real estate records"),
    "property.detail.title": ("不动产详细信息", "Property details"),
    "property.none.title": ("未查询到不动产登记信息", "No real estate records found"),
    "property.none.body": ("在本市范围内未查询到您名下的不动产登记信息，可打印查询结果证明（无房证明）。",
                           "No real estate is registered in your name in this city. You can print a certificate of this result."),
    "property.print": ("打印证明", "Print proof"),
    "property.print_none": ("打印无房证明", "Print certificate"),
    "property.count": ("共{count}处不动产", "{count} properties"),
    "property.mortgaged": ("抵押", "Mortgaged"),
    "property.seized": ("查封", "Seized"),
    "property.objection": ("异议", "Objection"),
    "property.notice": ("预告", "Advance notice"),
    "property.view": ("查看详情", "Details"),
    # idle countdown
    "idle.title": ("您还需要更多时间吗？", "Do you need more time?"),
    "idle.body": ("{seconds} 秒后将自动退出，以保护您的个人信息。", "For your privacy, this session ends in {seconds} seconds."),
    "idle.continue": ("继续办理", "Continue"),
    "idle.exit": ("退出", "Exit"),
    # out of service
    "oos.title": ("本机暂停服务", "Out of service"),
    "oos.body": ("请前往其他自助终端或人工窗口办理。给您带来不便，敬请谅解。",
                 "Please use another terminal or a service window. We apologise for the inconvenience."),
    "oos.tech": ("技术人员信息：配置文件有误", "For the technician: the configuration has errors"),
}


def t(key: str, lang: str = "zh", **fmt) -> str:
    zh, en = TEXTS[key]
    text = en if lang == "en" else zh
    return text.format(**fmt) if fmt else text
