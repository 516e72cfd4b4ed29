"""Tests written against survivors of benchmarks/mutation.py (issue 10): the provenance trail names
the rule that ran, the null-space text, and input validation at the edges of the Radon module."""

from __future__ import annotations

import numpy as np
import pytest

from specbias.core.errors import InputError
from specbias.numerics import radon as nr
from specbias.theory.fourier import fourier_transform
from specbias.theory.seminorm import spectral_weight


def _rules(gt):
    return [s.rule for s in gt.steps]


def test_gaussian_family_is_the_rule_that_ran():
    # survivor: `sp.degree(exponent, T) != 2` -> `!= 3` (the Gaussian rule never applies and another
    # route finds the same numbers); the trail must name the Gaussian rule
    assert "gaussian" in _rules(fourier_transform("gaussian"))
    assert "gaussian" in _rules(fourier_transform("gelu"))


def test_differentiation_step_is_recorded():
    # survivor: `if n > 0:` -> `if n <= 0:` around the provenance step "σ^(n) = ..."
    steps = fourier_transform("relu").steps
    diff = [s for s in steps if s.rule == "differentiation"]
    assert any(s.detail.startswith("σ^(2) = ") for s in diff)
    assert not any(s.detail.startswith("σ^(") for s in fourier_transform("gaussian").steps
                   if s.rule == "differentiation")


def test_null_space_text():
    # survivor: the key -1 of the null-space text table
    assert spectral_weight("gaussian", 1).null_space_text() == "trivial (no free functions)"
    assert spectral_weight("step", 1).null_space_text() == "constants"
    assert spectral_weight("relu", 1).null_space_text() == "affine functions"


def test_empty_directions_are_rejected():
    # survivor: `u.shape[0] == 0` -> `u.shape[1] == 0`
    with pytest.raises(InputError, match="empty"):
        nr.radon(lambda x: np.exp(-np.sum(x ** 2, axis=-1)), np.zeros((0, 2)), np.array([0.0]))


def test_smallest_grid_adjoint():
    # survivor: `n < 2` -> `n < 3` in radon_grid_adjoint: n = 2 is a valid grid (dot test to rounding)
    rng = np.random.default_rng(0)
    angles = np.array([0.1, 1.0, 2.0])
    x = rng.standard_normal((2, 2))
    Rx = nr.radon_grid(x, angles)
    y = rng.standard_normal(Rx.shape)
    Aty = nr.radon_grid_adjoint(y, angles, 2)
    assert Aty.shape == (2, 2)
    assert np.sum(Rx * y) == pytest.approx(np.sum(x * Aty), rel=1e-10)
    with pytest.raises(InputError):
        nr.radon_grid_adjoint(y, angles, 1)
