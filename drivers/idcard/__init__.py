"""The second-generation ID card reader (a GA 467 SAM on a serial line): driver, poller, simulator."""

from drivers.idcard.driver import SamReader, open_id_reader
from drivers.idcard.identity import Identity, mask_id, mask_name

__all__ = ["SamReader", "open_id_reader", "Identity", "mask_id", "mask_name"]
