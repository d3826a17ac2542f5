"""Back-end services behind interfaces: credit information, real-estate registry, gas billing, payment.

    services = open_services(config, sim_url)      # sim_url: SimBackend(...).url when a url is 'sim'
    report = services.credit.report(id_number, name, purpose)     # -> credit.CreditReport
    records = services.property.records(id_number, name)          # -> property.PropertyRecords
    account = services.gas_billing.account(card_number)           # -> gas_billing.GasAccount
    order = services.payment.create_order(amount, "燃气充值", key)  # -> payment.Order
    services.submit(fn)  # -> Future: fn run on the services' own worker threads
    services.abort()    # from another thread: a call in flight ends now with ServiceCancelled
    services.close()

Calls block (up to the endpoint's ``timeout_s``): run them off the GUI thread (``submit``). Failures are the
ServiceError subclasses of ``kiosk.services.errors``, each with a message for the resident.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field

from kiosk.errors import ConfigError
from kiosk.services.credit import CreditReport, CreditService, HttpCreditService
from kiosk.services.errors import (ServiceBadResponse, ServiceCancelled, ServiceError, ServiceTimeout,
                                   ServiceUnavailable)
from kiosk.services.gas_billing import GasBillingService, HttpGasBillingService
from kiosk.services.payment import HttpPaymentGateway, PaymentGateway
from kiosk.services.property import HttpPropertyService, PropertyRecords, PropertyService
from kiosk.services.verification import verification_url
from kiosk.services.workers import Workers

#: The services this package opens.
OPENED = ("credit", "property", "gas_billing", "payment")


@dataclass
class Services:
    """The kiosk's back-end clients."""

    credit: CreditService
    property: PropertyService
    gas_billing: GasBillingService | None = None
    payment: PaymentGateway | None = None
    _pool: Workers | None = field(default=None, init=False, repr=False)
    _pool_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    #: Worker threads for calls: a hung call holds one until its timeout while the others serve on.
    WORKERS = 4

    def submit(self, fn) -> Future:
        """Run ``fn()`` (which calls these services) on the services' worker threads.

        The threads live as long as the services: a pool per visit started and ended threads for every
        resident (10,000 a day in the soak benchmark). They all start with the first call."""
        with self._pool_lock:
            if self._pool is None:
                self._pool = Workers(self.WORKERS, "service")
            return self._pool.submit(fn)

    def abort(self) -> None:
        """End every call in flight now (each raises ServiceCancelled in its own thread)."""
        self.credit.abort()
        self.property.abort()
        if self.gas_billing is not None:
            self.gas_billing.abort()
        if self.payment is not None:
            self.payment.abort()

    def close(self) -> None:
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_pending=True)
            self.abort()  # calls in flight end now, so the workers can be waited for
            pool.shutdown(wait=True)
        self.credit.close()
        self.property.close()
        if self.gas_billing is not None:
            self.gas_billing.close()
        if self.payment is not None:
            self.payment.close_client()  # PaymentGateway.close(order_no) closes an order, not the client

    def __enter__(self) -> "Services":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def uses_sim(config) -> bool:
    """Whether any service this package opens is configured as 'sim' (so a SimBackend must run)."""
    return any(getattr(config.kiosk.services, name).url == "sim" for name in OPENED)


def sim_records_dir(config) -> str:
    """Where the simulated back ends' data files are for ``config``: the config folder's sim/."""
    return os.path.join(config.directory, "sim")


def open_services(config, sim_url: str | None = None) -> Services:
    """The clients for ``config`` (a KioskConfig); an endpoint with url 'sim' goes to ``sim_url``."""
    settings = config.kiosk
    endpoints = {}
    for name in OPENED:
        endpoint = getattr(settings.services, name)
        if endpoint.url == "sim":
            if not sim_url:
                raise ConfigError([f"kiosk.yaml: services.{name}.url is 'sim' but no simulated back end is running"])
            base = f"{sim_url.rstrip('/')}/{name}"
        else:
            base = endpoint.url
        endpoints[name] = (base, endpoint.timeout_s)
    try:
        credit = HttpCreditService(endpoints["credit"][0], timeout_s=endpoints["credit"][1],
                                   terminal_id=settings.terminal_id)
        prop = HttpPropertyService(endpoints["property"][0], timeout_s=endpoints["property"][1],
                                   terminal_id=settings.terminal_id)
        gas = HttpGasBillingService(endpoints["gas_billing"][0], timeout_s=endpoints["gas_billing"][1],
                                    terminal_id=settings.terminal_id)
        payment = HttpPaymentGateway(endpoints["payment"][0], timeout_s=endpoints["payment"][1],
                                     terminal_id=settings.terminal_id)
    except ValueError as exc:
        raise ConfigError([f"kiosk.yaml: services: {exc}"]) from exc
    return Services(credit=credit, property=prop, gas_billing=gas, payment=payment)


__all__ = ["Services", "open_services", "uses_sim", "sim_records_dir", "verification_url", "CreditService",
           "PropertyService", "CreditReport", "PropertyRecords", "HttpCreditService", "HttpPropertyService",
           "GasBillingService", "HttpGasBillingService", "PaymentGateway", "HttpPaymentGateway",
           "ServiceError", "ServiceUnavailable", "ServiceTimeout", "ServiceBadResponse", "ServiceCancelled"]
