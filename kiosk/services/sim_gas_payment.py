"""The simulated gas billing system and payment gateway: accounts, purchases and orders, kept on disk.

SimBackend (sim_backend.py) serves this ledger under ``/gas_billing/v1/…`` and ``/payment/v1/…``.
Accounts come from ``gas_accounts.yaml`` (config/sim/), one per issued card of the gas card deck.
With a ``state_dir`` the whole ledger lives in ``<state_dir>/gas_billing_payment.json``, rewritten
(temp file, fsync, rename) after every change, so orders and purchases survive a killed kiosk;
delete that file to start again from the YAML. As the file is rewritten whole, the ledger keeps only the
newest ``KEEP_SETTLED_ORDERS`` settled orders (closed, refunded, or paid with their purchase written to the
card) and an account's newest ``KEEP_HISTORY`` purchases: older settled ones are forgotten with their
purchases and idempotency keys. Kept whole, a simulator left running (a soak's thousands of top-ups, a
demo kiosk's months) rewrote an ever longer file at every step of every top-up, with its lock held.

This is billing's and the gateway's own implementation, not the client's echo: money is counted in
fen and volume in 0.01 m³ as integers (the client works in Decimal yuan and m³), with the same
published rule (docs/services.md): a tier filled to its end costs volume × price rounded half up to
the fen; the tier where the money runs out gets the rest of the money and the volume rounded down.
The volume bought "this year" is the seed's plus what was bought here: the simulator does not roll
the year over on 1 January.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import threading
from datetime import date, datetime

import yaml

log = logging.getLogger("kiosk.services.sim")

STATE_FILE = "gas_billing_payment.json"
_CARD_RE = re.compile(r"^\d{16}$")
_MONEY_RE = re.compile(r"^\d{1,7}(\.\d{1,2})?$")
_KEY_RE = re.compile(r"^[\x21-\x7e]{1,100}$")
#: Most one order may be: a gateway's single-payment cap for a QR code.
MAX_ORDER_FEN = 50_000_00
#: Settled orders kept (with their purchases and keys); older ones are forgotten. Unsettled ones always stay.
KEEP_SETTLED_ORDERS = 200
#: Purchases kept in an account's history (the wire shows the newest 12).
KEEP_HISTORY = 100


class SimRefusal(ValueError):
    """A refusal of the simulated back end: HTTP ``status`` with error ``code`` (docs/services.md)."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(f"{code}: {message}")
        self.status, self.code, self.message = status, code, message


def _bad(message: str) -> SimRefusal:
    return SimRefusal(400, "BAD_REQUEST", message)


# ---------------------------------------------------------------------------- units


def fen_of(text) -> int:
    """'75.9' / '75.90' / 75 → 7590 fen; SimRefusal for anything else (no floats: 0.1 + 0.2)."""
    if isinstance(text, bool) or not isinstance(text, (str, int)):
        raise _bad(f"an amount must be a decimal string, not {type(text).__name__}")
    text = str(text).strip()
    if not _MONEY_RE.match(text):
        raise _bad(f"'{text[:20]}' is not an amount with at most 2 decimals")
    whole, _, frac = text.partition(".")
    return int(whole) * 100 + int((frac + "00")[:2])


def hundredths(n: int) -> str:
    """7590 → '75.90' (fen as yuan, or 0.01 m³ as m³)."""
    return f"{n // 100}.{n % 100:02d}"


def volume_for(tiers: list, bought: int, amount_fen: int) -> tuple[int, list]:
    """Volume (0.01 m³) that ``amount_fen`` buys after ``bought`` this year; and [tier, units, price, subtotal]s.

    ``tiers``: [upto_units or None, price in fen per m³], ascending.
    """
    left, volume, parts = amount_fen, 0, []
    for index, (upto, price) in enumerate(tiers, start=1):
        if left <= 0:
            break
        if upto is not None and bought >= upto:
            continue
        if upto is not None:
            room = upto - bought
            fill = (room * price + 50) // 100       # units × fen/m³ / 100, half up
            if left >= fill:
                parts.append([index, room, price, fill])
                left -= fill
                bought += room
                volume += room
                continue
        units = left * 100 // price
        parts.append([index, units, price, left])
        volume += units
        left = 0
    return volume, parts


# ---------------------------------------------------------------------------- seed data


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _units(value, where: str) -> int:
    try:
        return fen_of(value)
    except SimRefusal as exc:
        raise ValueError(f"gas_accounts.yaml: {where}: {exc.message}") from None


