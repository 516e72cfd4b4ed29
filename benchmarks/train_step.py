"""Benchmark: one full-batch gradient-descent step of numerics.network.ShallowNet against the same
network trained by PyTorch on CPU, at widths 10³, 10⁴, 10⁵ (one run, same process).

Network f(x) = Σ_i v_i relu(w_i·x + b_i) + c on n points in d dimensions (defaults n = 128,
d = 2), float64 on both sides, loss (1/2n) Σ (f − y)², plain GD step θ ← θ − lr ∇L.  Both start
from the same parameters; after one step the parameters are compared (max relative difference,
which must be at rounding level, so both compute the same step).  Times are the best of
--repeat runs of --steps steps each; ``time_ratio`` = ours_s / torch_s (< 1: NumPy faster).

PyTorch is the optional extra ``bench`` (``pip install torch==2.13.0``); without it the script
prints a clear message, still times our step, and exits 0.

Usage:  python benchmarks/train_step.py [--json] [--widths 1000,10000,100000] [--n 128] [--dim 2]
                                        [--steps 5] [--repeat 3] [--activation relu]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

for _k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_k, "1")  # pinned before NumPy is imported: one thread on both sides

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from specbias.numerics.network import ShallowNet  # noqa: E402


def _best(fn, steps, repeat):
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        for _ in range(steps):
            fn()
        best = min(best, (time.perf_counter() - t) / steps)
    return best


def _torch_net(torch, net):
    W = torch.tensor(net.W, dtype=torch.float64, requires_grad=True)
    b = torch.tensor(net.b, dtype=torch.float64, requires_grad=True)
    v = torch.tensor(net.v, dtype=torch.float64, requires_grad=True)
    c = torch.tensor(net.c, dtype=torch.float64, requires_grad=True)
    return [W, b, v, c]


def _torch_step(torch, params, Xt, yt, lr, act):
    W, b, v, c = params
    f = act(Xt @ W.T + b) @ v + c
    loss = 0.5 * torch.mean((f - yt) ** 2)
    loss.backward()
    with torch.no_grad():
        for p in params:
            p -= lr * p.grad
            p.grad = None
    return loss


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--widths", default="1000,10000,100000")
    ap.add_argument("--n", type=int, default=128)
    ap.add_argument("--dim", type=int, default=2)
    ap.add_argument("--steps", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--activation", default="relu", choices=("relu", "tanh"))
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    widths = [int(w) for w in args.widths.split(",")]
    try:
        import torch

        torch.set_num_threads(int(os.environ["OMP_NUM_THREADS"]))  # same count as NumPy's BLAS
    except ImportError:
        torch = None
        print("benchmarks/train_step.py: PyTorch is not installed (optional extra 'bench': "
              "pip install torch==2.13.0); timing the NumPy step only.", file=sys.stderr)
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (args.n, args.dim))
    y = np.sin(3 * X[:, 0]) + X[:, -1] ** 2
    lr = 1e-3
    rows = []
    for m in widths:
        net = ShallowNet.init(args.dim, m, args.activation, scale=1.0, seed=1)
        ours = net.copy()
        ours_s = _best(lambda: ours.step(X, y, lr), args.steps, args.repeat)
        row = {"width": m, "n": args.n, "dim": args.dim, "ours_s": ours_s, "torch_s": None, "time_ratio": None,
               "max_rel_param_diff": None}
        if torch is not None:
            act = torch.relu if args.activation == "relu" else torch.tanh
            Xt, yt = torch.tensor(X), torch.tensor(y)
            params = _torch_net(torch, net)
            row["torch_s"] = _best(lambda: _torch_step(torch, params, Xt, yt, lr, act), args.steps, args.repeat)
            row["time_ratio"] = row["ours_s"] / row["torch_s"]
            # same step: one step from the same start on both sides
            a = net.copy()
            a.step(X, y, lr)
            p = _torch_net(torch, net)
            _torch_step(torch, p, Xt, yt, lr, act)
            th_t = np.concatenate([p[0].detach().numpy().ravel(), p[1].detach().numpy(), p[2].detach().numpy(),
                                   [float(p[3].detach())]])
            th = a.get_flat()
            row["max_rel_param_diff"] = float(np.max(np.abs(th - th_t)) / np.max(np.abs(th)))
        rows.append(row)
    info = {"numpy": np.__version__, "torch": None if torch is None else torch.__version__,
            "torch_threads": None if torch is None else torch.get_num_threads(), "cpus": os.cpu_count(),
            "activation": args.activation, "rows": rows}
    if args.json:
        print(json.dumps(info, indent=2))
    else:
        print(f"numpy {info['numpy']}, torch {info['torch']} ({info['torch_threads']} threads), {info['cpus']} CPUs; "
              f"{args.activation}, n = {args.n}, d = {args.dim}, float64")
        print(f"{'width':>8} {'ours_s':>10} {'torch_s':>10} {'ratio':>7} {'param diff':>11}")
        for r in rows:
            t = "-" if r["torch_s"] is None else f"{r['torch_s']:.3e}"
            q = "-" if r["time_ratio"] is None else f"{r['time_ratio']:.2f}"
            dd = "-" if r["max_rel_param_diff"] is None else f"{r['max_rel_param_diff']:.1e}"
            print(f"{r['width']:>8} {r['ours_s']:>10.3e} {t:>10} {q:>7} {dd:>11}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
