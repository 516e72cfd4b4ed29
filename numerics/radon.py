"""Numeric Radon transforms: hyperplane quadrature (any d), a 2-D grid transform, ramp filters, FBP.

Conventions (shared with :mod:`theory.radon`, but nothing derived there is used here)
------------------------------------------------------------------------------------
* Radon transform: ``Rf(u, t) = ∫_{u·x = t} f dS`` for a unit vector ``u`` in R^d and t in R.
* Back-projection: ``R*φ(x) = ∫_{S^{d-1}} φ(u, u·x) du`` (surface measure on the whole sphere).
* Fourier transform in t: angular, ``ĝ(ω) = ∫ g(t) e^{-iωt} dt``.  The ramp filter Λ^{d-1} is the
  multiplier |ω|^{d-1}; the inversion is ``f = γ_d R* Λ^{d-1} R f`` with the constant γ_d supplied by
  the caller (see :func:`fbp`) -- numerics measures it, theory derives it.

Callable route -- :func:`radon`
    ``radon(f, directions, offsets)``: ``f`` maps an (N, d) float array to (N,) values,
    ``directions`` is (m, d) of unit vectors, ``offsets`` is (k,), the result is (m, k).  The
    hyperplane {u·x = t} is parametrized as x = t u + V y, where the columns of V are an orthonormal
    basis of u^⊥ (:func:`hyperplane_basis`) and y ranges over the cube [-extent, extent]^{d-1}; the
    integral is the product trapezoid rule, which converges geometrically (or faster) for smooth
    functions that are negligible outside the ball of radius ``extent``.  The rule is refined
    (points per axis 13, 17, 21, 25, 29, 33, 37, 41, 49, ... while n^{d-1} <= ``max_points``) until the error
    estimate is below ``rtol`` (relative to max|Rf| over the offsets of the direction); if it never
    is, NumericError (``strict=True``).  The estimate assumes geometric convergence e(h) ~ ρ^{1/h}:
    with the previous level h' (≈ 1.15 h), e(h) ≈ e(h')^{h'/h} with e(h') ≈ |I_h - I_h'|; to it are
    added twice the trapezoid weight of the cube's boundary layer (truncation) and 64 ulp.  It is a
    heuristic estimate, not a rigorous bound; tests/test_radon_known.py checks that it bounds the
    true error for random Gaussians in d = 2..5.  ``return_error=True`` returns it alongside the
    values.

    Cost (predictable before the run).  Each level costs n^{d−1} evaluations of f per
    (direction, offset); the levels grow by ≈ 15 % per step, so the whole refinement costs about
    1/(1 − 1.15^{−(d−1)}) times its last level: 2.3× in d = 5, 2.9× in d = 4, 3.9× in d = 3.  For an
    analytic f the trapezoid error falls like e^{−c n} (faster for Gaussians), so the last level's
    n grows like log(1/rtol)·extent/(width of f) and the cost like (log(1/rtol))^{d−1}.  Measured for
    Gaussians of widths 0.7–1.3 with ``extent`` = 10: d = 5 stops at n = 29 for rtol = 1e-8,
    n = 33 for 1e-10 (1.2e6 points per hyperplane, ≈ 2.6e6 with the lower levels; ~5 s per
    (direction, 3 offsets) on one core), n = 37 for 1e-12; d = 2..4 stop at the same n.  The
    default budget ``max_points`` = None allows n^{d−1} ≤ 2e6 for d ≤ 4 and n ≤ 49 (5.8e6 points)
    in d ≥ 5, so the default rtol = 1e-10 is reached in d = 5 with a margin of four levels.

Grid route -- :func:`radon_grid` and its exact adjoint :func:`radon_grid_adjoint`
    Pixel convention: ``image[i, j]`` is the sample of f at ``x = ((i - c) h, (j - c) h)`` with
    ``c = (n - 1)/2``: axis 0 is the first coordinate x₁, axis 1 the second, and the rotation centre
    (the origin) is the array centre ``(n-1)/2`` for both even and odd n.  Angles θ (radians) give
    the directions u = (cos θ, sin θ) in these coordinates (skimage's angle θ_s corresponds to
    θ = θ_s + π/2, and skimage's centre is pixel n//2).  Offsets are ``t_q = (q - (k-1)/2) h`` for
    q = 0..k-1 (:func:`grid_offsets`); the default k (:func:`default_n_offsets`) is odd and covers
    the half-diagonal.  Output shape (m, k) for m angles.  Values are line integrals (pixel sums
    are scaled by h), i.e. approximations of Rf(u_i, t_q).

    Method (Fourier slice; the non-uniform FFT pieces live in :mod:`numerics.nufft`): the image defines the trigonometric model whose 2-D transform is the
    trapezoid sum f̂(ξ) ≈ h² Σ_p f_p e^{-i ξ·x_p}; it is evaluated on the slices ξ = ω u by a
    non-uniform FFT (2x oversampled grid, exponential-of-semicircle kernel of width w chosen from
    ``eps``), and ``Rf(u, t_j) = (1/2π) ∫ f̂(ωu) e^{iωt} dω`` is the trapezoid rule on ω_k = 2πk/(K h),
    |ω| ≤ π/h, evaluated by an inverse real FFT (period K h > the diagonal).

    Accuracy order (tests/test_radon_convergence.py, benchmarks/README.md): spectral for smooth
    data that is negligible at the grid edge and whose spectrum is negligible at π/h (error ~1e-13
    for a Gaussian with σ ≳ 3h); RMS order ≈ k+1 for f = (1 - r²)_+^k; for a jump sampled at pixel
    centres (the disc) order ≈ 1 in the mean and ≈ 1/2 in the max norm.  The adjoint is the exact
    transpose of the same chain of linear maps, so the dot test holds to rounding (~1e-16).

Ramp filter and FBP
    :func:`ramp_filter` applies Λ^{d-1} along the last axis: by default by linear convolution with
    the band-limited kernel of |ω|^{d-1} (exact for the band-limited interpolant of the samples, no
    periodization error), or for odd d as the local operator (-1)^{(d-1)/2} ∂^{d-1} by 8th-order
    finite differences.  :func:`backproject` / :func:`fbp` back-project with a sphere quadrature
    (:func:`sphere_quadrature`, d = 2, 3) and cubic interpolation in t; :func:`fbp_grid` inverts
    :func:`radon_grid` data in 2-D with the matched adjoint.  The constant γ_d is an argument.

Radial functions and d-D Fourier transforms (independent routes used in the checks)
    :func:`radon_radial` (polar-coordinate integral over the hyperplane; Wynn-accelerated for
    oscillatory profiles such as J_0(2π r)) and :func:`fourier_nd` (product trapezoid f̂(ξ)).
"""