def load_seed(path: str) -> dict:
    """The ledger as ``gas_accounts.yaml`` describes it (no orders but those of seeded pending purchases)."""
    ledger = {"version": 1, "plans": {}, "accounts": {}, "purchases": {}, "orders": {},
              "keys": {"order": {}, "purchase": {}, "refund": {}}, "seq": {"order": 0, "purchase": 0, "refund": 0},
              "utility": ""}
    if not os.path.exists(path):
        log.info("no %s: the simulated gas billing has no accounts", path)
        return ledger
    with open(path, encoding="utf-8") as f:
        doc = _plain(yaml.safe_load(f) or {})
    ledger["utility"] = str(doc.get("utility", ""))
    for name, plan in (doc.get("plans") or {}).items():
        tiers, last = [], -1
        for i, t in enumerate(plan.get("tiers") or []):
            upto = None if t.get("upto_m3") is None else _units(t["upto_m3"], f"plan {name} tier {i + 1}")
            price = _units(t["price"], f"plan {name} tier {i + 1}")
            if last is None or (upto is not None and upto <= last) or price <= 0:
                raise ValueError(f"gas_accounts.yaml: plan {name}: tiers must ascend, end open, cost something")
            tiers.append([upto, price])
            last = upto
        if not tiers or tiers[-1][0] is not None:
            raise ValueError(f"gas_accounts.yaml: plan {name}: the last tier needs upto_m3: null")
        ledger["plans"][name] = {
            "tiers": tiers,
            "min_fen": _units(plan["min_topup_yuan"], f"plan {name}"),
            "max_fen": _units(plan["max_topup_yuan"], f"plan {name}"),
            "max_year_units": None if plan.get("max_year_m3") is None else _units(plan["max_year_m3"], f"plan {name}"),
        }
    for a in doc.get("accounts") or []:
        card = str(a.get("card_number", ""))
        where = f"account {a.get('card', card)}"
        if not _CARD_RE.match(card) or card in ledger["accounts"]:
            raise ValueError(f"gas_accounts.yaml: {where}: a unique 16-digit card_number is needed")
        plan = a.get("plan", a.get("kind"))
        if plan not in ledger["plans"]:
            raise ValueError(f"gas_accounts.yaml: {where}: unknown plan '{plan}'")
        if a.get("kind") not in ("household", "business") or a.get("status") not in ("normal", "lost", "closed"):
            raise ValueError(f"gas_accounts.yaml: {where}: kind household/business, status normal/lost/closed")
        account = {
            "customer_no": str(a["customer_no"]), "card_number": card, "name": a["name"], "address": a["address"],
            "meter_number": str(a["meter_number"]), "kind": a["kind"], "status": a["status"], "plan": plan,
            "purchase_count": int(a["purchase_count"]),
            "volume_units": _units(a.get("volume_this_year_m3", "0"), where),
            "arrears_fen": _units(a.get("arrears_yuan", "0"), where), "arrears_reason": a.get("arrears_reason"),
            "history": [{"date": str(h["date"]), "amount_fen": _units(h["amount_yuan"], where),
                         "volume_units": _units(h["volume_m3"], where), "channel": h["channel"],
                         "purchase_count": int(h["purchase_count"])} for h in a.get("history") or []],
        }
        pending = a.get("pending")
        if pending:
            _seed_pending(ledger, account, pending, where)
        counts = [h["purchase_count"] for h in account["history"]]
        if counts and (counts[0] != account["purchase_count"] or counts != list(range(counts[0], counts[0] - len(counts), -1))):
            raise ValueError(f"gas_accounts.yaml: {where}: history counts must descend by one from purchase_count")
        ledger["accounts"][card] = account
    return ledger


