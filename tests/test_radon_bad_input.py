"""Bad input to the Radon API raises typed errors (theory.errors), never a bare exception."""

import numpy as np
import pytest
import sympy as sp

from specbias.numerics import radon as NR
from specbias.theory import radon as TR
from specbias.core.errors import DimensionError, InputError, NumericError


def gauss(X):
    return np.exp(-0.5 * np.sum(X * X, axis=1))


# ---- callable route ---------------------------------------------------------------------------
def test_non_unit_direction():
    with pytest.raises(InputError, match="unit"):
        NR.radon(gauss, np.array([[1.0, 1.0]]), [0.0])


def test_dimension_below_two():
    with pytest.raises(DimensionError):
        NR.radon(gauss, np.array([[1.0]]), [0.0])


def test_nan_in_directions_and_offsets():
    with pytest.raises(InputError):
        NR.radon(gauss, np.array([[np.nan, 1.0]]), [0.0])
    with pytest.raises(InputError):
        NR.radon(gauss, np.array([[1.0, 0.0]]), [0.0, np.nan])


def test_bad_shapes_and_callables():
    with pytest.raises(InputError):
        NR.radon(gauss, np.ones((2, 2, 2)) / 2, [0.0])
    with pytest.raises(InputError):
        NR.radon(gauss, np.array([[1.0, 0.0]]), np.zeros((2, 2)))
    with pytest.raises(InputError):
        NR.radon("not callable", np.array([[1.0, 0.0]]), [0.0])
    with pytest.raises(InputError):
        NR.radon(lambda X: np.ones((X.shape[0], 2)), np.array([[1.0, 0.0]]), [0.0])
    with pytest.raises(InputError):
        NR.radon(gauss, np.array([[1.0, 0.0]]), [0.0], extent=-1)
    with pytest.raises(InputError):
        NR.radon(gauss, np.array([[1.0, 0.0]]), [0.0], n=10)


def test_f_returning_nan_and_unreachable_tolerance():
    with pytest.raises(NumericError):
        NR.radon(lambda X: np.full(X.shape[0], np.nan), np.array([[1.0, 0.0]]), [0.0])
    # a function that is not negligible at the cube's faces cannot meet rtol
    with pytest.raises(NumericError):
        NR.radon(lambda X: np.ones(X.shape[0]), np.array([[0.6, 0.8]]), [0.0], extent=2.0, max_points=500)
    with pytest.raises(NumericError):  # budget below the first two levels
        NR.radon(gauss, np.array([[0.0, 0.6, 0.8]]), [0.0], max_points=100)


# ---- grid route -------------------------------------------------------------------------------
def test_grid_nan_and_shapes():
    img = np.zeros((8, 8))
    img[3, 3] = np.nan
    with pytest.raises(InputError, match="NaN"):
        NR.radon_grid(img, [0.0])
    with pytest.raises(InputError):
        NR.radon_grid(np.zeros((8, 9)), [0.0])
    with pytest.raises(InputError):
        NR.radon_grid(np.zeros(8), [0.0])
    with pytest.raises(InputError):
        NR.radon_grid(np.zeros((8, 8)), [0.0], h=0)
    with pytest.raises(InputError):
        NR.radon_grid(np.zeros((8, 8)), [])
    with pytest.raises(InputError):
        NR.radon_grid(np.zeros((8, 8), dtype=complex), [0.0])
    with pytest.raises(InputError):
        NR.radon_grid(np.zeros((8, 8)), [0.0], n_offsets=0)


def test_adjoint_shape_mismatch():
    with pytest.raises(InputError):
        NR.radon_grid_adjoint(np.zeros((3, 11)), [0.0, 1.0], 8)
    with pytest.raises(InputError):
        NR.radon_grid_adjoint(np.full((1, 11), np.nan), [0.0], 8)
    with pytest.raises(InputError):
        NR.radon_grid_adjoint(np.zeros((1, 11)), [0.0], 1)


# ---- ramp filter, back-projection, radial route -----------------------------------------------
def test_ramp_filter_bad_input():
    with pytest.raises(DimensionError):
        NR.ramp_filter(np.zeros(8), 0.1, 1)
    with pytest.raises(InputError):
        NR.ramp_filter(np.zeros(8), 0.1, 2, method="local")  # even d is not local
    with pytest.raises(InputError):
        NR.ramp_filter(np.zeros(8), 0.1, 3, method="nope")
    with pytest.raises(InputError):
        NR.ramp_filter(np.zeros(8), -0.1, 3)
    with pytest.raises(InputError):
        NR.ramp_filter(np.array([1.0, np.nan, 0.0]), 0.1, 3)


def test_backproject_and_fbp_bad_input():
    U, W = NR.sphere_quadrature(2, 8)
    t = np.linspace(-1, 1, 9)
    with pytest.raises(InputError):
        NR.backproject(np.zeros((7, 9)), U, W, t, np.zeros((1, 2)))
    with pytest.raises(InputError):
        NR.backproject(np.zeros((8, 9)), U, W, t, np.zeros((1, 3)))
    with pytest.raises(InputError):
        NR.fbp(np.zeros((8, 9)), U, W, t**3, np.zeros((1, 2)), 2, 1.0)
    with pytest.raises(DimensionError):
        NR.sphere_quadrature(4, 3)


def test_radial_route_bad_input():
    with pytest.raises(DimensionError):
        NR.radon_radial(lambda r: 1.0, 1, [0.0])
    with pytest.raises(InputError):
        NR.radon_radial(lambda r: 1.0, 2, [0.0], support=0)
    with pytest.raises(InputError):
        NR.radon_radial(None, 2, [0.0])


# ---- symbolic side ----------------------------------------------------------------------------
def test_theory_bad_input():
    with pytest.raises(DimensionError):
        TR.radial_radon(TR.r, 1)
    with pytest.raises(DimensionError):
        TR.inversion_constant(0)
    with pytest.raises(DimensionError):
        TR.ramp_filter(1.5)
    with pytest.raises(InputError):
        TR.gaussian_radon([[1, 0], [0, -1]], [0, 0])  # not positive definite
    with pytest.raises(InputError):
        TR.gaussian_radon([[1, 2], [0, 1]], [0, 0])  # not symmetric
    with pytest.raises(InputError):
        TR.gaussian_radon(sp.eye(2), [0, 0, 0])  # shape mismatch
    with pytest.raises(InputError):
        TR.gaussian_radon([[float("nan"), 0], [0, 1]], [0, 0])
    with pytest.raises(InputError):
        TR.gaussian_radon(sp.eye(2), [float("nan"), 0])
    with pytest.raises(DimensionError):
        TR.gaussian_radon(d=1)
    with pytest.raises(InputError):
        TR.radial_polynomial_radon(sp.exp(TR.r), 2)
    with pytest.raises(InputError):
        TR.fourier_slice("unknown", 2)
    with pytest.raises(InputError):
        TR.radial_round_trip(2)
    with pytest.raises(InputError):
        TR.disc_radon(-1)
    with pytest.raises(InputError):
        TR.gaussian_radon(sp.eye(2), [0, 0]).numeric(np.ones((1, 3)), [0.0])
