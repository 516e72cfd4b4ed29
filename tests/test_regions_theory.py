"""theory.regions (first layer at init, from the init law) against Monte Carlo over initializations
drawn by numerics.mlp.MLP.init (the simulation's own initializer), and the closed forms against
hand derivations and an independent quadrature."""

import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from specbias.numerics import regions as R
from specbias.numerics.images import encode, make_task, parse_input
from specbias.numerics.mlp import MLP
from specbias.theory import regions as T


def _corners(d, lo, hi):
    g = np.stack(np.meshgrid(*[[lo, hi]] * d, indexing="ij"), -1).reshape(-1, d)
    return g


def _first_layers(d, width, init, n_units):
    seeds = math.ceil(n_units / width)
    for s in range(seeds):
        net = MLP.init(d, 1, width, init=init, seed=1000 + s)
        yield net.W[0], net.b[0]


@pytest.mark.parametrize("d", [1, 2, 3])
@pytest.mark.parametrize("init", ["pytorch", "gaussian"])
@pytest.mark.parametrize("box", ["unit", "centered"])
@settings(max_examples=2)
@given(width=st.sampled_from([16, 64, 256]))
def test_dead_fraction_and_hyperplanes_match_monte_carlo(d, width, init, box):
    lo, hi = (0.0, 1.0) if box == "unit" else (-1.0, 1.0)
    C = _corners(d, lo, hi)  # a linear function's extremes on the box are at its corners
    dead = meet = n = 0
    for W, b in _first_layers(d, width, init, 12000):
        z = C @ W.T + b
        dead += np.count_nonzero(z.max(0) <= 0)
        meet += R.hyperplanes_in_domain(z)
        n += len(b)
    pd = T.dead_fraction(d, box, init)
    pm = T.hyperplane_fraction(d, box, init)
    # 4 binomial standard errors of the MC estimate (p ~ 0.02-0.6, n >= 12000: se <= 0.0045)
    assert abs(dead / n - pd.value) <= 4 * math.sqrt(pd.value * (1 - pd.value) / n) + pd.error
    assert abs(meet / n - pm.value) <= 4 * math.sqrt(pm.value * (1 - pm.value) / n) + pm.error


@pytest.mark.parametrize("d", [1, 2])
@pytest.mark.parametrize("init", ["pytorch", "gaussian"])
@pytest.mark.parametrize("box", ["unit", "centered"])
def test_expected_regions_match_monte_carlo(d, init, box):
    lo, hi = (0.0, 1.0) if box == "unit" else (-1.0, 1.0)
    width = 12
    counts = np.array([R.arrangement_regions(W, b, lo, hi) for W, b in _first_layers(d, width, init, 600 * width)])
    pred = T.expected_regions(d, width, box, init)
    se = counts.std(ddof=1) / math.sqrt(len(counts))
    # 4 standard errors of the MC mean (600 draws; se ~ 0.1-0.5 regions) plus the cubature error
    assert abs(counts.mean() - pred.value) <= 4 * se + pred.error, (counts.mean(), pred.value, se)


def test_encoded_dead_fraction_matches_monte_carlo():
    task = make_task("random-image", size=16)
    for label in ("nerf:2", "centered"):
        Z = encode(parse_input(label), task.coords01)
        pd = T.dead_fraction_points(Z, "pytorch")
        dead = n = 0
        for W, b in _first_layers(Z.shape[1], 256, "pytorch", 12000):
            z = Z @ W.T + b
            dead += np.count_nonzero(z.max(0) <= 0)
            n += len(b)
        assert abs(dead / n - pd.value) <= 4 * math.sqrt(pd.value * (1 - pd.value) / n) + pd.error + 1e-4
    # on the box corners the cubature route must reproduce the closed form 1/12 (d = 2, [-1, 1]^2)
    p = T.dead_fraction_points(_corners(2, -1.0, 1.0), "pytorch")
    assert abs(p.value - 1 / 12) <= p.error + 1e-12 and p.error < 1e-3


def test_closed_forms_against_hand_derivation_and_quadrature():
    # d = 1, PyTorch law (w, b ~ U(-1, 1)), by hand: [0,1]: P(b <= -relu(w)) = 1/4 + 1/2 * 1/4 = 3/8;
    # [-1,1]: P(b <= -|w|) = E[(1 - |w|)/2] = 1/4
    assert T.dead_fraction(1, "unit").exact == sp.Rational(3, 8)
    assert T.dead_fraction(1, "centered").exact == sp.Rational(1, 4)
    assert T.hyperplane_fraction(1, "unit").exact == sp.Rational(1, 4)
    # Gaussian, equal scales (gain = bias_scale): the wedge {b <= -|w|} has angle π/2, i.e. 1/4
    assert abs(T.dead_fraction(1, "centered", "gaussian", gain=1.0, bias_scale=1.0).value - 0.25) < 1e-15
    # spherical-triangle q_2 against the convolution quadrature, several ρ
    for rho in (0.3, 1 / math.sqrt(2), 2.0):
        ex = float(T._gauss_q_exact(2, sp.Float(rho, 30)))
        q, err = T.gauss_q_quadrature(2, rho)
        assert abs(q - ex) <= err + 1e-12
    # Gaussian crossing point: bivariate Cauchy; its mass on [-1,1]^2 by 2-D quadrature
    from scipy import integrate

    c = 1 / math.sqrt(2)
    mass = integrate.dblquad(lambda y, x: c / (2 * math.pi * (c * c + x * x + y * y) ** 1.5), -1, 1, -1, 1,
                             epsabs=1e-12)[0]
    assert abs(mass - T.pair_probability("centered", "gaussian", c).value) < 1e-9
