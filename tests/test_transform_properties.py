"""Hypothesis properties of the generalized Fourier transform (issue 2).

Every property runs on random catalogue members (with random parameters where they have them),
random frequencies ω and random rescalings or shifts.  Derived transforms are cached per
expression (tests/_engine.py) so that each property costs a few derivations.
"""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from specbias.core.activations import CATALOGUE, T, Activation, get_activation
from specbias.core.conventions import ANGULAR, NAMED, FourierConvention
from specbias.theory.fourier import OMEGA

from _engine import HEAVY_EXAMPLES, PARAM_CHOICES, REGULAR, gt_of, gt_of_expr, gt_of_sympy, params_key, rel_err

omegas = st.floats(min_value=0.05, max_value=12.0, allow_nan=False)
signed_omegas = st.one_of(omegas, omegas.map(lambda w: -w))
#: rescalings: a small set of exact rationals so that derivations are re-used across examples
scales = st.sampled_from([sp.Rational(-3), sp.Rational(-1, 2), sp.Rational(1, 3), sp.Rational(2), sp.Rational(5, 2)])
shifts = st.sampled_from([sp.Rational(-1), sp.Rational(1, 2), sp.Rational(2)])


@st.composite
def members(draw, pool=tuple(REGULAR)):
    name = draw(st.sampled_from(pool))
    params = draw(st.sampled_from(PARAM_CHOICES.get(name, [{}])))
    return name, params_key(params)


def _scaled_expr(name, params, a=1, c=0):
    expr = get_activation(name, **dict(params)).expr
    return sp.expand(expr.subs(T, a * T - c), deep=False)


# Functions whose transform is exponentially small at large ω are compared where the value is
# still well above underflow; relative accuracy of the exact formula is not in question there.
def _significant(values, floor=1e-250):
    return np.abs(values) > floor


@settings(max_examples=20)
@given(members(), omegas)
def test_symbolic_equals_numeric(member, w):
    from specbias.numerics.fourier import NumericTransform

    name, params = member
    gt = gt_of(name, params)
    nt = NumericTransform(get_activation(name, **dict(params)))
    wa = np.array([w])
    if not nt.resolvable(wa)[0]:
        return  # not resolvable by float64 quadrature: covered by the mpmath oracle test
    assert rel_err(nt(wa), gt.evaluate(wa))[0] <= 1e-9


def _check_against_base(member, expr, label, w, expected_from_base):
    """The derived transform of ``expr`` at ω = w equals ``expected_from_base(base.evaluate)``."""
    base = gt_of(*member)
    lhs = gt_of_sympy(expr, label).evaluate(np.array([w]))
    rhs = expected_from_base(base.evaluate)
    if _significant(rhs)[0]:
        assert rel_err(lhs, rhs)[0] <= 1e-10


@settings(max_examples=HEAVY_EXAMPLES)
@given(members(), scales, signed_omegas)
def test_scaling(member, a, w):
    """F[σ(a t)](ω) = σ̂(ω/a)/|a| for ω ≠ 0 (a < 0 uses σ̂(-ω) = conj σ̂(ω))."""
    name, params = member
    _check_against_base(member, _scaled_expr(name, params, a=a), f"{name}({a}t)", w,
                        lambda ev: ev(np.array([w / float(a)])) / abs(float(a)))


@settings(max_examples=HEAVY_EXAMPLES)
@given(members(), shifts, signed_omegas)
def test_shift(member, c, w):
    """F[σ(t - c)](ω) = e^{-iωc} σ̂(ω)."""
    name, params = member
    _check_against_base(member, _scaled_expr(name, params, c=c), f"{name}(t-{c})", w,
                        lambda ev: np.exp(-1j * w * float(c)) * ev(np.array([w])))


@settings(max_examples=HEAVY_EXAMPLES)
@given(members(), signed_omegas)
def test_derivative(member, w):
    """F[σ'] = iω σ̂ (σ' taken by SymPy from the definition, with its point masses)."""
    name, params = member
    act = get_activation(name, **dict(params))
    deriv = gt_of_sympy(sp.diff(act.expr, T), f"{name}'")
    lhs = deriv.evaluate(np.array([w]))
    rhs = 1j * w * gt_of(name, params).evaluate(np.array([w]))
    if _significant(rhs)[0]:
        assert rel_err(lhs, rhs)[0] <= 1e-10


@settings(max_examples=HEAVY_EXAMPLES)
@given(members(), members(), st.sampled_from([sp.Rational(3, 2), sp.Rational(-2), sp.Rational(1, 7)]),
       st.sampled_from([sp.Rational(1), sp.Rational(-5, 3)]), signed_omegas)