def _seed_pending(ledger: dict, account: dict, pending: dict, where: str) -> None:
    """A paid purchase billing made whose write to the card never finished: its order and its purchase."""
    amount = _units(pending["amount_yuan"], where)
    plan = ledger["plans"][account["plan"]]
    volume = _units(pending["volume_m3"], where)
    got, parts = volume_for(plan["tiers"], account["volume_units"] - volume, amount)
    if got != volume:
        raise ValueError(f"gas_accounts.yaml: {where}: ￥{hundredths(amount)} buys {hundredths(got)} m³, "
                         f"not {hundredths(volume)}")
    order_no, paid_at = str(pending["order_no"]), str(pending["paid_at"])
    ledger["orders"][order_no] = {
        "order_no": order_no, "amount_fen": amount, "description": "燃气充值", "status": "paid",
        "created_at": paid_at, "paid_at": paid_at, "transaction_no": str(pending["transaction_no"]),
        "closed_at": None, "refunded_at": None, "refund_no": None, "terminal_id": pending.get("terminal_id"),
        "key": None, "refund_key": None}
    pid = str(pending["purchase_id"])
    ledger["purchases"][pid] = {
        "purchase_id": pid, "card_number": account["card_number"], "order_no": order_no, "amount_fen": amount,
        "volume_units": volume, "purchase_count": account["purchase_count"], "breakdown": parts,
        "status": "awaiting_write", "created_at": paid_at, "confirmed_at": None, "key": None}
    account["history"].insert(0, {"date": paid_at[:10], "amount_fen": amount, "volume_units": volume,
                                  "channel": "kiosk", "purchase_count": account["purchase_count"]})


# ---------------------------------------------------------------------------- the ledger


