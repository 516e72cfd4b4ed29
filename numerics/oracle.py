"""High-precision oracle for σ̂(ω) (angular), in the style of SciPy's ``special/_mptestutils``.

Same distributional reduction as :mod:`numerics.fourier` (pieces, order n, jumps, limits L±;
see :func:`numerics.fourier.reduce_activation`), but every number is computed with mpmath:

* jumps J of σ^{(k)} at the breakpoints are evaluated from their SymPy expressions at the
  working precision; L± are re-taken at the working precision;
* ∫ r e^{-iωt} dt on finite pieces and on fast-decaying half-lines (truncated where
  |r| < 10^{-(dps+8)}·max|r|) is a composite fixed Gauss–Legendre rule (48–192 nodes by
  precision) on sub-intervals of length min(2, 8/ω) (halved on disagreement);
  slowly (algebraically) decaying half-lines are summed over half-period panels, an
  alternating series accelerated with Levin's transformation (``mp.nsum``); this replaced
  ``mp.quadosc``, which gave the same values ~10× slower.

Precision is chosen adaptively: a first pass at ``dps`` digits estimates |σ̂| and the size of
the cancelling parts; the precision is raised to cover the digits lost to cancellation (an
exponentially small σ̂ from an O(1) integrand), and the result is accepted only when two
passes ``step`` digits apart agree to ``rtol`` (default 1e-13).  NumericError if that does not
happen below ``max_dps``.
"""

from __future__ import annotations

import functools
import math

import mpmath as mp
import numpy as np
import sympy as sp

from specbias.core.activations import T
from specbias.core.errors import InputError, NumericError

from specbias.numerics.fourier import (as_activation_expr, mp_callable, mp_limit, reduce_expression,
                                       validate_omega)

__all__ = ["oracle_transform", "oracle_array", "oracle_point"]

RTOL = 1e-13
MAX_DPS = 400
_L1: dict = {}  # (expr, piece) -> ∫|r| over the piece (a magnitude, for the digits-lost estimate)


@functools.lru_cache(maxsize=64)
def _gl_nodes(degree: int, dps: int):
    from mpmath import mp as ctx
    from mpmath.calculus.quadrature import GaussLegendre

    with mp.workdps(dps + 10):
        return GaussLegendre(ctx).calc_nodes(degree, ctx.prec)


def _degree(dps: int, refine: int) -> int:
    return (4 if dps <= 40 else 5 if dps <= 60 else 6 if dps <= 130 else 7) + (1 if refine >= 2 else 0)


def _gl_sum(r, w, a, b, m, dps, refine=0):
    """∫_a^b r(t) e^{-iwt} dt by a composite fixed Gauss–Legendre rule: m equal sub-intervals,
    3·2^(deg-1) nodes each (deg growing with the precision).  The phases e^{-iwt} at the nodes
    are e^{-iwc_j}·e^{-iw·hw·x_k}: the second factor is the same on every sub-interval and the
    first is a recurrence, so only r is evaluated per node.  The accuracy is not estimated
    here: the caller compares two passes at different precisions (and degrees)."""
    nodes = _gl_nodes(_degree(dps, refine), dps)
    hw = (b - a) / (2 * m)
    ph = [(wt, mp.expj(-w * hw * x), hw * x) for x, wt in nodes]
    step = mp.expj(-2 * w * hw)
    c = a + hw
    e_c = mp.expj(-w * c)
    total = mp.mpc(0)
    for j in range(m):
        if j and j % 64 == 0:          # re-anchor the recurrence now and then
            e_c = mp.expj(-w * c)
        total += e_c * mp.fsum(wt * r(c + dx) * e for wt, e, dx in ph)
        c += 2 * hw
        e_c *= step
    return total * hw


def _magnitude(f, xs):
    m = mp.mpf(0)
    for x in xs:
        v = abs(f(x))
        if mp.isfinite(v) and v > m:
            m = v
    return m


@functools.lru_cache(maxsize=64)
def _setup(expr):
    red = reduce_expression(expr)
    rfun = [None if red.zero_piece[i] else mp_callable(rp) for i, rp in enumerate(red.r_pieces)]
    return red, rfun


