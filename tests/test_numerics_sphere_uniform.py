"""Tangent-kernel eigenvalues on S² (and S^{d−1}, 4 ≤ d ≤ 8) under PyTorch's uniform init law (numerics/ntk.py),
checked against hand-derived moments of the cube law and a brute-force Monte-Carlo kernel on a sphere quadrature.

Under the cube law w ~ U[−a, a]³, b ~ U[−a, a], a = 1/√3 (s_v² = 1/3), the kernel is not rotation invariant;
λ_k is the mean Rayleigh quotient over the degree-k harmonics (the eigenvalue of the rotation-averaged
kernel).  Nothing here calls the code under test to make an expected value."""

import math

import numpy as np
import pytest
from scipy.special import eval_gegenbauer, lpmv

from specbias.core.errors import ParameterError
from specbias.numerics import ntk as nu
from specbias.numerics.sphere import sphere_quadrature

A = 1.0 / math.sqrt(3.0)
UNIFORM = nu.InitLaw("uniform")


# ---- (1) the law of ρ = |w|, w uniform on the cube [−a, a]³ ----------------------------------------------
# Hand-derived: E|w|² = 3 E w_j² = 3 a²/3 = 1/3;  E|w|⁴ = E(Σ w_j²)² = 3 E w⁴ + 6 (E w²)² = 3 a⁴/5 + 6 (a²/3)²;
# P(|w| ≤ a) = (4π a³/3)/(2a)³ = π/6.  Measured at n = 48 and 96 (16, 32 nodes per ρ piece): all ≤ 1.6e-15.
def _octant_mean_abs_w(n=64):
    """E|w| by an n³ tensor Gauss–Legendre over the octant cube [0, a]³ (|w| is smooth there but at the corner
    0; n = 64 and 128 agree to 3.7e-15)."""
    x, w = np.polynomial.legendre.leggauss(n)
    x, w = 0.5 * A * (x + 1.0), 0.5 * w
    X, Y, Z = np.meshgrid(x, x, x, indexing="ij")
    return float((w[:, None, None] * w[None, :, None] * w[None, None, :] * np.sqrt(X * X + Y * Y + Z * Z)).sum())


@pytest.mark.parametrize("n", [48, 96])
def test_rho_law_moments(n):
    r, w = nu._rho_nodes(UNIFORM, n, 3)
    assert abs(w.sum() - 1.0) < 1e-14
    assert abs((w * r ** 2).sum() - 1.0 / 3.0) < 1e-14
    assert abs((w * r ** 4).sum() - (3 * A ** 4 / 5 + 6 * (A * A / 3) ** 2)) < 1e-14
    assert abs(w[r <= A].sum() - math.pi / 6) < 1e-14
    assert abs((w * r).sum() - _octant_mean_abs_w()) < 1e-14
    assert r.max() < A * math.sqrt(3.0) and r.min() > 0


def test_rho_law_monte_carlo():
    """E ρ and P(ρ ≤ a√2) against a seeded Monte Carlo of the cube law (4 standard errors)."""
    rho = np.linalg.norm(np.random.default_rng(7).uniform(-A, A, (200_000, 3)), axis=1)
    r, w = nu._rho_nodes(UNIFORM, 48, 3)
    for f in (lambda x: x, lambda x: (x <= A * math.sqrt(2.0)).astype(float), lambda x: x ** 3):
        assert abs(f(rho).mean() - (w * f(r)).sum()) < 4 * f(rho).std() / math.sqrt(len(rho))


