"""theory.seminorm: the spectral weight, its constant, null space, asymptotics, hyperplane density,
random scale and activation design (issue 4, symbolic side)."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from specbias.core.activations import CATALOGUE, get_activation
from specbias.core.conventions import ANGULAR, NAMED
from specbias.core.errors import DegenerateSeminorm, DimensionError
from specbias.theory.fourier import OMEGA
from specbias.theory.seminorm import (BETA, RHO, SIGMA_B, SIGMA_W, TAU, design_activation, hyperplane_density,
                             radon_inversion_constant, random_scale_spectrum, seminorm_constant,
                             spectral_weight)

from _engine import HEAVY_EXAMPLES, gt_of

HOMOGENEOUS = [n for n, a in CATALOGUE.items() if a.homogeneity is not None]
SMOOTH_OR_ALL = [n for n in CATALOGUE if n != "sin"]


@settings(max_examples=20)
@given(st.sampled_from(HOMOGENEOUS), st.integers(1, 5), st.floats(0.1, 10), st.floats(0.2, 5))
def test_weight_homogeneity_follows_activation_homogeneity(name, d, w, lam):
    """k-homogeneous σ ⇒ σ̂ is -(k+1)-homogeneous ⇒ W(λω) = λ^{d+2k+1} W(ω)."""
    k = get_activation(name).homogeneity
    sw = spectral_weight(gt_of(name), d)
    assert sw.homogeneity == d + 2 * k + 1
    a, b = sw.evaluate(np.array([lam * w, w]))
    assert abs(a / b - lam ** (d + 2 * k + 1)) <= 1e-12 * lam ** (d + 2 * k + 1)


@pytest.mark.parametrize("name", SMOOTH_OR_ALL)
def test_null_space_from_pole_order(name):
    """THEORY.md §3: a 1/ω pole leaves the constants free, 1/ω² the affine functions."""
    sw = spectral_weight(gt_of(name), 2)
    assert sw.null_space_degree == gt_of(name).pole_order - 1
    expected = {"relu": 1, "step": 0, "sign": 0, "sigmoid": 0, "tanh": 0, "erf": 0, "softplus": 1,
                "gelu": 1, "swish": 1, "elu": 1, "gaussian": -1, "abs": 1, "leaky_relu": 1, "relu_pow": 2}
    assert sw.null_space_degree == expected[name]


@pytest.mark.parametrize("name", SMOOTH_OR_ALL)
def test_asymptotics_are_leading_terms(name):
    sw = spectral_weight(gt_of(name), 2)
    f = sp.lambdify(OMEGA, sw.weight, "mpmath")
    lo = sp.lambdify(OMEGA, sw.low, "mpmath")
    hi = sp.lambdify(OMEGA, sw.high, "mpmath")
    import mpmath

    with mpmath.workdps(40):
        assert abs(f(mpmath.mpf("1e-8")) / lo(mpmath.mpf("1e-8")) - 1) < 1e-6
        assert abs(f(mpmath.mpf("1e4")) / hi(mpmath.mpf("1e4")) - 1) < 1e-2


def test_relu_and_step_weights_and_radon_operators():
    relu = spectral_weight("relu", 3)
    assert sp.simplify(relu.weight - OMEGA ** 6) == 0
    assert relu.radon_operator == "∂_t^2"
    step = spectral_weight("step", 2)
    assert sp.simplify(step.weight - OMEGA ** 3) == 0
    assert step.radon_operator == "∂_t^1"
    assert "multiplier" in spectral_weight("sigmoid", 1).radon_operator


@pytest.mark.parametrize("d", [1, 2, 3, 4])
def test_constants(d):
    """γ_d = 1/(2(2π)^{d-1}) and C_d = γ_d²/π = 1/(4π(2π)^{2(d-1)}) (THEORY.md §2, §3)."""
    assert sp.simplify(radon_inversion_constant(d) - 1 / (2 * (2 * sp.pi) ** (d - 1))) == 0
    assert sp.simplify(seminorm_constant(d) - 1 / (4 * sp.pi * (2 * sp.pi) ** (2 * (d - 1)))) == 0


@pytest.mark.parametrize("conv", [c for c in NAMED.values() if c != ANGULAR], ids=lambda c: c.name)
def test_constant_makes_the_seminorm_convention_independent(conv):
    """C_d^{conv} ∫|ĝ_conv|² W_conv dk is the same number in every convention (g Gaussian, σ ReLU, d=1)."""
    x = sp.Symbol("x", real=True)
    k = sp.Symbol("k", real=True)
    g = sp.exp(-x ** 2 / 2)
    ghat_ang = sp.sqrt(2 * sp.pi) * sp.exp(-k ** 2 / 2)
    lam, c = -conv.b, conv.forward_factor
    ghat_conv = c * ghat_ang.subs(k, lam * k)
    gt = gt_of("relu").in_convention(conv)
    w_conv = 1 / (gt.regular * sp.conjugate(gt.regular))            # d = 1, k > 0
    ang = seminorm_constant(1) * 2 * sp.integrate(ghat_ang ** 2 * k ** 4, (k, 0, sp.oo))
    other = seminorm_constant(1, conv) * 2 * sp.integrate(
        sp.simplify(ghat_conv * sp.conjugate(ghat_conv) * w_conv.subs(OMEGA, k)), (k, 0, sp.oo))
    assert sp.simplify(ang - other) == 0
    assert g  # the Gaussian whose seminorm this is


def test_degenerate_and_bad_dimension():
    with pytest.raises(DegenerateSeminorm):
        spectral_weight("sin", 1)
    for bad in (0, -1, 1.5):
        with pytest.raises(DimensionError):
            spectral_weight("relu", bad)


@pytest.mark.parametrize("d", [1, 2, 3])
def test_tau_law_from_hyperplane_density(d):
    """With w ~ N(0, σ_w² I), b ~ N(0, σ_b²), τ = -b/‖w‖ has density |S^{d-1}| ζ_{k=0}(τ); it is a
    Student-t law with d degrees of freedom and scale σ_b/(σ_w√d) (Cauchy with scale σ_b/σ_w for d = 1),
    as THEORY.md §1 claims."""
    zeta0 = hyperplane_density("gaussian", d, homogeneity=0)
    area = 2 * sp.pi ** sp.Rational(d, 2) / sp.gamma(sp.Rational(d, 2))
    s = SIGMA_B / (SIGMA_W * sp.sqrt(d))
    student = sp.gamma(sp.Rational(d + 1, 2)) / (sp.sqrt(d * sp.pi) * sp.gamma(sp.Rational(d, 2)) * s) \
        * (1 + TAU ** 2 / (d * s ** 2)) ** (-sp.Rational(d + 1, 2))
    assert sp.simplify(area * zeta0 - student) == 0


def test_jin_montufar_density_d1():
    """d = 1, ReLU: ζ(τ) = ∫_0^∞ ρ³ p(ρ, -ρτ) dρ, whose total over u = ±1 is Jin–Montúfar's
    ∫ |W|³ p(W, -Wτ) dW; compare with direct quadrature of that integral."""
    import mpmath

    zeta = hyperplane_density("gaussian", 1, homogeneity=1)
    vals = {SIGMA_W: sp.Rational(3, 2), SIGMA_B: sp.Rational(1, 2), TAU: sp.Rational(2, 3)}
    sw, sb, tau = 1.5, 0.5, 2 / 3

    def p(W, B):
        return mpmath.npdf(W, 0, sw) * mpmath.npdf(B, 0, sb)

    jm = mpmath.quad(lambda W: abs(W) ** 3 * p(W, -W * tau), [-mpmath.inf, 0, mpmath.inf])
    assert abs(2 * float(zeta.subs(vals)) - float(jm)) < 1e-12 * float(jm)


def test_uniform_density_is_constant_on_the_data_region():
    zeta = hyperplane_density("uniform", 2, homogeneity=1)
    near = [sp.simplify(zeta.subs({BETA: 2, TAU: t})) for t in (sp.Rational(1, 4), sp.Rational(1, 2), 1, 2)]
    assert len(set(near)) == 1  # ζ constant for |τ| ≤ β: the spectral form applies there


def test_random_scale_relu():
    """For ReLU |σ̂(ω/ρ)|² = ρ⁴/ω⁴, so K(ω) = E[ρ²]/ω⁴: the scale law only rescales."""
    q = RHO * sp.exp(-RHO ** 2 / 2)  # Rayleigh, E[ρ²] = 2
    K = random_scale_spectrum("relu", q)
    assert sp.simplify(K - 2 / OMEGA ** 4) == 0


penalties = st.builds(
    lambda roots, m, d: (sp.prod([(OMEGA ** 2 + r ** 2) for r in roots]) * OMEGA ** (2 * m + d - 1), d),
    st.lists(st.sampled_from([sp.Integer(1), sp.Integer(2), sp.Rational(1, 2), sp.Integer(3)]),
             min_size=0, max_size=2),
    st.integers(0, 2), st.sampled_from([1, 3]))


@settings(max_examples=HEAVY_EXAMPLES)
@given(penalties)
def test_designed_activation_reproduces_the_penalty(pd):
    """THEORY.md §4: σ built from P must give W_σ,d = P when run back through the engine."""
    P, d = pd
    if sp.degree(P, OMEGA) <= d - 1:
        return  # σ̂ would not decay: no function σ
    act = design_activation(P, d)
    W = spectral_weight(act, d).weight
    assert sp.simplify(W - sp.expand(P)) == 0
