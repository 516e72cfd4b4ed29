"""Benchmark: one training epoch of numerics.mlp.MLP (NumPy, analytic gradients, Adam) against the
same network in PyTorch on CPU (nn.Sequential of nn.Linear/nn.ReLU, torch.optim.Adam), issue 12.

Same start (our initial parameters copied into torch), same data (the 64×64 pixel grid in [0,1]²
with the NeRF encoding L = 5, 20 input features, and the random image), same mini-batches in the same
order (batch 512, 8 Adam steps per epoch, lr 1e-3), float64 on both sides, ONE thread on both sides
(threadpoolctl for NumPy's BLAS, torch.set_num_threads(1)).  After the timed epochs both sides are
run once more from the same start and the parameters compared (max relative difference: must be at
rounding level, so both compute the same epoch).  Times are the median of --repeat epochs after one
warm-up epoch; ``time_ratio`` = ours_s / torch_s (< 1: NumPy faster).

PyTorch is the optional extra ``bench``; without it the script says so, times our epoch, exits 0.

Usage:  python benchmarks/mlp_epoch.py [--json] [--sizes 2x128,4x256] [--batch 512] [--repeat 7]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from specbias.numerics.images import encode, make_task, parse_input  # noqa: E402
from specbias.numerics.mlp import MLP, Adam, train_epoch  # noqa: E402


def _median_time(fn, repeat):
    fn()  # warm-up
    ts = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t)
    return statistics.median(ts)


def _torch_model(torch, net):
    layers = []
    for i, (W, b) in enumerate(zip(net.W, net.b)):
        lin = torch.nn.Linear(W.shape[1], W.shape[0], dtype=torch.float64)
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(W))
            lin.bias.copy_(torch.from_numpy(b))
        layers.append(lin)
        if i < len(net.W) - 1:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


def _torch_epoch(torch, model, opt, Xt, yt, order, batch):
    lossf = torch.nn.MSELoss()
    for s in range(0, len(order), batch):
        idx = order[s:s + batch]
        opt.zero_grad(set_to_none=True)
        loss = lossf(model(Xt[idx])[:, 0], yt[idx])
        loss.backward()
        opt.step()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="2x128,4x256", help="DEPTHxWIDTH list")
    ap.add_argument("--batch", type=int, default=512)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    try:
        import torch
    except ImportError:
        torch = None
        print("benchmarks/mlp_epoch.py: PyTorch is not installed (optional extra 'bench': "
              "pip install torch==2.13.0); timing the NumPy epoch only.", file=sys.stderr)
    from threadpoolctl import threadpool_limits

    task = make_task("random-image", size=64, seed=0)
    X = encode(parse_input("nerf:5"), task.coords01)
    y = task.y
    order = np.random.default_rng(0).permutation(len(y))
    rows = []
    with threadpool_limits(1):
        if torch is not None:
            torch.set_num_threads(1)
        for size in args.sizes.split(","):
            depth, width = (int(v) for v in size.lower().split("x"))
            net0 = MLP.init(X.shape[1], depth, width, seed=1)
            Xo, yo = X[order], y[order]  # fixed batch order: the same batches as torch

            ours = net0.copy()
            opt = Adam(ours.params(), lr=1e-3)
            ours_s = _median_time(lambda: train_epoch(ours, opt, Xo, yo, args.batch), args.repeat)
            row = {"size": size, "n": len(y), "batch": args.batch, "in_dim": X.shape[1], "params": net0.n_params,
                   "ours_s": ours_s, "torch_s": None, "time_ratio": None, "max_rel_param_diff": None}
            if torch is not None:
                Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
                ot = torch.from_numpy(order)
                model = _torch_model(torch, net0)
                topt = torch.optim.Adam(model.parameters(), lr=1e-3)
                row["torch_s"] = _median_time(lambda: _torch_epoch(torch, model, topt, Xt, yt, ot, args.batch),
                                              args.repeat)
                row["time_ratio"] = ours_s / row["torch_s"]
                a = net0.copy()
                train_epoch(a, Adam(a.params(), lr=1e-3), Xo, yo, args.batch)
                model = _torch_model(torch, net0)
                _torch_epoch(torch, model, torch.optim.Adam(model.parameters(), lr=1e-3), Xt, yt, ot, args.batch)
                th_t = np.concatenate([p.detach().numpy().ravel() for p in model.parameters()])
                th = a.get_flat()
                row["max_rel_param_diff"] = float(np.max(np.abs(th - th_t)) / np.max(np.abs(th)))
            rows.append(row)
    info = {"numpy": np.__version__, "torch": None if torch is None else torch.__version__, "threads": 1,
            "cpus": os.cpu_count(), "rows": rows}
    if args.json:
        print(json.dumps(info, indent=2))
    else:
        print(f"numpy {info['numpy']}, torch {info['torch']}, 1 thread each, float64, n = {len(y)}, batch {args.batch}")
        print(f"{'size':>7} {'params':>7} {'ours_s':>10} {'torch_s':>10} {'ratio':>6} {'param diff':>11}")
        for r in rows:
            t = "-" if r["torch_s"] is None else f"{r['torch_s']:.3e}"
            q = "-" if r["time_ratio"] is None else f"{r['time_ratio']:.2f}"
            dd = "-" if r["max_rel_param_diff"] is None else f"{r['max_rel_param_diff']:.1e}"
            print(f"{r['size']:>7} {r['params']:>7} {r['ours_s']:>10.3e} {t:>10} {q:>6} {dd:>11}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
