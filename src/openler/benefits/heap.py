"""Freed memory kept for the next batch (glibc's allocator).

One batch of a few thousand households allocates and frees a few hundred megabytes of
arrays. By default glibc returns freed memory at the top of its heap to the system as soon
as it exceeds a threshold it adjusts itself (a few megabytes here), so the next batch gets
the same memory back page by page: on the benchmark's 2,000-household batches those page
faults cost as much CPU time as all the arithmetic. :func:`keep_freed_memory` fixes the
thresholds instead: allocations under 32 MB come from the heap, and up to 256 MB freed at its
top is kept for the next batch (that much may stay allocated to the process after a large
batch). Done once per process, for large batches only (the engine calls it); nothing is done
with another C library.
"""

from __future__ import annotations

import platform

# mallopt(3) parameters (malloc.h).
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 32 << 20
TRIM_THRESHOLD = 256 << 20

_done: list[bool] = []


def keep_freed_memory() -> bool:
    """Ask glibc to keep freed memory for reuse (see the module's docstring); True if set."""
    if not _done:
        _done.append(_set())
    return _done[0]


def _set() -> bool:
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return False
    import ctypes  # here: a small sweep never needs it (start-up time)
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return bool(
            libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)
            and libc.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD)
        )
    except (OSError, AttributeError):
        return False
