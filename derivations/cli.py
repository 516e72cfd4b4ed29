"""Command-line interface: ``specbias`` (also ``python -m derivations``).

Sub-commands are discovered: every module in :mod:`derivations.commands` that defines
``register(subparsers)`` adds one.  Errors derived from :class:`theory.errors.SpecbiasError`
become a one-line message on stderr and exit code 2; argparse's own usage errors also exit 2.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from specbias.core.errors import SpecbiasError


def build_parser() -> argparse.ArgumentParser:
    from . import commands

    parser = argparse.ArgumentParser(
        prog="specbias",
        description="Derive, verify and simulate the activation-specific spectral bias of shallow networks.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    commands.register_all(sub)  # the explicit list derivations.commands.COMMANDS
    return parser


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        rc = args.func(args)
    except SpecbiasError as exc:
        print(f"specbias: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("specbias: interrupted", file=sys.stderr)
        return 130
    return 0 if rc is None else int(rc)


def parse_params(pairs) -> dict:
    """--param name=value (repeatable) -> {name: value}."""
    out = {}
    for item in pairs or []:
        if "=" not in item:
            from specbias.core.errors import ParameterError

            raise ParameterError(f"--param expects name=value, got {item!r}")
        k, v = item.split("=", 1)
        out[k.strip()] = v.strip()
    return out


def parse_dims(text: str) -> list[int]:
    from specbias.core.errors import DimensionError

    try:
        dims = [int(x) for x in str(text).split(",") if x.strip()]
    except ValueError:
        raise DimensionError(f"--dims expects integers such as 1,2,3, got {text!r}") from None
    bad = [d for d in dims if d < 1]
    if bad or not dims:
        raise DimensionError(f"dimension must be an integer >= 1, got {text!r}")
    return dims


def emit(report, verified, fmt: str, domain: str = "") -> None:
    """Print a derived result with its numeric verification, as text, LaTeX or JSON."""
    import json

    if fmt == "json":
        out = report.to_json()
        out["verified"] = verified
        print(json.dumps(out, indent=2))
        return
    print(report.to_latex() if fmt == "latex" else report.to_text())
    if verified:
        line = (f"max rel. err {verified['max_rel_err']:.2e} on {verified['points']} points of {domain or '[0.05, 20]'} "
                f"({verified['method']}; {verified.get('skipped', 0)} unresolvable in float64 skipped)")
        print(("% verified: " if fmt == "latex" else "verified     : ") + line)
