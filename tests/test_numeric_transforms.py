"""The numeric generalized Fourier transform (numerics.fourier) and its mpmath oracle.

Angular convention σ̂(ω) = ∫ σ(t) e^{-iωt} dt, regular part at ω ≠ 0.  Reference values are
either the independent high-precision oracle (numerics.oracle) or transform pairs typed by hand
from standard tables (sources in comments) -- never THEORY.md's table, which is under test
elsewhere.
"""

from __future__ import annotations

import math

import mpmath as mp
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from specbias.core.activations import CATALOGUE, T, get_activation, parse_activation
from specbias.core.errors import InputError, NumericError, SpecbiasError
from specbias.numerics.fourier import (
    NumericTransform,
    PointMassTransform,
    asymptotic_coefficients,
    mean_coefficient,
    numeric_transform,
    reduce_activation,
)
from specbias.numerics.oracle import oracle_array, oracle_point, oracle_transform

OMEGA = np.geomspace(0.05, 20.0, 8)  # log-spaced, both ends included
REL = 1e-9

OMEGA_SHORT = np.array([0.05, 0.5, 5.0, 20.0])  # for the parameter variants
CASES = [(name, {}) for name in CATALOGUE if name != "sin"] + [
    ("leaky_relu", {"a": "1/5"}),
    ("relu_pow", {"k": 1}),
    ("relu_pow", {"k": 3}),
    ("elu", {"alpha": "1/2"}),
    ("elu", {"alpha": 2}),
]


def _expr(text: str) -> sp.Expr:
    """A SymPy expression in the catalogue's T (cheaper than parse_activation, which also
    classifies growth/parity with SymPy limits; the numeric route only needs the expression)."""
    return sp.sympify(text, locals={"t": T, "H": sp.Heaviside})


def _rel(a, b):
    return np.abs(np.asarray(a) - np.asarray(b)) / np.abs(np.asarray(b))


