"""A sender asked to stop (SIGTERM from systemd, a worker shutting down) finishes the message
in hand, hands its other claimed rows back and returns, instead of dying mid-delivery.

Prefect's flow engine turns SIGTERM into an exception wherever the code is (possibly between
an SMTP server's "250 OK" and the row being marked sent); while `graceful()` is active the
first SIGTERM only sets a flag the sender checks between messages, and a second one is
passed on to the previous handler (Prefect's, or the default: exit at once).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

_requested = threading.Event()


def stop_requested() -> bool:
    return _requested.is_set()


@contextmanager
def graceful() -> Iterator[None]:
    """Within this block the first SIGTERM asks the sender to stop after the current message."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set in the main thread
        return
    previous: Any = signal.getsignal(signal.SIGTERM)

    def handle(signum: int, frame: FrameType | None) -> None:
        if not _requested.is_set():
            _requested.set()
            return
        if callable(previous):
            previous(signum, frame)
        elif previous != signal.SIG_IGN:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.raise_signal(signal.SIGTERM)

    _requested.clear()
    signal.signal(signal.SIGTERM, handle)
    try:
        yield
    finally:
        # The run ends normally (its report says it stopped early); the process exits then.
        signal.signal(signal.SIGTERM, previous)
