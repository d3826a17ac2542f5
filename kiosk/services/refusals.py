"""A back end's refusal of a request (HTTP 4xx with an error code) as a typed ServiceError.

The credit and property back ends only ever refuse a broken request, which the kiosk treats as a
bad answer. Gas billing and the payment gateway refuse for business reasons the resident must be
told about (arrears, a limit, a lost card, an order already closed): their answer
``{"error": {"code": "ARREARS", "message": "…"}}`` becomes the exception class registered for the
code, carrying ``code``, ``status`` and a message for the resident.
"""

from __future__ import annotations

import json

from kiosk.errors import ServiceError
from kiosk.i18n import Message
from kiosk.services.http_client import JsonHttpClient


class ServiceRefused(ServiceError):
    """The back end understood the request and said no (a 4xx with an error code it documents)."""

    user_zh = "业务暂时无法办理，请到营业厅咨询。"

    def __init__(self, message: str = "", *, service: str = "", code: str = "", status: int | None = None,
                 user: Message | None = None):
        super().__init__(message, user=user)
        self.service = service
        self.code = code
        self.status = status


class RefusingJsonClient(JsonHttpClient):
    """A JsonHttpClient that turns documented refusals (``codes``: error code → class) into those classes.

    Anything else keeps JsonHttpClient's meaning (an unknown 4xx is a bad answer; 5xx unavailable).
    """

    def __init__(self, base_url: str, *, codes: dict[str, type[ServiceRefused]], **kwargs):
        super().__init__(base_url, **kwargs)
        self.codes = dict(codes)

    def _decode(self, resp, raw: bytes, where: str):
        if 400 <= resp.status < 500 and resp.status != 429:
            code, message = _error_of(raw)
            cls = self.codes.get(code)
            if cls is not None:
                raise cls(f"{where}: HTTP {resp.status} {code}: {message}", service=self.service, code=code,
                          status=resp.status)
        return super()._decode(resp, raw, where)


def _error_of(raw: bytes) -> tuple[str, str]:
    """(code, message) of a ``{"error": {"code", "message"}}`` answer; ('', '') if it is not one."""
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return "", ""
    err = doc.get("error") if isinstance(doc, dict) else None
    if not isinstance(err, dict) or not isinstance(err.get("code"), str):
        return "", ""
    return err["code"], str(err.get("message", ""))[:200]


__all__ = ["ServiceRefused", "RefusingJsonClient"]