class GasPaymentLedger:
    """Billing accounts and purchases, gateway orders; every method is thread-safe and saves the change."""

    def __init__(self, records_dir: str, state_dir: str | None, clock):
        self._clock = clock
        self._lock = threading.RLock()
        self.state_path = None if state_dir is None else os.path.join(state_dir, STATE_FILE)
        if self.state_path and os.path.exists(self.state_path):
            with open(self.state_path, encoding="utf-8") as f:
                self._s = json.load(f)
            log.info("simulated gas billing and payment: state from %s (%d orders, %d purchases)", self.state_path,
                     len(self._s["orders"]), len(self._s["purchases"]))
        else:
            self._s = load_seed(os.path.join(records_dir, "gas_accounts.yaml"))
            if self.state_path:
                os.makedirs(state_dir, exist_ok=True)
                self._save()

    # ------------------------------------------------------------------ persistence

    def _save(self) -> None:
        """Write the ledger atomically: a crash leaves the old file or the new one, never half of one."""
        self._forget_settled()
        if not self.state_path:
            return
        tmp = f"{self.state_path}.tmp"
        text = json.dumps(self._s, ensure_ascii=False, separators=(",", ":"))  # the C encoder: indent= is Python's
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.state_path)

    def _forget_settled(self) -> None:
        """Drop the oldest settled orders (and their purchases and keys) beyond ``KEEP_SETTLED_ORDERS``, and
        the oldest purchases of an account's history beyond ``KEEP_HISTORY`` (a file from before kept them all)."""
        for account in self._s["accounts"].values():
            del account["history"][KEEP_HISTORY:]
        orders, purchases, keys = self._s["orders"], self._s["purchases"], self._s["keys"]
        excess = len(orders) - KEEP_SETTLED_ORDERS
        if excess <= 0:
            return
        purchase_of = {p["order_no"]: pid for pid, p in purchases.items()}
        for order_no in list(orders):  # oldest first
            if excess <= 0:
                break
            order = orders[order_no]
            pid = purchase_of.get(order_no)
            purchase = purchases.get(pid) if pid is not None else None
            settled = purchase["status"] == "confirmed" if purchase else order["status"] in ("closed", "refunded")
            if not settled:
                continue
            del orders[order_no]
            for kind, key in (("order", order.get("key")), ("refund", order.get("refund_key"))):
                if key is not None and keys[kind].get(key) == order_no:
                    del keys[kind][key]
            if purchase is not None:
                del purchases[pid]
                if purchase.get("key") is not None and keys["purchase"].get(purchase["key"]) == pid:
                    del keys["purchase"][purchase["key"]]
            excess -= 1

    def _now(self) -> str:
        return self._clock().isoformat(timespec="seconds")

    def _next(self, kind: str, prefix: str, existing: dict) -> str:
        while True:
            self._s["seq"][kind] += 1
            number = f"{prefix}{self._clock():%Y%m%d}{self._s['seq'][kind]:06d}"
            if number not in existing:
                return number

    # ------------------------------------------------------------------ billing

    @property
    def utility(self) -> str:
        return self._s.get("utility", "")

    def account_count(self) -> int:
        return len(self._s["accounts"])

    def _account(self, card: str) -> dict:
        if not isinstance(card, str) or not _CARD_RE.match(card):
            raise _bad("card_number must be 16 digits")
        account = self._s["accounts"].get(card)
        if account is None:
            raise SimRefusal(404, "ACCOUNT_NOT_FOUND", "no gas account for this card")
        return account

    def account(self, req: dict) -> dict:
        with self._lock:
            return self._account_wire(self._account(req.get("card_number")))

    def _account_wire(self, a: dict) -> dict:
        plan = self._s["plans"][a["plan"]]
        max_year = plan["max_year_units"]
        return {
            "customer_no": a["customer_no"], "card_number": a["card_number"], "name": a["name"],
            "address": a["address"], "meter_number": a["meter_number"], "kind": a["kind"], "status": a["status"],
            "purchase_count": a["purchase_count"],
            "tiers": [{"upto_m3": None if upto is None else hundredths(upto), "price": hundredths(price)}
                      for upto, price in plan["tiers"]],
            "volume_this_year_m3": hundredths(a["volume_units"]),
            "min_topup_yuan": hundredths(plan["min_fen"]), "max_topup_yuan": hundredths(plan["max_fen"]),
            "max_year_m3": None if max_year is None else hundredths(max_year),
            "remaining_year_m3": None if max_year is None else hundredths(max(0, max_year - a["volume_units"])),
            "arrears_yuan": hundredths(a["arrears_fen"]), "arrears_reason": a["arrears_reason"],
            "history": [{"date": h["date"], "amount_yuan": hundredths(h["amount_fen"]),
                         "volume_m3": hundredths(h["volume_units"]), "channel": h["channel"],
                         "purchase_count": h["purchase_count"]} for h in a["history"][:12]],
            "utility": self.utility,
        }

    def _pending_of(self, card: str) -> dict | None:
        for p in self._s["purchases"].values():
            if p["card_number"] == card and p["status"] == "awaiting_write":
                return p
        return None

    def create_purchase(self, req: dict) -> dict:
        key = req.get("idempotency_key")
        if not isinstance(key, str) or not _KEY_RE.match(key):
            raise _bad("idempotency_key must be 1-100 printable characters")
        order_no = req.get("order_no")
        if not isinstance(order_no, str) or not order_no:
            raise _bad("order_no must be a non-empty string")
        amount = fen_of(req.get("amount_yuan"))
        with self._lock:
            card = req.get("card_number")
            account = self._account(card)
            known = self._s["keys"]["purchase"].get(key)
            if known is not None:
                p = self._s["purchases"][known]
                if (p["card_number"], p["order_no"], p["amount_fen"]) != (card, order_no, amount):
                    raise SimRefusal(409, "IDEMPOTENCY_CONFLICT", "this idempotency_key was used for another purchase")
                return self._purchase_wire(p)
            for p in self._s["purchases"].values():
                if p["order_no"] == order_no:
                    if (p["card_number"], p["amount_fen"]) != (card, amount):
                        raise SimRefusal(409, "ORDER_USED", "this order paid for another purchase")
                    return self._purchase_wire(p)   # one order, one purchase, whatever the key
            if account["status"] == "lost":
                raise SimRefusal(409, "ACCOUNT_LOST", "the card of this account was reported lost")
            if account["status"] != "normal":
                raise SimRefusal(409, "ACCOUNT_CLOSED", f"the account is {account['status']}")
            if self._pending_of(card) is not None:
                raise SimRefusal(409, "PURCHASE_PENDING", "a paid purchase still awaits its write to the card")
            if account["arrears_fen"] > 0:
                raise SimRefusal(409, "ARREARS", f"arrears of ￥{hundredths(account['arrears_fen'])} come first")
            order = self._s["orders"].get(order_no)
            if order is None or order["status"] != "paid":
                raise SimRefusal(409, "ORDER_NOT_PAID", "no payment for this order")
            if order["amount_fen"] != amount:
                raise SimRefusal(409, "AMOUNT_MISMATCH", f"the order paid ￥{hundredths(order['amount_fen'])}")
            plan = self._s["plans"][account["plan"]]
            if amount < plan["min_fen"]:
                raise SimRefusal(422, "AMOUNT_TOO_SMALL", f"the smallest top-up is ￥{hundredths(plan['min_fen'])}")
            if amount > plan["max_fen"]:
                raise SimRefusal(422, "LIMIT_EXCEEDED", f"the largest top-up is ￥{hundredths(plan['max_fen'])}")
            volume, parts = volume_for(plan["tiers"], account["volume_units"], amount)
            if plan["max_year_units"] is not None and account["volume_units"] + volume > plan["max_year_units"]:
                raise SimRefusal(422, "YEAR_LIMIT_EXCEEDED", "the yearly purchase limit would be exceeded")
            if volume <= 0:
                raise SimRefusal(422, "AMOUNT_TOO_SMALL", "the amount buys no gas")
            count = account["purchase_count"] + 1
            if count > 0xFFFF:
                raise SimRefusal(409, "ACCOUNT_CLOSED", "the card's purchase counter is full: replace the card")
            now = self._now()
            pid = self._next("purchase", "GP", self._s["purchases"])
            purchase = {"purchase_id": pid, "card_number": card, "order_no": order_no, "amount_fen": amount,
                        "volume_units": volume, "purchase_count": count, "breakdown": parts,
                        "status": "awaiting_write", "created_at": now, "confirmed_at": None, "key": key,
                        "terminal_id": req.get("terminal_id")}
            self._s["purchases"][pid] = purchase
            self._s["keys"]["purchase"][key] = pid
            account["purchase_count"] = count
            account["volume_units"] += volume
            account["history"].insert(0, {"date": now[:10], "amount_fen": amount, "volume_units": volume,
                                          "channel": req.get("channel") if req.get("channel") in ("hall", "kiosk", "app")
                                          else "kiosk", "purchase_count": count})
            self._save()
            log.info("simulated billing: purchase %s for order %s: %s m³, count %d", pid, order_no,
                     hundredths(volume), count)
            return self._purchase_wire(purchase)

    def confirm_purchase(self, purchase_id: str, req: dict) -> dict:
        count = req.get("purchase_count")
        if isinstance(count, bool) or not isinstance(count, int):
            raise _bad("purchase_count must be an integer")
        with self._lock:
            card = req.get("card_number")
            self._account(card)
            p = self._s["purchases"].get(purchase_id)
            if p is None or p["card_number"] != card:
                raise SimRefusal(404, "PURCHASE_NOT_FOUND", "no such purchase for this card")
            if count != p["purchase_count"]:
                raise SimRefusal(409, "COUNT_MISMATCH", f"the purchase is count {p['purchase_count']}, not {count}")
            if p["status"] != "confirmed":
                p["status"] = "confirmed"
                p["confirmed_at"] = self._now()
                self._save()
                log.info("simulated billing: purchase %s confirmed", purchase_id)
            return self._purchase_wire(p)

    def pending_purchase(self, req: dict) -> dict:
        with self._lock:
            card = req.get("card_number")
            self._account(card)
            p = self._pending_of(card)
            return {"purchase": None if p is None else self._purchase_wire(p)}

    @staticmethod
    def _purchase_wire(p: dict) -> dict:
        return {"purchase_id": p["purchase_id"], "card_number": p["card_number"], "order_no": p["order_no"],
                "amount_yuan": hundredths(p["amount_fen"]), "volume_m3": hundredths(p["volume_units"]),
                "volume_units": p["volume_units"], "purchase_count": p["purchase_count"],
                "breakdown": [{"tier_index": i, "volume_m3": hundredths(u), "price": hundredths(pr),
                               "subtotal": hundredths(s)} for i, u, pr, s in p["breakdown"]],
                "status": p["status"], "created_at": p["created_at"], "confirmed_at": p["confirmed_at"]}

    # ------------------------------------------------------------------ payment

    def create_order(self, req: dict) -> dict:
        key = req.get("idempotency_key")
        if not isinstance(key, str) or not _KEY_RE.match(key):
            raise _bad("idempotency_key must be 1-100 printable characters")
        amount = fen_of(req.get("amount_yuan"))
        if not 0 < amount <= MAX_ORDER_FEN:
            raise _bad(f"amount_yuan must be above 0 and at most {hundredths(MAX_ORDER_FEN)}")
        description = req.get("description")
        if not isinstance(description, str) or not description.strip() or len(description) > 128:
            raise _bad("description must be 1-128 characters")
        with self._lock:
            known = self._s["keys"]["order"].get(key)
            if known is not None:
                order = self._s["orders"][known]
                if order["amount_fen"] != amount:
                    raise SimRefusal(409, "IDEMPOTENCY_CONFLICT", "this idempotency_key was used for another amount")
                return self._order_wire(order)
            order_no = self._next("order", "PAY", self._s["orders"])
            order = {"order_no": order_no, "amount_fen": amount, "description": description, "status": "created",
                     "created_at": self._now(), "paid_at": None, "transaction_no": None, "closed_at": None,
                     "refunded_at": None, "refund_no": None, "terminal_id": req.get("terminal_id"), "key": key,
                     "refund_key": None}
            self._s["orders"][order_no] = order
            self._s["keys"]["order"][key] = order_no
            self._save()
            log.info("simulated gateway: order %s created, ￥%s", order_no, hundredths(amount))
            return self._order_wire(order)

    def _order(self, order_no) -> dict:
        order = self._s["orders"].get(order_no) if isinstance(order_no, str) else None
        if order is None:
            raise SimRefusal(404, "ORDER_NOT_FOUND", "no such order")
        return order

    def query(self, order_no: str) -> dict:
        with self._lock:
            return self._order_wire(self._order(order_no))

    def close(self, order_no: str) -> dict:
        with self._lock:
            order = self._order(order_no)
            if order["status"] == "created":
                order["status"] = "closed"
                order["closed_at"] = self._now()
                self._save()
                log.info("simulated gateway: order %s closed", order_no)
            return self._order_wire(order)

    def refund(self, order_no: str, req: dict) -> dict:
        key = req.get("idempotency_key")
        if not isinstance(key, str) or not _KEY_RE.match(key):
            raise _bad("idempotency_key must be 1-100 printable characters")
        amount = fen_of(req.get("amount_yuan"))
        with self._lock:
            order = self._order(order_no)
            known = self._s["keys"]["refund"].get(key)
            if known is not None and known != order_no:
                raise SimRefusal(409, "IDEMPOTENCY_CONFLICT", "this idempotency_key refunded another order")
            if order["status"] == "refunded":
                return self._order_wire(order)   # refunded once, whatever the key
            if order["status"] != "paid":
                raise SimRefusal(409, "NOT_REFUNDABLE", f"the order is {order['status']}, not paid")
            if amount != order["amount_fen"]:
                raise SimRefusal(409, "REFUND_AMOUNT", f"refunds are of the whole ￥{hundredths(order['amount_fen'])}")
            order["status"] = "refunded"
            order["refunded_at"] = self._now()
            order["refund_no"] = self._next("refund", "RF", {o.get("refund_no") for o in self._s["orders"].values()})
            order["refund_key"] = key
            self._s["keys"]["refund"][key] = order_no
            self._save()
            log.info("simulated gateway: order %s refunded (%s)", order_no, order["refund_no"])
            return self._order_wire(order)

    def pay(self, order_no: str | None = None) -> dict:
        """The resident's phone pays ``order_no`` (None: the newest unpaid order)."""
        with self._lock:
            if order_no is None:
                waiting = [o for o in self._s["orders"].values() if o["status"] == "created"]
                if not waiting:
                    raise SimRefusal(404, "ORDER_NOT_FOUND", "no order is waiting for payment")
                order = max(waiting, key=lambda o: (o["created_at"], o["order_no"]))
            else:
                order = self._order(order_no)
            if order["status"] in ("closed", "refunded"):
                raise SimRefusal(409, "ORDER_CLOSED", f"the order is {order['status']}: the phone shows an error")
            if order["status"] == "created":
                now = self._clock()
                order["status"] = "paid"
                order["paid_at"] = now.isoformat(timespec="seconds")
                digest = hashlib.sha256(order["order_no"].encode()).hexdigest()
                order["transaction_no"] = f"4200{now:%Y%m%d}{int(digest[:12], 16) % 10**16:016d}"
                self._save()
                log.info("simulated gateway: order %s paid", order["order_no"])
            return self._order_wire(order)

    @staticmethod
    def _order_wire(o: dict) -> dict:
        return {"order_no": o["order_no"], "amount_yuan": hundredths(o["amount_fen"]),
                "qr_payload": f"https://pay.sim.local/qr/{o['order_no']}", "status": o["status"],
                "description": o["description"], "created_at": o["created_at"], "paid_at": o["paid_at"],
                "transaction_no": o["transaction_no"], "closed_at": o["closed_at"], "refunded_at": o["refunded_at"],
                "refund_no": o["refund_no"]}

    # ------------------------------------------------------------------ for tests and the panel

    def orders(self) -> list[dict]:
        with self._lock:
            return [self._order_wire(o) for o in self._s["orders"].values()]

    def purchases(self) -> list[dict]:
        with self._lock:
            return [self._purchase_wire(p) for p in self._s["purchases"].values()]

    def account_of(self, card_number: str) -> dict:
        with self._lock:
            return self._account_wire(self._account(card_number))


__all__ = ["GasPaymentLedger", "SimRefusal", "STATE_FILE", "KEEP_SETTLED_ORDERS", "KEEP_HISTORY", "volume_for", "fen_of",
           "hundredths", "load_seed"]
