"""``specbias simulate KIND ...``: kinds are discovered from :mod:`derivations.simulations`."""

from __future__ import annotations

import importlib
import pkgutil


def register(sub):
    from .. import simulations

    p = sub.add_parser("simulate", help="run a simulation (kernel or adaptive regime)")
    kinds = p.add_subparsers(dest="kind", metavar="KIND")
    kinds.required = True
    for info in sorted(pkgutil.iter_modules(simulations.__path__), key=lambda m: m.name):
        mod = importlib.import_module(f"{simulations.__name__}.{info.name}")
        if hasattr(mod, "register"):
            mod.register(kinds)