def _limits_at(red, dps):
    if all(L == 0 for L in red.limits):
        return mp.mpf(0), mp.mpf(0)
    out = []
    for side, p in ((-1, red.pieces[0]), (1, red.pieces[-1])):
        L, _ = mp_limit(mp_callable(sp.diff(p, T, red.order)), side, dps=dps + 10,
                        tol=float(mp.mpf(10) ** (-dps)))
        if L is None:  # Richardson could not reach the precision: fall back to the stored value
            L = red.limits[0 if side < 0 else 1]
        out.append(mp.mpf(L))
    return tuple(out)


def _at_dps(expr, w, dps, refine=0, alt=False):
    """(F[σ^{(n)}](w)/(iw)^n, magnitude of the summed parts) at dps digits, w > 0 (mpf)."""
    red, rfun = _setup(expr)
    n = red.order
    with mp.workdps(dps + 10):
        w = mp.mpf(w)
        iw = mp.mpc(0, w)
        total = mp.mpc(0)
        mag = mp.mpf(0)
        for k, c, J in red.jumps:
            cc = mp.mpf(sp.N(c, dps + 20)) if not c.is_Integer else mp.mpf(int(c))
            Jv = mp.mpmathify(sp.N(J, dps + 20))
            term = Jv * iw ** (n - 1 - k) * mp.expj(-w * cc)
            total += term
            mag += abs(term)
        Lm, Lp = _limits_at(red, dps)
        if Lp != Lm:
            term = (Lp - Lm) / iw
            total += term
            mag += abs(term)
        split = [mp.mpf(sp.N(c, dps + 20)) for c in red.split]
        zero_idx = list(red.split).index(0)
        # sub-interval length: ω·h ≤ 8·2^(deg-5) radians and h ≤ 2·2^(deg-5) (distance to the
        # nearest complex singularity of the catalogue's r is ≥ π/2); halved on refinement
        deg = _degree(dps, 0)
        h = min(mp.mpf(8) * 2 ** (deg - 5) / w, mp.mpf(2) * 2 ** max(deg - 5, 0)) / 2 ** refine
        if alt:  # a different (non-nested) discretization for the verification pass
            h = h * 2 / 3
        for i, f in enumerate(rfun):
            if f is None:
                continue
            L = Lp if i > zero_idx else Lm
            r = (lambda ff, LL: (lambda t: ff(t) - LL))(f, L)
            lo = None if i == 0 else split[i - 1]
            hi = None if i == len(split) else split[i]
            if lo is not None and hi is not None:
                intervals = [(lo, hi)]
            else:
                side = 1 if hi is None else -1
                a = lo if side > 0 else hi
                M = _magnitude(r, [a + side * mp.mpf(x) for x in (0.001, 0.3, 1, 2.5, 5, 10, 20)])
                thr = M * mp.mpf(10) ** (-(dps + 3))
                cut = None
                ok = lambda T0: all(abs(r(a + side * T0 * m)) <= thr for m in (1, 1.25, 1.5, 2, 3, 4, 8))
                for j in range(0, 16):
                    T0 = mp.mpf(2) ** j
                    if ok(T0):
                        cut = T0
                        break
                if cut is not None and cut > 1:  # refine by bisection on [cut/2, cut]
                    lo_c, hi_c = cut / 2, cut
                    for _ in range(6):
                        mid = (lo_c + hi_c) / 2
                        lo_c, hi_c = (lo_c, mid) if ok(mid) else (mid, hi_c)
                    cut = hi_c
                if cut is None:
                    # slow (algebraic) decay: half-period panels [a0 + jP, a0 + (j+1)P], P = π/ω,
                    # give an alternating series (e^{-iω(t+P)} = -e^{-iωt}) summed with Levin's
                    # transformation (mp.nsum); each panel by the composite Gauss–Legendre rule
                    rr = r if side > 0 else (lambda rf: (lambda s: rf(-s)))(r)
                    a0 = a if side > 0 else -a
                    P = mp.pi / w
                    mp_ = max(1, int(mp.ceil(P / h)))
                    ws = w if side > 0 else -w   # left: ∫ r(-s) e^{+iωs} ds
                    term = (lambda rr_, ws_, a_, m_: (
                        lambda j: _gl_sum(rr_, ws_, a_ + j * P, a_ + (j + 1) * P, m_, dps, refine)))(rr, ws, a0, mp_)
                    val = mp.nsum(term, [0, mp.inf], method="levin")
                    total += val
                    key = (expr, i)
                    if key not in _L1:
                        with mp.workdps(15):
                            _L1[key] = mp.quad(lambda s: abs(rr(s)), [a0, a0 + 1, mp.inf])
                    mag += _L1[key]
                    continue
                intervals = [(a, a + cut)] if side > 0 else [(a - cut, a)]
            for lo_, hi_ in intervals:
                m = max(1, int(mp.ceil((hi_ - lo_) / h)))
                val = _gl_sum(r, w, lo_, hi_, m, dps, refine)
                total += val
                key = (expr, i)
                if key not in _L1:
                    with mp.workdps(15):
                        _L1[key] = mp.quad(lambda t: abs(r(t)), [lo_, hi_] if hi_ - lo_ < 4 else
                                           [lo_ + (hi_ - lo_) * mp.mpf(j) / 16 for j in range(17)])
                mag += _L1[key]
        return total / iw ** n, mag / abs(iw ** n)


