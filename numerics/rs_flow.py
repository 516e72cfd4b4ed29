"""The ReLU gradient flow as a hybrid (Filippov) system, integrated in two charts.

The field of the gradient flow of a ReLU network is smooth as long as every pre-activation
z_ij = w_i·x_j + b_i keeps its sign, and jumps when a hyperplane reaches a datum.  This module
integrates it through those events, from the network's definition only (nothing evaluated here
comes from :mod:`theory`):

* **modes**: each pair (i, j) is below (−1, σ'(z_ij) = 0), above (+1, σ' = 1) or sliding (0);
  between events the mode is fixed and the field is a polynomial of the state (full order of the
  integrator, DOP853, with its dense output);
* **crossing events**: a pair whose surface value changes sign against its mode; located by a
  bisection on the dense output.  At the event the surface's rate is computed numerically from
  both sides (the field with σ'(z_ij) = 0 and with σ'(z_ij) = 1): if both push the same way the
  pair crosses; if they push towards each other (below: up, above: down) the pair **slides**;
* **sliding mode** (Filippov): σ'(z_ij) is replaced by the α_ij ∈ [0, 1] that keeps the rate of
  the surface at 0.  The field is affine in α, so α is solved from the rates at α = 0 and α = 1
  (a small linear system when a neuron slides on several data points).  The segment ends when
  some α leaves [0, 1] (exit to the side it leaves on).

Two charts use the same integrator: the parameter chart θ = (W, b, v, c) with the loss gradient
written from f(x) = Σ v_i σ(w_i·x + b_i) + c, and the RS chart (u, τ, c = vρ, c0) with the
velocities of :func:`rs_velocity_modes` (written from the definitions, u = w/ρ, τ = −b/ρ,
c = vρ, ρ from the conserved δ; checked against the chain rule of the parameter field in the
tests).
Their agreement, after mapping θ to (u, τ, c), is the RS-flow check; small-step gradient descent,
which knows nothing of events, is the independent check of the integrator itself.

``velocity`` hooks (for tests): ``hybrid_flow(..., chart="rs", velocity=fn)`` replaces the RS
velocity by ``fn(state, delta, X, y, act, on, r)``, e.g. a wrong flow that must fail the check.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["HybridResult", "ParamChart", "RSChart", "rs_velocity_modes", "rs_rho_squared", "hybrid_flow", "map_to_rs",
           "rs_state_error"]


# --------------------------------------------------------------------------------------------
# Charts
# --------------------------------------------------------------------------------------------
def rs_rho_squared(c, tau, delta):
    """ρ² from the conserved δ = v² − ρ² − b²: the positive root of (1+τ²)ρ⁴ + δρ² − c² = 0, in
    the form without cancellation."""
    q = 1.0 + tau ** 2
    root = np.sqrt(delta ** 2 + 4 * q * c ** 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(delta > 0, 2 * c ** 2 / (delta + root), (root - delta) / (2 * q))


def rs_velocity_modes(state, delta, X, y, act, on, r):
    """RS velocity of a ReLU net (state [u (m d), τ, c, c0]) with σ'(z_ij) := act_ij and
    σ(z_ij) := (u_i·x_j − τ_i)·on_ij (the smooth extension of the current mode).  ``act`` may be
    a stack (B, m, n): the result is then (B, state size).

    ρ² is recovered from the conserved δ_i = v_i² − ρ_i² − b_i²: (1+τ²)ρ⁴ + δρ² − c² = 0.  With
    g_i = Σ_j r e_j act_ij x_j and h_i = Σ_j r e_j act_ij:
        u̇ = −(c/ρ²)(g − (u·g) u),   τ̇ = (c/ρ²)(h + τ u·g),
        ċ = −ρ² Σ_j r e_j σ(z_ij)/ρ_i − (c²/ρ²) u·g,   ċ0 = −Σ_j r e_j   (ċ = v̇ρ + vρ̇)."""
    m, d = on.shape[0], X.shape[1]
    u = state[:m * d].reshape(m, d)
    tau = state[m * d:m * d + m]
    c = state[m * d + m:m * d + 2 * m]
    c0 = state[-1]
    rho2 = rs_rho_squared(c, tau, delta)
    s = u @ X.T - tau[:, None]
    son = s * on  # σ(z_ij)/ρ_i
    f = c @ son + c0
    e = (f - y) * r
    Ea = act * e
    g = Ea @ X  # (..., m, d)
    h = Ea.sum(axis=-1)
    ug = np.sum(g * u, axis=-1)
    a = c / rho2
    du = -a[:, None] * (g - ug[..., None] * u)
    dtau = a * (h + tau * ug)
    dc = -rho2 * (son @ e) - (c ** 2 / rho2) * ug
    lead = du.shape[:-2]
    de = np.broadcast_to(-e.sum(), lead + (1,))
    return np.concatenate([du.reshape(lead + (m * d,)), dtau, dc, de], axis=-1)


class _Chart:
    def surface_at(self, st, I, J):
        return self.surface(st)[I, J]

    def rate_at(self, st, dst, I, J):
        """ds_ij/dt at the pairs (I, J) along the velocity dst ((P,) or (B, P))."""
        m, d = self.m, self.d
        dA = dst[..., :m * d].reshape(dst.shape[:-1] + (m, d))[..., I, :]
        return np.sum(dA * self.X[J], axis=-1) + self._rate_offset(dst[..., m * d + I])


class ParamChart(_Chart):
    """θ = [W (m d), b, v, c]: θ̇ = −∇L with σ'(z_ij) := act_ij, σ(z_ij) := z_ij·on_ij (ReLU),
    L = (r/2) Σ_j (f(x_j) − y_j)², written from f(x) = Σ_i v_i σ(w_i·x + b_i) + c."""

    name = "param"

    def __init__(self, X, y, m, r):
        self.X, self.y, self.m, self.r = X, y, m, r
        self.d = X.shape[1]
        self.Xa = np.hstack([X, np.ones((X.shape[0], 1))])

    def split(self, th):
        m, d = self.m, self.d
        return th[:m * d].reshape(m, d), th[m * d:m * d + m], th[m * d + m:m * d + 2 * m], th[-1]

    def surface(self, th):
        W, b, _, _ = self.split(th)
        return W @ self.X.T + b[:, None]

    def surface_at(self, th, I, J):
        W, b, _, _ = self.split(th)
        return np.sum(W[I] * self.X[J], axis=-1) + b[I]

    def ztol(self, th):
        W, b, _, _ = self.split(th)
        return 1e-12 * (np.linalg.norm(W, axis=1) + np.abs(b))[:, None]

    def field(self, th, act, on):
        m, d = self.m, self.d
        W, b, v, c = self.split(th)
        Zon = (W @ self.X.T + b[:, None]) * on  # σ(z_ij) in the current mode
        f = v @ Zon + c
        e = (f - self.y) * self.r
        G = (act * e) @ self.Xa  # (..., m, d + 1): Σ_j r e_j act_ij (x_j, 1)
        G = G * v[:, None]
        lead = G.shape[:-2]
        gv = np.broadcast_to(Zon @ e, lead + (m,))
        gc = np.broadcast_to(e.sum(), lead + (1,))
        return -np.concatenate([G[..., :d].reshape(lead + (m * d,)), G[..., d], gv, gc], axis=-1)

    @staticmethod
    def _rate_offset(db):
        return db

    def project(self, th, i, j):
        th = th.copy()
        m, d = self.m, self.d
        th[m * d + i] = -th[i * d:(i + 1) * d] @ self.X[j]
        return th


class RSChart(_Chart):
    """[u (m d), τ, c = vρ, c0] with ρ from the conserved δ (ReLU); s_ij = u_i·x_j − τ_i.

    The chart is singular at ρ_i = 0 (the hyperplane leaves through infinity; in d = 1 this is how
    a neuron turns round, u = −1 -> +1).  A neuron whose ρ_i falls below ``switch`` × ρ_i(0) is
    carried in its own parameters (w_i, b_i, v_i) (stored in its u, τ, c slots) until ρ_i is back
    above twice that; ``neuron_time_param`` accumulates the time so spent."""

    name = "rs"

    def __init__(self, X, y, m, r, delta, velocity=None, rho0=None, switch=0.1):
        self.X, self.y, self.m, self.r, self.delta = X, y, m, r, delta
        self.d = X.shape[1]
        self.velocity = rs_velocity_modes if velocity is None else velocity
        self.flip = np.zeros(m, dtype=bool)
        self.rho_lo = None if rho0 is None else switch * np.asarray(rho0, dtype=np.float64)
        self.neuron_time_param = 0.0
        self.n_switches = 0

    def _rho(self, st):
        m, d = self.m, self.d
        tau, c = st[m * d:m * d + m], st[m * d + m:m * d + 2 * m]
        q = 1.0 + tau ** 2
        root = np.sqrt(self.delta ** 2 + 4 * q * c ** 2)
        with np.errstate(divide="ignore", invalid="ignore"):
            rho2 = np.where(self.delta > 0, 2 * c ** 2 / (self.delta + root), (root - self.delta) / (2 * q))
        return np.sqrt(rho2)

    def to_rs(self, st):
        """The state with every neuron in RS coordinates."""
        if not self.flip.any():
            return st
        m, d = self.m, self.d
        st = st.copy()
        idx = np.flatnonzero(self.flip)
        W = st[:m * d].reshape(m, d)[idx]
        rho = np.linalg.norm(W, axis=1)
        st.reshape(-1)[:m * d].reshape(m, d)[idx] = W / rho[:, None]
        b = st[m * d + idx]
        st[m * d + idx] = -b / rho
        st[m * d + m + idx] = st[m * d + m + idx] * rho
        return st

    output = to_rs

    def maybe_switch(self, st, dt):
        """Called after each accepted step of length dt: (state, changed)."""
        if self.rho_lo is None:
            return st, False
        m, d = self.m, self.d
        self.neuron_time_param += dt * int(self.flip.sum())
        rs = self.to_rs(st)
        rho = self._rho(rs)
        go = ~self.flip & (rho < self.rho_lo)
        back = self.flip & (rho > 2 * self.rho_lo)
        if not (go.any() or back.any()):
            return st, False
        st = st.copy()
        for i in np.flatnonzero(go):  # RS -> (w, b, v)
            u = st[i * d:(i + 1) * d].copy()
            st[i * d:(i + 1) * d] = rho[i] * u
            st[m * d + i] = -rho[i] * st[m * d + i]
            st[m * d + m + i] = st[m * d + m + i] / rho[i]
        self.flip[go] = True
        for i in np.flatnonzero(back):  # (w, b, v) -> RS
            w = st[i * d:(i + 1) * d].copy()
            rw = np.linalg.norm(w)
            st[i * d:(i + 1) * d] = w / rw
            st[m * d + i] = -st[m * d + i] / rw
            st[m * d + m + i] = st[m * d + m + i] * rw
        self.flip[back] = False
        self.n_switches += int(go.sum() + back.sum())
        return st, True

    def surface(self, st):
        m, d = self.m, self.d
        u = st[:m * d].reshape(m, d)
        S = u @ self.X.T - st[m * d:m * d + m][:, None]
        if self.flip.any():  # z = w·x + b for the neurons carried in parameters
            S[self.flip] = u[self.flip] @ self.X.T + st[m * d:m * d + m][self.flip, None]
        return S

    def surface_at(self, st, I, J):
        m, d = self.m, self.d
        u = st[:m * d].reshape(m, d)
        sg = np.where(self.flip[I], 1.0, -1.0)
        return np.sum(u[I] * self.X[J], axis=-1) + sg * st[m * d + I]

    def ztol(self, st):
        m, d = self.m, self.d
        return 1e-12 * (1.0 + np.abs(st[m * d:m * d + m]))[:, None]

    def field(self, st, act, on):
        if not self.flip.any():
            return self.velocity(st, self.delta, self.X, self.y, act, on, self.r)
        m, d = self.m, self.d
        rs = self.to_rs(st)
        F = self.velocity(rs, self.delta, self.X, self.y, act, on, self.r)
        # the neurons carried in parameters: θ̇_i = −∂L/∂θ_i, with the residual of the whole net
        u = rs[:m * d].reshape(m, d)
        s = u @ self.X.T - rs[m * d:m * d + m][:, None]
        e = (rs[m * d + m:m * d + 2 * m] @ (s * on) + rs[-1] - self.y) * self.r
        k = np.flatnonzero(self.flip)
        W = st[:m * d].reshape(m, d)[k]
        b, v = st[m * d + k], st[m * d + m + k]
        Ea = act[..., k, :] * e
        gw = -v[:, None] * (Ea @ self.X)
        gb = -v * Ea.sum(axis=-1)
        gv = -((W @ self.X.T + b[:, None]) * on[k]) @ e
        F = F.copy()
        lead = F.shape[:-1]
        Fu = F[..., :m * d].reshape(lead + (m, d))
        Fu[..., k, :] = gw
        F[..., :m * d] = Fu.reshape(lead + (m * d,))
        F[..., m * d + k] = gb
        F[..., m * d + m + k] = gv
        return F

    def rate_at(self, st, dst, I, J):
        m, d = self.m, self.d
        dA = dst[..., :m * d].reshape(dst.shape[:-1] + (m, d))[..., I, :]
        sg = np.where(self.flip[I], 1.0, -1.0)
        return np.sum(dA * self.X[J], axis=-1) + sg * dst[..., m * d + I]

    def project(self, st, i, j):
        st = st.copy()
        m, d = self.m, self.d
        sg = -1.0 if self.flip[i] else 1.0
        st[m * d + i] = sg * (st[i * d:(i + 1) * d] @ self.X[j])
        return st


def map_to_rs(th, m, d):
    """θ (rows of a matrix) -> RS state [u, τ, c = vρ, c0] and δ = v² − ρ² − b²."""
    th = np.atleast_2d(th)
    W = th[:, :m * d].reshape(-1, m, d)
    b = th[:, m * d:m * d + m]
    v = th[:, m * d + m:m * d + 2 * m]
    rho = np.linalg.norm(W, axis=2)
    u = W / rho[:, :, None]
    out = np.hstack([u.reshape(len(th), -1), -b / rho, v * rho, th[:, -1:]])
    return out, v ** 2 - rho ** 2 - b ** 2


def rs_state_error(A, B, m, d, c_scale=None):
    """Per row: max(‖Δu‖_∞, |Δτ|/(1+|τ|), |Δc|/max|c|, |Δc0|/max|c|) between RS states A and B."""
    du = np.abs(A[:, :m * d] - B[:, :m * d]).max(axis=1)
    tb = B[:, m * d:m * d + m]
    dt = (np.abs(A[:, m * d:m * d + m] - tb) / (1 + np.abs(tb))).max(axis=1)
    cs = np.abs(B[:, m * d + m:]).max() if c_scale is None else c_scale
    cs = max(cs, 1e-300)
    dc = np.abs(A[:, m * d + m:] - B[:, m * d + m:]).max(axis=1) / cs
    return np.maximum.reduce([du, dt, dc])


# --------------------------------------------------------------------------------------------
# The hybrid integrator
# --------------------------------------------------------------------------------------------
@dataclass
class HybridResult:
    t: np.ndarray  # sample times reached (a prefix of the requested ones)
    states: np.ndarray  # (len(t), state size)
    t_end: float  # time reached
    n_crossings: int = 0
    n_sliding: int = 0  # sliding segments entered
    n_exits: int = 0  # sliding segments left
    n_steps: int = 0
    n_evals: int = 0
    stopped: str | None = None  # why the integration stopped before the asked time (None: it did not)
    sliding_time: float = 0.0  # Σ over sliding segments of their duration (pair-time)
    events: list = field(default_factory=list)  # (t, i, j, kind) kind in cross/slide/exit


class _Budget(Exception):
    pass


class _Failed(Exception):
    pass


class _Hybrid:
    def __init__(self, chart, rtol, atol, max_evals, slide_tol=1e-9):
        self.chart = chart
        self.rtol, self.atol = rtol, atol
        self.max_evals = max_evals
        self.n_evals = 0
        self.slide_tol = slide_tol
        self._cache = {}

    def _eval(self, st, act, on):
        self.n_evals += 1 if act.ndim == 2 else act.shape[0]
        if self.n_evals > self.max_evals:
            raise _Budget
        return self.chart.field(st, act, on)

    def _structure(self, mode):
        key = mode.tobytes()
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        on = (mode > 0).astype(np.float64)
        I, J = np.nonzero(mode == 0)  # row-major: sorted by neuron, then datum
        if I.size == 0:
            hit = (on, I, J, None, None, None, None)
        else:
            first = np.r_[True, I[1:] != I[:-1]]
            start = np.maximum.accumulate(np.where(first, np.arange(I.size), 0))
            slot = np.arange(I.size) - start
            K = int(slot.max()) + 1
            acts = np.repeat(on[None], K + 1, axis=0)
            acts[slot + 1, I, J] = 1.0
            counts = np.bincount(I, minlength=mode.shape[0])[I]
            single = np.flatnonzero(counts == 1)
            groups = []  # neurons sliding on c >= 2 data: (c, positions (g, c))
            for c in np.unique(counts[counts > 1]):
                pos = np.flatnonzero(counts == c).reshape(-1, c)
                groups.append((int(c), pos))
            hit = (on, I, J, slot, acts, single, groups)
        if len(self._cache) > 64:
            self._cache.clear()
        self._cache[key] = hit
        return hit

    def alpha(self, st, mode, want_field=True):
        """(I, J, α, field): the sliding pairs (np.nonzero(mode == 0)), the α ∈ ℝ that keeps each
        of their surfaces still, and the field with σ'(z_ij) := α_ij.  The field is affine in
        σ'(z_ij), so α solves r0 + M α = 0 per neuron, with the rates r0 at α = 0 and the columns
        of M from the field with one slot set to 1 (one batched evaluation)."""
        on, I, J, slot, acts, single, groups = self._structure(mode)
        if I.size == 0:
            return I, J, np.empty(0), (self._eval(st, on, on) if want_field else None)
        R = self.chart.rate_at(st, self._eval(st, acts, on), I, J)  # (K + 1, n_pairs)
        r0 = R[0]
        cols = R[1:] - r0  # cols[k, p]: d rate_p / d α(slot k of p's neuron)
        alpha = np.empty(I.size)
        with np.errstate(divide="ignore", invalid="ignore"):
            alpha[single] = -r0[single] / cols[0, single]
            for c, pos in groups:
                # M[g, a, b] = d rate(pos[g, a]) / d α(pos[g, b]); slot of pos[g, b] is b
                M = cols[np.arange(c)[None, None, :], pos[:, :, None]]
                try:
                    alpha[pos] = np.linalg.solve(M, -r0[pos][..., None])[..., 0]
                except np.linalg.LinAlgError:
                    alpha[pos] = np.nan
        if not want_field:
            return I, J, alpha, None
        act = on.copy()
        act[I, J] = alpha
        return I, J, alpha, self._eval(st, act, on)

    def fun(self, mode):
        mode = mode.copy()
        return lambda _t, st: self.alpha(st, mode)[3]

    def side_rates(self, st, mode, i, j):
        out = []
        for side in (-1, 1):
            mm = mode.copy()
            mm[i, j] = side
            out.append(float(self.chart.rate_at(st, self.alpha(st, mm)[3], np.array([i]), np.array([j]))[0]))
        return out

    def in_range(self, al):
        return (al >= -self.slide_tol) & (al <= 1 + self.slide_tol)

    def settle(self, st, mode, res, t):
        """Release sliding pairs whose α is outside [0, 1] (repeat until consistent)."""
        for _ in range(2 * mode.shape[0] + 2):
            I, J, al, _ = self.alpha(st, mode, want_field=False)
            bad = ~self.in_range(al)
            if not bad.any():
                return mode
            k = np.flatnonzero(bad)[0]
            mode[I[k], J[k]] = 1 if (np.isfinite(al[k]) and al[k] > 1) else -1
            res.n_exits += 1
            res.events.append((t, int(I[k]), int(J[k]), "exit"))
        return mode


def hybrid_flow(chart, state0, times, rtol=1e-11, atol=1e-13, max_evals=400000, max_events=20000,
                progress=None) -> HybridResult:
    """Integrate the hybrid flow of ``chart`` from ``state0`` and return it at ``times``
    (increasing, times[0] = 0).  Stops early (``stopped`` says why) when the evaluation budget
    or the event budget is spent, or when events accumulate (Zeno-like chattering).
    ``progress(t)`` is called after every accepted step."""
    from scipy.integrate import DOP853

    times = np.asarray(times, dtype=np.float64)
    H = _Hybrid(chart, rtol, atol, max_evals)
    st = np.array(state0, dtype=np.float64)
    mode = np.where(chart.surface(st) > 0, 1, -1).astype(np.int8)
    res = HybridResult(t=times[:1], states=st[None, :].copy(), t_end=0.0)
    output = getattr(chart, "output", lambda x: x)
    switch = getattr(chart, "maybe_switch", None)
    out = [output(st).copy()]
    k_next = 1
    t = float(times[0])
    T = float(times[-1])
    n_events = 0
    recent = []
    h = None
    try:
        while t < T and k_next < len(times):
            kw = {} if h is None else {"first_step": min(h, T - t)}
            solver = DOP853(H.fun(mode), t, st, T, rtol=rtol, atol=atol, **kw)
            event = None
            while solver.status == "running":
                msg = solver.step()
                if solver.status == "failed":
                    raise _Failed(f"integration failed at t = {solver.t:.6g}: {msg}")
                res.n_steps += 1
                t0, t1 = solver.t_old, solver.t
                h = t1 - t0
                dense = solver.dense_output()
                event = _find_event(H, dense, t0, t1, mode, solver.y)
                tstop = t1 if event is None else event[0]
                while k_next < len(times) and times[k_next] <= tstop:
                    out.append(output(dense(times[k_next])))
                    k_next += 1
                if event is not None:
                    break
                if progress is not None:
                    progress(t1)
                if switch is not None:
                    y_new, changed = switch(solver.y, t1 - t0)
                    if changed:  # a change of chart for some neuron: restart from the converted state
                        event = (t1, "chart", [])
                        dense = lambda _t, y_new=y_new: y_new  # noqa: E731
                        break
            if event is None:
                t, st = solver.t, solver.y
                break
            te, kind, pairs = event
            st = dense(te)
            t = te
            n_events += 1
            recent = [x for x in recent if x > te - 1e-9 * max(1.0, abs(te))] + [te]
            if n_events > max_events:
                res.stopped = f"event budget ({max_events}) spent at t = {te:.6g}"
                break
            if len(recent) > 50:
                res.stopped = f"events accumulate at t = {te:.6g} (chattering)"
                break
            if kind == "chart":
                continue
            if kind == "exit":
                for (i, j, side) in pairs:
                    mode[i, j] = side
                    res.n_exits += 1
                    res.events.append((te, i, j, "exit"))
            else:
                for (i, j) in pairs:
                    r_lo, r_hi = H.side_rates(st, mode, i, j)
                    if r_lo >= 0 and r_hi <= 0 and (r_lo > 0 or r_hi < 0):
                        # both sides push towards the surface (or one is tangent, e.g. a neuron with
                        # no other active datum): Filippov sliding, α ∈ [0, 1]
                        mode[i, j] = 0
                        if np.sum(mode[i] == 0) == 1:
                            st = chart.project(st, i, j)
                        res.n_sliding += 1
                        res.events.append((te, i, j, "slide"))
                    else:  # crossing (a repelling or doubly tangent surface is crossed too: the
                        # located point already lies past it)
                        mode[i, j] = -mode[i, j]
                        res.n_crossings += 1
                        res.events.append((te, i, j, "cross" if r_lo * r_hi > 0 else "graze"))
            mode = H.settle(st, mode, res, te)
    except _Budget:
        res.stopped = f"evaluation budget ({max_evals}) spent at t = {t:.6g}"
    except _Failed as exc:
        res.stopped = f"{chart.name} chart: {exc}"
    res.t = times[:len(out)]
    res.states = np.array(out)
    res.t_end = float(res.t[-1])
    res.n_evals = H.n_evals
    res.sliding_time = _sliding_time([e for e in res.events if e[3] in ("slide", "exit")], res.t_end)
    return res


def _sliding_time(events, t_end):
    start, total = {}, 0.0
    for (t, i, j, kind) in events:
        if kind == "slide":
            start[(i, j)] = t
        elif (i, j) in start:
            total += min(t, t_end) - start.pop((i, j))
    return total + sum(t_end - t0 for t0 in start.values() if t0 < t_end)


def _root(g, a, b, ga=None):
    """A root of g in [a, b] with g(a) >= 0 > g(b) (the first sign change is not guaranteed)."""
    from scipy.optimize import brentq

    ga = g(a) if ga is None else ga
    if ga < 0:  # tolerance edge: the bracket starts on the wrong side
        return a
    return brentq(g, a, b, xtol=1e-15 * max(1.0, abs(b)), rtol=1e-15, maxiter=200)


def _find_event(H, dense, t0, t1, mode, y1):
    """Earliest event in (t0, t1]: a crossing (surface value past its mode's side by more than
    ``chart.ztol``, also checked at two interior points of the step) or a sliding exit (some α
    outside [0, 1]).  Returns (t_event, kind, pairs) or None."""
    chart = H.chart
    moving = mode != 0
    sgn = mode.astype(np.float64)
    best = None
    ta = t0
    for tt in (t0 + (t1 - t0) / 3, t0 + 2 * (t1 - t0) / 3, t1):
        yt = dense(tt) if tt != t1 else y1
        S = chart.surface(yt)
        zt = chart.ztol(yt)
        bad = moving & (S * sgn < -zt)
        if bad.any():
            I, J = np.nonzero(bad)
            ts = []
            for i, j in zip(I, J):
                g = lambda t, i=i, j=j: float(chart.surface_at(dense(t), np.array([i]), np.array([j]))[0]
                                             * sgn[i, j] + zt[i, 0])
                ts.append(_root(g, ta, tt))
            ts = np.array(ts)
            k = int(np.argmin(ts))
            sel = ts <= ts[k] + 1e-13 * max(1.0, abs(ts[k]))
            best = (float(ts[k]), "cross", [(int(i), int(j)) for i, j in zip(I[sel], J[sel])])
            break
        ta = tt
    if np.any(mode == 0):
        tend = t1 if best is None else best[0]
        I, J, al, _ = H.alpha(dense(tend) if tend != t1 else y1, mode, want_field=False)
        bad = ~H.in_range(al)
        if bad.any():
            ts, sides = [], []
            for k in np.flatnonzero(bad):
                up = np.isfinite(al[k]) and al[k] > 1
                bound = 1 + H.slide_tol if up else -H.slide_tol
                g = lambda t, k=k, up=up, bound=bound: float(
                    (bound - H.alpha(dense(t), mode, want_field=False)[2][k]) * (1 if up else -1))
                try:
                    ts.append(_root(g, t0, tend))
                except ValueError:  # α not finite inside the step: stop at its start
                    ts.append(t0)
                sides.append(1 if up else -1)
            ts = np.array(ts)
            k = int(np.argmin(ts))
            sel = ts <= ts[k] + 1e-13 * max(1.0, abs(ts[k]))
            kk = np.flatnonzero(bad)[sel]
            return (float(ts[k]), "exit", [(int(I[q]), int(J[q]), s) for q, s in zip(kk, np.array(sides)[sel])])
    return best
