"""Tangent kernels of shallow networks, computed from the activation's definition only (issue 11).

Independent of :mod:`specbias.theory`: σ and σ' come from the activation's SymPy definition through
:func:`specbias.numerics.network.activation_functions`; no transform, no derived formula.

Network and scaling (NTK parameterization written in the standard one)
-----------------------------------------------------------------------
f(x) = Σ_i v_i σ(w_i·x + b_i) with v_i ~ law of v /√m.  Full-batch GD on the mean loss
(1/2n) Σ_j e_j² with learning rate η/m on v and η on (w, b) moves the outputs by
−η (1/n) K e, where K is the tangent kernel of the trained layers:

* ``output``: K(x, x') = E[σ(w·x+b) σ(w·x'+b)]
* ``first`` : K(x, x') = s_v² E[σ'(w·x+b) σ'(w·x'+b)] (x·x' + 1),   s_v² = m E[v²]
* ``both``  : the sum.

So the residual's component along an eigenvector of K/n (probability-normalized kernel) decays by the
factor (1 − η λ) per step; λ is "the rate" everywhere in this module.

Initialization laws (:class:`InitLaw`)
--------------------------------------
``gaussian``: w ~ N(0, s_w² I_d), b ~ N(0, s_b²), m v² ~ s_v² (default s_v² = 1).
``uniform`` : PyTorch's ``nn.Linear(fan_in=d)``: w, b uniform on [−1/√d, 1/√d]; the output layer
``nn.Linear(m, 1)`` gives v uniform on [−1/√m, 1/√m], i.e. s_v² = 1/3.

Circle (d = 2, x = (cos θ, sin θ))
----------------------------------
Write w = ρ(cos φ, sin φ).  Then σ(w·x + b) = g(θ − φ) with g(ψ) = σ(ρ cos ψ + b), and for any law
whose angle φ is uniform the kernel is zonal with Fourier coefficients (uniform probability measure)

    c_k = E_{ρ,b} |g_k(ρ, b)|²,     g_k = (1/π) ∫_0^π σ(ρ cos ψ + b) cos(kψ) dψ.

For a law whose angle is not uniform (PyTorch's square), c_k is still exactly the Rayleigh quotient
of the Fourier mode k (the eigenvalue of the rotation-averaged kernel).  :func:`circle_coefficients`
evaluates it by Gauss–Legendre quadrature split at the points where ρ cos ψ + b crosses a breakpoint
of σ (read from the definition: Heaviside/Abs/sign/Max/Min arguments), so kinks and jumps cost no
accuracy.  The first-layer kernel's coefficients follow from those of σ' by the product with
x·x' + 1 = 1 + cos(θ − θ'):  μ_k = s_v² (a_k + (a_{k−1} + a_{k+1})/2).

Sphere S^{d−1} (d > 2: Gaussian law; uniform law for 3 ≤ d ≤ 8)
-----------------------------------------------------------
:func:`sphere_coefficients`: Funk–Hecke.  With w = ρu and h(t) = σ(ρt + b), λ_k = E_{ρ,b} g_k²,
g_k = c_d ∫_0^π h(cos ψ) P_k(cos ψ) sin^{d−2}ψ dψ (c_d = Γ(d/2)/(√π Γ((d−1)/2)), P_k Gegenbauer with
P_k(1) = 1, by recurrence), ρ ~ chi_d(s_w); first layer by t P_k = k/(2k+d−2) P_{k−1} + (k+d−2)/(2k+d−2) P_{k+1}.
The uniform (PyTorch) law on S² (d = 3: w uniform on the cube [−a, a]³, b on [−a, a], a = 1/√3): the
kernel is not rotation invariant, and λ_k is the MEAN Rayleigh quotient over the degree-k harmonics (the
eigenvalue of the rotation-averaged kernel).  Funk–Hecke still gives ⟨σ(w·x + b), Y_kj⟩ = g_k(ρ, b) Y_kj(u)
for w = ρu, and the addition theorem (1/N_k) Σ_j Y_kj(u)² = 1 for every u makes the mean over j
E_{ρ,b} g_k² whatever the law of the direction u: only the law of ρ = |w| enters (d = 3: from the cube's
solid angle, :func:`_cube_rho_nodes`).  The first layer: x·x' + 1 is rotation invariant, so the same
recurrence holds for the rotation-averaged kernel.  The same holds on S^{d−1} for 4 ≤ d ≤ 8 (a = 1/√d), with the
law of S = |w|²/a² = Σ_{j≤d} U_j² (U_j i.i.d. uniform on [0, 1]) by Fourier inversion, no geometry:
φ₁(ξ) = ∫_0^1 e^{iξu²} du (Faddeeva function), f_S(s) = (1/π) ∫_0^∞ Re[e^{−iξs} φ₁(ξ)^d] dξ
(:func:`_cube_s_density`; measured ≤ 2e−14 against the circle's closed form at d = 2, ≤ 2.6e−12 against the
solid angle at d = 3, moments of |w| to ≤ 1e−13), ρ-nodes on the pieces s ∈ [j, j+1]
(:func:`_fourier_rho_nodes`).  d ≥ 9 raises ParameterError.
``mode_vectors(X, k, "sphere")``: zonal harmonics P_k(x·e_d), P_k(x·e_1); ``sphere_points(n, d, seed)``:
i.i.d. uniform points.

Public API
----------
``InitLaw``, ``circle_coefficients(act, law, kmax, train)`` (λ_0..λ_kmax),
``sphere_coefficients(act, law, kmax, train, dim)``, ``circle_rates``,
``circle_points(n)``, ``sphere_points(n, dim, seed)``, ``gegenbauer(t, k, dim)``, ``interval_points(n)``, ``mc_features(act, X, law, n_features, seed, train)``,
``mc_gram(...)``, ``mode_vectors``, ``mode_rates(K, X, ks, domain, which)``,
``make_net(act, dim, width, law, seed, alpha)``, ``train_lazy(net, X, y, eta=, steps=, train=, alpha=)``,
``measure_rates(...)``, ``fourier_amplitudes(...)``, ``fit_rate(...)``,
``kernel_tolerance(act, X, ks, domain, law, train, width)``.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
import sympy as sp
from scipy.integrate import quad
from scipy.special import wofz

from specbias.core.activations import T
from specbias.core.errors import ParameterError, DegenerateSeminorm
from specbias.core.validate import TRAIN_CHOICES, check_dim, check_train
from specbias.numerics.network import ShallowNet, activation_functions, bound_activation

__all__ = ["InitLaw", "TRAIN_CHOICES", "breakpoints", "circle_coefficients", "sphere_coefficients", "circle_rates",
           "sphere_points", "gegenbauer",
           "circle_points", "interval_points", "mc_features", "mc_gram", "mode_vectors", "mode_rates",
           "make_net", "train_lazy", "measure_rates", "record_steps", "fit_rate", "fourier_amplitudes", "kernel_tolerance"]


# --------------------------------------------------------------------------------------------
# Initialization laws
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class InitLaw:
    kind: str = "gaussian"          # "gaussian" or "uniform" (PyTorch default)
    weight_std: float = 1.0
    bias_std: float = 1.0
    out_var: float | None = None    # s_v² = m E[v²]; default 1 (gaussian) or 1/3 (uniform)

    def __post_init__(self):
        if self.kind not in ("gaussian", "uniform"):
            raise ParameterError(f"init law must be 'gaussian' or 'uniform', got {self.kind!r}")
        for name in ("weight_std", "bias_std"):
            v = getattr(self, name)
            if not (isinstance(v, (int, float)) and math.isfinite(v) and v > 0):
                raise ParameterError(f"{name} must be a positive number, got {v!r}")
        if self.out_var is not None and not (math.isfinite(self.out_var) and self.out_var > 0):
            raise ParameterError(f"out_var must be positive, got {self.out_var!r}")

    @property
    def sv2(self) -> float:
        if self.out_var is not None:
            return float(self.out_var)
        return 1.0 if self.kind == "gaussian" else 1.0 / 3.0

    def bound(self, dim: int) -> float:
        return 1.0 / math.sqrt(dim)

    def to_json(self) -> dict:
        return {"kind": self.kind, "weight_std": self.weight_std, "bias_std": self.bias_std, "out_var": self.sv2}


# --------------------------------------------------------------------------------------------
# σ, σ' and their breakpoints, from the definition
# --------------------------------------------------------------------------------------------
def breakpoints(expr) -> tuple:
    """Real points where σ (a SymPy expression in t) may be non-smooth: zeros of the arguments of
    Heaviside, Abs, sign, Max/Min (differences), linear in t."""
    pts = set()
    args = []
    for a in expr.atoms(sp.Heaviside, sp.Abs, sp.sign):
        args.append(a.args[0])
    for a in expr.atoms(sp.Max, sp.Min):
        xs = a.args
        args += [xs[i] - xs[j] for i in range(len(xs)) for j in range(i + 1, len(xs))]
    for arg in args:
        try:
            sols = sp.solve(sp.Eq(arg, 0), T)
        except Exception:  # pragma: no cover - SymPy failure: ignore that breakpoint
            sols = []
        for s in sols:
            if s.is_real:
                pts.add(float(s))
    return tuple(sorted(pts))


def _has_delta_derivative(expr) -> bool:
    """True when σ' has a point mass with non-zero weight (σ discontinuous); t·δ(t) = 0 does not count."""
    d = sp.expand(sp.diff(expr, T))
    for delta in d.atoms(sp.DiracDelta):
        coeff = d.coeff(delta)
        try:
            roots = sp.solve(sp.Eq(delta.args[0], 0), T)
        except Exception:  # pragma: no cover
            return True
        if any(sp.simplify(coeff.subs(T, r0)) != 0 for r0 in roots):
            return True
    return False


