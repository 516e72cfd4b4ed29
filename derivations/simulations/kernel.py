"""``specbias simulate kernel``: kernel-regime random features and lazy networks vs the predicted
minimum-seminorm interpolant (issue 4)."""

from __future__ import annotations

import math
import os

from specbias.core.errors import DimensionError, InputError, ParameterError
from specbias.derivations.simulations.common import (add_activation_options, add_output_options, parse_ints, print_figures, pyplot,
                                                   save_figure, write_record)

DEFAULT_WIDTHS = "100,1000,10000,100000"
DEFAULT_NET_WIDTHS = "100,1000,3000"


def register(kinds):
    p = kinds.add_parser(
        "kernel", help="random-feature and lazy-GD interpolants vs the predicted minimum-seminorm interpolant",
        description="Minimum-norm random-feature interpolation (hyperplanes u uniform on the sphere, τ uniform on "
                    "[-T, T]) and lazy GD of a shallow network, compared with kernel interpolation by the "
                    "kernel with spectrum |ξ|^{1-d}|σ̂|² plus the null space.")
    add_activation_options(p)
    p.add_argument("--dim", type=int, default=2)
    p.add_argument("--target", default="bessel_ring", help="doppler2d, bessel_ring, disc_step, random")
    p.add_argument("--widths", default=DEFAULT_WIDTHS, help=f"random-feature widths (default {DEFAULT_WIDTHS})")
    p.add_argument("--net-widths", default=DEFAULT_NET_WIDTHS,
                   help=f"network widths for lazy GD (default {DEFAULT_NET_WIDTHS}; 'none' to skip)")
    p.add_argument("--n-train", type=int, default=40)
    p.add_argument("--n-test", type=int, default=1000)
    p.add_argument("--steps", type=int, default=None,
                   help="GD steps for the networks (default 8000 for homogeneous σ, 2000 otherwise)")
    p.add_argument("--T", type=float, default=None,
                   help="τ uniform on [-T, T] (T >= 1). Default: 1 for homogeneous σ (every hyperplane meets the unit "
                        "ball; keeps the tangent kernel's constant mode, and so GD's conditioning, small); 1 + 6/ρ "
                        "otherwise (smooth σ must also see hyperplanes just outside the ball)")
    p.add_argument("--rho", type=float, default=None, help="bandwidth for non-homogeneous σ (default 6)")
    p.add_argument("--seed", type=int, default=0)
    add_output_options(p)
    p.set_defaults(func=run)


def _widths(text, name):
    if text is None or str(text).strip().lower() in ("none", ""):
        return []
    return parse_ints(text, f"--{name} expects integers such as 100,1000, got {text!r}",
                      f"--{name} must be positive integers, got {text!r}")


def _figures(ex, out):
    plt = pyplot()
    import numpy as np

    n = 51
    g = np.linspace(-1, 1, n)
    XX, YY = np.meshgrid(g, g, indexing="xy")
    P = np.stack([XX.ravel(), YY.ravel()], 1)
    inside = (P ** 2).sum(1) <= 1
    pred = np.full(len(P), np.nan)
    pred[inside] = ex.extra["prediction"](P[inside])
    panels = [("prediction (min-seminorm interpolant)", pred)]
    learned = []
    if ex.extra.get("net") is not None:
        f = np.full(len(P), np.nan)
        f[inside] = ex.extra["net"](P[inside])
        learned.append((f"lazy network, width {ex.net_widths[-1]}", f))
    rf = np.full(len(P), np.nan)
    rf[inside] = ex.extra["rf"](P[inside])
    learned.append((f"random features, width {ex.widths[-1]}", rf))
    paths = []
    for title, f in learned:
        fig, axs = plt.subplots(1, 3, figsize=(13, 4))
        vmin, vmax = np.nanmin(pred), np.nanmax(pred)
        for ax, (t, v) in zip(axs, [(title, f), panels[0], ("difference", f - pred)]):
            kw = dict(vmin=vmin, vmax=vmax) if t != "difference" else {}
            im = ax.imshow(v.reshape(n, n), origin="lower", extent=(-1, 1, -1, 1), cmap="viridis" if t != "difference" else "RdBu_r", **kw)
            ax.set_title(t, fontsize=9)
            fig.colorbar(im, ax=ax, shrink=0.8)
        Xd = ex.extra["X"]
        axs[1].scatter(Xd[:, 0], Xd[:, 1], s=6, c="k")
        fig.suptitle(f"{ex.activation}, target {ex.target}, d = 2")
        kind = "network" if title.startswith("lazy") else "rf"
        path = os.path.join(out, f"kernel_{ex.activation}_{ex.target}_{kind}.png")
        paths.append(save_figure(fig, path))
    fig, ax = plt.subplots(figsize=(5, 4))
    ax.loglog(ex.widths, ex.rf_gap, "o-", label="RF (free null space) vs prediction")
    ax.loglog(ex.widths, ex.rf_plain_gap, "s--", label="plain min-norm RF vs prediction")
    if ex.net_widths:
        ax.loglog(ex.net_widths, ex.net_gap, "^-", label="network vs prediction")
        ax.loglog(ex.net_widths, ex.net_dyn_gap, "v-", label=f"network vs ∞-width kernel GD ({ex.steps} steps)")
    ax.set_xlabel("width")
    ax.set_ylabel("relative L² gap")
    ax.legend(fontsize=7)
    path = os.path.join(out, f"kernel_{ex.activation}_{ex.target}_d{ex.dim}_gaps.png")
    paths.append(save_figure(fig, path))
    return paths


