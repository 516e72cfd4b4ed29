"""Every Fourier convention, named and random (a, b), compared with numbers from the definition
F_{a,b}[f](k) = sqrt(|b|/(2π)^{1-a}) ∫ f(t) e^{ibkt} dt (issue 10).

Expected values are typed by hand from the definition or computed by SciPy quadrature; nothing
here evaluates a constant that specbias.core.conventions or theory derived, except the object
under test.  These tests kill the convention mutants that the angular-only suite let through
(factors all equal to 1 there): forward factor multiplied instead of divided, the order's sign in
the δ conversion, the named (a, b) pairs, δ locations under a change of convention, and the
exponents of seminorm_constant.
"""

from __future__ import annotations

import cmath
import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, special

from specbias.core.conventions import ANGULAR, MATHEMATICA, NAMED, ORDINARY, SYMPY, UNITARY, FourierConvention, get_convention
from specbias.theory.fourier import fourier_transform
from specbias.theory.seminorm import seminorm_constant

TWO_PI = 2 * math.pi

# the named pairs, typed from the module documentation (Mathematica's FourierParameters)
NAMED_PAIRS = {"angular": (1.0, -1.0), "ordinary": (0.0, -TWO_PI), "sympy": (0.0, -TWO_PI),
               "unitary": (0.0, -1.0), "mathematica": (0.0, 1.0)}

random_pairs = st.tuples(st.sampled_from([-1, 0, 1, sp.Rational(1, 2), 2]),
                         st.sampled_from([-2 * sp.pi, -3, -1, sp.Rational(-1, 2), sp.Rational(1, 3), 1, 2, 2 * sp.pi]))


def _ab(conv):
    return float(conv.a), float(conv.b)


def _fwd(a, b):
    return math.sqrt(abs(b) / TWO_PI ** (1 - a))


# --------------------------------------------------------------------------------------------
# the named pairs and the constants
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(NAMED_PAIRS))
def test_named_pairs(name):
    conv = get_convention(name)
    assert _ab(conv) == pytest.approx(NAMED_PAIRS[name], abs=1e-15)
    assert conv is NAMED[name]


def test_named_objects_are_the_documented_ones():
    assert _ab(ANGULAR) == (1.0, -1.0)
    assert _ab(ORDINARY) == pytest.approx((0.0, -TWO_PI), abs=1e-15)
    assert _ab(SYMPY) == _ab(ORDINARY)
    assert _ab(UNITARY) == (0.0, -1.0)
    assert _ab(MATHEMATICA) == (0.0, 1.0)
    assert get_convention(None) is ANGULAR
    assert _ab(get_convention("0,-2*pi")) == pytest.approx((0.0, -TWO_PI), abs=1e-15)
    assert _ab(get_convention((1, -1))) == (1.0, -1.0)


def _gauss_ft_numeric(a, b, k):
    """F_{a,b}[e^{-t²/2}](k) by quadrature of the definition."""
    c = _fwd(a, b)
    re = integrate.quad(lambda t: math.exp(-t * t / 2) * math.cos(b * k * t), -40, 40, limit=400)[0]
    im = integrate.quad(lambda t: math.exp(-t * t / 2) * math.sin(b * k * t), -40, 40, limit=400)[0]
    return c * complex(re, im)


