"""Measurements of coordinate MLPs (issue 12, Lazzari & Liu 2023; THEORY.md §8 definitions).

* activation pattern of x: the 0/1 indicators of every hidden unit being positive (z > 0);
  a region is a set of inputs sharing a pattern; regions on the data = number of distinct patterns,
  total (all layers concatenated) and per layer;
* Hamming distance of a pair: number of differing indicators, per layer;
* local pairs: all pairs inside random 3×3 patches (images) or windows of 3 samples (1-D); global
  pairs: one point from a corner block (1/8 of each side), the other from the opposite corner block;
* dead unit: zero on every training input (z <= 0 on all of them), per layer;
* distance to the nearest boundary (layer-local): min over units of |z_j| / ‖W_l row j‖;
* residual spectrum: Fourier amplitude of f − y on the grid (1-D: 2|rfft|/N per integer
  frequency; 2-D: mean of |fft2|/N² over rings of integer radius).
"""

from __future__ import annotations

import numpy as np

from specbias.core.errors import InputError


def _pack(p: np.ndarray) -> np.ndarray:
    return np.packbits(np.ascontiguousarray(p, dtype=bool), axis=1)


def count_distinct(p: np.ndarray) -> int:
    """Number of distinct rows of a boolean matrix."""
    if p.shape[1] == 0:
        return 1
    packed = _pack(p)
    return int(len(np.unique(packed, axis=0)))


def region_counts(patterns) -> tuple[int, list[int]]:
    """(total, per layer) numbers of distinct activation patterns on the data."""
    total = count_distinct(np.concatenate(patterns, axis=1))
    return total, [count_distinct(p) for p in patterns]


def hamming(patterns, pairs) -> np.ndarray:
    """Hamming distances of the pairs, per layer: array (n_layers, n_pairs) of integers."""
    pairs = np.asarray(pairs, dtype=int).reshape(-1, 2)
    return np.stack([np.count_nonzero(p[pairs[:, 0]] != p[pairs[:, 1]], axis=1) for p in patterns])


def dead_fractions(patterns) -> list[float]:
    """Fraction of each layer's units that are inactive (z <= 0) on every input."""
    return [float(np.mean(~p.any(axis=0))) for p in patterns]


def hyperplanes_in_domain(pre1: np.ndarray) -> int:
    """First-layer units whose pre-activation takes both signs on the data (the hyperplane cuts the
    convex hull of the data: min < 0 < max)."""
    return int(np.count_nonzero((pre1.min(axis=0) < 0) & (pre1.max(axis=0) > 0)))


def arrangement_regions(W1, b1, lo: float, hi: float) -> int:
    """Exact number of regions cut by the first-layer hyperplanes {w·x + b = 0} inside the open box
    (lo, hi)^d, d = 1 or 2 (hyperplanes in general position): d = 1: 1 + #breakpoints inside;
    d = 2: 1 + #lines meeting the box + #crossing points inside (Euler's formula for a convex domain)."""
    W1 = np.asarray(W1, dtype=np.float64)
    b1 = np.asarray(b1, dtype=np.float64)
    d = W1.shape[1]
    if d == 1:
        with np.errstate(divide="ignore", invalid="ignore"):
            t = -b1 / W1[:, 0]
        return int(1 + np.count_nonzero((t > lo) & (t < hi)))
    if d != 2:
        raise InputError("arrangement_regions: d = 1 or 2 only")
    corners = np.array([[lo, lo], [lo, hi], [hi, lo], [hi, hi]])
    z = corners @ W1.T + b1
    meets = (z.min(0) < 0) & (z.max(0) > 0)
    i, j = np.triu_indices(len(b1), k=1)
    det = W1[i, 0] * W1[j, 1] - W1[i, 1] * W1[j, 0]
    with np.errstate(divide="ignore", invalid="ignore"):
        x = (-b1[i] * W1[j, 1] + b1[j] * W1[i, 1]) / det
        y = (-W1[i, 0] * b1[j] + W1[j, 0] * b1[i]) / det
    inside = (det != 0) & (x > lo) & (x < hi) & (y > lo) & (y < hi)
    return int(1 + np.count_nonzero(meets) + np.count_nonzero(inside))


