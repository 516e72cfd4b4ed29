"""Checks for ``specbias verify``.

Every module here defines ``collect(activations, dims)`` returning a list of
:class:`~specbias.core.records.Comparison` (``activations`` is a list of activation specs, ``dims``
a list of ints).  The modules are listed in :data:`CHECKS`: a new family of checks is a new file
and one line there.

Parallel runs (``specbias verify --jobs N``, :func:`run_checks`): a module may also define
``units(activations, dims)``, a list of ``(activation spec or None, key)`` pairs, and
``run_unit(key, dims)`` returning the rows of one unit, such that the concatenation of the units'
rows in list order is exactly ``collect(activations, dims)``.  A module without ``units`` is one
unit.  All the units of one activation (across modules) form one task, run in one process, so
whatever a row derives for that activation (σ̂ by the theory engine, the numeric transform, the
seminorm spectrum: all cached per activation) is derived once; the activation-independent units
are tasks of their own.  The rows come back in module order, then unit order, for any number of
jobs.  A unit that raises becomes one failed row (never a traceback).
"""

from __future__ import annotations

import importlib

from specbias.core.records import Comparison

#: The record of one row of ``specbias verify`` (the shared comparison record).
CheckRow = Comparison

#: The check modules, in the order ``specbias verify`` runs them.
CHECKS = [
    "radon",
    "reparam",
    "seminorm",
    "transforms",
]


def discover():
    """The check modules of :data:`CHECKS`, imported."""
    return [importlib.import_module(f"{__name__}.{name}") for name in CHECKS]


def plan(activations, dims):
    """(modules, tasks): tasks is a list of lists of (module index, unit index, key)."""
    mods = discover()
    groups: dict = {}
    singles = []
    for mi, mod in enumerate(mods):
        units = mod.units(activations, dims) if hasattr(mod, "units") else [(None, None)]
        for ui, (act, key) in enumerate(units):
            if act is None:
                singles.append([(mi, ui, key)])
            else:
                groups.setdefault(act, []).append((mi, ui, key))
    # activation tasks first (they are the long ones), in the order given
    return mods, list(groups.values()) + singles


def _failed_row(mod, activations, exc):
    from specbias.core.errors import SpecbiasError

    name = mod.__name__.rsplit(".", 1)[-1]
    detail = (f"{type(exc).__name__}: {exc}" if isinstance(exc, SpecbiasError)
              else f"could not run ({type(exc).__name__}: {str(exc)[:200]})")
    return CheckRow(name, ",".join(activations), None, [], float("nan"), 0.0, detail=detail, passed=False)


def _run_task(args):
    task, activations, dims = args
    mods = discover()
    out = []
    for mi, ui, key in task:
        mod = mods[mi]
        try:
            rows = mod.run_unit(key, dims) if hasattr(mod, "units") else mod.collect(activations, dims)
        except Exception as exc:  # noqa: BLE001 - a check that cannot run is a failed row
            rows = [_failed_row(mod, activations, exc)]
        out.append((mi, ui, rows))
    return out


def run_checks(activations, dims, jobs: int = 1, on_done=None) -> list:
    """All rows of every module, in module then unit order; ``jobs`` worker processes."""
    from specbias.derivations.parallel import map_ordered

    mods, tasks = plan(list(activations), list(dims))
    results = map_ordered(_run_task, [(t, list(activations), list(dims)) for t in tasks], jobs,
                          on_done=on_done)
    placed = {}
    for res in results:
        for mi, ui, rows in res:
            placed[(mi, ui)] = rows
    rows = []
    for key in sorted(placed):
        rows.extend(placed[key])
    return rows
