"""Adjoint dot test of the grid transform, and round-trip (filtered back-projection) inversion in
2-D and 3-D with the inversion constant derived in theory.radon."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from specbias.numerics.radon import (fbp, fbp_grid, grid_offsets, radon, radon_grid, radon_grid_adjoint,
                            sphere_quadrature)
from specbias.theory.radon import inversion_constant


@settings(max_examples=20)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(2, 40), m=st.integers(1, 9),
       k=st.one_of(st.none(), st.integers(1, 80)), h=st.floats(0.05, 3.0),
       eps=st.sampled_from([1e-6, 1e-11]))
def test_dot_test(seed, n, m, k, h, eps):
    rng = np.random.default_rng(seed)
    th = rng.uniform(-4, 4, m)
    x = rng.standard_normal((n, n))
    Rx = radon_grid(x, th, h=h, n_offsets=k, eps=eps)
    y = rng.standard_normal(Rx.shape)
    Ry = radon_grid_adjoint(y, th, n, h=h, eps=eps)
    lhs, rhs = float(np.vdot(Rx, y)), float(np.vdot(x, Ry))
    scale = np.linalg.norm(Rx) * np.linalg.norm(y) + np.linalg.norm(x) * np.linalg.norm(Ry)
    assert abs(lhs - rhs) <= 1e-10 * scale


@pytest.mark.parametrize("n", [96, 97])
def test_dot_test_large(n):
    rng = np.random.default_rng(n)
    th = np.linspace(0, np.pi, 50, endpoint=False)
    x = rng.standard_normal((n, n))
    y = rng.standard_normal((50, 141))
    lhs = float(np.vdot(radon_grid(x, th, n_offsets=141), y))
    rhs = float(np.vdot(x, radon_grid_adjoint(y, th, n)))
    assert abs(lhs - rhs) <= 1e-12 * abs(lhs) * 100


def test_offsets_and_rotation_centre_convention():
    # a narrow Gaussian centred at the array centre (n-1)/2 projects to a profile centred at t = 0,
    # for even and odd n; a shifted one to t = u·μ with axis 0 = x1 and u = (cos θ, sin θ)
    for n in (60, 61):
        h = 0.2  # well resolved: f̂ at the Nyquist frequency π/h is e^{-31} of its peak
        x = (np.arange(n) - (n - 1) / 2) * h
        X1, X2 = np.meshgrid(x, x, indexing="ij")
        mu = np.array([0.75, -0.5])
        img = np.exp(-((X1 - mu[0]) ** 2 + (X2 - mu[1]) ** 2) / (2 * 0.5**2))
        th = np.array([0.0, np.pi / 2, 1.0])
        S = radon_grid(img, th, h=h)
        t = grid_offsets(S.shape[1], h)
        centroid = (S * t[None, :]).sum(1) / S.sum(1)
        assert np.allclose(centroid, np.cos(th) * mu[0] + np.sin(th) * mu[1], atol=1e-9)
        assert np.allclose(S.sum(1) * h, 2 * math.pi * 0.5**2, rtol=1e-9)  # total mass
        assert S.shape[1] % 2 == 1 and t[(S.shape[1] - 1) // 2] == 0.0


@pytest.mark.parametrize("n, m", [(64, 100), (65, 100)])
def test_round_trip_2d(n, m):
    L = 7.0
    h = 2 * L / (n - 1)
    x = (np.arange(n) - (n - 1) / 2) * h
    X1, X2 = np.meshgrid(x, x, indexing="ij")
    A = np.array([[1.5, 0.3], [0.3, 0.8]])
    mu = np.array([0.3, -0.2])
    D = np.stack([X1 - mu[0], X2 - mu[1]], -1)
    img = np.exp(-0.5 * np.einsum("...i,ij,...j->...", D, A, D))
    th = np.arange(m) * np.pi / m
    gamma2 = float(inversion_constant(2).gamma)
    rec = fbp_grid(radon_grid(img, th, h=h), th, n, gamma2, h=h)
    assert np.max(np.abs(rec - img)) <= 1e-6
    # a wrong constant (off by 2π) fails by far: the round trip pins γ_2
    assert np.max(np.abs(rec * 2 * math.pi - img)) > 0.5


@pytest.mark.slow
@pytest.mark.parametrize("method", ["fft", "local"])
def test_round_trip_3d(method):
    A = np.array([[1.5, 0.3, 0.0], [0.3, 0.8, 0.1], [0.0, 0.1, 1.1]])
    mu = np.array([0.3, -0.2, 0.1])
    Lc = np.linalg.cholesky(A)

    def f(X):
        return np.exp(-0.5 * np.sum(((X - mu) @ Lc) ** 2, 1))

    U, W = sphere_quadrature(3, 10)
    assert abs(W.sum() - 4 * math.pi) < 1e-12
    dt = 0.2
    t = np.arange(-7, 7 + dt / 2, dt)
    S = radon(f, U, t, n=17, extent=7.0)
    P = np.random.default_rng(3).uniform(-1, 1, (10, 3))
    gamma3 = float(inversion_constant(3).gamma)
    rec = fbp(S, U, W, t, P, 3, gamma3, method=method)
    assert np.max(np.abs(rec - f(P))) <= 2e-4  # limited by cubic interpolation in t (dt = 0.2)


def test_sphere_quadrature_2d_weights():
    U, W = sphere_quadrature(2, 12)
    assert np.allclose(np.linalg.norm(U, axis=1), 1) and abs(W.sum() - 2 * math.pi) < 1e-12
