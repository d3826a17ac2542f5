"""Staff-edited configuration: schema, loading with file/line problems, and checking."""

from kiosk.config.loader import Problem, check_config, load_config, load_menu, default_config_dir
from kiosk.config.schema import DevicesConfig, DeviceConfig, KioskSettings, MenuConfig, Tile, KioskConfig

__all__ = [
    "Problem", "check_config", "load_config", "load_menu", "default_config_dir",
    "DevicesConfig", "DeviceConfig", "KioskSettings", "MenuConfig", "Tile", "KioskConfig",
]
