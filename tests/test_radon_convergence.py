"""Convergence order of the 2-D grid Radon transform (radon_grid) under grid refinement.

Measured orders (documented in numerics/radon.py and benchmarks/README.md):
* smooth, rapidly decaying data (Gaussian): spectral -- the error falls faster than any power;
* f = (1 - r²)_+^k (a C^{k-1} bump): RMS error order ≈ k + 1;
* disc indicator (a jump), point samples: order ≈ 1 in the mean (L1/RMS over (θ, t)), ≈ 1/2 in the
  max norm (lines tangent to the edge).  No method working from point samples of a jump can do
  better than first order in the mean.
"""

import math

import numpy as np
import pytest
from scipy.special import gamma

from specbias.numerics.radon import grid_offsets, radon_grid

ANGLES = np.linspace(0, np.pi, 12, endpoint=False) + 0.1


def _grid(n, L):
    h = 2 * L / (n - 1)
    x = (np.arange(n) - (n - 1) / 2) * h
    X1, X2 = np.meshgrid(x, x, indexing="ij")
    return h, X1, X2


def _slope(hs, errs):
    return float(np.polyfit(np.log(hs), np.log(errs), 1)[0])


def test_smooth_gaussian_is_spectral():
    s, mu = 0.35, (0.2, -0.1)
    hs, errs = [], []
    for n in (17, 25, 33, 41):
        h, X1, X2 = _grid(n, 3.0)
        img = np.exp(-((X1 - mu[0]) ** 2 + (X2 - mu[1]) ** 2) / (2 * s * s))
        S = radon_grid(img, ANGLES, h=h)
        t = grid_offsets(S.shape[1], h)
        m = np.cos(ANGLES) * mu[0] + np.sin(ANGLES) * mu[1]
        # closed form of the Gaussian's line integral: sqrt(2π) s exp(-(t-m)²/(2s²))
        ex = math.sqrt(2 * math.pi) * s * np.exp(-(t[None, :] - m[:, None]) ** 2 / (2 * s * s))
        hs.append(h)
        errs.append(np.max(np.abs(S - ex)) / ex.max())
    assert errs[-1] <= 1e-10
    # faster than any fixed power: the local log-log slope grows under refinement and exceeds 8
    local = [math.log(errs[i] / errs[i + 1]) / math.log(hs[i] / hs[i + 1]) for i in range(len(hs) - 1)]
    assert min(local) >= 8.0 and local[-1] > local[0]


@pytest.mark.parametrize("k, order", [(2, 2.5), (3, 3.5), (4, 4.5)])
def test_cusped_bump_rms_order(k, order):
    hs, errs = [], []
    for n in (33, 65, 129, 257):
        h, X1, X2 = _grid(n, 1.5)
        img = np.clip(1 - X1**2 - X2**2, 0, None) ** k
        S = radon_grid(img, ANGLES, h=h)
        t = grid_offsets(S.shape[1], h)
        a = np.sqrt(np.clip(1 - t**2, 0, None))
        # 2 ∫_0^a (a² - y²)^k dy = a^{2k+1} √π Γ(k+1)/Γ(k+3/2)  (Beta integral)
        ex = a ** (2 * k + 1) * math.sqrt(math.pi) * gamma(k + 1) / gamma(k + 1.5)
        hs.append(h)
        errs.append(np.sqrt(np.mean((S - ex[None, :]) ** 2)) / ex.max())
    assert _slope(hs, errs) >= order  # measured ≈ k + 1


@pytest.mark.slow
def test_disc_order():
    R = 0.75
    hs, l1, mx = [], [], []
    for n in (33, 65, 129, 257, 513):
        h, X1, X2 = _grid(n, 1.0)
        img = (X1**2 + X2**2 < R * R).astype(float)
        S = radon_grid(img, ANGLES, h=h)
        t = grid_offsets(S.shape[1], h)
        ex = 2 * np.sqrt(np.clip(R * R - t**2, 0, None))  # chord length
        E = S - ex[None, :]
        hs.append(h)
        l1.append(np.mean(np.abs(E)) / ex.max())
        mx.append(np.max(np.abs(E)) / ex.max())
    assert _slope(hs, l1) >= 0.9  # measured ≈ 1.1
    assert _slope(hs, mx) >= 0.4  # measured ≈ 0.5
    assert l1[-1] <= 1e-3
