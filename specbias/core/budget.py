"""Time budgets for symbolic computations: one mechanism for the whole package.

``with budget(seconds, step="..."):`` runs the block in the *calling* thread; a watchdog thread
interrupts it when the deadline passes by raising an asynchronous exception in that thread
(CPython's ``PyThreadState_SetAsyncExc``), and the block ends in a clean
:class:`~specbias.core.errors.Timeout` naming the step that was running (see :func:`step`).

Why this design (and not SIGALRM or a subprocess):

* SIGALRM exists only on POSIX and only interrupts the main thread; the budget must work in
  worker threads (``verify --jobs``, notebooks, servers) and on every platform.
* A subprocess would have to pickle SymPy expressions and results back and forth and pay an
  interpreter start (~1 s with SymPy) for every derivation.
* SymPy is pure Python, so the interpreter checks for pending asynchronous exceptions between
  bytecodes; the exception arrives within microseconds unless a single C call runs long (big
  integer arithmetic).  Those are prevented at the source: the parser bounds exponents and
  numbers (:mod:`specbias.core.parse`).

The interrupt is a :class:`BaseException` subclass (not ``Exception``), so SymPy's many
``except Exception`` clauses cannot swallow it; as a second line of defence the watchdog re-raises
it (after ``RERAISE_FIRST`` s, then less often) until the block has exited: code that swallows one
interrupt (a bare ``except:``, a ``finally`` that loops) gets the next.  The watchdog never
interrupts the budget's own ``__exit__`` (whose cleanup also survives an interrupt that lands in it),
and it stops, dropping its deadline, if the block was left without ``__exit__`` completing.  Budgets
nest: an inner budget never outlives the outer one, and each budget converts only its own
interrupt.

A process that must end whatever happens (the command line) passes ``hard_exit=``: if the block
has still not exited ``GRACE_SECONDS`` after its deadline (a single C call that never returns),
the watchdog prints the Timeout message and ends the process with that exit code.
"""

from __future__ import annotations

import contextlib
import ctypes
import threading
import time

from .errors import Timeout

__all__ = ["budget", "step", "current_step", "remaining", "is_interrupt", "DEFAULT_SECONDS", "GRACE_SECONDS"]

#: default budget of one command (seconds); the CLI's --timeout overrides it
DEFAULT_SECONDS = 60.0

#: how long after its deadline a ``hard_exit`` budget waits for the block to exit
GRACE_SECONDS = 10.0

#: after the first interrupt the watchdog waits this long before the next one, then twice as long
#: each time up to RERAISE_MAX (seconds)
RERAISE_FIRST = 1.0
RERAISE_MAX = 4.0

_local = threading.local()


class _Expired(BaseException):
    """Raised asynchronously in the budgeted thread (one subclass per budget)."""


def is_interrupt(exc: BaseException) -> bool:
    """Whether ``exc`` is a budget's interrupt that escaped its budget (a last line of defence for
    entry points: report it as a timeout, never as a traceback)."""
    return isinstance(exc, _Expired)


def _steps() -> list:
    st = getattr(_local, "steps", None)
    if st is None:
        st = _local.steps = []
    return st


def _deadlines() -> list:
    d = getattr(_local, "deadlines", None)
    if d is None:
        d = _local.deadlines = []
    return d


def current_step() -> str:
    st = _steps()
    return st[-1] if st else "start"


@contextlib.contextmanager
def step(name: str):
    """Name the step that is running (for the Timeout message)."""
    st = _steps()
    st.append(name)
    try:
        yield
    finally:
        st.pop()


def remaining() -> float | None:
    """Seconds left in the innermost budget of this thread (None without a budget)."""
    d = _deadlines()
    return None if not d else max(0.0, min(d) - time.monotonic())


def _set_async_exc(thread_id: int, exc) -> int:
    return ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(exc))


def _absorb(exc_type) -> None:
    """Let a pending interrupt of type ``exc_type`` arrive now, and drop it.

    The interrupt is delivered at the interpreter's next eval-breaker check, which every backward
    jump makes, so a few loop iterations receive it.  (Clearing it with
    ``PyThreadState_SetAsyncExc(tid, NULL)`` instead is unsafe: CPython 3.11 then leaves the eval
    breaker signalled with nothing to deliver, and under a tracer such as coverage.py the next
    function call spins forever at its RESUME instruction.)  An outer budget's interrupt is not
    caught here: it goes on to its owner."""
    try:
        for _ in range(64):
            pass
    except exc_type:
        pass


