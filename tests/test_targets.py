"""numerics.targets: shapes, determinism, definitions checked against hand values."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from specbias.numerics.targets import make_target, target_function, target_names
from specbias.core.errors import DimensionError, InputError, ParameterError

FUNCTION_TARGETS = ["doppler2d", "bessel_ring", "disc_step", "random"]


@settings(max_examples=20)
@given(name=st.sampled_from(FUNCTION_TARGETS), d=st.integers(1, 6), n=st.integers(1, 60), seed=st.integers(0, 10**6))
def test_shapes_determinism_and_unit_ball(name, d, n, seed):
    X, y = make_target(name, d, n, seed)
    assert X.shape == (n, d) and y.shape == (n,)
    assert X.dtype == np.float64 and np.all(np.isfinite(y))
    assert np.all(np.linalg.norm(X, axis=1) <= 1 + 1e-12)
    X2, y2 = make_target(name, d, n, seed)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    np.testing.assert_allclose(target_function(name, d, seed)(X), y, rtol=0, atol=0)


def test_hand_values():
    # Donoho's Doppler D(t) = sqrt(t(1-t)) sin(2π(1+ε)/(t+ε)), ε = 0.05 (Donoho & Johnstone 1994)
    t = 0.5
    D = np.sqrt(t * (1 - t)) * np.sin(2 * np.pi * 1.05 / 0.55)
    x = np.array([[0.3, 0.4]])  # ‖x‖ = 0.5
    assert target_function("doppler2d")(x)[0] == pytest.approx(D, rel=1e-14)
    # J0(0) = 1 and J0 at its first zero 2.404825557695773 (Abramowitz & Stegun table 9.5)
    f = target_function("bessel_ring")
    r0 = 2.404825557695773 / (2 * np.pi)
    np.testing.assert_allclose(f(np.array([[0.0, 0.0], [r0, 0.0]])), [1.0, 0.0], atol=1e-12)
    g = target_function("disc_step")
    np.testing.assert_array_equal(g(np.array([[0.0, 0.7], [0.0, 0.76], [0.6, 0.6]])), [0.0, 1.0, 1.0])


def test_uniform_in_ball_radius_law():
    # P(‖x‖ <= r) = r^d for the uniform law in the ball
    X, _ = make_target("random", 3, 20000, 1)
    r = np.linalg.norm(X, axis=1)
    for q in (0.3, 0.6, 0.9):
        assert np.mean(r <= q) == pytest.approx(q ** 3, abs=0.015)


def test_random_labels_are_smooth_and_seeded():
    f0, f1 = target_function("random", 2, 0), target_function("random", 2, 1)
    X = np.random.default_rng(5).uniform(-0.5, 0.5, (50, 2))
    assert not np.allclose(f0(X), f1(X))
    h = 1e-6
    dx = (f0(X + [h, 0]) - f0(X - [h, 0])) / (2 * h)
    assert np.all(np.abs(dx) < 100)


@pytest.mark.parametrize("dim", [1, 2, 10, 64])
def test_digits(dim):
    X, y = make_target("digits", dim, 100, 0)
    assert X.shape == (100, dim)
    assert np.all(np.linalg.norm(X, axis=1) <= 1 + 1e-12)
    assert set(np.round(y * 4.5 + 4.5).astype(int)) <= set(range(10))
    X2, _ = make_target("digits", dim, 100, 0)
    np.testing.assert_array_equal(X, X2)


def test_bad_input():
    with pytest.raises(InputError):
        make_target("mnist", 2, 10)
    with pytest.raises(InputError):
        target_function("no_such_target")
    with pytest.raises(InputError):
        target_function("digits")
    with pytest.raises(DimensionError):
        make_target("disc_step", 0, 10)
    with pytest.raises(DimensionError):
        make_target("digits", 65, 10)
    with pytest.raises(ParameterError):
        make_target("random", 2, 0)
    with pytest.raises(ParameterError):
        make_target("digits", 2, 5000)
    with pytest.raises(ParameterError):
        make_target("random", 2, 10, seed=-1)
    with pytest.raises(DimensionError):
        target_function("random")
    with pytest.raises(DimensionError):
        target_function("random", 2)(np.zeros((3, 3)))
    with pytest.raises(InputError):
        target_function("bessel_ring")(np.array([[np.nan, 0.0]]))
    assert target_names() == ["doppler2d", "bessel_ring", "disc_step", "random", "digits"]
