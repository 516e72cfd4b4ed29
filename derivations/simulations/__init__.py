"""The simulations of ``specbias simulate KIND``: one module per kind, each defining
``register(subparsers)``.

:data:`SIMULATIONS` maps each kind to its module explicitly; a new simulation is a new module and
one line here.
"""

from __future__ import annotations

import importlib

#: kind -> module of this package that registers it.
SIMULATIONS = {
    "adaptive": "adaptive",
    "kernel": "kernel",
}


def register_all(subparsers) -> None:
    """Add every simulation of :data:`SIMULATIONS` to an argparse subparsers object."""
    for module in SIMULATIONS.values():
        importlib.import_module(f"{__name__}.{module}").register(subparsers)
