"""Checks for ``specbias verify``.

Every module here defines ``collect(activations, dims)`` returning a list of :class:`CheckRow`
(``activations`` is a list of activation specs, ``dims`` a list of ints).  Modules are discovered,
so a new family of checks is a new file.
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