def _funcs(activation, derivative: bool):
    act = bound_activation(activation)
    sig, dsig, _ = activation_functions(act)
    if derivative:
        if _has_delta_derivative(act.expr):
            raise DegenerateSeminorm(
                f"σ = {act.name} is discontinuous: σ' is a point mass, so first-layer training has zero "
                "gradient almost everywhere (use --train output)")
        return dsig, breakpoints(act.expr)
    return sig, breakpoints(act.expr)


# --------------------------------------------------------------------------------------------
# Quadrature over the init law (circle)
# --------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=64)
def _leggauss(n):
    return np.polynomial.legendre.leggauss(n)


def _gl(n, a, b):
    x, w = _leggauss(n)
    return 0.5 * (b - a) * x + 0.5 * (b + a), 0.5 * (b - a) * w


def _cos_map(n, lo, hi):
    """Gauss–Legendre in α ∈ [0, π] for x = mid − half·cos α on [lo, hi] (clusters at both ends,
    removes square-root endpoint behaviour)."""
    a, wa = _gl(n, 0.0, math.pi)
    mid, half = 0.5 * (lo + hi), 0.5 * (hi - lo)
    return mid - half * np.cos(a), wa * half * np.sin(a)


def _rho_nodes(law: InitLaw, n: int, dim: int = 2):
    """Nodes and weights of the law of ρ = |w| (weights sum to 1): Rayleigh(s_w) for d = 2, and for the
    Gaussian law in R^d the chi law ρ^{d−1} e^{−ρ²/2s²}/(2^{d/2−1} s^d Γ(d/2)) on [0, (9 + √d) s]
    (the mass beyond is < 1e−17 for d ≤ 8).  The uniform law: w uniform on the square [−a, a]² (d = 2) or
    the cube [−a, a]³ (d = 3, :func:`_cube_rho_nodes`, the solid angle), the cube [−a, a]^d for 4 ≤ d ≤ 8
    (:func:`_fourier_rho_nodes`: ρ = a√s with S = |w|²/a² = Σ_j U_j² by Fourier inversion of φ₁^d,
    φ₁(ξ) = E e^{iξU²}, in ⌈n/d⌉ ≥ 16 cos-mapped Gauss–Legendre nodes on each s ∈ [j, j+1]; Σw, E ρ², ρ⁴, ρ⁶ and
    P(ρ ≤ a) within 1e−13 of their hand values); ParameterError for d ≥ 9 (not validated there)."""
    if law.kind == "gaussian":
        s = law.weight_std
        if dim == 2:
            r, w = _gl(n, 0.0, 9.0 * s)
            return r, w * r / s ** 2 * np.exp(-r ** 2 / (2 * s ** 2))
        r, w = _gl(n, 0.0, (9.0 + math.sqrt(dim)) * s)
        logd = ((dim - 1) * np.log(r / s) - r ** 2 / (2 * s ** 2)
                - (0.5 * dim - 1) * math.log(2.0) - math.lgamma(0.5 * dim) - math.log(s))
        return r, w * np.exp(logd)
    if dim == 3:
        return _cube_rho_nodes(law.bound(3), n)
    if dim > 3:
        if dim > _UNIFORM_MAX_DIM:
            raise ParameterError(_UNIFORM_DIMS)
        return _fourier_rho_nodes(law.bound(dim), dim, max(-(-n // dim), 16))
    a = law.bound(2)
    r1, w1 = _gl(n // 2, 0.0, a)
    w1 = w1 * 2 * math.pi * r1 / (4 * a * a)
    beta, wb = _gl(n - n // 2, 0.0, math.pi / 4)
    r2 = a / np.cos(beta)
    w2 = wb * (a * np.sin(beta) / np.cos(beta) ** 2) * r2 * (2 * math.pi - 8 * beta) / (4 * a * a)
    return np.concatenate([r1, r2]), np.concatenate([w1, w2])


_UNIFORM_MAX_DIM = 8
_UNIFORM_DIMS = (f"the uniform (PyTorch) law is computed for 2 <= d <= {_UNIFORM_MAX_DIM} only (the law of |w| for w "
                 "uniform on the cube [-1/sqrt(d), 1/sqrt(d)]^d: d = 2 closed form, d = 3 solid angle, "
                 "4 <= d <= 8 Fourier inversion; not validated beyond)")

_FOURIER_SPLIT = 10.0     # Ξ: [0, Ξ] by Gauss–Legendre on φ₁^d, [Ξ, ∞) term by term on rotated rays
_FOURIER_HEAD = 300       # Gauss–Legendre nodes on [0, Ξ]


_E_IPI4 = complex(math.cos(math.pi / 4), math.sin(math.pi / 4))


def _fresnel_parts(xi):
    """(A, W) with φ₁(ξ) = ∫_0^1 e^{iξu²} du = A (1 − e^{iξ} W), vectorized in complex ξ (Re ξ > 0):
    A = √π/(2c) = ∫_0^∞ e^{iξu²} du and e^{iξ} A W = ∫_1^∞ e^{iξu²} du = (√π/(2c)) erfc(c), c = √ξ e^{−iπ/4},
    erfc(c) = e^{−c²} w(ic) = e^{iξ} w(√ξ e^{iπ/4}) (w the Faddeeva function, scipy.special.wofz)."""
    r = np.sqrt(np.asarray(xi, dtype=np.complex128)) * _E_IPI4
    return 0.5 * math.sqrt(math.pi) / r * 1j, wofz(r)


def _cube_phi(xi):
    """φ₁(ξ) = E e^{iξU²}, U uniform on [0, 1] (see :func:`_fresnel_parts`; measured against direct
    quadrature of cos ξu², sin ξu² at ξ = 1e−3, 0.5, 3, 20, 150: ≤ 4e−15)."""
    A, W = _fresnel_parts(xi)
    return A * (1.0 - np.exp(1j * np.asarray(xi)) * W)


def _cube_s_density(s: float, d: int) -> float:
    """Density of S = Σ_{j≤d} U_j², U_j i.i.d. uniform on [0, 1], by Fourier inversion of φ_S = φ₁^d:

        f_S(s) = (1/π) ∫_0^∞ Re[e^{−iξs} φ₁(ξ)^d] dξ.

    [0, Ξ] (Ξ = 10): 300-point Gauss–Legendre on the entire integrand.  [Ξ, ∞): φ₁^d = A^d Σ_j C(d, j)
    (−W)^j e^{ijξ} (:func:`_fresnel_parts`), A^d W^j analytic in Re ξ > 0 and decaying like |ξ|^{−(d+j)/2}; the
    term e^{−i(s−j)ξ} A^d W^j is integrated on the ray ξ = Ξ ∓ it, t ∈ [0, ∞) (down for s > j, up for s < j),
    where the oscillation becomes the decay e^{−|s−j|t} (Cauchy; |W| stays bounded for ξ^{1/2} e^{iπ/4} in the
    first quadrant), by scipy's quad on [0, ∞).  Independent of any geometry.  Measured: against the closed
    form π/4, π/4 − arccos(1/√s) at d = 2 (s = 0.3 .. 1.99): ≤ 2.1e−14; against the cube's solid-angle
    density (:func:`_cube_rho_nodes`) at d = 3 on its 48 nodes: ≤ 2.6e−12 (at s = 2.00006, next to an
    integer, where the ray integrals decay only algebraically)."""
    x, w = _gl(_FOURIER_HEAD, 0.0, _FOURIER_SPLIT)
    head = float((w * (np.exp(-1j * s * x) * _cube_phi(x) ** d).real).sum())
    tail = 0.0
    for j in range(d + 1):
        om = s - j
        sg = 1.0 if om >= 0 else -1.0
        cj = math.comb(d, j) * (-1) ** j

        def f(t):
            z = _FOURIER_SPLIT - 1j * sg * t
            A, W = _fresnel_parts(z)
            return ((-1j * sg) * cj * np.exp(-1j * om * z) * A ** d * W ** j).real

        tail += quad(f, 0.0, np.inf, limit=400, epsabs=1e-14, epsrel=1e-13)[0]
    return (head + tail) / math.pi


@functools.lru_cache(maxsize=32)
def _fourier_rho_nodes_cached(d: int, m: int):
    ss, ws = [], []
    for j in range(d):
        s, w = _cos_map(m, float(j), float(j + 1))
        ss.append(s)
        ws.append(w * np.array([_cube_s_density(float(x), d) for x in s]))
    return np.concatenate(ss), np.concatenate(ws)


def _fourier_rho_nodes(a: float, d: int, m: int):
    """Nodes and weights (summing to 1) of the law of ρ = |w|, w uniform on the cube [−a, a]^d (4 ≤ d ≤ 8),
    from the density of S = |w|²/a² (:func:`_cube_s_density`, Fourier inversion; no solid angle): ρ = a√s,
    s ∈ [j, j+1] for j = 0..d−1 (f_S is non-smooth at every integer; s = 1 is also where the ρ-integrand's
    b-splits ±ρ leave [−a, a]), each piece an m-point cos-mapped Gauss–Legendre rule (:func:`_cos_map`) in
    s, weight = rule weight × f_S(s) (E g(ρ) = ∫ g(a√s) f_S(s) ds).  Measured at m = 16 (d = 3..8):
    |Σw − 1| ≤ 1e−13, |E ρ² − d a²/3|, |E ρ⁴ − (d a⁴/5 + d(d−1) a⁴/9)| ≤ 5e−14, the mass on s ≤ 1 against
    V_d/2^d ≤ 1.4e−14 (m = 8: 5e−9); the density's small bias (~1e−14 per unit s) dominates."""
    s, w = _fourier_rho_nodes_cached(int(d), int(m))
    return a * np.sqrt(s), w.copy()


def _cube_solid_angle(t, n_z: int = 64):
    """Ω(t): solid angle of the directions u ∈ S² with max_j |u_j| ≤ t (t = a/r ∈ [1/√3, 1]), vectorized in t.

    8 × the positive octant; with z = u_3 and u = (s cos φ, s sin φ, z), s = √(1 − z²), the area element is
    dz dφ (Archimedes).  For fixed z ≤ t the admissible φ ∈ [0, π/2] are s cos φ ≤ t and s sin φ ≤ t: all of
    [0, π/2] when s ≤ t (z ≥ z₁ = √(1 − t²)), else φ ∈ [acos(t/s), asin(t/s)], of length
    L(z) = max(0, 2 asin(t/s) − π/2), positive iff s < √2 t (z > z₀ = √(max(0, 1 − 2t²))).  So

        Ω(t) = 8 [ ∫_{z₀}^{min(z₁, t)} (2 asin(t/√(1 − z²)) − π/2) dz + (π/2) max(0, t − z₁) ],

    the integral by ``n_z``-point Gauss–Legendre in the cos map (L has a square-root end at z₁, where
    t/s → 1).  Checks (tests/test_numerics_sphere_uniform.py): Ω(1) = 4π; for t ≥ 1/√2 the six caps
    |u_j| > t do not overlap and Ω = 4π − 12π(1 − t) (cap area 2π(1 − t)): measured ≤ 5e−16 relative at
    n_z = 64 (1e−14 at n_z = 16, 8e−8 at 8); for t ∈ [1/√3, 1/√2] n_z = 16, 32, 64 differ from n_z = 256 by
    3e−8, 9e−14, 4e−15 (absolute), and the cube moments of :func:`_cube_rho_nodes` check it."""
    t = np.atleast_1d(np.asarray(t, dtype=np.float64))
    z0 = np.sqrt(np.maximum(0.0, 1.0 - 2.0 * t * t))
    z1 = np.sqrt(np.maximum(0.0, 1.0 - t * t))
    top = np.minimum(z1, t)                      # z ≤ t as well (binding for t < 1/√2)
    al, wal = _gl(n_z, 0.0, math.pi)
    mid, half = 0.5 * (z0 + top), 0.5 * (top - z0)
    z = mid[:, None] - half[:, None] * np.cos(al)[None, :]
    wz = half[:, None] * (wal * np.sin(al))[None, :]
    ratio = np.clip(t[:, None] / np.sqrt(1.0 - z * z), -1.0, 1.0)
    inner = (wz * (2.0 * np.arcsin(ratio) - 0.5 * math.pi)).sum(1)
    return 8.0 * (inner + 0.5 * math.pi * np.maximum(0.0, t - z1))


def _cube_rho_nodes(a: float, n: int, n_z: int = 64):
    """Nodes and weights (summing to 1) of the law of ρ = |w|, w uniform on the cube [−a, a]³.

    Density p(r) = r² Ω(a/r)/(2a)³ with Ω of :func:`_cube_solid_angle` (Ω = 4π for r ≤ a).  Pieces
    [0, a], [a, a√2], [a√2, a√3], at whose ends p is non-smooth (the sphere |w| = r touches the faces,
    the edges, the corners; p ∝ (a√3 − r)² at the end), each with ⌈n/3⌉-point Gauss–Legendre in the cos
    map (:func:`_cos_map`, clustered at both ends).  ρ = a is also where the b-splits ±ρ of the ρ integrand
    leave [−a, a], so that kink is a node boundary too.  Measured (a = 1/√3, n = 48, i.e. 16 per piece):
    |Σw − 1|, |E ρ² − 1/3|, |E ρ⁴ − (3a⁴/5 + 6(a²/3)²)| and |mass on [0, a] − π/6| all ≤ 1.6e−15 (also at
    n = 96, 192; n = 24 is 3e−7 off); E ρ agrees with a 128³ tensor Gauss–Legendre of |w| over the octant cube
    to 1.6e−15 (see tests/test_numerics_sphere_uniform.py)."""
    m = max(-(-n // 3), 2)
    edges = (0.0, a, a * math.sqrt(2.0), a * math.sqrt(3.0))
    rs, ws = [], []
    for lo, hi in zip(edges[:-1], edges[1:]):
        r, w = _cos_map(m, lo, hi)
        om = np.full(r.shape, 4.0 * math.pi) if lo == 0.0 else _cube_solid_angle(a / r, n_z)
        rs.append(r)
        ws.append(w * r * r * om / (8.0 * a ** 3))
    return np.concatenate(rs), np.concatenate(ws)


def _b_nodes(law: InitLaw, rho: float, bps, n: int, dim: int = 2):
    """Nodes/weights of the law of b (weights include the density), split at c ± ρ; under the uniform law
    b is uniform on [−1/√d, 1/√d] (the fan-in is d)."""
    splits = sorted({c + s * rho for c in bps for s in (-1.0, 1.0)})
    if law.kind == "gaussian":
        sb = law.bias_std
        lo_all, hi_all = -10.0 * sb + min(splits, default=0.0), 10.0 * sb + max(splits, default=0.0)
        dens = lambda b: np.exp(-b ** 2 / (2 * sb * sb)) / (sb * math.sqrt(2 * math.pi))  # noqa: E731
    else:
        a = law.bound(dim)
        lo_all, hi_all = -a, a
        dens = lambda b: np.full_like(b, 1.0 / (2 * a))  # noqa: E731
    pts = [lo_all] + [s for s in splits if lo_all < s < hi_all] + [hi_all]
    xs, ws = [], []
    for lo, hi in zip(pts[:-1], pts[1:]):
        if hi - lo <= 1e-14:
            continue
        x, w = _cos_map(n, lo, hi)
        xs.append(x)
        ws.append(w * dens(x))
    return np.concatenate(xs), np.concatenate(ws)


def _sphere_norm(dim: int) -> float:
    """c_d = |S^{d−2}|/|S^{d−1}| = Γ(d/2)/(√π Γ((d−1)/2)) (1/π at d = 2)."""
    return math.exp(math.lgamma(0.5 * dim) - 0.5 * math.log(math.pi) - math.lgamma(0.5 * (dim - 1)))


def _zonal_coefficients(fun, bps, law: InitLaw, kmax: int, n_rho=48, n_b=None, n_psi=None, dim: int = 2):
    """c_k = E |g_k|² for k = 0..kmax and E |g_k|⁴ (for finite-width error bars).

    d = 2: g_k = (1/π) ∫_0^π σ(ρ cos ψ + b) cos kψ dψ.  d > 2 (Funk–Hecke, see :func:`sphere_coefficients`):
    g_k = c_d ∫_0^π σ(ρ cos ψ + b) P_k(cos ψ) sin^{d−2}ψ dψ with the Gegenbauer polynomials normalized to
    P_k(1) = 1 by their three-term recurrence; ρ from the law of |w| in R^d (chi, or the cube's for the
    uniform law at 3 ≤ d ≤ 8, whose ρ pieces end at a, where the b-splits ±ρ leave [−a, a]).  The b-quadrature has
    2(2 k_max + 100 + 40⌈s_b/s_w⌉) nodes: for σ without breakpoints (tanh) the single cos-mapped piece over
    ±10 s_b wastes its clustered end nodes, and half as many left λ_10 of tanh (s_w = 1, s_b = 2) 5.6e−4
    (d = 2) and 5.7e−4 (d = 3) off, λ_12 2.3e−3, against 1e−12 with the doubled count."""
    ratio = law.bias_std / law.weight_std if law.kind == "gaussian" else 1.0
    n_b = n_b or 2 * (2 * kmax + 100 + 40 * math.ceil(ratio))
    n_psi = n_psi or (kmax + 80)
    rhos, wr = _rho_nodes(law, n_rho, dim)
    norm = 1.0 / math.pi if dim == 2 else _sphere_norm(dim)
    acc2 = np.zeros(kmax + 1)
    acc4 = np.zeros(kmax + 1)
    for rho, wrho in zip(rhos, wr):
        bs, wb = _b_nodes(law, rho, bps, n_b, dim)
        # ψ pieces: split [0, π] at arccos((c − b)/ρ)
        cuts = [np.full(bs.shape, 0.0)]
        for c in bps:
            u = (c - bs) / rho
            cuts.append(np.where(np.abs(u) < 1, np.arccos(np.clip(u, -1, 1)), 0.0))
        cuts.append(np.full(bs.shape, math.pi))
        C = np.sort(np.stack(cuts, 1), axis=1)
        xg, wg = _leggauss(n_psi)
        coef = np.zeros((len(bs), kmax + 1))
        for j in range(C.shape[1] - 1):
            lo, hi = C[:, j:j + 1], C[:, j + 1:j + 2]
            psi = 0.5 * (hi - lo) * xg + 0.5 * (hi + lo)          # (nb, n_psi)
            wpsi = 0.5 * (hi - lo) * wg
            if dim == 2:
                g = fun(rho * np.cos(psi) + bs[:, None]) * wpsi / math.pi
            else:
                g = fun(rho * np.cos(psi) + bs[:, None]) * wpsi * np.sin(psi) ** (dim - 2) * norm
            c = np.cos(psi)
            t0, t1 = np.ones_like(psi), c
            coef[:, 0] += g.sum(1)
            if kmax >= 1:
                coef[:, 1] += (g * t1).sum(1)
            for k in range(2, kmax + 1):
                if dim == 2:
                    t0, t1 = t1, 2 * c * t1 - t0
                else:   # (k−1+d−2) P_k = (2(k−1)+d−2) t P_{k−1} − (k−1) P_{k−2}
                    t0, t1 = t1, ((2 * k + dim - 4) * c * t1 - (k - 1) * t0) / (k + dim - 3)
                coef[:, k] += (g * t1).sum(1)
        acc2 += wrho * (wb[:, None] * coef ** 2).sum(0)
        acc4 += wrho * (wb[:, None] * coef ** 4).sum(0)
    return acc2, acc4


@functools.lru_cache(maxsize=128)
def _zonal_cached(act, derivative, law, kmax, n_rho, dim=2):
    if law.kind == "gaussian":
        n_rho = n_rho + 16 * max(0, math.ceil(law.weight_std) - 1)
    elif dim >= 3:
        # cube law: 2 n_rho ρ-nodes (3 pieces).  Measured, λ_0..λ_10 of relu/step/tanh (output, first):
        # 48 nodes → 96 changes them ≤ 2.8e−9 relative (relu first, k = 10), 96 → 192 ≤ 5e−15 (up to
        # 3e−13 for tanh's k = 9, 10, where λ_k ~ 1e−14 is at the ψ/b quadrature floor); at k_max = 32,
        # 96 → 192 ≤ 2.5e−10 for relu and step.  4 ≤ d ≤ 8: max(⌈2 n_rho/d⌉, 16) nodes per unit of s
        # (:func:`_fourier_rho_nodes`); d = 4, 5, λ_0..λ_10 (relu/step/tanh output, relu/tanh first): 48 → 96 changes
        # them ≤ 1.1e−11 relative (step, d = 5, k = 10; ≤ 6e−15 at d = 4 but tanh's λ_10 ~ 1e−16: 7e−13),
        # 96 → 192 ≤ 8.6e−13.
        n_rho = 2 * n_rho
    fun, bps = _funcs(act, derivative)
    return _zonal_coefficients(fun, bps, law, kmax, n_rho=n_rho, dim=dim)


def circle_coefficients(activation, law: InitLaw = InitLaw(), kmax: int = 32, train: str = "output",
                        n_rho: int = 48, with_fourth: bool = False):
    """Tangent-kernel eigenvalues λ_k, k = 0..kmax, on the unit circle (probability measure).

    From σ's definition by quadrature (see the module docstring).  With ``with_fourth`` also return
    E_θ-level second moments used for the finite-width tolerance (:func:`kernel_tolerance`)."""
    check_train(train)
    if isinstance(kmax, bool) or not isinstance(kmax, (int, np.integer)) or kmax < 0:
        raise ParameterError(f"kmax must be a non-negative integer, got {kmax!r}")
    key = bound_activation(activation)
    out = np.zeros(kmax + 1)
    four = np.zeros(kmax + 1)
    if train in ("output", "both"):
        c2, c4 = _zonal_cached(key, False, law, int(kmax), n_rho)
        out += c2
        four += c4
    if train in ("first", "both"):
        a2, a4 = _zonal_cached(key, True, law, int(kmax) + 1, n_rho)
        ext = np.concatenate([[a2[1]], a2])          # a_{-1} = a_1
        mu = law.sv2 * (a2[:kmax + 1] + 0.5 * (ext[:kmax + 1] + a2[1:kmax + 2]))
        out += mu
        four += law.sv2 ** 2 * 4 * a4[:kmax + 1]     # crude bound for the error bar
    return (out, four) if with_fourth else out


def sphere_coefficients(activation, law: InitLaw = InitLaw(), kmax: int = 32, train: str = "output", dim: int = 3,
                        n_rho: int = 48):
    """Tangent-kernel eigenvalues λ_k, k = 0..kmax, on the unit sphere S^{d−1} ⊂ R^d (uniform probability
    measure; λ_k is the eigenvalue on every degree-k spherical harmonic), from σ's definition by quadrature.

    With w = ρu (u uniform on the sphere, ρ = |w| chi-distributed) and h(t) = σ(ρt + b), Funk–Hecke gives
    ∫ h(u·x) Y(x) dx = g_k Y(u) for every degree-k harmonic Y, with

        g_k(ρ, b) = c_d ∫_{−1}^{1} h(t) P_k(t) (1 − t²)^{(d−3)/2} dt,   c_d = |S^{d−2}|/|S^{d−1}|,

    (P_k the Gegenbauer polynomial with P_k(1) = 1).  With an orthonormal basis Y_kj of degree k
    (probability measure), h(u·x) = Σ_k g_k Σ_j Y_kj(u) Y_kj(x), and E_u[Y_kj(u) Y_k'j'(u)] = δ, so
    K(x, x') = E_{ρ,b} Σ_k g_k² Σ_j Y_kj(x) Y_kj(x'): the eigenvalue is λ_k = E_{ρ,b} g_k² (no N_k factor).
    The integral is evaluated in t = cos ψ (weight sin^{d−2}ψ, smooth), split where ρ cos ψ + b crosses a
    breakpoint of σ; b and ρ as for the circle (ρ from the chi law).  The first layer: the eigenvalues a_k
    of E[σ'σ'] times x·x' + 1, by t P_k = k/(2k+d−2) P_{k−1} + (k+d−2)/(2k+d−2) P_{k+1}:
    μ_k = s_v² (a_k + (k+d−2)/(2k+d−2) a_{k+1} + k/(2k+d−2) a_{k−1}) (μ_0 = s_v² (a_0 + a_1)).
    d = 2 returns :func:`circle_coefficients`.

    The uniform (PyTorch) law, d = 3 (w uniform on the cube [−1/√3, 1/√3]³, b on [−1/√3, 1/√3], s_v² = 1/3):
    the kernel is not rotation invariant and λ_k is the mean Rayleigh quotient over an orthonormal basis
    Y_k1..Y_kN of the degree-k harmonics, (1/N) Σ_j E_{w,b} ⟨σ(w·x+b), Y_kj⟩² = E_{ρ,b} g_k² (1/N) Σ_j Y_kj(u)²
    = E_{ρ,b} g_k² (addition theorem), with ρ = |w| from the cube law (:func:`_cube_rho_nodes`, 2 n_rho
    nodes): the formula above with the chi law replaced.  Measured: doubling the ρ nodes changes λ_0..λ_32
    of relu and step by ≤ 2.5e−10 relative; λ_0..λ_6 agree with a 2^14-sample Monte-Carlo kernel projected
    on a sphere quadrature within 1.3 standard errors (relu, tanh; first layer of relu within 2.8).
    The uniform law for 4 ≤ d ≤ 8 (a = 1/√d): the same formula, the law of ρ = |w| from the density of
    S = |w|²/a² by Fourier inversion, f_S(s) = (1/π) ∫_0^∞ Re[e^{−iξs} φ₁(ξ)^d] dξ, φ₁(ξ) = ∫_0^1 e^{iξu²} du
    (:func:`_cube_s_density`, :func:`_fourier_rho_nodes`; independent of the solid angle: at d = 3 it matches
    the solid-angle density to 2.6e−12).  Measured at d = 4: λ_0..λ_5 of relu and tanh (output) agree with a
    2^12-sample Monte-Carlo kernel on an S³ product rule within 1.5 standard errors; d = 4, 5: doubling the ρ
    nodes changes λ_0..λ_10 by ≤ 1.1e−11 relative.  ParameterError for the uniform law and d ≥ 9."""
    dim = check_dim(dim, lo=2, what="the sphere dimension d (data on S^(d-1))")
    if dim == 2:
        return circle_coefficients(activation, law, kmax, train, n_rho)
    check_train(train)
    if law.kind != "gaussian" and dim > _UNIFORM_MAX_DIM:
        raise ParameterError(_UNIFORM_DIMS)
    if isinstance(kmax, bool) or not isinstance(kmax, (int, np.integer)) or kmax < 0:
        raise ParameterError(f"kmax must be a non-negative integer, got {kmax!r}")
    key = bound_activation(activation)
    out = np.zeros(kmax + 1)
    if train in ("output", "both"):
        out += _zonal_cached(key, False, law, int(kmax), n_rho, dim)[0]
    if train in ("first", "both"):
        a = _zonal_cached(key, True, law, int(kmax) + 1, n_rho, dim)[0]
        k = np.arange(kmax + 1, dtype=float)
        up = (k + dim - 2) / (2 * k + dim - 2)
        down = k / (2 * k + dim - 2)
        lo = np.concatenate([[0.0], a[:kmax]])
        out += law.sv2 * (a[:kmax + 1] + up * a[1:kmax + 2] + down * lo)
    return out


def circle_rates(activation, law, ks, train, n_points: int, n_alias: int = 1):
    """Rates of the Gram matrix on n equispaced circle points for modes ks: the aliased sums
    Σ_{|j| <= n_alias} λ_{|k + j n|} of :func:`circle_coefficients`."""
    ks = [int(k) for k in ks]
    idx = sorted({abs(k + j * n_points) for k in ks for j in range(-n_alias, n_alias + 1)})
    lam = circle_coefficients(activation, law, max(idx), train)
    return np.array([sum(lam[abs(k + j * n_points)] for j in range(-n_alias, n_alias + 1)) for k in ks])


def kernel_tolerance(activation, X, ks, domain, law, train, width: int, z: float = 4.0, draws: int = 16, seed=12345):
    """Relative half-width z·sd/mean of the Rayleigh quotient of the trained mode (cos kθ on the circle,
    sin 2πkx on the interval: the targets of :func:`measure_rates`) under a width-m network's tangent kernel
    at initialization, with sd measured over ``draws`` independent width-m draws (m/2 distinct
    neurons, as in the antisymmetric init).  This is how far a finite-width network's early rate may
    sit from the infinite-width one."""
    ks = [int(k) for k in ks]
    q = []
    for i in range(draws):
        F = mc_features(activation, X, law, max(width // 2, 1), seed=(seed, i), train=train)
        q.append(mode_rates(F @ F.T, X, ks, domain, which="sin" if domain == "interval" else "cos"))
    q = np.array(q)
    return z * q.std(0, ddof=1) / q.mean(0)


# --------------------------------------------------------------------------------------------
# Data, Monte Carlo kernels, mode projections
# --------------------------------------------------------------------------------------------
def circle_points(n: int) -> tuple:
    th = 2 * np.pi * np.arange(n) / n
    return np.stack([np.cos(th), np.sin(th)], 1), th


def interval_points(n: int) -> np.ndarray:
    return (np.arange(n) / n)[:, None]


def _sample(law: InitLaw, m: int, dim: int, rng):
    if law.kind == "gaussian":
        W = rng.standard_normal((m, dim)) * law.weight_std
        b = rng.standard_normal(m) * law.bias_std
    else:
        a = law.bound(dim)
        W = rng.uniform(-a, a, (m, dim))
        b = rng.uniform(-a, a, m)
    return W, b


def mc_features(activation, X, law: InitLaw, n_features: int, seed=0, train="output"):
    """Feature matrix Φ (n, P) with Φ Φᵀ → the tangent kernel as n_features → ∞."""
    check_train(train)
    X = np.asarray(X, dtype=np.float64)
    rng = np.random.default_rng(seed)
    W, b = _sample(law, n_features, X.shape[1], rng)
    Z = X @ W.T + b
    parts = []
    if train in ("output", "both"):
        sig, _ = _funcs(activation, False)
        parts.append(sig(Z) / math.sqrt(n_features))
    if train in ("first", "both"):
        dsig, _ = _funcs(activation, True)
        D = dsig(Z) * math.sqrt(law.sv2 / n_features)
        Xa = np.hstack([X, np.ones((X.shape[0], 1))])
        parts.append((D[:, :, None] * Xa[:, None, :]).reshape(X.shape[0], -1))
    return np.hstack(parts)


def mc_gram(activation, X, law: InitLaw, n_features: int, seed=0, train="output", chunk=8192):
    X = np.asarray(X, dtype=np.float64)
    K = np.zeros((X.shape[0], X.shape[0]))
    done, s = 0, 0
    while done < n_features:
        m = min(chunk, n_features - done)
        F = mc_features(activation, X, law, m, seed=(seed, s), train=train)
        K += F @ F.T * (m / n_features)
        done += m
        s += 1
    return K


def sphere_points(n: int, dim: int, seed=0) -> np.ndarray:
    """n points on S^{dim−1} ⊂ R^dim: normalized standard Gaussian vectors (i.i.d. uniform on the sphere),
    from ``numpy.random.default_rng(seed)``; shape (n, dim)."""
    dim = check_dim(dim, lo=2, what="the sphere dimension d (data on S^(d-1))")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ParameterError(f"n must be a positive integer, got {n!r}")
    G = np.random.default_rng(seed).standard_normal((int(n), dim))
    return G / np.linalg.norm(G, axis=1, keepdims=True)


def gegenbauer(t, k: int, dim: int):
    """P_k(t) on S^{dim−1}, normalized to P_k(1) = 1 ((k+d−2) P_{k+1} = (2k+d−2) t P_k − k P_{k−1}; d = 2: T_k,
    d = 3: Legendre)."""
    t = np.asarray(t, dtype=np.float64)
    p0, p1 = np.ones_like(t), t
    if k == 0:
        return p0
    for j in range(1, k):
        p0, p1 = p1, ((2 * j + dim - 2) * t * p1 - j * p0) / (j + dim - 2)
    return p1


def mode_vectors(X, k, domain: str):
    """The two real modes of frequency k on the data (cos, sin), unit-normalized in (1/n)Σ.
    ``domain="sphere"`` (X on S^{d−1}, any d ≥ 2): two degree-k zonal harmonics P_k(x·e_d) and P_k(x·e_1)
    (each is an eigenfunction of every zonal kernel with eigenvalue λ_k)."""
    if domain == "sphere":
        X = np.asarray(X, dtype=np.float64)
        d = X.shape[1]
        c, s = gegenbauer(X[:, -1], int(k), d), gegenbauer(X[:, 0], int(k), d)
        n = X.shape[0]
        return c / math.sqrt(c @ c / n), s / math.sqrt(s @ s / n)
    if domain == "circle":
        th = np.arctan2(X[:, 1], X[:, 0])
        c, s = np.cos(k * th), np.sin(k * th)
    else:
        x = X[:, 0]
        c, s = np.cos(2 * np.pi * k * x), np.sin(2 * np.pi * k * x)
    n = X.shape[0]
    return c / math.sqrt(c @ c / n), s / math.sqrt(s @ s / n)


def mode_rates(K, X, ks, domain: str, which: str = "both"):
    """Rayleigh quotients of the mode vectors under K/n: cᵀKc/(n cᵀc) (averaged over cos and sin
    for ``which='both'``; ``'sin'`` for the interval probe whose targets are sines)."""
    n = X.shape[0]
    out = []
    for k in ks:
        c, s = mode_vectors(X, k, domain)
        qc, qs = c @ K @ c / (n * (c @ c)), s @ K @ s / (n * (s @ s))
        out.append(qs if which == "sin" else qc if which == "cos" else 0.5 * (qc + qs))
    return np.array(out)


# --------------------------------------------------------------------------------------------
# Lazy training
# --------------------------------------------------------------------------------------------
def make_net(activation, dim: int, width: int, law: InitLaw, seed=0, alpha: float = 1.0) -> ShallowNet:
    """Antisymmetric init (f0 ≡ 0): neurons i and i + m/2 share (w, b) and have opposite v.

    ``alpha`` multiplies v (Chizat & Bach's lazy scale): with the first-layer learning rate η/α²
    (:func:`train_lazy`) the function-space kernel is unchanged while the weights move α times less,
    so the tangent kernel stays closer to its initial value (laziness ∝ α)."""
    if isinstance(width, bool) or not isinstance(width, (int, np.integer)) or width < 2 or width % 2:
        raise ParameterError(f"width must be an even integer >= 2, got {width!r}")
    rng = np.random.default_rng(seed)
    h = width // 2
    W, b = _sample(law, h, dim, rng)
    if law.kind == "gaussian":
        v = rng.standard_normal(h) * math.sqrt(law.sv2 / width)
    else:
        v = rng.uniform(-1, 1, h) * math.sqrt(3 * law.sv2 / width)
    v = v * float(alpha)
    return ShallowNet(np.vstack([W, W]), np.concatenate([b, b]), np.concatenate([v, -v]), 0.0, activation)


def train_lazy(net: ShallowNet, X, y, *, eta: float, steps: int, train: str = "both", record=None,
               callback=None, progress=False, alpha: float = 1.0):
    """Full-batch GD of the mean loss with learning rate η/m on v and η/α² on (w, b) (only the layers in
    ``train``; c is not trained).  ``record`` is a sorted list of step numbers at which
    ``callback(step, outputs)`` is called (step 0 = before training)."""
    check_train(train)
    if not (math.isfinite(eta) and eta > 0):
        raise ParameterError(f"learning rate must be positive, got {eta!r}")
    m = net.width
    rec = set(record or [])
    bar = None
    if progress:
        import sys
        from tqdm import tqdm

        bar = tqdm(total=steps, desc="GD", file=sys.stderr, disable=not sys.stderr.isatty(), leave=False)
    for s in range(steps + 1):
        if s in rec and callback is not None:
            callback(s, net.forward(X))
        if s == steps:
            break
        _, g = net._grads(X, y, "mean")
        if train in ("output", "both"):
            net.v -= (eta / m) * g.v
        if train in ("first", "both"):
            net.W -= (eta / alpha ** 2) * g.W
            net.b -= (eta / alpha ** 2) * g.b
        if bar is not None:
            bar.update(1)
    if bar is not None:
        bar.close()
    return net


def record_steps(T: int, n_records: int = 12) -> list:
    """The GD steps (0 … T, at most n_records) at which the residual is recorded for :func:`fit_rate`."""
    return sorted(set(np.linspace(0, T, n_records).astype(int).tolist()))


def fit_rate(steps, amps, eta):
    """λ from a residual amplitude a_s ≈ a_0 (1 − ηλ)^s: least-squares slope of log a against s,
    converted with λ = (1 − e^{slope})/η."""
    s = np.asarray(steps, dtype=np.float64)
    la = np.log(np.maximum(np.asarray(amps, dtype=np.float64), 1e-300))
    slope = np.polyfit(s, la, 1)[0]
    return (1.0 - math.exp(slope)) / eta


def fourier_amplitudes(X, f, ks, domain):
    """|projection of f on the frequency-k modes| (norm of the (cos, sin) pair, (1/n)Σ inner product)."""
    n = X.shape[0]
    out = []
    for k in ks:
        c, s = mode_vectors(X, k, domain)
        out.append(math.hypot(c @ f / n, s @ f / n))
    return np.array(out)


def measure_rates(activation, X, ks, domain, *, law: InitLaw, train: str, width: int, eta: float,
                  steps, seed=0, n_records: int = 12, progress=False, alpha: float = 1.0):
    """Train one lazy network per frequency k on the target cos(kθ) (circle) or sin(2πkx) (interval),
    record the residual's frequency-k amplitude, and fit its decay rate."""
    ks = [int(k) for k in ks]
    if np.isscalar(steps):
        steps = [int(steps)] * len(ks)
    rates = []
    for k, T_k in zip(ks, steps):
        c, s = mode_vectors(X, k, domain)
        y = s if domain == "interval" else c
        net = make_net(activation, X.shape[1], width, law, seed=seed, alpha=alpha)
        rec = record_steps(T_k, n_records)
        amps = []
        train_lazy(net, X, y, eta=eta, steps=T_k, train=train, record=rec, alpha=alpha,
                   callback=lambda st, f: amps.append(fourier_amplitudes(X, f - y, [k], domain)[0]))
        rates.append(fit_rate(rec, amps, eta))
    return np.array(rates)