class budget:
    """Context manager: a time budget of ``seconds`` for the enclosed block (None: no budget).

    On expiry the block ends with :class:`Timeout` whose ``step`` is the innermost step that was
    running (:func:`step`), or ``name`` if no step was named.
    """

    def __init__(self, seconds: float | None, name: str = "computation", *, hard_exit: int | None = None):
        self.seconds = None if seconds is None else float(seconds)
        self.name = name
        self.hard_exit = hard_exit

    def __enter__(self):
        self._exc = type("_ExpiredBudget", (_Expired,), {})
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._fired = False
        self._step_at_fire = None
        self._tid = threading.get_ident()
        if self.seconds is None:
            self._watch = None
            return self
        if self.seconds <= 0:
            raise Timeout(f"time budget of {self.seconds:g} s exhausted before {self.name}", step=self.name)
        outer = remaining()
        self._deadline = time.monotonic() + (self.seconds if outer is None else min(self.seconds, outer + 0.05))
        _deadlines().append(self._deadline)
        self._deadlines_ref = _deadlines()
        self._steps_ref = _steps()
        import sys

        self._frame = sys._getframe(1)  # the frame running the with statement
        self._entered = False
        self._watch = threading.Thread(target=self._watchdog, name="specbias-budget", daemon=True)
        self._watch.start()
        self._entered = True  # from here on an interrupt lands inside the with statement
        return self

    def _watchdog(self):
        wait = self._deadline - time.monotonic()
        if self._done.wait(max(0.0, wait)):
            return
        fired_at = None
        interval = RERAISE_FIRST
        while True:
            with self._lock:
                if self._done.is_set():
                    return
                where = self._where() if self._entered else "entering"
                if where in ("entering", "exiting"):
                    pass  # inside __enter__ or __exit__: never interrupt those (the next round will)
                elif where == "gone" and fired_at is not None:
                    # the block was left without __exit__ completing: stop, and drop this budget's
                    # deadline so that later budgets of the thread are not cut short by it
                    self._done.set()
                    _discard(self._deadlines_ref, self._deadline)
                    return
                else:
                    if not self._fired:
                        self._fired = True
                        self._step_at_fire = self._steps_ref[-1] if self._steps_ref else self.name
                    _set_async_exc(self._tid, self._exc)
                    if fired_at is None:
                        fired_at = time.monotonic()
            # a block that received its interrupt unwinds within milliseconds; only code that
            # swallowed it is still running when the next one comes
            if self._done.wait(interval if fired_at is not None else 0.01):
                return
            if fired_at is not None:
                interval = min(2 * interval, RERAISE_MAX)
            if self.hard_exit is not None and fired_at is not None and time.monotonic() - fired_at > GRACE_SECONDS:
                import os
                import sys

                where = self._step_at_fire or self.name
                sys.stderr.write(f"specbias: error: time budget of {self.seconds:g} s exceeded during step "
                                 f"'{where}' (the step did not stop; process ended)\n")
                sys.stderr.flush()
                os._exit(self.hard_exit)

    def _where(self) -> str:
        """'exiting' (the thread runs this budget's __exit__), 'inside' (the frame of the with
        statement is on the thread's stack) or 'gone'."""
        import sys

        f = sys._current_frames().get(self._tid)
        exit_code = budget.__exit__.__code__
        while f is not None:
            if f.f_code is exit_code and f.f_locals.get("self") is self:
                return "exiting"
            if f is self._frame:
                return "inside"
            f = f.f_back
        return "gone"

    def __exit__(self, exc_type, exc, tb):
        if self._watch is None:
            return False
        pending = None
        while True:
            try:
                result = self._finish(exc_type)
            except _Expired as late:
                # an interrupt that arrived while exiting: this budget's own (the block is over:
                # dropped), or an outer budget's, which goes on to its owner after the cleanup
                if not isinstance(late, self._exc):
                    pending = late
                continue
            except Timeout:
                if pending is not None:
                    raise pending from None
                raise
            if pending is not None:
                raise pending
            return result

    def _finish(self, exc_type):
        """The cleanup of __exit__; safe to run again if an interrupt cut it short."""
        with self._lock:
            self._done.set()  # from here on the watchdog sends nothing
        if self._fired and not (exc_type is not None and issubclass(exc_type, self._exc)):
            _absorb(self._exc)  # an interrupt sent but not yet delivered arrives here, not later
        self._watch.join()
        if self._frame is not None:
            _discard(_deadlines(), self._deadline)
            self._frame = None
        if exc_type is not None and issubclass(exc_type, self._exc):
            where = self._step_at_fire or self.name
            raise Timeout(f"time budget of {self.seconds:g} s exceeded during step '{where}'", step=where) from None
        # otherwise: no interrupt, another budget's interrupt (propagates to its owner), or the
        # block finished just as the deadline passed (the result stands)
        return False


def _discard(lst: list, value) -> None:
    """Remove the last occurrence of ``value`` from ``lst`` (no error if absent)."""
    for i in range(len(lst) - 1, -1, -1):
        if lst[i] == value:
            del lst[i]
            return
