"""Registry of known failures of SymPy's own ``fourier_transform`` on the catalogue (SymPy 1.14).

Each entry is a strict XFAIL: the test asserts that SymPy returns the correct regular part, so when
SymPy improves the XPASS turns the run red and the registry must be updated (the pattern of
SymPy's own ``@XFAIL`` registry).  The reference is our derived transform, itself verified
against the independent numeric route in tests/test_known_transforms.py.
"""

import numpy as np
import pytest
import sympy as sp

from specbias.core.activations import CATALOGUE, T, get_activation
from specbias.core.conventions import SYMPY
from specbias.core.errors import NoClosedForm
from specbias.core.budget import budget
from specbias.core.errors import Timeout
from specbias.theory.fourier import classical_transform, fourier_transform

K = sp.Symbol("k", positive=True)

#: name -> what SymPy 1.14 does (observed)
KNOWN_FAILURES = {
    "relu": "returns an unevaluated FourierTransform (or does not finish in 6 s)",
    "leaky_relu": "does not finish in 6 s",
    "abs": "returns an unevaluated FourierTransform (or does not finish in 6 s)",
    "relu_pow": "returns an unevaluated FourierTransform (or does not finish in 6 s)",
    "step": "returns an unevaluated FourierTransform (or does not finish in 6 s)",
    "sign": "returns an unevaluated FourierTransform (or does not finish in 6 s)",
    "elu": "does not finish in 6 s",
    "sigmoid": "returns an unevaluated FourierTransform (or does not finish in 6 s)",
    "tanh": "returns an unevaluated FourierTransform (or does not finish in 6 s)",
    "erf": "returns an unevaluated FourierTransform (or does not finish in 6 s)",
    "softplus": "returns an unevaluated FourierTransform (or does not finish in 6 s)",
    "gelu": "returns an unevaluated FourierTransform (or does not finish in 6 s)",
    "swish": "returns an unevaluated FourierTransform (or does not finish in 6 s)",
    "sin": "returns an unevaluated FourierTransform for k > 0 (and 0 for a k without assumptions)",
}


def _sympy_ft(expr, k, seconds=6):
    with budget(seconds, "SymPy's fourier_transform"):
        return sp.fourier_transform(expr, T, k)


def _sympy_is_right(name):
    expr = get_activation(name).expr
    try:
        res = _sympy_ft(expr, K)
    except Timeout:
        return False
    if res.has(sp.FourierTransform) or res.has(sp.Integral):
        return False
    ours = fourier_transform(name).in_convention(SYMPY)
    ks = np.array([0.3, 1.1, 2.7])
    got = np.array([complex(sp.N(res.subs(K, k))) for k in ks])
    want = ours.evaluate(ks)
    return bool(np.all(np.abs(got - want) <= 1e-10 * np.maximum(np.abs(want), 1e-300)))


@pytest.mark.parametrize("name", [
    pytest.param(n, marks=pytest.mark.xfail(reason=f"SymPy {sp.__version__}: {KNOWN_FAILURES[n]}", strict=True))
    if n in KNOWN_FAILURES else n for n in CATALOGUE])
def test_sympy_fourier_transform_on_catalogue(name):
    assert _sympy_is_right(name)


def test_registry_covers_the_catalogue():
    assert set(KNOWN_FAILURES) <= set(CATALOGUE)
    assert len(set(CATALOGUE) - set(KNOWN_FAILURES)) >= 1  # gaussian works in SymPy


def test_sympy_silently_returns_zero_for_sin():
    """The silent failure named in the guide: F[sin] = iπ[δ(ω+1) − δ(ω−1)] ≠ 0."""
    k = sp.Symbol("k")
    res = sp.fourier_transform(sp.sin(T), T, k)
    assert res == 0  # SymPy's answer: silently wrong
    ours = fourier_transform("sin")
    assert len(ours.singular) == 2 and ours.regular == 0


def test_sympy_wrong_branch_for_lorentzian_and_guard_rejects_it():
    """F[1/(1+t²)](ω) = π e^{−|ω|}; SymPy with an unrestricted k gives π e^{−2πk}-like values that
    are wrong for k < 0.  Our engine uses residues and its fallback numeric guard rejects the
    bad branch."""
    k = sp.Symbol("k", real=True)
    res = sp.fourier_transform(1 / (1 + T ** 2), T, k)
    val = complex(sp.N(res.subs(k, -sp.Rational(1, 2))))
    true = np.pi * np.exp(-2 * np.pi * 0.5)  # ordinary convention: π e^{-2π|k|}
    assert abs(val - true) > 1e-3 * true   # SymPy is wrong at k < 0 ...
    ours = fourier_transform("1/(1+t**2)").in_convention(SYMPY)
    assert abs(ours.evaluate(np.array([-0.5]))[0] - true) < 1e-14  # ... we are not


def test_engine_does_not_return_unevaluated_results(monkeypatch):
    """No rule covers e^{-t²}/(1+t²) (its transform needs erfc): the engine says which step got
    stuck instead of returning an unevaluated transform; SymPy's fallback is time-limited."""
    import specbias.theory.fourier as engine

    monkeypatch.setattr(engine, "SYMPY_FALLBACK_SECONDS", 2)
    with pytest.raises(NoClosedForm) as info:
        classical_transform(sp.exp(-T ** 2) / (1 + T ** 2))
    assert info.value.step == "sympy_fallback"


def test_sympy_fallback_accepted_only_behind_the_guard():
    """e^{-t⁴} is outside every family; SymPy answers with Meijer G functions, which the numeric
    guard accepts only after checking them against quadrature."""
    steps = []
    out = classical_transform(sp.exp(-T ** 4), steps)
    assert steps[-1].rule == "sympy_fallback" and "numeric guard" in steps[-1].detail
    import mpmath

    w = 1.7
    ref = 2 * mpmath.quad(lambda t: mpmath.exp(-t ** 4) * mpmath.cos(w * t), [0, mpmath.inf])
    assert abs(complex(sp.N(out.subs(sp.Symbol("omega", positive=True), sp.Rational(17, 10)))) - float(ref)) < 1e-12
