"""numerics.adaptive: RS coordinates, their invariance under rescaling, distances, clusters,
and the law of τ at initialization (THEORY.md §1)."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from specbias.numerics.adaptive import (clusters, hyperplane_distances, min_distances, pinned_fraction, rs_coordinates)
from specbias.numerics.network import ShallowNet
from specbias.core.errors import NumericError, ParameterError


@settings(max_examples=25)
@given(act_k=st.sampled_from([("relu", 1), ("leaky_relu", 1), ("abs", 1), ("relu_pow", 2), ("step", 0)]),
       d=st.integers(1, 5), m=st.integers(1, 12), scale=st.floats(1e-2, 1e2), seed=st.integers(0, 2**20),
       log_lam=st.floats(-3, 3))
def test_output_and_rs_coordinates_invariant_under_rescaling(act_k, d, m, scale, seed, log_lam):
    act, k = act_k
    rng = np.random.default_rng(seed)
    net = ShallowNet.init(d, m, act, scale=scale, seed=seed, zero_c=False)
    lam = np.exp(log_lam + rng.uniform(-1, 1, m))  # a different λ_i > 0 per neuron
    other = ShallowNet(net.W * lam[:, None], net.b * lam, net.v * lam ** (-k), net.c, act)
    X = rng.uniform(-1, 1, (9, d))
    f0 = net(X)
    np.testing.assert_allclose(other(X), f0, rtol=1e-10, atol=1e-12 * (1 + np.abs(f0).max()))
    a, b = rs_coordinates(net), rs_coordinates(other)
    np.testing.assert_allclose(b.u, a.u, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(b.tau, a.tau, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(b.c, a.c, rtol=1e-11)
    np.testing.assert_allclose(np.linalg.norm(a.u, axis=1), 1.0, rtol=1e-14)
    # the conserved quantity is *not* invariant (it selects the point on the orbit)
    if k == 1 and np.max(np.abs(log_lam)) > 0.5:
        assert not np.allclose(other.conserved(), net.conserved())


def test_rs_coordinates_by_hand():
    # w = (3, 4), b = -5, v = 2: ρ = 5, u = (0.6, 0.8), τ = 1, c = vρ = 10
    net = ShallowNet([[3.0, 4.0]], [-5.0], [2.0], activation="relu")
    rs = rs_coordinates(net)
    np.testing.assert_allclose(rs.u, [[0.6, 0.8]])
    assert rs.tau[0] == pytest.approx(1.0) and rs.rho[0] == pytest.approx(5.0) and rs.c[0] == pytest.approx(10.0)
    # distance of the line 0.6x + 0.8y = 1 to (0,0), (1,0.5), (0.6,0.8)
    D = hyperplane_distances(net, np.array([[0.0, 0.0], [1.0, 0.5], [0.6, 0.8]]))
    np.testing.assert_allclose(D, [[1.0, 0.0, 0.0]], atol=1e-15)
    tanh = rs_coordinates(ShallowNet([[3.0, 4.0]], [-5.0], [2.0], activation="tanh"))
    assert tanh.c is None and tanh.k is None


def test_zero_weight_neuron_is_a_typed_error():
    with pytest.raises(NumericError):
        rs_coordinates(ShallowNet([[0.0, 0.0]], [1.0], [1.0]))


def test_pinned_fraction_and_tolerance():
    X = np.array([[0.0, 0.0], [0.5, 0.5]])
    net = ShallowNet([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], [0.0, -0.2, -1.0 - 1e-6], [1.0, 1.0, 1.0])
    md = min_distances(net, X)
    np.testing.assert_allclose(md, [0.0, 0.2, 1e-6 / np.sqrt(2)], atol=1e-15)
    assert pinned_fraction(net, X, 1e-3) == pytest.approx(2 / 3)
    with pytest.raises(ParameterError):
        pinned_fraction(net, X, 0.0)


def test_clusters_of_constructed_hyperplanes():
    rng = np.random.default_rng(0)
    base = np.array([[1.0, 0.0, 0.3], [0.0, 1.0, -0.2], [0.6, 0.8, 0.0]])  # (u, τ) of three lines
    rows, sizes = [], [5, 3, 1]
    for (u1, u2, tau), s in zip(base, sizes):
        for _ in range(s):
            u = np.array([u1, u2]) + 1e-4 * rng.standard_normal(2)
            rho = rng.uniform(0.5, 2.0)
            rows.append((rho * u, -rho * tau))
    W = np.array([r[0] for r in rows])
    b = np.array([r[1] for r in rows])
    net = ShallowNet(W, b, np.ones(len(rows)))
    st_ = clusters(net, eps=0.01)
    assert st_.n_clusters == 3 and st_.multiplicities == [5, 3, 1]
    assert st_.alignment_min > 0.9999
    assert clusters(net, eps=1e-6).n_clusters == 9


@pytest.mark.parametrize("d", [1, 2, 5])
def test_tau_law_at_initialization(d):
    """THEORY.md §1: τ = −b/‖w‖ is Student-t with d degrees of freedom; the scale is
    σ_b/(σ_w √d) (σ_b/σ_w = Cauchy scale for d = 1)."""
    from scipy import stats

    sw, sb = 0.7, 1.3
    net = ShallowNet.init(d, 20000, "relu", seed=11, weight_std=sw, bias_std=sb)
    tau = rs_coordinates(net).tau
    scale = sb / (sw * np.sqrt(d))
    assert stats.kstest(tau, stats.t(df=d, scale=scale).cdf).pvalue > 1e-3
    if d > 1:  # the unscaled law σ_b/σ_w · t_d is rejected
        assert stats.kstest(tau, stats.t(df=d, scale=sb / sw).cdf).pvalue < 1e-6
    u = rs_coordinates(net).u
    assert np.abs(u.mean(axis=0)).max() < 0.03  # uniform on the sphere: mean 0