def test_linearity(m1, m2, c1, c2, w):
    e = c1 * get_activation(m1[0], **dict(m1[1])).expr + c2 * get_activation(m2[0], **dict(m2[1])).expr
    combo = gt_of_sympy(e, "combo")
    lhs = combo.evaluate(np.array([w]))
    rhs = float(c1) * gt_of(*m1).evaluate(np.array([w])) + float(c2) * gt_of(*m2).evaluate(np.array([w]))
    scale = abs(float(c1) * gt_of(*m1).evaluate(np.array([w]))[0]) + abs(float(c2) * gt_of(*m2).evaluate(np.array([w]))[0])
    if scale > 1e-250:
        assert abs(lhs[0] - rhs[0]) <= 1e-10 * scale
    # point masses add too
    def masses(gt):
        return {(s.location, s.order): complex(s.coefficient) for s in gt.singular}
    expected = {}
    for c, m in ((c1, m1), (c2, m2)):
        for k, v in masses(gt_of(*m)).items():
            expected[k] = expected.get(k, 0) + float(c) * v
    got = masses(combo)
    for k in set(expected) | set(got):
        assert abs(got.get(k, 0) - expected.get(k, 0)) < 1e-12


@pytest.mark.parametrize("name", list(CATALOGUE))
def test_parity_symmetry(name):
    """σ even ⇔ σ̂ real and even; σ odd ⇔ σ̂ imaginary and odd (for real σ)."""
    act = get_activation(name)
    gt = gt_of(name)
    w = np.geomspace(0.05, 12, 9)
    v = gt.evaluate(w)
    if act.parity == "even":
        assert np.all(np.abs(v.imag) <= 1e-14 * np.abs(v) + 1e-300)
        assert all(sp.simplify(sp.im(s.coefficient)) == 0 for s in gt.singular)
    elif act.parity == "odd":
        assert np.all(np.abs(v.real) <= 1e-14 * np.abs(v) + 1e-300)
        assert all(sp.simplify(sp.re(s.coefficient)) == 0 for s in gt.singular)
    else:
        # neither: the transform has both a real and an imaginary part somewhere
        # (in the regular part or in the point masses)
        re = np.any(np.abs(v.real) > 1e-12 * np.abs(v)) or any(sp.re(s.coefficient) != 0 for s in gt.singular)
        im = np.any(np.abs(v.imag) > 1e-12 * np.abs(v)) or any(sp.im(s.coefficient) != 0 for s in gt.singular)
        assert re and im


@settings(max_examples=20)
@given(members(tuple(n for n in CATALOGUE if n != "sin")))
def test_delta_coefficients_from_limits_at_infinity(member):
    """c_k = π i^k (p_k + q_k), with p_k, q_k the numeric asymptote coefficients of σ at ±∞."""
    from specbias.numerics.fourier import asymptotic_coefficients

    name, params = member
    act = get_activation(name, **dict(params))
    gt = gt_of(name, params)
    p, q = asymptotic_coefficients(act, max_degree=4)
    got = {s.order: complex(s.coefficient) for s in gt.singular if s.location == 0}
    for k in range(len(p)):
        expected = np.pi * (1j ** k) * (p[k] + q[k])
        assert abs(got.get(k, 0) - expected) <= 1e-7 * (1 + abs(expected)), (k, got, expected)


conventions = st.one_of(st.sampled_from(list(NAMED.values())),
                        st.builds(lambda a, b: FourierConvention(a, b),
                                  st.sampled_from([-1, 0, 1, sp.Rational(1, 2)]),
                                  st.sampled_from([1, -1, 2 * sp.pi, -2 * sp.pi, sp.Rational(-3, 2)])))


@settings(max_examples=HEAVY_EXAMPLES)
@given(members(tuple(CATALOGUE)), conventions, conventions, signed_omegas)
def test_convention_round_trips(member, c1, c2, k):
    gt = gt_of(*member)
    there = gt.in_convention(c1)
    back = there.in_convention(ANGULAR)
    # exact round trip of the regular part and of the point masses
    assert sp.simplify(back.regular - gt.regular) == 0
    assert {(s.location, s.order, sp.simplify(s.coefficient)) for s in back.singular} == \
           {(s.location, s.order, sp.simplify(s.coefficient)) for s in gt.singular}
    # composition c1 -> c2 equals angular -> c2
    via = there.in_convention(c2).evaluate(np.array([k]))
    direct = gt.in_convention(c2).evaluate(np.array([k]))
    if abs(direct[0]) > 1e-250:
        assert rel_err(via, direct)[0] <= 1e-12
    # the definition: F_{a,b}(k) = sqrt(|b|/(2π)^(1-a)) · σ̂_angular(-b k)
    lam = -float(c1.b)
    expected = float(c1.forward_factor) * gt.evaluate(np.array([lam * k]))
    if abs(expected[0]) > 1e-250:
        assert rel_err(there.evaluate(np.array([k])), expected)[0] <= 1e-12
