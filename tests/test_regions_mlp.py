"""numerics.mlp: analytic and per-example gradients against finite differences, the factorized
gradient Gram against materialized per-example gradients, Adam's first step, the init laws."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from specbias.core.errors import InputError, ParameterError
from specbias.numerics.mlp import MLP, Adam, train_epoch


def _fd_grad(net, loss, h=1e-6):
    theta = net.get_flat()
    g = np.zeros_like(theta)
    for k in range(len(theta)):
        t = theta.copy()
        t[k] += h
        net.set_flat(t)
        fp = loss()
        t[k] -= 2 * h
        net.set_flat(t)
        fm = loss()
        g[k] = (fp - fm) / (2 * h)
    net.set_flat(theta)
    return g


@settings(max_examples=8)
@given(depth=st.integers(1, 3), width=st.integers(2, 6), d=st.integers(1, 3), seed=st.integers(0, 10 ** 6),
       init=st.sampled_from(["pytorch", "gaussian"]))
def test_per_example_gradients_match_finite_differences(depth, width, d, seed, init):
    rng = np.random.default_rng(seed)
    net = MLP.init(d, depth, width, init=init, seed=seed)
    X = rng.normal(size=(3, d))
    y = rng.normal(size=3)
    G = net.per_example_gradients(X, y)
    assert G.shape == (3, net.n_params)
    for i in range(3):
        fd = _fd_grad(net, lambda: float((net(X[i:i + 1])[0] - y[i]) ** 2))
        # central differences, h = 1e-6 on a piecewise-quadratic loss: measured max error ~1e-9
        # (no kink crossed with these random points); 1e-7 absolute leaves a margin
        np.testing.assert_allclose(G[i], fd, atol=1e-7, rtol=1e-6)
    # the batch gradient of the mean loss is the mean of the per-example gradients
    _, grads = net.loss_and_grad(X, y)
    np.testing.assert_allclose(np.concatenate([g.ravel() for g in grads]), G.mean(0), rtol=1e-12, atol=1e-14)


def test_gradient_cosines_equal_materialized_gradients():
    rng = np.random.default_rng(3)
    net = MLP.init(4, 3, 16, seed=3)
    X, y = rng.normal(size=(30, 4)), rng.normal(size=30)
    pairs = rng.integers(0, 30, size=(50, 2))
    G = net.per_example_gradients(X, y)
    n = np.linalg.norm(G, axis=1)
    ref = np.einsum("pk,pk->p", G[pairs[:, 0]], G[pairs[:, 1]]) / (n[pairs[:, 0]] * n[pairs[:, 1]])
    np.testing.assert_allclose(net.gradient_cosines(X, y, pairs), ref, atol=1e-12)
    Gh = G[:, :-(net.W[-1].size + 1)]  # hidden layers only: drop the output weights and bias
    nh = np.linalg.norm(Gh, axis=1)
    ref_h = np.einsum("pk,pk->p", Gh[pairs[:, 0]], Gh[pairs[:, 1]]) / (nh[pairs[:, 0]] * nh[pairs[:, 1]])
    np.testing.assert_allclose(net.gradient_cosines(X, y, pairs, hidden_only=True), ref_h, atol=1e-12)
    # a pair with itself has cosine 1
    same = np.stack([np.arange(30), np.arange(30)], 1)
    np.testing.assert_allclose(net.gradient_cosines(X, y, same), 1.0, atol=1e-12)


def test_adam_first_step_is_lr_times_sign():
    # bias-corrected Adam: m̂/√v̂ = g/|g| at t = 1, so every parameter moves by lr (ε = 1e-8 aside)
    rng = np.random.default_rng(1)
    net = MLP.init(2, 2, 8, seed=1)
    X, y = rng.normal(size=(20, 2)), rng.normal(size=20)
    theta0 = net.get_flat()
    _, grads = net.loss_and_grad(X, y)
    g = np.concatenate([q.ravel() for q in grads])
    opt = Adam(net.params(), lr=1e-3)
    train_epoch(net, opt, X, y)
    step = net.get_flat() - theta0
    big = np.abs(g) > 1e-4
    np.testing.assert_allclose(step[big], -1e-3 * np.sign(g[big]), rtol=1e-4)


def test_minibatch_epoch_is_seeded_and_decreases_loss():
    rng = np.random.default_rng(2)
    X = rng.uniform(-1, 1, size=(64, 2))
    y = np.sin(3 * X[:, 0]) + X[:, 1]
    out = []
    for _ in range(2):
        net = MLP.init(2, 2, 32, seed=5)
        opt = Adam(net.params(), lr=1e-2)
        r = np.random.default_rng(9)
        l0 = net.loss(X, y)
        for _ in range(30):
            train_epoch(net, opt, X, y, batch_size=16, rng=r)
        out.append(net.get_flat())
        assert net.loss(X, y) < 0.5 * l0
    np.testing.assert_array_equal(out[0], out[1])


def test_pytorch_init_bounds_and_gaussian_scale():
    net = MLP.init(9, 2, 400, init="pytorch", seed=0)
    assert np.abs(net.W[0]).max() <= 1 / 3 and np.abs(net.b[0]).max() <= 1 / 3
    assert np.abs(net.W[1]).max() <= 1 / 20 and np.abs(net.W[1]).max() > 0.049
    # uniform on [-1/3, 1/3]: variance 1/27; 3600 draws, standard error of the variance ~ 0.03 relative
    assert abs(net.W[0].var() * 27 - 1) < 0.1
    g = MLP.init(50, 1, 2000, init="gaussian", seed=0)
    assert abs(g.W[0].std() * np.sqrt(50 / 2) - 1) < 0.02  # 1e5 draws: relative sd error ~ 0.0022
    assert abs(g.b[0].std() * np.sqrt(50) - 1) < 0.1  # 2000 draws: ~ 0.016


def test_bad_input():
    with pytest.raises(ParameterError):
        MLP.init(2, 0, 8)
    with pytest.raises(ParameterError):
        MLP.init(2, 2, 8, init="xavier")
    net = MLP.init(2, 1, 4)
    with pytest.raises(InputError):
        net(np.ones((3, 3)))
    with pytest.raises(InputError):
        net(np.array([[np.nan, 0.0]]))
