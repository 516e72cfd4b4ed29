"""One time limit for calls that may not finish (SymPy's own transforms, for instance)."""

from __future__ import annotations

import signal
import threading

__all__ = ["TimeLimitExceeded", "time_limit"]


class TimeLimitExceeded(TimeoutError):
    """The call did not finish within its time limit."""


class time_limit:
    """``with time_limit(seconds): ...`` raises :class:`TimeLimitExceeded` (a TimeoutError) when the
    block runs longer than ``seconds`` (a whole number >= 1).

    SIGALRM-based: active in the main thread on POSIX only; elsewhere (threads, Windows) the block
    runs without a limit, and ``active`` says which case applies."""

    def __init__(self, seconds: int):
        self.seconds = max(1, int(seconds))
        self.active = False

    def __enter__(self):
        self.active = hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()
        if self.active:
            def handler(*_):
                raise TimeLimitExceeded(f"did not finish within {self.seconds} s")

            self._old = signal.signal(signal.SIGALRM, handler)
            signal.alarm(self.seconds)
        return self

    def __exit__(self, *exc):
        if self.active:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, self._old)
        return False
