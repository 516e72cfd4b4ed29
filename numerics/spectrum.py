"""σ̂ of an activation on ω > 0 for the seminorm routes: bulk, vectorized, tabulated.

σ̂ is never taken from :mod:`theory`.  :class:`DerivativeTransform` differentiates σ symbolically m
times until σ^{(m)} is a decaying function plus point masses, computes F[σ^{(m)}] by composite
Gauss–Legendre quadrature and σ̂ = F[σ^{(m)}]/(iω)^m for ω ≠ 0; :class:`Spectrum` tabulates it
(cubic splines) for the 10⁴–10⁵ radii of the FFT routes and knows up to which frequency it is
resolved; :meth:`Spectrum.crosscheck` compares it with :mod:`numerics.fourier`.
"""

from __future__ import annotations

import math

import numpy as np
import sympy as sp

from specbias.core.activations import T, as_activation
from specbias.core.errors import DegenerateSeminorm, InputError, NumericError

__all__ = ["DerivativeTransform", "Spectrum", "get_spectrum", "clear_caches"]

_activation = as_activation  # one resolver for names, expressions and Activations


# ----------------------------------------------------------------------------------------------
class _NoDecay(NumericError):
    """σ^(m) does not decay fast enough for the truncated quadrature."""


class DerivativeTransform:
    """σ̂(ω), ω ≠ 0, as F[σ^{(m)}](ω)/(iω)^m.

    m = (polynomial growth of σ) + 1 (up to 4 more if σ^{(m)} decays only algebraically), so σ^{(m)}
    is a decaying function s(t) plus point masses
    Σ c_j(t) δ^{(k_j)}(t − t_j) (SymPy differentiates the Heaviside steps).  Point masses are
    transformed exactly; ∫ s(t) e^{−iωt} dt by composite Gauss–Legendre (panels of width 1/4,
    24 nodes, split at the kinks) on [−L, L] with L where |s| < 1e−17·max|s|.  The absolute
    quadrature error is ~1e−15·∫|s|; :attr:`floor` records that scale so callers can tell where
    σ̂ is still resolved.  This is the vectorized bulk evaluator; :meth:`Spectrum.crosscheck`
    compares it with :mod:`numerics.fourier`.
    """

    def __init__(self, act):
        act = _activation(act)
        self.act = act
        if act.growth is None:
            raise DegenerateSeminorm(
                f"σ = {act.name} oscillates (no polynomial growth class): its transform is supported on "
                "a null set (sin: ω = ±1), so W_σ = |ω|^{d−1}/|σ̂|² is infinite almost everywhere and the "
                "seminorm is undefined; this is the random-Fourier-feature case, W ∝ 1/p_W")
        m0 = int(max(int(g) for g in act.growth)) + 1
        last = None
        for m in range(m0, m0 + 5):  # algebraically decaying σ^(m): differentiate further
            try:
                self._build(m)
                break
            except _NoDecay as exc:
                last = exc
        else:
            raise NumericError(f"{last}; its transform cannot be computed by this route")

    def _build(self, m):
        act = self.act
        self.m = m
        expr = sp.expand(sp.diff(act.expr, T, m))
        smooth = sp.S(0)
        self.deltas = []  # (callable coef·derivative in w, t0)
        w = sp.Symbol("w", real=True)
        for term in sp.Add.make_args(expr):
            if not term.has(sp.DiracDelta):
                smooth += term
                continue
            dd = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.DiracDelta)]
            if len(dd) != 1:
                raise NumericError(f"cannot transform the term {term} of σ^({m})")
            D = dd[0]
            coef = sp.Mul(*[f for f in sp.Mul.make_args(term) if f is not D])
            arg = D.args[0]
            k = int(D.args[1]) if len(D.args) > 1 else 0
            a = sp.diff(arg, T)
            if a.has(T) or a == 0:
                raise NumericError(f"point mass with a non-linear argument in {term}")
            t0 = sp.solve(arg, T)[0]
            # δ^{(k)}(a(t − t0)) = δ^{(k)}(t − t0)/(a^k |a|);  ∫ c δ^{(k)}(t−t0) e^{−iwt} = (−1)^k ∂^k[c e^{−iwt}](t0)
            val = (-1) ** k * sp.diff(coef * sp.exp(-sp.I * w * T), T, k).subs(T, t0) / (a ** k * sp.Abs(a))
            val = val.replace(lambda e: isinstance(e, sp.Heaviside), lambda e: sp.Heaviside(e.args[0], sp.S.Half))
            f = sp.lambdify(w, val, "numpy")
            self.deltas.append(f)
        self.smooth_expr = smooth
        self.exact = smooth == 0
        if not self.exact:
            self._setup_smooth(smooth)
        else:
            self.floor = 0.0

    def _setup_smooth(self, smooth):
        f = sp.lambdify(T, smooth, modules=[{"Heaviside": lambda x, h0=0.5: np.heaviside(x, 0.5)}, "scipy", "numpy"])

        def s(t):
            with np.errstate(all="ignore"):
                v = np.broadcast_to(np.asarray(f(t), dtype=np.float64), np.shape(t)).copy()
            v[~np.isfinite(v)] = 0.0  # overflowing ratios far in the tails, where s ≈ 0
            return v

        probe = np.linspace(-200, 200, 40001)
        vals = np.abs(s(probe))
        mx = vals.max()
        if not np.isfinite(mx) or mx == 0:
            raise NumericError(f"cannot evaluate σ^({self.m}) of {self.act.name}")
        big = np.nonzero(vals > 1e-17 * mx)[0]
        L = float(max(abs(probe[big[0]]), abs(probe[big[-1]]))) + 1.0
        if L > 199:
            edge = float(np.max(vals[np.abs(probe) >= 190])) / mx
            if edge > 1e-12:
                raise _NoDecay(f"σ^({self.m}) of {self.act.name} does not decay on [−200, 200] "
                               f"(|σ^({self.m})| at |t| ≥ 190 is {edge:.1e} of its maximum)")
            L = 200.0  # algebraic tail below 1e−12 of the maximum: truncate there
        kinks = set()
        for h in smooth.atoms(sp.Heaviside):
            r = sp.solve(h.args[0], T)
            kinks.update(float(x) for x in r if x.is_real)
        edges = sorted({-L, L} | {k for k in kinks if -L < k < L})
        nodes, weights = [], []
        xg, wg = np.polynomial.legendre.leggauss(24)
        for a, b in zip(edges[:-1], edges[1:]):
            npan = max(1, int(math.ceil((b - a) / 0.25)))
            e = np.linspace(a, b, npan + 1)
            mid, half = (e[1:] + e[:-1]) / 2, (e[1:] - e[:-1]) / 2
            nodes.append((mid[:, None] + half[:, None] * xg).ravel())
            weights.append((half[:, None] * wg).ravel())
        self.t = np.concatenate(nodes)
        self.wt = np.concatenate(weights) * s(self.t)
        self.floor = 1e-15 * float(np.abs(self.wt).sum())
        self.L = L

    def transform_derivative(self, omega):
        """F[σ^{(m)}](ω) (complex), any real ω."""
        om = np.atleast_1d(np.asarray(omega, dtype=np.float64))
        out = np.zeros(om.shape, dtype=np.complex128)
        for f in self.deltas:
            out += np.broadcast_to(np.asarray(f(om), dtype=np.complex128), om.shape)
        if not self.exact:
            flat = om.ravel()
            acc = np.empty(flat.shape, dtype=np.complex128)
            step = max(1, 2_000_000 // len(self.t))
            for i in range(0, len(flat), step):
                acc[i:i + step] = np.exp(-1j * np.outer(flat[i:i + step], self.t)) @ self.wt
            out += acc.reshape(om.shape)
        return out

    def __call__(self, omega):
        om = np.asarray(omega, dtype=np.float64)
        if np.any(om == 0):
            raise InputError("σ̂ is evaluated here only at ω ≠ 0")
        return self.transform_derivative(om) / (1j * om) ** self.m

    def resolved(self, omega):
        """True where |F[σ^{(m)}](ω)| is at least 1e6 times the quadrature floor (σ̂ good to ~1e−9)."""
        if self.exact:
            return np.ones(np.shape(omega), dtype=bool)
        return np.abs(self.transform_derivative(omega)) > 1e6 * self.floor


class Spectrum:
    """σ̂ on ω > 0 for one activation, with the frequency below which it is resolved.

    Bulk evaluation uses the vectorized :class:`DerivativeTransform` (the FFT grids need σ̂ at
    10⁴–10⁵ radii; the shared QUADPACK-based :class:`numerics.fourier.NumericTransform` costs
    ~10 ms per frequency).  :meth:`crosscheck` compares the two at a few frequencies where both
    are resolved; the verify rows report that comparison."""

    def __init__(self, act):
        self.act = _activation(act)
        self.derivative = DerivativeTransform(self.act)  # raises DegenerateSeminorm for sin
        self.source = "DerivativeTransform (cross-checked against numerics.fourier)"
        self.omega_max = self._find_resolved_limit()

    def crosscheck(self, omegas=(0.3, 0.7, 1.3, 2.1, 3.0)):
        """(max relative difference, number of frequencies compared) between the bulk σ̂ and
        numerics.fourier.NumericTransform at frequencies where both are resolved.
        Returns (nan, 0) when numerics.fourier is not available."""
        try:
            from specbias.numerics.fourier import transform_for
        except ImportError:
            return math.nan, 0
        nt = transform_for(self.act)  # the same object the transform and weight rows evaluate
        w = np.asarray([o for o in omegas if o <= self.omega_max], dtype=np.float64)
        v, e = nt.evaluate(w)
        ok = (e <= nt.rel_tol * np.abs(v)) & self.derivative.resolved(w)
        if not np.any(ok):
            return math.nan, 0
        mine = self.derivative(w[ok])
        return float(np.max(np.abs(mine - v[ok]) / np.abs(v[ok]))), int(ok.sum())

    def _find_resolved_limit(self) -> float:
        if self.derivative.exact:
            return math.inf
        grid = np.linspace(0.05, 200.0, 400)
        ok = self.derivative.resolved(grid)
        bad = np.nonzero(~ok)[0]
        return 200.0 if len(bad) == 0 else float(grid[max(bad[0] - 1, 0)])

    # -- tabulation: the FFT routes need σ̂ at up to ~10⁵ distinct radii -------------------------
    def _table(self):
        if getattr(self, "_tab", None) is None:
            from scipy.interpolate import CubicSpline

            top = min(self.omega_max, 200.0)
            # uniform nodes up to 20, geometric beyond (uniform relative resolution)
            lo = min(top, 20.0)
            w = np.linspace(0.0, lo, 3001)
            w[0] = 1e-3 * w[1]
            if top > lo:
                w = np.concatenate([w, np.geomspace(lo, top, 800)[1:]])
            F = self.derivative.transform_derivative(w)  # smooth and bounded: spline it
            self._tab = (top, CubicSpline(w, F.real), CubicSpline(w, F.imag),
                         CubicSpline(w, np.log(np.maximum(np.abs(F), 1e-300))))
        return self._tab

    def __call__(self, omega):
        """σ̂(ω) for ω > 0 (exact activations directly; others from a cubic-spline table of
        F[σ^{(m)}]: 3000 uniform intervals up to ω = 20, 800 geometric ones beyond)."""
        om = np.asarray(omega, dtype=np.float64)
        if self.derivative.exact:
            return self.derivative(om)
        top, sr, si, _ = self._table()
        if np.any(om > top):
            raise NumericError(f"σ̂ of {self.act.name} is not resolved beyond ω = {top:.3g}")
        out = (sr(om) + 1j * si(om)) / (1j * om) ** self.derivative.m
        low = np.abs(om) < 0.05  # F[σ^(m)] may vanish at 0: evaluate directly there
        if np.any(low):
            out[low] = self.derivative(om[low])
        return out

    def abs2(self, omega):
        om = np.abs(np.asarray(omega, dtype=np.float64))
        out = np.full(om.shape, np.inf)
        nz = om > 0
        if self.derivative.exact:
            out[nz] = np.abs(self.derivative(om[nz])) ** 2
            return out
        top, _, _, sl = self._table()
        if np.any(om[nz] > top):
            raise NumericError(f"σ̂ of {self.act.name} is not resolved beyond ω = {top:.3g}")
        out[nz] = np.exp(2 * sl(om[nz])) / om[nz] ** (2 * self.derivative.m)
        low = nz & (om < 0.05)  # log|F[σ^(m)]| may be singular at 0: evaluate directly there
        if np.any(low):
            out[low] = np.abs(self.derivative(om[low])) ** 2
        return out

    def weight(self, omega, d: int):
        """W_σ(ω) = |ω|^{d−1}/|σ̂(ω)|², numerically; W(0) by three-point extrapolation from ω = h, 2h, 3h
        (0 whenever σ̂ has a pole at 0, or d > 1 and σ̂(0) is finite)."""
        om = np.abs(np.asarray(omega, dtype=np.float64))
        out = np.empty(om.shape)
        nz = om > 0
        out[nz] = om[nz] ** (d - 1) / self.abs2(om[nz])
        if np.any(~nz):
            hs = self._h0() * np.arange(1, 4)
            wv = hs ** (d - 1) / np.abs(self.derivative(hs)) ** 2
            out[~nz] = max(3 * wv[0] - 3 * wv[1] + wv[2], 0.0)  # exact for a + b h + c h² (kinks too)
        return out

    def _h0(self) -> float:
        """Step for extrapolating to ω = 0: σ̂ = F[σ^(m)]/(iω)^m amplifies quadrature noise by ω^−m."""
        return 1e-3 if self.derivative.m <= 2 else 2e-2

    def multiplier(self, omega, d: int):
        """γ-free Radon-domain multiplier |ω|^{d−1}/σ̂(ω) on a symmetric frequency grid."""
        om = np.asarray(omega, dtype=np.float64)
        out = np.zeros(om.shape, dtype=np.complex128)
        pos, neg = om > 0, om < 0
        if np.any(pos):
            out[pos] = om[pos] ** (d - 1) / self(om[pos])
        if np.any(neg):
            out[neg] = np.abs(om[neg]) ** (d - 1) / np.conj(self(-om[neg]))
        zero = om == 0
        if np.any(zero):
            if d > 1:
                out[zero] = 0.0
            else:  # d = 1: |ω|^0/σ̂ at 0, by the same three-point extrapolation (real part: σ real)
                hs = self._h0() * np.arange(1, 4)
                mv = 1 / self.derivative(hs)
                m0 = complex(3 * mv[0] - 3 * mv[1] + mv[2])
                # an odd σ̂ (imaginary near 0) jumps at 0: the Riemann sum of the even |ĉ|² needs the
                # one-sided modulus there; the phase of a single frequency does not enter the seminorm
                out[zero] = abs(m0) * (np.sign(m0.real) if abs(m0.real) > 0.5 * abs(m0) else 1.0)
        return out


_SPECTRA: dict = {}


def get_spectrum(act) -> Spectrum:
    """The :class:`Spectrum` of an activation, built once per expression (see :func:`clear_caches`)."""
    a = _activation(act)
    key = sp.srepr(a.expr)
    if key not in _SPECTRA:
        _SPECTRA[key] = Spectrum(a)
    return _SPECTRA[key]


def clear_caches() -> None:
    """Forget every built :class:`Spectrum` (benchmarks time cold starts with this)."""
    _SPECTRA.clear()
