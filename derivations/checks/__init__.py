"""Checks for ``specbias verify``.

Every module here defines ``collect(activations, dims)`` returning a list of
:class:`~specbias.core.records.Comparison` (``activations`` is a list of activation specs, ``dims``
a list of ints).  The modules are listed in :data:`CHECKS`: a new family of checks is a new file
and one line there.
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
