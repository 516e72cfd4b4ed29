"""Regression targets shared by the kernel-regime (issue 4) and adaptive-regime (issue 5)
experiments (THEORY.md §6).

API
---
``make_target(name, dim, n, seed=0) -> (X, y)``
    ``X`` (n, dim) float64, ``y`` (n,) float64, deterministic given ``seed``.
``target_function(name, dim=None, seed=0) -> callable f(X) -> (n,)``
    The noise-free target as a function of X (n, dim); not defined for ``digits``
    (raises :class:`InputError`).  For ``random`` it depends on ``seed`` and ``dim``.
``target_names()``, ``TARGETS`` (name -> one-line description).

Domains and definitions (x ∈ ℝ^d, r = ‖x‖)
-------------------------------------------
Inputs of the function targets are i.i.d. uniform in the closed unit ball B^d.
* ``doppler2d``: radial Doppler, f(x) = D(r) with Donoho's D(t) = √(t(1−t)) sin(2π(1+ε)/(t+ε)),
  ε = 0.05, t = min(r, 1).  Oscillates fastest near the origin, vanishes at r = 0 and r = 1.
  Any d ≥ 1 (for d = 1 it is the even extension D(|x|)); meant for d = 2.
* ``bessel_ring``: f(x) = J0(2π r).  For d = 2 its spectrum is the single ring |ξ| = 2π.
* ``disc_step``: f(x) = 0 for r ≤ 3/4 and 1 for r > 3/4 (the complement of the disc/ball).
* ``random``: smooth random labels f(x) = Σ_{k<8} a_k cos(ω_k·x + φ_k) / √8 with
  ω_k ~ N(0, 4 I_d), φ_k ~ U[0, 2π), a_k ~ N(0, 1), all drawn from ``seed``.
* ``digits``: scikit-learn's 8×8 digits (``load_digits``, shipped with scikit-learn; no
  download).  Pixels are scaled to [0, 1] and centred; for dim = 64 they are used as is, for
  1 ≤ dim < 64 they are projected on the top ``dim`` principal components, and in both cases
  divided by the largest norm so that every input lies in the unit ball.  Labels:
  y = (digit − 4.5)/4.5 ∈ [−1, 1].  ``n`` rows are drawn without replacement (n ≤ 1797).
"""

from __future__ import annotations

import functools

import numpy as np

from specbias.core.errors import DimensionError, InputError, ParameterError

__all__ = ["TARGETS", "target_names", "make_target", "target_function", "uniform_ball", "doppler_1d"]

DOPPLER_EPS = 0.05
DISC_RADIUS = 0.75

TARGETS = {
    "doppler2d": "radial Doppler D(‖x‖), D(t) = sqrt(t(1-t)) sin(2π(1+ε)/(t+ε)), ε = 0.05",
    "bessel_ring": "J0(2π‖x‖) (spectrum on the ring |ξ| = 2π in 2-D)",
    "disc_step": "0 on the disc ‖x‖ <= 3/4, 1 outside",
    "random": "smooth random sum of 8 cosines, inputs uniform in the unit ball",
    "digits": "scikit-learn 8x8 digits (PCA to dim < 64), y = (digit - 4.5)/4.5",
}

_N_DIGITS = 1797


def target_names() -> list[str]:
    return list(TARGETS)


def _name(name) -> str:
    if not isinstance(name, str) or name.strip().lower() not in TARGETS:
        raise InputError(f"unknown target {name!r}; known: {', '.join(TARGETS)}")
    return name.strip().lower()


def _dim(dim, name) -> int:
    if isinstance(dim, bool) or not isinstance(dim, (int, np.integer)) or dim < 1:
        raise DimensionError(f"dimension must be an integer >= 1, got {dim!r}")
    if name == "digits" and dim > 64:
        raise DimensionError(f"digits has 64 pixels; dim must be between 1 and 64, got {dim}")
    return int(dim)


def _n(n, name) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ParameterError(f"number of points must be a positive integer, got {n!r}")
    if name == "digits" and n > _N_DIGITS:
        raise ParameterError(f"digits has {_N_DIGITS} images; n must be <= {_N_DIGITS}, got {n}")
    return int(n)


