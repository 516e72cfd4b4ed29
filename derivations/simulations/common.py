"""What the simulation modules share: option lists, output options, figures and the JSON record."""

from __future__ import annotations

import json
import os
import sys

from specbias.core.errors import ParameterError

__all__ = ["parse_ints", "add_activation_options", "add_output_options", "pyplot", "save_figure", "write_record", "print_figures"]


def parse_ints(text, bad: str, out_of_range: str, lo: int = 1) -> list[int]:
    """The comma-separated integers in ``text``; ParameterError(``bad``) if one is not an integer,
    ParameterError(``out_of_range``) if there are none or one is below ``lo``."""
    try:
        vals = [int(s) for s in str(text).split(",") if s.strip()]
    except ValueError:
        raise ParameterError(bad) from None
    if not vals or any(v < lo for v in vals):
        raise ParameterError(out_of_range)
    return vals


def add_activation_options(p, activation_help: str | None = None) -> None:
    """``--activation`` (default relu) and ``--param NAME=VALUE`` (repeatable)."""
    p.add_argument("--activation", default="relu", help=activation_help)
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", help="activation parameter")


def add_output_options(p, out_help: str = "directory for figures and the JSON record") -> None:
    """``--format text|json`` and ``--out DIR``."""
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--out", default=None, help=out_help)


def pyplot():
    """matplotlib.pyplot on the Agg backend."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def save_figure(fig, path: str, dpi: int = 110, tight: bool = True) -> str:
    """Save ``fig`` to ``path``, close it and return the path."""
    import matplotlib.pyplot as plt

    if tight:
        fig.savefig(path, dpi=dpi, bbox_inches="tight")
    else:
        fig.savefig(path, dpi=dpi)
    plt.close(fig)
    return path


def write_record(rec, args, name: str, **dump) -> bool:
    """Write ``rec`` as JSON to ``args.out/name`` when ``--out`` is given and print it when
    ``--format json``; True when it was printed (the caller is then done)."""
    if args.out:
        with open(os.path.join(args.out, name), "w") as fh:
            json.dump(rec, fh, indent=2, **dump)
    if args.format == "json":
        print(json.dumps(rec, indent=2, **dump))
        return True
    return False


def print_figures(figs) -> None:
    """One ``  figure: PATH`` line per figure, then flush stdout."""
    for f in figs:
        print(f"  figure: {f}")
    sys.stdout.flush()
