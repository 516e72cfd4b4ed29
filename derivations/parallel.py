"""Process-pool helpers for ``specbias verify`` and ``specbias build`` (``--jobs``).

Work is split into independent tasks that are run in worker processes; results come back in the
order of the tasks, whatever order the workers finish in, so the output is the same for every
number of jobs.  ``jobs = 1`` runs everything in this process (no pool).  The pool uses the
``fork`` start method where the platform has it (the workers inherit the imported SymPy/SciPy
modules, no re-import per worker) and ``spawn`` elsewhere.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from specbias.core.errors import InputError

__all__ = ["default_jobs", "check_jobs", "map_ordered"]


def default_jobs() -> int:
    """The number of cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - non-Linux
        return max(1, os.cpu_count() or 1)


def check_jobs(jobs) -> int:
    """``None`` -> all cores; else a positive integer (InputError otherwise)."""
    if jobs is None:
        return default_jobs()
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise InputError(f"--jobs must be a positive integer, got {jobs!r}")
    return jobs


def _context():
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def map_ordered(fn, items, jobs: int = 1, *, order=None, on_done=None) -> list:
    """[fn(item) for item in items], computed by ``jobs`` worker processes.

    ``order`` (optional) is the list of indices in which tasks are *submitted* (longest first
    balances the load); the result list is always in the order of ``items``.  ``on_done(i)`` is
    called in this process as task i finishes (progress bars).  ``fn`` must be a module-level
    function and the items picklable.  An exception in a task is re-raised here."""
    items = list(items)
    jobs = check_jobs(jobs)
    if jobs == 1 or len(items) <= 1:
        out = []
        for i, it in enumerate(items):
            out.append(fn(it))
            if on_done is not None:
                on_done(i)
        return out
    order = list(range(len(items))) if order is None else list(order)
    if sorted(order) != list(range(len(items))):
        raise ValueError("order must be a permutation of the task indices")
    results: list = [None] * len(items)
    with ProcessPoolExecutor(max_workers=min(jobs, len(items)), mp_context=_context()) as pool:
        futures = {pool.submit(fn, items[i]): i for i in order}
        pending = set(futures)
        from concurrent.futures import FIRST_COMPLETED, wait

        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for f in done:
                i = futures[f]
                results[i] = f.result()
                if on_done is not None:
                    on_done(i)
    return results