@settings(max_examples=12)
@given(random_pairs)
def test_constants_from_the_definition(pair):
    """forward factor, inverse factor (d = 1, 2) and Plancherel constant, against quadrature of a
    Gaussian's transform and of its inverse (measured agreement ≤ 3e-14; asserted 1e-11)."""
    conv = FourierConvention(*pair)
    a, b = _ab(conv)
    assert float(conv.forward_factor) == pytest.approx(_fwd(a, b), rel=1e-14)
    # F[e^{-t²/2}] = c √(2π) e^{-(bk)²/2} at a few k, the left side by quadrature
    for k in (0.3, 1.1):
        assert abs(_gauss_ft_numeric(a, b, k) - float(conv.forward_factor) * math.sqrt(TWO_PI)
                   * math.exp(-(b * k) ** 2 / 2)) < 1e-11
    # inverse: f(x) = c_1 ∫ f̂(k) e^{-ibkx} dk, with f̂ the closed form above; x = 0.4
    fhat = lambda k: _fwd(a, b) * math.sqrt(TWO_PI) * math.exp(-(b * k) ** 2 / 2)  # noqa: E731
    x = 0.4
    inv = integrate.quad(lambda k: fhat(k) * math.cos(b * k * x), -60 / abs(b), 60 / abs(b), limit=400)[0]
    c1 = float(conv.inverse_factor(1))
    assert c1 * inv == pytest.approx(math.exp(-x * x / 2), rel=1e-11)
    # the d-dimensional inverse factor is the d-th power (product of one-dimensional inverses)
    assert float(conv.inverse_factor(2)) == pytest.approx(c1 ** 2, rel=1e-13)
    assert float(conv.inverse_factor(3)) == pytest.approx(c1 ** 3, rel=1e-13)
    # Plancherel: ∫|f|² = P_1 ∫|f̂|², ∫ e^{-t²} dt = √π
    int_fhat2 = integrate.quad(lambda k: fhat(k) ** 2, -60 / abs(b), 60 / abs(b), limit=400)[0]
    assert float(conv.plancherel(1)) * int_fhat2 == pytest.approx(math.sqrt(math.pi), rel=1e-11)
    assert float(conv.plancherel(2)) == pytest.approx(float(conv.plancherel(1)) ** 2, rel=1e-13)
    assert float(conv.angular_scale) == pytest.approx(-b, rel=1e-15)


# --------------------------------------------------------------------------------------------
# regular parts in every convention, against the angular closed forms typed by hand
# --------------------------------------------------------------------------------------------
ANGULAR_FORMS = {
    # ω > 0; σ̂(-ω) = conj σ̂(ω) (standard tables, e.g. Gradshteyn & Ryzhik 3.981, Gel'fand–Shilov I)
    "sigmoid": lambda w: -1j * math.pi / math.sinh(math.pi * w),
    "relu": lambda w: -1 / w ** 2,
    "step": lambda w: 1 / (1j * w),
    "gaussian": lambda w: math.sqrt(TWO_PI) * math.exp(-w * w / 2),
}


def _ang(name, w):
    v = ANGULAR_FORMS[name](abs(w))
    return v if w > 0 else v.conjugate()


@pytest.mark.parametrize("conv_name", sorted(NAMED_PAIRS))
@pytest.mark.parametrize("name", sorted(ANGULAR_FORMS))
def test_regular_part_in_named_conventions(conv_name, name):
    """F_{a,b}[σ](k) = c ∫σ e^{ibkt} dt = c σ̂_ang(-bk), at k > 0 (measured ≤ 2e-15 relative)."""
    a, b = NAMED_PAIRS[conv_name]
    gt = fourier_transform(name, convention=conv_name)
    ks = np.array([0.07, 0.31, 0.9, 1.7])
    got = gt.evaluate(ks)
    want = np.array([_fwd(a, b) * _ang(name, -b * k) for k in ks])
    assert np.max(np.abs(got - want) / np.abs(want)) < 1e-12


@settings(max_examples=10)
@given(random_pairs, st.sampled_from(sorted(ANGULAR_FORMS)))
def test_regular_part_random_conventions(pair, name):
    conv = FourierConvention(*pair)
    a, b = _ab(conv)
    gt = fourier_transform(name).in_convention(conv)
    ks = np.array([0.13, 0.77])
    got = gt.evaluate(ks)
    want = np.array([_fwd(a, b) * _ang(name, -b * k) for k in ks])
    assert np.max(np.abs(got - want) / np.abs(want)) < 1e-12
    # and back: to_angular_regular inverts from_angular_regular
    k = sp.Symbol("k", positive=True)
    back = conv.to_angular_regular(gt.regular.subs(sp.Symbol("omega", positive=True), k), k,
                                   sp.Symbol("omega", positive=True))
    w = 0.61
    assert complex(sp.N(back.subs(sp.Symbol("omega", positive=True), w))) == pytest.approx(_ang(name, w), rel=1e-12)


