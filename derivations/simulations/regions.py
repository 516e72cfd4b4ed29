"""``specbias simulate regions``: coordinate MLPs (issue 12, Lazzari & Liu 2023): activation
regions, Hamming distances, gradient confusion, dead units and the residual spectrum over training,
with the first-layer init theory (theory/regions.py) beside the measurements at initialization.

Defaults (PyTorch init, 2×128, Adam lr 1e-3, full batch, 300 epochs on the 64×64 random image) run
in about 10-40 s per input on 2 cores (more under load); ``--compare`` trains the inputs side by side (four by
default, about two minutes) and checks the paper's claims.
"""

from __future__ import annotations

import json
import math
import os

import numpy as np

from specbias.core.errors import ParameterError
from specbias.derivations.simulations.common import add_output_options, print_figures, pyplot, save_figure

DEFAULT_COMPARE = "coords,centered,nerf:5,nerf:8"


DESCRIPTION = ("Train a deep ReLU MLP (NumPy, Adam) on a coordinate task and measure activation regions, "
               "Hamming distances and gradient confusion for local and global pairs, dead units, boundary "
               "distances and the residual spectrum over training; compare the first layer at init with "
               "the init-law theory.")


def register(kinds):
    p = kinds.add_parser(
        "regions", help="coordinate MLPs: activation regions, Hamming distances, gradient confusion, dead units",
        description=DESCRIPTION)
    p.add_argument("--input", default="coords", help="coords | centered | nerf:L | gauss:S,M (default coords)")
    p.add_argument("--inputs", default=DEFAULT_COMPARE, help=f"comma-separated inputs for --compare (default {DEFAULT_COMPARE})")
    p.add_argument("--target", default="random-image", help="random-image | natural-image | waves1d")
    p.add_argument("--depth", type=int, default=2)
    p.add_argument("--width", type=int, default=128)
    p.add_argument("--epochs", type=int, default=300)
    p.add_argument("--batch-size", type=int, default=None, help="mini-batch size (default: full batch)")
    p.add_argument("--size", type=int, default=None, help="image side (default 64) or 1-D points (default 256)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--init", choices=("pytorch", "gaussian"), default="pytorch")
    p.add_argument("--measurements", type=int, default=15, help="number of measurement epochs after 0")
    p.add_argument("--compare", action="store_true", help="train every input of --inputs on the target")
    add_output_options(p)
    p.set_defaults(func=run)


# ------------------------------------------------------------------------------------ helpers
def _check_args(args):
    from specbias.core.errors import InputError
    from specbias.numerics.images import TARGETS

    if args.target not in TARGETS:
        raise InputError(f"unknown target {args.target!r}; choose from {', '.join(TARGETS)}")
    for name in ("depth", "width"):
        v = getattr(args, name)
        if v is None or v < 1 or v > 4096:
            raise ParameterError(f"--{name} must be an integer in [1, 4096], got {v}")
    if args.epochs < 0 or args.epochs > 10 ** 6:
        raise ParameterError(f"--epochs must be in [0, 1e6], got {args.epochs}")
    if args.batch_size is not None and args.batch_size < 1:
        raise ParameterError(f"--batch-size must be >= 1, got {args.batch_size}")
    if args.size is not None and not (3 <= args.size <= 4096):
        raise ParameterError(f"--size must be in [3, 4096], got {args.size}")
    if args.measurements < 1:
        raise ParameterError(f"--measurements must be >= 1, got {args.measurements}")


