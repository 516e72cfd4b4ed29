"""Tests that kill surviving mutants of numerics/fourier.py and numerics/regularized.py (issue 10,
third round).

Each docstring names the mutant(s) it kills (``file:line  original → mutated``, line numbers of the
current main).  Expected values are closed forms typed by hand or mpmath evaluations of the
definition, never computed by the code under test.  Tolerances are a few times the error measured on
the original code.
"""

from __future__ import annotations

import mpmath as mp
import numpy as np
import pytest
import sympy as sp

from specbias.core.activations import T
from specbias.core.errors import NumericError
from specbias.numerics.fourier import NumericTransform, PointMassTransform, mp_limit, reduce_activation
from specbias.numerics.regularized import regularized_integral


# =============================================================================================
# numerics/fourier.py — mp_limit
# =============================================================================================
def test_mp_limit_rejects_a_non_real_function_at_odd_dps():
    """numerics/fourier.py:137 `mp.mpf(10) ** (-dps // 2)` → `** (-dps / 2)`.

    A value with |Im v| > 10^(−dps//2)·(1 + |v|) has no real limit.  At dps = 31 the threshold is
    10^(−16)·(1 + |v|) ≈ 2e-16 for v ≈ 1; the mutant's 10^(−15.5)·(1 + |v|) ≈ 6.3e-16 lets an
    imaginary part 4e-16 through (and returns the limit 1).  At dps = 30 both agree (10^−15)."""
    def f(t):
        return 1 + 1 / t + mp.mpc(0, "4e-16")

    assert mp_limit(f, 1, dps=31) == (None, float("inf"))
    # control: the same imaginary part is accepted below the threshold 10^-15·2 at dps = 30
    L, _ = mp_limit(f, 1, dps=30)
    assert L is not None and abs(L - 1) <= mp.mpf(10) ** -25


def test_mp_limit_error_is_the_closest_consecutive_pair_of_richardson_estimates():
    """numerics/fourier.py:148 `zip(ests, ests[1:])` → `zip(ests, ests[2:])` (estimates two levels
    apart are compared: the reported error is 17x larger).

    f(t) = 1 + t^(−3/2) at t_j = 2^(6+4j), j = 0..8: f(t_j) − 1 = 2^(−9)·64^(−j), a single geometric
    component, so the Richardson table (factor 16^m at level m) is known in closed form: after m
    levels the last entry is 1 + 2^(−9)·64^(−(8−m))·∏_{k=1..m} (16^k/64 − 1)/(16^k − 1).  The
    error estimate is min_m |e_{m+1} − e_m| over consecutive levels (docstring of mp_limit: "best pair
    of consecutive estimates").  Measured: original 2.412e-25, equal to the closed form
    (measured: bit for bit); mutant 4.10e-24."""
    with mp.workdps(60):
        c, r = mp.mpf(2) ** -9, mp.mpf(1) / 64
        ests = []
        prod = mp.mpf(1)
        for m in range(9):
            if m:
                prod *= (mp.mpf(16) ** m * r - 1) / (mp.mpf(16) ** m - 1)
            ests.append(c * r ** (8 - m) * prod)
        ref_err = min(abs(b - a) for a, b in zip(ests, ests[1:]))
    L, err = mp_limit(lambda t: 1 + t ** mp.mpf(-1.5), 1)
    assert abs(L - 1) <= mp.mpf(10) ** -16          # measured 1.6e-17: t^(-3/2) is not removed exactly
    assert abs(err - float(ref_err)) <= 1e-12 * float(ref_err)   # measured: equal


# =============================================================================================
# numerics/fourier.py — reduce_expression: oscillation vs growth
# =============================================================================================
@pytest.mark.parametrize("expr", [T * sp.sin(T), T ** 2 * sp.sin(T)])
def test_growing_oscillation_is_not_a_point_mass_transform(expr):
    """numerics/fourier.py:279 `side * mp.mpf(2) ** j` → `side * mp.mpf(2) * j` (the boundedness test
    samples t = 12 … 78 instead of 2^6 … 2^39).

    t·sin t and t²·sin t oscillate with unbounded amplitude: no derivative has limits and the values
    are not bounded, so the reduction must fail with a plain NumericError ("no derivative … has
    finite limits"), not with PointMassTransform (which claims a sum of point masses).  The
    mutant's 12 samples t = 12, 18, …, 78 give max|σ| = 40.1 and 3127 against 1e3·(1 + min|σ|)
    = 2752 and 78267 (computed by hand with math.sin), so the mutant calls them bounded."""
    with pytest.raises(NumericError) as exc:
        NumericTransform(expr)
    assert not isinstance(exc.value, PointMassTransform)
    assert "has finite limits" in str(exc.value)