def test_cube_solid_angle_caps():
    """For t = a/r ≥ 1/√2 the six caps |u_j| > t of S² are disjoint, each of area 2π(1 − t) (Archimedes):
    Ω = 4π − 12π(1 − t).  Measured ≤ 1.6e-15 relative; at t = 1/√3 (the corner) Ω = 0."""
    t = np.linspace(1 / math.sqrt(2.0), 1.0, 41)
    om = nu._cube_solid_angle(t)
    np.testing.assert_allclose(om, 4 * math.pi - 12 * math.pi * (1 - t), rtol=1e-14, atol=0)
    assert abs(nu._cube_solid_angle(1 / math.sqrt(3.0))[0]) < 1e-14
    om2 = nu._cube_solid_angle(np.linspace(1 / math.sqrt(3.0), 1 / math.sqrt(2.0), 21))
    assert np.all(np.diff(om2) > 0)


# ---- (2) λ_k against a Monte-Carlo kernel on a sphere quadrature --------------------------------------------
# With the probability measure dσ on S² and an orthonormal basis Y_k1..Y_kN (N = 2k + 1) of the degree-k
# harmonics, the mean Rayleigh quotient is (1/N) Σ_j ∫∫ K(x, x') Y_kj(x) Y_kj(x') dσ dσ' = ∫∫ K P_k(x·x') dσ dσ'
# (addition theorem Σ_j Y_kj(x) Y_kj(x') = N P_k(x·x'); no N_k factor with this normalization).  For the
# Monte-Carlo kernel K = (1/M) Σ_m Σ_c φ_mc(x) φ_mc(x') it is the mean over m of
# q_m = (1/N) Σ_c Σ_j (∫ φ_mc Y_kj dσ)², whose sample standard error gives the tolerance (4 SE).
# The basis: P_k^m(z) (cos mφ, sin mφ) orthonormalized by Cholesky of its Gram matrix on the quadrature (exact:
# the rule integrates degree 2k). Quadrature error (n = 64 against 256, 2048 samples): relu ≤ 1e-5 relative,
# tanh ≤ 1e-8, relu first ≤ 7e-4 for k ≤ 3 — all well below the standard errors (≈ 1 %).
def _harmonics(X, p, k):
    z, ph = X[:, 2], np.arctan2(X[:, 1], X[:, 0])
    cols = [lpmv(0, k, z)]
    for m in range(1, k + 1):
        pm = lpmv(m, k, z)
        cols += [pm * np.cos(m * ph), pm * np.sin(m * ph)]
    B = np.stack(cols, 1)
    L = np.linalg.cholesky(B.T @ (B * p[:, None]))
    return np.linalg.solve(L, B.T).T


def _brute(features, ks, M, n, seed, chunk=1024):
    X, w = sphere_quadrature(3, n)
    p = w / w.sum()
    Ys = {k: _harmonics(X, p, k) * p[:, None] for k in ks}
    rng = np.random.default_rng(seed)
    W, b = rng.uniform(-A, A, (M, 3)), rng.uniform(-A, A, M)
    q = {k: [] for k in ks}
    for s in range(0, M, chunk):
        F = features(W[s:s + chunk] @ X.T + b[s:s + chunk, None], X)
        for k in ks:
            q[k].append(sum(((Fc @ Ys[k]) ** 2).sum(1) for Fc in F) / (2 * k + 1))
    q = {k: np.concatenate(v) for k, v in q.items()}
    return (np.array([q[k].mean() for k in ks]), np.array([q[k].std(ddof=1) / math.sqrt(M) for k in ks]))


def _relu_first(Z, X):
    D = (Z > 0).astype(float) * math.sqrt(1.0 / 3.0)          # s_v² = 1/3, features σ'(w·x+b)·(x, 1)
    return [D * X[:, 0], D * X[:, 1], D * X[:, 2], D]


# Measured: (mean − λ)/SE within ±1.3 at every k below (relu, tanh, seed 1; SE ≈ 1-2 % of λ_k); first layer
# (seed 2) −1.0, −0.6, 2.7, 1.6 (seeds 3-5: within ±1.5; 2^16 samples: within ±1.8 for k ≤ 3).  b uniform on
# [−1/√2, 1/√2] (the circle's bound) instead moves λ_0..λ_6 by 7-38 % (relu), 6-43 % (tanh), 2-17 % (relu first):
# all three tests fail.
@pytest.mark.parametrize("act,features", [("relu", lambda Z, X: [np.maximum(Z, 0.0)]),
                                          ("tanh", lambda Z, X: [np.tanh(Z)])])
