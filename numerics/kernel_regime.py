"""Kernel-regime experiments: random features, lazy GD, and the predicted minimum-seminorm interpolant.

Sampling of the hyperplanes (THEORY.md §3 needs ζ constant over the hyperplanes that meet the data)
----------------------------------------------------------------------------------------------------
Data lie in the closed unit ball.  Every feature is σ(ρ(u·x − τ)) with u uniform on S^{d−1} and
τ uniform on [−T, T] (T ≥ 1; :func:`run_kernel_experiment` uses :func:`default_T`), so the hyperplane density
ζ(u, τ) = 1/(|S^{d−1}|·2T) is constant on every hyperplane that meets the data.  (T = 1 keeps the
constant mode of the tangent kernel, ∝ T³, small, which matters for the conditioning of GD.)  ρ = 1 for positively homogeneous σ (it only
rescales the output weights); for other σ it is a bandwidth (default 6): the activation in the
seminorm is then σ_ρ(t) = σ(ρt), with |σ̂_ρ(ω)|² = |σ̂(ω/ρ)|²/ρ².

Three interpolants of the same data (X, y)
------------------------------------------
* :func:`rf_interpolant`: minimum-‖a‖ random-feature interpolant f = Σ_j a_j φ_j + p, φ_j(x) =
  σ(ρ(u_j·x − τ_j))/√N, with the null-space polynomial p free (degree from the pole order of σ̂ at
  0, measured numerically).  Solved in the n×n dual, K = ΦΦᵀ accumulated over feature chunks, so
  N = 10⁵–10⁶ features cost O(n·N) memory per chunk only.  ``free_null_space=False`` gives the
  plain minimum-norm RF interpolant (what output-layer GD from zero converges to).
* :func:`predicted_interpolant`: kernel interpolation with the stationary kernel whose spectrum is
  ∝ |ξ|^{1−d}|σ̂_ρ(|ξ|)|², plus the null space (conditionally positive definite interpolation).  The
  kernel is k(r) = ∫_0^∞ |σ̂_ρ(ω)|² [Ω_d(ωr) − Taylor_{<p}(ωr)] dω, Ω_d the spherical average of
  e^{iωu·z}, computed by quadrature from the *numeric* σ̂ (numerics.seminorm.Spectrum); for exactly
  homogeneous σ (ReLU-like, step-like) the polyharmonic kernel r^{2p−1} is used, and
  :func:`kernel_claim_check` verifies numerically that the infinite-width RF kernel equals it up to
  null-space terms.
* :func:`train_lazy_network`: a wide shallow net (``numerics.network.ShallowNet``) with the same
  hyperplanes as first layer (W = ρu, b = −ρτ), v = 0 and c = 0 at init (so f₀ ≡ 0), trained by
  full-batch GD (``numerics.network.train``).  Because v = 0, the tangent kernel is at first the
  output-layer kernel; the first layer's own contribution grows with v and stays small (lazy).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy import special

from specbias.core.activations import as_activation
from specbias.core.errors import DimensionError, InputError, NumericError, ParameterError

__all__ = [
    "sample_hyperplanes",
    "null_space_degree",
    "null_space_basis",
    "rf_interpolant",
    "RFInterpolant",
    "predicted_interpolant",
    "KernelInterpolant",
    "train_lazy_network",
    "kernel_claim_check",
    "relative_l2",
    "loglog_slope",
    "run_kernel_experiment",
    "kernel_gd_reference",
    "infinite_width_kernel",
    "default_T",
    "default_rho",
    "stationary_kernel",
    "KernelExperiment",
]


_act = as_activation  # one resolver for names, expressions and Activations

#: memory budget (bytes) for one block of feature values; every block size below is computed from
#: it for the array actually formed (rows × block columns × temporaries × 8 bytes), so a run's
#: peak stays at the solve's own arrays plus about this much, whatever the width
BLOCK_BYTES = 48 * 2 ** 20
#: float64 arrays of the block's shape alive at once while σ(ρ(XUᵀ − τ)) is formed and used
_TEMPORARIES = 3


def block_columns(rows: int, budget: int | None = None, temporaries: int = _TEMPORARIES) -> int:
    """Columns per block so that ``temporaries`` float64 arrays of shape (rows, columns) fit in
    ``budget`` bytes (default :data:`BLOCK_BYTES`); at least 1."""
    budget = BLOCK_BYTES if budget is None else int(budget)
    return max(1, budget // (8 * max(int(rows), 1) * temporaries))


def _check_X(X, d=None):
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[0] < 1 or X.shape[1] < 1:
        raise InputError(f"X must be an (n, d) array, got shape {X.shape}")
    if d is not None and X.shape[1] != d:
        raise DimensionError(f"X has dimension {X.shape[1]}, expected {d}")
    if not np.all(np.isfinite(X)):
        raise InputError("X contains NaN or inf")
    return X


def _is_homogeneous(act) -> bool:
    return act.homogeneity is not None and getattr(act.homogeneity, "is_integer", True) is not False


def default_rho(act) -> float:
    return 1.0 if _is_homogeneous(act) else 6.0


def default_T(act, rho: float) -> float:
    """1 for positively homogeneous σ (hyperplanes with |τ| > 1 give exact null-space functions on
    the unit ball); 1 + 6/ρ otherwise: a smooth σ(ρ(u·x − τ)) still varies on the ball when its
    hyperplane lies within a few 1/ρ of it, so cutting τ at 1 makes the kernel non-stationary near
    the boundary (measured: sigmoid, ρ = 6, doppler2d, RF gap stalls at 0.11–0.14 for N = 10⁴–10⁵
    with T = 1, falls to 0.021 with T = 2)."""
    return 1.0 if _is_homogeneous(act) else 1.0 + 6.0 / rho


def sample_hyperplanes(d: int, N: int, T: float = 2.0, rng=0):
    """u uniform on S^{d−1} (normalized Gaussians), τ uniform on [−T, T]."""
    if isinstance(d, bool) or not isinstance(d, (int, np.integer)) or d < 1:
        raise DimensionError(f"dimension must be an integer >= 1, got {d!r}")
    if isinstance(N, bool) or not isinstance(N, (int, np.integer)) or N < 1:
        raise ParameterError(f"width must be a positive integer, got {N!r}")
    if not (math.isfinite(T) and T >= 1):
        raise ParameterError(f"τ-interval half-width T must be >= 1 (data in the unit ball), got {T!r}")
    rng = np.random.default_rng(rng)
    U = rng.standard_normal((int(N), int(d)))
    U /= np.linalg.norm(U, axis=1, keepdims=True)
    tau = rng.uniform(-T, T, size=int(N))
    return U, tau


def null_space_degree(activation) -> int:
    """Degree of the null-space polynomials: (pole order of σ̂ at 0) − 1, the pole order measured
    from the numeric σ̂ at ω = 10⁻³ and 2·10⁻³ (−1: no null space)."""
    from specbias.numerics.seminorm import get_spectrum

    spec = get_spectrum(_act(activation))
    w = np.array([1e-3, 2e-3])
    a = np.abs(spec.derivative(w))
    p = -math.log(a[1] / a[0]) / math.log(2.0)
    return int(round(p)) - 1


def null_space_basis(X, degree: int) -> np.ndarray:
    """Monomials of total degree ≤ ``degree`` (≤ 1 is all that is needed here): (n, q)."""
    X = _check_X(X)
    if degree < 0:
        return np.zeros((X.shape[0], 0))
    cols = [np.ones(X.shape[0])]
    if degree >= 1:
        cols += [X[:, i] for i in range(X.shape[1])]
    if degree >= 2:
        raise NumericError("null spaces of degree > 1 are not implemented")
    return np.stack(cols, axis=1)


def _saddle_solve(K, P, y):
    n, q = P.shape
    A = np.zeros((n + q, n + q))
    A[:n, :n] = K
    A[:n, n:] = P
    A[n:, :n] = P.T
    rhs = np.concatenate([y, np.zeros(q)])
    sol = np.linalg.lstsq(A, rhs, rcond=1e-14)[0]
    return sol[:n], sol[n:]


# ----------------------------------------------------------------------------------------------
# (a) random features
# ----------------------------------------------------------------------------------------------
@dataclass
class RFInterpolant:
    sigma: object
    U: np.ndarray
    tau: np.ndarray
    rho: float
    a: np.ndarray  # output weights (minimum norm)
    beta: np.ndarray
    degree: int
    chunk: int

    def features(self, X, lo, hi):
        N = len(self.tau)
        return self.sigma(self.rho * (X @ self.U[lo:hi].T - self.tau[lo:hi])) / math.sqrt(N)

    def __call__(self, X):
        X = _check_X(X, self.U.shape[1])
        out = null_space_basis(X, self.degree) @ self.beta if self.degree >= 0 else np.zeros(len(X))
        chunk = block_columns(len(X))  # for the points evaluated now, not the training points
        for lo in range(0, len(self.tau), chunk):
            hi = min(lo + chunk, len(self.tau))
            out = out + self.features(X, lo, hi) @ self.a[lo:hi]
        return out

    @property
    def norm2(self) -> float:
        return float(self.a @ self.a)


def rf_interpolant(activation, X, y, N: int, *, T: float = 2.0, rho: float | None = None, rng=0,
                   free_null_space: bool = True, chunk: int | None = None) -> RFInterpolant:
    """Minimum-norm random-feature interpolant (see the module docstring)."""
    act = _act(activation)
    X = _check_X(X)
    y = np.asarray(y, dtype=np.float64).reshape(-1)
    if y.shape[0] != X.shape[0] or not np.all(np.isfinite(y)):
        raise InputError("y must be a finite (n,) array matching X")
    n, d = X.shape
    rho = default_rho(act) if rho is None else float(rho)
    if not (math.isfinite(rho) and rho > 0):
        raise ParameterError(f"bandwidth rho must be positive, got {rho!r}")
    U, tau = sample_hyperplanes(d, N, T, rng)
    sigma = act.callable()
    if chunk is None:
        chunk = block_columns(n)
    model = RFInterpolant(sigma, U, tau, rho, np.zeros(N), np.zeros(0), -1, chunk)
    K = np.zeros((n, n))
    for lo in range(0, N, chunk):
        F = model.features(X, lo, min(lo + chunk, N))
        K += F @ F.T
    deg = null_space_degree(act) if free_null_space else -1
    P = null_space_basis(X, deg)
    alpha, beta = _saddle_solve(K, P, y)
    a = np.empty(N)
    for lo in range(0, N, chunk):
        hi = min(lo + chunk, N)
        a[lo:hi] = model.features(X, lo, hi).T @ alpha
    model.a, model.beta, model.degree = a, beta, deg
    return model


# ----------------------------------------------------------------------------------------------
# (c) the predicted minimum-seminorm interpolant
# ----------------------------------------------------------------------------------------------
def _sph_avg(d, z):
    """Ω_d(z) = average of e^{i z u_1} over S^{d−1}."""
    z = np.asarray(z, dtype=np.float64)
    if d == 1:
        return np.cos(z)
    if d == 2:
        return special.j0(z)
    if d == 3:
        return np.sinc(z / np.pi)
    nu = d / 2 - 1
    with np.errstate(all="ignore"):
        out = special.gamma(d / 2) * (2 / z) ** nu * special.jv(nu, z)
    return np.where(z == 0, 1.0, out)


def _subtracted(d, z, p):
    """Ω_d(z) minus its Taylor polynomial of degree < 2p in z (p ≤ 2), series for small z."""
    z = np.asarray(z, dtype=np.float64)
    om = _sph_avg(d, z)
    if p <= 0:
        return om
    c2 = -1.0 / (2 * d)
    c4 = 1.0 / (8 * d * (d + 2))
    c6 = -1.0 / (48 * d * (d + 2) * (d + 4))
    series = {1: c2 * z ** 2 + c4 * z ** 4 + c6 * z ** 6, 2: c4 * z ** 4 + c6 * z ** 6}[p]
    exact = om - 1.0 if p == 1 else om - 1.0 - c2 * z ** 2
    return np.where(np.abs(z) < 1e-2, series, exact)


@dataclass
class KernelInterpolant:
    X: np.ndarray
    alpha: np.ndarray
    beta: np.ndarray
    degree: int
    kernel: object  # callable k(r)
    description: str = ""

    def __call__(self, Xt):
        Xt = _check_X(Xt, self.X.shape[1])
        out = np.zeros(len(Xt))
        for lo in range(0, len(Xt), 2048):
            r = np.linalg.norm(Xt[lo:lo + 2048, None, :] - self.X[None, :, :], axis=-1)
            out[lo:lo + 2048] = self.kernel(r) @ self.alpha
        if self.degree >= 0:
            out += null_space_basis(Xt, self.degree) @ self.beta
        return out


def stationary_kernel(activation, d: int, rho: float | None = None, r_max: float = 2.5, n_r: int = 401,
                      n_panels: int = 240):
    """k(r) for the spectrum ∝ |ξ|^{1−d}|σ̂_ρ|², with null-space terms subtracted; a callable and a
    description.  Exactly homogeneous σ: r^{2p−1}·(−1)^p (polyharmonic); otherwise a quadrature table."""
    from specbias.numerics.seminorm import get_spectrum

    act = _act(activation)
    p = null_space_degree(act) + 1
    rho = default_rho(act) if rho is None else float(rho)
    spec = get_spectrum(act)
    if spec.derivative.exact and _is_homogeneous(act):
        e = 2 * p - 1
        sgn = (-1.0) ** p
        return (lambda r: sgn * np.asarray(r, dtype=np.float64) ** e), f"polyharmonic (−1)^{p} r^{e}"
    top = min(spec.omega_max, 200.0) * rho
    xo, wo = np.polynomial.legendre.leggauss(24)
    edges = np.concatenate([np.linspace(0, min(top, 40 * rho), n_panels + 1), [top]] if top > 40 * rho else
                           [np.linspace(0, top, n_panels + 1)])
    edges = np.unique(edges)
    om = ((edges[1:] + edges[:-1])[:, None] / 2 + (edges[1:] - edges[:-1])[:, None] / 2 * xo).ravel()
    wq = ((edges[1:] - edges[:-1])[:, None] / 2 * wo).ravel()
    s2 = spec.abs2(om / rho) / rho ** 2
    rr = np.linspace(0, r_max, n_r)
    vals = np.array([(s2 * _subtracted(d, om * r, p) * wq).sum() for r in rr])
    from scipy.interpolate import CubicSpline

    cs = CubicSpline(rr, vals)
    return (lambda r: cs(np.asarray(r, dtype=np.float64))), f"Hankel quadrature of |σ̂_ρ|² (ρ = {rho:g}, p = {p})"


def predicted_interpolant(activation, X, y, *, rho: float | None = None, **kernel_kw) -> KernelInterpolant:
    act = _act(activation)
    X = _check_X(X)
    y = np.asarray(y, dtype=np.float64).reshape(-1)
    d = X.shape[1]
    k, desc = stationary_kernel(act, d, rho, **kernel_kw)
    deg = null_space_degree(act)
    r = np.linalg.norm(X[:, None, :] - X[None, :, :], axis=-1)
    P = null_space_basis(X, deg)
    alpha, beta = _saddle_solve(k(r), P, y)
    return KernelInterpolant(X, alpha, beta, deg, k, desc)


def kernel_claim_check(activation, d: int, *, T: float = 2.0, n_points: int = 12, rng=0, n_dir: int = 4000):
    """Fit the infinite-width RF kernel K_T(x, y) (quadrature over u and τ ∈ [−T, T]) by
    α·k(|x−y|) + null-space terms, k the polyharmonic kernel; returns (relative residual, α, coefficients).

    Null-space terms: for p = 1 (step-like) the constant; for p = 2 (ReLU-like) the constant, x·y and
    |x|² + |y|² (all of the form h(x)q(y) + q(x)h(y) with q in the null space).  A residual at the
    quadrature level confirms THEORY.md's claim that the RF kernel is the polyharmonic one modulo the
    null space."""
    act = _act(activation)
    rng = np.random.default_rng(rng)
    X = rng.standard_normal((n_points, d))
    X *= (rng.uniform(0, 1, n_points) ** (1 / d) / np.linalg.norm(X, axis=1))[:, None]
    sigma = act.callable()
    # sphere directions: quasi-uniform (d = 1: ±1; d = 2: equispaced; d = 3: Fibonacci)
    if d == 1:
        U = np.array([[1.0], [-1.0]])
    elif d == 2:
        th = 2 * np.pi * (np.arange(n_dir) + 0.5) / n_dir
        U = np.stack([np.cos(th), np.sin(th)], 1)
    elif d == 3:
        i = np.arange(n_dir) + 0.5
        z = 1 - 2 * i / n_dir
        ph = np.pi * (1 + 5 ** 0.5) * i
        U = np.stack([np.sqrt(1 - z ** 2) * np.cos(ph), np.sqrt(1 - z ** 2) * np.sin(ph), z], 1)
    else:
        raise DimensionError("kernel_claim_check supports d ≤ 3")
    xg, wg = np.polynomial.legendre.leggauss(64)
    # split τ at every data projection so the integrand is smooth on each panel
    K = np.zeros((n_points, n_points))
    proj = X @ U.T  # (n, m)
    for j in range(U.shape[0]):
        br = np.unique(np.concatenate([[-T, T], np.clip(proj[:, j], -T, T)]))
        a, b = br[:-1], br[1:]
        t = ((a + b)[:, None] / 2 + (b - a)[:, None] / 2 * xg).ravel()
        w = ((b - a)[:, None] / 2 * wg).ravel()
        F = sigma(proj[:, j][:, None] - t[None, :])
        K += (F * w) @ F.T
    K /= U.shape[0]
    p = null_space_degree(act) + 1
    r = np.linalg.norm(X[:, None] - X[None], axis=-1)
    iu = np.triu_indices(n_points)
    cols = [(r ** (2 * p - 1))[iu], np.ones(len(iu[0]))]
    if p >= 2:
        cols += [(X @ X.T)[iu], ((X ** 2).sum(1)[:, None] + (X ** 2).sum(1)[None, :])[iu]]
    A = np.stack(cols, 1)
    coef, *_ = np.linalg.lstsq(A, K[iu], rcond=None)
    res = np.linalg.norm(A @ coef - K[iu]) / np.linalg.norm(K[iu])
    return float(res), float(coef[0]), coef


# ----------------------------------------------------------------------------------------------
# (b) lazy training of a real network
# ----------------------------------------------------------------------------------------------
def train_lazy_network(activation, X, y, width: int, *, T: float = 2.0, rho: float | None = None, rng=0,
                       steps: int = 4000, lr_safety: float = 0.9, progress: bool = False):
    """GD on a ShallowNet whose first layer encodes the sampled hyperplanes (W = ρ·s·u, b = −ρ·s·τ
    with s = 1 for homogeneous σ), v = 0, c = 0.  Returns (net, TrainResult)."""
    from specbias.numerics.network import ShallowNet, stable_lr, train

    act = _act(activation)
    X = _check_X(X)
    rho = default_rho(act) if rho is None else float(rho)
    U, tau = sample_hyperplanes(X.shape[1], width, T, rng)
    v = np.zeros(width)  # f0 ≡ 0; the first layer's tangent kernel starts at 0 and stays small (lazy)
    net = ShallowNet(rho * U, -rho * tau, v, 0.0, act)
    lr = stable_lr(net, X, reduction="sum", safety=lr_safety)
    res = train(net, X, y, lr=lr, steps=steps, reduction="sum", fit_c=True, progress=progress)
    return net, res


def infinite_width_kernel(activation, X, Xt, *, T: float = 2.0, rho: float | None = None,
                          n_ref: int = 100_000, rng=12345, chunk: int | None = None):
    """k∞(x, x') = E[σ(ρ(u·x−τ))σ(ρ(u·x'−τ))] on (X, X) and (Xt, X), Monte Carlo with ``n_ref``
    independent features (u uniform on the sphere, τ uniform on [−T, T])."""
    act = _act(activation)
    X, Xt = _check_X(X), _check_X(Xt)
    rho = default_rho(act) if rho is None else float(rho)
    U, tau = sample_hyperplanes(X.shape[1], n_ref, T, rng)
    sigma = act.callable()
    n = X.shape[0]
    A = np.vstack([X, Xt])
    G = np.zeros((len(A), n))
    if chunk is None:
        chunk = block_columns(len(A))
    for lo in range(0, n_ref, chunk):
        hi = min(lo + chunk, n_ref)
        F = sigma(rho * (A @ U[lo:hi].T - tau[lo:hi]))
        G += F @ F[:n].T
    G /= n_ref
    return (G[:n] + G[:n].T) / 2, G[n:]


def kernel_gd_reference(k_train, k_test, y, *, width: int, lr: float, steps: int):
    """Infinite-width prediction of the lazy network after ``steps`` GD steps ("sum" loss, rate lr).

    With v = 0 at init the tangent kernel is K_m = m·k∞ + 1 (output weights and the bias c).
    Linear GD from f₀ = 0 gives f_s(x) = K(x, X) K⁻¹ (I − (I − lr·K)^s) y, evaluated through the
    eigendecomposition of K (expm1/log1p where 0 < lr·λ < 1, stable for tiny eigenvalues)."""
    K = width * k_train + 1.0
    Kt = width * k_test + 1.0
    lam, Q = np.linalg.eigh(K)
    lam = np.maximum(lam, 0.0)
    x = lr * lam
    with np.errstate(all="ignore"):
        small = (x > 0) & (x < 1)
        one_minus = np.where(small, -np.expm1(steps * np.log1p(-np.where(small, x, 0.0))),
                             1.0 - np.power(1.0 - x, steps))
        fac = np.where(lam > 0, one_minus / np.where(lam > 0, lam, 1.0), lr * steps)
    coef = Q @ (fac * (Q.T @ y))
    return Kt @ coef, K @ coef


# ----------------------------------------------------------------------------------------------
# experiment driver
# ----------------------------------------------------------------------------------------------
def relative_l2(f, g) -> float:
    f, g = np.asarray(f), np.asarray(g)
    return float(np.linalg.norm(f - g) / max(np.linalg.norm(g), 1e-300))


def loglog_slope(x, y) -> float:
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    ok = (x > 0) & (y > 0) & np.isfinite(y)
    if ok.sum() < 2:
        return math.nan
    return float(np.polyfit(np.log(x[ok]), np.log(y[ok]), 1)[0])


@dataclass
class KernelExperiment:
    activation: str
    dim: int
    target: str
    n_train: int
    widths: list
    rf_gap: list
    rf_plain_gap: list
    net_gap: list
    net_dyn_gap: list  # network after `steps` GD steps vs the infinite-width kernel-GD prediction
    net_loss: list
    net_widths: list
    rf_slope: float
    net_slope: float
    net_dyn_slope: float
    steps: int
    plain_floor: float  # gap between the plain K_T interpolant (no free null space) and the prediction
    kernel: str
    T: float
    rho: float
    seed: int
    extra: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        out = {k: v for k, v in self.__dict__.items() if k != "extra"}
        out.update({k: v for k, v in self.extra.items() if isinstance(v, (int, float, str, list, dict))})
        return out


def run_kernel_experiment(activation, dim: int, target: str, *, widths=(100, 1000, 10000, 100000),
                          net_widths=None, n_train: int = 40, n_test: int = 1000, seed: int = 0,
                          T: float | None = None, rho: float | None = None, steps: int | None = None,
                          progress: bool = False, test_points=None) -> KernelExperiment:
    from specbias.numerics.targets import make_target, uniform_ball

    act = _act(activation)
    X, y = make_target(target, dim, n_train, seed)
    rng = np.random.default_rng([seed, 4242])
    Xt = uniform_ball(n_test, dim, rng) if test_points is None else _check_X(test_points, dim)
    rho = default_rho(act) if rho is None else float(rho)
    T = default_T(act, rho) if T is None else float(T)
    if steps is None:  # homogeneous σ: cheap steps, ill-conditioned kernel; smooth σ: costly steps, fast fit
        steps = 8000 if _is_homogeneous(act) else 2000
    pred = predicted_interpolant(act, X, y, rho=rho)
    fp = pred(Xt)
    widths = sorted(int(w) for w in widths)
    if any(w < 1 for w in widths):
        raise ParameterError("widths must be positive integers")
    net_widths = [w for w in widths if w <= 10000] if net_widths is None else sorted(int(w) for w in net_widths)
    it = widths
    bar = None
    if progress:
        import sys
        from tqdm import tqdm

        bar = tqdm(total=len(widths) + len(net_widths), desc="kernel", file=sys.stderr,
                   disable=not sys.stderr.isatty(), leave=False)
    rf_gap, plain_gap = [], []
    models = {}
    for i, N in enumerate(it):
        m = rf_interpolant(act, X, y, N, T=T, rho=rho, rng=[seed, i, 1])
        rf_gap.append(relative_l2(m(Xt), fp))
        mp_ = rf_interpolant(act, X, y, N, T=T, rho=rho, rng=[seed, i, 1], free_null_space=False)
        plain_gap.append(relative_l2(mp_(Xt), fp))
        models[N] = m
        if bar is not None:
            bar.update(1)
    net_gap, net_dyn_gap, net_loss = [], [], []
    last_net = None
    if net_widths:
        k_tr, k_te = infinite_width_kernel(act, X, Xt, T=T, rho=rho, rng=[seed, 777])
    for i, N in enumerate(net_widths):
        net, res = train_lazy_network(act, X, y, N, T=T, rho=rho, rng=[seed, i, 2], steps=steps)
        fn = net(Xt)
        net_gap.append(relative_l2(fn, fp))
        ref, _ = kernel_gd_reference(k_tr, k_te, y, width=N, lr=res.lr, steps=steps)
        net_dyn_gap.append(relative_l2(fn, ref))
        net_loss.append(float(res.losses[-1]))
        last_net = net
        if bar is not None:
            bar.update(1)
    if bar is not None:
        bar.close()
    # the N → ∞ limit of the plain (no free null space) RF interpolant, from the largest width
    ex = KernelExperiment(act.name, dim, target, n_train, widths, rf_gap, plain_gap, net_gap, net_dyn_gap,
                          net_loss, net_widths, loglog_slope(widths, rf_gap), loglog_slope(net_widths, net_gap),
                          loglog_slope(net_widths, net_dyn_gap), steps,
                          plain_gap[-1] if plain_gap else math.nan, pred.description, T, rho, seed)
    ex.extra.update(X=X, y=y, Xt=Xt, prediction=pred, rf=models[widths[-1]], net=last_net)
    return ex
