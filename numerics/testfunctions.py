"""Test functions whose Fourier and Radon transforms are elementary (used by the seminorm routes
and their checks): Gaussian mixtures g(x) = Σ_k a_k exp(−|x − μ_k|²/(2 s_k²)) on ℝ^d."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from specbias.core.errors import InputError

__all__ = ["GaussianMixture"]


# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class GaussianMixture:
    """Σ_k a_k exp(−|x − μ_k|²/(2 s_k²)) on ℝ^d; its transform and Radon transform are elementary."""

    weights: np.ndarray
    centers: np.ndarray
    widths: np.ndarray

    def __post_init__(self):
        a = np.atleast_1d(np.asarray(self.weights, dtype=np.float64))
        mu = np.asarray(self.centers, dtype=np.float64)
        if mu.ndim == 1:
            mu = mu[:, None]
        s = np.atleast_1d(np.asarray(self.widths, dtype=np.float64))
        if a.ndim != 1 or mu.ndim != 2 or s.ndim != 1 or not (len(a) == len(mu) == len(s)) or len(a) == 0:
            raise InputError("GaussianMixture needs weights (K,), centers (K, d) and widths (K,) with K >= 1")
        if not (np.all(np.isfinite(a)) and np.all(np.isfinite(mu)) and np.all(np.isfinite(s))):
            raise InputError("GaussianMixture parameters must be finite (no NaN/inf)")
        if np.any(s <= 0):
            raise InputError("GaussianMixture widths must be positive")
        object.__setattr__(self, "weights", a)
        object.__setattr__(self, "centers", mu)
        object.__setattr__(self, "widths", s)

    @property
    def dim(self) -> int:
        return self.centers.shape[1]

    def __call__(self, x):
        x = np.asarray(x, dtype=np.float64)
        if x.shape[-1] != self.dim:
            raise InputError(f"points must have last axis {self.dim}, got shape {x.shape}")
        r2 = ((x[..., None, :] - self.centers) ** 2).sum(-1)
        return (self.weights * np.exp(-r2 / (2 * self.widths ** 2))).sum(-1)

    def fourier(self, xi):
        """ĝ(ξ) = Σ a_k (2π s_k²)^{d/2} e^{−s_k²|ξ|²/2} e^{−iξ·μ_k} (angular convention)."""
        xi = np.asarray(xi, dtype=np.float64)
        amp = self.weights * (2 * np.pi * self.widths ** 2) ** (self.dim / 2)
        k2 = (xi ** 2).sum(-1)[..., None]
        ph = xi @ self.centers.T
        return (amp * np.exp(-self.widths ** 2 * k2 / 2 - 1j * ph)).sum(-1)

    def radon(self, u, t):
        """Rg(u, t) for unit directions u (m, d) and offsets t (n,): (m, n)."""
        u = np.atleast_2d(np.asarray(u, dtype=np.float64))
        t = np.asarray(t, dtype=np.float64)
        amp = self.weights * (2 * np.pi * self.widths ** 2) ** ((self.dim - 1) / 2)
        p = u @ self.centers.T  # (m, K)
        z = (t[None, :, None] - p[:, None, :]) / self.widths
        return (amp * np.exp(-z ** 2 / 2)).sum(-1)

    def scaled(self, a: float) -> "GaussianMixture":
        """The mixture x ↦ g(a x)."""
        return GaussianMixture(self.weights, self.centers / a, self.widths / a)

    def extent(self, k: float = 10.0) -> float:
        """Radius of the ball outside which every component is below e^{−k²/2}."""
        return float(np.max(np.linalg.norm(self.centers, axis=1) + k * self.widths))

    @classmethod
    def random(cls, d: int, k: int = 3, rng=None, width=(0.4, 1.0), spread=1.0):
        rng = np.random.default_rng(rng)
        return cls(rng.normal(size=k), rng.uniform(-spread, spread, size=(k, d)),
                   rng.uniform(*width, size=k))
