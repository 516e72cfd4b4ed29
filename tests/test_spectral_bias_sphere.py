"""Tangent-kernel eigenvalues on the sphere S^{d−1}, d > 2 (Gaussian init): the σ̂ route (theory/ntk.py,
Weber's integral with the Gegenbauer plane-wave expansion) against the Funk–Hecke quadrature of σ's
definition (numerics/ntk.py), a closed-form kernel typed by hand (arc-cosine), and the large-k laws."""

import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from scipy.special import eval_gegenbauer, gammaln

from specbias.core.errors import DegenerateSeminorm, DimensionError, NoClosedForm, ParameterError
from specbias.numerics import ntk as nu
from specbias.theory import ntk as th

ACTS = ["relu", "step", "tanh", "sigmoid", "gelu", "gaussian", "sin"]


# ---- (1) d = 2 is the circle, bit for bit ---------------------------------------------------------------
@pytest.mark.parametrize("act,train", [("relu", "both"), ("tanh", "first"), ("sin", "output"), ("step", "output")])
def test_dim2_is_the_circle(act, train):
    law_t, law_n = th.GaussianLaw(1.3, 0.7, 1.0), nu.InitLaw("gaussian", 1.3, 0.7, 1.0)
    ks = [2, 3, 7]
    assert np.array_equal(th.sphere_eigenvalues(act, ks, 2, train, law_t), th.circle_eigenvalues(act, ks, train, law_t))
    assert np.array_equal(nu.sphere_coefficients(act, law_n, 8, train, 2), nu.circle_coefficients(act, law_n, 8, train))
    assert th.large_k_law(act, train, th.GaussianLaw(), 2) == th.large_k_law(act, train)
    assert th.min_frequency(act, train, dim=5) == th.min_frequency(act, train)


def test_dim_errors():
    for bad in (1, 0, 2.5, True, "3"):
        with pytest.raises(DimensionError):
            th.sphere_eigenvalues("relu", [2], bad)
        with pytest.raises(DimensionError):
            nu.sphere_coefficients("relu", nu.InitLaw(), 4, "output", bad)
    with pytest.raises(ParameterError):          # the uniform law's fan_in must be d
        th.sphere_eigenvalues("relu", [2], 3, "output", th.UniformLaw(2))
    with pytest.raises(NoClosedForm):            # the law of |w| on the cube: d ≤ 8
        th.sphere_eigenvalues("relu", [2], 9, "output", th.UniformLaw(9))
    with pytest.raises(NoClosedForm):
        th.large_k_law("relu", "output", th.UniformLaw(9), 9)
    with pytest.raises(ParameterError):
        nu.sphere_coefficients("relu", nu.InitLaw("uniform"), 4, "output", 9)
    with pytest.raises(ParameterError):          # the σ̂ formula needs k >= pole order, for every d
        th.sphere_eigenvalues("relu", [1, 2], 4)
    with pytest.raises(DegenerateSeminorm):
        th.sphere_eigenvalues("step", [2], 3, "first")


# ---- (2) σ̂ route == quadrature of σ's definition ----------------------------------------------------------
# Measured (every activation of ACTS, every train choice, d = 3, 4, 5, s_w, s_b in {0.5, 1, 2}², k = k0..10):
# worst relative difference 8.9e-10 (sin's output layer, d = 4, s_w = 0.5, k = 10, where λ_k = 9e-18: the
# quadrature's floor); every other activation <= 7.3e-11 (tanh first, s_w = s_b = 2), relu and step <= 3.6e-13.
# (With the circle's b-node count the numerics were 4.7e-4 off for tanh at s_w = 1, s_b = 2, k = 10; d > 2 uses
# twice as many, numerics/ntk.py.)  200 seeded random draws from this test's own ranges: worst 7.8e-10 (sin).
# Tolerance 4e-9, 4.5x the worst.  Wrong formulas fail by far more: ν = 0 for
# d = 3 (J_k instead of (2/z)^ν J_{k+ν}) gives 2.19 on relu, the d = 2 first-layer recurrence 0.18 (relu first).
TOL = 4e-9


@settings(max_examples=12)
@given(act=st.sampled_from(ACTS), train=st.sampled_from(["output", "first", "both"]), dim=st.sampled_from([3, 4, 5]),
       sw=st.floats(0.5, 2.0), sb=st.floats(0.5, 2.0), k=st.integers(0, 7))
def test_sphere_eigenvalues_equal_funk_hecke_quadrature(act, train, dim, sw, sb, k):
    law_n = nu.InitLaw("gaussian", sw, sb, 1.0)
    try:
        k0 = th.min_frequency(act, train, dim)
    except DegenerateSeminorm:
        with pytest.raises(DegenerateSeminorm):
            nu.sphere_coefficients(act, law_n, 4, train, dim)
        return
    ks = sorted({max(k, k0), max(k, k0) + 3})
    lt = th.sphere_eigenvalues(act, ks, dim, train, th.GaussianLaw(sw, sb, 1.0))
    ln = nu.sphere_coefficients(act, law_n, max(ks) + 1, train, dim)[ks]
    assert np.all(ln > 0)
    assert np.max(np.abs(lt / ln - 1)) < TOL


