"""Logging: per-subsystem loggers under ``kiosk.*`` to a rotating file in the data dir and to stderr."""

from __future__ import annotations

import logging
import logging.handlers
import os

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


def setup_logging(data_dir: str | None, level: str = "INFO", *, max_mb: float = 5, files: int = 5) -> str | None:
    """Attach handlers to the ``kiosk`` logger (never the root logger). Returns the log file path.

    The file rotates at ``max_mb`` keeping ``files`` old ones (kiosk.yaml retention: log_max_mb, log_files).
    """
    logger = logging.getLogger("kiosk")
    logger.setLevel(level)
    logger.propagate = False
    for h in list(logger.handlers):
        if getattr(h, "_kiosk", False):
            logger.removeHandler(h)
            h.close()
    stream = logging.StreamHandler()
    stream.setFormatter(logging.Formatter(FORMAT))
    stream._kiosk = True
    logger.addHandler(stream)
    path = None
    if data_dir:
        log_dir = os.path.join(data_dir, "logs")
        os.makedirs(log_dir, exist_ok=True)
        path = os.path.join(log_dir, "kiosk.log")
        fh = logging.handlers.RotatingFileHandler(path, maxBytes=int(max_mb * 1024 * 1024),
                                                  backupCount=files, encoding="utf-8")
        fh.setFormatter(logging.Formatter(FORMAT))
        fh._kiosk = True
        logger.addHandler(fh)
    return path
