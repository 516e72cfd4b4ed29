"""The one quadrature rule on the unit sphere S^{d−1} (d = 1, 2, 3) used by the numeric modules."""

from __future__ import annotations

import math

import numpy as np

from specbias.core.errors import DimensionError, InputError

__all__ = ["sphere_quadrature"]


def sphere_quadrature(d: int, n: int, n_polar: int | None = None):
    """(directions (m, d), weights (m,)) with Σ w = |S^{d−1}|.

    d = 1: {±1} with weights 1; d = 2: n equispaced angles on [0, 2π) (trapezoid: exact for
    trigonometric polynomials of degree < n, spectral for smooth periodic integrands);
    d = 3: ``n_polar`` Gauss–Legendre nodes in z = cos θ (default max(n/2, 4)) × n equispaced
    azimuths.  Directions are normalized to unit length to rounding."""
    if isinstance(d, bool) or int(d) != d or d not in (1, 2, 3):
        raise DimensionError(f"sphere_quadrature supports d = 1, 2, 3, got {d!r}")
    if isinstance(n, bool) or int(n) != n or n < 1:
        raise InputError(f"n must be a positive integer, got {n!r}")
    d, n = int(d), int(n)
    if d == 1:
        return np.array([[1.0], [-1.0]]), np.array([1.0, 1.0])
    if d == 2:
        th = 2.0 * math.pi * np.arange(n) / n
        return np.stack([np.cos(th), np.sin(th)], axis=1), np.full(n, 2.0 * math.pi / n)
    nz = max(n // 2, 4) if n_polar is None else int(n_polar)
    if nz < 1:
        raise InputError(f"n_polar must be a positive integer, got {n_polar!r}")
    z, wz = np.polynomial.legendre.leggauss(nz)
    phi = 2.0 * math.pi * np.arange(n) / n
    Z, P = np.meshgrid(z, phi, indexing="ij")
    r = np.sqrt(1.0 - Z ** 2)
    u = np.stack([r * np.cos(P), r * np.sin(P), Z], axis=-1).reshape(-1, 3)
    w = (wz[:, None] * np.full(n, 2.0 * math.pi / n)[None, :]).reshape(-1)
    return u / np.linalg.norm(u, axis=1, keepdims=True), w
