"""Known transforms (issue 2): every catalogue entry's derived regular part against the two
independent numeric routes, relative error ≤ 1e-9 on ω ∈ [0.05, 20].

* QAWF route (numerics.fourier): float64; checked at every point where the quadrature resolves the
  value to 1e-10 (it cannot resolve, e.g., sigmoid's 1e-27 at ω = 20 against an O(1) integrand);
* mpmath oracle (numerics.oracle): adaptive precision; checked at *every* point, which covers the
  exponentially small values.
"""

import numpy as np
import pytest

from specbias.core.activations import CATALOGUE, get_activation

from _engine import PARAM_CHOICES, REGULAR, gt_of, params_key

OMEGA = np.geomspace(0.05, 20.0, 16)
CASES = [(n, params_key(p)) for n in REGULAR for p in PARAM_CHOICES.get(n, [{}])]


def _id(case):
    name, params = case
    return name + ("" if not params else "[" + ",".join(f"{k}={v}" for k, v in params) + "]")


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_symbolic_vs_qawf(case):
    from specbias.numerics.fourier import NumericTransform

    name, params = case
    nt = NumericTransform(get_activation(name, **dict(params)))
    exact = gt_of(name, params).evaluate(OMEGA)
    num = nt(OMEGA)
    mask = nt.resolvable(OMEGA)
    assert mask.sum() >= 4, "too few float64-resolvable points"
    rel = np.abs(num[mask] - exact[mask]) / np.abs(exact[mask])
    assert rel.max() <= 1e-9


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_symbolic_vs_mpmath_oracle(case):
    from specbias.numerics.oracle import oracle_array

    name, params = case
    w = OMEGA[::2]
    exact = gt_of(name, params).evaluate(w)
    num = oracle_array(get_activation(name, **dict(params)), w)
    assert np.all(np.abs(exact) > 0)
    rel = np.abs(num - exact) / np.abs(exact)
    assert rel.max() <= 1e-9


def test_sin_point_masses_vs_bohr_mean():
    from specbias.numerics.fourier import mean_coefficient

    gt = gt_of("sin")
    assert gt.regular == 0
    for s in gt.singular:
        num = complex(mean_coefficient(get_activation("sin"), float(s.location)))
        assert abs(num - complex(s.coefficient)) <= 1e-6 * abs(complex(s.coefficient))


def test_catalogue_is_covered():
    assert {c[0] for c in CASES} | {"sin"} == set(CATALOGUE)
