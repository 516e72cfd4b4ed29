"""Checks for ``specbias verify``.

Every module here defines ``collect(activations, dims)`` returning a list of :class:`CheckRow`
(``activations`` is a list of activation specs, ``dims`` a list of ints).  Modules are discovered,
so a new family of checks is a new file.

Parallel runs (``specbias verify --jobs N``, :func:`run_checks`): a module may also define
``units(activations, dims)``, a list of ``(activation spec or None, key)`` pairs, and
``run_unit(key, dims)`` returning the rows of one unit, such that the concatenation of the units'
rows in list order is exactly ``collect(activations, dims)``.  A module without ``units`` is one
unit.  All the units of one activation (across modules) form one task, run in one process, so
whatever a row derives for that activation (σ̂ by the theory engine, the numeric transform, the
seminorm spectrum: all cached per activation) is derived once; the activation-independent units
are tasks of their own.  The rows come back in module order, then unit order, for any number of
jobs.
"""

from __future__ import annotations

import importlib
import math
import pkgutil
from dataclasses import asdict, dataclass, field


@dataclass
class CheckRow:
    check: str
    activation: str | None
    dim: int | None
    routes: list
    max_rel_err: float
    tolerance: float
    points: int = 0
    detail: str = ""
    passed: bool = field(default=None)

    def __post_init__(self):
        if self.passed is None:
            self.passed = bool(math.isfinite(self.max_rel_err) and self.max_rel_err <= self.tolerance)

    def to_json(self) -> dict:
        d = asdict(self)
        if not math.isfinite(d["max_rel_err"]):
            d["max_rel_err"] = None
        return d


def discover():
    mods = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        mod = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(mod, "collect"):
            mods.append(mod)
    return mods


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


def _run_task(args):
    task, activations, dims = args
    mods = discover()
    out = []
    for mi, ui, key in task:
        mod = mods[mi]
        rows = mod.run_unit(key, dims) if hasattr(mod, "units") else mod.collect(activations, dims)
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
