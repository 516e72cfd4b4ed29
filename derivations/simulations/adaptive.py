"""``specbias simulate adaptive``: the adaptive (rich) regime of shallow networks.

Trains Σ v_i σ(w_i·x + b_i) + c by full-batch gradient descent from an initial scale S and
reports, in RS coordinates, how many hyperplanes ended pinned to data points, how they cluster,
whether the pinning condition predicted what training did, and whether the RS flow integrated
on its own reproduces the mapped parameter flow between crossing events.

    specbias simulate adaptive --activation relu --dim 2 --target disc_step --init-scale 0.01 \\
        [--width 100] [--n 50] [--steps 20000] [--lr auto] [--seed 0] [--sweep 1e-3,1e-2,0.1,1,10] \\
        [--data FILE.npz|csv] [--format text|json] [--out DIR]

JSON fields: pinned_fraction, n_clusters, pin_prediction_accuracy, rs_flow_max_err, train_loss,
plus the configuration, cluster multiplicities and alignment, the confusion counts of the pin
prediction, the RS-flow check's details and, with --sweep, the curve over the initial scale.
"""

from __future__ import annotations

import json
import os
import sys

import numpy as np

from specbias.core.errors import InputError, ParameterError

SWEEP_KEYS = ("init_scale", "pinned_fraction", "n_clusters", "train_loss", "relative_weight_change", "lr",
              "pin_prediction_accuracy", "min_distance_quantiles")


def register(kinds):
    from specbias.numerics.targets import target_names

    p = kinds.add_parser("adaptive", help="adaptive regime: hyperplane pinning and clustering in RS coordinates")
    p.add_argument("--activation", default="relu", help="catalogue name or expression (default relu)")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", help="activation parameter")
    p.add_argument("--dim", type=int, default=2, help="input dimension (default 2)")
    p.add_argument("--target", default="disc_step", help=f"one of {', '.join(target_names())} (default disc_step)")
    p.add_argument("--data", default=None, help="custom data: .npz with arrays X, y, or .csv with columns x_1..x_d, y")
    p.add_argument("--init-scale", type=float, default=0.01, help="initial scale S (small: adaptive, large: kernel)")
    p.add_argument("--width", type=int, default=100)
    p.add_argument("--n", type=int, default=50, help="number of training points (default 50)")
    p.add_argument("--steps", type=int, default=20000)
    p.add_argument("--lr", default="auto", help="learning rate, or 'auto' = min(0.2, 1/λ_max(NTK at init))")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--init", choices=("centered", "antisymmetric", "plain"), default="centered",
                   help="f0 removal: centered (subtract the frozen initial net), antisymmetric pairs, or none")
    p.add_argument("--pin-tol", type=float, default=1e-3, help="distance below which a hyperplane is pinned")
    p.add_argument("--cluster-eps", type=float, default=0.02, help="ε for merging (u, τ) into clusters")
    p.add_argument("--sweep", default=None, metavar="S1,S2,...",
                   help="also run these initial scales (same data and seed) and report the pinned-fraction curve")
    p.add_argument("--checkpoints", type=int, default=100,
                   help="checkpoints at which the pinning condition is evaluated (default 100)")
    p.add_argument("--no-rs-flow", action="store_true", help="skip the RS-flow integration check")
    p.add_argument("--rs-flow-time", type=float, default=None, help="flow time of the RS check (default lr·steps/100)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--out", default=None, help="directory for figures and result.json")
    p.set_defaults(func=run)


def _load_data(path: str, dim: int):
    from specbias.numerics.network import check_data

    if not os.path.isfile(path):
        raise InputError(f"data file {path!r} does not exist")
    try:
        if path.endswith(".npz"):
            with np.load(path) as z:
                if "X" not in z or "y" not in z:
                    raise InputError(f"{path}: the .npz file must hold arrays 'X' and 'y'")
                X, y = np.asarray(z["X"], dtype=np.float64), np.asarray(z["y"], dtype=np.float64)
        else:
            A = np.loadtxt(path, delimiter=",", ndmin=2)
            X, y = A[:, :-1], A[:, -1]
    except (ValueError, OSError) as exc:
        raise InputError(f"cannot read data file {path!r}: {exc}") from None
    if X.ndim == 1:
        X = X[:, None]
    return check_data(X, y, dim)