def test_output_layer_against_monte_carlo(act, features):
    ks = list(range(7))
    mean, se = _brute(features, ks, 2 ** 14, 64, seed=1)
    lam = nu.sphere_coefficients(act, UNIFORM, 6, "output", 3)
    assert np.all(np.abs(mean - lam) < 4 * se), (mean - lam) / se


def test_first_layer_against_monte_carlo():
    ks = [0, 1, 2, 3]
    mean, se = _brute(_relu_first, ks, 2 ** 13, 64, seed=2)
    lam = nu.sphere_coefficients("relu", UNIFORM, 3, "first", 3)
    assert np.all(np.abs(mean - lam) < 4 * se), (mean - lam) / se


# ---- (3) errors, and the Gaussian law / circle unchanged ------------------------------------------------------
def test_uniform_law_beyond_dim8_raises():
    for d in (9, 12):
        with pytest.raises(ParameterError, match="2 <= d <= 8"):
            nu.sphere_coefficients("relu", UNIFORM, 4, "output", d)
        with pytest.raises(ParameterError, match="2 <= d <= 8"):
            nu._rho_nodes(UNIFORM, 16, d)


# Recorded from the code before the uniform law on S² was added (commit 4d05315).
GAUSS_RELU_OUT = [0.6249999999999936, 0.11240219692972996, 0.006543409210806138, 0.0004284542097425791,
                  0.00012112228320222061, 3.913258516401303e-05, 1.634386802290082e-05]
GAUSS_RELU_FIRST = [0.37500000000000944, 0.1501956061405412, 0.018163181578387973, 0.0033625463178048524,
                    0.001471572272565933, 0.0007522876287729444, 0.00044221762679256426]
CIRCLE_UNIFORM_RELU_FIRST = [0.13298577690514557, 0.07670844549953157, 0.012589123194332995, 0.0034679237960468356,
                             0.0017354558245140192, 0.001065899593128063, 0.000726900995872202]


def test_gaussian_and_circle_unchanged():
    np.testing.assert_allclose(nu.sphere_coefficients("relu", nu.InitLaw(), 6, "output", 3), GAUSS_RELU_OUT,
                               rtol=1e-15, atol=0)
    np.testing.assert_allclose(nu.sphere_coefficients("relu", nu.InitLaw(), 6, "first", 3), GAUSS_RELU_FIRST,
                               rtol=1e-15, atol=0)
    np.testing.assert_allclose(nu.circle_coefficients("relu", UNIFORM, 6, "first"), CIRCLE_UNIFORM_RELU_FIRST,
                               rtol=1e-15, atol=0)



