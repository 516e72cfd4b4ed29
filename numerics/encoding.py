"""Input encodings for coordinate networks (THEORY.md §8, [L]): NeRF positional encoding and Gaussian
Fourier features.  Pure NumPy, float64, deterministic.

API (stable; also used by the coordinate-MLP experiments)
----------------------------------------------------------
``nerf(x, L)``
    x: (n,) or (n, d) array.  Returns (n, 2·L·d): for each coordinate x_j and level l < L the pair
    [sin(2^l π x_j), cos(2^l π x_j)], ordered level-major: [sin(2^0πx), cos(2^0πx), sin(2^1πx), ...]
    with all d coordinates of one level next to each other (sin block then cos block per level).
    ‖γ(x)‖² = L·d for every x.
``gaussian_features(x, B)``
    x: (n,) or (n, d); B: (M, d) frequency matrix.  Returns (n, 2M) = [cos 2πBx, sin 2πBx].
    ‖γ(x)‖² = M for every x.
``GaussianFourierFeatures(dim, n_features, scale, seed=0)``
    Draws B ~ N(0, scale²) of shape (n_features, dim) once (seeded) and encodes with ``enc(x)``.
``parse_encoding(text)`` -> None | ("nerf", L) | ("gauss", scale, M): the CLI's
    ``none | nerf:L | gauss:S,M`` syntax (typed errors on bad input).
``encode(x, spec, seed=0)``: apply a parsed spec.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from specbias.core.errors import InputError, ParameterError
from specbias.core.validate import as_finite_array

__all__ = ["nerf", "gaussian_features", "GaussianFourierFeatures", "parse_encoding", "encode", "encoded_norm2"]


def _x2d(x) -> np.ndarray:
    x = as_finite_array(x, "x")
    if x.ndim == 1:
        x = x[:, None]
    if x.ndim != 2:
        raise InputError(f"x must be an (n,) or (n, d) array, got shape {x.shape}")
    return x


def nerf(x, L: int) -> np.ndarray:
    """NeRF positional encoding γ_L(x) = [sin(2^l πx), cos(2^l πx)]_{l<L}."""
    if isinstance(L, bool) or not isinstance(L, (int, np.integer)) or L < 1:
        raise ParameterError(f"NeRF levels L must be an integer >= 1, got {L!r}")
    x = _x2d(x)
    blocks = []
    for level in range(int(L)):
        a = (2.0 ** level) * math.pi * x
        blocks += [np.sin(a), np.cos(a)]
    return np.hstack(blocks)


def gaussian_features(x, B) -> np.ndarray:
    """Gaussian Fourier features [cos 2πBx, sin 2πBx] for a given frequency matrix B (M, d)."""
    x = _x2d(x)
    B = as_finite_array(B, "B")
    if B.ndim == 1:
        B = B[:, None]
    if B.ndim != 2 or B.shape[1] != x.shape[1]:
        raise InputError(f"B must have shape (M, {x.shape[1]}), got {B.shape}")
    a = 2 * math.pi * x @ B.T
    return np.hstack([np.cos(a), np.sin(a)])


@dataclass
class GaussianFourierFeatures:
    dim: int
    n_features: int
    scale: float
    seed: int = 0
    B: np.ndarray = field(init=False, repr=False)

    def __post_init__(self):
        if isinstance(self.n_features, bool) or not isinstance(self.n_features, (int, np.integer)) or self.n_features < 1:
            raise ParameterError(f"number of Fourier features must be >= 1, got {self.n_features!r}")
        if not (isinstance(self.scale, (int, float)) and math.isfinite(self.scale) and self.scale > 0):
            raise ParameterError(f"Fourier-feature scale must be positive, got {self.scale!r}")
        rng = np.random.default_rng(self.seed)
        self.B = rng.standard_normal((int(self.n_features), int(self.dim))) * float(self.scale)

    def __call__(self, x) -> np.ndarray:
        return gaussian_features(x, self.B)

    enc = __call__


def parse_encoding(text):
    """'none' -> None; 'nerf:L' -> ('nerf', L); 'gauss:S,M' -> ('gauss', S, M)."""
    if text is None:
        return None
    t = str(text).strip().lower()
    if t in ("", "none"):
        return None
    try:
        if t.startswith("nerf:"):
            L = int(t[5:])
            if L < 1 or L > 24:
                raise ValueError
            return ("nerf", L)
        if t.startswith("gauss:"):
            s, m = t[6:].split(",")
            s, m = float(s), int(m)
            if not (math.isfinite(s) and s > 0 and 1 <= m <= 4096):
                raise ValueError
            return ("gauss", s, m)
    except ValueError:
        pass
    raise InputError(f"--encoding must be none, nerf:L (1 <= L <= 24) or gauss:S,M (S > 0, 1 <= M <= 4096), got {text!r}")


def encode(x, spec, seed: int = 0) -> np.ndarray:
    x = _x2d(x)
    if spec is None:
        return x
    if spec[0] == "nerf":
        return nerf(x, spec[1])
    return GaussianFourierFeatures(x.shape[1], spec[2], spec[1], seed=seed)(x)


def encoded_norm2(spec, dim: int) -> float:
    """‖γ(x)‖², the same for every x (L·d for NeRF, M for Gaussian features)."""
    if spec is None:
        raise InputError("no encoding")
    return float(spec[1] * dim) if spec[0] == "nerf" else float(spec[2])
