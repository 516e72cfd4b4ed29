"""Option registration shared by the sub-commands."""

from __future__ import annotations

from specbias.derivations.cli import add_timeout_option

__all__ = ["add_param_option", "add_derived_output_options", "add_catalogue_options", "add_jobs_option"]


def add_param_option(p, help: str | None = None) -> None:
    """``--param NAME=VALUE`` (repeatable)."""
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", help=help)


def add_derived_output_options(p) -> None:
    """``--format text|latex|json``, ``--no-verify`` and ``--timeout`` of a single derivation."""
    p.add_argument("--format", choices=("text", "latex", "json"), default="text")
    p.add_argument("--no-verify", action="store_true", help="skip the numeric spot check")
    add_timeout_option(p)


def add_catalogue_options(p, activations_help: str) -> None:
    """The ``activations`` positional (default: the whole catalogue) and ``--dims``."""
    p.add_argument("activations", nargs="*", help=activations_help)
    p.add_argument("--dims", default="1,2,3", help="comma-separated dimensions (default 1,2,3)")


def add_jobs_option(p) -> None:
    """``--jobs N`` worker processes."""
    p.add_argument("--jobs", type=int, default=None, help="worker processes (default: all cores)")
