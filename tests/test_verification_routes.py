"""Verification stamps name the route that actually ran (issue 10): no "QUADPACK" where no quadrature ran."""

from __future__ import annotations

import pytest

from specbias.derivations.verification import verify_transform, verify_weight
from specbias.core.activations import get_activation
from specbias.numerics.fourier import NumericTransform
from specbias.theory.fourier import fourier_transform
from specbias.theory.seminorm import spectral_weight


@pytest.mark.parametrize("name", ["relu", "step", "abs"])
def test_piecewise_linear_sigma_needs_no_quadrature(name):
    # σ^(n) is a sum of point masses: σ̂ is the closed form of the jumps and the limits; nothing is integrated
    nt = NumericTransform(get_activation(name))
    nt([0.5, 3.0])
    assert nt.quadrature_free and nt.used == set()
    rec = verify_transform(fourier_transform(name))
    assert rec["passed"] and "no quadrature" in rec["method"] and "QUADPACK" not in rec["method"]
    assert rec["routes"] == ["theory", "jumps and limits, no quadrature"]
    w = verify_weight(spectral_weight(fourier_transform(name), 2))
    assert w["routes"][-1] == "jumps and limits, no quadrature"


def test_smooth_sigma_names_the_rule_that_ran():
    nt = NumericTransform(get_activation("tanh"))
    nt([0.7])
    assert not nt.quadrature_free and nt.used
    rec = verify_transform(fourier_transform("tanh"))
    assert rec["passed"] and rec["routes"][-1] in ("Gauss-Legendre panels", "Gauss-Legendre + QUADPACK", "QUADPACK")
    for rule in nt.used:
        assert rule in rec["method"]


def test_quadpack_named_when_it_runs():
    # switching the fixed rule off makes every part go through QAWO: the stamp must then say QUADPACK
    nt = NumericTransform(get_activation("sigmoid"))
    for seg in nt._segments:
        seg.fixed = lambda w, kind: None
    nt([1.3])
    assert nt.used == {"QUADPACK QAWO"} and nt.route() == "QUADPACK"