# --------------------------------------------------------------------------------------------
# δ terms: coefficients, orders and locations in every convention
# --------------------------------------------------------------------------------------------
def _deltas(gt):
    return sorted(((complex(sp.N(s.location)).real, int(s.order), complex(sp.N(s.coefficient)))
                   for s in gt.singular), key=lambda x: (x[0], x[1]))


def _expected_deltas(angular, a, b):
    """c·δ^{(j)}(ω − ω₀) with ω = λk, λ = −b: c·λ^{−j}|λ|^{−1} δ^{(j)}(k − ω₀/λ), times the forward factor."""
    lam = -b
    out = [(w0 / lam, j, _fwd(a, b) * c * lam ** (-j) / abs(lam)) for (w0, j, c) in angular]
    return sorted(out, key=lambda x: (x[0], x[1]))


# angular δ terms typed by hand: relu ~ t (t→+∞) gives π δ(ω)·0 + iπ δ'(ω); step: π δ(ω);
# sin(t) = (e^{it} − e^{−it})/(2i): −iπ δ(ω − 1) + iπ δ(ω + 1); relu_pow k=2 ~ t²: −π δ''(ω)
ANGULAR_DELTAS = {
    "relu": [(0.0, 1, 1j * math.pi)],
    "step": [(0.0, 0, math.pi)],
    "sin": [(-1.0, 0, 1j * math.pi), (1.0, 0, -1j * math.pi)],
    "sigmoid": [(0.0, 0, math.pi)],
}


def _same(got, want, rel=1e-12):
    assert len(got) == len(want), (got, want)
    for (l1, o1, c1), (l2, o2, c2) in zip(got, want):
        assert o1 == o2
        assert l1 == pytest.approx(l2, rel=rel, abs=1e-15)
        assert abs(c1 - c2) <= rel * abs(c2)


@pytest.mark.parametrize("name", sorted(ANGULAR_DELTAS))
def test_delta_terms_angular(name):
    _same(_deltas(fourier_transform(name)), sorted(ANGULAR_DELTAS[name], key=lambda x: (x[0], x[1])))


@pytest.mark.parametrize("conv_name", sorted(NAMED_PAIRS))
@pytest.mark.parametrize("name", sorted(ANGULAR_DELTAS))
def test_delta_terms_named_conventions(conv_name, name):
    a, b = NAMED_PAIRS[conv_name]
    _same(_deltas(fourier_transform(name, convention=conv_name)), _expected_deltas(ANGULAR_DELTAS[name], a, b))


def test_sin_point_masses_ordinary_convention_by_hand():
    # ordinary: f̂(ξ) = ∫ sin(t) e^{−2πiξt} dt = (δ(ξ − 1/2π) − δ(ξ + 1/2π))/(2i)
    got = _deltas(fourier_transform("sin", convention="ordinary"))
    _same(got, [(-1 / TWO_PI, 0, 0.5j), (1 / TWO_PI, 0, -0.5j)])


def test_relu_delta_prime_ordinary_by_hand():
    # relu ~ t: angular iπ δ'(ω); ordinary ω = 2πξ: δ'(2πξ) = δ'(ξ)/(2π)²  ->  i/(4π) δ'(ξ)
    got = _deltas(fourier_transform("relu", convention="ordinary"))
    _same(got, [(0.0, 1, 1j / (4 * math.pi))])


