"""Handing freed memory back to the system between residents (glibc's malloc_trim).

A session builds and drops thousands of small C++ and Python objects; glibc keeps the freed pages for
reuse, and over a day the free-but-kept part of the heap grows with fragmentation (the soak saw 5 → 9 MB
in 1,000 sessions, and ~11 MB returned by one trim). The kiosk runs for months, so once a resident has
gone it asks glibc to return what it does not use. Elsewhere (musl, macOS) this does nothing.

It also keeps glibc's mmap threshold where it starts (128 KB). By default glibc raises the threshold to the
size of every large mapped block freed (up to 32 MB): after the first screen-sized image is freed, every
buffer under that size is carved from the heap, and the heap fragments around what outlives it.
"""

from __future__ import annotations

import functools
import logging
import time

log = logging.getLogger("kiosk.memory")


M_MMAP_THRESHOLD = -3  # mallopt's parameter number (malloc.h)
MMAP_THRESHOLD = 128 * 1024  # glibc's starting value: larger blocks are mapped, and unmapped when freed


@functools.cache
def _libc_function(name: str, argtypes: tuple, restype):
    import ctypes  # here: ~2 MB the first screen does not need
    try:
        fn = getattr(ctypes.CDLL("libc.so.6"), name)
    except (OSError, AttributeError):
        return None
    fn.argtypes = list(argtypes)
    fn.restype = restype
    return fn


def _malloc_trim():
    import ctypes
    return _libc_function("malloc_trim", (ctypes.c_size_t,), ctypes.c_int)


_MALLINFO2_FIELDS = ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
                     "fordblks", "keepcost")


@functools.cache
def _mallinfo2():
    import ctypes

    class MallInfo2(ctypes.Structure):
        _fields_ = [(name, ctypes.c_size_t) for name in _MALLINFO2_FIELDS]

    return _libc_function("mallinfo2", (), MallInfo2)


def heap_info() -> dict | None:
    """glibc's own account of the C heap (mallinfo2's fields, in bytes and blocks); None without glibc.

    For the soak and the memory tests: ``uordblks + hblkhd`` is in use, ``fordblks`` is free but kept
    (fragmentation), ``hblks`` counts the blocks mapped on their own."""
    fn = _mallinfo2()
    if fn is None:
        return None
    mi = fn()
    return {name: getattr(mi, name) for name in _MALLINFO2_FIELDS}


def keep_mmap_threshold(size: int = MMAP_THRESHOLD) -> bool:
    """Fix glibc's mmap threshold at ``size`` for the process's life; False where there is no glibc."""
    import ctypes
    mallopt = _libc_function("mallopt", (ctypes.c_int, ctypes.c_int), ctypes.c_int)
    if mallopt is None or mallopt(M_MMAP_THRESHOLD, size) != 1:
        return False
    log.info("mmap threshold kept at %d KB", size // 1024)
    return True


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