from __future__ import annotations

import math

import numpy as np

from specbias.core.validate import as_finite_array, check_positive
import scipy.fft as sfft

from specbias.core.errors import DimensionError, InputError, NumericError
from specbias.numerics import nufft as _nufft
from specbias.numerics import sphere as _sphere

__all__ = [
    "radon",
    "hyperplane_basis",
    "grid_offsets",
    "default_n_offsets",
    "radon_grid",
    "radon_grid_adjoint",
    "angles_to_directions",
    "ramp_filter",
    "backproject",
    "fbp",
    "fbp_grid",
    "sphere_quadrature",
    "radon_radial",
    "fourier_nd",
]

_UNIT_TOL = 1e-10


# ----------------------------------------------------------------------------------------------
# validation helpers
# ----------------------------------------------------------------------------------------------
def _check_directions(directions):
    u = as_finite_array(directions, "directions")
    if u.ndim == 1:
        u = u[None, :]
    if u.ndim != 2:
        raise InputError(f"directions must be an (m, d) array, got shape {u.shape}")
    if u.shape[0] == 0:
        raise InputError("directions is empty")
    if u.shape[1] < 2:
        raise DimensionError(f"the Radon transform needs d >= 2, got d = {u.shape[1]}")
    norms = np.linalg.norm(u, axis=1)
    bad = np.abs(norms - 1.0) > _UNIT_TOL
    if np.any(bad):
        i = int(np.argmax(bad))
        raise InputError(f"directions must be unit vectors; row {i} has norm {norms[i]!r}")
    return u


def _check_offsets(offsets):
    t = as_finite_array(offsets, "offsets")
    if t.ndim == 0:
        t = t[None]
    if t.ndim != 1:
        raise InputError(f"offsets must be a (k,) array, got shape {t.shape}")
    if t.size == 0:
        raise InputError("offsets is empty")
    return t


# ----------------------------------------------------------------------------------------------
# callable route: hyperplane quadrature in any d >= 2
# ----------------------------------------------------------------------------------------------
def hyperplane_basis(u) -> np.ndarray:
    """(d, d-1) matrix whose orthonormal columns span u^⊥ (u a unit vector), from a QR step."""
    u = np.asarray(u, dtype=np.float64)
    d = u.size
    # Householder reflection mapping e_k to u, k = the largest |u_k|: its other columns span u^⊥.
    k = int(np.argmax(np.abs(u)))
    e = np.zeros(d)
    e[k] = 1.0
    s = 1.0 if u[k] >= 0 else -1.0
    v = u - s * e
    nv = np.linalg.norm(v)
    H = np.eye(d) if nv < 1e-300 else np.eye(d) - 2.0 * np.outer(v, v) / nv**2
    cols = [j for j in range(d) if j != k]
    return H[:, cols]


def _trap_nodes(n, extent):
    y = np.linspace(-extent, extent, n)
    w = np.full(n, 2.0 * extent / (n - 1))
    w[0] *= 0.5
    w[-1] *= 0.5
    return y, w