@settings(max_examples=10)
@given(random_pairs, st.sampled_from(sorted(ANGULAR_DELTAS)))
def test_delta_terms_random_conventions_and_back(pair, name):
    conv = FourierConvention(*pair)
    a, b = _ab(conv)
    gt = fourier_transform(name).in_convention(conv)
    _same(_deltas(gt), _expected_deltas(ANGULAR_DELTAS[name], a, b))
    for s in gt.singular:
        loc, order, coeff = conv.to_angular_delta(s.location, s.order, s.coefficient)
        match = [c for (w0, j, c) in ANGULAR_DELTAS[name]
                 if j == order and abs(w0 - float(sp.N(loc))) < 1e-12]
        assert len(match) == 1 and abs(complex(sp.N(coeff)) - match[0]) <= 1e-12 * abs(match[0])


# --------------------------------------------------------------------------------------------
# the seminorm constant C_d in every convention and dimension
# --------------------------------------------------------------------------------------------
def _sphere(d):
    return 2 * math.pi ** (d / 2) / special.gamma(d / 2)


def _relu_norm_integral(d, a, b):
    """∫_{ℝ^d} |ĝ(k)|² W(|k|) dk for g = e^{−|x|²/2} and σ = relu, in convention (a, b), radially.

    ĝ_conv(k) = c^d (2π)^{d/2} e^{−λ²|k|²/2} and σ̂_conv(k) = −c/(λk)² (from the definition,
    λ = −b, c the one-dimensional forward factor), W = |k|^{d−1}/|σ̂_conv|²."""
    c, lam = _fwd(a, b), abs(b)

    def integrand(r):
        ghat2 = (c ** d * TWO_PI ** (d / 2)) ** 2 * math.exp(-(lam * r) ** 2)
        w = r ** (d - 1) * (lam * r) ** 4 / c ** 2
        return ghat2 * w * r ** (d - 1)

    return _sphere(d) * integrate.quad(integrand, 0, 40 / lam, limit=200)[0]


@pytest.mark.parametrize("d", [1, 2, 3, 4, 5])
def test_seminorm_constant_angular_by_hand(d):
    # THEORY.md §3: C_d = 1/(4π(2π)^{2(d−1)}) in the angular convention
    assert float(seminorm_constant(d)) == pytest.approx(1 / (4 * math.pi * TWO_PI ** (2 * (d - 1))), rel=1e-14)


@pytest.mark.parametrize("d", [1, 2, 3, 4])
@pytest.mark.parametrize("conv_name", sorted(NAMED_PAIRS))
def test_seminorm_constant_every_convention(conv_name, d):
    """‖g‖² = C_d ∫|ĝ|²W dk must not depend on the convention (measured agreement ≤ 4e-15)."""
    a, b = NAMED_PAIRS[conv_name]
    ref = float(seminorm_constant(d)) * _relu_norm_integral(d, 1.0, -1.0)
    got = float(seminorm_constant(d, conv_name)) * _relu_norm_integral(d, a, b)
    assert got == pytest.approx(ref, rel=1e-11)


@settings(max_examples=8)
@given(random_pairs, st.integers(1, 4))
def test_seminorm_constant_random_conventions(pair, d):
    conv = FourierConvention(*pair)
    a, b = _ab(conv)
    ref = float(seminorm_constant(d)) * _relu_norm_integral(d, 1.0, -1.0)
    got = float(seminorm_constant(d, conv)) * _relu_norm_integral(d, a, b)
    assert got == pytest.approx(ref, rel=1e-11)


def test_mathematica_sign_of_the_exponent():
    """Mathematica's (0, 1) uses e^{+ikt}: F[step](k) = (2π)^{−1/2}·(i/k) at k > 0 (the complex
    conjugate of the angular 1/(ik)); (1, 1) would give i/k without the (2π)^{−1/2}."""
    v = complex(fourier_transform("step", convention="mathematica").evaluate(np.array([0.5]))[0])
    assert v == pytest.approx((1 / math.sqrt(TWO_PI)) * (1j / 0.5), rel=1e-14)
    assert cmath.phase(v) == pytest.approx(math.pi / 2, abs=1e-14)