def predictions(run) -> dict:
    """Theory for the first layer at init: dead fraction, hyperplanes meeting the data's hull and
    (raw 1-D/2-D inputs on a box) the expected number of first-layer regions."""
    from specbias.theory import regions as T

    spec, task, width = run.spec, run.task, run.width
    d = task.dim
    exact_box = (task.name != "waves1d") and spec.kind in ("coords", "centered")
    out = {}
    if exact_box:
        box = "unit" if spec.kind == "coords" else "centered"
        dead = T.dead_fraction(d, box, run.init)
        hyp = T.hyperplane_fraction(d, box, run.init)
        out["domain"] = "[0,1]^%d" % d if box == "unit" else "[-1,1]^%d" % d
        if d <= 2:
            reg = T.expected_regions(d, width, box, run.init)
            out["regions_first_layer_predicted"] = {"value": reg.value, "error": reg.error, "method": reg.method,
                                                    "note": "continuum arrangement inside the box; the data grid "
                                                            "can only resolve regions containing a pixel"}
    else:
        dead = T.dead_fraction_points(run.Z, run.init)
        hyp = T.hyperplane_fraction_points(run.Z, run.init)
        out["domain"] = "convex hull of the (encoded) training inputs"
    out["dead"] = dead.to_json()
    out["hyperplanes"] = {"value": width * hyp.value, "error": width * hyp.error, "method": hyp.method,
                          "fraction": hyp.value,
                          "binomial_sd": math.sqrt(width * hyp.value * max(0.0, 1 - hyp.value))}
    return out