def _seed(seed) -> int:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ParameterError(f"seed must be a non-negative integer, got {seed!r}")
    return int(seed)


def uniform_ball(n: int, dim: int, rng) -> np.ndarray:
    """n points i.i.d. uniform in the closed unit ball of ℝ^dim."""
    g = rng.standard_normal((n, dim))
    g /= np.linalg.norm(g, axis=1, keepdims=True)
    r = rng.random(n) ** (1.0 / dim)
    return g * r[:, None]


def doppler_1d(t, eps: float = DOPPLER_EPS) -> np.ndarray:
    """Donoho's Doppler D(t) = √(t(1−t)) sin(2π(1+ε)/(t+ε)) on [0, 1]."""
    t = np.clip(np.asarray(t, dtype=np.float64), 0.0, 1.0)
    return np.sqrt(t * (1 - t)) * np.sin(2 * np.pi * (1 + eps) / (t + eps))


def _check_X(X, dim=None):
    from .network import check_data

    return check_data(X, dim=dim)


def _random_params(dim, seed):
    rng = np.random.default_rng([_seed(seed), 7919, int(dim)])
    K = 8
    omega = rng.standard_normal((K, dim)) * 2.0
    phi = rng.random(K) * 2 * np.pi
    a = rng.standard_normal(K)
    return omega, phi, a


def target_function(name, dim: int | None = None, seed=0):
    """The target as a function of X (n, d); for ``random``, ``dim`` is required."""
    name = _name(name)
    if name == "digits":
        raise InputError("target 'digits' is data, not a function; use make_target('digits', ...)")
    if name == "random":
        if dim is None:
            raise DimensionError("target 'random' needs its dimension: target_function('random', dim)")
        dim = _dim(dim, name)
        omega, phi, a = _random_params(dim, seed)

        def f(X):
            X = _check_X(X, dim)
            return np.cos(X @ omega.T + phi) @ a / np.sqrt(len(a))

        return f
    if dim is not None:
        dim = _dim(dim, name)

    def radial(X):
        X = _check_X(X, dim)
        return np.linalg.norm(X, axis=1)

    if name == "doppler2d":
        return lambda X: doppler_1d(radial(X))
    if name == "bessel_ring":
        from scipy.special import j0

        return lambda X: j0(2 * np.pi * radial(X))
    if name == "disc_step":
        return lambda X: (radial(X) > DISC_RADIUS).astype(np.float64)
    raise AssertionError(name)  # pragma: no cover


@functools.lru_cache(maxsize=1)
def _digits_raw():
    from sklearn.datasets import load_digits

    data = load_digits()
    X = data.data.astype(np.float64) / 16.0
    X.flags.writeable = False
    lab = data.target.astype(np.float64)
    lab.flags.writeable = False
    return X, lab


def _digits(dim: int, n: int, seed) -> tuple[np.ndarray, np.ndarray]:
    X, lab = _digits_raw()
    X = X - X.mean(axis=0)
    if dim < 64:
        _, _, Vt = np.linalg.svd(X, full_matrices=False)
        # sign convention: the largest-|.| entry of each component is positive (deterministic)
        idx = np.argmax(np.abs(Vt[:dim]), axis=1)
        Vt = Vt[:dim] * np.sign(Vt[np.arange(dim), idx])[:, None]
        X = X @ Vt.T
    X = X / np.max(np.linalg.norm(X, axis=1))
    rng = np.random.default_rng(seed)
    rows = np.sort(rng.choice(X.shape[0], size=n, replace=False))
    return np.ascontiguousarray(X[rows]), (lab[rows] - 4.5) / 4.5


def make_target(name, dim: int, n: int, seed=0) -> tuple[np.ndarray, np.ndarray]:
    """(X, y): n samples of the named target in dimension ``dim`` (deterministic in ``seed``)."""
    name = _name(name)
    dim = _dim(dim, name)
    n = _n(n, name)
    seed = _seed(seed)
    if name == "digits":
        return _digits(dim, n, seed)
    rng = np.random.default_rng([int(seed), 104729, dim])
    X = uniform_ball(n, dim, rng)
    y = target_function(name, dim, seed)(X)
    return X, y
