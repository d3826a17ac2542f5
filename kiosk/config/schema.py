"""The schema of every config file: each key with its type, default and a description for staff.

Models forbid unknown keys so a misspelt key is reported (with a "did you mean") instead of
being silently ignored.
"""

from __future__ import annotations

import difflib
import re
from datetime import datetime, time
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

#: Flows a tile may start. Built-in services land in later issues; until then their tiles
#: open a "service not available yet" page.
KNOWN_FLOWS = ("credit_report", "property_lookup", "gas_topup", "info")

#: The devices each built-in service cannot work without (a tile may say otherwise with ``needs``).
FLOW_NEEDS = {"credit_report": ("id_reader",), "property_lookup": ("id_reader",), "gas_topup": ("gas_reader",)}

#: Device names and the drivers each may use.
DEVICE_DRIVERS = {
    "printer": ("escpos",),
    "id_reader": ("sam",),
    "gas_reader": ("crt310",),
}

#: Built-in icons (ui/icons/NAME.svg); a tile may also name an image file in the config dir.
BUILTIN_ICONS = ("credit", "property", "gas", "info", "hotline", "clock", "notice", "help")


def did_you_mean(word: str, choices) -> str:
    match = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A text shown to residents, in Chinese and English."""

    zh: str = Field(min_length=1, description="Chinese text (the default language)")
    en: str = Field(min_length=1, description="English text")

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


# ---------------------------------------------------------------- opening hours

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_HOURS_RE = re.compile(r"^\s*(?P<days>[a-z,\-]+)\s+(?P<open>\d{1,2}:\d{2})\s*-\s*(?P<close>\d{1,2}:\d{2})\s*$")


def _parse_clock(text: str) -> int:
    """Minutes since midnight; 24:00 allowed as the end of a day."""
    h, m = (int(x) for x in text.split(":"))
    if not (0 <= h <= 24 and 0 <= m <= 59) or (h == 24 and m != 0):
        raise ValueError(f"'{text}' is not a time of day (00:00–24:00)")
    return h * 60 + m


def _parse_days(spec: str) -> tuple[int, ...]:
    if spec == "daily":
        return tuple(range(7))
    days: list[int] = []
    for part in spec.split(","):
        if "-" in part:
            a, b = part.split("-", 1)
            ia, ib = _day_index(a), _day_index(b)
            if ib < ia:
                raise ValueError(f"day range '{part}' runs backwards")
            days.extend(range(ia, ib + 1))
        else:
            days.append(_day_index(part))
    return tuple(sorted(set(days)))


def _day_index(name: str) -> int:
    if name not in _DAYS:
        raise ValueError(f"unknown day '{name}'{did_you_mean(name, _DAYS + ('daily',))}")
    return _DAYS.index(name)


class HoursRule(BaseModel):
    days: tuple[int, ...]
    open_min: int
    close_min: int

    def contains(self, moment: datetime) -> bool:
        minute = moment.hour * 60 + moment.minute
        return moment.weekday() in self.days and self.open_min <= minute < self.close_min

    def describe(self, lang: str) -> str:
        from kiosk.texts import t  # the words are the app's (kiosk.texts), the hours the staff's

        names = [t(f"hours.day.{d}", lang) for d in range(7)]
        if len(self.days) == 7:
            days = t("hours.daily", lang)
        elif list(self.days) == list(range(self.days[0], self.days[-1] + 1)) and len(self.days) > 2:
            days = t("hours.day_range", lang, first=names[self.days[0]], last=names[self.days[-1]])
        else:
            days = t("hours.day_sep", lang).join(names[d] for d in self.days)
        fmt = lambda m: f"{m // 60:02d}:{m % 60:02d}"  # noqa: E731
        return f"{days} {fmt(self.open_min)}–{fmt(self.close_min)}"


def parse_hours_rule(text: str) -> HoursRule:
    """Parse ``"mon-fri 08:30-17:30"`` (days: mon…sun, ranges, commas, or ``daily``)."""
    m = _HOURS_RE.match(text.lower()) if isinstance(text, str) else None
    if not m:
        raise ValueError(f"opening hours '{text}' should look like 'mon-fri 08:30-17:30'")
    days = _parse_days(m["days"])
    open_min, close_min = _parse_clock(m["open"]), _parse_clock(m["close"])
    if close_min <= open_min:
        raise ValueError(f"opening hours '{text}': closing time must be after opening time")
    return HoursRule(days=days, open_min=open_min, close_min=close_min)


# ---------------------------------------------------------------- menu.yaml

class InfoPage(Strict):
    """The content of an information tile's page."""

    text: Text = Field(description="Body text of the page; blank lines separate paragraphs")
    qr: str | None = Field(None, description="Optional QR code payload, e.g. a URL or a phone number")
    qr_caption: Text | None = Field(None, description="Caption under the QR code")


