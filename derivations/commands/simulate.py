"""``specbias simulate KIND ...``: the kinds are listed in :data:`derivations.simulations.SIMULATIONS`."""

from __future__ import annotations


def register(sub):
    from .. import simulations

    p = sub.add_parser("simulate", help="run a simulation (kernel, adaptive, spectral-bias, regions)")
    kinds = p.add_subparsers(dest="kind", metavar="KIND")
    kinds.required = True
    simulations.register_all(kinds)