def _eval_f(f, pts):
    vals = np.asarray(f(pts), dtype=np.float64)
    if vals.shape != (pts.shape[0],):
        vals = vals.reshape(-1)
        if vals.shape != (pts.shape[0],):
            raise InputError(f"f must map an (N, d) array to (N,) values; got shape {np.shape(vals)}")
    if not np.all(np.isfinite(vals)):
        raise NumericError("f returned NaN or infinite values on the quadrature points")
    return vals


def _level_nodes(n, q, extent):
    """Nodes (n^q, q), product-trapezoid weights (n^q,) and the boundary-layer mask of the cube."""
    y, w = _trap_nodes(n, extent)
    Y = np.empty((n**q, q))
    W = np.ones(n**q)
    face = np.zeros(n**q, dtype=bool)
    edge = np.zeros(n, dtype=bool)
    edge[[0, -1]] = True
    for a in range(q):
        shape = [1] * q
        shape[a] = n
        Y[:, a] = np.broadcast_to(y.reshape(shape), (n,) * q).ravel()
        W *= np.broadcast_to(w.reshape(shape), (n,) * q).ravel()
        face |= np.broadcast_to(edge.reshape(shape), (n,) * q).ravel()
    return Y, W, face


def _hyperplane_level(f, u, V, offsets, nodes, chunk_points):
    """Product-trapezoid values on the hyperplanes {u·x = t}, and the weight of the boundary layer."""
    Y, W, on_face = nodes
    d = u.size
    P0 = Y @ V.T  # (N, d)
    per = max(1, chunk_points // P0.shape[0])
    I = np.empty(offsets.size)
    face = np.empty(offsets.size)
    Wf = W[on_face]
    for s in range(0, offsets.size, per):
        ts = offsets[s:s + per]
        pts = (ts[:, None, None] * u[None, None, :] + P0[None, :, :]).reshape(-1, d)
        vals = _eval_f(f, pts).reshape(ts.size, -1)
        I[s:s + per] = vals @ W
        face[s:s + per] = np.abs(vals[:, on_face]) @ Wf
    return I, face


def _next_level(n):
    # steps of ≈ 15 % (a multiple of 4): 13, 17, 21, 25, 29, 33, 37, 41, 49, 57, 65, ...
    return n + 4 * max(1, int(round(0.15 * (n - 1) / 4)))


def _prev_level(n):
    return max(5, n - 4 * max(1, int(round(0.15 * (n - 1) / 4))))


#: default budget of points per hyperplane: 2e6 for d ≤ 4; n = 49 per axis (49⁴ ≈ 5.8e6) in d ≥ 5
DEFAULT_MAX_POINTS = 2_000_000
DEFAULT_MAX_POINTS_HIGH_D = 49 ** 4


def radon(f, directions, offsets, *, extent: float = 10.0, rtol: float = 1e-10, n: int | None = None,
          max_points: int | None = None, chunk_points: int = 2_000_000, strict: bool = True,
          return_error: bool = False):
    """Hyperplane Radon transform of a callable f: R^d -> R by product-trapezoid quadrature.

    Parameters
    ----------
    f : callable mapping an (N, d) float64 array to (N,) values (vectorized).
    directions : (m, d) unit vectors (a single (d,) vector is accepted), d >= 2.
    offsets : (k,) values of t.
    extent : half-width of the integration cube on each hyperplane, centred at t·u; f must be
        negligible outside the ball of that radius.
    rtol : target for the estimated error, relative to max_t |Rf(u, t)| for each direction.
    n : points per axis (odd).  If given, no refinement is done and the estimate is reported.
    max_points : budget of quadrature points per hyperplane (n^(d-1)) for the refinement
        (None: :data:`DEFAULT_MAX_POINTS`, or :data:`DEFAULT_MAX_POINTS_HIGH_D` for d ≥ 5).
    strict : if True (default) raise :class:`NumericError` when rtol is not reached in budget.
    return_error : also return the (m, k) array of error estimates.

    Returns
    -------
    (m, k) array Rf(u_i, t_j) [, (m, k) error estimates].
    """
    if not callable(f):
        raise InputError("f must be a callable mapping an (N, d) array to (N,) values")
    u_all = _check_directions(directions)
    t = _check_offsets(offsets)
    extent = check_positive(extent, "extent")
    rtol = check_positive(rtol, "rtol")
    m, d = u_all.shape
    q = d - 1
    if max_points is None:
        max_points = DEFAULT_MAX_POINTS if d <= 4 else DEFAULT_MAX_POINTS_HIGH_D
    if n is not None:
        if int(n) != n or n < 9 or n % 4 != 1:
            raise InputError(f"n (points per axis) must be an integer >= 9 with n = 1 mod 4, got {n!r}")
        levels = [_prev_level(int(n)), int(n)]
    else:
        levels = []
        nn = 13
        while nn**q <= max_points:
            levels.append(nn)
            nn = _next_level(nn)
        if len(levels) < 2:
            raise NumericError(f"max_points = {max_points} is too small for d = {d} (needs >= {17**q})")
    out = np.empty((m, t.size))
    err = np.empty((m, t.size))
    tiny = np.finfo(float).tiny
    cache = {}
    for i in range(m):
        u = u_all[i]
        V = hyperplane_basis(u)
        prev = None
        for nn in levels:
            if nn not in cache:
                cache[nn] = _level_nodes(nn, q, extent)
            I, face = _hyperplane_level(f, u, V, t, cache[nn], chunk_points)
            if prev is None:
                prev = (I, nn)
                continue
            scale = max(float(np.max(np.abs(I))), tiny)
            # geometric convergence e(h) ~ ρ^{1/h}: e(h) ≈ e(h')^{h'/h} with e(h') ≈ |I_h - I_h'|
            r = (nn - 1) / (prev[1] - 1)
            e_prev = np.minimum(np.abs(I - prev[0]) / scale, 1.0)
            geo = np.where(e_prev < 1e-2, e_prev ** r, e_prev) * scale
            est = geo + 2.0 * face + 64 * np.finfo(float).eps * np.abs(I)
            prev = (I, nn)
            if np.all(est <= rtol * scale):
                break
        else:
            if n is None and strict:
                raise NumericError(
                    f"radon: estimated relative error {np.max(est) / scale:.2e} > rtol = {rtol:.1e} for "
                    f"direction {i} with {levels[-1]}^{q} points; raise max_points or extent, or pass n")
        out[i] = I
        err[i] = est
    return (out, err) if return_error else out


# ----------------------------------------------------------------------------------------------
# grid route in 2-D: NUFFT-based Fourier slice transform with an exact adjoint
# ----------------------------------------------------------------------------------------------
def angles_to_directions(angles) -> np.ndarray:
    """(m,) angles θ -> (m, 2) directions u = (cos θ, sin θ) (first coordinate = array axis 0)."""
    a = _check_offsets(angles)
    return np.stack([np.cos(a), np.sin(a)], axis=1)


def default_n_offsets(n: int) -> int:
    """Smallest odd k whose offsets (q - (k-1)/2) h cover the half-diagonal (n-1) h/√2, plus 2."""
    half = math.ceil((n - 1) / math.sqrt(2.0)) + 1
    return 2 * half + 1


def grid_offsets(k: int, h: float = 1.0) -> np.ndarray:
    """Offsets t_q = (q - (k-1)/2) h, q = 0..k-1, used by :func:`radon_grid`."""
    return (np.arange(k) - (k - 1) / 2.0) * h


class _GridPlan:
    def __init__(self, n, angles, h, n_offsets, eps, oversample=2.0):
        self.n = n
        self.h = h
        self.angles = angles
        self.kernel = _nufft.ESKernel(eps)
        w = self.kernel.w
        self.M = _nufft.grid_size(n, w, oversample)
        self.k = n_offsets
        # K: length of the t-period (in samples of h).  The periodic copies of the support
        # (|t| <= diagonal/2) must stay clear of the output offsets: K > max(√2 n, k) + margin.
        need = max(int(math.ceil(math.sqrt(2.0) * n)), n_offsets) + 2 * w + 8
        K = int(sfft.next_fast_len(need))
        self.K = K + (K % 2)
        self.c = (n - 1) / 2.0
        self.corr = _nufft.deconvolution(self.kernel, np.arange(n) - self.c, self.M)  # per axis
        # e^{-i s (p - c)} = e^{i s c} e^{-i s p}: the phase e^{i s_l c} is applied on the FFT grid
        # (l = 0..M-1); for even n (c half-integer, δ = 1/2) it is not M-periodic, and the sign of the
        # wrapped interpolation indices is corrected in _axis.
        self.delta = self.c - math.floor(self.c)
        lg = np.arange(self.M)
        self.gphase = np.exp(1j * (2.0 * math.pi * lg / self.M) * self.c)
        self.nk = self.K // 2 + 1
        kk = np.arange(self.nk)
        # output offsets t_q = (q - (k-1)/2) h sit at index j = q + j0 of the K-periodic grid t_j = (j - K/2) h
        self.j0 = self.K // 2 - (self.k - 1) // 2
        shift = (self.k - 1) / 2.0 - (self.k - 1) // 2  # 0 or 1/2
        # phase putting t = (j - K/2 - shift) h at index j
        self.tphase = np.exp(-1j * 2.0 * math.pi * kk * (self.K / 2.0 + shift) / self.K)
        self.cw = np.full(self.nk, 2.0)
        self.cw[0] = 1.0
        if self.K % 2 == 0:
            self.cw[-1] = 1.0
        self.s = 2.0 * math.pi * kk / self.K  # dimensionless frequencies s = ω h in [0, π]

    def _axis(self, sv):
        """Indices (P, w) into the oversampled grid and kernel weights for dimensionless freqs sv."""
        return _nufft.interp_weights(self.kernel, self.M, sv, half_shift=bool(self.delta))

    def chunks(self, max_points=2_000_000):
        per = max(1, min(len(self.angles), max_points // (self.nk * self.kernel.w ** 2)))
        for s in range(0, len(self.angles), per):
            th = self.angles[s:s + per]
            sx = (np.cos(th)[:, None] * self.s[None, :]).ravel()
            sy = (np.sin(th)[:, None] * self.s[None, :]).ravel()
            ix, wx = self._axis(sx)
            iy, wy = self._axis(sy)
            idx = (ix[:, :, None] * self.M + iy[:, None, :]).reshape(ix.shape[0], -1)
            wt = (wx[:, :, None] * wy[:, None, :]).reshape(ix.shape[0], -1)
            yield s, th.size, idx, wt

    def forward(self, img):
        M = self.M
        a = img * self.corr[:, None] * self.corr[None, :]
        G = sfft.fft2(a, s=(M, M), workers=_nufft.FFT_WORKERS)
        G *= self.gphase[:, None]
        G *= self.gphase[None, :]
        Gf = G.ravel()
        out = np.empty((len(self.angles), self.k))
        for s, cnt, idx, wt in self.chunks():
            F = np.einsum("pw,pw->p", Gf[idx], wt).reshape(cnt, self.nk)
            F *= self.tphase[None, :]
            g = sfft.irfft(F, n=self.K, axis=1, workers=_nufft.FFT_WORKERS)
            out[s:s + cnt] = g[:, self.j0:self.j0 + self.k]
        return out * self.h

    def adjoint(self, sino):
        M, K = self.M, self.K
        acc_re = np.zeros(M * M)
        acc_im = np.zeros(M * M)
        for s, cnt, idx, wt in self.chunks():
            y = np.zeros((cnt, K))
            y[:, self.j0:self.j0 + self.k] = sino[s:s + cnt]
            X = sfft.rfft(y, axis=1, workers=_nufft.FFT_WORKERS) * (self.cw / K)[None, :]
            X *= np.conj(self.tphase)[None, :]
            Xf = X.ravel()
            contrib = wt * Xf[:, None]
            acc_re += np.bincount(idx.ravel(), weights=contrib.real.ravel(), minlength=M * M)
            acc_im += np.bincount(idx.ravel(), weights=contrib.imag.ravel(), minlength=M * M)
        G = (acc_re + 1j * acc_im).reshape(M, M)
        G *= np.conj(self.gphase)[:, None]
        G *= np.conj(self.gphase)[None, :]
        # adjoint of fft2 with zero padding: M² ifft2, then crop
        a = sfft.ifft2(G, workers=_nufft.FFT_WORKERS)[: self.n, : self.n].real * (M * M)
        return a * self.corr[:, None] * self.corr[None, :] * self.h


def _check_grid(image):
    img = np.asarray(image)
    if img.ndim != 2 or img.shape[0] != img.shape[1]:
        raise InputError(f"image must be a square (n, n) array, got shape {img.shape}")
    if img.shape[0] < 2:
        raise InputError("image must be at least 2 x 2")
    if np.iscomplexobj(img):
        raise InputError("image must be real")
    return as_finite_array(img, "image", ndim=2)


def _plan(n, angles, h, n_offsets, eps):
    h = check_positive(h, "h")
    th = _check_offsets(angles)
    k = default_n_offsets(n) if n_offsets is None else n_offsets
    if int(k) != k or k < 1:
        raise InputError(f"n_offsets must be a positive integer, got {n_offsets!r}")
    eps = check_positive(eps, "eps")
    return _GridPlan(int(n), th, h, int(k), eps)


def radon_grid(image, angles, h: float = 1.0, n_offsets: int | None = None, eps: float = 1e-11):
    """2-D Radon transform of gridded samples; see the module docstring for the conventions.

    image : (n, n) real samples f((i-c)h, (j-c)h), c = (n-1)/2.
    angles : (m,) angles θ (radians); u = (cos θ, sin θ).
    h : pixel spacing.  n_offsets : k (default :func:`default_n_offsets`).  eps : NUFFT tolerance.
    Returns the (m, k) array of line integrals Rf(u_i, t_q) at t_q = grid_offsets(k, h)[q].
    """
    img = _check_grid(image)
    return _plan(img.shape[0], angles, h, n_offsets, eps).forward(img)


def radon_grid_adjoint(sinogram, angles, n: int, h: float = 1.0, eps: float = 1e-11):
    """Exact transpose of :func:`radon_grid` (same angles, h, eps; k = sinogram.shape[1]).

    Satisfies ⟨radon_grid(x), y⟩ = ⟨x, radon_grid_adjoint(y)⟩ (Euclidean inner products) to
    rounding.  Note the scaling: the continuous back-projection over the half circle is
    ≈ (Δθ h / h²) times this (see :func:`fbp_grid`).
    """
    y = as_finite_array(sinogram, "sinogram", ndim=2)
    th = _check_offsets(angles)
    if y.shape[0] != th.size:
        raise InputError(f"sinogram has {y.shape[0]} rows but {th.size} angles were given")
    if int(n) != n or n < 2:
        raise InputError(f"n must be an integer >= 2, got {n!r}")
    return _plan(int(n), th, h, y.shape[1], eps).adjoint(y)


# ----------------------------------------------------------------------------------------------
# ramp filter and (filtered) back-projection
# ----------------------------------------------------------------------------------------------
def _ramp_kernel(k: int, dt: float, p: int) -> np.ndarray:
    """Band-limited kernel of |ω|^p on lags j = -(k-1)..k-1:  dt · (1/π) ∫_0^{π/dt} ω^p cos(ω j dt) dω.

    Uses I_p = [ω^p sin(aω)/a] - (p/a) J_{p-1},  J_p = [-ω^p cos(aω)/a] + (p/a) I_{p-1}, a = j dt,
    with sin(aΩ) = 0 and cos(aΩ) = (-1)^j at Ω = π/dt; I_p = Ω^{p+1}/(p+1) at j = 0.
    """
    W = math.pi / dt
    j = np.arange(1, k, dtype=np.float64)
    a = j * dt
    sgn = np.where(j % 2 == 0, 1.0, -1.0)
    I = np.zeros_like(a)  # I_0 = sin(aW)/a = 0
    J = (1.0 - sgn) / a   # J_0
    for q in range(1, p + 1):
        I_new = -(q / a) * J
        J_new = -(W**q) * sgn / a + (q / a) * I
        I, J = I_new, J_new
    pos = dt / math.pi * I
    zero = dt / math.pi * W ** (p + 1) / (p + 1)
    return np.concatenate([pos[::-1], [zero], pos])


def _fd_weights(order: int, acc: int) -> np.ndarray:
    """Central finite-difference weights of ∂^order on offsets -q..q (Fornberg's algorithm)."""
    q = (order + acc - 1) // 2
    x = np.arange(-q, q + 1, dtype=np.float64)
    n = x.size
    c = np.zeros((n, order + 1))
    c1, c4 = 1.0, x[0]
    c[0, 0] = 1.0
    for i in range(1, n):
        mn = min(i, order)
        c2, c5, c4 = 1.0, c4, x[i]
        for j in range(i):
            c3 = x[i] - x[j]
            c2 *= c3
            if j == i - 1:
                for kk in range(mn, 0, -1):
                    c[i, kk] = c1 * (kk * c[i - 1, kk - 1] - c5 * c[i - 1, kk]) / c2
                c[i, 0] = -c1 * c5 * c[i - 1, 0] / c2
            for kk in range(mn, 0, -1):
                c[j, kk] = (c4 * c[j, kk] - kk * c[j, kk - 1]) / c3
            c[j, 0] = c4 * c[j, 0] / c3
        c1 = c2
    return c[:, order]


def ramp_filter(sinogram, dt: float, d: int, method: str = "fft", order: int = 8):
    """Apply Λ^{d-1} (Fourier multiplier |ω|^{d-1}) along the last axis of a sampled sinogram.

    ``method='fft'`` (any d >= 2, the default): the samples define the band-limited function with
    cut-off π/dt; Λ^{d-1} of it at the samples is the *linear* convolution with the band-limited
    kernel ``dt (1/π) ∫_0^{π/dt} ω^{d-1} cos(ω j dt) dω`` (the Ram-Lak kernel for d = 2), done by FFT
    with enough zero padding that no periodization error occurs.  Data are taken as 0 outside the
    sampled range.  ``method='local'`` (odd d only): (-1)^{(d-1)/2} ∂_t^{d-1} by central finite
    differences of accuracy ``order`` (a genuinely local route); even d raises InputError.
    """
    g = as_finite_array(sinogram, "sinogram")
    if g.ndim < 1 or g.shape[-1] < 2:
        raise InputError("sinogram must have at least 2 samples along its last axis")
    dt = check_positive(dt, "dt")
    if int(d) != d or d < 2:
        raise DimensionError(f"the ramp filter Λ^(d-1) needs an integer d >= 2, got {d!r}")
    d = int(d)
    if method not in ("fft", "local"):
        raise InputError(f"method must be 'fft' or 'local', got {method!r}")
    k = g.shape[-1]
    if method == "local":
        if d % 2 == 0:
            raise InputError("the ramp filter is local (a derivative) only for odd d; use method='fft'")
        if int(order) != order or order < 2 or order % 2:
            raise InputError(f"order must be an even integer >= 2, got {order!r}")
        w = _fd_weights(d - 1, int(order)) * ((-1) ** ((d - 1) // 2)) / dt ** (d - 1)
        q = (w.size - 1) // 2
        pad = [(0, 0)] * (g.ndim - 1) + [(q, q)]
        gp = np.pad(g, pad)
        out = np.zeros_like(g)
        for i, wi in enumerate(w):
            out += wi * gp[..., i:i + k]
        return out
    ker = _ramp_kernel(k, dt, d - 1)  # lags -(k-1)..(k-1)
    L = int(sfft.next_fast_len(3 * k - 2))
    conv = sfft.irfft(sfft.rfft(g, n=L, axis=-1) * sfft.rfft(ker, n=L), n=L, axis=-1)
    return conv[..., k - 1:2 * k - 1]


def sphere_quadrature(d: int, n: int):
    """Quadrature on S^{d-1} for d = 2 or 3: (directions (m, d), weights (m,)) with Σw = |S^{d-1}|.

    d = 2: n equispaced angles on [0, 2π) (trapezoid, exact for trig. polynomials of degree < n).
    d = 3: n Gauss-Legendre nodes in z = cos(polar) times 2n equispaced azimuths.
    The rule is :func:`numerics.sphere.sphere_quadrature` (one rule for all numeric modules).
    """
    if isinstance(d, bool) or int(d) != d or d not in (2, 3):
        raise DimensionError(f"sphere_quadrature supports d = 2, 3, got {d!r}")
    if isinstance(n, bool) or int(n) != n or n < 1:
        raise InputError(f"n must be a positive integer, got {n!r}")
    return _sphere.sphere_quadrature(int(d), int(n) if d == 2 else 2 * int(n), n_polar=int(n))


def backproject(sinogram, directions, weights, offsets, points):
    """Quadrature back-projection Σ_i w_i φ(u_i, u_i·x) at points x ((p, d)), cubic interpolation in t.

    sinogram : (m, k) samples φ(u_i, t_j) on the uniform offsets (k,).  Values outside the offset
    range are taken as 0.
    """
    from scipy.interpolate import CubicSpline

    phi = as_finite_array(sinogram, "sinogram", ndim=2)
    u = _check_directions(directions)
    w = as_finite_array(weights, "weights", ndim=1)
    t = _check_offsets(offsets)
    x = as_finite_array(points, "points")
    if x.ndim == 1:
        x = x[None, :]
    if phi.shape != (u.shape[0], t.size) or w.size != u.shape[0]:
        raise InputError(f"shapes do not match: sinogram {phi.shape}, directions {u.shape}, "
                         f"weights {w.shape}, offsets {t.shape}")
    if x.ndim != 2 or x.shape[1] != u.shape[1]:
        raise InputError(f"points must be (p, {u.shape[1]}), got {x.shape}")
    if t.size < 4 or np.any(np.diff(t) <= 0):
        raise InputError("offsets must be increasing with at least 4 samples")
    proj = x @ u.T  # (p, m)
    out = np.zeros(x.shape[0])
    for i in range(u.shape[0]):
        v = CubicSpline(t, phi[i], extrapolate=False)(proj[:, i])
        out += w[i] * np.nan_to_num(v, nan=0.0)
    return out


def fbp(sinogram, directions, weights, offsets, points, d: int, gamma: float, method: str = "fft"):
    """Filtered back-projection γ · R*[Λ^{d-1} g](x) with a quadrature (directions, weights) on the
    whole sphere S^{d-1}; ``gamma`` is the inversion constant (derived in theory.radon, or measured)."""
    t = _check_offsets(offsets)
    if t.size < 2:
        raise InputError("need at least two offsets")
    dt = float(t[1] - t[0])
    if not np.allclose(np.diff(t), dt, rtol=1e-9, atol=0):
        raise InputError("fbp needs uniformly spaced offsets")
    filt = ramp_filter(sinogram, dt, d, method=method)
    return float(gamma) * backproject(filt, directions, weights, t, points)


def fbp_grid(sinogram, angles, n: int, gamma: float, h: float = 1.0, eps: float = 1e-11):
    """2-D FBP on the pixel grid: γ · (2Δθ) · R_adjᵀ Λ g / h, for m equispaced angles on [0, π).

    The factor: the continuous back-projection over the whole circle is 2 ∫_0^π φ(θ, x·u) dθ, and
    the transpose of :func:`radon_grid` approximates h² / (Δθ Δt) times ∫_0^π with Δt = h.
    ``gamma`` is the 2-D inversion constant (required: numerics does not hard-code the derived
    value; tests pass theory.radon's γ_2).
    """
    g = as_finite_array(sinogram, "sinogram", ndim=2)
    th = _check_offsets(angles)
    m = th.size
    dtheta = math.pi / m
    # Λg decays only like 1/t²: zero-pad in t (g is negligible there) so that the band-limited
    # back-projection near the ends of the offset range (the image corners) sees the tails
    margin = g.shape[1] // 2 + 8
    filt = ramp_filter(np.pad(g, [(0, 0), (margin, margin)]), h, 2)
    back = radon_grid_adjoint(filt, th, n, h, eps)
    return float(gamma) * 2.0 * dtheta * h * back / (h * h)


# ----------------------------------------------------------------------------------------------
# radial functions and a d-dimensional Fourier quadrature (independent numeric routes)
# ----------------------------------------------------------------------------------------------
def radon_radial(profile, d: int, offsets, support: float | None = None, period: float | None = None):
    """Rf(t) for f(x) = profile(|x|) in R^d by integrating over the hyperplane in polar coordinates:

        Rf(t) = |S^{d-2}| ∫_0^{Y} profile(√(y² + t²)) y^{d-2} dy,   Y = √(R² - t²) or ∞,

    with |S^{d-2}| = 2 π^{(d-1)/2} / Γ((d-1)/2) (|S^0| = 2).  ``profile`` is a float callable.
    ``support`` = R restricts to r < R.  For oscillatory, slowly decaying profiles on [0, ∞) (such as
    J_0(2π r)) pass ``period`` (the asymptotic period in y): the integral is then summed over
    half periods (Gauss-Legendre) and the partial sums are accelerated by Wynn's epsilon algorithm.  Returns a (k,) array.
    """
    from scipy.integrate import quad
    from scipy.special import gamma as G

    if not callable(profile):
        raise InputError("profile must be a callable of r")
    if int(d) != d or d < 2:
        raise DimensionError(f"the Radon transform needs an integer d >= 2, got {d!r}")
    d = int(d)
    t = _check_offsets(offsets)
    area = 2.0 * math.pi ** ((d - 1) / 2.0) / G((d - 1) / 2.0)
    out = np.empty(t.size)
    if support is not None:
        R = check_positive(support, "support")
    if period is not None:
        period = check_positive(period, "period")
    for i, ti in enumerate(t):
        def g(y, ti=ti):
            return float(profile(math.sqrt(y * y + ti * ti))) * y ** (d - 2)

        if support is not None:
            if abs(ti) >= R:
                out[i] = 0.0
                continue
            Y = math.sqrt(R * R - ti * ti)
            val, e = quad(g, 0.0, Y, epsabs=1e-14, epsrel=1e-12, limit=200)
        elif period is not None:
            val = _oscillatory_integral(g, period)
        else:
            val, e = quad(g, 0.0, np.inf, epsabs=1e-14, epsrel=1e-12, limit=200)
        out[i] = area * val
    return out


def _wynn_epsilon(S):
    """Wynn's epsilon algorithm on partial sums S (1-D): the last even-column estimate."""
    S = [float(x) for x in S]
    prev = [0.0] * (len(S) + 1)
    cur = list(S)
    best = S[-1]
    col = 0
    while len(cur) > 1:
        nxt = []
        for i in range(len(cur) - 1):
            diff = cur[i + 1] - cur[i]
            if diff == 0.0:
                return cur[i + 1] if col % 2 == 0 else best
            nxt.append(prev[i + 1] + 1.0 / diff)
        prev, cur = cur, nxt
        col += 1
        if col % 2 == 0:
            best = cur[-1]
    return best


def _oscillatory_integral(g, period, n_intervals=48, nodes=24):
    """∫_0^∞ g(y) dy for g oscillating with asymptotic period ``period``: Gauss-Legendre on half
    periods, then Wynn's epsilon acceleration of the partial sums."""
    x, w = np.polynomial.legendre.leggauss(nodes)
    half = 0.5 * period
    a = np.arange(n_intervals) * half
    Y = a[:, None] + half * (x[None, :] + 1.0) / 2.0
    vals = np.array([[g(float(y)) for y in row] for row in Y])
    parts = (vals @ w) * (half / 2.0)
    return _wynn_epsilon(np.cumsum(parts)[8:])


def fourier_nd(f, xi, extent: float = 10.0, n: int = 64):
    """f̂(ξ) = ∫ f(x) e^{-iξ·x} dx (angular) by the product trapezoid rule on [-extent, extent]^d.

    ``f`` maps (N, d) -> (N,); ``xi`` is (p, d).  Spectrally accurate for smooth f negligible outside
    the cube and |ξ| well below π n / (2 extent).  Returns a complex (p,) array.
    """
    if not callable(f):
        raise InputError("f must be callable")
    X = as_finite_array(xi, "xi")
    if X.ndim != 2:
        raise InputError(f"xi must be a (p, d) array, got shape {X.shape}")
    d = X.shape[1]
    if d < 1:
        raise DimensionError("d must be >= 1")
    extent = check_positive(extent, "extent")
    if int(n) != n or n < 4:
        raise InputError(f"n must be an integer >= 4, got {n!r}")
    Y, W, _ = _level_nodes(int(n) + 1, d, extent)
    vals = _eval_f(f, Y) * W
    out = np.empty(X.shape[0], dtype=complex)
    per = max(1, 2_000_000 // Y.shape[0])
    for s in range(0, X.shape[0], per):
        ph = X[s:s + per] @ Y.T
        out[s:s + per] = np.exp(-1j * ph) @ vals
    return out