def boundary_distance(net, X) -> list[np.ndarray]:
    """Per hidden layer l, for every input: min_j |z_lj(x)| / ‖W_l[j]‖ (distance, in the space of
    that layer's input, to the nearest hyperplane of layer l)."""
    fw = net.forward(X)
    out = []
    for z, w in zip(fw.pre, net.W[:-1]):
        nrm = np.linalg.norm(w, axis=1)
        nrm = np.where(nrm > 0, nrm, np.inf)
        out.append(np.min(np.abs(z) / nrm, axis=1))
    return out


def local_pairs(shape, n_patches: int, rng, patch: int = 3) -> np.ndarray:
    """All pairs inside ``n_patches`` random patch×patch blocks (images) or windows of ``patch``
    consecutive samples (1-D), as flat indices (C order)."""
    shape = tuple(shape)
    if any(s < patch for s in shape):
        raise InputError(f"grid {shape} smaller than the patch {patch}")
    pairs = []
    offs = np.stack(np.meshgrid(*[np.arange(patch)] * len(shape), indexing="ij"), -1).reshape(-1, len(shape))
    iu, ju = np.triu_indices(len(offs), k=1)
    for _ in range(n_patches):
        corner = np.array([rng.integers(0, s - patch + 1) for s in shape])
        flat = np.ravel_multi_index(tuple((corner + offs).T), shape)
        pairs.append(np.stack([flat[iu], flat[ju]], 1))
    return np.concatenate(pairs)


def global_pairs(shape, n_pairs: int, rng, frac: float = 0.125) -> np.ndarray:
    """Pairs with one point in the low corner block (first ``frac`` of each side) and the other in
    the opposite corner block."""
    shape = tuple(shape)
    k = [max(1, int(round(s * frac))) for s in shape]
    lo = np.stack([rng.integers(0, kk, n_pairs) for kk in k], 0)
    hi = np.stack([s - 1 - rng.integers(0, kk, n_pairs) for s, kk in zip(shape, k)], 0)
    return np.stack([np.ravel_multi_index(tuple(lo), shape), np.ravel_multi_index(tuple(hi), shape)], 1)


def residual_spectrum(residual, shape) -> tuple[np.ndarray, np.ndarray]:
    """(frequencies, amplitudes) of the residual on the grid."""
    r = np.asarray(residual, dtype=np.float64).reshape(shape)
    if r.ndim == 1:
        N = len(r)
        a = np.abs(np.fft.rfft(r)) / N
        a[1:] *= 2.0
        return np.arange(len(a)), a
    if r.ndim != 2:
        raise InputError("residual spectrum: 1-D or 2-D grids only")
    F = np.abs(np.fft.fft2(r)) / r.size
    k0 = np.fft.fftfreq(r.shape[0]) * r.shape[0]
    k1 = np.fft.fftfreq(r.shape[1]) * r.shape[1]
    rad = np.rint(np.hypot(*np.meshgrid(k0, k1, indexing="ij"))).astype(int)
    kmax = min(r.shape) // 2
    amps = np.array([F[rad == k].mean() for k in range(kmax + 1)])
    return np.arange(kmax + 1), amps


def quantiles(x) -> dict:
    x = np.asarray(x, dtype=np.float64)
    q = np.quantile(x, [0.05, 0.25, 0.5, 0.75, 0.95])
    return {"q05": float(q[0]), "q25": float(q[1]), "q50": float(q[2]), "q75": float(q[3]),
            "q95": float(q[4]), "frac_abs_gt_0.9": float(np.mean(np.abs(x) > 0.9)), "n_pairs": int(len(x))}


# ---------------------------------------------------------------------------------- experiment
class RegionsRun:
    """Training record of one coordinate MLP, with every measurement over training."""

    def __init__(self, **kw):
        self.__dict__.update(kw)


