"""First-layer hyperplanes of a ReLU MLP at initialization, from the init law alone (issue 12).

A first-layer unit z = w·x + b has the hyperplane {w·x + b = 0}.  On a domain D (any set; only its
convex hull matters) with support function h_D(w) = max_{x∈D} w·x:

* the unit is **dead** on D iff b <= −h_D(w);
* it is **always on** iff b >= h_D(−w);
* its hyperplane **meets** D otherwise.

For laws symmetric under (w, b) → (−w, −b) (PyTorch's and the Gaussian one), dead and always-on have
the same probability, so P(meet) = 1 − 2 P(dead).  Integrating b out exactly,
P(dead) = E_w[F_b(−h_D(w))] with F_b the bias CDF.

Laws (fan_in = the input dimension m):
  * ``pytorch``: w_j, b i.i.d. U(−a, a), a = 1/√m.  Only the ratio of scales matters and it is 1.
  * ``gaussian``: w ~ N(0, σ_w² I), b ~ N(0, σ_b²); only ρ = σ_b/σ_w matters
    (``gain``/``bias_scale`` of numerics.mlp give ρ = bias_scale/gain).

Closed forms derived here (SymPy, exact):
  * PyTorch, [0, 1]^d: h = Σ_j relu(w_j); the number k of positive w_j is Binomial(d, 1/2) and the
    positive ones are U(0, a), so with the Irwin–Hall density s^{k−1}/(k−1)! on [0, 1],
    P(dead) = 2^{−d−1} Σ_k C(d, k)/(k+1)!  (3/8 for d = 1, 13/48 for d = 2).
  * PyTorch, [−1, 1]^d: h = Σ_j |w_j|, P(dead) = 1/(2 (d+1)!)  (1/4, 1/12).
  * Gaussian: q_k := P(b + Σ_{j≤k} |w_j| <= 0) is the Gaussian measure of a polyhedral cone:
    q_0 = 1/2, q_1 = arctan(ρ)/π (a planar wedge), q_2 = (2 arccos(1/√(2+ρ²)) − π/2)/π (a spherical
    triangle, Girard's theorem, dihedral angles π/2, arccos(1/√(2+ρ²)) twice); [0, 1]^d mixes
    them binomially, [−1, 1]^d is q_d.  For k >= 3: scipy quadrature.
  * Regions of the first-layer arrangement on a convex D (lines in general position a.s.):
    d = 1: 1 + n p_meet;  d = 2: 1 + n p_meet + C(n, 2) p_pair, with p_pair = P(the crossing point
    of two independent lines lies in D).  For the Gaussian law the crossing point x* = −W⁻¹b has
    density c / (2π (c² + |x|²)^{3/2}) (bivariate Cauchy, scale c = σ_b/σ_w; derived by the change of
    variables (b1, b2) → x* with Jacobian |det W| and the rotation invariance of w), so
    p_pair([0,1]²) = arctan(1/(c√(c²+2)))/(2π) and p_pair([−1,1]²) = 4 × that.
    For the PyTorch law, p_pair = E_V[|det V|/4 · area(D ∩ {|v1·x| <= 1} ∩ {|v2·x| <= 1})] with V
    uniform on [−1, 1]^{2×2}: the area is integrated exactly in x2 and by a composite rule in x1,
    the expectation by randomized quasi-Monte Carlo (scrambled Sobol, fixed seeds), with its error.
  * Encoded inputs (D = the encoded training points in R^m): P(dead) = E_w[F_b(−max_i w·z_i)] by
    randomized quasi-Monte Carlo over w (b integrated exactly), with its error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import sympy as sp

from specbias.core.errors import DimensionError, ParameterError

INITS = ("pytorch", "gaussian")
BOXES = ("unit", "centered")  # [0, 1]^d and [−1, 1]^d


@dataclass
class Prediction:
    value: float
    exact: object = None  # SymPy expression when a closed form exists
    error: float = 0.0  # estimated absolute error of ``value`` (0 for closed forms)
    method: str = ""
    extra: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        out = {"value": float(self.value), "error": float(self.error), "method": self.method}
        if self.exact is not None:
            out["exact"] = str(self.exact)
        return out


def _check(d, init, box=None):
    if isinstance(d, bool) or not isinstance(d, (int, np.integer)) or d < 1:
        raise DimensionError(f"d must be an integer >= 1, got {d!r}")
    if init not in INITS:
        raise ParameterError(f"init must be one of {INITS}, got {init!r}")
    if box is not None and box not in BOXES:
        raise ParameterError(f"box must be one of {BOXES}, got {box!r}")


def _rho(gain, bias_scale):
    rho = float(bias_scale) / float(gain)
    if not (np.isfinite(rho) and rho > 0):
        raise ParameterError("gain and bias_scale must be positive")
    return rho


# ------------------------------------------------------------------------------ dead fraction
@lru_cache(maxsize=None)
def _pytorch_dead_exact(d: int, box: str):
    s = sp.Symbol("s", nonnegative=True)

    def tail(k):  # E[(1 − IH_k)_+], IH_k = sum of k U(0, 1)
        if k == 0:
            return sp.Integer(1)
        return sp.integrate((1 - s) * s ** (k - 1) / sp.factorial(k - 1), (s, 0, 1))

    # P(dead) = E[(a − a·S)_+]/(2a) = E[(1 − S)_+]/2 with S the scaled sum
    if box == "centered":
        return sp.nsimplify(tail(d) / 2)
    return sp.nsimplify(sum(sp.binomial(d, k) * tail(k) for k in range(d + 1)) / 2 ** (d + 1))


def _gauss_q_exact(k: int, rho):
    r = sp.nsimplify(rho) if isinstance(rho, (int, float)) else rho
    if k == 0:
        return sp.Rational(1, 2)
    if k == 1:
        return sp.atan(r) / sp.pi
    if k == 2:
        return (2 * sp.acos(1 / sp.sqrt(2 + r ** 2)) - sp.pi / 2) / sp.pi
    return None


@lru_cache(maxsize=None)
def gauss_q_quadrature(k: int, rho: float) -> tuple[float, float]:
    """q_k = P(b + Σ_{j<=k} |w_j| <= 0), w_j ~ N(0, 1), b ~ N(0, ρ²), by quadrature:
    q_k = ∫_0^∞ p_{S_k}(s) Φ(−s/ρ) ds with S_k a sum of k half-normals, whose density is
    built by repeated numerical convolution on a fine grid (k <= 1: closed forms)."""
    from scipy import integrate, special, stats

    if k == 0:
        return 0.5, 0.0
    if k == 1:
        val, err = integrate.quad(lambda s: 2 * stats.norm.pdf(s) * special.ndtr(-s / rho), 0, np.inf,
                                  epsabs=1e-13, epsrel=1e-12)
        return val, err
    # density of S_k on a grid by convolution (trapezoid rule), then the outer trapezoid rule,
    # at steps h and 2h, with Richardson extrapolation (error O(h^2) -> estimate |v_h - v_2h|)
    h = 2e-3
    vals = []
    for hh in (h, 2 * h):
        ss = np.arange(0, 12 + 4 * k, hh)
        b = 2 * stats.norm.pdf(ss)
        dd = b.copy()
        for _ in range(k - 1):
            full = np.convolve(dd, b)[: len(ss)] * hh
            # trapezoid correction: subtract half of the two end terms of each convolution sum
            full -= 0.5 * hh * (dd[0] * b + b[0] * dd)
            dd = full
        vals.append(integrate.trapezoid(dd * special.ndtr(-ss / rho), ss))
    val = (4 * vals[0] - vals[1]) / 3
    return float(val), float(abs(vals[0] - vals[1]))


def dead_fraction(d: int, box: str = "unit", init: str = "pytorch", gain: float = np.sqrt(2.0),
                  bias_scale: float = 1.0) -> Prediction:
    """Expected fraction of first-layer units dead on the box ([0,1]^d: 'unit', [−1,1]^d:
    'centered') at initialization."""
    _check(d, init, box)
    if init == "pytorch":
        ex = _pytorch_dead_exact(int(d), box)
        return Prediction(float(ex), exact=ex, method="closed form (Irwin–Hall), SymPy")
    rho = _rho(gain, bias_scale)
    ks = [d] if box == "centered" else list(range(d + 1))
    weights = [1] if box == "centered" else [sp.binomial(d, k) / sp.Integer(2) ** d for k in ks]
    if all(k <= 2 for k in ks):
        ex = sp.nsimplify(sum(w * _gauss_q_exact(k, rho) for w, k in zip(weights, ks)))
        return Prediction(float(sp.N(ex, 30)), exact=ex, method="closed form (Gaussian cone measure), SymPy")
    val, err = 0.0, 0.0
    for w, k in zip(weights, ks):
        q, e = gauss_q_quadrature(k, rho)
        val += float(w) * q
        err += float(w) * e
    return Prediction(val, error=err, method="quadrature (convolution of half-normal densities)")


def hyperplane_fraction(d: int, box: str = "unit", init: str = "pytorch", **kw) -> Prediction:
    """Expected fraction of first-layer hyperplanes meeting the box: 1 − 2 P(dead)."""
    p = dead_fraction(d, box, init, **kw)
    ex = None if p.exact is None else sp.nsimplify(1 - 2 * p.exact)
    return Prediction(1 - 2 * p.value, exact=ex, error=2 * p.error, method=p.method + "; P(meet) = 1 − 2 P(dead)")


# ------------------------------------------------------------------------------ regions
def _box_bounds(box):
    return (0.0, 1.0) if box == "unit" else (-1.0, 1.0)


def _strip_area(V, lo, hi, n_nodes=129):
    """area(D ∩ {|v1·x| <= 1} ∩ {|v2·x| <= 1}) for D = [lo, hi]², vectorized over V (K, 2, 2):
    exact in x2 (intersection of intervals), composite Simpson in x1."""
    x1 = np.linspace(lo, hi, n_nodes)
    lo2 = np.full((len(V), n_nodes), lo)
    hi2 = np.full((len(V), n_nodes), hi)
    for r in range(2):
        a = V[:, r, 0][:, None] * x1[None, :]
        c = V[:, r, 1][:, None]
        # |a + c x2| <= 1  <=>  x2 in [(-1 - a)/c, (1 - a)/c] (ordered by the sign of c)
        with np.errstate(divide="ignore", invalid="ignore"):
            t1, t2 = (-1 - a) / c, (1 - a) / c
        l, u = np.minimum(t1, t2), np.maximum(t1, t2)
        zero = (c == 0)[:, 0]
        l[zero] = np.where(np.abs(a[zero]) <= 1, -np.inf, np.inf)
        u[zero] = np.where(np.abs(a[zero]) <= 1, np.inf, -np.inf)
        lo2, hi2 = np.maximum(lo2, l), np.minimum(hi2, u)
    length = np.clip(hi2 - lo2, 0.0, None)
    from scipy.integrate import simpson

    return simpson(length, x=x1, axis=1)


def _sobol(dim, m, seeds):
    from scipy.stats import qmc

    return [qmc.Sobol(dim, scramble=True, seed=s).random_base2(m) for s in seeds]


@lru_cache(maxsize=None)
def pair_probability(box: str = "unit", init: str = "pytorch", rho: float = 1 / np.sqrt(2.0),
                     m: int = 12, n_rand: int = 8) -> Prediction:
    """P(two independent first-layer lines cross inside the box), d = 2."""
    if init == "gaussian":
        c = sp.nsimplify(rho)
        one = sp.atan(1 / (c * sp.sqrt(c ** 2 + 2))) / (2 * sp.pi)
        ex = one if box == "unit" else 4 * one
        return Prediction(float(sp.N(ex, 30)), exact=ex, method="closed form (bivariate Cauchy crossing point)")
    lo, hi = _box_bounds(box)
    ests = []
    for u in _sobol(4, m, range(101, 101 + n_rand)):
        V = (2 * u - 1).reshape(-1, 2, 2)
        det = np.abs(V[:, 0, 0] * V[:, 1, 1] - V[:, 0, 1] * V[:, 1, 0])
        ests.append(np.mean(det / 4 * _strip_area(V, lo, hi)))
    ests = np.array(ests)
    return Prediction(float(ests.mean()), error=float(3 * ests.std(ddof=1) / np.sqrt(n_rand)),
                      method=f"randomized QMC over V (2^{m} × {n_rand} scrambled Sobol), exact b integral")


def expected_regions(d: int, width: int, box: str = "unit", init: str = "pytorch", gain: float = np.sqrt(2.0),
                     bias_scale: float = 1.0) -> Prediction:
    """Expected number of regions of the first-layer arrangement inside the box (d = 1, 2)."""
    _check(d, init, box)
    if d > 2:
        raise DimensionError("expected first-layer region counts are derived for d = 1 and 2 only")
    n = int(width)
    pm = hyperplane_fraction(d, box, init, gain=gain, bias_scale=bias_scale)
    if d == 1:
        ex = None if pm.exact is None else 1 + n * pm.exact
        return Prediction(1 + n * pm.value, exact=ex, error=n * pm.error, method="1 + n p_meet; " + pm.method,
                          extra={"p_meet": pm.value})
    pp = pair_probability(box, init, _rho(gain, bias_scale) if init == "gaussian" else 1.0)
    val = 1 + n * pm.value + n * (n - 1) / 2 * pp.value
    err = n * pm.error + n * (n - 1) / 2 * pp.error
    ex = None
    if pm.exact is not None and pp.exact is not None:
        ex = 1 + n * pm.exact + sp.binomial(n, 2) * pp.exact
    return Prediction(val, exact=ex, error=err, method=f"1 + n p_meet + C(n,2) p_pair; p_pair: {pp.method}",
                      extra={"p_meet": pm.value, "p_pair": pp.value, "p_pair_error": pp.error})


# ------------------------------------------------------------------------------ any point set
def dead_fraction_points(Z, init: str = "pytorch", gain: float = np.sqrt(2.0), bias_scale: float = 1.0,
                         m: int = 11, n_rand: int = 8, seed: int = 2023) -> Prediction:
    """Expected dead fraction of first-layer units on a finite input set Z (n, m_in), e.g. encoded
    training inputs: E_w[F_b(−max_i w·z_i)], b integrated exactly, w by randomized QMC."""
    from scipy import special, stats

    _check(1, init)
    Z = np.asarray(Z, dtype=np.float64)
    dim = Z.shape[1]
    ests = []
    for u in _sobol(dim, m, range(seed, seed + n_rand)):
        if init == "pytorch":
            W = 2 * u - 1  # in units of a: w = a·W, b = a·β with β ~ U(−1, 1)
            hmax = (W @ Z.T).max(axis=1)
            ests.append(np.mean(np.clip((1 - hmax) / 2, 0.0, 1.0)))
        else:
            rho = _rho(gain, bias_scale)
            W = stats.norm.ppf(np.clip(u, 1e-16, 1 - 1e-16))
            hmax = (W @ Z.T).max(axis=1)
            ests.append(np.mean(special.ndtr(-hmax / rho)))
    ests = np.array(ests)
    return Prediction(float(ests.mean()), error=float(3 * ests.std(ddof=1) / np.sqrt(n_rand)),
                      method=f"randomized QMC over w (2^{m} × {n_rand}), exact b integral, support function of the data")


def hyperplane_fraction_points(Z, init: str = "pytorch", **kw) -> Prediction:
    p = dead_fraction_points(Z, init, **kw)
    return Prediction(1 - 2 * p.value, error=2 * p.error, method=p.method + "; P(meet) = 1 − 2 P(dead)")
