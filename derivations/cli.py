"""Command-line interface: ``specbias`` (also ``python -m derivations``).

Sub-commands are discovered: every module in :mod:`derivations.commands` that defines
``register(subparsers)`` adds one.  Errors derived from :class:`theory.errors.SpecbiasError`
become a one-line message on stderr and exit code 2; argparse's own usage errors also exit 2.
"""

from __future__ import annotations

import argparse
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


#: exit codes: 0 result printed and verified; 1 a result failed its own verification (nothing
#: printed as an answer; JSON carries the record with "passed": false); 2 bad input, no closed
#: form, or time budget exceeded (one line on stderr); 3 internal error (a bug: please report)
EXIT_OK, EXIT_UNVERIFIED, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


def _one_line(exc) -> str:
    text = str(exc).strip().replace("\n", " ")
    return text if len(text) <= 400 else text[:397] + "..."


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        rc = args.func(args)
    except SpecbiasError as exc:
        print(f"specbias: error: {_one_line(exc)}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("specbias: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence against a traceback
        # a bug, not the user's fault: one line, no traceback, a distinct exit code
        print(f"specbias: internal error ({type(exc).__name__}): {_one_line(exc)}; please report this input",
              file=sys.stderr)
        return EXIT_INTERNAL
    except BaseException as exc:  # noqa: BLE001 - only a budget's stray interrupt is handled here
        from specbias.core.budget import is_interrupt

        if not is_interrupt(exc):
            raise
        print("specbias: error: time budget exceeded (its interrupt arrived outside the budget)", file=sys.stderr)
        return EXIT_INPUT
    return 0 if rc is None else int(rc)


def add_timeout_option(p) -> None:
    from specbias.core.budget import DEFAULT_SECONDS

    p.add_argument("--timeout", type=float, default=DEFAULT_SECONDS, metavar="SECONDS",
                   help=f"time budget of the symbolic computation (default {DEFAULT_SECONDS:g} s); "
                        "exceeding it is a clean error (exit 2) naming the step")


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


def emit(report, verified, fmt: str, domain: str = "") -> int:
    """Print a derived result with its numeric verification, as text, LaTeX or JSON; returns the
    exit code.  A result that failed its verification is not printed as an answer: exit 1 with
    one line on stderr naming the failed check (JSON still carries the full record)."""
    from specbias.core.jsonio import dumps

    failed = verified is not None and not verified.get("passed", True)
    if fmt == "json":
        out = report.to_json()
        out["verified"] = verified
        print(dumps(out))
    if failed:
        print(f"specbias: verification failed: {verified.get('failure', 'failed')} "
              f"({verified.get('method', '')}); the result is not printed as an answer", file=sys.stderr)
        return EXIT_UNVERIFIED
    if fmt == "json":
        return EXIT_OK
    print(report.to_latex() if fmt == "latex" else report.to_text())
    if verified:
        line = (f"max rel. err {verified['max_rel_err']:.2e} on {verified['points']} points of {domain or '[0.05, 20]'} "
                f"({verified['method']}; {verified.get('skipped', 0)} unresolvable in float64 skipped)")
        print(("% verified: " if fmt == "latex" else "verified     : ") + line)
    return EXIT_OK
