"""Targets and inputs of the coordinate-MLP experiments (issue 12, Lazzari & Liu 2023).

Targets (values in [0, 1] for images):
  * ``random-image``: n×n i.i.d. uniform pixels (the paper's 64×64 random image), seeded;
  * ``natural-image``: scikit-image's bundled ``camera()`` (shipped inside the package, no
    download), grey, area-downsampled to n×n, scaled to [0, 1];
  * ``waves1d``: Rahaman et al.'s sum of sines y(t) = Σ_k A_k sin(2π k t + φ_k), k = 5, 10, …, 50,
    A_k = 1, φ_k uniform on [0, 2π) (seeded), on N points t = i/N in [0, 1).

Inputs: the pixel grid in [0, 1]^d (``coords``, corners included so the grid's convex hull is the
box) or in [−1, 1]^d (``centered``); the NeRF encoding of the [0, 1] coordinates
γ(x) = [sin(2^l π x), cos(2^l π x)]_{l<L} (``nerf:L``) and Gaussian Fourier features
[cos 2πBx, sin 2πBx], B ~ N(0, S²) of shape (M, d) (``gauss:S,M``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from specbias.core.errors import InputError, ParameterError
from specbias.numerics.encoding import gaussian_features, nerf

TARGETS = ("random-image", "natural-image", "waves1d")
WAVE_FREQS = tuple(range(5, 55, 5))


@dataclass
class Task:
    name: str
    shape: tuple  # grid shape: (n, n) for images, (N,) for 1-D
    coords01: np.ndarray  # (n_points, d) coordinates in [0, 1]^d, corners included
    y: np.ndarray  # (n_points,)

    @property
    def dim(self) -> int:
        return self.coords01.shape[1]


def _grid01(shape) -> np.ndarray:
    axes = [np.linspace(0.0, 1.0, s) for s in shape]
    mesh = np.meshgrid(*axes, indexing="ij")
    return np.stack([m.ravel() for m in mesh], axis=1)


def random_image(n: int = 64, seed=0) -> np.ndarray:
    return np.random.default_rng(seed).uniform(0.0, 1.0, size=(n, n))


def natural_image(n: int = 64, name: str = "camera") -> np.ndarray:
    from skimage import data
    from skimage.color import rgb2gray
    from skimage.transform import resize

    img = np.asarray(getattr(data, name)(), dtype=np.float64)
    if img.ndim == 3:
        img = rgb2gray(img[..., :3])
    img = resize(img, (n, n), anti_aliasing=True, preserve_range=True)
    lo, hi = img.min(), img.max()
    return (img - lo) / (hi - lo)


def waves1d(n_points: int = 256, seed=0):
    """Returns (t, y, phases): t = i/N on [0, 1)."""
    rng = np.random.default_rng(seed)
    phases = rng.uniform(0.0, 2 * np.pi, size=len(WAVE_FREQS))
    t = np.arange(n_points) / n_points
    y = sum(np.sin(2 * np.pi * k * t + p) for k, p in zip(WAVE_FREQS, phases))
    return t, y, phases


def make_task(name: str, size: int | None = None, seed=0) -> Task:
    if name == "random-image":
        n = size or 64
        return Task(name, (n, n), _grid01((n, n)), random_image(n, seed).ravel())
    if name == "natural-image":
        n = size or 64
        return Task(name, (n, n), _grid01((n, n)), natural_image(n).ravel())
    if name == "waves1d":
        n = size or 256
        t, y, _ = waves1d(n, seed)
        # coordinates: the sample times t = i/N (not a closed grid: the signal is periodic on [0, 1))
        return Task(name, (n,), t[:, None], y)
    raise InputError(f"unknown target {name!r}; choose from {', '.join(TARGETS)}")


# ---------------------------------------------------------------------------------- encodings
# Private minimal encoding helpers (issue 11 owns numerics/encoding.py; switch when it lands).

def nerf_encode(x01, L: int) -> np.ndarray:
    """γ(x) = [sin(2^l π x_j), cos(2^l π x_j)] for l < L and every coordinate j: the features of
    :func:`specbias.numerics.encoding.nerf`, in this module's column order (all sines, then all
    cosines; coordinate-major, level fastest), kept so that trained results are unchanged."""
    x = np.asarray(x01, dtype=np.float64)
    n, d = x.shape
    g = nerf(x, L).reshape(n, L, 2, d)  # encoding.nerf: level, (sin, cos), coordinate
    return g.transpose(0, 2, 3, 1).reshape(n, 2 * d * L)


def gauss_matrix(scale: float, m: int, d: int, seed=0) -> np.ndarray:
    return np.random.default_rng([int(seed), 12]).normal(0.0, scale, size=(m, d))


def gauss_encode(x01, B) -> np.ndarray:
    """[cos 2πBx, sin 2πBx]: :func:`specbias.numerics.encoding.gaussian_features`."""
    return gaussian_features(x01, B)


@dataclass(frozen=True)
class InputSpec:
    kind: str  # coords | centered | nerf | gauss
    L: int = 0
    scale: float = 0.0
    m: int = 0

    @property
    def label(self) -> str:
        if self.kind == "nerf":
            return f"nerf:{self.L}"
        if self.kind == "gauss":
            return f"gauss:{self.scale:g},{self.m}"
        return self.kind

    @property
    def encoded(self) -> bool:
        return self.kind in ("nerf", "gauss")


def parse_input(text: str) -> InputSpec:
    """Parse ``coords``, ``centered``, ``nerf:L`` or ``gauss:S,M`` (never evaluated)."""
    s = str(text).strip().lower()
    if s in ("coords", "centered"):
        return InputSpec(s)
    m = re.fullmatch(r"nerf:(\d{1,2})", s)
    if m:
        L = int(m.group(1))
        if not 1 <= L <= 20:
            raise ParameterError(f"nerf:L needs 1 <= L <= 20, got {L}")
        return InputSpec("nerf", L=L)
    m = re.fullmatch(r"gauss:([0-9]*\.?[0-9]+(?:e[+-]?\d+)?),(\d{1,5})", s)
    if m:
        scale, M = float(m.group(1)), int(m.group(2))
        if not (0 < scale < 1e4) or not 1 <= M <= 4096:
            raise ParameterError(f"gauss:S,M needs 0 < S < 1e4 and 1 <= M <= 4096, got {text!r}")
        return InputSpec("gauss", scale=scale, m=M)
    raise ParameterError(f"--input must be coords, centered, nerf:L or gauss:S,M; got {text!r}")


def encode(spec: InputSpec, coords01, seed=0) -> np.ndarray:
    x = np.asarray(coords01, dtype=np.float64)
    if spec.kind == "coords":
        return x.copy()
    if spec.kind == "centered":
        return 2.0 * x - 1.0
    if spec.kind == "nerf":
        return nerf_encode(x, spec.L)
    return gauss_encode(x, gauss_matrix(spec.scale, spec.m, x.shape[1], seed))