def run(args) -> int:
    from specbias.derivations.cli import parse_params
    from specbias.numerics.kernel_regime import run_kernel_experiment
    from specbias.numerics.targets import TARGETS
    from specbias.core.activations import resolve_activation

    if args.dim is None or args.dim < 1:
        raise DimensionError(f"--dim must be an integer >= 1, got {args.dim}")
    if args.target not in TARGETS or args.target == "digits":
        raise InputError(f"unknown target {args.target!r}; choose from doppler2d, bessel_ring, disc_step, random")
    if args.n_train < 2 or args.n_test < 1 or (args.steps is not None and args.steps < 0):
        raise ParameterError("--n-train must be >= 2, --n-test >= 1 and --steps >= 0")
    if args.T is not None and not (math.isfinite(args.T) and args.T >= 1):
        raise ParameterError(f"--T must be >= 1 (data lie in the unit ball), got {args.T}")
    if args.rho is not None and not (math.isfinite(args.rho) and args.rho > 0):
        raise ParameterError(f"--rho must be positive, got {args.rho}")
    act = resolve_activation(args.activation, **parse_params(args.param))
    from specbias.numerics.seminorm import get_spectrum

    get_spectrum(act)  # DegenerateSeminorm for sin-like σ, before any work
    widths = _widths(args.widths, "widths")
    net_widths = _widths(args.net_widths, "net-widths")
    ex = run_kernel_experiment(act, args.dim, args.target, widths=widths, net_widths=net_widths,
                               n_train=args.n_train, n_test=args.n_test, seed=args.seed, T=args.T, rho=args.rho,
                               steps=args.steps, progress=True)
    figs = []
    if args.out:
        os.makedirs(args.out, exist_ok=True)
        if args.dim == 2:
            figs = _figures(ex, args.out)
    rec = ex.to_json()
    rec["figures"] = figs
    rec["sampling"] = (f"u uniform on S^{args.dim - 1}, τ uniform on [-{ex.T:g}, {ex.T:g}] (ζ constant on every "
                       "hyperplane meeting the unit ball)")
    if write_record(rec, args, f"kernel_{ex.activation}_{ex.target}_d{ex.dim}.json", default=float):
        return 0
    print(f"kernel regime: σ = {ex.activation}, d = {ex.dim}, target {ex.target}, n = {ex.n_train}, seed {ex.seed}")
    print(f"  prediction: {ex.kernel}; {rec['sampling']}; ρ = {ex.rho:g}")
    print(f"  {'width':>8}  {'RF gap':>10}  {'plain RF gap':>12}")
    for w, g1, g2 in zip(ex.widths, ex.rf_gap, ex.rf_plain_gap):
        print(f"  {w:>8}  {g1:10.3e}  {g2:12.3e}")
    print(f"  RF gap log-log slope: {ex.rf_slope:.3f}")
    if ex.net_widths:
        print(f"  {'width':>8}  {'net gap':>10}  {'net vs ∞-width GD':>18}  {'train loss':>10}   ({ex.steps} GD steps)")
        for w, g1, g2, l in zip(ex.net_widths, ex.net_gap, ex.net_dyn_gap, ex.net_loss):
            print(f"  {w:>8}  {g1:10.3e}  {g2:18.3e}  {l:10.3e}")
        print(f"  network gap slope: {ex.net_slope:.3f}; network vs infinite-width kernel GD slope: {ex.net_dyn_slope:.3f}")
    print_figures(figs)
    return 0
