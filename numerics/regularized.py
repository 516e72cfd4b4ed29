"""A third numeric route for σ̂: Gaussian-regularized integrals of σ itself, extrapolated in ε.

    F_ε(ω) = ∫ σ(t) e^{-ε t²} e^{-iωt} dt      (angular convention)

is an ordinary, absolutely convergent integral for every ε > 0 and every σ of polynomial growth.
Multiplying σ by e^{-εt²} convolves σ̂ with a Gaussian of variance 2ε, i.e. runs the heat equation
for time ε on σ̂; at ω ≠ 0, where σ̂ is smooth, this gives

    F_ε(ω) = σ̂(ω) + ε σ̂''(ω) + ε²/2 σ̂''''(ω) + …  +  O(e^{-ω²/(4ε)})

(the last term is what the principal values, finite parts and point masses at ω = 0 contribute
after smoothing).  F_ε is computed with mpmath at ``dps`` digits for ε_j = ε₀ 2^{-j} and the
values are extrapolated to ε = 0 by Richardson's (Neville's) scheme in ε.

Nothing here is shared with :mod:`specbias.numerics.fourier`: no asymptotes, no differentiation
reduction, no moment rule, no QUADPACK; the route sees only the definition of σ (it imports
:mod:`specbias.core` and nothing else of specbias).  It is slow (about a second per frequency)
and meant for checks, at frequencies away from 0 and away from point masses at ω ≠ 0 (sin, cos
terms put point masses at ω = ±a, which the route does not separate).
"""

from __future__ import annotations

import functools
import math

import mpmath as mp
import numpy as np
import sympy as sp

from specbias.core.activations import T, Activation, resolve_activation
from specbias.core.errors import InputError, NumericError

__all__ = ["ROUTE", "route_name", "regularized_transform", "regularized_integral", "RegularizedResult"]

#: what a verification stamp should say when this route ran
ROUTE = "Gaussian-regularized ∫σ(t)e^{-εt²}e^{-iωt}dt at high precision (mpmath), Richardson-extrapolated to ε → 0"


def route_name() -> str:
    """The name of this route, for verification stamps."""
    return ROUTE


def _activation(act, **params) -> Activation:
    if isinstance(act, Activation):
        a = act
    elif isinstance(act, sp.Expr):
        return Activation(name=sp.sstr(act), expr=act)
    else:
        a = resolve_activation(str(act), **params)
    if not a.is_bound:
        a = a.bind(**params)
    return a


def _heaviside(x, h0=None):
    return mp.mpf(1) if x > 0 else (mp.mpf(0) if x < 0 else mp.mpf(1) / 2)


@functools.lru_cache(maxsize=64)
def _compiled(expr: sp.Expr):
    """(mpmath callable of σ, sorted real breakpoints) from σ's expression."""
    if expr.has(sp.DiracDelta):
        raise InputError("the regularized route needs σ to be a function (no δ terms in σ itself)")
    if expr.free_symbols - {T}:
        raise InputError(f"σ must depend on t only, got free symbols {expr.free_symbols - {T}}")
    f = sp.lambdify(T, expr, modules=[{"Heaviside": _heaviside, "sign": mp.sign, "Max": max, "Min": min,
                                       "erf": mp.erf, "erfc": mp.erfc}, "mpmath"])
    pts = set()
    for atom in expr.atoms(sp.Heaviside, sp.Abs, sp.sign, sp.Max, sp.Min):
        if isinstance(atom, (sp.Max, sp.Min)):
            args = atom.args
            eqs = [args[i] - args[j] for i in range(len(args)) for j in range(i + 1, len(args))]
        else:
            eqs = [atom.args[0]]
        for e in eqs:
            if not e.has(T):
                continue
            try:
                roots = sp.solve(e, T)
            except NotImplementedError:  # pragma: no cover - transcendental kinks: no split
                roots = []
            pts.update(float(r) for r in roots if r.is_real)
    return f, tuple(sorted(pts))


def regularized_integral(act, omega: float, eps: float, *, dps: int = 24, **params) -> complex:
    """F_ε(ω) = ∫ σ(t) e^{-εt²} e^{-iωt} dt, to about ``dps`` digits (returned as an mpc)."""
    a = _activation(act, **params)
    f, pts = _compiled(a.expr)
    return _f_eps(f, pts, mp.mpf(omega), mp.mpf(eps), dps)


@functools.lru_cache(maxsize=8)
def _gl_nodes(n: int, dps: int):
    with mp.workdps(dps):
        x, w = mp.gauss_quadrature(n, "legendre")
    return tuple(x), tuple(w)