# ------------------------------------------------------------------------------------------
# 1. numeric (QUADPACK) route against the mpmath oracle, whole catalogue
# ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name,params", CASES, ids=[f"{n}{p or ''}" for n, p in CASES])
def test_numeric_matches_oracle_where_resolvable(name, params):
    act = get_activation(name, **params)
    omega = OMEGA_SHORT if params else OMEGA
    nt = NumericTransform(act)
    values, errors = nt.evaluate(omega)
    ok = nt.resolvable(omega)
    # the resolvable set is non-trivial: at least the low half of the band
    assert ok[: len(omega) // 2].all(), (name, errors / np.abs(values))
    assert ok.sum() >= len(omega) // 2 + 1
    ref = oracle_array(act, omega[ok])
    rel = _rel(values[ok], ref)
    assert rel.max() <= REL, (name, omega[ok], rel)
    # the error estimate is honest where it claims resolution
    assert np.all(np.abs(values[ok] - ref) <= errors[ok] + 1e-15 * np.abs(ref))


def test_non_decaying_transforms_resolved_on_the_whole_band():
    # piecewise polynomials: everything is exact jump terms, so all points are resolvable
    for name in ("relu", "leaky_relu", "abs", "relu_pow", "step", "sign", "elu"):
        assert NumericTransform(get_activation(name)).resolvable(OMEGA).all(), name


def test_exponentially_small_points_are_flagged_not_resolvable():
    # sigmoid: σ' = 1/(4cosh²(t/2)) and F[1/(4cosh²(t/2))] = πω/sinh(πω)
    # (Gradshteyn–Ryzhik 3.982.1: ∫_0^∞ cos(ax)/cosh²(βx) dx = aπ/(2β² sinh(aπ/(2β)))),
    # so sigmoid^(ω) = (πω/sinh(πω))/(iω) ≈ 1e-27 at ω = 20.
    nt = NumericTransform(get_activation("sigmoid"))
    w = np.array([20.0])
    v, e = nt.evaluate(w)
    exact = (np.pi * w / np.sinh(np.pi * w)) / (1j * w)
    assert not nt.resolvable(w)[0]
    # but the error estimate still bounds the actual error
    assert abs(v[0] - exact[0]) <= e[0]
    # Gaussian: √(2π) e^{-ω²/2} (standard Gaussian pair) is below float64 resolution at ω = 20
    g = NumericTransform(get_activation("gaussian"))
    v, e = g.evaluate(w)
    assert not g.resolvable(w)[0]
    assert abs(v[0] - math.sqrt(2 * math.pi) * math.exp(-200.0)) <= e[0]


# ------------------------------------------------------------------------------------------
# 2. literature spot checks (typed by hand; sources in comments)
# ------------------------------------------------------------------------------------------
W = np.array([0.05, 0.3, 1.0, 2.5, 7.0])

# Gel'fand & Shilov, Generalized Functions I, §II.2.3 (x_+^λ, λ = 0, 1, k), and elementary
# consequences: F[H](ω) = 1/(iω) + πδ, F[x_+] = -1/ω² (finite part), F[x_+^k] = k!/(iω)^{k+1},
# sign = 2H - 1 -> 2/(iω); |t| = 2 x_+ - t -> -2/ω².
LITERATURE_EXACT = [
    ("relu", lambda w: -1 / w ** 2),
    ("step", lambda w: 1 / (1j * w)),
    ("sign", lambda w: 2 / (1j * w)),
    ("abs", lambda w: -2 / w ** 2),
    ("relu_pow", lambda w: 2 / (1j * w) ** 3),
]


@pytest.mark.parametrize("name,exact", LITERATURE_EXACT, ids=[n for n, _ in LITERATURE_EXACT])
def test_piecewise_polynomial_pairs(name, exact):
    v = numeric_transform(get_activation(name), W)
    assert _rel(v, exact(W)).max() <= 1e-13


SMOOTH_PAIRS = [
    # Gaussian pair ∫ e^{-t²/2} e^{-iωt} dt = √(2π) e^{-ω²/2} (e.g. Abramowitz–Stegun 7.4.6)
    ("exp(-t**2/2)", lambda w: np.sqrt(2 * np.pi) * np.exp(-w ** 2 / 2)),
    # Gradshteyn–Ryzhik 3.982.1 with β = 1/2 (see above)
    ("1/(4*cosh(t/2)**2)", lambda w: np.pi * w / np.sinh(np.pi * w)),
    # Lorentzian: ∫ e^{-iωt}/(1+t²) dt = π e^{-|ω|} (GR 3.723.2); slowly decaying r (QAWF tail)
    ("1/(1 + t**2)", lambda w: np.pi * np.exp(-np.abs(w))),
    # two-sided exponential: 2/(1+ω²); one-sided e^{t}H(-t): 1/(1-iω) (elementary)
    ("exp(-Abs(t))", lambda w: 2 / (1 + w ** 2)),
    ("exp(t)*Heaviside(-t)", lambda w: 1 / (1 - 1j * w)),
    # erf' = (2/√π) e^{-t²} -> 2 e^{-ω²/4}, so erf^ = 2 e^{-ω²/4}/(iω) (Gaussian pair + derivative rule)
    ("erf(t)", lambda w: 2 * np.exp(-w ** 2 / 4) / (1j * w)),
    # arctan' = 1/(1+t²): atan^ = π e^{-|ω|}/(iω) (Lorentzian pair + derivative rule)
    ("atan(t)", lambda w: np.pi * np.exp(-np.abs(w)) / (1j * w)),
]


@pytest.mark.parametrize("text,exact", SMOOTH_PAIRS, ids=[t for t, _ in SMOOTH_PAIRS])
def test_smooth_literature_pairs(text, exact):
    v, e, ok = numeric_transform(_expr(text), W, return_error=True)
    ref = exact(W)
    assert ok[:3].all()
    assert _rel(v[ok], ref[ok]).max() <= REL, _rel(v, ref)
    assert np.all(np.abs(v - ref) <= e + 1e-15 * np.abs(ref))


def test_sigmoid_from_sech_pair():
    # sigmoid = ∫ 1/(4cosh²(s/2)) ds, so sigmoid^(ω) = (πω/sinh(πω))/(iω) (GR 3.982.1)
    w = np.array([0.05, 0.5, 1.0, 3.0])
    v = numeric_transform(get_activation("sigmoid"), w)
    assert _rel(v, np.pi / (1j * np.sinh(np.pi * w))).max() <= REL


# ------------------------------------------------------------------------------------------
# 3. QAWF failure modes and reduction details
# ------------------------------------------------------------------------------------------
def test_small_frequencies():
    # plain QAWF returns inf for ω ≲ 0.05 on this integrand; the reduction must not
    w = np.array([1e-3, 1e-5])
    v = numeric_transform(get_activation("sigmoid"), w)
    assert _rel(v, np.pi / (1j * np.sinh(np.pi * w))).max() <= REL
    v = numeric_transform(_expr("1/(1 + t**2)"), np.array([1e-3]))
    assert _rel(v, np.pi * np.exp(-1e-3)).max() <= REL
    v = numeric_transform(get_activation("relu"), w)
    assert _rel(v, -1 / w ** 2).max() <= 1e-13


def test_kink_not_at_zero_shift_property():
    w = np.array([0.1, 0.7, 2.0, 9.0])
    nt = NumericTransform(parse_activation("relu(t - 1)"))
    assert nt.breakpoints == (1.0,)
    v = nt(w)
    assert _rel(v, np.exp(-1j * w) * numeric_transform(get_activation("relu"), w)).max() <= 1e-13
    assert _rel(v, -np.exp(-1j * w) / w ** 2).max() <= 1e-13


def test_kink_with_smooth_part_linearity_shift_scaling():
    # relu(t - 1/3) - 2 sigmoid(2t + 1): shift + scaling + linearity of the numeric transforms
    w = np.array([0.1, 0.7, 2.0, 4.0])
    act = _expr("(t - 1/3)*H(t - 1/3) - 2/(1 + exp(-2*t - 1))")  # relu(t - 1/3) - 2 sigmoid(2t + 1)
    v = numeric_transform(act, w)
    relu = numeric_transform(get_activation("relu"), w)
    sig = numeric_transform(get_activation("sigmoid"), w / 2)
    expect = np.exp(-1j * w / 3) * relu - 2 * np.exp(1j * w / 2) * sig / 2
    assert _rel(v, expect).max() <= REL


def test_irrational_and_nonlinear_breakpoints():
    w = np.array([0.3, 1.0, 3.0])
    # e^{-t} H(t - √2): ∫_{√2}^∞ e^{-(1+iω)t} dt = e^{-√2(1+iω)}/(1+iω) (elementary)
    act = sp.exp(-T) * sp.Heaviside(T - sp.sqrt(2))
    exact = np.exp(-np.sqrt(2) * (1 + 1j * w)) / (1 + 1j * w)
    nt = NumericTransform(act)
    assert nt.breakpoints == (math.sqrt(2),)
    assert _rel(nt(w), exact).max() <= 1e-13
    assert _rel(oracle_array(act, w), exact).max() <= 1e-12
    # H(t² - 1) = 1 - 1[|t| < 1]: regular part -2 sin(ω)/ω (the 1 only adds 2πδ)
    nt = NumericTransform(sp.Heaviside(T ** 2 - 1))
    assert nt.breakpoints == (-1.0, 1.0)
    assert _rel(nt(w), -2 * np.sin(w) / w).max() <= 1e-13


def test_jump_plus_kink():
    nt = NumericTransform(_expr("H(t) + t*H(t)"))  # step + relu
    assert nt.order == 2
    assert sorted((k, J) for k, _, J in nt.jumps) == [(0, 1.0), (1, 1.0)]
    w = np.array([0.05, 1.0, 20.0])
    assert _rel(nt(w), 1 / (1j * w) - 1 / w ** 2).max() <= 1e-13


def test_reduction_orders_for_catalogue():
    # order n of the reduction: the smallest n with σ^(n) → finite limits, raised by one when
    # those limits are non-zero and σ^(n+1) decays (no 1/(iω) cancellation)
    orders = {name: reduce_activation(get_activation(name)).order for name in CATALOGUE if name != "sin"}
    assert orders["relu"] == 2 and orders["step"] == 1 and orders["gaussian"] == 0
    assert orders["sigmoid"] == 1 and orders["softplus"] == 2 and orders["relu_pow"] == 3


def test_vectorization_shape_and_negative_frequencies():
    act = get_activation("tanh")
    w = np.array([[0.2, 1.0, 3.0], [-0.2, -1.0, -3.0]])
    nt = NumericTransform(act)
    v, e = nt.evaluate(w)
    assert v.shape == w.shape and e.shape == w.shape and v.dtype == np.complex128
    assert nt.resolvable(w).shape == w.shape
    # σ real: σ̂(-ω) = conj σ̂(ω)
    np.testing.assert_array_equal(v[1], np.conj(v[0]))
    scalar = numeric_transform(act, 1.0)
    assert np.shape(scalar) == () and scalar == v[0, 1]
    assert numeric_transform(act, np.array([])).shape == (0,)


@pytest.mark.parametrize("bad", [0.0, [1.0, 0.0], float("nan"), [np.nan], np.inf, 1 + 2j, "abc", [[1.0], [None]]])
def test_bad_frequencies_raise_input_error(bad):
    with pytest.raises(InputError):
        numeric_transform(get_activation("relu"), bad)
    with pytest.raises(InputError):
        oracle_transform(get_activation("relu"), bad)


def test_bad_activation_input():
    with pytest.raises(InputError):
        NumericTransform("relu")  # a name is not an Activation
    with pytest.raises(InputError):
        NumericTransform(sp.Symbol("x") * T)
    with pytest.raises(NumericError):
        NumericTransform(_expr("t*sin(t)"))  # no derivative has limits, and it grows
    for tol in (0, -1e-3, 2.0, "1e-10"):
        with pytest.raises(InputError):
            NumericTransform(get_activation("relu"), rel_tol=tol)


# ------------------------------------------------------------------------------------------
# 4. oscillatory σ: point masses and Bohr means
# ------------------------------------------------------------------------------------------
def test_sin_raises_point_mass_error():
    with pytest.raises(PointMassTransform) as info:
        NumericTransform(get_activation("sin"))
    assert isinstance(info.value, NumericError) and isinstance(info.value, SpecbiasError)
    assert "point mass" in str(info.value)
    with pytest.raises(PointMassTransform):
        numeric_transform(get_activation("sin"), [1.0])


def test_mean_coefficients_of_sin_and_step():
    # sin t = (e^{it} - e^{-it})/(2i)  =>  σ̂ = iπ[δ(ω+1) - δ(ω-1)] (elementary)
    c = mean_coefficient(get_activation("sin"), [1.0, -1.0, 2.0, 0.0])
    np.testing.assert_allclose(c, [-1j * math.pi, 1j * math.pi, 0, 0], atol=1e-9)
    # F[H] = 1/(iω) + πδ(ω): the δ(ω) weight is 2π·mean(H) = π (Gel'fand–Shilov)
    assert abs(mean_coefficient(get_activation("step"), 0.0) - math.pi) <= 1e-9
    # cos(2t) + 3: weights π at ω = ±2 and 6π at 0
    c = mean_coefficient(_expr("cos(2*t) + 3"), [2.0, 0.0, 1.0])
    np.testing.assert_allclose(c, [math.pi, 6 * math.pi, 0], atol=1e-9)


def test_mean_coefficient_rejects_growing_sigma_and_bad_input():
    with pytest.raises(NumericError):
        mean_coefficient(get_activation("relu"), 0.0)
    for bad in (float("nan"), 1j, "x", np.inf):
        with pytest.raises(InputError):
            mean_coefficient(get_activation("sin"), bad)
    for width in (0.0, -5.0, float("nan")):
        with pytest.raises(InputError):
            mean_coefficient(get_activation("sin"), 1.0, width=width)


# ------------------------------------------------------------------------------------------
# 5. polynomial asymptotes
# ------------------------------------------------------------------------------------------
ASYMPTOTES = [  # (name, params, p (t → +∞), q (t → −∞)), read off the definitions
    ("relu", {}, [0, 1], [0, 0]),
    ("leaky_relu", {"a": "1/5"}, [0, 1], [0, 0.2]),
    ("abs", {}, [0, 1], [0, -1]),
    ("elu", {"alpha": 2}, [0, 1], [-2, 0]),
    ("softplus", {}, [0, 1], [0, 0]),
    ("gelu", {}, [0, 1], [0, 0]),
    ("swish", {}, [0, 1], [0, 0]),
    ("sigmoid", {}, [1, 0], [0, 0]),
    ("tanh", {}, [1, 0], [-1, 0]),
    ("relu_pow", {"k": 2}, [0, 0, 1], [0, 0, 0]),
]


@pytest.mark.parametrize("name,params,p,q", ASYMPTOTES, ids=[a[0] for a in ASYMPTOTES])
def test_asymptotic_coefficients(name, params, p, q):
    P, Q = asymptotic_coefficients(get_activation(name, **params), 3)
    assert P.shape == Q.shape == (4,)
    np.testing.assert_allclose(P, np.pad(p, (0, 4 - len(p))), atol=1e-12)
    np.testing.assert_allclose(Q, np.pad(q, (0, 4 - len(q))), atol=1e-12)


def test_asymptotic_coefficients_errors():
    with pytest.raises(NumericError):
        asymptotic_coefficients(_expr("log(1 + t**2)"), 2)  # ~ 2 log|t|: no polynomial
    with pytest.raises(NumericError):
        asymptotic_coefficients(get_activation("sin"), 2)
    with pytest.raises(NumericError):
        asymptotic_coefficients(get_activation("relu_pow", k=3), 2)  # grows faster than t²
    for bad in (-1, 1.5, "2", True):
        with pytest.raises(InputError):
            asymptotic_coefficients(get_activation("relu"), bad)


# ------------------------------------------------------------------------------------------
# 6. scaling property  σ(a t)  <->  σ̂(ω/a)/|a|
# ------------------------------------------------------------------------------------------
@settings(max_examples=8)
@given(name=st.sampled_from(["sigmoid", "tanh", "gelu", "elu", "gaussian", "relu"]),
       num=st.integers(-9, 9).filter(lambda n: n != 0), den=st.integers(1, 4),
       w=st.floats(0.05, 3.0))
def test_scaling_property(name, num, den, w):
    a = sp.Rational(num, den)
    base = get_activation(name)
    scaled = base.expr.subs(T, a * T)
    v, e, ok = numeric_transform(scaled, np.array([w]), return_error=True)
    u, f, ok2 = numeric_transform(base, np.array([w / float(a)]), return_error=True)
    if ok[0] and ok2[0]:
        assert abs(v[0] - u[0] / abs(float(a))) <= REL * abs(v[0])
    else:  # still consistent within the estimated errors
        assert abs(v[0] - u[0] / abs(float(a))) <= e[0] + f[0] / abs(float(a))


# ------------------------------------------------------------------------------------------
# 7. the oracle itself
# ------------------------------------------------------------------------------------------
@pytest.mark.slow
def test_oracle_at_exponentially_small_values():
    # sigmoid at ω = 20: π/sinh(20π) ≈ 6.5e-27 (GR 3.982.1, as above): float64 quadrature
    # cannot, the adaptive-precision oracle must get 1e-12
    v = oracle_point(get_activation("sigmoid"), 20.0)
    with mp.workdps(40):
        exact = -1j * mp.pi / mp.sinh(20 * mp.pi)
        assert abs(v - exact) <= 1e-12 * abs(exact)
    # Gaussian at ω = 20: √(2π) e^{-200} ≈ 3.5e-87 (Gaussian pair)
    v = oracle_point(get_activation("gaussian"), 20.0)
    with mp.workdps(40):
        exact = mp.sqrt(2 * mp.pi) * mp.exp(-200)
        assert abs(v - exact) <= 1e-12 * exact
    # erf at ω = 12: 2e^{-36}/(12i) (Gaussian pair)
    v = oracle_point(get_activation("erf"), 12.0)
    with mp.workdps(40):
        exact = 2 * mp.exp(-36) / (12j)
        assert abs(v - exact) <= 1e-12 * abs(exact)


def test_oracle_fixed_precision_and_conjugate_symmetry():
    act = get_activation("tanh")
    v15 = oracle_transform(act, [1.5], dps=25)[0]
    v = oracle_transform(act, [1.5])[0]
    assert abs(v15 - v) <= 1e-15 * abs(v)
    vm = oracle_transform(act, [-1.5])[0]
    assert abs(vm - mp.conj(v)) <= 1e-15 * abs(v)
    # tanh = 2 sigmoid(2t) - 1, with GR 3.982.1 and the scaling rule:
    with mp.workdps(30):
        # tanh' = 4 sigmoid'(2t) -> 4·(1/2)·(πω/2)/sinh(πω/2) = πω/sinh(πω/2)
        exact = (mp.pi * 1.5) / mp.sinh(mp.pi * 1.5 / 2) / (1.5j)
        assert abs(v - exact) <= 1e-12 * abs(exact)


def test_oracle_slowly_decaying_remainder():
    # 1/(1+t²) decays algebraically: the oracle sums half-period panels with Levin's
    # transformation; Lorentzian pair π e^{-|ω|} (GR 3.723.2)
    v = oracle_point(_expr("1/(1 + t**2)"), 1.0)
    with mp.workdps(30):
        assert abs(v - mp.pi * mp.exp(-1)) <= 1e-12 * mp.pi * mp.exp(-1)


def test_oracle_bad_input():
    with pytest.raises(InputError):
        oracle_point(get_activation("relu"), 0.0)
    with pytest.raises(InputError):
        oracle_point(get_activation("relu"), [1.0, 2.0])
    for dps in (5, -1, 2.5, True, "30"):
        with pytest.raises(InputError):
            oracle_transform(get_activation("relu"), [1.0], dps=dps)
    with pytest.raises(PointMassTransform):
        oracle_point(get_activation("sin"), 1.0)
