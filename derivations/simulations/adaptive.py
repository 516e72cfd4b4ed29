"""``specbias simulate adaptive``: the adaptive (rich) regime of shallow networks.

Trains Σ v_i σ(w_i·x + b_i) + c by full-batch gradient descent from an initial scale S and
reports, in RS coordinates, how many hyperplanes ended pinned to data points, how they cluster,
whether the pinning condition predicted what training did, and whether the RS flow integrated
on its own reproduces the mapped parameter flow between crossing events.

    specbias simulate adaptive --activation relu --dim 2 --target disc_step --init-scale 0.01 \\
        [--width 100] [--n 50] [--steps 20000] [--lr auto] [--seed 0] \\
        [--sweep 1e-3,1e-2,0.1,1,10,100 [--sweep-seeds 0,1,2]] [--rs-flow-fraction 0.55] \\
        [--data FILE.npz|csv] [--format text|json] [--out DIR]

JSON fields: pinned_fraction, n_clusters, pin_prediction_accuracy, rs_flow_max_err, train_loss,
plus the configuration, cluster multiplicities and alignment, ``pin_prediction`` (confusion
counts per window, balanced accuracy, majority and persistence baselines, new-pin recall,
distinct pairs), ``rs_flow`` (the hybrid RS flow against the mapped parameter flow through
crossings and sliding: max_err, t_covered_fraction, n_sliding, the small-step GD comparison),
``near_pinning`` for smooth σ, ``digits`` for the digits target and, with --sweep, the curve
over the initial scale with seeds and error bars.
"""

from __future__ import annotations

import json
import os
import sys

import numpy as np

from specbias.core.errors import InputError, ParameterError
from specbias.derivations.simulations.common import add_activation_options, add_output_options, parse_ints, pyplot, save_figure



def register(kinds):
    from specbias.numerics.targets import target_names

    p = kinds.add_parser("adaptive", help="adaptive regime: hyperplane pinning and clustering in RS coordinates")
    add_activation_options(p, "catalogue name or expression (default relu)")
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
                   help="also run these initial scales (each for every --sweep-seeds seed) and report the curves "
                        "with error bars (e.g. 1e-3,1e-2,0.1,1,10,100)")
    p.add_argument("--sweep-seeds", default="0,1,2", metavar="N1,N2,...",
                   help="seeds of the sweep (data and initialization; default 0,1,2)")
    p.add_argument("--rs-flow-fraction", type=float, default=0.55,
                   help="fraction of the run's flow time lr·steps over which the hybrid RS flow is checked")
    p.add_argument("--no-rs-flow-gd", action="store_true", help="skip the small-step GD comparison of the RS check")
    p.add_argument("--checkpoints", type=int, default=100,
                   help="checkpoints at which the pinning condition is evaluated (default 100)")
    p.add_argument("--no-rs-flow", action="store_true", help="skip the RS-flow integration check")
    p.add_argument("--rs-flow-time", type=float, default=None,
                   help="flow time of the RS check (default: --rs-flow-fraction × lr·steps)")
    add_output_options(p, "directory for figures and result.json")
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


def _seeds(text):
    return parse_ints(text, f"--sweep-seeds expects comma-separated integers, got {text!r}",
                      f"--sweep-seeds needs non-negative integers, got {text!r}", lo=0)


def run(args) -> int:
    from specbias.numerics.adaptive import run_experiment, sweep_statistics
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
    seeds = _seeds(args.sweep_seeds)
    if not np.isfinite(args.rs_flow_fraction) or not 0 < args.rs_flow_fraction <= 1:
        raise ParameterError(f"--rs-flow-fraction must be in (0, 1], got {args.rs_flow_fraction}")
    common = dict(activation=act, dim=args.dim, target=args.target, width=args.width, n=args.n, steps=args.steps,
                  lr=lr, seed=args.seed, pin_tol=args.pin_tol, cluster_eps=args.cluster_eps, init=args.init,
                  data=data, checkpoints=args.checkpoints)
    progress = sys.stderr.isatty()
    res = run_experiment(init_scale=args.init_scale, rs_flow=not args.no_rs_flow, rs_flow_time=args.rs_flow_time,
                         rs_flow_fraction=args.rs_flow_fraction, rs_flow_gd=not args.no_rs_flow_gd,
                         progress=progress, **common)
    report = {k: v for k, v in res.items() if not k.startswith("_")}
    sweep_res = None
    if sweep:
        common.pop("seed")
        sw = sweep_statistics(sweep, seeds=seeds, progress=progress, **common)
        sweep_res = sw
        report["sweep"] = sw["rows"]
        report["regimes_separate"] = sw["regimes_separate"]
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