def record(run, with_theory: bool = True) -> dict:
    from specbias.numerics import regions as R

    H = run.history
    h0, hf = H[0], H[-1]
    units = sum(run.net.widths)
    rec = {
        "input": run.spec.label, "target": run.target, "depth": run.depth, "width": run.width,
        "epochs": run.epochs, "seed": run.seed, "init": run.init,
        "batch_size": run.batch_size or len(run.task.y), "lr": run.lr, "optimizer": "Adam (0.9, 0.999), eps 1e-8",
        "loss": "MSE mean", "input_dim": int(run.Z.shape[1]), "units": units,
        "regions": {"final": hf["regions"], "initial": h0["regions"], "history": [[h["epoch"], h["regions"]] for h in H],
                    "per_layer_final": hf["regions_per_layer"], "per_layer_initial": h0["regions_per_layer"]},
        "regions_max": int(len(run.task.y)),
    }
    for key in ("hamming_local", "hamming_global"):
        rec[key] = dict(hf[key])
        rec[key]["initial"] = h0[key]["mean"]
        rec[key]["history"] = [[h["epoch"], h[key]["mean"]] for h in H]
    rec["pairs"] = {"local": "all pairs in %d random 3x3 patches (1-D: windows of 3)" % (len(run.local_pairs) // (36 if run.task.dim == 2 else 3)),
                    "global": "%d pairs, opposite corner blocks of 1/8 side" % len(run.global_pairs)}
    for key in ("confusion_local", "confusion_global"):
        rec[key] = R.quantiles(hf[key])
        rec[key]["initial"] = R.quantiles(h0[key])
        rec[key]["history"] = [[h["epoch"], R.quantiles(h[key])] for h in H]
    rec["confusion_hidden_only"] = {
        "note": "cosines of the per-example gradients restricted to the hidden layers (output weights and bias "
                "left out), final epoch: separates the alignment shared through the output layer's non-negative "
                "features from the hidden layers'",
        "local": R.quantiles(hf["confusion_local_hidden"]), "global": R.quantiles(hf["confusion_global_hidden"])}
    rec["dead_units"] = {"initial": h0["dead"], "final": hf["dead"], "max_over_training": np.max([h["dead"] for h in H], 0).tolist(),
                         "history": [[h["epoch"], h["dead"]] for h in H]}
    rec["hyperplanes_in_domain"] = h0["hyperplanes_in_domain"]
    rec["boundary_distance_median"] = {"initial": h0["boundary_distance_median"], "final": hf["boundary_distance_median"],
                                       "history": [[h["epoch"], h["boundary_distance_median"]] for h in H]}
    freqs = list(range(len(hf["residual_spectrum"])))
    rec["residual_spectrum"] = {"frequencies": freqs,
                                "unit": "cycles per unit length (2-D: ring of integer radius)",
                                "history": [[h["epoch"], h["residual_spectrum"]] for h in H]}
    if run.target == "waves1d":
        from specbias.numerics.images import WAVE_FREQS

        rec["residual_spectrum"]["target_frequencies"] = list(WAVE_FREQS)
        rec["residual_spectrum"]["at_target_frequencies"] = [
            [h["epoch"], [h["residual_spectrum"][k] for k in WAVE_FREQS if k < len(freqs)]] for h in H]
    rec["train_loss"] = {"final": hf["loss"], "initial": h0["loss"], "history": [[h["epoch"], h["loss"]] for h in H]}
    if with_theory:
        th = predictions(run)
        rec["dead_units_predicted"] = th["dead"]
        rec["hyperplanes_in_domain_predicted"] = th["hyperplanes"]
        rec["theory_domain"] = th["domain"]
        sd = th["hyperplanes"]["binomial_sd"]
        rec["hyperplanes_in_domain_z"] = (rec["hyperplanes_in_domain"] - th["hyperplanes"]["value"]) / sd if sd > 0 else None
        p = th["dead"]["value"]
        sd_dead = math.sqrt(p * (1 - p) / run.width)
        rec["dead_units_initial_z"] = (h0["dead"][0] - p) / sd_dead if sd_dead > 0 else None
        if "regions_first_layer_predicted" in th:
            rec["regions_first_layer_predicted"] = th["regions_first_layer_predicted"]
            rec["regions_first_layer_initial"] = h0["regions_per_layer"][0]
            lo, hi = (0.0, 1.0) if run.spec.kind == "coords" else (-1.0, 1.0)
            rec["regions_first_layer_continuum_initial"] = R.arrangement_regions(run.W1_init, run.b1_init, lo, hi)
    return rec


# ------------------------------------------------------------------------------------ claims
def claims(recs: dict) -> list:
    """The paper's qualitative claims, each with a measured verdict (thresholds stated)."""
    out = []
    raw = [k for k in ("coords", "centered") if k in recs]
    enc = [k for k in recs if k.startswith("nerf") or k.startswith("gauss")]

    def add(claim, measured, ok, rule):
        out.append({"claim": claim, "measured": measured, "rule": rule,
                    "verdict": "n/a" if ok is None else ("supported" if ok else "not supported")})

    if raw and enc:
        r = {k: (recs[k]["regions"]["initial"], recs[k]["regions"]["final"]) for k in raw + enc}
        ok = all(r[e][t] > r[k][t] for e in enc for k in raw for t in (0, 1))
        if "coords" in raw:
            ok = ok and all(r[e][t] >= 2 * r["coords"][t] for e in enc for t in (0, 1))
        add("an encoding gives many more regions (from the start)",
            {k: {"initial": v[0], "final": v[1]} for k, v in r.items()}, ok,
            "every encoding above every raw input at init and at the end, and >= 2x the [0,1] coordinates "
            "(the count is capped by the number of data points)")
        hl = {k: recs[k]["hamming_local"]["mean"] for k in raw + enc}
        add("local Hamming distances are much larger with an encoding", hl,
            min(hl[e] for e in enc) >= 2 * max(hl[k] for k in raw), "every encoding >= 2x every raw input (final)")
        fr = {k: recs[k]["confusion_local"]["frac_abs_gt_0.9"] for k in raw + enc}
        iqr = {k: recs[k]["confusion_local"]["q75"] - recs[k]["confusion_local"]["q25"] for k in raw + enc}
        add("local confusion is broad (mass near ±1) for raw coordinates",
            {k: {"frac_abs_gt_0.9": fr[k], "iqr": iqr[k]} for k in raw},
            all(fr[k] >= 0.5 for k in raw), "fraction of local pairs with |cos| > 0.9 >= 0.5 for raw inputs")
        add("local confusion is concentrated for an encoding",
            {k: {"frac_abs_gt_0.9": fr[k], "iqr": iqr[k]} for k in enc},
            all(fr[e] <= 0.5 * min(fr[k] for k in raw) for e in enc),
            "encoded fraction |cos| > 0.9 at most half the raw inputs' fraction")
        g = {k: recs[k]["confusion_global"] for k in raw + enc}
        add("global pairs are near-orthogonal for all inputs",
            {k: {"q05": v["q05"], "q25": v["q25"], "q50": v["q50"], "q75": v["q75"], "q95": v["q95"]} for k, v in g.items()},
            all(v["q05"] >= -0.3 and v["q95"] <= 0.3 for v in g.values()), "90% of global cosines within [-0.3, 0.3]")
    nerf = sorted((int(k.split(":")[1]), k) for k in enc if k.startswith("nerf:"))
    if len(nerf) >= 2:
        hl = {k: recs[k]["hamming_local"]["mean"] for _, k in nerf}
        seq = [hl[k] for _, k in nerf]
        add("local Hamming distances grow with L", hl, all(b > a for a, b in zip(seq, seq[1:])),
            "final local Hamming strictly increasing in L")
    for e in enc:
        if e == "nerf:8":
            add("every pixel its own region at L = 8", {"regions": recs[e]["regions"]["initial"], "regions_max": recs[e]["regions_max"]},
                recs[e]["regions"]["initial"] == recs[e]["regions_max"], "regions at init == number of pixels")
    if "coords" in recs and "centered" in recs:
        dc, dz = recs["coords"]["dead_units"], recs["centered"]["dead_units"]
        add("raw coordinates in [0,1] leave more dead units than [-1,1]",
            {"coords": dc["final"], "centered": dz["final"]}, float(np.mean(dc["final"])) > float(np.mean(dz["final"])),
            "mean over layers of the final dead fraction, coords > centered")
        add("more than half the units die early with [0,1] inputs",
            {"coords_max_over_training": dc["max_over_training"]}, max(dc["max_over_training"]) > 0.5,
            "some layer's dead fraction exceeds 0.5 during training")
        if "dead_units_predicted" in recs["coords"]:
            add("(theory) centred inputs kill fewer first-layer units at init",
                {"coords": {"predicted": recs["coords"]["dead_units_predicted"]["value"], "measured": dc["initial"][0]},
                 "centered": {"predicted": recs["centered"]["dead_units_predicted"]["value"], "measured": dz["initial"][0]}},
                recs["coords"]["dead_units_predicted"]["value"] > recs["centered"]["dead_units_predicted"]["value"]
                and dc["initial"][0] > dz["initial"][0], "predicted and measured, coords > centered")
    return out


# ------------------------------------------------------------------------------------ figures
def _plt():
    return pyplot()


def _region_image(ids, shape):
    perm = np.random.default_rng(0).permutation(int(ids.max()) + 1)
    return perm[ids].reshape(shape)


def figures(run, rec, out) -> list:
    plt = _plt()
    H = run.history
    tag = f"{run.spec.label.replace(':', '').replace(',', '_')}_{run.target}"
    paths = []
    if run.task.dim == 2:
        fig, axs = plt.subplots(1, 3, figsize=(12, 4))
        axs[0].imshow(run.task.y.reshape(run.task.shape), cmap="gray", origin="lower")
        axs[0].set_title("target")
        for ax, h, when in ((axs[1], H[0], "init"), (axs[2], H[-1], f"epoch {H[-1]['epoch']}")):
            ax.imshow(_region_image(h["pattern_ids"], run.task.shape), cmap="tab20", origin="lower", interpolation="nearest")
            ax.set_title(f"regions at {when}: {h['regions']}")
        fig.suptitle(f"{run.spec.label}, {run.depth}x{run.width}")
        paths.append(_save(fig, out, f"regions_map_{tag}.png", plt))
    fig, ax = plt.subplots(figsize=(5, 4))
    bins = np.linspace(-1, 1, 41)
    ax.hist(H[-1]["confusion_local"], bins=bins, density=True, alpha=0.6, label="local pairs")
    ax.hist(H[-1]["confusion_global"], bins=bins, density=True, alpha=0.6, label="global pairs")
    ax.set_xlabel("cosine of per-example gradients")
    ax.set_title(f"gradient confusion, {run.spec.label}, epoch {H[-1]['epoch']}")
    ax.legend()
    paths.append(_save(fig, out, f"regions_confusion_{tag}.png", plt))
    ep = [h["epoch"] for h in H]
    fig, ax = plt.subplots(figsize=(5, 4))
    ax.plot(ep, [h["hamming_local"]["mean"] for h in H], "o-", label="local")
    ax.plot(ep, [h["hamming_global"]["mean"] for h in H], "s-", label="global")
    ax.set_xlabel("epoch"), ax.set_ylabel("mean Hamming distance (all layers)"), ax.legend()
    paths.append(_save(fig, out, f"regions_hamming_{tag}.png", plt))
    fig, ax = plt.subplots(figsize=(5, 4))
    dead = np.array([h["dead"] for h in H])
    for l in range(dead.shape[1]):
        ax.plot(ep, dead[:, l], "o-", label=f"layer {l + 1}")
    if "dead_units_predicted" in rec:
        ax.axhline(rec["dead_units_predicted"]["value"], ls="--", c="k", label="layer 1 predicted at init")
    ax.set_xlabel("epoch"), ax.set_ylabel("dead fraction"), ax.legend()
    paths.append(_save(fig, out, f"regions_dead_{tag}.png", plt))
    fig, ax = plt.subplots(figsize=(5, 4))
    for h in H[:: max(1, len(H) // 5)] + [H[-1]]:
        ax.semilogy(h["residual_spectrum"], label=f"epoch {h['epoch']}")
    ax.set_xlabel("frequency"), ax.set_ylabel("residual amplitude"), ax.legend(fontsize=7)
    paths.append(_save(fig, out, f"regions_residual_spectrum_{tag}.png", plt))
    return paths


def _save(fig, out, name, plt):
    return save_figure(fig, os.path.join(out, name), dpi=100)


def compare_figures(runs, recs, out, target) -> list:
    plt = _plt()
    paths = []

    def lines(key, ylabel, name, fn):
        fig, ax = plt.subplots(figsize=(5.5, 4))
        for lab, run in runs.items():
            ax.plot([h["epoch"] for h in run.history], [fn(h) for h in run.history], "o-", ms=3, label=lab)
        ax.set_xlabel("epoch"), ax.set_ylabel(ylabel), ax.legend(fontsize=8)
        ax.set_title(f"{key}, {target}")
        paths.append(_save(fig, out, name, plt))

    lines("regions", "distinct patterns on the data", f"compare_regions_{target}.png", lambda h: h["regions"])
    lines("local Hamming", "mean Hamming distance, local pairs", f"compare_hamming_local_{target}.png",
          lambda h: h["hamming_local"]["mean"])
    lines("global Hamming", "mean Hamming distance, global pairs", f"compare_hamming_global_{target}.png",
          lambda h: h["hamming_global"]["mean"])
    lines("dead units", "dead fraction (mean over layers)", f"compare_dead_{target}.png", lambda h: float(np.mean(h["dead"])))
    lines("train loss", "MSE", f"compare_loss_{target}.png", lambda h: h["loss"])
    bins = np.linspace(-1, 1, 41)
    for key in ("confusion_local", "confusion_global"):
        fig, ax = plt.subplots(figsize=(5.5, 4))
        for lab, run in runs.items():
            ax.hist(run.history[-1][key], bins=bins, density=True, histtype="step", lw=1.5, label=lab)
        ax.set_xlabel("cosine of per-example gradients"), ax.legend(fontsize=8)
        ax.set_title(f"{key.replace('_', ' ')}, final epoch, {target}")
        paths.append(_save(fig, out, f"compare_{key}_{target}.png", plt))
    fig, ax = plt.subplots(figsize=(5.5, 4))
    for lab, run in runs.items():
        ax.semilogy(run.history[-1]["residual_spectrum"], label=lab)
    ax.set_xlabel("frequency"), ax.set_ylabel("residual amplitude (final)"), ax.legend(fontsize=8)
    paths.append(_save(fig, out, f"compare_residual_spectrum_{target}.png", plt))
    if all(run.task.dim == 2 for run in runs.values()):
        fig, axs = plt.subplots(1, len(runs), figsize=(3.2 * len(runs), 3.4))
        for ax, (lab, run) in zip(np.atleast_1d(axs), runs.items()):
            h = run.history[-1]
            ax.imshow(_region_image(h["pattern_ids"], run.task.shape), cmap="tab20", origin="lower", interpolation="nearest")
            ax.set_title(f"{lab}: {h['regions']} regions", fontsize=9)
            ax.set_xticks([]), ax.set_yticks([])
        paths.append(_save(fig, out, f"compare_region_maps_{target}.png", plt))
    return paths


# ------------------------------------------------------------------------------------ run
def _train(spec, args):
    from specbias.numerics.regions import run_regions

    return run_regions(spec, args.target, depth=args.depth, width=args.width, epochs=args.epochs, seed=args.seed,
                       init=args.init, batch_size=args.batch_size, size=args.size, n_measure=args.measurements,
                       progress=True)


def run(args) -> int:
    from specbias.numerics.images import parse_input

    _check_args(args)
    if args.compare:
        import re

        # split on commas that start a new input (gauss:S,M keeps its own comma)
        specs = [parse_input(s) for s in re.split(r",(?=\s*[a-z])", str(args.inputs).lower()) if s.strip()]
        if len(specs) < 2:
            raise ParameterError("--compare needs at least two inputs in --inputs")
    else:
        specs = [parse_input(args.input)]
    runs, recs = {}, {}
    for spec in specs:
        runs[spec.label] = _train(spec, args)
        recs[spec.label] = record(runs[spec.label])
    figs = []
    if args.out:
        os.makedirs(args.out, exist_ok=True)
        for lab in runs:
            f = figures(runs[lab], recs[lab], args.out)
            recs[lab]["figures"] = f
            figs += f
    if args.compare:
        result = {"target": args.target, "inputs": list(recs), "runs": recs, "claims": claims(recs)}
        if args.out:
            result["figures"] = compare_figures(runs, recs, args.out, args.target)
            figs += result["figures"]
    else:
        result = recs[specs[0].label]
    from specbias.core.jsonio import dumps

    text = dumps(result, indent=1)  # the project's strict JSON (non-finite floats as strings)
    if args.out:
        name = f"regions_compare_{args.target}.json" if args.compare else \
            f"regions_{specs[0].label.replace(':', '').replace(',', '_')}_{args.target}.json"
        with open(os.path.join(args.out, name), "w") as fh:
            fh.write(text)
    if args.format == "json":
        print(text)
        return 0
    for lab, r in recs.items():
        _print_run(r)
    if args.compare:
        print("claims of Lazzari & Liu (2023), measured:")
        for c in result["claims"]:
            print(f"  [{c['verdict']}] {c['claim']}  ({c['rule']})")
            print(f"      measured: {json.dumps(c['measured'])}")
    print_figures(figs)
    return 0


def _print_run(r):
    print(f"coordinate MLP {r['depth']}x{r['width']}, input {r['input']}, target {r['target']}, init {r['init']}, "
          f"{r['epochs']} epochs, seed {r['seed']}")
    print(f"  train loss        : {r['train_loss']['initial']:.4g} -> {r['train_loss']['final']:.4g}")
    print(f"  regions           : {r['regions']['initial']} -> {r['regions']['final']} (max {r['regions_max']})")
    if "regions_first_layer_predicted" in r:
        p = r["regions_first_layer_predicted"]
        print(f"  layer-1 regions   : {r['regions_first_layer_initial']} on the grid, "
              f"{r['regions_first_layer_continuum_initial']} in the box (exact count), predicted "
              f"{p['value']:.1f} ± {p['error']:.1f}")
    for k in ("hamming_local", "hamming_global"):
        print(f"  {k:18s}: {r[k]['initial']:.3g} -> {r[k]['mean']:.3g} (relative {r[k]['relative']:.3g})")
    for k in ("confusion_local", "confusion_global"):
        c = r[k]
        print(f"  {k:18s}: q05 {c['q05']:+.3f} q25 {c['q25']:+.3f} q50 {c['q50']:+.3f} q75 {c['q75']:+.3f} "
              f"q95 {c['q95']:+.3f}, |cos|>0.9: {c['frac_abs_gt_0.9']:.3f}")
    ch = r["confusion_hidden_only"]["global"]
    print(f"  global, hidden layers only: q05 {ch['q05']:+.3f} q50 {ch['q50']:+.3f} q95 {ch['q95']:+.3f}")
    du = r["dead_units"]
    print(f"  dead units        : initial {[round(x, 3) for x in du['initial']]}, final "
          f"{[round(x, 3) for x in du['final']]}")
    if "dead_units_predicted" in r:
        z = r["dead_units_initial_z"]
        print(f"  layer-1 dead, init: measured {du['initial'][0]:.3f}, predicted {r['dead_units_predicted']['value']:.4f}"
              + ("" if z is None else f" (z = {z:+.2f})"))
        hp = r["hyperplanes_in_domain_predicted"]
        print(f"  hyperplanes in domain: measured {r['hyperplanes_in_domain']}, predicted {hp['value']:.2f} "
              f"± {hp['binomial_sd']:.2f} (binomial sd)")