def _scales(text):
    try:
        vals = [float(s) for s in str(text).split(",") if s.strip()]
    except ValueError:
        raise ParameterError(f"--sweep expects comma-separated numbers, got {text!r}") from None
    if not vals:
        raise ParameterError("--sweep needs at least one scale")
    for v in vals:
        if not np.isfinite(v) or v <= 0:
            raise ParameterError(f"initial scales must be positive, got {v}")
    return vals


def run(args) -> int:
    from specbias.numerics.adaptive import run_experiment, scale_sweep
    from specbias.numerics.targets import target_names
    from specbias.core.activations import resolve_activation
    from specbias.core.errors import DimensionError

    from ..cli import parse_params

    act = resolve_activation(args.activation, **parse_params(args.param))
    if args.dim < 1:
        raise DimensionError(f"--dim must be >= 1, got {args.dim}")
    if args.width < 1:
        raise ParameterError(f"--width must be a positive integer, got {args.width}")
    if not np.isfinite(args.init_scale) or args.init_scale <= 0:
        raise ParameterError(f"--init-scale must be positive, got {args.init_scale}")
    if args.target not in target_names():
        raise InputError(f"unknown target {args.target!r}; known: {', '.join(target_names())}")
    if args.checkpoints < 1 or args.steps < 1 or args.n < 1:
        raise ParameterError("--checkpoints, --steps and --n must be positive integers")
    lr = None if str(args.lr).strip().lower() == "auto" else args.lr
    if lr is not None:
        try:
            lr = float(lr)
        except ValueError:
            raise ParameterError(f"--lr must be a number or 'auto', got {args.lr!r}") from None
    data = _load_data(args.data, args.dim) if args.data else None
    sweep = _scales(args.sweep) if args.sweep else None
    common = dict(activation=act, dim=args.dim, target=args.target, width=args.width, n=args.n, steps=args.steps,
                  lr=lr, seed=args.seed, pin_tol=args.pin_tol, cluster_eps=args.cluster_eps, init=args.init,
                  data=data, checkpoints=args.checkpoints)
    progress = sys.stderr.isatty()
    res = run_experiment(init_scale=args.init_scale, rs_flow=not args.no_rs_flow, rs_flow_time=args.rs_flow_time,
                         progress=progress, **common)
    report = {k: v for k, v in res.items() if not k.startswith("_")}
    sweep_res = None
    if sweep:
        sweep_res = scale_sweep(sweep, progress=progress, **common)
        report["sweep"] = [{k: r[k] for k in SWEEP_KEYS} for r in sweep_res]
        lo, hi = sweep_res[int(np.argmin(sweep))], sweep_res[int(np.argmax(sweep))]
        report["regimes_separate"] = {
            "smallest_scale": lo["init_scale"], "pinned_fraction_small": lo["pinned_fraction"],
            "largest_scale": hi["init_scale"], "pinned_fraction_large": hi["pinned_fraction"],
            "difference": lo["pinned_fraction"] - hi["pinned_fraction"]}
    if args.out:
        os.makedirs(args.out, exist_ok=True)
        report["figures"] = _figures(res, sweep_res, args.out)
        with open(os.path.join(args.out, "result.json"), "w") as fh:
            json.dump(report, fh, indent=2)
    if args.format == "json":
        print(json.dumps(report, indent=2))
    else:
        print(_text(report))
    return 0


def _fmt(x, spec=".3g"):
    return "n/a" if x is None else format(x, spec)