def _f_eps(f, pts, w, eps, dps, nodes: int = 20):
    """F_ε(ω) by a composite Gauss–Legendre rule (``nodes`` points per panel) on [−L, L], with
    graded panels (see below), split at the kinks of σ."""
    wdps = dps + 10
    xg, wg = _gl_nodes(nodes, wdps)
    with mp.workdps(wdps):
        # e^{-εL²} below 10^{-(dps+8)}: the polynomial growth of σ is far below that
        L = mp.sqrt((dps + 8) * mp.log(10) / eps) + 2
        period = 2 * mp.pi / abs(w)
        # graded panels: short near the origin, where σ has its features (kinks, poles at distance
        # ~1 from the real axis), growing like |t|/4 up to one period of e^{-iωt} far out
        right = [mp.mpf(0)]
        while right[-1] < L:
            right.append(min(L, right[-1] + min(period, max(mp.mpf(1) / 2, right[-1] / 4))))
        edges = sorted(set([-x for x in right] + right)
                       | {mp.mpf(p) for p in pts if -L < p < L})
        total = mp.mpc(0)
        for a, b in zip(edges[:-1], edges[1:]):
            mid, half = (a + b) / 2, (b - a) / 2
            acc = mp.mpc(0)
            for x, wt in zip(xg, wg):
                t = mid + half * x
                acc += wt * f(t) * mp.exp(-eps * t * t) * mp.expj(-w * t)
            total += half * acc
    return total


def _neville(xs, ys):
    """Value at x = 0 of the interpolating polynomial through (xs, ys) (Neville's scheme)."""
    p = list(ys)
    n = len(xs)
    for k in range(1, n):
        for i in range(n - k):
            p[i] = (xs[i + k] * p[i] - xs[i] * p[i + 1]) / (xs[i + k] - xs[i])
    return p[0]


class RegularizedResult:
    """σ̂(ω) from the regularized route, with its extrapolation error estimate and ε levels."""

    def __init__(self, value, error, eps, levels, dps):
        self.value, self.error, self.eps, self.levels, self.dps = value, error, eps, levels, dps
        self.route = ROUTE

    def __complex__(self):
        return complex(self.value)

    def to_json(self) -> dict:
        v = complex(self.value)
        return {"route": self.route, "re": v.real, "im": v.imag, "error": float(self.error),
                "eps": [float(e) for e in self.eps], "levels": self.levels, "dps": self.dps}


def regularized_transform(act, omega, *, rtol: float = 1e-10, atol: float = 0.0, dps: int = 24, max_levels: int = 10,
                          eps0: float | None = None, return_result: bool = False, **params):
    """σ̂(ω) (angular convention, regular part) at one real ω ≠ 0 by the regularized route.

    ε₀ = min(ω²/(4(ln(1/rtol) + 12 + 3.2|ω|)), 0.02) keeps the smoothed singular part at ω = 0 below
    e^{-ω²/(4ε)} ≲ rtol·e^{-12-3.2|ω|} for all levels (and ε σ̂''/σ̂ small when σ̂ varies
    on the scale 1/π, as for the logistic family); levels ε_j = ε₀/(j+1) are added until two successive
    Richardson extrapolants agree to ``rtol`` (relative) + ``atol`` (absolute; for a
    regular part that vanishes, e.g. sin away from its point masses).  Raises NumericError when they do not
    after ``max_levels`` levels.  For ω < 0 the complex conjugate (σ real) is returned."""
    w = float(omega)
    if not math.isfinite(w) or w == 0:
        raise InputError(f"the regularized route needs a finite ω ≠ 0, got {omega!r}")
    if w < 0:
        r = regularized_transform(act, -w, rtol=rtol, atol=atol, dps=dps, max_levels=max_levels, eps0=eps0,
                                  return_result=True, **params)
        r.value = mp.conj(r.value)
        return r if return_result else complex(r.value)
    a = _activation(act, **params)
    f, pts = _compiled(a.expr)
    if eps0 is None:
        eps0 = min(w * w / (4 * (math.log(1 / rtol) + 12 + 3.2 * w)), 0.02)
    xs, ys, ext = [], [], []
    err = math.inf
    for j in range(max_levels):
        e = mp.mpf(eps0) / (j + 1)   # harmonic sequence: the cut-off L ∝ ε^{-1/2} grows slowly
        xs.append(e)
        ys.append(_f_eps(f, pts, mp.mpf(w), e, dps))
        with mp.workdps(dps + 10):
            ext.append(_neville(xs, ys))
        if len(ext) >= 3:
            err = float(abs(ext[-1] - ext[-2]))
            tol = rtol * float(abs(ext[-1])) + atol
            if err <= tol and float(abs(ext[-2] - ext[-3])) <= 10 * tol + err:
                break
    else:
        raise NumericError(f"regularized route for {a.name} at ω = {w}: the extrapolation in ε did not "
                           f"converge (last change {err:.1e}, |σ̂| ≈ {float(abs(ext[-1])):.1e})")
    res = RegularizedResult(ext[-1], err, xs, len(xs), dps)
    return res if return_result else complex(res.value)


def regularized_transform_array(act, omegas, **kw) -> np.ndarray:
    """:func:`regularized_transform` at each ω of an array (complex128)."""
    return np.array([regularized_transform(act, float(w), **kw) for w in np.ravel(omegas)], dtype=np.complex128)
