"""The sub-commands of ``specbias``: one module per sub-command, each defining ``register(subparsers)``.

:data:`COMMANDS` lists them explicitly, in the order ``specbias --help`` shows them; a new
sub-command is a new module and one line here.
"""

from __future__ import annotations

import importlib

#: The sub-command modules of this package.
COMMANDS = [
    "build",
    "seminorm",
    "simulate",
    "transform",
    "verify",
]


def register_all(subparsers, names=None) -> None:
    """Add every sub-command of :data:`COMMANDS` (or of ``names``) to an argparse subparsers object."""
    for name in names or COMMANDS:
        importlib.import_module(f"{__name__}.{name}").register(subparsers)
