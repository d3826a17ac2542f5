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
