"""``specbias verify [ACTIVATION ...] [--dims 1,2,3] [--format text|json]``."""

from __future__ import annotations

import json
import sys

from specbias.derivations.checks import run_checks
from specbias.derivations.cli import parse_dims
from specbias.derivations.commands.options import add_catalogue_options, add_jobs_option


def register(sub):
    p = sub.add_parser("verify", help="cross-check every derived quantity against the numeric routes")
    add_catalogue_options(p, "catalogue names or expressions (default: whole catalogue)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    add_jobs_option(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from specbias.core.activations import catalogue_names, resolve_activation

    specs = args.activations or catalogue_names()
    for s in specs:  # fail fast, with exit 2, on bad input
        resolve_activation(s)
    dims = parse_dims(args.dims)
    from specbias.derivations.parallel import check_jobs

    rows = run_checks(specs, dims, jobs=check_jobs(getattr(args, "jobs", None)))
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