def _measure(net, Z, y, task, lp, gp):
    fw = net.forward(Z)
    pats = [z > 0 for z in fw.pre]
    units = sum(p.shape[1] for p in pats)
    total, per_layer = region_counts(pats)
    hl, hg = hamming(pats, lp), hamming(pats, gp)
    res = fw.out - y
    freqs, amps = residual_spectrum(res, task.shape)
    dist = boundary_distance(net, Z)
    return {
        "loss": float(np.mean(res * res)),
        "regions": total, "regions_per_layer": per_layer,
        "hamming_local": {"mean": float(hl.sum(0).mean()), "relative": float(hl.sum(0).mean() / units),
                          "per_layer": [float(v) for v in hl.mean(1)]},
        "hamming_global": {"mean": float(hg.sum(0).mean()), "relative": float(hg.sum(0).mean() / units),
                           "per_layer": [float(v) for v in hg.mean(1)]},
        "dead": dead_fractions(pats),
        "boundary_distance_median": [float(np.median(d)) for d in dist],
        "residual_spectrum": [float(a) for a in amps],
        "confusion_local": net.gradient_cosines(Z, y, lp),
        "confusion_global": net.gradient_cosines(Z, y, gp),
        "confusion_global_hidden": net.gradient_cosines(Z, y, gp, hidden_only=True),
        "confusion_local_hidden": net.gradient_cosines(Z, y, lp, hidden_only=True),
        "pattern_ids": np.unique(_pack(np.concatenate(pats, axis=1)), axis=0, return_inverse=True)[1].ravel(),
        "hyperplanes_in_domain": hyperplanes_in_domain(fw.pre[0]),
    }


def run_regions(spec, target: str = "random-image", depth: int = 2, width: int = 128, epochs: int = 300,
                seed=0, init: str = "pytorch", batch_size: int | None = None, lr: float = 1e-3,
                size: int | None = None, n_patches: int = 64, n_global: int = 1024, n_measure: int = 15,
                progress: bool = False) -> RegionsRun:
    """Train a ReLU MLP on ``target`` with inputs ``spec`` (an :class:`InputSpec`) and measure
    regions, Hamming distances, gradient confusion, dead units, boundary distances and the residual
    spectrum at ``n_measure`` + 1 epochs (0 and the last included).  Everything is seeded."""
    from specbias.core.errors import ParameterError
    from specbias.numerics.images import encode, make_task
    from specbias.numerics.mlp import MLP, Adam

    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 0:
        raise ParameterError(f"epochs must be an integer >= 0, got {epochs!r}")
    if batch_size is not None and batch_size < 1:
        raise ParameterError(f"batch size must be >= 1, got {batch_size}")
    task = make_task(target, size=size, seed=seed)
    Z = encode(spec, task.coords01, seed=seed)
    y = task.y
    rng = np.random.default_rng([int(seed), 7])
    lp = local_pairs(task.shape, n_patches, rng)
    gp = global_pairs(task.shape, n_global, rng)
    net = MLP.init(Z.shape[1], depth=depth, width=width, init=init, seed=seed)
    W1, b1 = net.W[0].copy(), net.b[0].copy()
    opt = Adam(net.params(), lr=lr)
    train_rng = np.random.default_rng([int(seed), 11])
    stops = sorted(set(np.linspace(0, epochs, n_measure + 1).round().astype(int).tolist()))
    losses = []
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=epochs, desc=f"regions {spec.label} {target}", leave=False, mininterval=0.5)
    with _one_blas_thread():
        history = _train_and_measure(net, opt, Z, y, task, lp, gp, stops, batch_size, train_rng, losses, bar)
    if bar is not None:
        bar.close()
    return RegionsRun(spec=spec, target=target, task=task, Z=Z, depth=depth, width=width, epochs=epochs, seed=seed,
                      init=init, batch_size=batch_size, lr=lr, net=net, W1_init=W1, b1_init=b1, history=history,
                      epoch_losses=losses, local_pairs=lp, global_pairs=gp)


def _one_blas_thread():
    """One BLAS thread while training: these matrices are small and, on a shared machine, threads
    contend (measured 0.22 s vs 0.037 s per 4096×128 epoch under load 5 on 2 cores)."""
    try:
        from threadpoolctl import threadpool_limits

        return threadpool_limits(1)
    except ImportError:  # pragma: no cover
        import contextlib

        return contextlib.nullcontext()


def _train_and_measure(net, opt, Z, y, task, lp, gp, stops, batch_size, train_rng, losses, bar):
    from specbias.numerics.mlp import train_epoch

    history = []
    ep = 0
    for stop in stops:
        while ep < stop:
            losses.append(train_epoch(net, opt, Z, y, batch_size, train_rng))
            ep += 1
            if bar is not None:
                bar.update(1)
        m = _measure(net, Z, y, task, lp, gp)
        m["epoch"] = ep
        history.append(m)
    return history
