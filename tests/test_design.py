"""theory.seminorm.design_activation (THEORY.md §4): σ with W_σ,d = P, checked by re-deriving W from
the designed σ and by numbers (issue 10: the designer was executed by no test)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp

from specbias.core.activations import T
from specbias.numerics.regularized import regularized_transform
from specbias.theory.fourier import OMEGA
from specbias.theory.seminorm import design_activation, spectral_weight

CASES = [
    # (P, d, σ typed by hand)
    (OMEGA ** 4, 1, T * sp.Heaviside(T)),                        # relu: W = ω⁴
    (1 + OMEGA ** 2, 1, sp.exp(-T) * sp.Heaviside(T)),           # σ̂ = 1/(1 + iω)
    (OMEGA ** 2 * (1 + OMEGA ** 2), 1, (1 - sp.exp(-T)) * sp.Heaviside(T)),
    (OMEGA ** 4, 3, sp.Heaviside(T)),                             # step in d = 3: W = ω²·ω²
    # d = 3, |σ̂|² = ω²/(1 + ω²)² keeps its numerator ω² (the factor (iω)^1 of the design): by hand
    # F[(1 − t)e^{−t}H(t)] = 1/(1 + iω) − 1/(1 + iω)² = iω/(1 + iω)²
    ((1 + OMEGA ** 2) ** 2, 3, (1 - T) * sp.exp(-T) * sp.Heaviside(T)),
]


@pytest.mark.parametrize("P,d,sigma", CASES)
def test_designed_activation_has_the_weight(P, d, sigma):
    act = design_activation(P, d)
    assert sp.simplify(act.expr - sigma) == 0
    assert sp.simplify(spectral_weight(act, d).weight - P) == 0


def test_designed_activation_by_numbers():
    # |σ̂|² = ω^{d−1}/P at ω = 1.3 from the regularized route (definition of σ only): P = 1 + ω², d = 1
    act = design_activation(1 + OMEGA ** 2, 1)
    w = 1.3
    v = regularized_transform(act, w, rtol=1e-11)
    assert abs(v) ** 2 == pytest.approx(1 / (1 + w * w), rel=1e-10)
    assert v == pytest.approx(1 / (1 + 1j * w), rel=1e-10)


def test_design_rejects_what_it_cannot_do():
    from specbias.core.errors import NoClosedForm

    with pytest.raises(NoClosedForm):
        design_activation(OMEGA ** 4, 2)          # even d needs |ω|^{1/2}
    with pytest.raises(NoClosedForm):
        design_activation(sp.sqrt(OMEGA), 1)       # not a polynomial
    with pytest.raises(NoClosedForm):
        design_activation(OMEGA ** 4, 1, phase="minimum")