# ---- (4) the uniform law on S^{d−1}, 4 ≤ d ≤ 8: |w|²/a² = S = Σ_j U_j² by Fourier inversion ---------------------
# Hand-derived, X_j = w_j² with E X = a²/3, E X² = a⁴/5, E X³ = a⁶/7 (w_j uniform on [−a, a]), a = 1/√d:
#   E ρ² = d a²/3,  E ρ⁴ = d a⁴/5 + d(d−1) a⁴/9,
#   E ρ⁶ = E(Σ X_j)³ = d E X³ + 3 d(d−1) E X² E X + d(d−1)(d−2) (E X)³  (d + 3d(d−1) + d(d−1)(d−2) = d³ terms),
#   P(ρ ≤ a) = |B^d| a^d/(2a)^d = π^{d/2}/(Γ(d/2 + 1) 2^d).
# Measured at n = 96 (d = 4..8, 16-24 nodes per unit of s): every difference ≤ 1e-13 (the density's ~1e-14 per unit
# bias); at 8 nodes per piece ~5e-9.
@pytest.mark.parametrize("d", [4, 5, 6, 7, 8])
def test_fourier_rho_law_moments(d):
    a = 1.0 / math.sqrt(d)
    r, w = nu._rho_nodes(UNIFORM, 96, d)
    m1, m2, m3 = a * a / 3, a ** 4 / 5, a ** 6 / 7
    assert abs(w.sum() - 1.0) < 3e-13
    assert abs((w * r ** 2).sum() - d * m1) < 2e-13
    assert abs((w * r ** 4).sum() - (d * m2 + d * (d - 1) * m1 ** 2)) < 2e-13
    assert abs((w * r ** 6).sum() - (d * m3 + 3 * d * (d - 1) * m2 * m1 + d * (d - 1) * (d - 2) * m1 ** 3)) < 2e-13
    ball = math.pi ** (d / 2) / (math.gamma(d / 2 + 1) * 2 ** d)
    assert abs(w[r <= a * (1 + 1e-15)].sum() - ball) < 1e-13
    assert r.min() > 0 and r.max() < a * math.sqrt(d) and np.all(w > -1e-15)    # −2e-16 next to the corner s = d


def test_fourier_density_against_the_circle():
    """d = 2: S = U₁² + U₂² has density π/4 on [0, 1] and π/4 − arccos(1/√s) on [1, 2] (quarter disc in the unit
    square).  Measured ≤ 2.1e-14."""
    s = np.array([0.01, 0.3, 0.7, 0.999, 1.0001, 1.3, 1.7, 1.99])
    exact = np.where(s <= 1, math.pi / 4, math.pi / 4 - np.arccos(1 / np.sqrt(np.maximum(s, 1.0))))
    got = np.array([nu._cube_s_density(float(x), 2) for x in s])
    np.testing.assert_allclose(got, exact, rtol=0, atol=1e-13)


def test_fourier_density_against_the_solid_angle():
    """d = 3: on the 48 ρ-nodes of the solid-angle route, f_S(s) = p(ρ) dρ/ds, p(ρ) = ρ² Ω(a/ρ)/(2a)³,
    ρ = a√s.  Measured ≤ 2.6e-12 (next to s = 2, where the ray integrals decay only algebraically)."""
    r, _ = nu._rho_nodes(UNIFORM, 48, 3)
    om = np.where(r <= A, 4 * math.pi, nu._cube_solid_angle(np.minimum(A / r, 1.0)))
    s = (r / A) ** 2
    ref = r * r * om / (2 * A) ** 3 * A / (2 * np.sqrt(s))
    got = np.array([nu._cube_s_density(float(x), 3) for x in s])
    np.testing.assert_allclose(got, ref, rtol=0, atol=1e-11)


# ---- (5) λ_k on S³ (d = 4) against a Monte-Carlo kernel ---------------------------------------------------------
# S³ rule: x = (√(1−t) cos φ₁, √(1−t) sin φ₁, √t cos φ₂, √t sin φ₂) with dσ = dt dφ₁ dφ₂/(4π²) (Hopf coordinates),
# t by Gauss–Legendre on [0, 1], φ's equispaced.  Degree-k harmonics: span of the zonal P_k(x·v) (Gegenbauer
# C_k^{(1)}(t)/(k+1), from scipy) at 2(k+1)² random v, orthonormalized by an SVD on the rule (rank (k+1)² checked).
# Mean Rayleigh quotient of one feature: (1/N_k) Σ_j (∫ φ Y_kj dσ)², averaged over 2^12 samples; 4 SE.
# Measured (seed 1): (mean − λ)/SE = 0.86, 0.65, −1.02, 1.15, −1.42, 0.91 (relu), 0.93, 0.02, 1.30, 0.15, 1.43, 0.35
# (tanh); the rule (16, 24) against (32, 48) moves them by ≤ 0.1 SE.
def _s3_rule(nt=16, nphi=24):
    t, wt = np.polynomial.legendre.leggauss(nt)
    t, wt = 0.5 * (t + 1), 0.5 * wt
    ph = 2 * math.pi * np.arange(nphi) / nphi
    T, P1, P2 = np.meshgrid(t, ph, ph, indexing="ij")
    X = np.stack([np.sqrt(1 - T) * np.cos(P1), np.sqrt(1 - T) * np.sin(P1),
                  np.sqrt(T) * np.cos(P2), np.sqrt(T) * np.sin(P2)], -1).reshape(-1, 4)
    return X, np.broadcast_to(wt[:, None, None], T.shape).reshape(-1) / nphi ** 2


