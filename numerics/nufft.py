"""Type-2 non-uniform FFT pieces (and their adjoints) for the 2-D grid Radon transform.

f̂(ξ) = Σ_p f_p e^{−iξ·x_p} at non-uniform ξ is computed by deconvolving the samples by the
kernel's transform (:func:`deconvolution`), an FFT on an oversampled grid of M points per axis
(:func:`grid_size`), and interpolation of the grid with the exponential-of-semicircle kernel
(:func:`interp_weights`, w cells wide, w = ⌈log10(1/eps)⌉ + 2).  The adjoint is spreading with
the same weights.  :mod:`numerics.radon` assembles these into the Fourier-slice transform.
"""

from __future__ import annotations

import math

import numpy as np
import scipy.fft as sfft

__all__ = ["ESKernel", "grid_size", "deconvolution", "interp_weights", "FFT_WORKERS"]

#: ``workers`` passed to scipy.fft (−1: all cores); benchmarks pin it to 1 for like-with-like timings
FFT_WORKERS = -1


class ESKernel:
    """Exponential-of-semicircle kernel φ(z) = exp(β(√(1-z²) - 1)) on |z| ≤ 1, width w grid cells."""

    def __init__(self, eps: float):
        eps = min(max(float(eps), 1e-15), 1e-2)
        self.w = int(math.ceil(math.log10(1.0 / eps))) + 2
        self.beta = 2.30 * self.w

    def phi(self, z):
        z2 = np.minimum(z * z, 1.0)
        return np.where(np.abs(z) < 1.0, np.exp(self.beta * (np.sqrt(1.0 - z2) - 1.0)), 0.0)

    def ft(self, p, M):
        """Ψ(p) = ∫ ψ(v) e^{ivp} dv for ψ(v) = φ(v / (w π / M)), at real p (Gauss-Legendre)."""
        x, wq = np.polynomial.legendre.leggauss(4 * self.w + 40)
        a = self.w * math.pi / M
        return a * (np.cos(np.outer(p, x) * a) @ (wq * self.phi(x)))


def grid_size(n: int, w: int, oversample: float = 2.0) -> int:
    """Oversampled FFT length for n samples per axis and a kernel w cells wide."""
    return int(sfft.next_fast_len(int(math.ceil(oversample * n)) + w))


def deconvolution(kernel: ESKernel, p, M: int) -> np.ndarray:
    """Per-axis factor (2π/M)/Ψ(p) that undoes the kernel's smoothing at sample positions p."""
    return (2.0 * math.pi / M) / kernel.ft(p, M)


def interp_weights(kernel: ESKernel, M: int, sv, half_shift: bool = False):
    """(indices (P, w) into the M-point grid, kernel weights (P, w)) for dimensionless
    frequencies sv (radians per sample).  With ``half_shift`` (sample centre (n−1)/2 a
    half-integer) the phase e^{i s_L c} of a wrapped index L changes sign: the weights carry it."""
    w = kernel.w
    g = np.asarray(sv) * (M / (2.0 * math.pi))  # position in grid units
    l0 = np.ceil(g - w / 2.0).astype(np.int64)
    L = l0[:, None] + np.arange(w)[None, :]
    z = (g[:, None] - L) / (w / 2.0)
    wts = kernel.phi(z)
    Lm = np.mod(L, M)
    if half_shift:
        # the phase e^{i s_L c} must use the *unwrapped* index L; the grid carries it for
        # L mod M, and e^{i 2π (L - L mod M) c / M} = (-1)^{wrap} when c is a half-integer
        wrap = (L - Lm) // M
        wts = np.where(wrap % 2 == 0, wts, -wts)
    return Lm, wts
