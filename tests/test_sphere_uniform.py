"""PyTorch's uniform law on the sphere S^2 (issue 11): w uniform on the cube [−c, c]^3, b uniform on [−c, c],
c = 1/√3.  The kernel is not rotation invariant; λ_k is the mean Rayleigh quotient over the degree-k harmonics,
E_{ρ,b} μ_k(ρ, b)², and only the law of ρ = |w| enters (theory/ntk.py, "Sphere, uniform law")."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from specbias.core.errors import DegenerateSeminorm, NoClosedForm, ParameterError
from specbias.numerics import ntk as nu
from specbias.theory import ntk as th

C3 = 1 / math.sqrt(3)
LAW3 = th.UniformLaw(3)


def test_law_of_the_norm_on_the_cube():
    """The closed-form radial law of the cube (solid angle 4π, 12πc/ρ − 8π, and the overlapping-caps piece):
    total mass 1, the ball's share π/6 = vol(ball of radius c)/vol(cube), E|w|² = 3·c²/3, and
    E|w|⁴ = 3 E w⁴ + 6 (E w²)² = (3/5 + 6/9) c⁴ (hand-derived moments of the uniform law).  Measured: 9e−16."""
    r, w = th._uniform_rho_nodes(C3, 40, 3)
    assert abs(w.sum() - 1) < 5e-15
    assert abs(w[:40].sum() - math.pi / 6) < 5e-15           # the first piece is [0, c]
    assert abs((w * r ** 2).sum() - C3 ** 2) < 5e-15
    assert abs((w * r ** 4).sum() - (3 / 5 + 6 / 9) * C3 ** 4) < 5e-15
    assert r.max() < 1.0 and r.min() > 0.0                  # the corner is at c√3 = 1


def test_mean_norm_against_a_tensor_quadrature_of_the_cube():
    """E|w| (not a polynomial moment: it sees the third piece's shape) against a 64³ tensor Gauss–Legendre rule
    over the octant [0, c]³ (converged to 2e−15 between 64 and 96 nodes).  Measured: 1e−15."""
    x, wx = np.polynomial.legendre.leggauss(64)
    x, wx = (x + 1) / 2, wx / 2
    X, Y, Z = np.meshgrid(x, x, x, indexing="ij")
    ref = float((wx[:, None, None] * wx[None, :, None] * wx[None, None, :] * np.sqrt(X * X + Y * Y + Z * Z)).sum()) * C3
    r, w = th._uniform_rho_nodes(C3, 40, 3)
    assert abs((w * r).sum() - ref) < 1e-13


def test_errors():
    with pytest.raises(ParameterError):                    # fan_in must equal d
        th.sphere_eigenvalues("relu", [2], 3, "output", th.UniformLaw(2))
    with pytest.raises(ParameterError):
        th.large_k_law("relu", "output", th.UniformLaw(2), 3)
    with pytest.raises(NoClosedForm):                      # the law of |w| is built for d ≤ 8
        th.sphere_eigenvalues("relu", [2], 9, "output", th.UniformLaw(9))


@pytest.mark.parametrize("act,train,measured", [("relu", "output", 1.21e-3), ("step", "output", 3.5e-4),
                                                ("relu", "first", 8.8e-4)])
def test_large_k_power_law_on_s2_under_the_uniform_law(act, train, measured):
    """λ_k ~ A k^{−(2p+1)} with A = |C|²/(2π²)·2Γ(3/2)²·E[(ρ² − b²)_+^{p−1/2} ρ^{−1}] (the cube's law of ρ, b
    uniform), first layer p → p − 1 and ×2 s_v²; with the Gegenbauer amplitude kept (refined=True) the ratio at
    k = 64 is 1 + O(1/k²): measured 1.2e−3, 3.5e−4, 8.8e−4.  A missing sphere factor 2Γ(3/2)² = π/2 or the
    circle's exponent would be off by 57 % or a factor 64."""
    L = th.large_k_law(act, train, LAW3, 3)
    assert L.kind == "power" and L.exponent == {"output": -5, "first": -3}[train] + (2 if act == "step" else 0)
    lam = th.sphere_eigenvalues(act, [64], 3, train, LAW3)
    assert abs(lam[0] / L.value([64], refined=True)[0] - 1) < 2 * measured


def test_exponential_law_on_s2_has_the_corner_rate():
    """σ̂ ~ e^{−aω} (tanh: a = π/2): λ_k ~ e^{−2k asinh(a/ρ_max)}, ρ_max = c√3 = 1, as on the circle."""
    L = th.large_k_law("tanh", "output", LAW3, 3)
    assert L.kind == "exponential"
    assert abs(float(L.constant) - 2 * math.asinh(math.pi / 2)) < 1e-14


# ---- the σ̂ route (theory) against the quadrature of σ over the cube's law (numerics) -----------------------
# Measured on S^2 (k = k0..12, every train choice): relu ≤ 6.2e−7 (first layer, k = 9), step ≤ 6.9e−7 (k = 9): the theory's
# b-quadrature at a kink with p = 1 (doubling its b-nodes moves it to 2e−8 of the numerics, whose own doubling
# moves ≤ 6e−14); elu ≤ 3e−8; tanh, sigmoid, gelu, gaussian, sin ≤ 4e−9 for k ≤ 8 (sigmoid's output at k = 8, λ ~ 1e−17,
# the quadrature floor; beyond k = 8 the smooth σ's λ_k fall below 1e−20 and the relative error grows).
# A wrong radial law (the Gaussian's chi law, or the square's) or J_k for j_k is off by far more (see below).
# d = 4, 5 (k = k0..10): relu, step ≤ 1.8e−7; the smooth σ ≤ 2e−9 for k ≤ 8 while λ_k > 1e−16, and beyond that the
# absolute difference stays ≤ 4e−27 (the quadratures' floor: sin's λ_8 = 3e−21 at d = 5 differs by 3e−8 relative);
# FLOOR = 1e−25 absolute, against λ_0 ≈ 0.1.
ACTS = ["relu", "step", "tanh", "sigmoid", "gelu", "gaussian", "sin"]
TOL_POWER, TOL_SMOOTH, FLOOR = 2e-6, 1e-8, 1e-25


@settings(max_examples=14)
@given(act=st.sampled_from(ACTS), train=st.sampled_from(["output", "first", "both"]), k=st.integers(0, 6),
       dim=st.sampled_from([3, 4, 5]))
def test_uniform_sphere_eigenvalues_equal_the_quadrature_of_sigma(act, train, k, dim):
    """d = 4, 5: the theory's radial law is the convolution of closed forms, the numerics' the Fourier inversion of
    φ₁(ξ)^d (no geometry); relu d = 4, k = 2…5 agree to 1e−9."""
    law_n = nu.InitLaw("uniform")
    try:
        k0 = th.min_frequency(act, train, dim)
    except DegenerateSeminorm:
        with pytest.raises(DegenerateSeminorm):
            nu.sphere_coefficients(act, law_n, 4, train, dim)
        return
    ks = sorted({max(k, k0), max(k, k0) + 2})
    lt = th.sphere_eigenvalues(act, ks, dim, train, th.UniformLaw(dim))
    ln = nu.sphere_coefficients(act, law_n, max(ks), train, dim)[ks]
    tol = TOL_POWER if act in ("relu", "step") else TOL_SMOOTH
    assert np.all(ln > 0)
    assert np.all(np.abs(lt - ln) <= tol * ln + FLOOR)


def test_wrong_radial_law_or_bessel_factor_fails_the_cross_check(monkeypatch):
    """The cross-check tells the cube apart: relu's output λ_k (k = 2…5) with the square's bound and radial law
    (c = 1/√2), or with the circle's J_k(ρu) in place of j_k(ρu), differ from the numerics by more than 1 %, where
    the right formula agrees to 2e−6."""
    ks = [2, 3, 4, 5]
    ln = nu.sphere_coefficients("relu", nu.InitLaw("uniform"), 5, "output", 3)[ks]
    spec = th._spectrum(th.as_activation("relu"), False)
    assert np.max(np.abs(th._lam_regular_uniform(spec, ks, C3, dim=3) / ln - 1)) < TOL_POWER
    assert np.min(np.abs(th._lam_regular_uniform(spec, ks, 1 / math.sqrt(2), dim=3) / ln - 1)) > 0.01
    jv, rows = th._plane_wave, th._plane_wave_rows
    monkeypatch.setattr(th, "_plane_wave", lambda k, x, dim=2: jv(k, x, 2))
    monkeypatch.setattr(th, "_plane_wave_rows", lambda kk, x, dim=2: rows(kk, x, 2))
    assert np.min(np.abs(th._lam_regular_uniform(spec, ks, C3, dim=3) / ln - 1)) > 0.01


def test_cli_sphere_uniform(capsys):
    """`specbias simulate spectral-bias --domain sphere --init uniform`: the derived degree-k eigenvalues (mean
    Rayleigh quotients) against the numerics (measured ≤ 6e−7 at k = 2…8, relu both layers); the large-k law
    k^{−3}; no kernel matrix is derived for fan_in = 3, so rate_predicted is null and the notes say why."""
    import json

    from specbias.derivations.cli import main

    rc = main(["simulate", "spectral-bias", "--activation", "relu", "--domain", "sphere", "--dim", "3", "--init",
               "uniform", "--points", "120", "--frequencies", "2,3,4", "--width", "512", "--format", "json"])
    js = json.loads(capsys.readouterr().out)
    assert rc == 0 and js["init"]["kind"] == "uniform" and js["dim"] == 3
    assert js["eigenvalue_max_rel_err"] < TOL_POWER
    assert js["law"]["exponent"] == -3 and js["law"]["law"] == "uniform"
    assert js["rate_predicted"] is None and any("mean Rayleigh quotient" in n for n in js["notes"])
    assert all(m > 0 for m in js["rate_measured"])


def test_the_taper_tail_on_s2():
    """step's σ̂ = 1/(iω) (p = 1) is integrated to U = 500 under a taper; the removed mass, |R|²/(8c³u²) per unit
    u at d = 3 (5.3e−9), is added back.  With it step's λ_2, λ_4, λ_6 match the numerics to 8e−8, 6.0e−7, 1.4e−6;
    without it they are 1.3e−6, 8.7e−6, 2.6e−5 low."""
    ks = [2, 4, 6]
    ln = nu.sphere_coefficients("step", nu.InitLaw("uniform"), 6, "output", 3)[ks]
    lt = th.sphere_eigenvalues("step", ks, 3, "output", LAW3)
    assert np.max(np.abs(lt / ln - 1)) < TOL_POWER
    spec = th._spectrum(th.as_activation("step"), False)
    tail = th._tail_uniform(spec, 500.0, C3, dim=3)
    assert np.max(np.abs((lt - tail) / ln - 1)) > 5 * TOL_POWER


@pytest.mark.parametrize("dim", [4, 5, 6])
def test_law_of_the_norm_by_convolution(dim):
    """d ≥ 4: the radial law from the convolution of the square's and the cube's densities.  Hand-derived
    moments of |w|² = Σ X_j, X_j = w_j² (E X = c²/3, E X² = c⁴/5, E X³ = c⁶/7): E|w|² = d c²/3,
    E|w|⁴ = d c⁴/5 + d(d−1) c⁴/9, E|w|⁶ = d E X³ + 3d(d−1) E X² E X + d(d−1)(d−2) (E X)³; and the ball's share
    π^{d/2}/(Γ(d/2 + 1) 2^d).  Measured: ≤ 2.4e−14."""
    c = 1 / math.sqrt(dim)
    r, w = th._uniform_rho_nodes(c, 40, dim)
    ex, ex2, ex3 = c ** 2 / 3, c ** 4 / 5, c ** 6 / 7
    assert abs(w.sum() - 1) < 1e-13
    assert abs((w * r ** 2).sum() - dim * ex) < 1e-13
    assert abs((w * r ** 4).sum() - (dim * ex2 + dim * (dim - 1) * ex ** 2)) < 1e-13
    m6 = dim * ex3 + 3 * dim * (dim - 1) * ex2 * ex + dim * (dim - 1) * (dim - 2) * ex ** 3
    assert abs((w * r ** 6).sum() - m6) < 1e-13
    assert abs(w[:40].sum() - math.pi ** (dim / 2) / math.gamma(dim / 2 + 1) / 2 ** dim) < 1e-14


def test_convolution_density_reproduces_the_closed_forms():
    """The convolution route at d = 4 equals the hand-typed f_2 ⊛ f_2 at s = 1.5 (an
    elementary integral: ∫_0^{1.5} f_2(t) f_2(1.5 − t) dt with f_2 = π/4 on [0, 1], π/4 − arccos(1/√t) on [1, 2],
    by scipy.integrate.quad), and f_3 at s ≤ 1 is the ball's π s^{1/2}/4."""
    from scipy.integrate import quad

    f2 = lambda t: math.pi / 4 if t <= 1 else math.pi / 4 - math.acos(1 / math.sqrt(t))  # noqa: E731
    ref = quad(lambda t: f2(t) * f2(1.5 - t), 0, 1.5, points=[0.5, 1.0], epsabs=1e-14, epsrel=1e-13)[0]
    assert abs(th._square_sum_density([1.5], 4)[0] - ref) < 1e-12
    s = np.array([0.1, 0.5, 0.9])
    assert np.max(np.abs(th._square_sum_density(s, 3) - math.pi * np.sqrt(s) / 4)) < 1e-15


@pytest.mark.parametrize("dim,measured", [(4, 2.0e-3), (5, 3.0e-3)])
def test_large_k_law_beyond_s2_under_the_uniform_law(dim, measured):
    """relu's output law k^{−(d+2)} under the cube's law at d = 4, 5: the refined ratio at k = 64 (O(1/k²): 7.9e−3,
    1.1e−2 at k = 32)."""
    L = th.large_k_law("relu", "output", th.UniformLaw(dim), dim)
    assert L.exponent == -(dim + 2)
    lam = th.sphere_eigenvalues("relu", [64], dim, "output", th.UniformLaw(dim))
    assert abs(lam[0] / L.value([64], refined=True)[0] - 1) < 2 * measured


def test_plane_wave_parity_and_origin():
    """Γ(d/2)(2/x)^ν J_{k+ν}(x) is entire with parity (−1)^k and value δ_{k0} at 0 (d = 5 has ν = 3/2: a naive
    (2/x)^ν of x < 0 is NaN; sin's point masses at ω = ±1 need x < 0).  Against SciPy's spherical_jn for d = 3
    and the hand-typed j_1(x) = sin x/x² − cos x/x."""
    x = np.array([-3.0, -0.5, 0.0, 0.5, 3.0])
    for k in range(4):
        v5 = th._plane_wave(k, x, 5)
        assert np.all(np.isfinite(v5)) and np.allclose(v5[::-1], (-1) ** k * v5, rtol=0, atol=1e-16)
        assert v5[2] == (1.0 if k == 0 else 0.0)
    j1 = np.sin(3.0) / 9.0 - np.cos(3.0) / 3.0
    assert abs(th._plane_wave(1, np.array([3.0]), 3)[0] - j1) < 1e-15
    assert abs(th._plane_wave(1, np.array([-3.0]), 4)[0] + th._plane_wave(1, np.array([3.0]), 4)[0]) < 1e-16
    # the case that was NaN: sin's point masses on S^4 (measured 6e-13 at k ≤ 4)
    ks = [0, 1, 2, 3, 4]
    lt = th.sphere_eigenvalues("sin", ks, 5, "output", th.UniformLaw(5))
    ln = nu.sphere_coefficients("sin", nu.InitLaw("uniform"), 4, "output", 5)[ks]
    assert np.max(np.abs(lt / ln - 1)) < TOL_SMOOTH


@pytest.mark.parametrize("dim", [2, 3, 5])
def test_plane_wave_rows_by_recurrence(dim):
    """The downward recurrence used for long ω ranges against SciPy's per-order values: orders with repeats (the
    first layer asks for k − 1, k, k + 1 of several k), a gap, small x (the seed underflows: SciPy's column) and
    x far beyond the orders.  Measured ≤ 2e−13 of each row's maximum; a repeated order once came back as garbage."""
    kk = np.array([1, 2, 2, 3, 3, 4, 79, 80, 81, 209])
    x = np.concatenate([[1e-3, 0.5, 3.0], np.linspace(5.0, 875.0, 400)])
    ref = th._plane_wave(kk[:, None], x[None, :], dim)
    got = th._plane_wave_rows(kk, x, dim)
    assert np.all(np.isfinite(got))
    assert np.max(np.abs(got - ref) / np.abs(ref).max(1, keepdims=True)) < 1e-12
