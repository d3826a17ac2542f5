"""Back-end service failures, each with a message a resident understands (in Chinese, translated by kiosk.i18n).

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
from kiosk.i18n import Message, declare

#: How each service is called on screen (context ``terms``).
SERVICE_NAMES = {
    "credit": declare("terms", "service.credit", "信用信息服务"),
    "property": declare("terms", "service.property", "不动产登记信息服务"),
    "gas_billing": declare("terms", "service.gas_billing", "燃气营业收费系统"),
    "payment": declare("terms", "service.payment", "支付平台"),
}
UNKNOWN_SERVICE = declare("terms", "service.unknown", "后台服务")


def service_name(service: str) -> Message:
    return SERVICE_NAMES.get(service, UNKNOWN_SERVICE)


class _NamedServiceError(ServiceError):
    """A ServiceError whose resident message names the service ({service}, shown in the resident's language)."""

    user_zh = "{service}暂时无法使用，请稍后重试。"

    def __init__(self, message: str = "", *, service: str = "", status: int | None = None,
                 user: Message | None = None):
        super().__init__(message, user=user, user_args={"service": service_name(service)})
        self.service = service
        self.status = status


class ServiceUnavailable(_NamedServiceError):
    """The back end cannot be reached (refused, reset, unknown host) or answered 5xx/429."""

    user_zh = "{service}暂时无法连接，请稍后重试。"


class ServiceTimeout(_NamedServiceError):
    """No complete answer within the configured timeout."""

    user_zh = "{service}响应超时，请稍后重试。"


class ServiceBadResponse(_NamedServiceError):
    """An answer arrived but cannot be used: not JSON, wrong schema, a 4xx, another person's records."""

    user_zh = "{service}返回的信息有误，请稍后重试或联系工作人员。"


class ServiceCancelled(_NamedServiceError):
    """The kiosk abandoned the call on purpose (``abort()``), e.g. the resident pressed cancel."""

    user_zh = "查询已取消。"


__all__ = ["ServiceError", "ServiceUnavailable", "ServiceTimeout", "ServiceBadResponse", "ServiceCancelled",
           "SERVICE_NAMES", "service_name"]
