"""An exclusive lock between processes, held on a file beside the store.

Used so that several processes opening one brand-new SQLite store migrate it once:
MLflow's own migration is not safe when run by two processes at the same time.
"""

from __future__ import annotations

import os
import time
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def file_lock(path: str | Path, timeout: float = 120.0):
    """Hold an exclusive lock on `path` (created if missing) for the `with` block."""
    with open(path, "a+b") as handle:
        _acquire(handle, timeout)
        try:
            yield
        finally:
            _release(handle)


if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _acquire(handle, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"could not lock {handle.name} within {timeout:g} s") from None
                time.sleep(0.05)

    def _release(handle) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _acquire(handle, timeout: float) -> None:
        # Non-blocking attempts in a loop, so that a stuck holder gives an error, not a hang.
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"could not lock {handle.name} within {timeout:g} s") from None
                time.sleep(0.02)

    def _release(handle) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
