"""The suite does not depend on its order (issue 10).

Run it reversed or shuffled with the option in tests/conftest.py:

    SPECBIAS_TEST_ORDER=reverse python -m pytest -q
    SPECBIAS_TEST_ORDER=shuffle:7 python -m pytest -q

The shared state that made the order matter was Hypothesis's pool of constants harvested from the
source of every local module in sys.modules (hypothesis.internal.conjecture.providers): it grew as
tests imported more of specbias, so a derandomized test drew different examples depending on
which files ran before it.  tests/conftest.py imports every specbias module before any test.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from conftest import test_order_spec

ROOT = Path(__file__).resolve().parent.parent


def test_order_spec_parsing():
    assert test_order_spec(None) == ("forward", None)
    assert test_order_spec("reverse") == ("reverse", None)
    assert test_order_spec("shuffle:7") == ("shuffle", 7)
    with pytest.raises(ValueError):
        test_order_spec("sideways")


def test_every_specbias_module_is_imported_before_the_tests():
    """The Hypothesis constant pool is fixed before the first draw: every module is in sys.modules."""
    for name in ("specbias.derivations.cli", "specbias.derivations.build", "specbias.numerics.kernel_regime",
                 "specbias.numerics.adaptive", "specbias.theory.reparam", "specbias.numerics.regularized"):
        assert name in sys.modules


def _collected(order):
    env = dict(os.environ, SPECBIAS_TEST_ORDER=order) if order else {k: v for k, v in os.environ.items()
                                                                    if k != "SPECBIAS_TEST_ORDER"}
    out = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                          "tests/test_pin_upper_bound.py", "tests/test_order.py"],
                         cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return [ln for ln in out.stdout.splitlines() if "::" in ln]


def test_reverse_and_shuffle_reorder_the_collection():
    rev = _collected("reverse")
    shuf = _collected("shuffle:3")
    fwd = rev[::-1]
    # reversed: the files in reverse command-line order, each file's tests reversed
    assert len(fwd) >= 10 and fwd[0].startswith("tests/test_pin_upper_bound.py::test_condition_values")
    assert rev[0].startswith("tests/test_order.py::")
    assert sorted(shuf) == sorted(fwd) and shuf not in (fwd, rev)
    # shuffled: tests of the two files interleave
    files = [ln.split("::")[0] for ln in shuf]
    assert sum(a != b for a, b in zip(files, files[1:])) > 1


def test_radon_route_wide_cancelling_mixture_tanh():
    """The example behind an order-dependent failure: g = G(0) − G(0.5), widths 1.5, σ = tanh, d = 1.
    The oracle gives ‖g‖² = 0.0310116; the Radon route raised a false DivergentSeminorm at ω = 15.6,
    reading ĝ's float64 noise floor times the growing W as growth (fixed: numerics.seminorm stops
    its scan where |ĝ|² falls below PROFILE_FLOOR)."""
    from specbias.numerics import seminorm as sn
    from specbias.numerics.seminorm import GaussianMixture

    g = GaussianMixture(np.array([1.0, -1.0]), np.array([[0.0], [0.5]]), np.array([1.5, 1.5]))
    o = sn.seminorm_oracle(g, "tanh")
    assert o.value == pytest.approx(0.0310116, rel=1e-6)
    r = sn.seminorm_radon(g, "tanh", radon_method="closed")
    assert r.value == pytest.approx(o.value, rel=1e-8)