class Tile(Strict):
    """One tile on the home screen."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]{0,31}$", description="Unique id (lowercase letters, digits, _)")
    flow: str = Field(description=f"The service the tile starts: one of {', '.join(KNOWN_FLOWS)}")
    title: Text = Field(description="Tile title")
    subtitle: Text | None = Field(None, description="Smaller line under the title")
    icon: str = Field("info", description=f"Built-in icon ({', '.join(BUILTIN_ICONS)}) or an image file in the config folder")
    enabled: bool = Field(True, description="false hides the tile")
    hours: list[str] = Field(default_factory=lambda: ["daily 00:00-24:00"],
                             description="Opening hours, e.g. ['mon-fri 08:30-17:30', 'sat 09:00-12:00']; outside them the tile is greyed")
    notice: Text | None = Field(None, description="Optional notice line on the tile")
    order: int = Field(100, description="Tiles are sorted by order, then by their place in the file")
    info: InfoPage | None = Field(None, description="Only for flow: info — the page the tile opens")
    needs: list[Literal["printer", "id_reader", "gas_reader"]] | None = Field(
        None, description="Devices the service cannot work without; while one is unhealthy the tile is greyed "
                          "with the reason (default: the flow's own: the ID card reader, or the gas card reader)")
    prints: bool | None = Field(None, description="The service prints: while the printer is unhealthy the tile "
                                                  "stays open with a notice that printing is not possible (default: "
                                                  "true for the services)")

    @field_validator("flow")
    @classmethod
    def _known_flow(cls, v: str) -> str:
        if v not in KNOWN_FLOWS:
            raise ValueError(f"unknown flow '{v}'{did_you_mean(v, KNOWN_FLOWS)}; known flows: {', '.join(KNOWN_FLOWS)}")
        return v

    @field_validator("hours")
    @classmethod
    def _valid_hours(cls, v: list[str]) -> list[str]:
        if not v:
            raise ValueError("hours must list at least one rule (or leave it out for 24 hours)")
        for rule in v:
            parse_hours_rule(rule)
        return v

    @model_validator(mode="after")
    def _info_matches_flow(self):
        if self.flow == "info" and self.info is None:
            raise ValueError("an info tile needs an 'info' page (text, optional qr)")
        if self.flow != "info" and self.info is not None:
            raise ValueError(f"'info' is only for tiles with flow: info (this tile's flow is {self.flow})")
        return self

    @property
    def required_devices(self) -> tuple[str, ...]:
        if self.needs is not None:
            return tuple(self.needs)
        return FLOW_NEEDS.get(self.flow, ())

    @property
    def uses_printer(self) -> bool:
        return self.prints if self.prints is not None else self.flow in FLOW_NEEDS

    @property
    def hour_rules(self) -> list[HoursRule]:
        return [parse_hours_rule(h) for h in self.hours]

    def is_open(self, moment: datetime) -> bool:
        return any(rule.contains(moment) for rule in self.hour_rules)

    def hours_text(self, lang: str) -> str:
        from kiosk.texts import t

        return t("hours.rule_sep", lang).join(r.describe(lang) for r in self.hour_rules)


class MenuConfig(Strict):
    """menu.yaml: what the home screen offers."""

    notice: Text | None = Field(None, description="Optional notice banner across the home screen")
    tiles: list[Tile] = Field(description="The tiles of the home screen")

    @field_validator("tiles")
    @classmethod
    def _unique_ids(cls, tiles: list[Tile]) -> list[Tile]:
        seen: set[str] = set()
        for t in tiles:
            if t.id in seen:
                raise ValueError(f"duplicate tile id '{t.id}'")
            seen.add(t.id)
        if not any(t.enabled for t in tiles):
            raise ValueError("no tile is enabled: the home screen would be empty")
        return tiles

    def visible_tiles(self) -> list[Tile]:
        indexed = [(t.order, i, t) for i, t in enumerate(self.tiles) if t.enabled]
        return [t for _, _, t in sorted(indexed, key=lambda x: (x[0], x[1]))]

    def tile(self, tile_id: str) -> Tile:
        for t in self.tiles:
            if t.id == tile_id:
                return t
        raise KeyError(tile_id)


# ---------------------------------------------------------------- kiosk.yaml

class Maintenance(Strict):
    """How a technician opens maintenance mode: a hidden gesture, then the PIN."""

    corner: Literal["top_left", "top_right", "bottom_left", "bottom_right"] = Field(
        "top_left", description="The corner to tap")
    taps: int = Field(5, ge=3, le=10, description="How many taps")
    within_seconds: float = Field(3.0, ge=1.0, le=10.0, description="… within this many seconds")
    max_pin_tries: int = Field(5, ge=3, le=10, description="Wrong PINs before entry locks")
    lockout_minutes: int = Field(5, ge=1, le=120, description="How long entry stays locked")


class Timeouts(Strict):
    idle_seconds: int = Field(60, ge=10, le=900, description="Seconds without a touch before the 'need more time?' countdown")
    countdown_seconds: int = Field(30, ge=20, le=120, description="Length of the countdown (at least 20 s)")
    elder_factor: float = Field(1.5, ge=1.0, le=3.0, description="Elder mode multiplies the idle timeout by this")


def _valid_timezone(name: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone '{name}' (e.g. Asia/Shanghai)") from exc
    return name


class ServiceEndpoint(Strict):
    """Where a back-end service answers."""

    url: str = Field("sim", description="Base URL (http://host:port/prefix), or 'sim' for the built-in simulated back end on 127.0.0.1")
    timeout_s: float = Field(8.0, gt=0, le=60, description="Seconds to wait for an answer before telling the resident")


class Services(Strict):
    """The back ends the services talk to."""

    credit: ServiceEndpoint = Field(default_factory=ServiceEndpoint, description="Public credit information service")
    property: ServiceEndpoint = Field(default_factory=ServiceEndpoint, description="Real-estate registry")
    gas_billing: ServiceEndpoint = Field(default_factory=ServiceEndpoint, description="Gas utility billing")
    payment: ServiceEndpoint = Field(default_factory=ServiceEndpoint, description="Payment gateway")


class Voice(Strict):
    """Spoken prompts for the main steps: a recorded sound file per prompt, else a speech engine."""

    enabled: bool = Field(False, description="true: speak a short prompt when a step that deserves it appears")
    volume: int = Field(100, ge=0, le=100, description="Loudness in percent of the recording (or of the engine's "
                                                      "normal voice); the hall's mixer sets the ceiling")
    sounds_dir: str = Field("voice", description="Folder of recorded prompts, one file per prompt and language: "
                                                 "zh/id.place.wav, en/id.place.wav … (relative to the config "
                                                 "folder; `kiosk voice list` names them)")
    engine: Literal["auto", "files", "espeak-ng", "none"] = Field(
        "auto", description="auto: a sound file, else espeak-ng where it is installed; files: sound files only; "
                            "espeak-ng: always the engine (to audition it); none: silent")
    player: str = Field("aplay -q {file}", min_length=1,
                        description="Command that plays one sound file; {file} is its path, {volume} 0-100 "
                                    "(e.g. 'paplay {file}')")
    rate: int = Field(150, ge=80, le=300, description="Speech engine speed in words per minute")
    elder_rate: int = Field(120, ge=60, le=300, description="Speech engine speed in elder mode (a little slower)")

    @field_validator("player")
    @classmethod
    def _player_has_file(cls, v: str) -> str:
        if "{file}" not in v:
            raise ValueError("the player command must contain {file} where the sound file's path goes")
        return v


class Retention(Strict):
    """How long stored data is kept, and how much disk the data folder may use (kiosk/storage/prune.py)."""

    receipts_days: int = Field(30, ge=1, le=3650, description="Stored print jobs (the receipts kept for reprinting) "
                                                            "older than this many days are deleted")
    events_days: int = Field(180, ge=7, le=3650, description="Audit events and kiosk sessions older than this many "
                                                           "days are deleted")
    journal_days: int = Field(365, ge=30, le=3650, description="Settled gas top-ups and their history older than "
                                                             "this many days are deleted (an unfinished top-up "
                                                             "never is)")
    sim_receipts_days: int = Field(7, ge=1, le=3650, description="Receipt images the printer simulator saved in "
                                                               "the data folder older than this many days are "
                                                               "deleted")
    log_max_mb: float = Field(5, ge=0.1, le=500, description="The log file is rotated at this size (MB)")
    log_files: int = Field(5, ge=1, le=50, description="Rotated log files kept besides the current one")
    max_data_mb: float = Field(2048, ge=1, description="Disk use of the data folder (MB) above which the oldest "
                                                     "data is deleted before its time, down to keep_days; above "
                                                     "it still, a warning is logged and audited")
    keep_days: int = Field(30, ge=1, le=365, description="Nothing newer than this many days is deleted to stay "
                                                      "under max_data_mb: the audit of these days stays")
    prune_hour: int = Field(3, ge=0, le=23, description="The daily pruning runs at the first check after this "
                                                      "hour (and once at every start)")

    @model_validator(mode="after")
    def _keep_within_limits(self):
        if self.events_days < self.keep_days or self.journal_days < self.keep_days:
            raise ValueError(f"events_days and journal_days must be at least keep_days ({self.keep_days}): "
                             "the audit of the last keep_days is never deleted")
        return self


class KioskSettings(Strict):
    """kiosk.yaml: the terminal itself."""

    terminal_id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9\-]{0,31}$", description="Terminal id printed on every receipt")
    hall_name: Text = Field(description="Name of the hall, shown in the header and on the attract screen")
    default_language: Literal["zh", "en"] = Field("zh", description="Language a session starts in")
    timezone: str = Field("Asia/Shanghai", description="Time zone of the clock on screen and on paper (IANA name)")
    timeouts: Timeouts = Field(default_factory=Timeouts, description="Idle timeouts")
    data_dir: str = Field("../var", description="Folder for the database, logs and receipts (relative to the config folder)")
    database_url: str | None = Field(None, description="SQLAlchemy URL; default: a SQLite file in data_dir")
    help_hotline: str = Field(pattern=r"^[0-9\- ]{3,20}$", description="Hotline shown in the footer")
    technician_pin_hash: str = Field(pattern=r"^pbkdf2_sha256\$\d+\$[0-9a-f]+\$[0-9a-f]{64}$",
                                     description="Technician PIN as a salted hash: make one with `kiosk config hash-pin`")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field("INFO", description="Log level")

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        return _valid_timezone(v)
    audit_key: str = Field(pattern=r"^[0-9a-fA-F]{32,128}$",
                           description="Secret (hex) for the keyed hash that stands in for ID numbers in the audit; never logged")
    verify_url: str = Field("https://xy.xianning.gov.cn/verify", description="Base of the verification URL printed as a QR code")
    einvoice_url: str = Field("https://fp.xngas.com.cn/einvoice", description="Base of the e-invoice URL on gas receipts (QR)")
    services: Services = Field(default_factory=Services, description="Back-end services")
    maintenance: Maintenance = Field(default_factory=Maintenance, description="Entry to maintenance mode")
    device_check_seconds: int = Field(30, ge=5, le=600, description="How often the devices' health is checked")
    voice: Voice = Field(default_factory=Voice, description="Spoken prompts (off by default)")
    retention: Retention = Field(default_factory=Retention, description="How long data is kept and the "
                                                                        "data folder's disk bound")


# ---------------------------------------------------------------- devices.yaml

class PrinterOptions(Strict):
    paper: Literal["80mm", "58mm"] = Field("80mm", description="Paper width profile")
    native_qr: bool = Field(True, description="Use the printer's QR commands (false: print QR as an image)")
    status_timeout_ms: int = Field(300, ge=50, le=5000, description="How long to wait for a status byte")


class IdReaderOptions(Strict):
    poll_interval_ms: int = Field(500, ge=100, le=5000, description="How often to look for a card")


class GasReaderOptions(Strict):
    address: int = Field(0, ge=0, le=255, description="Reader address on the line")
    utility_key: str = Field("", pattern=r"^([0-9a-fA-F]{32,128})?$",
                             description="Secret utility key (hex) the card passwords derive from; never logged")
    poll_interval_ms: int = Field(500, ge=100, le=5000, description="How often to look for a card")
    test_card_prefix: str = Field("42129999", pattern=r"^\d{4,16}$",
                                  description="Card numbers of the utility's test cards: only these may be written "
                                              "by the maintenance write test")


_OPTIONS = {"printer": PrinterOptions, "id_reader": IdReaderOptions, "gas_reader": GasReaderOptions}


class DeviceConfig(Strict):
    """One device: which driver, on which port."""

    driver: str = Field(description="Driver name")
    port: str = Field(min_length=1, description="pyserial URL (socket://, spy://, loop://), a device path, or 'sim' for the built-in simulator")
    baudrate: int = Field(115200, description="Line speed")
    enabled: bool = Field(True, description="false: the kiosk runs without this device")
    options: dict[str, Any] = Field(default_factory=dict, description="Driver options")

    @field_validator("baudrate")
    @classmethod
    def _std_baud(cls, v: int) -> int:
        if v not in (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400):
            raise ValueError(f"{v} is not a standard baud rate")
        return v

    @property
    def simulated(self) -> bool:
        return self.port == "sim"


class DevicesConfig(Strict):
    """devices.yaml: the kiosk's devices."""

    printer: DeviceConfig | None = None
    id_reader: DeviceConfig | None = None
    gas_reader: DeviceConfig | None = None

    @model_validator(mode="after")
    def _drivers_known(self):
        for name, allowed in DEVICE_DRIVERS.items():
            dev = getattr(self, name)
            if dev is None:
                continue
            if dev.driver not in allowed:
                raise ValueError(f"{name}: unknown driver '{dev.driver}'{did_you_mean(dev.driver, allowed)}")
        return self

    def options(self, name: str):
        """The typed options of device ``name``."""
        dev = getattr(self, name)
        return _OPTIONS[name](**(dev.options if dev else {}))

    def items(self):
        for name in DEVICE_DRIVERS:
            dev = getattr(self, name)
            if dev is not None:
                yield name, dev


class KioskConfig(BaseModel):
    """Everything loaded from a config folder."""

    model_config = ConfigDict(arbitrary_types_allowed=True, frozen=True)

    directory: str
    kiosk: KioskSettings
    menu: MenuConfig
    devices: DevicesConfig

    @property
    def data_dir(self) -> str:
        import os
        d = os.path.expanduser(self.kiosk.data_dir)
        return os.path.normpath(d if os.path.isabs(d) else os.path.join(self.directory, d))

    @property
    def database_url(self) -> str:
        import os
        return self.kiosk.database_url or f"sqlite:///{os.path.join(self.data_dir, 'kiosk.db')}"


__all__ = ["KNOWN_FLOWS", "DEVICE_DRIVERS", "Text", "Tile", "MenuConfig", "KioskSettings", "DevicesConfig",
           "DeviceConfig", "KioskConfig", "PrinterOptions", "IdReaderOptions", "GasReaderOptions",
           "parse_hours_rule", "did_you_mean", "time"]
