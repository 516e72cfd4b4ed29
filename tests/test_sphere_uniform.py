"""PyTorch's uniform law on the sphere S^2 (issue 11): w uniform on the cube [−c, c]^3, b uniform on [−c, c],
c = 1/√3.  The kernel is not rotation invariant; λ_k is the mean Rayleigh quotient over the degree-k harmonics,
E_{ρ,b} μ_k(ρ, b)², and only the law of ρ = |w| enters (theory/ntk.py, "Sphere, uniform law")."""

from __future__ import annotations

import math

import numpy as np
import pytest

from specbias.core.errors import NoClosedForm, ParameterError
from specbias.theory import ntk as th

C3 = 1 / math.sqrt(3)
LAW3 = th.UniformLaw(3)


def test_law_of_the_norm_on_the_cube():
    """The closed-form radial law of the cube (solid angle 4π, 12πc/ρ − 8π, and the overlapping-caps piece):
    total mass 1, the ball's share π/6 = vol(ball of radius c)/vol(cube), E|w|² = 3·c²/3, and
    E|w|⁴ = 3 E w⁴ + 6 (E w²)² = (3/5 + 6/9) c⁴ (hand-derived moments of the uniform law).  Measured: 9e−16."""
    r, w = th._uniform_rho_nodes(C3, 40, 3)
    assert abs(w.sum() - 1) < 5e-15
    assert abs(w[:40].sum() - math.pi / 6) < 5e-15           # the first piece is [0, c]
    assert abs((w * r ** 2).sum() - C3 ** 2) < 5e-15
    assert abs((w * r ** 4).sum() - (3 / 5 + 6 / 9) * C3 ** 4) < 5e-15
    assert r.max() < 1.0 and r.min() > 0.0                  # the corner is at c√3 = 1


def test_mean_norm_against_a_tensor_quadrature_of_the_cube():
    """E|w| (not a polynomial moment: it sees the third piece's shape) against a 64³ tensor Gauss–Legendre rule
    over the octant [0, c]³ (converged to 2e−15 between 64 and 96 nodes).  Measured: 1e−15."""
    x, wx = np.polynomial.legendre.leggauss(64)
    x, wx = (x + 1) / 2, wx / 2
    X, Y, Z = np.meshgrid(x, x, x, indexing="ij")
    ref = float((wx[:, None, None] * wx[None, :, None] * wx[None, None, :] * np.sqrt(X * X + Y * Y + Z * Z)).sum()) * C3
    r, w = th._uniform_rho_nodes(C3, 40, 3)
    assert abs((w * r).sum() - ref) < 1e-13


def test_errors():
    with pytest.raises(ParameterError):                    # fan_in must equal d
        th.sphere_eigenvalues("relu", [2], 3, "output", th.UniformLaw(2))
    with pytest.raises(ParameterError):
        th.large_k_law("relu", "output", th.UniformLaw(2), 3)
    with pytest.raises(NoClosedForm):                      # the law of |w| on a 4-cube is not derived
        th.sphere_eigenvalues("relu", [2], 4, "output", th.UniformLaw(4))


@pytest.mark.parametrize("act,train,measured", [("relu", "output", 1.22e-3), ("step", "output", 2.6e-4),
                                                ("relu", "first", 8.1e-4)])
def test_large_k_power_law_on_s2_under_the_uniform_law(act, train, measured):
    """λ_k ~ A k^{−(2p+1)} with A = |C|²/(2π²)·2Γ(3/2)²·E[(ρ² − b²)_+^{p−1/2} ρ^{−1}] (the cube's law of ρ, b
    uniform), first layer p → p − 1 and ×2 s_v²; with the Gegenbauer amplitude kept (refined=True) the ratio at
    k = 64 is 1 + O(1/k²): measured 1.2e−3, 2.6e−4, 8.1e−4.  A missing sphere factor 2Γ(3/2)² = π/2 or the
    circle's exponent would be off by 57 % or a factor 64."""
    L = th.large_k_law(act, train, LAW3, 3)
    assert L.kind == "power" and L.exponent == {"output": -5, "first": -3}[train] + (2 if act == "step" else 0)
    lam = th.sphere_eigenvalues(act, [64], 3, train, LAW3)
    assert abs(lam[0] / L.value([64], refined=True)[0] - 1) < 2 * measured


def test_exponential_law_on_s2_has_the_corner_rate():
    """σ̂ ~ e^{−aω} (tanh: a = π/2): λ_k ~ e^{−2k asinh(a/ρ_max)}, ρ_max = c√3 = 1, as on the circle."""
    L = th.large_k_law("tanh", "output", LAW3, 3)
    assert L.kind == "exponential"
    assert abs(float(L.constant) - 2 * math.asinh(math.pi / 2)) < 1e-14