def _s3_harmonics(X, p, k, rng):
    n = (k + 1) ** 2
    V = rng.normal(size=(2 * n, 4))
    V /= np.linalg.norm(V, axis=1, keepdims=True)
    B = eval_gegenbauer(k, 1.0, X @ V.T) * np.sqrt(p)[:, None]
    Uu, sv, _ = np.linalg.svd(B, full_matrices=False)
    assert sv[n - 1] / sv[0] > 1e-8 and sv[n] / sv[0] < 1e-10
    return Uu[:, :n] * np.sqrt(p)[:, None]        # ∫ f Y_kj dσ = f @ column j


@pytest.mark.parametrize("act,features", [("relu", lambda Z: np.maximum(Z, 0.0)), ("tanh", np.tanh)])
def test_dim4_output_layer_against_monte_carlo(act, features):
    ks, M, a = list(range(6)), 2 ** 12, 0.5
    X, p = _s3_rule()
    Ys = {k: _s3_harmonics(X, p, k, np.random.default_rng(100 + k)) for k in ks}
    rng = np.random.default_rng(1)
    W, b = rng.uniform(-a, a, (M, 4)), rng.uniform(-a, a, M)
    q = {k: [] for k in ks}
    for s in range(0, M, 512):
        F = features(W[s:s + 512] @ X.T + b[s:s + 512, None])
        for k in ks:
            q[k].append(((F @ Ys[k]) ** 2).sum(1) / (k + 1) ** 2)
    q = [np.concatenate(q[k]) for k in ks]
    mean = np.array([v.mean() for v in q])
    se = np.array([v.std(ddof=1) / math.sqrt(M) for v in q])
    lam = nu.sphere_coefficients(act, UNIFORM, 5, "output", 4)
    assert np.all(np.abs(mean - lam) < 4 * se), (mean - lam) / se


# ---- (6) convergence in the ρ nodes, d = 4, 5 -------------------------------------------------------------------
# Measured, λ_0..λ_10, n_rho = 48 → 96 (→ 192): relu output 5.8e-15 (d = 4), 3.9e-13 (d = 5); relu first 4.4e-15,
# 8.5e-12; step output 4.7e-15, 1.1e-11; tanh output 7.2e-13, 2.9e-12 (λ_10 ~ 1e-16, the ψ/b floor); tanh first
# 2.5e-14, 1.6e-13 (relative).  96 → 192: ≤ 8.6e-13 everywhere.
@pytest.mark.parametrize("d", [4, 5])
@pytest.mark.parametrize("act,train,tol", [("relu", "output", 1e-11), ("relu", "first", 5e-11),
                                           ("step", "output", 5e-11), ("tanh", "output", 1e-11),
                                           ("tanh", "first", 1e-12)])
def test_dim45_rho_convergence(d, act, train, tol):
    lo = nu.sphere_coefficients(act, UNIFORM, 10, train, d, n_rho=48)
    hi = nu.sphere_coefficients(act, UNIFORM, 10, train, d, n_rho=96)
    assert np.all(np.abs(lo / hi - 1) < tol), np.abs(lo / hi - 1)
