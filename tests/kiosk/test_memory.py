"""Between residents the kiosk hands freed heap pages back to the system (glibc malloc_trim), and big
buffers freed do not send the next mid-sized ones to the heap (a fixed mmap threshold)."""

import ctypes
import json
import platform
import subprocess
import sys
from pathlib import Path

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


_MAPPED_AFTER_A_BIG_FREE = """
import ctypes, json, sys
from kiosk.memory import heap_info, keep_mmap_threshold

libc = ctypes.CDLL("libc.so.6")
libc.malloc.restype, libc.malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
libc.free.argtypes = [ctypes.c_void_p]
heap_info()  # its first call loads mallinfo2; not inside the measurement

def mapped_256k():
    libc.free(libc.malloc(8 << 20))  # a screen-sized image, mapped, then freed
    before = heap_info()["hblks"]
    block = libc.malloc(256 << 10)
    mapped = heap_info()["hblks"] == before + 1
    libc.free(block)
    return mapped

kept = sys.argv[1] == "keep" and keep_mmap_threshold()
print(json.dumps({"kept": kept, "mapped": mapped_256k()}))
"""


@pytest.mark.skipif(platform.system() != "Linux" or platform.libc_ver()[0] != "glibc", reason="glibc only")
def test_a_big_block_freed_no_longer_sends_the_next_mid_sized_buffers_to_the_heap():
    def fresh_interpreter(how):  # the threshold, once fixed, stays fixed for the process's life
        run = subprocess.run([sys.executable, "-c", _MAPPED_AFTER_A_BIG_FREE, how], capture_output=True,
                             text=True, check=True, cwd=Path(__file__).resolve().parents[2])
        return json.loads(run.stdout)

    assert fresh_interpreter("default") == {"kept": False, "mapped": False}  # glibc raised its threshold
    assert fresh_interpreter("keep") == {"kept": True, "mapped": True}
