"""Fourier slice theorem, ramp filter and inversion constant: symbolic derivations and numeric checks."""

import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import dawsn

from specbias.numerics.radon import fourier_nd, ramp_filter, radon
from specbias.theory import radon as TR


# ---------------------------------------------------------------------------------------------
# symbolic: the slice identity as a derivation, in several conventions
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("family, d, conv", [
    ("gaussian", 2, None), ("gaussian", 3, "ordinary"), ("gaussian", 4, "unitary"),
    ("radial_gaussian", 2, "ordinary"), ("radial_gaussian", 3, None)])
def test_fourier_slice_derivation_holds(family, d, conv):
    fs = TR.fourier_slice(family, d, conv)
    assert fs.holds
    # constant in front of f̂(k u): 1 for angular/ordinary (|forward factor| = 1) and
    # (2π)^{(d-1)/2} for the unitary convention (forward factor (2π)^{-1/2} per dimension)
    expected = (2 * sp.pi) ** sp.Rational(d - 1, 2) if conv == "unitary" else 1
    assert sp.simplify(fs.constant - expected) == 0


def test_fourier_slice_report_prints():
    fs = TR.fourier_slice("gaussian", 2)
    tex = fs.to_latex()
    assert r"\begin{aligned}" in tex and r"\hat f(k u)" in tex and "convention angular" in tex
    js = fs.to_json()
    assert js["holds"] is True and js["constant"] == "1" and len(js["steps"]) == 5
    assert "Fourier slice theorem" in fs.to_text()
    assert fs.render("latex") == tex


# ---------------------------------------------------------------------------------------------
# numeric: FFT of Rf(u, ·) (callable route) vs a numeric d-D transform f̂(ω u), random u
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("d", [2, 3])
def test_fourier_slice_numeric(d):
    @settings(max_examples=6 if d == 2 else 3)
    @given(seed=st.integers(0, 2**32 - 1))
    def check(seed):
        rng = np.random.default_rng(seed)
        Q, _ = np.linalg.qr(rng.standard_normal((d, d)))
        A = Q @ np.diag(rng.uniform(0.7, 2.0, d)) @ Q.T
        mu = rng.uniform(-0.5, 0.5, d)
        L = np.linalg.cholesky(A)

        def f(X):
            Z = (X - mu) @ L
            return np.exp(-0.5 * np.sum(Z * Z, axis=1))

        u = rng.standard_normal(d)
        u /= np.linalg.norm(u)
        dt = 0.25
        tg = np.arange(-64, 64) * dt  # Rf(u, ·) is negligible beyond |t| = 10
        g = radon(f, u[None, :], tg, extent=10.0, rtol=1e-10)[0]
        # trapezoid FT: ĝ(ω_j) = dt Σ g(t_i) e^{-iω_j t_i}, by FFT with the phase of t_0
        G = np.fft.fft(g) * dt * np.exp(-1j * np.fft.fftfreq(tg.size, dt) * 2 * np.pi * tg[0])
        w = 2 * np.pi * np.fft.fftfreq(tg.size, dt)
        sel = np.abs(w) <= 4.0
        fh = fourier_nd(f, w[sel, None] * u[None, :], extent=10.0, n=64 if d == 2 else 48)
        err = np.max(np.abs(G[sel] - fh)) / np.max(np.abs(fh))
        assert err <= 1e-9, err

    check()