def _pm(d, spec=".3f"):
    if d is None or d.get("mean") is None:
        return "n/a"
    return format(d["mean"], spec) + ("" if d.get("std") is None else " ± " + format(d["std"], spec))


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
        lines.append(f"  pin prediction ({pp['n_pairs']} pair-windows, {pp['n_distinct_pairs']} distinct pairs, "
                     f"{pp['n_windows']} windows): accuracy {_fmt(pp['accuracy'], '.3f')}, balanced "
                     f"{_fmt(pp['balanced_accuracy'], '.3f')}; baselines: persistence {_fmt(pp['persistence_baseline'], '.3f')} "
                     f"(balanced {_fmt(pp['persistence_balanced_accuracy'], '.3f')}), majority "
                     f"{_fmt(pp['majority_baseline'], '.3f')}")
        lines.append(f"    where persistence is wrong ({pp['n_persistence_wrong']} pair-windows): condition right on "
                     f"{_fmt(pp['accuracy_where_persistence_wrong'], '.3f')}; new pinnings: recall "
                     f"{_fmt(pp['new_pin_recall'], '.3f')} of {pp['n_new_pins']}, precision "
                     f"{_fmt(pp['new_pin_precision'], '.3f')} (TP {pp['true_pos']}, TN {pp['true_neg']}, "
                     f"FP {pp['false_pos']}, FN {pp['false_neg']}; undecidable {pp['n_undecidable']}, "
                     f"multi-datum {pp['n_multi']})")
    if r.get("near_pinning"):
        npn = r["near_pinning"]
        lines.append(f"  near-pinning (smooth σ): Spearman(ρ_i, distance_i) = {_fmt(r.get('near_pinning_rho_spearman'))}; "
                     f"median ρ {npn['rho_quantiles']['0.5']:.3g}, median distance {npn['distance_quantiles']['0.5']:.3g} "
                     f"= {npn['distance_in_bandwidths_quantiles']['0.5']:.3g} bandwidths 1/ρ; within one bandwidth "
                     f"{npn['fraction_within_one_bandwidth']:.3f} (at init "
                     f"{r['near_pinning_init']['fraction_within_one_bandwidth']:.3f})")
        npp = r.get("near_pin_prediction") or {}
        lines.append(f"    effective condition (frozen residuals, σ'(z*) = A/B stable) as a predictor of staying within "
                     f"one bandwidth: accuracy {_fmt(npp.get('accuracy'), '.3f')}, balanced "
                     f"{_fmt(npp.get('balanced_accuracy'), '.3f')}, persistence {_fmt(npp.get('persistence_baseline'), '.3f')} "
                     f"over {npp.get('n_pairs', 0)} pair-windows")
    if r.get("rs_flow"):
        f = r["rs_flow"]
        if f.get("method") == "hybrid":
            lines.append(f"  RS flow (hybrid: crossings, sliding, exits) vs mapped parameter flow: max err "
                         f"{_fmt(r['rs_flow_max_err'], '.2e')} over {_fmt(f['t_covered_fraction'], '.2f')} of the run's "
                         f"flow time ({f['t_end']:.4g} of {f['t_run']:.4g}); {f['n_crossings']} crossings, "
                         f"{f['n_sliding']} sliding segments, {f['n_exits']} exits; events agree: {f['events_agree']}"
                         + (f"; stopped: {f['stopped']}" if f.get("stopped") else ""))
            if f.get("gd"):
                lines.append("    small-step GD vs hybrid RS flow: " + ", ".join(
                    f"lr {g['lr']:.3g}: {_fmt(g['max_err'], '.2e')}" for g in f["gd"]) + " (first order: halves with lr)")
        else:
            lines.append(f"  RS flow vs mapped parameter flow: max err {_fmt(r['rs_flow_max_err'], '.2e')} over "
                         f"{f['n_compared']} samples in {f['n_segments']} crossing-free stretches "
                         f"(flow time {f['t_end']:.3g}, {f['n_crossings']} crossing intervals)")
    if "fit1d" in r:
        f = r["fit1d"]
        lines.append(f"  1-D fit vs splines through the data (relative RMS on the data range): natural cubic "
                     f"{f['rel_rms_to_cubic_spline']:.3g}, linear {f['rel_rms_to_linear_spline']:.3g} "
                     f"(cubic vs linear {f['rel_rms_cubic_vs_linear']:.3g})")
    if "digits" in r:
        g = r["digits"]
        lines.append(f"  digits: {g['n_pinned']} pinned neurons on {g['n_attracting_points']} data points; by digit "
                     f"{g['pinned_neurons_by_digit']} (data by digit {g['data_by_digit']})")
    if "conserved_max_drift_gd" in r:
        lines.append(f"  conserved k v² − ‖w‖² − b² under GD: max drift {r['conserved_max_drift_gd']:.2e} "
                     f"(O(lr²) per step for GD; exact for the flow)")
    if "sweep" in r:
        lines.append(f"  scale sweep (seeds {r['sweep'][0]['seeds']}; mean ± std):")
        lines.append("    init_scale  pinned           clusters/neuron  largest cluster  weight_change")
        for s in r["sweep"]:
            st = s["stats"]
            lines.append(f"    {s['init_scale']:10.3g}  {_pm(st['pinned_fraction']):15s}  {_pm(st['clusters_per_neuron']):15s}  "
                         f"{_pm(st['largest_cluster_share']):15s}  {_pm(st['relative_weight_change'], '.3g')}")
        rs = r["regimes_separate"]
        lines.append(f"    pinned fraction at S = {rs['smallest_scale']:g}: {rs['pinned_fraction_small']:.3f}, "
                     f"at S = {rs['largest_scale']:g}: {rs['pinned_fraction_large']:.3f} ({rs['decades']:.1f} decades)")
    if "figures" in r:
        lines.append("  figures: " + ", ".join(r["figures"]))
    return "\n".join(lines)