# ---- (4) a closed-form kernel typed by hand: the arc-cosine kernels ----------------------------------------
def _funk_hecke(kappa, k, dim, n=400):
    """λ_k = c_d ∫_0^π κ(cos ψ) P_k(cos ψ) sin^{d−2}ψ dψ, P_k = C_k^ν/C_k^ν(1) from SciPy, Gauss–Legendre in ψ."""
    nu_ = dim / 2 - 1
    x, w = np.polynomial.legendre.leggauss(n)
    psi, w = (x + 1) * math.pi / 2, w * math.pi / 2
    t = np.cos(psi)
    pk = eval_gegenbauer(k, nu_, t) / eval_gegenbauer(k, nu_, 1.0)
    cd = math.exp(gammaln(dim / 2) - gammaln((dim - 1) / 2)) / math.sqrt(math.pi)
    return cd * np.sum(w * kappa(t) * pk * np.sin(psi) ** (dim - 2))


# Measured: relu output (arc-cosine of order 1) and first layer (order 0 times x·x' + 1), d = 3, 4, 5,
# k = 2..12, (s_w, s_b) = (1, 1) and (1.7, 0.6): worst relative difference 4.7e-10 (output layer, d = 5, k = 12; the
# first layer <= 4.7e-12).  That is this hand quadrature's own floor: it moves by 2.3e-10 from 400 to 1600 nodes
# (cancellation in ∫κ P_k, λ_12/κ(1) ~ 1e-6), while the σ̂ route and the numerics agree to 3e-13 there.  Tolerance 2e-9.
@pytest.mark.parametrize("dim", [3, 4, 5])
@pytest.mark.parametrize("sw,sb", [(1.0, 1.0), (1.7, 0.6)])
def test_relu_equals_arc_cosine_kernel(dim, sw, sb):
    q = sw * sw + sb * sb

    def theta(t):
        return np.arccos(np.clip((sw * sw * t + sb * sb) / q, -1.0, 1.0))

    def k_out(t):       # E[relu(X) relu(Y)], Var = q, Cov = s_w² t + s_b² (Cho & Saul's order 1)
        th_ = theta(t)
        return q / (2 * math.pi) * (np.sin(th_) + (math.pi - th_) * np.cos(th_))

    def k_first(t):     # s_v² E[H(X) H(Y)] (t + 1), order 0, s_v² = 1
        return (math.pi - theta(t)) / (2 * math.pi) * (t + 1)

    ks = list(range(2, 13))
    law = th.GaussianLaw(sw, sb, 1.0)
    for kappa, train in ((k_out, "output"), (k_first, "first")):
        ref = np.array([_funk_hecke(kappa, k, dim) for k in ks])
        lt = th.sphere_eigenvalues("relu", ks, dim, train, law)
        assert np.max(np.abs(lt / ref - 1)) < 2e-9


# ---- (3) large-k laws --------------------------------------------------------------------------------------
# Power laws (exponent −(2p + d − 2)): local log-log slopes of λ_k between k = 64 and 128 (σ̂ route) measured
# −4.973, −2.984, −2.983 at d = 3 and −6.887, −4.920, −4.918 at d = 5 (relu output, relu both, step output); the plain law's approach is O(1/k), the refined value (Γ(k+ν)/Γ(k+2ν), k + ν, 1 − ν(1−ν)/k)
# leaves O(1/k²): slopes with it divided out −5.0013, −3.0012, −3.0003, −7.0031, −5.0025, −5.0009, and
# λ_128/refined − 1 = 2.9e-4, 2.9e-4, 5.9e-5, 7.4e-4, 5.9e-4, 2.1e-4.  Tolerances: slope 0.25 (plain) and 0.01 after
# dividing out the refinement; ratio 3e-3.
@pytest.mark.parametrize("dim", [3, 5])
@pytest.mark.parametrize("act,train,p2", [("relu", "output", 4), ("relu", "both", 2), ("step", "output", 2)])
def test_sphere_power_law_slope(act, train, p2, dim):
    law = th.large_k_law(act, train, th.GaussianLaw(), dim)
    assert law.kind == "power" and float(law.exponent) == -(p2 + dim - 2)
    ks = np.array([64, 128])
    lam = th.sphere_eigenvalues(act, ks, dim, train)
    slope = math.log(lam[1] / lam[0]) / math.log(2)
    assert abs(slope - float(law.exponent)) < 0.25
    corr = law.value(ks, refined=True) / law.value(ks)
    slope_c = math.log(lam[1] / corr[1] / (lam[0] / corr[0])) / math.log(2)
    assert abs(slope_c - float(law.exponent)) < 0.01
    assert abs(lam[1] / law.value([128], refined=True)[0] - 1) < 3e-3