def _text(r: dict) -> str:
    pp = r["pin_prediction"]
    lines = [
        f"adaptive regime: σ = {r['activation']}, d = {r['dim']}, target = {r['target']} (n = {r['n']}), "
        f"width = {r['width']}, init scale = {r['init_scale']:g}, init = {r['init']}",
        f"  GD: {r['steps']} steps, lr = {r['lr']:.3g}; loss {r['initial_loss']:.3e} -> {r['train_loss']:.3e}; "
        f"relative weight change {r['relative_weight_change']:.3g}",
        f"  pinned fraction (distance < {r['pin_tol']:g}): {r['pinned_fraction']:.3f} "
        f"(at init {r['pinned_fraction_init']:.3f})",
        f"  clusters (ε = {r['cluster_eps']:g}): {r['n_clusters']} among {r['clusters']['n_considered']} neurons, "
        f"multiplicities {r['clusters']['multiplicities'][:12]}{' …' if len(r['clusters']['multiplicities']) > 12 else ''}, "
        f"min |u_i·u_k| within clusters {_fmt(r['clusters']['alignment_min'], '.6f')}",
    ]
    if "skipped" in pp:
        lines.append(f"  pin prediction: skipped ({pp['skipped']})")
    else:
        lines.append(f"  pin prediction accuracy: {_fmt(r['pin_prediction_accuracy'], '.3f')} (balanced "
                     f"{_fmt(pp['balanced_accuracy'], '.3f')}, always-the-majority baseline "
                     f"{_fmt(pp['majority_baseline'], '.3f')}) over {pp['n_pairs']} pairs "
                     f"(TP {pp['true_pos']}, TN {pp['true_neg']}, FP {pp['false_pos']}, FN {pp['false_neg']}; "
                     f"undecidable {pp['n_undecidable']}, multi-datum {pp['n_multi']})")
    if r.get("near_pinning_rho_spearman") is not None:
        lines.append(f"  near-pinning (smooth σ): Spearman(ρ_i, min distance_i) = {r['near_pinning_rho_spearman']:.3f} "
                     "(negative: sharper neurons sit closer to data)")
    if r.get("rs_flow"):
        f = r["rs_flow"]
        lines.append(f"  RS flow vs mapped parameter flow: max err {_fmt(r['rs_flow_max_err'], '.2e')} over "
                     f"{f['n_compared']} samples in {f['n_segments']} crossing-free stretches "
                     f"(flow time {f['t_end']:.3g}, {f['n_crossings']} crossing intervals)")
    if "fit1d" in r:
        f = r["fit1d"]
        lines.append(f"  1-D fit vs splines through the data (relative RMS on the data range): natural cubic "
                     f"{f['rel_rms_to_cubic_spline']:.3g}, linear {f['rel_rms_to_linear_spline']:.3g} "
                     f"(cubic vs linear {f['rel_rms_cubic_vs_linear']:.3g})")
    if "conserved_max_drift_gd" in r:
        lines.append(f"  conserved k v² − ‖w‖² − b² under GD: max drift {r['conserved_max_drift_gd']:.2e} "
                     f"(O(lr²) per step for GD; exact for the flow)")
    if "sweep" in r:
        lines.append("  scale sweep (same data and seed):")
        lines.append("    init_scale  pinned  clusters  train_loss  weight_change")
        for s in r["sweep"]:
            lines.append(f"    {s['init_scale']:10.3g}  {s['pinned_fraction']:6.3f}  {s['n_clusters']:8d}  "
                         f"{s['train_loss']:10.3e}  {s['relative_weight_change']:.3g}")
        rs = r["regimes_separate"]
        lines.append(f"    pinned fraction at S = {rs['smallest_scale']:g}: {rs['pinned_fraction_small']:.3f}, "
                     f"at S = {rs['largest_scale']:g}: {rs['pinned_fraction_large']:.3f}")
    if "figures" in r:
        lines.append("  figures: " + ", ".join(r["figures"]))
    return "\n".join(lines)