def oracle_point(act_or_expr, omega: float, dps: int | None = None, *, rtol: float = RTOL,
                 max_dps: int = MAX_DPS, step: int = 15):
    """σ̂(ω) as an mpc.  With ``dps`` given: one pass at that precision, no check."""
    expr = as_activation_expr(act_or_expr)
    arr = validate_omega(omega)
    if arr.size != 1:
        raise InputError(f"oracle_point takes one frequency, got {arr.size}; use oracle_transform")
    _check_dps(dps)
    return _oracle_cached(expr, float(arr.ravel()[0]), dps, float(rtol), int(max_dps), int(step))


def _check_dps(dps):
    if dps is not None and (isinstance(dps, bool) or not isinstance(dps, (int, np.integer)) or not 10 <= dps <= 2000):
        raise InputError(f"dps must be an integer in [10, 2000] or None, got {dps!r}")


@functools.lru_cache(maxsize=4096)
def _oracle_cached(expr, w, dps, rtol, max_dps, step):
    aw = abs(w)
    if dps is not None:
        v, _ = _at_dps(expr, aw, int(dps))
        return v if w > 0 else mp.conj(v)
    p = 20
    refine = 0
    v1, mag = _at_dps(expr, aw, p)
    while True:
        # digits lost to cancellation: log10(mag/|v|)
        lost = 0 if (v1 == 0 or mag == 0) else max(0, int(math.ceil(float(mp.log10(mag / abs(v1))))))
        need = 17 + lost  # significant digits left after the cancellation: p - lost >= 17
        if v1 == 0:
            need = p + 2 * step
        if p < need:
            p = need
            if p > max_dps:
                raise NumericError(f"oracle needs more than {max_dps} digits at ω = {w} for σ = {expr}")
            v1, mag = _at_dps(expr, aw, p, refine)
            continue
        q = p + step
        v2, mag2 = _at_dps(expr, aw, q, refine, alt=True)
        with mp.workdps(q):
            if abs(v2 - v1) <= rtol * abs(v2):
                out = +v2
                return out if w > 0 else mp.conj(out)
        # disagreement: more digits and a finer quadrature
        refine += 1
        p = q
        if p > max_dps:
            raise NumericError(f"oracle did not converge below {max_dps} digits at ω = {w} for σ = {expr}")
        v1, mag = _at_dps(expr, aw, p, refine)


def oracle_transform(act, omega, dps: int | None = None) -> list:
    """List of mpc σ̂(ω) (angular) for the flattened ω, correct to ~1e-13 relative."""
    expr = as_activation_expr(act)
    w = validate_omega(omega).ravel()
    _check_dps(dps)
    return [_oracle_cached(expr, float(x), dps, RTOL, MAX_DPS, 15) for x in w]


def oracle_array(act, omega, dps: int | None = None) -> np.ndarray:
    """complex128 array (shape of ω) of the oracle values.  Values below the float64 range
    underflow to 0; use :func:`oracle_transform` for the mpc values."""
    w = validate_omega(omega)
    vals = oracle_transform(act, w, dps)
    return np.array([complex(v) for v in vals], dtype=np.complex128).reshape(w.shape)
