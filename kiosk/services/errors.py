"""Back-end service failures, each with a message a resident understands (zh + en).

Every failure of a call to the credit information service or the real-estate registry is one of:

* ``ServiceUnavailable`` – nothing reachable answered (refused, reset, DNS) or it answered 5xx/429;
* ``ServiceTimeout``     – no complete answer within the endpoint's ``timeout_s``;
* ``ServiceBadResponse`` – an answer came but the kiosk cannot use it (not JSON, wrong schema,
  a 4xx, or records of a different person);
* ``ServiceCancelled``   – the kiosk gave up on purpose (the resident pressed cancel).

The resident's message names the service, so the screen can say which one is not working.
"""

from __future__ import annotations

from kiosk.errors import ServiceError

#: How each service is called on screen: (zh, en).
SERVICE_NAMES = {
    "credit": ("信用信息服务", "credit information service"),
    "property": ("不动产登记信息服务", "real-estate registry service"),
    "gas_billing": ("燃气营业收费系统", "gas billing service"),
    "payment": ("支付平台", "payment service"),
}


def _names(service: str) -> tuple[str, str]:
    return SERVICE_NAMES.get(service, ("后台服务", "back-end service"))


class _NamedServiceError(ServiceError):
    """A ServiceError whose resident message is built from the service's name."""

    zh_template = "{zh}暂时无法使用，请稍后重试。"
    en_template = "The {en} is not available right now. Please try again shortly."

    def __init__(self, message: str = "", *, service: str = "", status: int | None = None,
                 user_zh: str | None = None, user_en: str | None = None):
        zh, en = _names(service)
        super().__init__(message,
                         user_zh=user_zh or self.zh_template.format(zh=zh),
                         user_en=user_en or self.en_template.format(en=en))
        self.service = service
        self.status = status


class ServiceUnavailable(_NamedServiceError):
    """The back end cannot be reached (refused, reset, unknown host) or answered 5xx/429."""

    zh_template = "{zh}暂时无法连接，请稍后重试。"
    en_template = "The {en} cannot be reached right now. Please try again shortly."


class ServiceTimeout(_NamedServiceError):
    """No complete answer within the configured timeout."""

    zh_template = "{zh}响应超时，请稍后重试。"
    en_template = "The {en} is taking too long to answer. Please try again shortly."


class ServiceBadResponse(_NamedServiceError):
    """An answer arrived but cannot be used: not JSON, wrong schema, a 4xx, another person's records."""

    zh_template = "{zh}返回的信息有误，请稍后重试或联系工作人员。"
    en_template = "The {en} sent an answer this terminal cannot read. Please try again shortly or ask the staff."


class ServiceCancelled(_NamedServiceError):
    """The kiosk abandoned the call on purpose (``abort()``), e.g. the resident pressed cancel."""

    zh_template = "查询已取消。"
    en_template = "The query was cancelled."


__all__ = ["ServiceError", "ServiceUnavailable", "ServiceTimeout", "ServiceBadResponse", "ServiceCancelled",
           "SERVICE_NAMES"]