def test_bounded_oscillation_is_a_point_mass_transform():
    """Control for the test above: sin t is bounded, so PointMassTransform."""
    with pytest.raises(PointMassTransform):
        NumericTransform(sp.sin(T))


# =============================================================================================
# numerics/regularized.py
# =============================================================================================
def test_regularized_integral_default_precision_is_24_digits():
    """numerics/regularized.py:88 `dps: int = 24` → `dps: int = 25`.

    σ(t) = t: F_ε(ω) = ∫ t e^{−εt²} e^{−iωt} dt = −i·ω/(2ε)·√(π/ε)·e^{−ω²/(4ε)} (hand-derived: the
    derivative in ω of the Gaussian's transform).  The default call works at dps + 10 = 34 digits, so
    the returned mpc carries at most mpmath's 34-digit precision, dps_to_prec(34) = 116 bits
    (measured: 114 and 110 bits for the real and imaginary part; the mutant's 35 digits give 120 and
    118 bits), equals the explicit dps = 24 call, and is accurate to 24 digits (measured error
    3.2e-35)."""
    w, eps = 1.5, 0.25
    v = regularized_integral(T, w, eps)
    with mp.workdps(60):
        ref = -1j * mp.mpf(w) / (2 * mp.mpf(eps)) * mp.sqrt(mp.pi / eps) * mp.exp(-mp.mpf(w) ** 2 / (4 * eps))
        assert abs(v - ref) <= mp.mpf(10) ** -24 * abs(ref)
    assert v == regularized_integral(T, w, eps, dps=24)
    prec = mp.libmp.dps_to_prec(24 + 10)
    for part in (v.real, v.imag):
        if part:
            assert part._mpf_[1].bit_length() <= prec


# =============================================================================================
# numerics/fourier.py — reduce_expression: identically vanishing remainder pieces
# =============================================================================================
def test_numerically_vanishing_remainder_piece_is_flagged_zero():
    """numerics/fourier.py:316 `mp.mpf(10) ** -40` → `mp.mpf(10) * -40` (the numeric test
    |r(x) − L| ≤ 10^−40 becomes ≤ −400, never true: only a structurally equal piece is flagged).

    log(e^t + 1) − log(1 + e^{−t}) = t (by hand: log((e^t + 1)/(1 + e^{−t})) = log e^t), so
    σ = H(t)·(log(e^t + 1) − log(1 + e^{−t})) is ReLU: order 2 and σ'' ≡ 0 on both pieces
    (Reduction docstring: "zero_piece[i]: r vanishes identically").  SymPy does not simplify the
    second derivative of the right piece to 0, so only the numeric check at 6 points (50 digits)
    can see it; the mutant reports (True, False)."""
    red = reduce_activation(sp.Heaviside(T) * (sp.log(sp.exp(T) + 1) - sp.log(1 + sp.exp(-T))))
    assert red.order == 2
    assert red.r_pieces[1] != 0          # the premise: the piece is not structurally zero
    assert red.zero_piece == (True, True)


# =============================================================================================
# numerics/fourier.py — truncation of the half-lines (_find_cut)
# =============================================================================================
def test_truncation_point_checks_three_times_the_candidate():
    """numerics/fourier.py:476 `for m in (1, 1.5, 2, 3, 4, 8)` → `(1, 1.5, 2, 4, 4, 8)` (the remainder
    is no longer sampled at 3·T).

    σ(t) = e^{−64(t−3)²}: a narrow bump at t = 3, below 1e-22 at t = 1, 1.5, 2, 4, 8 (e^{−64} =
    1.6e-28) but 1 at t = 3.  The original rejects T = 1 and T = 2 (t = 3 is sampled) and truncates
    at T = 4; the mutant accepts T = 1 and integrates [0, 1] only, missing the bump.  By hand
    σ̂(ω) = √(π/64)·e^{−ω²/256}·e^{−3iω}.  Measured relative error 1.4e-16 (original)."""
    nt = NumericTransform(sp.exp(-64 * (T - 3) ** 2))
    w = np.array([0.5, 2.0, 5.0])
    v, err = nt.evaluate(w)
    ref = np.sqrt(np.pi / 64) * np.exp(-w ** 2 / 256) * np.exp(-3j * w)
    assert np.all(np.abs(v - ref) <= 1e-15 * np.abs(ref))
    assert np.all(np.abs(v - ref) <= err)
