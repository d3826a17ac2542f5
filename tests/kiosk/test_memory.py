"""Between residents the kiosk hands freed heap pages back to the system (glibc malloc_trim)."""

import ctypes
import platform

import pytest

from kiosk.memory import release_free_memory


def _rss_kb() -> int:
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:"))


@pytest.mark.skipif(platform.system() != "Linux" or platform.libc_ver()[0] != "glibc", reason="glibc only")
def test_freed_pages_in_the_middle_of_the_heap_go_back_to_the_system():
    libc = ctypes.CDLL("libc.so.6")
    libc.malloc.restype = ctypes.c_void_p
    libc.malloc.argtypes = [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    chunk = 64 * 1024  # under glibc's mmap threshold: these live in the heap proper
    blocks = [libc.malloc(chunk) for _ in range(1000)]
    for b in blocks:
        ctypes.memset(b, 1, chunk)  # resident
    kept = blocks[9::10]  # a live block every 640 KB: glibc cannot give the free ones back on its own
    for b in blocks:
        if b not in kept:
            libc.free(b)
    try:
        before = _rss_kb()
        assert release_free_memory() is not None
        after = _rss_kb()
        assert before - after > 30 * 1024, (before, after)
    finally:
        for b in kept:
            libc.free(b)