def _line(ax, u, tau, **kw):
    t = np.linspace(-1.2, 1.2, 2)
    if abs(u[1]) > abs(u[0]):
        ax.plot(t, (tau - u[0] * t) / u[1], **kw)
    else:
        ax.plot((tau - u[1] * t) / u[0], t, **kw)


def _figures(res: dict, sweep_res, out: str) -> list[str]:
    plt = pyplot()

    from specbias.numerics.adaptive import hyperplane_distances, net_from_params, rs_coordinates

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
    files.append(save_figure(fig, os.path.join(out, "distances.png"), tight=False))

    fig, ax = plt.subplots(figsize=(6, 4))
    ax.semilogy(res["_losses"])
    ax.set_xlabel("step")
    ax.set_ylabel("loss")
    fig.tight_layout()
    files.append(save_figure(fig, os.path.join(out, "loss.png"), tight=False))

    net, X, y = res["_net"], res["_X"], res["_y"]
    rs = rs_coordinates(net)
    if X.shape[1] == 2:
        snaps = res.get("_snapshots") or [(res["steps"], net.params())]
        picks = sorted({0, len(snaps) // 10, len(snaps) // 3, len(snaps) - 1})
        fig, axes = plt.subplots(1, len(picks), figsize=(4.2 * len(picks), 4.4), squeeze=False)
        for ax, k in zip(axes[0], picks):
            step, prm = snaps[k]
            nk = net_from_params(prm, res["_net0"])
            rk = rs_coordinates(nk)
            wgt = np.abs(rk.v) * rk.rho
            big = wgt >= 1e-3 * wgt.max()
            pinned = hyperplane_distances(nk, X).min(axis=1) < res["pin_tol"]
            for i in np.flatnonzero(big & ~pinned):
                _line(ax, rk.u[i], rk.tau[i], color="tab:red" if rk.v[i] > 0 else "tab:blue", lw=0.5, alpha=0.35)
            for i in np.flatnonzero(big & pinned):
                _line(ax, rk.u[i], rk.tau[i], color="k", lw=1.3, alpha=0.9)
            ax.scatter(X[:, 0], X[:, 1], c=y, s=16, cmap="viridis", zorder=3, edgecolors="k", linewidths=0.3)
            ax.set_xlim(-1.2, 1.2)
            ax.set_ylim(-1.2, 1.2)
            ax.set_aspect("equal")
            ax.set_title(f"step {step}: {int(np.sum(big & pinned))} pinned (black)", fontsize=9)
        fig.suptitle(f"hyperplanes over training (red v>0, blue v<0, black: pinned), S = {res['init_scale']:g}")
        fig.tight_layout()
        files.append(save_figure(fig, os.path.join(out, "hyperplanes.png"), tight=False))
    if X.shape[1] == 1:
        wgt = np.abs(rs.v) * rs.rho
        big = wgt >= 1e-3 * wgt.max()
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
        files.append(save_figure(fig, os.path.join(out, "fit1d.png"), tight=False))
    if "digits" in res:
        g = res["digits"]
        fig, axes = plt.subplots(1, 2, figsize=(11, 4))
        att = np.array(g["pinned_neurons_by_digit"], float)
        dat = np.array(g["data_by_digit"], float)
        axes[0].bar(np.arange(10) - 0.2, att / max(att.sum(), 1), width=0.4, label="pinned neurons")
        axes[0].bar(np.arange(10) + 0.2, dat / dat.sum(), width=0.4, label="training data")
        axes[0].set_xticks(range(10))
        axes[0].set_xlabel("digit")
        axes[0].set_ylabel("share")
        axes[0].legend()
        axes[0].set_title("which digits attract hyperplanes")
        digit = np.rint(y * 4.5 + 4.5).astype(int)
        sc = axes[1].scatter(X[:, 0], X[:, 1], c=digit, cmap="tab10", s=10, vmin=-0.5, vmax=9.5)
        for p in g["attracting_points"]:
            j = p["index"]
            axes[1].scatter(X[j, 0], X[j, 1], s=30 + 25 * p["neurons"], facecolors="none", edgecolors="k")
        fig.colorbar(sc, ax=axes[1], ticks=range(10), label="digit")
        axes[1].set_xlabel("PC 1")
        axes[1].set_ylabel("PC 2")
        axes[1].set_title("data points with pinned hyperplanes (circles ∝ neurons)")
        fig.tight_layout()
        files.append(save_figure(fig, os.path.join(out, "digits.png"), tight=False))
    if sweep_res:
        rows = sweep_res["rows"]
        s = np.array([r["init_scale"] for r in rows])
        fig, ax = plt.subplots(figsize=(6.5, 4.2))
        for key, lab, fmt in (("pinned_fraction", "pinned fraction", "o-"),
                              ("clusters_per_neuron", "clusters / neurons", "s--"),
                              ("largest_cluster_share", "largest cluster / neurons", "^:")):
            m = np.array([np.nan if r[key] is None else r[key] for r in rows])
            e = np.array([0.0 if r[key + "_std"] is None else r[key + "_std"] for r in rows])
            ax.errorbar(s, m, yerr=e, fmt=fmt, capsize=3, label=lab)
        if "fraction_within_one_bandwidth" in rows[0]:
            for key, lab in (("fraction_within_one_bandwidth", "within one bandwidth 1/ρ"),
                             ("fraction_within_one_bandwidth_init", "within one bandwidth, at init")):
                m = np.array([np.nan if r[key] is None else r[key] for r in rows])
                e = np.array([r[key + "_std"] or 0.0 for r in rows])
                ax.errorbar(s, m, yerr=e, fmt="d-." if "init" not in key else "x:", capsize=3, label=lab)
        ax.set_xscale("log")
        ax.set_xlabel("initial scale S")
        ax.set_ylim(0, 1.05)
        ax.legend(fontsize=8)
        ax.set_title(f"{res['activation']}: adaptive (small S) vs kernel (large S), {len(rows[0]['seeds'])} seeds")
        fig.tight_layout()
        files.append(save_figure(fig, os.path.join(out, "sweep.png"), tight=False))
        if "fraction_within_one_bandwidth" in rows[0]:
            fig, ax = plt.subplots(figsize=(6.5, 4.2))
            bins = np.linspace(-6, 3, 46)
            for r in sweep_res["_runs"]:
                if r["seed"] != rows[0]["seeds"][0]:
                    continue
                rk = rs_coordinates(r["_net"])
                ax.hist(np.log10(np.maximum(rk.rho * r["_min_dist"], 1e-12)), bins=bins, histtype="step",
                        label=f"S = {r['init_scale']:g}")
            ax.axvline(0, color="k", ls="--", lw=1)
            ax.set_xlabel(r"$\log_{10}(\rho_i\,\min_j|u_i\cdot x_j-\tau_i|)$  (distance in bandwidths)")
            ax.set_ylabel("neurons")
            ax.legend(fontsize=8)
            ax.set_title(f"{res['activation']}: near-pinning against the bandwidth")
            fig.tight_layout()
            files.append(save_figure(fig, os.path.join(out, "near_pinning.png"), tight=False))
    return files


