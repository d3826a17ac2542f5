"""Handing freed memory back to the system between residents (glibc's malloc_trim).

A session builds and drops thousands of small C++ and Python objects; glibc keeps the freed pages for
reuse, and over a day the free-but-kept part of the heap grows with fragmentation (the soak saw 5 → 9 MB
in 1,000 sessions, and ~11 MB returned by one trim). The kiosk runs for months, so once a resident has
gone it asks glibc to return what it does not use. Elsewhere (musl, macOS) this does nothing.
"""

from __future__ import annotations

import functools
import logging
import time

log = logging.getLogger("kiosk.memory")


@functools.cache
def _malloc_trim():
    import ctypes  # here: ~2 MB the first screen does not need
    try:
        trim = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def release_free_memory() -> float | None:
    """Return the C heap's free pages to the system; the seconds it took, or None where there is no glibc."""
    trim = _malloc_trim()
    if trim is None:
        return None
    t0 = time.perf_counter()
    trim(0)
    took = time.perf_counter() - t0
    log.debug("free memory handed back in %.1f ms", took * 1000)
    return took
