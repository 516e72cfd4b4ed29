"""Issue 14 (performance): the fast paths compute the same numbers as the slow ones.

No test here times anything: speed is measured by benchmarks/run.py.  These tests pin what the
speed-ups must not change: the fixed-rule σ̂ against QUADPACK (including
an activation whose reduced remainder is neither even nor odd; tests/test_known_transforms.py
compares the catalogue with the mpmath oracle), the memory-bounded blocks against
one block, and ``verify --jobs 2`` against ``--jobs 1`` row for row.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from specbias.core.activations import T
from specbias.numerics import fourier as F
from specbias.numerics import kernel_regime as kr


# ---------------------------------------------------------------------------------------------
# σ̂: fixed Gauss–Legendre rule with folded half-lines = QUADPACK = mpmath oracle
# ---------------------------------------------------------------------------------------------
def _quadpack_only(act, omega):
    """The same NumericTransform with the fixed rule switched off (every part by QAWO)."""
    nt = F.NumericTransform(act)
    for seg in nt._segments:
        seg.MAX_PANELS = 0
    return nt.evaluate(omega)


@pytest.mark.parametrize("expr", [
    "sigmoid(t - 0.7) + 0.3*tanh(2*t)",   # σ' neither even nor odd: both folded parts integrated
    "elu(t)",                              # one truncated half-line (not folded)
])
def test_fixed_rule_matches_quadpack(expr):
    # QUADPACK's QAWO on every part is the route the known-transform tests validated against the
    # mpmath oracle before the fixed rule existed (the oracle itself takes minutes on these)
    from specbias.core.activations import resolve_activation

    act = resolve_activation(expr)
    om = np.array([0.07, 0.6, 1.9, 4.1])
    fast, efast = F.NumericTransform(act).evaluate(om)
    slow, eslow = _quadpack_only(act, om)
    rel = np.abs(fast - slow) / np.abs(slow)
    # measured: ≤ 3e-16 relative, 1.9e-13 where σ̂ is smallest (ω = 4.1, erf(t/2) − t·σ(t)/4);
    # a sign error in the folded sine part or a dropped part gives O(1)
    assert np.max(rel) <= 1e-12
    assert np.all(np.abs(fast - slow) <= efast + eslow)


def test_parity_detection_is_exact_for_catalogue_and_off_for_shifted():
    from specbias.core.activations import resolve_activation

    even = F.NumericTransform(resolve_activation("sigmoid"))
    assert [(s.fc is not None, s.fs is not None) for s in even._segments] == [(True, False)]
    mixed = F.NumericTransform(resolve_activation("sigmoid(t - 0.7)"))
    assert [(s.fc is not None, s.fs is not None) for s in mixed._segments] == [(True, True)]


def test_float_callable_falls_back_to_mpmath_where_math_overflows():
    import sympy as sp

    f = F.float_callable(sp.log(1 + sp.exp(T)), shift=1.0)  # softplus − 1, written naively
    assert f(800.0) == 799.0          # math.exp(800) overflows: the value comes from mpmath
    assert f(-3.0) == pytest.approx(float(sp.N(sp.log(1 + sp.exp(-3)), 30)) - 1.0, rel=1e-15)
    xs = np.array([-3.0, 0.0, 2.5, 800.0])
    assert np.allclose(f.vec(xs), [f(x) for x in xs], rtol=1e-15, atol=0)  # NumPy inf -> mpmath too


# ---------------------------------------------------------------------------------------------
# memory-bounded blocks: the block size never changes the numbers
# ---------------------------------------------------------------------------------------------
@settings(max_examples=30)
@given(rows=st.integers(1, 10**6), budget=st.integers(10**4, 10**9))
def test_block_columns_fit_the_budget(rows, budget):
    cols = kr.block_columns(rows, budget)
    assert cols >= 1
    assert cols == 1 or 8 * rows * cols * 3 <= budget


def test_rf_interpolant_independent_of_block_size(monkeypatch):
    rng = np.random.default_rng(3)
    X = rng.uniform(-0.7, 0.7, (12, 2))
    y = np.sin(2 * X[:, 0]) + X[:, 1]
    Xt = rng.uniform(-0.7, 0.7, (200, 2))
    m = kr.rf_interpolant("relu", X, y, 3000, rng=1)
    big = m(Xt)
    monkeypatch.setattr(kr, "BLOCK_BYTES", 8 * 200 * 3 * 7)  # 7 features per block when evaluating
    small = m(Xt)
    m2 = kr.rf_interpolant("relu", X, y, 3000, rng=1)  # trained with tiny blocks too
    assert np.max(np.abs(small - big)) <= 1e-12 * np.max(np.abs(big))
    assert np.max(np.abs(m2.a - m.a)) <= 1e-10 * np.max(np.abs(m.a))


# ---------------------------------------------------------------------------------------------
# verify --jobs: the same rows in the same order
# ---------------------------------------------------------------------------------------------
def _square(x):
    return x * x


def test_map_ordered_keeps_task_order():
    from specbias.derivations.parallel import map_ordered

    items = list(range(7))
    assert map_ordered(_square, items, 2, order=[6, 0, 5, 1, 4, 2, 3]) == [x * x for x in items]
    assert map_ordered(_square, items, 1) == [x * x for x in items]


def test_bad_jobs_is_a_typed_error():
    from specbias.core.errors import SpecbiasError
    from specbias.derivations.parallel import check_jobs

    for bad in (0, -1, 1.5, True):
        with pytest.raises(SpecbiasError):
            check_jobs(bad)


def test_cli_jobs_zero_exits_2(capsys):
    from specbias.derivations.cli import main

    assert main(["verify", "relu", "--dims", "1", "--jobs", "0"]) == 2
    assert "jobs" in capsys.readouterr().err


@pytest.mark.slow
def test_verify_rows_identical_for_one_and_two_jobs():
    from specbias.derivations.checks import run_checks

    specs, dims = ["step", "relu"], [1, 2]
    one = [r.to_json() for r in run_checks(specs, dims, jobs=1)]
    two = [r.to_json() for r in run_checks(specs, dims, jobs=2)]
    assert [r["check"] for r in one] == [r["check"] for r in two]
    assert one == two


# ---------------------------------------------------------------------------------------------
# hyperplane Radon in d = 5 with the default settings
# ---------------------------------------------------------------------------------------------
@pytest.mark.slow
def test_hyperplane_radon_d5_default_settings_reach_rtol():
    from specbias.derivations.checks.radon import _callable, _closed, _gaussian
    from specbias.numerics.radon import radon

    A, mu, rng = _gaussian(5)
    u = rng.standard_normal(5)
    u /= np.linalg.norm(u)
    t = np.array([0.3])
    ref = _closed(A, mu).numeric(u[None], t)
    num, est = radon(_callable(A, mu), u[None], t, return_error=True)  # defaults: rtol 1e-10
    # measured: 1e-13 relative (n = 33); the estimate (≤ 1e-10 by the stopping rule) bounds it
    assert np.max(est) <= 1e-10 * np.max(np.abs(num))
    assert np.max(np.abs(num - ref)) <= np.max(est)
