"""The adaptive (rich) regime, numerically: RS coordinates along training, hyperplane pinning,
clustering, the pinning condition's predictions, and the RS flow integrated on its own.

Independent of :mod:`theory.reparam`: the RS equations of motion below are written from the
definitions (u = w/ρ, τ = −b/ρ, c = vρ^k) and the network's own gradient, and are checked
against the mapped parameter trajectory, never against the symbolic derivation.

Public API
----------
``rs_coordinates(net) -> RS``: u (m, d), tau, rho, v, c (= v ρ^k for k-homogeneous σ, else None).
``hyperplane_distances(net, X)`` -> (m, n) |u_i·x_j − τ_i|; ``min_distances(net, X)`` -> (m,).
``pinned_mask(net, X, tol)`` / ``pinned_fraction(net, X, tol)``.
``clusters(net, eps, X=None, min_weight=1e-3)`` -> :class:`ClusterStats` (ε-merging, single
    linkage, of (u, τ); multiplicities; |u_i·u_k| within clusters).
``pin_condition(net, X, y, reduction="mean")`` -> (A, B) arrays (m, n) with
    A_ij = −v_i Σ_{k≠j} r e_k 1_ik (x_k·x_j + 1), B_ij = v_i r e_j (1 + ‖x_j‖²);
    the surface z_ij = 0 attracts iff 0 < A_ij < B_ij (ReLU).
``pin_prediction(snapshots, template, X, y, tol, checkpoint_every, lr)`` -> :class:`PinPrediction`:
    the condition as a classifier of "pinned at the end of the window", each distinct
    (neuron, datum) pair once per window, against the persistence and majority baselines
    (balanced accuracy, new-pin recall and precision, accuracy where persistence is wrong).
``param_flow(net, X, y, times, ...)``: gradient flow θ̇ = −∇L integrated with solve_ivp.
``rs_flow_check(net, X, y, t_end, n_samples=..., t_run=..., gd_lrs=(), velocity=None)`` ->
    :class:`RSFlowCheck`.  ReLU: the hybrid (Filippov) flow of :mod:`specbias.numerics.rs_flow`
    in the RS chart against the same in the parameter chart, mapped, through crossings, sliding
    and exits, over [0, t_end]; optionally small-step GD against it.  Other σ: the RS equations
    on crossing-free stretches of the parameter flow.
``run_experiment(...)`` -> dict: train one network and collect every statistic (used by
    ``specbias simulate adaptive``); ``scale_sweep(...)`` (one seed) and
    ``sweep_statistics(scales, seeds, ...)`` (mean, std and per-seed values per scale);
    ``near_pinning_stats(net, X)`` (smooth σ: distances in bandwidths 1/ρ);
    ``digits_attraction(net, X, y, tol)`` (which digits attract pinned hyperplanes).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

import numpy as np

from specbias.core.errors import InputError, NumericError, ParameterError

from specbias.core.validate import check_positive
from specbias.numerics.network import ShallowNet, check_data, stable_lr, train
from specbias.numerics.rs_flow import rs_rho_squared

__all__ = [
    "RS",
    "is_relu",
    "rs_coordinates",
    "hyperplane_distances",
    "min_distances",
    "pinned_mask",
    "pinned_fraction",
    "ClusterStats",
    "clusters",
    "pin_condition",
    "PinPrediction",
    "pin_prediction",
    "net_from_params",
    "smooth_pin_condition",
    "near_pin_prediction",
    "near_pinning_stats",
    "digits_attraction",
    "sweep_statistics",
    "param_flow",
    "rs_velocity",
    "RSFlowCheck",
    "rs_flow_check",
    "run_experiment",
    "scale_sweep",
    "spline_comparison",
]


# --------------------------------------------------------------------------------------------
# RS coordinates and distances
# --------------------------------------------------------------------------------------------
@dataclass
class RS:
    u: np.ndarray
    tau: np.ndarray
    rho: np.ndarray
    v: np.ndarray
    c: np.ndarray | None
    k: int | None


def _homogeneity(net: ShallowNet):
    k = net.activation.homogeneity
    try:
        return None if k is None else int(k)
    except TypeError:
        return None


def is_relu(net: ShallowNet) -> bool:
    """σ = max(t, 0) (checked on its values and σ' values, not on the name)."""
    z = np.array([-1.5, -0.5, 0.0, 0.5, 2.0])
    return _homogeneity(net) == 1 and np.array_equal(net.sigma(z), np.maximum(z, 0.0)) \
        and np.array_equal(net.dsigma(z), (z > 0).astype(float))


def rs_coordinates(net: ShallowNet) -> RS:
    rho = np.linalg.norm(net.W, axis=1)
    if np.any(rho == 0):
        raise NumericError("a neuron has w = 0: its hyperplane (and RS coordinates) are undefined")
    u = net.W / rho[:, None]
    tau = -net.b / rho
    k = _homogeneity(net)
    c = net.v * rho ** k if k is not None else None
    return RS(u=u, tau=tau, rho=rho, v=net.v.copy(), c=c, k=k)


def hyperplane_distances(net: ShallowNet, X) -> np.ndarray:
    """(m, n): distance from neuron i's hyperplane {u_i·x = τ_i} to x_j."""
    X = check_data(X, dim=net.dim)
    rs = rs_coordinates(net)
    return np.abs(rs.u @ X.T - rs.tau[:, None])


def min_distances(net: ShallowNet, X) -> np.ndarray:
    return hyperplane_distances(net, X).min(axis=1)


def _tol(tol):
    return check_positive(tol, "pinning tolerance", error=ParameterError)


def pinned_mask(net: ShallowNet, X, tol: float) -> np.ndarray:
    return min_distances(net, X) < _tol(tol)


def pinned_fraction(net: ShallowNet, X, tol: float) -> float:
    return float(np.mean(pinned_mask(net, X, tol)))


# --------------------------------------------------------------------------------------------
# Clusters
# --------------------------------------------------------------------------------------------
@dataclass
class ClusterStats:
    labels: np.ndarray  # (m,) cluster id, -1 for neurons left out (negligible weight)
    n_clusters: int
    multiplicities: list  # sizes, descending
    alignment_min: float  # min |u_i·u_k| over pairs in the same cluster (nan if none)
    alignment_mean: float
    n_considered: int

    def to_json(self) -> dict:
        return {"n_clusters": self.n_clusters, "multiplicities": self.multiplicities,
                "alignment_min": _num(self.alignment_min), "alignment_mean": _num(self.alignment_mean),
                "n_considered": self.n_considered}


def _num(x):
    x = float(x)
    return None if not np.isfinite(x) else x


def clusters(net: ShallowNet, eps: float, min_weight: float = 1e-3) -> ClusterStats:
    """ε-merging of the points (u_i, τ_i) ∈ ℝ^{d+1}: single linkage, merge below distance ε.

    Neurons whose output weight |v_i|·ρ_i (|c_i| for homogeneous σ) is below
    ``min_weight`` × the largest are left out (label −1): they do not shape f."""
    eps = check_positive(eps, "cluster eps", error=ParameterError)
    rs = rs_coordinates(net)
    weight = np.abs(rs.v) * rs.rho
    keep = weight >= min_weight * weight.max() if weight.max() > 0 else np.ones_like(weight, bool)
    idx = np.flatnonzero(keep)
    labels = -np.ones(net.width, dtype=int)
    P = np.hstack([rs.u, rs.tau[:, None]])[idx]
    if len(idx) == 1:
        labels[idx] = 0
        return ClusterStats(labels, 1, [1], np.nan, np.nan, 1)
    from scipy.cluster.hierarchy import fcluster, linkage

    Zl = linkage(P, method="single")
    lab = fcluster(Zl, t=eps, criterion="distance") - 1
    labels[idx] = lab
    sizes = np.bincount(lab)
    al = []
    U = rs.u[idx]
    for cl in np.flatnonzero(sizes > 1):
        members = np.flatnonzero(lab == cl)
        G = np.abs(U[members] @ U[members].T)
        iu = np.triu_indices(len(members), 1)
        al.append(G[iu])
    al = np.concatenate(al) if al else np.array([])
    return ClusterStats(labels=labels, n_clusters=int(len(sizes)),
                        multiplicities=sorted((int(s) for s in sizes), reverse=True),
                        alignment_min=float(al.min()) if al.size else np.nan,
                        alignment_mean=float(al.mean()) if al.size else np.nan, n_considered=len(idx))


# --------------------------------------------------------------------------------------------
# Pinning condition
# --------------------------------------------------------------------------------------------
def pin_condition(net: ShallowNet, X, y, reduction: str = "mean"):
    """(A, B), each (m, n):  A_ij = −v_i Σ_{k≠j} r e_k 1_ik (x_k·x_j + 1),
    B_ij = v_i r e_j (1 + ‖x_j‖²).  ż_ij = A_ij on z_ij < 0 and A_ij − B_ij on z_ij > 0."""
    X, y = check_data(X, y, net.dim)
    if reduction not in ("mean", "sum"):
        raise InputError(f"reduction must be 'mean' or 'sum', got {reduction!r}")
    r = 1.0 / len(y) if reduction == "mean" else 1.0
    e = (net.forward(X) - y) * r
    Z = net.preactivations(X)  # (n, m)
    act = (Z > 0).astype(np.float64)  # 1_ik as (k, i)
    K = X @ X.T + 1.0  # (k, j)
    # S_ij = Σ_k e_k 1_ik K_kj (all k), then remove k = j
    S = (act * e[:, None]).T @ K  # (m, n)
    S -= (act * e[:, None]).T * np.diag(K)[None, :]
    A = -net.v[:, None] * S
    B = net.v[:, None] * e[None, :] * np.diag(K)[None, :]
    return A, B


@dataclass
class PinPrediction:
    """The pinning condition as a classifier: at each checkpoint (the start of a prediction
    window), for each scored (neuron, datum) pair, will the pair be pinned at the window's end?

    Confusion counts (``true_pos`` …) are over pair-windows (each pair at most once per window);
    ``persistence_*`` is the baseline "pinned at the end iff pinned at the checkpoint";
    ``n_changed`` pair-windows whose state changed (persistence wrong), ``changed_correct`` of them
    predicted right by the condition; ``n_new`` pairs not pinned at the checkpoint and pinned at
    the end, ``new_found`` of them predicted."""

    n_pairs: int  # scored pair-windows
    n_distinct_pairs: int  # distinct (neuron, datum) pairs among them
    n_windows: int
    true_pos: int
    true_neg: int
    false_pos: int
    false_neg: int
    persistence_correct: int
    persistence_tp: int
    persistence_tn: int
    n_changed: int
    changed_correct: int
    n_new: int
    new_found: int
    n_new_predicted: int
    n_undecidable: int  # pinned pairs too slow to leave within one window even if not sliding
    n_multi: int  # pairs of a neuron within the band of two or more data (codimension 2, not covered)
    examples: list = field(default_factory=list)  # a few pair-windows where persistence is wrong

    @property
    def accuracy(self) -> float:
        n = self.n_pairs
        return (self.true_pos + self.true_neg) / n if n else np.nan

    def _pos_neg(self):
        return self.true_pos + self.false_neg, self.true_neg + self.false_pos

    @property
    def balanced_accuracy(self) -> float:
        """Mean of the rates on observed-pinned and observed-not-pinned pairs (nan if one class is
        empty): the classes are unbalanced, so plain accuracy flatters."""
        pos, neg = self._pos_neg()
        return 0.5 * (self.true_pos / pos + self.true_neg / neg) if pos and neg else np.nan

    @property
    def majority_accuracy(self) -> float:
        """Accuracy of always predicting the more frequent observed outcome (the trivial baseline)."""
        pos, neg = self._pos_neg()
        return max(pos, neg) / self.n_pairs if self.n_pairs else np.nan

    @property
    def persistence_accuracy(self) -> float:
        return self.persistence_correct / self.n_pairs if self.n_pairs else np.nan

    @property
    def persistence_balanced(self) -> float:
        pos, neg = self._pos_neg()
        return 0.5 * (self.persistence_tp / pos + self.persistence_tn / neg) if pos and neg else np.nan

    @property
    def new_pin_recall(self) -> float:
        return self.new_found / self.n_new if self.n_new else np.nan

    @property
    def new_pin_precision(self) -> float:
        return self.new_found / self.n_new_predicted if self.n_new_predicted else np.nan

    def to_json(self) -> dict:
        out = {"accuracy": _num(self.accuracy), "balanced_accuracy": _num(self.balanced_accuracy),
               "majority_baseline": _num(self.majority_accuracy),
               "persistence_baseline": _num(self.persistence_accuracy),
               "persistence_balanced_accuracy": _num(self.persistence_balanced),
               "new_pin_recall": _num(self.new_pin_recall), "new_pin_precision": _num(self.new_pin_precision),
               "n_new_pins": self.n_new, "n_new_predicted": self.n_new_predicted,
               "accuracy_where_persistence_wrong": _num(self.changed_correct / self.n_changed)
               if self.n_changed else None,
               "n_persistence_wrong": self.n_changed,
               "n_pairs": self.n_pairs, "n_distinct_pairs": self.n_distinct_pairs, "n_windows": self.n_windows,
               "true_pos": self.true_pos, "true_neg": self.true_neg, "false_pos": self.false_pos,
               "false_neg": self.false_neg, "n_undecidable": self.n_undecidable, "n_multi": self.n_multi,
               "decisive_examples": self.examples}
        nulls = {}
        for k in ("accuracy", "balanced_accuracy", "majority_baseline", "persistence_baseline",
                  "persistence_balanced_accuracy"):
            if out[k] is None:
                nulls[k] = "no pairs scored" if not self.n_pairs else "one observed class is empty"
        if out["new_pin_recall"] is None:
            nulls["new_pin_recall"] = "no new pinning observed"
        if out["new_pin_precision"] is None:
            nulls["new_pin_precision"] = "no new pinning predicted"
        if out["accuracy_where_persistence_wrong"] is None:
            nulls["accuracy_where_persistence_wrong"] = "persistence was never wrong"
        if nulls:
            out["null_reasons"] = nulls
        return out


def net_from_params(params, template: ShallowNet) -> ShallowNet:
    """A copy of ``template`` (activation, reference net) with the parameters of a training snapshot."""
    net = template.copy()
    net.W, net.b, net.v, net.c = params["W"].copy(), params["b"].copy(), params["v"].copy(), float(params["c"])
    return net


_net_from = net_from_params


def pin_prediction(snapshots, template: ShallowNet, X, y, tol: float, checkpoint_every: int, lr: float,
                   reduction: str = "mean", average_two_steps: bool = True, n_examples: int = 8) -> PinPrediction:
    """The pinning condition (ReLU) against what gradient descent did next.

    ``snapshots``: list of (step, params) at a fixed stride; every ``checkpoint_every``-th one is a
    checkpoint, and the snapshots up to the next checkpoint form its prediction window.

    Band: under GD with step ``lr`` a pinned pair chatters, |z_ij| <= lr·max(|A_ij|, |A_ij − B_ij|),
    so the pair's band is tol + 2·lr·max(|A|, |A − B|)/ρ_i (distance units).  Pinned at a time:
    inside its band; observed outcome: pinned at the window's last two snapshots.

    Scored pairs, once per window: (a) pinned at the checkpoint and decidable (were it not
    sliding it would leave its band within the window: L·min(|A|, |A − B|)/ρ > 2·band, L the
    window's flow time); (b) not pinned at the checkpoint but within first-order reach (moving
    towards its datum, z < 0 with ż = A > 0 or z > 0 with ż = A − B < 0, arrival within L);
    (c) not pinned at the checkpoint and pinned at the end (the new pinnings, all counted).
    Pairs of a neuron inside the band of two data points or more are left out (``n_multi``).

    Prediction: pinned at the end iff 0 < A < B and the pair is pinned or within reach.
    Baseline: persistence (pinned at the end iff pinned now) and the majority class.

    ``average_two_steps``: A and B are averaged over the checkpoint and the state one GD step
    later (at a large step GD settles into period-2 oscillations, and the condition, a
    statement about the gradient flow, applies to the averaged field)."""
    X, y = check_data(X, y, template.dim)
    tol = _tol(tol)
    lr = check_positive(lr, "learning rate", error=ParameterError)
    if checkpoint_every < 1:
        raise ParameterError("checkpoint_every must be >= 1")
    dists = [hyperplane_distances(_net_from(p, template), X) for _, p in snapshots]
    tp = tn = fp = fn = und = multi = 0
    p_ok = p_tp = p_tn = n_ch = ch_ok = n_new = new_ok = new_pred = 0
    distinct = set()
    examples = []
    n_win = 0
    for c0 in range(0, len(snapshots) - checkpoint_every, checkpoint_every):
        c1 = c0 + checkpoint_every
        n_win += 1
        net = _net_from(snapshots[c0][1], template)
        L = (snapshots[c1][0] - snapshots[c0][0]) * lr  # flow time of the window
        A, B = pin_condition(net, X, y, reduction)
        speed = np.maximum(np.abs(A), np.abs(A - B))
        if average_two_steps:
            nxt = net.copy()
            nxt.step(X, y, lr, reduction, _checked=True)
            A1, B1 = pin_condition(nxt, X, y, reduction)
            speed = np.maximum(speed, np.maximum(np.abs(A1), np.abs(A1 - B1)))
            A, B = 0.5 * (A + A1), 0.5 * (B + B1)
        rs = rs_coordinates(net)
        rho = rs.rho[:, None]
        band = tol + 2 * lr * speed / rho
        inside0 = dists[c0] < band
        many = inside0.sum(axis=1) >= 2
        multi += int(np.sum(inside0[many]))
        ok = ~many[:, None] & np.ones_like(inside0)
        pinned0 = inside0 & ok
        end = dists[c1] < band
        if checkpoint_every >= 2:
            end &= dists[c1 - 1] < band
        s = rs.u @ X.T - rs.tau[:, None]  # signed distance, z = ρ s
        rate = np.where(s < 0, A, A - B)  # ż on the pair's current side
        approaching = np.where(s < 0, rate > 0, rate < 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            arrive = np.abs(s) * rho / np.abs(rate)
        reach = ~inside0 & ok & approaching & (arrive < L)
        decidable = L * np.minimum(np.abs(A), np.abs(A - B)) / rho > 2 * band
        und += int(np.sum(pinned0 & ~decidable))
        new = ~inside0 & ok & end
        scored = (pinned0 & decidable) | reach | new
        if not scored.any():
            continue
        cond = (A > 0) & (A < B)
        pred = cond & (pinned0 | reach)
        P, O, Q = pred[scored], end[scored], pinned0[scored]
        tp += int(np.sum(P & O))
        tn += int(np.sum(~P & ~O))
        fp += int(np.sum(P & ~O))
        fn += int(np.sum(~P & O))
        p_ok += int(np.sum(Q == O))
        p_tp += int(np.sum(Q & O))
        p_tn += int(np.sum(~Q & ~O))
        ch = Q != O
        n_ch += int(ch.sum())
        ch_ok += int(np.sum(ch & (P == O)))
        n_new += int(np.sum(~Q & O))
        new_ok += int(np.sum(~Q & O & P))
        new_pred += int(np.sum(~Q & P))
        I, J = np.nonzero(scored)
        distinct.update(zip(I.tolist(), J.tolist()))
        for i, j in zip(I, J):
            if len(examples) >= n_examples:
                break
            if pinned0[i, j] != end[i, j] and pred[i, j] == end[i, j]:
                examples.append({"step": int(snapshots[c0][0]), "neuron": int(i), "datum": int(j),
                                 "pinned_at_checkpoint": bool(pinned0[i, j]), "pinned_at_end": bool(end[i, j]),
                                 "A": float(A[i, j]), "B": float(B[i, j])})
    n = tp + tn + fp + fn
    return PinPrediction(n_pairs=n, n_distinct_pairs=len(distinct), n_windows=n_win, true_pos=tp, true_neg=tn,
                         false_pos=fp, false_neg=fn, persistence_correct=p_ok, persistence_tp=p_tp,
                         persistence_tn=p_tn, n_changed=n_ch, changed_correct=ch_ok, n_new=n_new, new_found=new_ok,
                         n_new_predicted=new_pred, n_undecidable=und, n_multi=multi, examples=examples)


# --------------------------------------------------------------------------------------------
# Flows
# --------------------------------------------------------------------------------------------
class _Budget(Exception):
    pass


def param_flow(net: ShallowNet, X, y, times, reduction: str = "mean", rtol: float = 1e-11,
               atol: float = 1e-13, max_evals: int = 20000, max_crossings: int | None = None):
    """θ(t) under θ̇ = −∇L(θ) from θ(0) = ``net``'s parameters, sample interval by sample interval.

    Returns (times_done, Θ) with Θ of shape (len(times_done), P).  Integration stops early (the
    returned times are a prefix of ``times``) when one interval needs more than ``max_evals``
    right-hand-side evaluations (a sliding mode: some hyperplane is glued to a datum and the
    discontinuous field makes the explicit solver chatter), or after ``max_crossings`` sample
    intervals that contain a crossing (some z_ij changes sign)."""
    from scipy.integrate import solve_ivp

    X, y = check_data(X, y, net.dim)
    work = net.copy()
    count = [0]

    def rhs(_t, th):
        count[0] += 1
        if count[0] > max_evals:
            raise _Budget
        work.set_flat(th)
        return -work._grads(X, y, reduction)[1].flat()

    times = np.asarray(times, dtype=np.float64)
    m, d = net.width, net.dim
    th = net.get_flat()
    out = [th]
    sign = X @ net.W.T + net.b > 0
    n_cross = 0
    for s in range(len(times) - 1):
        count[0] = 0
        try:
            sol = solve_ivp(rhs, (times[s], times[s + 1]), th, method="DOP853", rtol=rtol, atol=atol)
        except _Budget:
            break
        if not sol.success:
            raise NumericError(f"parameter-flow integration failed: {sol.message}")
        th = sol.y[:, -1]
        out.append(th)
        new = X @ th[:m * d].reshape(m, d).T + th[m * d:m * d + m] > 0
        if np.any(new != sign):
            n_cross += 1
            if max_crossings is not None and n_cross >= max_crossings:
                break
        sign = new
    return times[:len(out)], np.array(out)


def _rs_state(theta, m, d, k):
    """Flat parameters -> RS state: [u (m d), τ (m), c (m), c0] for homogeneous σ with
    δ_i = k v_i² − ρ_i² − b_i² returned separately; [u, τ, ρ, v, c0] otherwise."""
    W = theta[:m * d].reshape(m, d)
    b = theta[m * d:m * d + m]
    v = theta[m * d + m:m * d + 2 * m]
    c0 = theta[-1]
    rho = np.linalg.norm(W, axis=1)
    u = W / rho[:, None]
    tau = -b / rho
    if k == 1:
        return np.concatenate([u.ravel(), tau, v * rho, [c0]]), v ** 2 - rho ** 2 - b ** 2
    return np.concatenate([u.ravel(), tau, rho, v, [c0]]), None


def rs_velocity(state, delta, X, y, m, d, sigma, dsigma, relu: bool, reduction="mean"):
    """Time derivative of the RS state, written from the definitions (not from theory/).

    ReLU, state (u, τ, c, c0), ρ recovered from (τ, c, δ):  (1+τ²)ρ⁴ + δρ² − c² = 0.
        u̇ = −(c/ρ²)(I − uuᵀ) Σ_j r e_j 1_ij x_j,   τ̇ = (c/ρ²) Σ_j r e_j 1_ij (1 + τ u·x_j),
        ċ = −Σ_j r e_j 1_ij [ρ²(u·x_j − τ) + (c²/ρ²) u·x_j],   ċ0 = −Σ_j r e_j.
    General σ, state (u, τ, ρ, v, c0), z_ij = ρ_i(u_i·x_j − τ_i):
        u̇ = −(v/ρ)(I − uuᵀ) Σ_j r e_j σ'(z_ij) x_j,  τ̇ = (v/ρ) Σ_j r e_j σ'(z_ij)(1 + τ u·x_j),
        ρ̇ = −v Σ_j r e_j σ'(z_ij) u·x_j,  v̇ = −Σ_j r e_j σ(z_ij),  ċ0 = −Σ_j r e_j."""
    n = X.shape[0]
    r = 1.0 / n if reduction == "mean" else 1.0
    u = state[:m * d].reshape(m, d)
    tau = state[m * d:m * d + m]
    P = u @ X.T  # (m, n) u_i·x_j
    if relu:
        c = state[m * d + m:m * d + 2 * m]
        c0 = state[-1]
        rho2 = rs_rho_squared(c, tau, delta)
        s = P - tau[:, None]
        act = (s > 0).astype(np.float64)
        f = (c[:, None] * s * act).sum(axis=0) + c0
        e = (f - y) * r
        Ea = act * e[None, :]  # (m, n) r e_j 1_ij
        g = Ea @ X  # Σ_j r e_j 1_ij x_j
        proj = g - np.sum(g * u, axis=1, keepdims=True) * u
        a = (c / rho2)
        du = -a[:, None] * proj
        dtau = a * np.sum(Ea * (1.0 + tau[:, None] * P), axis=1)
        dc = -np.sum(Ea * (rho2[:, None] * s + (c ** 2 / rho2)[:, None] * P), axis=1)
        return np.concatenate([du.ravel(), dtau, dc, [-e.sum()]])
    rho = state[m * d + m:m * d + 2 * m]
    v = state[m * d + 2 * m:m * d + 3 * m]
    c0 = state[-1]
    Z = rho[:, None] * (P - tau[:, None])
    S = sigma(Z)
    f = (v[:, None] * S).sum(axis=0) + c0
    e = (f - y) * r
    Ed = dsigma(Z) * e[None, :]
    g = Ed @ X
    proj = g - np.sum(g * u, axis=1, keepdims=True) * u
    a = v / rho
    du = -a[:, None] * proj
    dtau = a * np.sum(Ed * (1.0 + tau[:, None] * P), axis=1)
    drho = -v * np.sum(Ed * P, axis=1)
    dv = -(S * e[None, :]).sum(axis=1)
    return np.concatenate([du.ravel(), dtau, drho, dv, [-e.sum()]])


@dataclass
class RSFlowCheck:
    max_err: float  # max over compared samples of the scaled RS-state discrepancy (nan: nothing compared)
    n_segments: int  # smooth segments integrated (between events)
    n_crossings: int
    n_compared: int  # samples compared
    t_end: float  # flow time actually covered (may be shorter than asked)
    conserved_drift: float | None  # max |δ_i(t) − δ_i(0)| / max(1, |δ_i(0)|) (ReLU)
    method: str = "hybrid"
    t_run: float | None = None  # the run's flow time (lr · steps), for t_covered_fraction
    n_sliding: int = 0  # sliding segments integrated (RS chart)
    n_exits: int = 0
    events_agree: bool | None = None  # both charts saw the same numbers of crossings / slides / exits
    stopped: str | None = None
    err_quantiles: dict | None = None
    sliding_time: float = 0.0
    gd: list | None = None  # small-step GD against the hybrid RS flow: [{lr, max_err, t_end}, ...]
    events: list | None = None  # RS-chart events (t, i, j, kind)
    cpu_seconds: float | None = None
    rs_chart_fraction: float | None = None  # neuron-time carried in RS coordinates (the rest: near ρ = 0)
    n_chart_switches: int = 0

    def ok(self, tol: float = 1e-6, min_covered: float = 0.5) -> bool:
        """The check passed: error <= tol over at least ``min_covered`` of the run's flow time."""
        f = self.t_covered_fraction
        return bool(np.isfinite(self.max_err) and self.max_err <= tol and f is not None and f >= min_covered)

    @property
    def t_covered_fraction(self):
        if not self.t_run or self.n_compared == 0:
            return None
        return min(1.0, self.t_end / self.t_run)

    def to_json(self) -> dict:
        out = {"max_err": _num(self.max_err), "method": self.method, "n_segments": self.n_segments,
               "n_crossings": self.n_crossings, "n_sliding": self.n_sliding, "n_exits": self.n_exits,
               "n_compared": self.n_compared, "t_end": self.t_end, "t_run": self.t_run,
               "t_covered_fraction": _num(self.t_covered_fraction) if self.t_covered_fraction is not None else None,
               "conserved_drift": None if self.conserved_drift is None else _num(self.conserved_drift),
               "events_agree": self.events_agree, "stopped": self.stopped, "err_quantiles": self.err_quantiles,
               "sliding_pair_time": self.sliding_time, "gd": self.gd, "cpu_seconds": self.cpu_seconds,
               "rs_chart_fraction": self.rs_chart_fraction, "n_chart_switches": self.n_chart_switches}
        if self.n_compared == 0:
            out["null_reason"] = "nothing compared"
        return out


def rs_flow_check(net: ShallowNet, X, y, t_end: float, n_samples: int = 201, reduction: str = "mean",
                  rtol: float = 1e-10, atol: float = 1e-12, max_evals: int = 3_000_000, t_run: float | None = None,
                  gd_lrs=(), velocity=None, progress: bool = False, **segment_kw) -> RSFlowCheck:
    """The RS flow against the mapped parameter flow over [0, t_end].

    ReLU: both flows are integrated as hybrid Filippov systems (:mod:`specbias.numerics.rs_flow`:
    crossings, sliding on z_ij = 0, exits), the parameter one in θ = (W, b, v, c) from the loss
    gradient, the RS one in (u, τ, c = vρ, c0); the parameter trajectory is mapped to RS
    coordinates and compared at ``n_samples`` times.  The error of a sample is
    max(‖Δu‖_∞, |Δτ|/(1+|τ|), |Δc|/max|c|).  ``gd_lrs``: also run gradient descent from the same
    start at these steps over the compared window and report its error against the hybrid RS
    flow (first order in the step: the check of the event handling itself).  ``velocity``: a
    replacement RS velocity (a hook for tests: a wrong flow must fail).

    Other σ: the RS equations integrated on crossing-free stretches of the parameter flow."""
    import time

    from specbias.numerics.rs_flow import ParamChart, RSChart, hybrid_flow, map_to_rs, rs_state_error

    X, y = check_data(X, y, net.dim)
    t_end = check_positive(t_end, "flow time", error=ParameterError)
    if not is_relu(net):
        chk = _rs_flow_check_segments(net, X, y, t_end, n_samples, reduction, rtol, atol, **segment_kw)
        chk.t_run = t_run
        return chk
    cpu0 = time.process_time()
    m, d = net.width, net.dim
    r = 1.0 / len(y) if reduction == "mean" else 1.0
    yeff = y + net.reference.forward(X) if net.reference is not None else y
    times = np.linspace(0.0, t_end, n_samples)
    th0 = net.get_flat()
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=2 * t_end, desc="hybrid RS flow", file=sys.stderr, disable=not sys.stderr.isatty(),
                   leave=False, bar_format="{l_bar}{bar}| {n:.0f}/{total:.0f}")
    done = [0.0]

    def prog(base):
        def f(t):
            if bar is not None:
                bar.update(base + t - done[0])
                done[0] = base + t
        return f

    P = hybrid_flow(ParamChart(X, yeff, m, r), th0, times, rtol, atol, max_evals, progress=prog(0.0))
    rs0, delta = map_to_rs(th0, m, d)
    rc = RSChart(X, yeff, m, r, delta[0], velocity=velocity, rho0=np.linalg.norm(net.W, axis=1))
    R = hybrid_flow(rc, rs0[0], times[:len(P.t)], rtol, atol, max_evals, progress=prog(t_end))
    if bar is not None:
        bar.close()
    k = min(len(P.t), len(R.t))
    PM, deltas = map_to_rs(P.states[:k], m, d)
    with np.errstate(all="ignore"):
        err = rs_state_error(R.states[:k], PM, m, d)
    err = np.where(np.isfinite(err), err, np.inf)
    drift = float((np.abs(deltas - deltas[0]) / np.maximum(1.0, np.abs(deltas[0]))).max())
    stopped = R.stopped or P.stopped
    gd = []
    for lr in gd_lrs:
        gd.append(_gd_against(net, X, y, R.t[:k], R.states[:k], lr, reduction))
    q = {str(p): float(np.quantile(err, p)) for p in (0.5, 0.9, 1.0)} if k > 1 else None
    return RSFlowCheck(max_err=float(err[1:].max()) if k > 1 else np.nan, n_segments=R.n_crossings + R.n_sliding
                       + R.n_exits + 1, n_crossings=R.n_crossings, n_compared=k - 1 if k > 1 else 0,
                       t_end=float(R.t[k - 1]), conserved_drift=drift, t_run=t_run, n_sliding=R.n_sliding,
                       n_exits=R.n_exits, events_agree=(P.n_crossings, P.n_sliding, P.n_exits)
                       == (R.n_crossings, R.n_sliding, R.n_exits), stopped=stopped, err_quantiles=q,
                       sliding_time=R.sliding_time, gd=gd or None, events=R.events,
                       rs_chart_fraction=1.0 - rc.neuron_time_param / max(m * R.t_end, 1e-300),
                       n_chart_switches=rc.n_switches,
                       cpu_seconds=time.process_time() - cpu0)


def _rs_flow_check_segments(net: ShallowNet, X, y, t_end: float, n_samples: int = 201, reduction: str = "mean",
                             rtol: float = 1e-11, atol: float = 1e-13, min_segment: int = 3, max_evals: int = 20000,
                             max_crossings: int | None = 50) -> RSFlowCheck:
    """(σ other than ReLU.)  Integrate the parameter flow, map it to RS coordinates, and integrate the RS flow on its
    own from the mapped state at the start of every crossing-free stretch (a crossing: some
    z_ij changes sign between two samples); report the largest discrepancy inside stretches.

    The error of a sample is max(‖Δu‖_∞, |Δτ|/(1+|τ|), |Δc|/max|c|, ...) over neurons."""
    from scipy.integrate import solve_ivp

    X, y = check_data(X, y, net.dim)
    t_end = check_positive(t_end, "flow time", error=ParameterError)
    m, d = net.width, net.dim
    k = _homogeneity(net)
    relu = is_relu(net)
    if k == 1 and not relu:
        k = None  # other 1-homogeneous σ (leaky, abs): use the general (u, τ, ρ, v) chart
    times = np.linspace(0.0, t_end, n_samples)
    times, TH = param_flow(net, X, y, times, reduction, rtol, atol, max_evals=max_evals,
                           max_crossings=max_crossings)
    states, deltas = zip(*[_rs_state(th, m, d, 1 if relu else None) for th in TH])
    states = np.array(states)
    # crossings
    signs = []
    for th in TH:
        W = th[:m * d].reshape(m, d)
        b = th[m * d:m * d + m]
        signs.append(X @ W.T + b > 0)
    signs = np.array(signs)
    changed = np.any(signs[1:] != signs[:-1], axis=(1, 2))  # between sample s and s+1
    n_cross = int(changed.sum())
    # stretches of samples with no crossing in between
    segs, start = [], 0
    for s in range(len(times) - 1):
        if changed[s]:
            segs.append((start, s))
            start = s + 1
    segs.append((start, len(times) - 1))
    segs = [(a, b) for a, b in segs if b - a + 1 >= min_segment]
    delta0 = deltas[0] if relu else None
    if net.reference is not None:  # the RS state describes Σ_i v_i σ(...) + c; move f0 into the target
        y = y + net.reference.forward(X)
    scale_c = np.maximum(np.abs(states[:, m * d + m:m * d + 2 * m]).max(), 1e-300)
    max_err, n_cmp = 0.0, 0
    for a, bnd in segs:
        t_eval = times[a:bnd + 1]
        with np.errstate(all="ignore"):  # rejected trial steps may overflow; accepted ones are checked
            sol = solve_ivp(lambda _t, s: rs_velocity(s, delta0, X, y, m, d, net.sigma, net.dsigma, relu, reduction),
                            (t_eval[0], t_eval[-1]), states[a], t_eval=t_eval, method="DOP853", rtol=rtol, atol=atol)
        if not sol.success:
            raise NumericError(f"RS-flow integration failed: {sol.message}")
        R = sol.y.T
        M = states[a:bnd + 1]
        du = np.abs(R[:, :m * d] - M[:, :m * d]).max(axis=1)
        dt = (np.abs(R[:, m * d:m * d + m] - M[:, m * d:m * d + m]) / (1 + np.abs(M[:, m * d:m * d + m]))).max(axis=1)
        if relu:
            dc = np.abs(R[:, m * d + m:m * d + 2 * m] - M[:, m * d + m:m * d + 2 * m]).max(axis=1) / scale_c
            err = np.maximum.reduce([du, dt, dc])
        else:
            rr = (np.abs(R[:, m * d + m:m * d + 2 * m] - M[:, m * d + m:m * d + 2 * m])
                  / np.abs(M[:, m * d + m:m * d + 2 * m])).max(axis=1)
            vv = np.abs(R[:, m * d + 2 * m:m * d + 3 * m] - M[:, m * d + 2 * m:m * d + 3 * m]).max(axis=1) \
                / max(np.abs(M[:, m * d + 2 * m:m * d + 3 * m]).max(), 1e-300)
            err = np.maximum.reduce([du, dt, rr, vv])
        max_err = max(max_err, float(err.max()))
        n_cmp += len(t_eval)
    drift = None
    if relu:
        D = np.array(deltas)
        drift = float((np.abs(D - D[0]) / np.maximum(1.0, np.abs(D[0]))).max())
    if n_cmp == 0:
        max_err = np.nan
    return RSFlowCheck(max_err=max_err, n_segments=len(segs), n_crossings=n_cross, n_compared=n_cmp,
                       t_end=float(times[-1]), conserved_drift=drift, method="crossing-free stretches")


def _gd_against(net, X, y, times, states, lr, reduction):
    """Small-step GD from ``net`` mapped to RS coordinates, against RS states at ``times``
    (sampled at the nearest multiple of the step)."""
    from specbias.numerics.rs_flow import map_to_rs, rs_state_error

    lr = check_positive(lr, "GD step", error=ParameterError)
    m, d = net.width, net.dim
    g = net.copy()
    steps = np.rint(times / lr).astype(int)
    out = [g.get_flat()]
    for a, b in zip(steps[:-1], steps[1:]):
        for _ in range(b - a):
            g.step(X, y, lr, reduction, _checked=True)
        out.append(g.get_flat())
    TH = np.array(out)
    GM, _ = map_to_rs(TH, m, d)
    # neurons near ρ = 0 (where RS coordinates are singular and u may turn round) are left out
    rho = np.linalg.norm(TH[:, :m * d].reshape(len(TH), m, d), axis=2)
    near = rho < 0.2 * rho[0]
    if near.any():
        G3 = GM.copy()
        for k, i in zip(*np.nonzero(near)):
            for sl in (slice(i * d, (i + 1) * d), m * d + i, m * d + m + i):
                G3[k, sl] = states[k, sl]
        GM = G3
    with np.errstate(all="ignore"):
        err = rs_state_error(GM, states, m, d)
    return {"lr": float(lr), "max_err": _num(np.nanmax(err)), "median_err": _num(np.nanmedian(err)),
            "t_end": float(times[-1]), "steps": int(steps[-1]),
            "time_offset_max": float(np.abs(steps * lr - times).max()),
            "neuron_samples_left_out_near_rho_0": int(near.sum())}


def auto_lr(net: ShallowNet, X, cap: float = 0.2, reduction: str = "mean") -> float:
    """min(cap, stable_lr(net at init)): the cap rules at small init scale (tiny tangent kernel at
    init; the weights grow during training), the stability bound 1/λ_max at large scale."""
    return float(min(cap, stable_lr(net, X, reduction=reduction, safety=0.5)))


def run_experiment(activation="relu", dim: int = 2, target: str = "disc_step", init_scale: float = 0.01, *,
                   width: int = 100, n: int = 50, steps: int = 20000, lr: float | None = None, seed: int = 0,
                   pin_tol: float = 1e-3, cluster_eps: float = 0.02, init: str = "centered",
                   checkpoints: int = 100, records_per_checkpoint: int = 4, rs_flow: bool = True,
                   rs_flow_time: float | None = None, rs_flow_samples: int = 401, data=None,
                   progress: bool = False, reduction: str = "mean", rs_flow_fraction: float = 0.55,
                   rs_flow_gd: bool = True) -> dict:
    """Train one shallow network by full-batch GD and collect the adaptive-regime statistics.

    ``data`` = (X, y) overrides ``target``/``n``.  The returned dict holds JSON-ready statistics
    plus the objects ``_net``, ``_net0``, ``_X``, ``_y``, ``_losses``, ``_min_dist``,
    ``_min_dist0`` (keys starting with ``_`` are not part of the JSON report)."""
    from .targets import make_target

    init_scale = check_positive(init_scale, "init scale", error=ParameterError)
    pin_tol = _tol(pin_tol)
    for name, val in (("steps", steps), ("checkpoints", checkpoints), ("records_per_checkpoint", records_per_checkpoint),
                      ("n", n)):
        if isinstance(val, bool) or not isinstance(val, (int, np.integer)) or val < 1:
            raise ParameterError(f"{name} must be a positive integer, got {val!r}")
    if data is None:
        X, y = make_target(target, dim, n, seed)
    else:
        X, y = check_data(*data, dim=dim)
    if init not in ("centered", "antisymmetric", "plain"):
        raise ParameterError(f"init must be 'centered', 'antisymmetric' or 'plain', got {init!r}")
    net = ShallowNet.init(dim, width, activation, scale=init_scale, seed=seed, antisymmetric=init == "antisymmetric")
    if init == "centered":
        net = net.centered()
    net0 = net.copy()
    lr = auto_lr(net, X, reduction=reduction) if lr is None else check_positive(lr, "learning rate", error=ParameterError)
    record_every = max(1, steps // (checkpoints * records_per_checkpoint))
    md0 = min_distances(net0, X)
    res = train(net, X, y, lr=lr, steps=steps, reduction=reduction, record_every=record_every, progress=progress)
    md = min_distances(net, X)
    cl = clusters(net, cluster_eps)
    relu = is_relu(net)
    pp = pin_prediction(res.snapshots, net0, X, y, pin_tol, records_per_checkpoint, lr, reduction) if relu else None
    out = {
        "activation": net.activation.name, "dim": int(dim), "target": target if data is None else "custom",
        "n": int(X.shape[0]), "width": int(width), "init_scale": float(init_scale), "steps": int(steps),
        "lr": float(lr), "seed": int(seed), "init": init, "pin_tol": float(pin_tol),
        "cluster_eps": float(cluster_eps),
        "train_loss": float(res.final_loss), "initial_loss": float(res.losses[0]),
        "pinned_fraction": float(np.mean(md < pin_tol)),
        "pinned_fraction_init": float(np.mean(md0 < pin_tol)),
        "min_distance_quantiles": {str(q): float(np.quantile(md, q)) for q in (0.1, 0.25, 0.5, 0.75, 0.9)},
        "n_clusters": cl.n_clusters, "clusters": cl.to_json(),
        "pin_prediction_accuracy": _num(pp.accuracy) if relu else None,
        "pin_prediction": pp.to_json() if relu else {"skipped": "the pinning condition is derived for ReLU only"},
        "relative_weight_change": float(np.linalg.norm(net.get_flat() - net0.get_flat())
                                        / max(np.linalg.norm(net0.get_flat()), 1e-300)),
    }
    if _homogeneity(net) is not None:
        drift = np.abs(net.conserved() - net0.conserved())
        out["conserved_max_drift_gd"] = float(drift.max())
    else:
        # near-pinning of smooth σ: is a sharper neuron (larger ρ) closer to a datum?
        from scipy.stats import spearmanr

        rs = rs_coordinates(net)
        wgt = np.abs(rs.v) * rs.rho
        big = wgt >= 1e-3 * wgt.max()
        out["near_pinning_rho_spearman"] = (_num(spearmanr(rs.rho[big], md[big]).statistic)
                                            if big.sum() >= 3 else None)
        out["near_pinning"] = near_pinning_stats(net, X, md=md)
        out["near_pinning_init"] = near_pinning_stats(net0, X, md=md0)  # the null: same statistics at init
        out["near_pin_prediction"] = near_pin_prediction(res.snapshots, net0, X, y, records_per_checkpoint, lr,
                                                         reduction)
    if X.shape[1] == 1 and X.shape[0] >= 3:
        out["fit1d"] = spline_comparison(net, X, y)
    if data is None and target == "digits":
        out["digits"] = digits_attraction(net, X, y, pin_tol)
    if rs_flow:
        t_run = lr * steps
        T = rs_flow_time if rs_flow_time is not None else rs_flow_fraction * t_run
        gd_lrs = ()
        if relu and rs_flow_gd:
            # GD steps dividing the sample spacing: lr/4 and lr/8 of the run (first order: the error halves)
            dt = T / (rs_flow_samples - 1)
            base = dt / max(1, int(np.ceil(dt / (lr / 4))))
            gd_lrs = (base, base / 2)
        chk = rs_flow_check(net0, X, y, T, n_samples=rs_flow_samples, reduction=reduction, t_run=t_run,
                            gd_lrs=gd_lrs, progress=progress, **({} if relu else {"max_evals": 4000}))
        out["rs_flow_max_err"] = _num(chk.max_err)
        out["rs_flow"] = chk.to_json()
        out["_rs_events"] = chk.events
    else:
        out["rs_flow_max_err"] = None
    out.update({"_net": net, "_net0": net0, "_X": X, "_y": y, "_losses": res.losses, "_min_dist": md,
                "_snapshots": res.snapshots,
                "_min_dist0": md0})
    return out


def spline_comparison(net: ShallowNet, X, y, n_grid: int = 2001) -> dict:
    """1-D: RMS distance, on a fine grid over the data range, between the trained net and
    (a) the natural cubic spline through the data,
    (b) the piecewise-linear interpolant, both relative to the RMS of the data.  The kernel regime
    (ReLU, W ∝ ω⁴ in 1-D) should sit closer to (a), the adaptive regime closer to (b)."""
    from scipy.interpolate import CubicSpline

    X, y = check_data(X, y, 1)
    order = np.argsort(X[:, 0])
    xs, ys = X[order, 0], y[order]
    keep = np.concatenate([[True], np.diff(xs) > 1e-12])
    xs, ys = xs[keep], ys[keep]
    g = np.linspace(xs[0], xs[-1], n_grid)
    f = net(g[:, None])
    cub = CubicSpline(xs, ys, bc_type="natural")(g)
    lin = np.interp(g, xs, ys)
    scale = max(float(np.sqrt(np.mean(ys ** 2))), 1e-300)
    rms = lambda a: float(np.sqrt(np.mean(a ** 2))) / scale  # noqa: E731
    return {"rel_rms_to_cubic_spline": rms(f - cub), "rel_rms_to_linear_spline": rms(f - lin),
            "rel_rms_cubic_vs_linear": rms(cub - lin)}


def near_pinning_stats(net: ShallowNet, X, md=None, min_weight: float = 1e-3) -> dict:
    """Smooth σ: a neuron's transition band around its hyperplane has width ~1/ρ_i (σ(ρ(u·x − τ))),
    so the natural unit of its distance to the data is the bandwidth: ρ_i · min_j |u_i·x_j − τ_i|.
    Over the neurons that shape f (|v|ρ >= min_weight × the largest): quantiles of ρ, of the
    distance and of the distance in bandwidths, and the fractions within one and 0.1 bandwidth
    of a datum (compare across initial scales with ``sweep_statistics``)."""
    X = check_data(X, dim=net.dim)
    rs = rs_coordinates(net)
    md = min_distances(net, X) if md is None else md
    wgt = np.abs(rs.v) * rs.rho
    big = wgt >= min_weight * wgt.max() if wgt.max() > 0 else np.ones_like(wgt, bool)
    rho, dist = rs.rho[big], md[big]
    bw = rho * dist
    q = (0.1, 0.5, 0.9)
    return {"n_neurons": int(big.sum()),
            "rho_quantiles": {str(p): float(np.quantile(rho, p)) for p in q},
            "distance_quantiles": {str(p): float(np.quantile(dist, p)) for p in q},
            "distance_in_bandwidths_quantiles": {str(p): float(np.quantile(bw, p)) for p in q},
            "fraction_within_one_bandwidth": float(np.mean(bw < 1.0)),
            "fraction_within_0.1_bandwidth": float(np.mean(bw < 0.1)),
            "effective_condition": "frozen-residual equilibrium: σ'(z*) = A/B with Bσ''(z*) > 0 "
                                   "(smooth_pin_condition); scored in near_pin_prediction",
            "effective_condition_caveat": "not exact: for smooth σ z_ij = 0 is not a switching surface and there "
                                          "is no sliding mode; the condition holds residuals and the other "
                                          "pre-activations fixed"}


def smooth_pin_condition(net: ShallowNet, X, y, reduction: str = "mean", z_max: float = 8.0, n_grid: int = 3201,
                         pairs=None):
    """An effective near-pinning condition for smooth σ (derived here, numerically; frozen residuals).

    Hold every residual e_k and every other pre-activation z_ik (k ≠ j) fixed; then z_ij moves by
        ż_ij = A_ij − B_ij σ'(z_ij),   A_ij = −v_i Σ_{k≠j} r e_k σ'(z_ik)(x_k·x_j + 1),
                                       B_ij = v_i r e_j (1 + ‖x_j‖²)
    (ReLU: σ' = 1[z > 0] gives back the sliding condition 0 < A < B).  A stable equilibrium z* solves
    σ'(z*) = A/B with B σ''(z*) > 0; |z*| is the hyperplane's offset from x_j in bandwidths 1/ρ_i
    (z = ρ·(signed distance)).  For GELU σ' rises from 0 to 1 (overshooting to ≈1.13), so the
    condition reads 0 < A/B < max σ' with z* near 0 when A/B is mid-range; for tanh σ' = sech² is
    a bump, and a stable equilibrium sits at an offset |z*| = arccosh(√(B/A)) on one side.  The
    equilibria are found on a grid of z in [−z_max, z_max], not from these formulas.  Scored along
    training by :func:`near_pin_prediction` it does NOT beat persistence (see the issue-13 report).

    Returns (A, B, z_star): z_star (m, n) is the stable equilibrium nearest to the current z_ij (nan if
    none in the grid, or if the pair is not in ``pairs`` = (I, J) when given)."""
    X, y = check_data(X, y, net.dim)
    r = 1.0 / len(y) if reduction == "mean" else 1.0
    e = (net.forward(X) - y) * r
    Z = net.preactivations(X)  # (n, m)
    D = net.dsigma(Z)
    K = X @ X.T + 1.0
    S = (D * e[:, None]).T @ K
    S -= (D * e[:, None]).T * np.diag(K)[None, :]
    A = -net.v[:, None] * S
    B = net.v[:, None] * e[None, :] * np.diag(K)[None, :]
    g = np.linspace(-z_max, z_max, n_grid)
    sp_ = net.dsigma(g)
    zc = 0.5 * (g[:-1] + g[1:])
    if pairs is None:
        I, J = (a.ravel() for a in np.indices(A.shape))
    else:
        I, J = (np.asarray(a, dtype=int) for a in pairs)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = A[I, J] / B[I, J]
        F = ratio[:, None] - sp_[None, :]  # ż / B on the grid: sign of (A − B σ') / B
        cross = np.sign(F[:, :-1]) != np.sign(F[:, 1:])
        # stable: ż = A − Bσ'(z) goes from + to − as z increases
        Fz = F * np.sign(B[I, J])[:, None]
    stable = cross & (Fz[:, :-1] > 0) & (Fz[:, 1:] <= 0)
    zcur = Z.T[I, J]
    dist = np.where(stable, np.abs(zc[None, :] - zcur[:, None]), np.inf)
    k = dist.argmin(axis=-1)
    zs = np.where(np.isfinite(dist.min(axis=-1)), zc[k], np.nan)
    z_star = np.full(A.shape, np.nan)
    z_star[I, J] = zs
    return A, B, z_star


def near_pin_prediction(snapshots, template: ShallowNet, X, y, checkpoint_every: int, lr: float,
                        reduction: str = "mean", band: float = 1.0) -> dict:
    """The effective condition as a classifier, scored like :func:`pin_prediction`: at each
    checkpoint, the pairs within ``band`` bandwidths of their datum (|z_ij| < band, one datum per
    neuron: the nearest); prediction "still within the band at the window's end" iff a stable
    equilibrium |z*| < band exists; baselines: persistence (always 'stays') and the majority class."""
    X, y = check_data(X, y, template.dim)
    tp = tn = fp = fn = 0
    distinct = set()
    for c0 in range(0, len(snapshots) - checkpoint_every, checkpoint_every):
        net = _net_from(snapshots[c0][1], template)
        end = _net_from(snapshots[c0 + checkpoint_every][1], template)
        Z0 = np.abs(net.preactivations(X).T)
        Z1 = np.abs(end.preactivations(X).T)
        j = Z0.argmin(axis=1)
        i = np.arange(net.width)
        near = Z0[i, j] < band
        if not near.any():
            continue
        _, _, zs = smooth_pin_condition(net, X, y, reduction, pairs=(i[near], j[near]))
        pred = np.isfinite(zs[i, j]) & (np.abs(zs[i, j]) < band)
        obs = Z1[i, j] < band
        P, O = pred[near], obs[near]
        tp += int(np.sum(P & O))
        tn += int(np.sum(~P & ~O))
        fp += int(np.sum(P & ~O))
        fn += int(np.sum(~P & O))
        distinct.update(zip(i[near].tolist(), j[near].tolist()))
    n = tp + tn + fp + fn
    pos, neg = tp + fn, tn + fp
    out = {"n_pairs": n, "n_distinct_pairs": len(distinct), "true_pos": tp, "true_neg": tn, "false_pos": fp,
           "false_neg": fn, "accuracy": _num((tp + tn) / n) if n else None,
           "balanced_accuracy": _num(0.5 * (tp / pos + tn / neg)) if pos and neg else None,
           "persistence_baseline": _num(pos / n) if n else None,
           "majority_baseline": _num(max(pos, neg) / n) if n else None, "band_in_bandwidths": band}
    if not (pos and neg):
        out["null_reason"] = "no pairs scored" if not n else "one observed class is empty"
    return out


def digits_attraction(net: ShallowNet, X, y, tol: float) -> dict:
    """Digits (y = (digit − 4.5)/4.5): for each pinned hyperplane, the digit of the datum it sits on;
    counts per digit against the digit frequencies in the training set."""
    digit = np.rint(np.asarray(y) * 4.5 + 4.5).astype(int)
    D = hyperplane_distances(net, X)
    pinned = D.min(axis=1) < tol
    nearest = D.argmin(axis=1)
    att = np.bincount(digit[nearest[pinned]], minlength=10)
    data = np.bincount(digit, minlength=10)
    pts = np.unique(nearest[pinned])
    return {"pinned_neurons_by_digit": att.tolist(), "data_by_digit": data.tolist(),
            "n_pinned": int(pinned.sum()), "n_attracting_points": int(len(pts)),
            "attracting_points": [{"index": int(j), "digit": int(digit[j]),
                                   "neurons": int(np.sum(nearest[pinned] == j))} for j in pts]}


def sweep_statistics(scales, seeds=(0, 1, 2), progress: bool = False, **kwargs) -> dict:
    """The regimes across initial scales: for each scale, ``run_experiment`` for each seed (a seed
    draws both the data and the initialization, so the error bars cover both), and the mean,
    standard deviation (ddof 1) and per-seed values of the pinned fraction, the clusters per
    considered neuron, the largest cluster's share, the within-cluster alignment, the weight change
    and the loss (plus the near-pinning statistics for smooth σ)."""
    kwargs.setdefault("rs_flow", False)
    scales = [check_positive(s, "init scale", error=ParameterError) for s in scales]
    if not scales:
        raise ParameterError("the scale sweep needs at least one scale")
    seeds = [int(s) for s in seeds]
    if not seeds:
        raise ParameterError("the scale sweep needs at least one seed")
    rows, runs = [], []
    jobs = [(s, sd) for s in scales for sd in seeds]
    it = jobs
    if progress:
        from tqdm import tqdm

        it = tqdm(jobs, desc="scale sweep", file=sys.stderr, disable=not sys.stderr.isatty(), leave=False)
    vals = {}
    for s, sd in it:
        kw = {**kwargs, "seed": sd}
        r = run_experiment(init_scale=s, **kw)
        cl = r["clusters"]
        nc = max(cl["n_considered"], 1)
        v = {"pinned_fraction": r["pinned_fraction"], "clusters_per_neuron": r["n_clusters"] / nc,
             "largest_cluster_share": cl["multiplicities"][0] / nc if cl["multiplicities"] else None,
             "alignment_mean": cl["alignment_mean"], "relative_weight_change": r["relative_weight_change"],
             "train_loss": r["train_loss"], "n_clusters": r["n_clusters"], "lr": r["lr"],
             "pin_prediction_accuracy": r["pin_prediction_accuracy"]}
        if "near_pinning" in r:
            v["fraction_within_one_bandwidth"] = r["near_pinning"]["fraction_within_one_bandwidth"]
            v["fraction_within_one_bandwidth_init"] = r["near_pinning_init"]["fraction_within_one_bandwidth"]
            v["fraction_within_0.1_bandwidth"] = r["near_pinning"]["fraction_within_0.1_bandwidth"]
            v["fraction_within_0.1_bandwidth_init"] = r["near_pinning_init"]["fraction_within_0.1_bandwidth"]
            v["median_rho"] = r["near_pinning"]["rho_quantiles"]["0.5"]
            v["median_distance_in_bandwidths"] = r["near_pinning"]["distance_in_bandwidths_quantiles"]["0.5"]
        vals.setdefault(s, []).append(v)
        runs.append(r)
    for s in scales:
        # flat fields (the mean over seeds, as before: one number per key) plus "<key>_std" and "stats"
        row = {"init_scale": s, "seeds": seeds, "stats": {}}
        for k in vals[s][0]:
            xs = np.array([np.nan if x.get(k) is None else x[k] for x in vals[s]], dtype=float)
            ok = np.isfinite(xs)
            st = {"mean": _num(xs[ok].mean()) if ok.any() else None,
                  "std": _num(xs[ok].std(ddof=1)) if ok.sum() > 1 else None, "n": int(ok.sum())}
            row["stats"][k] = st
            row[k] = st["mean"]
            row[k + "_std"] = st["std"]
        row["per_seed"] = vals[s]
        rows.append(row)
    lo, hi = rows[int(np.argmin(scales))], rows[int(np.argmax(scales))]
    sep = {"smallest_scale": lo["init_scale"], "largest_scale": hi["init_scale"],
           "pinned_fraction_small": lo["pinned_fraction"], "pinned_fraction_large": hi["pinned_fraction"],
           "pinned_fraction_small_std": lo["pinned_fraction_std"], "pinned_fraction_large_std": hi["pinned_fraction_std"],
           "difference": lo["pinned_fraction"] - hi["pinned_fraction"],
           "decades": float(np.log10(max(scales) / min(scales)))}
    return {"rows": rows, "regimes_separate": sep, "_runs": runs}


def scale_sweep(scales, progress: bool = False, **kwargs) -> list[dict]:
    """run_experiment at each initial scale, same data and seed; rs_flow off unless asked."""
    kwargs.setdefault("rs_flow", False)
    scales = [check_positive(s, "init scale", error=ParameterError) for s in scales]
    if not scales:
        raise ParameterError("the scale sweep needs at least one scale")
    it = scales
    if progress:
        from tqdm import tqdm

        it = tqdm(scales, desc="scale sweep", file=sys.stderr, disable=not sys.stderr.isatty(), leave=False)
    return [run_experiment(init_scale=s, **kwargs) for s in it]
