"""``specbias verify [ACTIVATION ...] [--dims 1,2,3] [--format text|json]``."""

from __future__ import annotations

import json
import sys

from specbias.core.errors import SpecbiasError

from ..checks import CheckRow, discover
from ..cli import parse_dims


def register(sub):
    p = sub.add_parser("verify", help="cross-check every derived quantity against the numeric routes")
    p.add_argument("activations", nargs="*", help="catalogue names or expressions (default: whole catalogue)")
    p.add_argument("--dims", default="1,2,3", help="comma-separated dimensions (default 1,2,3)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=run)


def run(args) -> int:
    from specbias.core.activations import catalogue_names, resolve_activation

    specs = args.activations or catalogue_names()
    for s in specs:  # fail fast, with exit 2, on bad input
        resolve_activation(s)
    dims = parse_dims(args.dims)
    rows = []
    for mod in discover():
        try:
            rows.extend(mod.collect(specs, dims))
        except SpecbiasError as exc:  # a check that cannot run is a failed row, not a traceback
            rows.append(CheckRow(mod.__name__.rsplit(".", 1)[-1], ",".join(specs), None, [], float("nan"), 0.0,
                                 detail=f"{type(exc).__name__}: {exc}", passed=False))
        except Exception as exc:  # noqa: BLE001
            rows.append(CheckRow(mod.__name__.rsplit(".", 1)[-1], ",".join(specs), None, [], float("nan"), 0.0,
                                 detail=f"could not run ({type(exc).__name__}: {str(exc)[:200]})", passed=False))
    if args.format == "json":
        from specbias.core.jsonio import dumps

        print(dumps([r.to_json() for r in rows]))
    else:
        w = max([len(r.check) for r in rows] + [5])
        print(f"{'check':<{w}}  {'activation':<14} {'dim':>3}  {'max_rel_err':>11}  {'tol':>8}  ok  routes")
        for r in rows:
            err = f"{r.max_rel_err:11.2e}" if r.max_rel_err == r.max_rel_err else "        nan"
            print(f"{r.check:<{w}}  {str(r.activation or '-'):<14} {str(r.dim or '-'):>3}  {err}  "
                  f"{r.tolerance:8.1e}  {'✓' if r.passed else '✗'}   {' vs '.join(r.routes)}")
        n_fail = sum(not r.passed for r in rows)
        print(f"{len(rows) - n_fail} passed, {n_fail} failed", file=sys.stderr)
    return 0 if all(r.passed for r in rows) else 1
