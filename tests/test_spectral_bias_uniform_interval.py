"""PyTorch's uniform law on the interval probe (issue 11): the tangent kernel from σ's symbolic antiderivative
(theory.ntk.uniform_kernel) and the rates a trained lazy network shows under it.

The reference kernel is written here from σ's definition: a Gauss–Legendre product rule over the square
(w, b) ∈ [−1, 1]², split where a kink line w·x + b = 0 meets the square's sides (in w) and at the kinks
themselves (in b), which makes it exact for the piecewise-polynomial σ and spectrally accurate otherwise."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import special

from specbias.core.activations import as_activation
from specbias.core.errors import DegenerateSeminorm, InputError, NoClosedForm
from specbias.derivations.simulations.spectral_bias import gd_fitted_rates, run_experiment
from specbias.numerics import ntk as nu
from specbias.theory import ntk as th

X = np.array([0.0, 0.005, 0.3, 0.77, 0.995])
SIGMA = {
    "relu": lambda z: np.maximum(z, 0.0),
    "step": lambda z: np.heaviside(z, 0.5),
    "tanh": np.tanh,
    "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
    "gelu": lambda z: z * special.ndtr(z),
    "softplus": lambda z: np.logaddexp(0.0, z),
    "swish": lambda z: z * special.expit(z),
}


def _gl(n, a, b):
    x, w = np.polynomial.legendre.leggauss(n)
    return 0.5 * (b - a) * x + 0.5 * (a + b), 0.5 * (b - a) * w


def _moment(f, xi, xj, c=1.0, n=24):
    """E[f(w xi + b) f(w xj + b)], (w, b) uniform on [−c, c]²."""
    ws = sorted({-c, c, 0.0} | {s * c / x for x in (xi, xj) if x != 0 for s in (-1, 1) if abs(c / x) < c})
    tot = 0.0
    for a, b in zip(ws[:-1], ws[1:]):
        W, WW = _gl(n, a, b)
        for w, ww in zip(W, WW):
            bs = sorted({-c, c} | {-w * x for x in (xi, xj) if -c < -w * x < c})
            for lo, hi in zip(bs[:-1], bs[1:]):
                B, BW = _gl(n, lo, hi)
                tot += ww * np.sum(BW * f(w * xi + B) * f(w * xj + B))
    return tot / (4 * c * c)


# Measured against _moment: ≤ 3.8e-15 relative (relu, step, tanh, sigmoid output; relu first layer 8e-16).
# softplus and swish: their antiderivatives come through y = e^t and the dilogarithm (−Li₂(−e^t); for swish
# SymPy's branch iπ log(1 + e^t) − Li₂(1 + e^t), of which the real part is used).  Tolerance 2e-14.
@pytest.mark.parametrize("name", ["relu", "step", "tanh", "sigmoid", "gelu", "softplus", "swish"])
def test_uniform_kernel_output_layer_equals_quadrature_of_the_definition(name):
    K = th.uniform_kernel(name, X, "output")
    ref = np.array([[_moment(SIGMA[name], a, b) for b in X] for a in X])
    assert np.max(np.abs(K / ref - 1)) < 2e-14


def test_uniform_kernel_first_layer_and_both():
    # first layer: s_v² E[σ'σ'](x x' + 1), s_v² = 1/3; relu' = step (relu's t·δ(t) is dropped: it is 0)
    ref = np.array([[_moment(SIGMA["step"], a, b) * (a * b + 1) / 3 for b in X] for a in X])
    K1 = th.uniform_kernel("relu", X, "first")
    assert np.max(np.abs(K1 / ref - 1)) < 2e-14
    K0 = th.uniform_kernel("relu", X[:, None], "output")
    assert np.allclose(th.uniform_kernel("relu", X, "both"), K0 + K1, rtol=1e-15, atol=0)


def test_uniform_kernel_refusals():
    with pytest.raises(DegenerateSeminorm):          # step' = δ: no first-layer kernel
        th.uniform_kernel("step", X, "first")
    with pytest.raises(NoClosedForm):                # fan_in 2 (an encoding, the circle): not derived here
        th.uniform_kernel("relu", X, "output", th.UniformLaw(2))
    with pytest.raises(InputError):
        th.uniform_kernel("relu", np.ones((4, 2)), "output")
    with pytest.raises(InputError):
        th.uniform_kernel("relu", [0.1, float("nan")], "output")


def test_uniform_kernel_matches_monte_carlo_gram():
    # numerics.ntk.mc_gram (2^15 features of σ's definition, PyTorch's law at fan_in 1) against the derived
    # kernel on 30 interval points: measured max |ΔK|/max K 4.1e-3 (relu both), 5.8e-4 (tanh), the Monte-Carlo error (1/√m
    # with m = 2^15 is 5.5e-3).  Tolerance 1e-2.
    x = nu.interval_points(30)
    for name in ("relu", "tanh"):
        Kt = th.uniform_kernel(name, x, "both")
        Km = nu.mc_gram(name, x, nu.InitLaw("uniform"), 2 ** 15, seed=5, train="both")
        assert np.max(np.abs(Kt - Km)) / np.max(Kt) < 1e-2


@pytest.fixture(scope="module")
def tanh_uniform_run():
    # 48 points, width 4096 (~14 s).  Measured: predicted / Monte-Carlo kernel − 1 ≤ 2.8e-3; trained vs predicted
    # ≤ 1e-3 against width tolerances 0.008-0.027 (relu, same run: 0.03-0.06 against 0.10-0.24).
    return run_experiment(as_activation("tanh"), domain="interval", train="both", ks=[3, 6, 12, 20], n_points=48,
                          width=4096, widths=(), seed=1, law=nu.InitLaw("uniform"), progress=False)


def test_uniform_law_interval_run_is_predicted(tanh_uniform_run):
    r = tanh_uniform_run
    pred, kern = np.asarray(r["rate_predicted"]), np.asarray(r["rate_kernel"])
    assert np.max(np.abs(pred / kern - 1)) < 0.01
    assert all(r["within_width_tolerance"])
    assert any("uniform_kernel" in n for n in r["notes"])


def test_wrong_law_fails_the_width_tolerance(tanh_uniform_run):
    # The Gaussian law's kernel (s_w = s_b = 1, s_v² = 1) for the same network: its kernel-GD rates are rejected.
    r = tanh_uniform_run
    x = nu.interval_points(48)
    wrong = gd_fitted_rates(th.gaussian_kernel("tanh", x, "both"), x, r["frequencies"], "interval", r["eta"],
                            r["steps"])
    rel = np.abs(np.asarray(r["rate_measured"]) / wrong - 1)
    assert np.all(rel > np.asarray(r["width_tolerance"]))
