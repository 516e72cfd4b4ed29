"""Benchmark: the main job `specbias build` on this machine, cold and warm (cache), against SymPy's
own `fourier_transform` attempted on the same catalogue in the same run (the anchor).

    python benchmarks/build_time.py [--json] [--sympy-timeout 10]

Reports seconds for: a cold build (no cache; derives, verifies, writes every document), a warm
build (from the cache), and SymPy's fourier_transform over the catalogue (each call capped at
--sympy-timeout seconds; how many it resolves is reported too).  Target (issue 4): the cold build in
under a minute or two on 2 cores, the warm build in a few seconds.
"""

from __future__ import annotations

import argparse
import json
import signal
import tempfile
import time


def sympy_anchor(timeout: int) -> tuple[float, int, int]:
    import sympy as sp

    from specbias.core.activations import CATALOGUE, T

    k = sp.Symbol("k", positive=True)

    def handler(*_):
        raise TimeoutError

    old = signal.signal(signal.SIGALRM, handler)
    resolved = 0
    t0 = time.perf_counter()
    for act in CATALOGUE.values():
        signal.alarm(timeout)
        try:
            r = sp.fourier_transform(act.bind().expr, T, k)
            resolved += not r.has(sp.FourierTransform)
        except TimeoutError:
            pass
        finally:
            signal.alarm(0)
    signal.signal(signal.SIGALRM, old)
    return time.perf_counter() - t0, resolved, len(CATALOGUE)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--sympy-timeout", type=int, default=10)
    args = ap.parse_args()
    from specbias.derivations.build import build

    with tempfile.TemporaryDirectory() as out, tempfile.TemporaryDirectory() as cache:
        t0 = time.perf_counter()
        res = build(out=out, pdf=False, progress=False, use_cache=True, cache_dir=cache)
        cold = time.perf_counter() - t0
        t0 = time.perf_counter()
        build(out=out, pdf=False, progress=False, use_cache=True, cache_dir=cache)
        warm = time.perf_counter() - t0
    anchor, resolved, total = sympy_anchor(args.sympy_timeout)
    row = {"activations": len(res["activations"]), "dims": res["dims"], "cold_s": cold, "warm_s": warm,
           "sympy_fourier_transform_s": anchor, "sympy_resolved": resolved, "ours_resolved": len(res["rows"]),
           "catalogue": total, "cold_over_sympy": cold / anchor, "warm_over_cold": warm / cold}
    if args.json:
        print(json.dumps(row, indent=2))
    else:
        print(f"cold build : {cold:7.1f} s  ({row['activations']} activations × d = {res['dims']}, derived + verified + written)")
        print(f"warm build : {warm:7.1f} s  (cache; ratio warm/cold = {row['warm_over_cold']:.3f})")
        print(f"anchor     : {anchor:7.1f} s  SymPy fourier_transform on the catalogue, resolving {resolved}/{total}"
              f" (ours: {len(res['rows'])}/{total}); cold/anchor = {row['cold_over_sympy']:.2f}")


if __name__ == "__main__":
    main()
