"""A small JSON-over-HTTP client with one deadline per call, safe retries and typed failures.

Why http.client and not urllib: urllib follows ``http_proxy`` from the environment (a hall's proxy
would swallow calls to 127.0.0.1) and hides the socket, which ``abort()`` needs to shut.

Deadline: ``timeout_s`` bounds the whole call (connect, send, every read of the answer, and any
retry); each socket operation gets what is left of it. Retries happen only where they cannot do
harm: when the connection was refused (nothing was sent), or, for calls the back end treats as
idempotent (GETs, and POSTs that carry a ``request_id`` the back end deduplicates), after a reset
before any answer or a 502/503/504. A timeout is never retried: the time is spent.
"""

from __future__ import annotations

import http.client
import json
import logging
import socket
import threading
import time
from urllib.parse import urlencode, urlsplit

from kiosk.services.errors import (ServiceBadResponse, ServiceCancelled, ServiceError, ServiceTimeout,
                                   ServiceUnavailable)

#: Largest answer accepted; a registry record set is a few kB, anything near this is a broken server.
MAX_BODY_BYTES = 4 * 1024 * 1024
#: Statuses worth one more try for an idempotent call.
RETRY_STATUSES = (502, 503, 504)


class _Call:
    """One call in flight: its connection, so ``abort()`` can shut it from another thread."""

    def __init__(self):
        self.conn: http.client.HTTPConnection | None = None
        self.cancelled = False