def _figures(res: dict, sweep_res, out: str) -> list[str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from specbias.numerics.adaptive import rs_coordinates

    files = []
    floor = 1e-12
    fig, ax = plt.subplots(figsize=(6, 4))
    bins = np.linspace(-12, 1, 53)
    ax.hist(np.log10(np.maximum(res["_min_dist0"], floor)), bins=bins, alpha=0.6, label="init")
    ax.hist(np.log10(np.maximum(res["_min_dist"], floor)), bins=bins, alpha=0.6, label="trained")
    ax.axvline(np.log10(res["pin_tol"]), color="k", ls="--", lw=1, label="pin tol")
    ax.set_xlabel(r"$\log_{10}\min_j |u_i\cdot x_j-\tau_i|$")
    ax.set_ylabel("neurons")
    ax.set_title(f"{res['activation']}, S = {res['init_scale']:g}")
    ax.legend()
    fig.tight_layout()
    files.append(_save(fig, out, "distances.png"))
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(6, 4))
    ax.semilogy(res["_losses"])
    ax.set_xlabel("step")
    ax.set_ylabel("loss")
    fig.tight_layout()
    files.append(_save(fig, out, "loss.png"))
    plt.close(fig)

    net, X, y = res["_net"], res["_X"], res["_y"]
    rs = rs_coordinates(net)
    wgt = np.abs(rs.v) * rs.rho
    big = wgt >= 1e-3 * wgt.max()
    if X.shape[1] == 2:
        fig, ax = plt.subplots(figsize=(5.5, 5.5))
        t = np.linspace(-1.2, 1.2, 2)
        for i in np.flatnonzero(big):
            u, tau = rs.u[i], rs.tau[i]
            col = "tab:red" if rs.v[i] > 0 else "tab:blue"
            if abs(u[1]) > abs(u[0]):
                ax.plot(t, (tau - u[0] * t) / u[1], color=col, lw=0.6, alpha=0.5)
            else:
                ax.plot((tau - u[1] * t) / u[0], t, color=col, lw=0.6, alpha=0.5)
        sc = ax.scatter(X[:, 0], X[:, 1], c=y, s=18, cmap="viridis", zorder=3, edgecolors="k", linewidths=0.3)
        fig.colorbar(sc, ax=ax, shrink=0.8, label="y")
        ax.set_xlim(-1.2, 1.2)
        ax.set_ylim(-1.2, 1.2)
        ax.set_aspect("equal")
        ax.set_title(f"hyperplanes (red v>0, blue v<0), S = {res['init_scale']:g}")
        fig.tight_layout()
        files.append(_save(fig, out, "hyperplanes.png"))
        plt.close(fig)
    if X.shape[1] == 1:
        fig, ax = plt.subplots(figsize=(6, 4))
        g = np.linspace(X.min() - 0.2, X.max() + 0.2, 800)[:, None]
        ax.plot(g[:, 0], net(g), label="trained net")
        ax.plot(g[:, 0], res["_net0"](g), lw=0.8, alpha=0.6, label="initial net")
        ax.scatter(X[:, 0], y, color="k", zorder=3, s=15, label="data")
        knots = (rs.tau * rs.u[:, 0])[big]
        ax.plot(knots, np.full_like(knots, ax.get_ylim()[0]), "|", color="tab:red", ms=12, label="knots")
        ax.legend()
        ax.set_title(f"1-D fit, S = {res['init_scale']:g}")
        fig.tight_layout()
        files.append(_save(fig, out, "fit1d.png"))
        plt.close(fig)
    if sweep_res:
        fig, ax = plt.subplots(figsize=(6, 4))
        s = [r["init_scale"] for r in sweep_res]
        ax.semilogx(s, [r["pinned_fraction"] for r in sweep_res], "o-", label="pinned fraction")
        ax.semilogx(s, [r["n_clusters"] / max(r["clusters"]["n_considered"], 1) for r in sweep_res], "s--",
                    label="clusters / neurons")
        ax.set_xlabel("initial scale S")
        ax.set_ylim(0, 1.05)
        ax.legend()
        ax.set_title(f"{sweep_res[0]['activation']}: kernel (large S) vs adaptive (small S)")
        fig.tight_layout()
        files.append(_save(fig, out, "sweep.png"))
        plt.close(fig)
    return files


def _save(fig, out, name):
    path = os.path.join(out, name)
    fig.savefig(path, dpi=110)
    return path
