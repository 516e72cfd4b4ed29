"""Benchmark: numeric generalized Fourier transform of the activation catalogue.

For every catalogue activation (defaults bound) and a log-spaced set of ω in [0.05, 20]
(--quick: ω = 0.1, 1, 5), in one run:

* ours    -- numerics.fourier.NumericTransform (distributional reduction + QUADPACK QAWO/QAWF);
* qawf    -- SciPy QAWF used naively on σ itself:
             σ̂(ω) = ∫_0^∞ [σ(t)+σ(-t)] cos ωt dt − i ∫_0^∞ [σ(t)−σ(-t)] sin ωt dt
             with ``quad(..., 0, inf, weight='cos'|'sin', wvar=ω, epsabs=1e-13·|σ̂(ω)|)``: a plain
             ``math`` callable of σ (its fastest ordinary use) and the same relative target as ours
             (QAWF's only tolerance is absolute).  It diverges for σ that do not decay: its output
             is whatever QUADPACK returns;
* quadosc -- mpmath ``quadosc`` on the same two integrals (naive as well, 15 digits; each call
             is stopped after --budget seconds).

Accuracy of each method is the max relative error against the adaptive-precision oracle
(numerics.oracle, correct to ~1e-13) over the ω where the oracle value is above 1e-300; for
ours also over its *resolvable* points only.  Times are per point (wall clock, this process);
ratios are against ours measured in the same run.  ``build_s`` is our one-off reduction per
activation (SymPy differentiation, limits, lambdify).

coverage_vs_sympy(): for each entry, whether theory.fourier.fourier_transform (the symbolic
engine, imported lazily, skipped when missing) and SymPy's own ``sympy.fourier_transform``
(convention (0, −2π): F_sympy(k) = σ̂(2πk), compared at k = ω/2π) give a regular part that
agrees with ours to 1e-8 at the resolvable ω; and the fraction of the catalogue each resolves.

Usage:  python benchmarks/transforms.py [--json] [--quick] [--budget SECONDS] [--no-coverage]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
import sys
import time
import warnings

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import mpmath as mp  # noqa: E402
import sympy as sp  # noqa: E402
from scipy import integrate  # noqa: E402

from specbias.core.activations import CATALOGUE, T  # noqa: E402
from specbias.core.errors import SpecbiasError  # noqa: E402
from specbias.numerics.fourier import NumericTransform, mean_coefficient  # noqa: E402
from specbias.numerics.oracle import oracle_transform  # noqa: E402

AGREE = 1e-8  # coverage: relative agreement with our resolvable values


class _Timeout(Exception):
    pass


def _alarm(seconds):
    """Context manager raising _Timeout after ``seconds`` (SIGALRM; main thread, POSIX)."""

    class _Ctx:
        def __enter__(self):
            self.old = signal.signal(signal.SIGALRM, self._raise)
            signal.setitimer(signal.ITIMER_REAL, seconds)

        @staticmethod
        def _raise(*_):
            raise _Timeout()

        def __exit__(self, *exc):
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.old)
            return False

    return _Ctx()


def _relerr(v, ref):
    v, ref = np.asarray(v, dtype=np.complex128), np.asarray(ref, dtype=np.complex128)
    with np.errstate(all="ignore"):
        e = np.abs(v - ref) / np.abs(ref)
    e = np.where(np.isfinite(e), e, np.inf)
    return float(np.max(e)) if e.size else float("nan")


def _naive_qawf(f, w, epsabs=1.49e-8):
    """QAWF on σ itself with a plain scalar callable; ``epsabs`` is QAWF's only tolerance: the
    caller passes the same relative target as ours, times |σ̂(ω)| (like with like)."""
    even = lambda t: f(t) + f(-t)  # noqa: E731
    odd = lambda t: f(t) - f(-t)  # noqa: E731
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        c = integrate.quad(even, 0, np.inf, weight="cos", wvar=w, epsabs=epsabs, limlst=100)[0]
        s = integrate.quad(odd, 0, np.inf, weight="sin", wvar=w, epsabs=epsabs, limlst=100)[0]
    return complex(c, -s)


def _naive_quadosc(fm, w, budget):
    try:
        with _alarm(budget), mp.workdps(15):
            c = mp.quadosc(lambda t: (fm(t) + fm(-t)) * mp.cos(w * t), [0, mp.inf], omega=w)
            s = mp.quadosc(lambda t: (fm(t) - fm(-t)) * mp.sin(w * t), [0, mp.inf], omega=w)
        return complex(c) - 1j * complex(s), ""
    except _Timeout:
        return complex(np.nan, np.nan), "timeout"
    except Exception as exc:  # the naive route may fail in many ways; report it
        return complex(np.nan, np.nan), type(exc).__name__


def _heaviside_mp(x, h0=mp.mpf(1) / 2):
    return mp.mpf(1) if x > 0 else (mp.mpf(0) if x < 0 else h0)


def bench_one(name, omega, budget):
    act = CATALOGUE[name].bind()
    row = {"activation": name, "omega": [float(w) for w in omega]}
    from benchmarks.run import SIGMA_RTOL, plain_callable  # the anchor's fastest ordinary use

    fs = plain_callable(act.expr)  # a `math` lambdify, not a NumPy lambdify called on scalars
    fm = sp.lambdify(T, act.expr, modules=[{"Heaviside": _heaviside_mp}, "mpmath"])
    # ours
    t0 = time.perf_counter()
    try:
        nt = NumericTransform(act)
    except SpecbiasError as exc:
        row.update(status=f"{type(exc).__name__}: {str(exc)[:90]}")
        # sin: the point masses, by Bohr means (exact: ∓iπ at ω = ±1)
        try:
            c = mean_coefficient(act, [1.0, -1.0])
            row["mean_coefficient_pm1"] = [[c[0].real, c[0].imag], [c[1].real, c[1].imag]]
            row["mean_coefficient_err"] = float(max(abs(c[0] + 1j * math.pi), abs(c[1] - 1j * math.pi)))
        except SpecbiasError:
            pass
        return row
    row["build_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    ours, errs = nt.evaluate(omega)
    row["ours_s_per_point"] = (time.perf_counter() - t0) / len(omega)
    res = errs <= nt.rel_tol * np.abs(ours)
    row["ours_resolvable"] = int(res.sum())
    row["order"] = nt.order
    # naive QAWF, asked for the same relative accuracy as ours (|σ̂| from our own values)
    t0 = time.perf_counter()
    qawf = np.array([_naive_qawf(fs, float(w), max(SIGMA_RTOL * abs(v), 1e-300)) for w, v in zip(omega, ours)])
    row["qawf_s_per_point"] = (time.perf_counter() - t0) / len(omega)
    # naive quadosc
    t0 = time.perf_counter()
    qo, fails = [], []
    for w in omega:
        v, why = _naive_quadosc(fm, float(w), budget)
        qo.append(v)
        if why:
            fails.append(why)
    row["quadosc_s_per_point"] = (time.perf_counter() - t0) / len(omega)
    row["quadosc_failures"] = sorted(set(fails))
    # oracle
    t0 = time.perf_counter()
    ref = np.array([complex(v) for v in oracle_transform(act, omega)])
    row["oracle_s_per_point"] = (time.perf_counter() - t0) / len(omega)
    ok = np.abs(ref) > 1e-300
    row["ours_err"] = _relerr(ours[ok], ref[ok])
    row["ours_err_resolvable"] = _relerr(ours[ok & res], ref[ok & res])
    # is our error estimate an upper bound of the actual error at every point?
    row["ours_estimate_bounds_error"] = bool(np.all(np.abs(ours - ref) <= errs))
    row["qawf_err"] = _relerr(qawf[ok], ref[ok])
    row["quadosc_err"] = _relerr(np.array(qo)[ok], ref[ok])
    row["ratio_qawf_time"] = row["qawf_s_per_point"] / row["ours_s_per_point"]
    row["ratio_quadosc_time"] = row["quadosc_s_per_point"] / row["ours_s_per_point"]
    row["status"] = "ok"
    return row


# ------------------------------------------------------------------------------------------
# coverage of the symbolic routes
# ------------------------------------------------------------------------------------------
def coverage_vs_sympy(names=None, omega=None, budget: float = 10.0, engine_budget: float = 30.0):
    """Per catalogue entry: does the symbolic engine (theory.fourier) and does SymPy's own
    ``fourier_transform`` give the correct regular part (vs our numeric route, at our
    resolvable ω, to 1e-8)?  Returns {"rows": [...], "engine_fraction": x, "sympy_fraction": y}.
    Each SymPy call gets ``budget`` seconds, each engine call ``engine_budget``."""
    names = list(names or CATALOGUE)
    omega = np.array(omega if omega is not None else [0.3, 1.0, 2.5])
    try:
        from specbias.theory.fourier import fourier_transform as engine  # lazy: benchmark only
    except Exception as exc:  # engine missing or broken: skip gracefully
        engine = None
        engine_missing = f"{type(exc).__name__}: {exc}"
    rows = []
    k = sp.Symbol("k", positive=True)
    for name in names:
        act = CATALOGUE[name].bind()
        row = {"activation": name}
        try:
            nt = NumericTransform(act)
            ref, err = nt.evaluate(omega)
            res = err <= nt.rel_tol * np.abs(ref)
        except SpecbiasError as exc:
            ref, res = None, None
            row["numeric"] = type(exc).__name__
        # engine
        if engine is None:
            row["engine"] = "missing (" + engine_missing[:60] + ")"
        else:
            t0 = time.perf_counter()
            try:
                with _alarm(engine_budget):
                    gt = engine(act)
                    vals = np.asarray(gt.evaluate(omega), dtype=np.complex128)
                if ref is None:
                    row["engine"] = "n/a (point masses)" + (f"; {len(gt.singular)} singular terms"
                                                            if hasattr(gt, "singular") else "")
                else:
                    e = _relerr(vals[res], ref[res])
                    row["engine"] = "correct" if e <= AGREE else f"wrong (rel err {e:.2e})"
                    row["engine_err"] = e
            except _Timeout:
                row["engine"] = "timeout"
            except Exception as exc:
                row["engine"] = f"failed: {type(exc).__name__}"
            row["engine_s"] = time.perf_counter() - t0
        # SymPy's own fourier_transform, convention (0, -2π)
        t0 = time.perf_counter()
        try:
            with _alarm(budget):
                F = sp.fourier_transform(act.expr, T, k)
            if F.has(sp.FourierTransform) or F.has(sp.Integral):
                row["sympy"] = "unevaluated"
            elif ref is None:
                row["sympy"] = f"n/a (returned {sp.sstr(F)[:40]})"
            else:
                f = sp.lambdify(k, F, modules=["scipy", "numpy"])
                with np.errstate(all="ignore"):
                    vals = np.array([complex(f(float(w) / (2 * math.pi))) for w in omega])
                e = _relerr(vals[res], ref[res])
                row["sympy"] = "correct" if e <= AGREE else f"wrong (rel err {e:.2e})"
                row["sympy_err"] = e
                row["sympy_expr"] = sp.sstr(F)[:80]
        except _Timeout:
            row["sympy"] = "timeout"
        except Exception as exc:
            row["sympy"] = f"failed: {type(exc).__name__}"
        row["sympy_s"] = time.perf_counter() - t0
        rows.append(row)
    scored = [r for r in rows if "numeric" not in r]
    frac = lambda key: (sum(r.get(key) == "correct" for r in scored) / len(scored)) if scored else float("nan")  # noqa: E731
    return {"rows": rows, "engine_fraction": frac("engine"), "sympy_fraction": frac("sympy"),
            "omega": [float(w) for w in omega], "tolerance": AGREE}


# ------------------------------------------------------------------------------------------
def _fmt(x, spec=".1e"):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    if isinstance(x, float) and math.isinf(x):
        return "inf"
    return format(x, spec)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print JSON instead of tables")
    ap.add_argument("--quick", action="store_true", help="3 frequencies, short budgets (< 60 s)")
    ap.add_argument("--budget", type=float, default=None, help="seconds per naive quadosc call")
    ap.add_argument("--no-coverage", action="store_true", help="skip coverage_vs_sympy()")
    args = ap.parse_args(argv)
    omega = np.array([0.1, 1.0, 5.0]) if args.quick else np.geomspace(0.05, 20.0, 8)
    budget = args.budget if args.budget is not None else (0.25 if args.quick else 5.0)
    rows = []
    t_start = time.perf_counter()
    try:
        from tqdm import tqdm
        names = tqdm(list(CATALOGUE), desc="activations", file=sys.stderr, disable=not sys.stderr.isatty())
    except ImportError:  # pragma: no cover
        names = list(CATALOGUE)
    for name in names:
        rows.append(bench_one(name, omega, budget))
    cov = None if args.no_coverage else coverage_vs_sympy(budget=1.0 if args.quick else 20.0,
                                                            engine_budget=10.0 if args.quick else 60.0)
    total = time.perf_counter() - t_start
    if args.json:
        print(json.dumps({"activations": rows, "coverage": cov, "total_s": total}, indent=1))
        return 0
    print(f"ω = {', '.join(f'{w:g}' for w in omega)}   (times per point; errors = max relative error vs oracle)")
    hdr = (f"{'activation':12s} {'n':>2s} {'build_s':>8s} {'ours_s':>8s} {'res':>4s} {'ours_err':>9s} {'err(res)':>9s} "
           f"{'qawf_s':>8s} {'qawf_err':>9s} {'osc_s':>8s} {'osc_err':>9s} {'qawf/ours':>9s} {'osc/ours':>9s}")
    print(hdr)
    print("-" * len(hdr))
    for r in rows:
        if r.get("status") != "ok":
            extra = ""
            if "mean_coefficient_err" in r:
                extra = f"  [Bohr means at ±1: error {r['mean_coefficient_err']:.1e} vs ∓iπ]"
            print(f"{r['activation']:12s} {r['status'][:80]}{extra}")
            continue
        print(f"{r['activation']:12s} {r['order']:2d} {_fmt(r['build_s'], '8.3f')} {_fmt(r['ours_s_per_point'], '8.4f')} "
              f"{r['ours_resolvable']:2d}/{len(omega)} {_fmt(r['ours_err']):>9s} {_fmt(r['ours_err_resolvable']):>9s} "
              f"{_fmt(r['qawf_s_per_point'], '8.4f')} {_fmt(r['qawf_err']):>9s} {_fmt(r['quadosc_s_per_point'], '8.3f')} "
              f"{_fmt(r['quadosc_err']):>9s} {_fmt(r['ratio_qawf_time'], '9.2f')} {_fmt(r['ratio_quadosc_time'], '9.1f')}"
              + ("" if r["ours_estimate_bounds_error"] else "  [our error estimate exceeded]")
              + (f"  quadosc: {','.join(r['quadosc_failures'])}" if r["quadosc_failures"] else ""))
    if cov is not None:
        print()
        print(f"coverage of the regular part (vs ours at resolvable ω in {cov['omega']}, rel {cov['tolerance']:g}):")
        print(f"{'activation':12s} {'engine (theory.fourier)':34s} {'sympy.fourier_transform':34s}")
        for r in cov["rows"]:
            print(f"{r['activation']:12s} {str(r.get('engine', '-'))[:34]:34s} {str(r.get('sympy', '-'))[:34]:34s}")
        print(f"fraction correct: engine {_fmt(cov['engine_fraction'], '.2f')}, sympy {_fmt(cov['sympy_fraction'], '.2f')}")
    print(f"total {total:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
