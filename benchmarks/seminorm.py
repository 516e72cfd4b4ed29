"""Benchmark: the seminorm routes' time and agreement (issue 4, numeric side).

    python benchmarks/seminorm.py [--json] [--activations relu,sigmoid] [--dims 1,2,3]

For a fixed two-component Gaussian mixture g, times the FFT, Radon (closed-form and
numerics.radon input) and mpmath-oracle routes and reports their relative disagreement with the
oracle.  Times are also given as ratios to an anchor measured in the same run (a 2^20-point
complex FFT, repeated 5 times), so numbers from machines under different load are comparable.
No assertion on time is made anywhere.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from specbias.numerics import seminorm as sn  # noqa: E402


def _anchor() -> float:
    x = np.random.default_rng(0).standard_normal(1 << 20) + 0j
    t = time.perf_counter()
    for _ in range(5):
        np.fft.fft(x)
    return time.perf_counter() - t


def _clear():
    """Empty the σ̂-spectrum and Radon caches, so no timed route is a cache hit."""
    sn.clear_caches()


def _timed(f):
    _clear()
    t = time.perf_counter()
    v = f()
    return v, time.perf_counter() - t


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--activations", default="relu,step,sigmoid,tanh,gelu")
    ap.add_argument("--dims", default="1,2,3")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    anchor = _anchor()
    rows = []
    for name in args.activations.split(","):
        spec, t_spec = _timed(lambda: sn.get_spectrum(name))
        widths = (0.6, 0.8) if spec.omega_max == float("inf") else (1.8, 2.0) if name in ("gelu", "gaussian") else (1.3, 1.5)
        for d in (int(x) for x in args.dims.split(",")):
            g = sn.GaussianMixture(np.array([1.0, -0.5]), np.array([[0.2, 0.1, 0.0], [-0.3, 0.2, 0.1]])[:, :d],
                                   np.array(widths))
            o, t_o = _timed(lambda: sn.seminorm_oracle(g, name))
            f, t_f = _timed(lambda: sn.seminorm_fourier(g, name))
            rc, t_rc = _timed(lambda: sn.seminorm_radon(g, name, radon_method="closed"))
            row = {"activation": name, "dim": d, "value": o.value, "spectrum_s": t_spec,
                   "oracle_s": t_o, "fourier_s": t_f, "radon_closed_s": t_rc,
                   "fourier_err": abs(f.value - o.value) / o.value, "radon_err": abs(rc.value - o.value) / o.value,
                   "oracle_quad_err": o.extra.get("quad_err")}
            if d == 2:
                rn, t_rn = _timed(lambda: sn.seminorm_radon(g, name, radon_method="numeric"))
                row.update(radon_numeric_s=t_rn, radon_numeric_err=abs(rn.value - o.value) / o.value)
            for k in [k for k in row if k.endswith("_s")]:
                row[k.replace("_s", "_ratio")] = row[k] / anchor
            rows.append(row)
    if args.json:
        print(json.dumps({"anchor_s": anchor, "rows": rows}, indent=2))
        return 0
    print(f"anchor (5 × FFT 2^20): {anchor:.3f} s")
    print(f"{'act':<9}{'d':>2} {'‖g‖²':>13} {'fft err':>9} {'radon err':>9} {'radon(num) err':>14} "
          f"{'t_fft':>7} {'t_radon':>7} {'t_oracle':>8}")
    for r in rows:
        print(f"{r['activation']:<9}{r['dim']:>2} {r['value']:13.6e} {r['fourier_err']:9.1e} {r['radon_err']:9.1e} "
              f"{r.get('radon_numeric_err', float('nan')):14.1e} {r['fourier_s']:7.2f} {r['radon_closed_s']:7.2f} "
              f"{r['oracle_s']:8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
