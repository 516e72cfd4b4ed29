"""Coverage of the transform engine on random activations: the engine's coverage figure.

A fixed seeded sample of N (default 500) activations is drawn from the grammar of
``specbias.derivations.grammar`` (catalogue functions of affine maps, Gaussians, one-sided
exponentials, Heaviside pieces, Min/Max, sums, products with Gaussians).  For each, the verified
entry point ``specbias.derivations.verification.transform`` runs under a per-expression budget:
the outcome is a verified closed form (the independent numeric route agrees to 1e-9) or a clean
refusal, counted by kind.  SymPy's own ``fourier_transform`` runs on the same sample with its own
time limit, for comparison: "answered" = returned something without an unevaluated transform;
"agrees" = agrees with our verified result at ω ∈ {0.5, 1.3, 3.1} to 1e-8 (relative), only
counted where ours is verified.

    python benchmarks/engine_coverage.py [--n 500] [--seed 0] [--budget 10] [--sympy-budget 5] [--json]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time


def _sympy_attempt(text: str, seconds: float, ours):
    import numpy as np
    import sympy as sp

    from specbias.core import budget
    from specbias.core.activations import parse_activation
    from specbias.core.conventions import SYMPY
    from specbias.core.errors import SpecbiasError, Timeout

    t0 = time.perf_counter()
    k = sp.Symbol("k", positive=True)
    try:
        expr = parse_activation(text).expr
        with budget.budget(seconds, "sympy"):
            res = sp.fourier_transform(expr, sp.Symbol("t", real=True), k)
            answered = not (res.has(sp.FourierTransform) or res.has(sp.Integral))
            agrees = None
            if answered and ours is not None:
                ks = [0.5 / (2 * np.pi), 1.3 / (2 * np.pi), 3.1 / (2 * np.pi)]  # ω = 2πk
                got = np.array([complex(sp.N(res.subs(k, kk), 20)) for kk in ks])
                want = ours.in_convention(SYMPY).evaluate(np.array(ks))
                agrees = bool(np.all(np.abs(got - want) <= 1e-8 * np.maximum(np.abs(want), 1e-300)))
    except Timeout:
        return "timeout", None, time.perf_counter() - t0
    except budget._Expired:  # a budget interrupt that escaped its block (a bug: counted, not hidden)
        return "stray budget interrupt", None, time.perf_counter() - t0
    except (SpecbiasError, Exception):  # noqa: BLE001 - SymPy internals
        return "error", None, time.perf_counter() - t0
    return ("answered" if answered else "unevaluated"), agrees, time.perf_counter() - t0


def run(n: int, seed: int, seconds: float, sympy_seconds: float, progress: bool = True) -> dict:
    from specbias.core import budget
    from specbias.core.errors import SpecbiasError, VerificationFailed
    from specbias.derivations.grammar import random_activation
    from specbias.derivations.verification import transform

    rng = random.Random(seed)
    sample = [random_activation(rng) for _ in range(n)]
    outcomes, times, rows = {}, [], []
    sy_outcomes, sy_agree, sy_times = {}, {"agrees": 0, "disagrees": 0}, []
    try:
        from tqdm import tqdm

        it = tqdm(sample, disable=not progress, file=sys.stderr)
    except ImportError:  # pragma: no cover
        it = sample
    for text in it:
        t0 = time.perf_counter()
        ours = None
        detail = None
        try:
            ours = transform(text, timeout=seconds)
            kind = "verified"
        except VerificationFailed as exc:
            kind = "unverified (refused)"
            detail = str(exc)[:300]
        except SpecbiasError as exc:
            kind = type(exc).__name__
            detail = str(exc)[:300]
        except Exception as exc:  # noqa: BLE001 - a bug: counted, never hidden
            kind = f"internal error: {type(exc).__name__}"
            detail = str(exc)[:300]
        except budget._Expired:  # a budget interrupt that escaped its block: a bug, counted
            kind = "internal error: stray budget interrupt"
        dt = time.perf_counter() - t0
        times.append(dt)
        outcomes[kind] = outcomes.get(kind, 0) + 1
        s_kind, s_ok, s_dt = _sympy_attempt(text, sympy_seconds, ours)
        sy_outcomes[s_kind] = sy_outcomes.get(s_kind, 0) + 1
        sy_times.append(s_dt)
        if s_ok is not None:
            sy_agree["agrees" if s_ok else "disagrees"] += 1
        rows.append({"activation": text, "outcome": kind, "seconds": round(dt, 3), "detail": detail,
                     "sympy": s_kind, "sympy_agrees": s_ok})
    return {
        "n": n, "seed": seed, "budget_s": seconds, "sympy_budget_s": sympy_seconds,
        "verified_fraction": outcomes.get("verified", 0) / n,
        "refusals": {k: v for k, v in sorted(outcomes.items()) if k != "verified"},
        "internal_errors": sum(v for k, v in outcomes.items() if k.startswith("internal error")),
        "median_s": statistics.median(times), "max_s": max(times),
        "sympy": {"outcomes": sy_outcomes, "answered_fraction": sy_outcomes.get("answered", 0) / n,
                  "agreement_with_verified": sy_agree,
                  "median_s": statistics.median(sy_times), "max_s": max(sy_times)},
        "rows": rows,
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--budget", type=float, default=10.0, help="seconds per activation for our engine")
    ap.add_argument("--sympy-budget", type=float, default=5.0, help="seconds per activation for SymPy")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args(argv)
    res = run(args.n, args.seed, args.budget, args.sympy_budget, progress=True)  # progress: stderr
    if args.json:
        from specbias.core.jsonio import dumps

        print(dumps(res))
        return 0
    print(f"sample: {res['n']} activations (seed {res['seed']}), budget {res['budget_s']:g} s "
          f"(SymPy {res['sympy_budget_s']:g} s)")
    print(f"verified closed form : {res['verified_fraction']:.1%}")
    for k, v in res["refusals"].items():
        print(f"  refused, {k:<22}: {v}")
    print(f"time per activation  : median {res['median_s']:.2f} s, max {res['max_s']:.2f} s")
    sy = res["sympy"]
    print(f"SymPy fourier_transform: answered {sy['answered_fraction']:.1%} {sy['outcomes']}, "
          f"agreement with our verified results {sy['agreement_with_verified']}, "
          f"median {sy['median_s']:.2f} s, max {sy['max_s']:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