class JsonHttpClient:
    """Talks JSON to one back end at ``base_url`` (http://host:port/prefix)."""

    def __init__(self, base_url: str, *, service: str, timeout_s: float, connect_timeout_s: float = 3.0,
                 retries: int = 1, retry_backoff_s: float = 0.1, logger: logging.Logger | None = None):
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"{service}: '{base_url}' is not an http:// or https:// URL")
        self.base_url = base_url.rstrip("/")
        self.service = service
        self.timeout_s = float(timeout_s)
        self.connect_timeout_s = float(connect_timeout_s)
        self.retries = int(retries)
        self.retry_backoff_s = float(retry_backoff_s)
        self.log = logger or logging.getLogger(f"kiosk.services.{service}")
        self._https = parts.scheme == "https"
        self._host = parts.hostname
        self._port = parts.port
        self._prefix = parts.path.rstrip("/")
        self._lock = threading.Lock()
        self._calls: set[_Call] = set()

    # ------------------------------------------------------------------ public

    def get(self, path: str, params: dict | None = None):
        """GET ``path`` (relative to the base URL); the decoded JSON answer. Never put personal data in params."""
        query = f"?{urlencode(params)}" if params else ""
        return self.request("GET", path + query, None, idempotent=True)

    def post(self, path: str, body: dict, *, idempotent: bool = False):
        """POST ``body`` as JSON; ``idempotent`` if the back end deduplicates it (a ``request_id``)."""
        return self.request("POST", path, body, idempotent=idempotent)

    def abort(self) -> None:
        """Make every call in flight fail at once with ServiceCancelled (thread-safe)."""
        with self._lock:
            calls = list(self._calls)
            for call in calls:
                call.cancelled = True
        for call in calls:
            _shut(call.conn)

    def close(self) -> None:
        """Nothing stays open between calls; closing aborts any call still in flight."""
        self.abort()

    # ------------------------------------------------------------------ the call

    def request(self, method: str, path: str, body: dict | None, *, idempotent: bool):
        deadline = time.monotonic() + self.timeout_s
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        call = _Call()
        with self._lock:
            self._calls.add(call)
        try:
            attempt = 0
            while True:
                attempt += 1
                try:
                    return self._attempt(call, method, path, data, deadline)
                except _Retryable as exc:
                    error = exc.error
                    safe = exc.nothing_sent or idempotent
                    left = deadline - time.monotonic()
                    if call.cancelled or not safe or attempt > self.retries or left <= self.retry_backoff_s * 2:
                        raise error from exc.__cause__
                    self.log.info("%s %s: %s; trying again (attempt %d)", method, _path_only(path), error, attempt + 1)
                    threading.Event().wait(self.retry_backoff_s)
        finally:
            with self._lock:
                self._calls.discard(call)

    def _attempt(self, call: _Call, method: str, path: str, data: bytes | None, deadline: float):
        url = self._prefix + path
        where = f"{method} {_path_only(path)}"
        left = self._left(deadline, where)
        cls = http.client.HTTPSConnection if self._https else http.client.HTTPConnection
        conn = cls(self._host, self._port, timeout=min(self.connect_timeout_s, left))
        with self._lock:
            call.conn = conn
            if call.cancelled:
                raise self._cancelled(where)
        try:
            try:
                conn.connect()
            except (TimeoutError, socket.timeout) as exc:
                raise self._error(call, ServiceTimeout, f"{where}: no connection within the timeout", exc)
            except ConnectionRefusedError as exc:
                raise _Retryable(self._error(call, ServiceUnavailable, f"{where}: connection refused", exc),
                                 nothing_sent=True) from exc
            except OSError as exc:  # unknown host, no route, network down
                raise self._error(call, ServiceUnavailable, f"{where}: cannot connect ({exc})", exc)
            if call.cancelled:
                raise self._cancelled(where)
            headers = {"Accept": "application/json", "User-Agent": "service-kiosk/1"}
            if data is not None:
                headers["Content-Type"] = "application/json; charset=utf-8"
            try:
                conn.sock.settimeout(self._left(deadline, where))
                conn.request(method, url, body=data, headers=headers)
                conn.sock.settimeout(self._left(deadline, where))
                resp = conn.getresponse()
            except (TimeoutError, socket.timeout) as exc:
                raise self._error(call, ServiceTimeout, f"{where}: no answer within {self.timeout_s:g} s", exc)
            except (ConnectionError, http.client.RemoteDisconnected) as exc:
                # The connection died before any answer: the back end may or may not have acted on it.
                raise _Retryable(self._error(call, ServiceUnavailable, f"{where}: connection dropped ({exc!r})", exc),
                                 nothing_sent=False) from exc
            except (http.client.HTTPException, OSError) as exc:
                raise self._error(call, ServiceBadResponse, f"{where}: broken answer ({exc!r})", exc)
            raw = self._read_body(call, conn, resp, deadline, where)
        finally:
            conn.close()
        return self._decode(resp, raw, where)

    def _read_body(self, call: _Call, conn, resp, deadline: float, where: str) -> bytes:
        chunks: list[bytes] = []
        size = 0
        try:
            while True:
                if conn.sock is not None:
                    conn.sock.settimeout(self._left(deadline, where))
                chunk = resp.read1(65536)
                if not chunk:
                    break
                size += len(chunk)
                if size > MAX_BODY_BYTES:
                    raise ServiceBadResponse(f"{where}: answer larger than {MAX_BODY_BYTES} bytes", service=self.service)
                chunks.append(chunk)
        except (TimeoutError, socket.timeout) as exc:
            raise self._error(call, ServiceTimeout, f"{where}: answer not complete within {self.timeout_s:g} s", exc)
        except (http.client.HTTPException, OSError) as exc:
            raise self._error(call, ServiceBadResponse, f"{where}: answer cut off ({exc!r})", exc)
        return b"".join(chunks)

    def _decode(self, resp, raw: bytes, where: str):
        status = resp.status
        if status >= 500 or status == 429:
            error = ServiceUnavailable(f"{where}: HTTP {status} {_error_text(raw)}", service=self.service, status=status)
            if status in RETRY_STATUSES:
                raise _Retryable(error, nothing_sent=False)
            raise error
        if status != 200:
            raise ServiceBadResponse(f"{where}: HTTP {status} {_error_text(raw)}", service=self.service, status=status)
        ctype = (resp.getheader("Content-Type") or "").split(";")[0].strip().lower()
        if ctype != "application/json":
            raise ServiceBadResponse(f"{where}: answer is '{ctype or 'untyped'}', not JSON", service=self.service,
                                     status=status)
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise ServiceBadResponse(f"{where}: answer is not valid JSON ({exc})", service=self.service,
                                     status=status) from exc

    # ------------------------------------------------------------------ helpers

    def _left(self, deadline: float, where: str) -> float:
        left = deadline - time.monotonic()
        if left <= 0:
            raise ServiceTimeout(f"{where}: no answer within {self.timeout_s:g} s", service=self.service)
        return left

    def _cancelled(self, where: str) -> ServiceCancelled:
        return ServiceCancelled(f"{where}: cancelled", service=self.service)

    def _error(self, call: _Call, cls, message: str, cause: BaseException) -> ServiceError:
        """``cls(message)`` chained to ``cause`` — or ServiceCancelled if we shut the socket ourselves."""
        error = self._cancelled(message.split(":")[0]) if call.cancelled else cls(message, service=self.service)
        error.__cause__ = cause
        return error


class _Retryable(Exception):
    """Carries a ServiceError out of one attempt, with whether trying again is harmless."""

    def __init__(self, error: ServiceError, *, nothing_sent: bool):
        super().__init__(str(error))
        self.error = error
        self.nothing_sent = nothing_sent
        self.__cause__ = error.__cause__


def _shut(conn) -> None:
    sock = getattr(conn, "sock", None)
    if sock is None:
        return
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def _path_only(path: str) -> str:
    """The path without its query string, for logs."""
    return path.split("?", 1)[0]


def _error_text(raw: bytes) -> str:
    """A back end's own error message, shortened, for the technician's log."""
    try:
        doc = json.loads(raw.decode("utf-8"))
        err = doc.get("error") if isinstance(doc, dict) else None
        if isinstance(err, dict):
            return f"{err.get('code', '')}: {err.get('message', '')}"[:200]
        if isinstance(err, str):
            return err[:200]
    except (UnicodeDecodeError, ValueError):
        pass
    return raw[:80].decode("utf-8", "replace")


__all__ = ["JsonHttpClient", "MAX_BODY_BYTES"]