def test_relu_exponents_in_d():
    for dim in (3, 4, 5, 7):
        assert float(th.large_k_law("relu", "output", th.GaussianLaw(), dim).exponent) == -(dim + 2)
        assert float(th.large_k_law("relu", "both", th.GaussianLaw(), dim).exponent) == -dim


# The power law against the quadrature of σ (numerics, independent of the σ̂ route), relu output d = 3 at
# k = 24, 32: refined ratio measured 1.0081, 1.0046 (O(1/k²) remainder; the σ̂ route equals these numerics to
# 3e-13 there).  Tolerance 1.5%.
def test_power_law_against_numerics():
    law = th.large_k_law("relu", "output", th.GaussianLaw(), 3)
    lam = nu.sphere_coefficients("relu", nu.InitLaw(), 32, "output", 3)[[24, 32]]
    assert np.max(np.abs(lam / law.value([24, 32], refined=True) - 1)) < 0.015


# Stretched exponential (σ̂ ~ e^{−aω}): fitting log λ_k = −c k^{2/3} + γ log k + C over k = 16, 32, 64, 128
# gives c within 0.37%, 0.63% (sigmoid, d = 3, 5) and 0.29%, 0.68% (tanh) of the d-independent 3·2^{−1/3}(a/s_w)^{2/3}; γ falls by about (d − 2)/2
# (sigmoid −0.58, −1.54; d = 2: −0.09).  Tolerance 1.5%.
@pytest.mark.parametrize("act", ["sigmoid", "tanh"])
@pytest.mark.parametrize("dim", [3, 5])
def test_stretched_exponential_on_sphere(act, dim):
    law = th.large_k_law(act, "output", th.GaussianLaw(), dim)
    assert law.kind == "stretched" and law.constant == th.large_k_law(act, "output").constant
    ks = np.array([16, 32, 64, 128])
    lam = th.sphere_eigenvalues(act, ks, dim, "output")
    A = np.stack([-ks ** (2 / 3), np.log(ks), np.ones(len(ks))], 1)
    c = np.linalg.lstsq(A, np.log(lam), rcond=None)[0][0]
    assert abs(c / float(law.constant) - 1) < 0.015


def test_sphere_points_and_modes():
    X = nu.sphere_points(50, 4, seed=2)
    assert X.shape == (50, 4) and np.allclose(np.linalg.norm(X, axis=1), 1.0)
    assert np.array_equal(X, nu.sphere_points(50, 4, seed=2))
    t = np.linspace(-1, 1, 9)
    for dim in (2, 3, 5):
        ref = eval_gegenbauer(6, dim / 2 - 1, t) / eval_gegenbauer(6, dim / 2 - 1, 1.0) if dim > 2 else np.cos(6 * np.arccos(t))
        assert np.allclose(nu.gegenbauer(t, 6, dim), ref, atol=1e-13)
    c, s = nu.mode_vectors(X, 3, "sphere")
    assert np.allclose(c, nu.gegenbauer(X[:, -1], 3, 4) / math.sqrt(np.mean(nu.gegenbauer(X[:, -1], 3, 4) ** 2)))
    Xc, _ = nu.circle_points(12)
    c2, s2 = nu.mode_vectors(Xc, 2, "circle")
    assert np.allclose(c2 * c2 + s2 * s2, 2.0)


def test_cli_sphere_json_contract(capsys):
    # `specbias simulate spectral-bias --domain sphere --dim 3`: the derived eigenvalues of the degree-k
    # harmonics agree with the quadrature of σ (measured 2e-13), the large-k law is k^{-3} (relu, both
    # layers, d = 3), and the trained network agrees with kernel GD under the derived kernel on the same
    # random points within its width tolerance (measured median 0.04 at width 2048, 400 points).
    import json

    from specbias.derivations.cli import main

    rc = main(["simulate", "spectral-bias", "--activation", "relu", "--domain", "sphere", "--dim", "3",
               "--points", "160", "--frequencies", "2,3,4", "--width", "1024", "--format", "json"])
    js = json.loads(capsys.readouterr().out)
    assert rc == 0 and js["domain"] == "sphere" and js["dim"] == 3
    assert js["law"]["exponent"] == -3
    assert js["eigenvalue_max_rel_err"] < 1e-9
    assert all(js["within_width_tolerance"]) and max(js["width_tolerance"]) < 0.5


def test_circle_quadrature_resolves_a_wide_bias_law():
    # found with the sphere work: with s_b/s_w = 2 the circle's b-quadrature had half the nodes it needs for a
    # σ without breakpoints (tanh λ_10 5.6e-4, λ_12 2.3e-3 off); doubled, the measured error is ≤ 6e-12.
    from specbias.numerics import ntk as nu
    from specbias.theory import ntk as th

    lam_n = nu.circle_coefficients("tanh", nu.InitLaw("gaussian", 1.0, 2.0), 12, "output")[[2, 6, 10, 12]]
    lam_t = th.circle_eigenvalues("tanh", [2, 6, 10, 12], "output", th.GaussianLaw(1.0, 2.0))
    assert np.max(np.abs(lam_n / lam_t - 1)) < 5e-11