# ---------------------------------------------------------------------------------------------
# ramp filter: symbolic forms and numeric filters against literature closed forms
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("d", [2, 3, 4, 5, 6])
def test_ramp_filter_symbolic_form(d):
    rf = TR.ramp_filter(d)
    assert rf.holds
    assert rf.local == (d % 2 == 1)
    # THEORY.md §2: odd d (-1)^{(d-1)/2} ∂^{d-1}; even d (-1)^{(d-2)/2} H ∂^{d-1}
    assert rf.sign == ((-1) ** ((d - 1) // 2) if d % 2 else (-1) ** ((d - 2) // 2))


def _gauss_grid(dt):
    t = np.arange(-10, 10 + dt / 2, dt)
    return t, np.exp(-t * t / 2)


def test_ramp_filter_d2_against_dawson():
    # H[e^{-t²}](x) = (2/√π) F(x), F = Dawson's integral (Abramowitz-Stegun 7.1.17 / DLMF 7.2.5,
    # King, Hilbert Transforms, table); Λ = H ∂ = ∂ H, F'(y) = 1 - 2 y F(y).
    t, g = _gauss_grid(0.2)
    y = t / math.sqrt(2)
    exact = (2 / math.sqrt(math.pi)) * (1 - 2 * y * dawsn(y)) / math.sqrt(2)
    assert np.max(np.abs(ramp_filter(g, 0.2, 2) - exact)) <= 1e-12


@pytest.mark.parametrize("d", [3, 5])
def test_ramp_filter_odd_d_fft_and_local_agree_with_derivative(d):
    t, g = _gauss_grid(0.1)
    # (-1)^{(d-1)/2} ∂^{d-1} e^{-t²/2}: Hermite polynomials He_{d-1}(t) e^{-t²/2}
    exact = {3: -(t * t - 1), 5: (t**4 - 6 * t**2 + 3)}[d] * np.exp(-t * t / 2)
    assert np.max(np.abs(ramp_filter(g, 0.1, d) - exact)) <= 1e-8
    e1 = np.max(np.abs(ramp_filter(g, 0.1, d, method="local") - exact))
    e2 = np.max(np.abs(ramp_filter(g[::2], 0.2, d, method="local") - exact[::2]))
    assert e1 <= 1e-6
    assert math.log2(e2 / e1) >= 7.0  # 8th-order finite differences


def test_ramp_filter_d4_via_hilbert_form():
    # Λ³ = sign · H ∂³ with sign from theory.radon.ramp_filter(4); H commutes with ∂, so
    # Λ³g = sign · ∂³(H g) with H g = (2/√π) F(t/√2) for g = e^{-t²/2} (Dawson, as above).
    sign = TR.ramp_filter(4).sign
    t, g = _gauss_grid(0.1)

    def F3(y):  # derivatives of Dawson's F: F' = 1 - 2yF, F'' = -2F - 2yF', F''' = -4F' - 2yF''
        F = dawsn(y)
        F1 = 1 - 2 * y * F
        F2 = -2 * F - 2 * y * F1
        return -4 * F1 - 2 * y * F2

    exact = sign * (2 / math.sqrt(math.pi)) * F3(t / math.sqrt(2)) / math.sqrt(2) ** 3
    assert np.max(np.abs(ramp_filter(g, 0.1, 4) - exact)) <= 1e-10


# ---------------------------------------------------------------------------------------------
# inversion constant
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("d", [2, 3, 4, 5])
def test_inversion_constant_values(d):
    # angular: 1/(2 (2π)^{d-1}) (THEORY.md §2; Natterer, The Mathematics of CT, Thm II.2.1 with
    # the (2π)^{-n/2} normalization converted); ordinary frequency: 1/2 in every d
    assert sp.simplify(TR.inversion_constant(d).gamma - 1 / (2 * (2 * sp.pi) ** (d - 1))) == 0
    assert TR.inversion_constant(d, "ordinary").gamma == sp.Rational(1, 2)
    assert sp.simplify(TR.inversion_constant(d, "unitary").gamma - TR.inversion_constant(d).gamma) == 0


@pytest.mark.parametrize("d", [3, 5])
def test_symbolic_round_trip_odd_d(d):
    sig = sp.Rational(3, 2)
    back = TR.radial_round_trip(d, sig)
    assert sp.simplify(back - sp.exp(-TR.r**2 / (2 * sig**2))) == 0


def test_inversion_constant_report_prints():
    ic = TR.inversion_constant(3)
    assert "gamma_3" in ic.to_text() and r"\begin{aligned}" in ic.to_latex()
    assert ic.to_json()["holds"] is True


# ---------------------------------------------------------------------------------------------
# back-projection and printing of the closed forms
# ---------------------------------------------------------------------------------------------
def test_backprojection_2d_and_radial_agree():
    # R*[t²](x) = ∫_0^{2π} (x·u)² dθ = π |x|²  (hand integral), by both symbolic routes
    bp = TR.backprojection_2d(TR.t**2)
    assert sp.simplify(bp - sp.pi * (TR.x1**2 + TR.x2**2)) == 0
    rad = TR.radial_backprojection(TR.t**2, 2)
    assert sp.simplify(rad - sp.pi * TR.r**2) == 0
    # a direction-dependent φ: R*[cos θ · t](x) = ∫ cos θ (x1 cos θ + x2 sin θ) dθ = π x1
    assert sp.simplify(TR.backprojection_2d(sp.cos(TR.theta) * TR.t) - sp.pi * TR.x1) == 0


def test_closed_form_reports_print():
    cf = TR.gaussian_radon(sp.eye(3), [0, 0, 1])
    assert cf.to_latex().startswith(r"\mathcal{R}f(u,t) =")
    assert cf.to_json()["d"] == 3 and "u3" in cf.to_json()["expr"]
    assert "Radon transform of" in cf.to_text()
    rf = TR.ramp_filter(4)
    assert "H" in rf.to_latex() and rf.to_json()["holds"] is True


def test_disc_spectrum_from_slice_theorem():
    # THEORY.md §6: the disc indicator has f̂(ξ) = 2πR J_1(R|ξ|)/|ξ|.  By the slice theorem this is
    # the 1-D transform of the chord length Rf(t) = 2√(R² − t²) (theory.disc_radon), done here by
    # Gauss-Chebyshev quadrature of the second kind (exact weight √(R² − t²)).
    from scipy.special import j1

    R = 0.75
    expr = TR.disc_radon(sp.Rational(3, 4))
    # check the closed form is 2√(R²−t²) at a point, then use it under the weight
    assert abs(float(expr.subs(TR.t, sp.Rational(1, 5))) - 2 * math.sqrt(R * R - 0.04)) < 1e-14
    N = 200
    k = np.arange(1, N + 1)
    x = np.cos(k * np.pi / (N + 1))
    wq = np.pi / (N + 1) * np.sin(k * np.pi / (N + 1)) ** 2  # ∫_{-1}^{1} √(1-x²) g(x) dx ≈ Σ wq g(x)
    for w in (0.3, 1.0, 4.0, 9.0):
        ft = 2 * R * R * np.sum(wq * np.cos(w * R * x))  # ∫ 2√(R²-t²) e^{-iωt} dt (even, real)
        assert abs(ft - 2 * math.pi * R * j1(R * w) / w) < 1e-12
