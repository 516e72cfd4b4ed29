"""Numeric generalized Fourier transform of an activation (angular convention, float64, SciPy).

    σ̂(ω) = ∫ σ(t) e^{-iωt} dt,   real ω ≠ 0   (regular part of the tempered distribution).

The only input is the activation's own definition (its SymPy expression in ``T``); no formula
derived in :mod:`theory` is used.  The method is the distributional reduction, done numerically:

1. *Pieces.*  The real line is cut at the breakpoints c (the zeros of the Heaviside arguments).
   On each interval σ is a smooth expression (Heaviside replaced by 0 or 1), which SymPy
   differentiates classically.
2. *Order.*  n is the smallest order such that the classical derivative σ^{(n)} has finite
   limits L± at ±∞ (limits taken numerically with mpmath at t = ±2^j, Richardson-extrapolated
   in 1/t).  If L± ≠ 0 and σ^{(n+1)} tends to 0 at both ends, n+1 is used instead: the
   remainder is then smoother and no (L₊ − L₋)/(iω) term has to cancel against the integral
   (for the sigmoid at ω = 20 that cancellation would lose all 16 digits).
3. *Jumps.*  A jump J of σ^{(k)} (k < n) at c, computed from one-sided values of the pieces,
   contributes J δ^{(n-1-k)}(t - c) to σ^{(n)}, i.e. J (iω)^{n-1-k} e^{-iωc} to F[σ^{(n)}].
4. *Remainder.*  r = σ^{(n)} − L₊H(t) − L₋H(−t) is integrable (or oscillatory-integrable);
   F[σ^{(n)}](ω) = Σ jumps + (L₊ − L₋)/(iω) + ∫ r e^{-iωt} dt and σ̂(ω) = F[σ^{(n)}](ω)/(iω)^n.
   ∫ r e^{-iωt} is done piece by piece with QUADPACK's oscillatory rules through
   ``scipy.integrate.quad(weight='cos'|'sin')``: QAWO on finite pieces; on a half-line,
   QAWO up to a cut T beyond which r is negligible (< 1e-22 max|r|, checked at T, 2T, 4T, 8T)
   when r decays fast, else QAWO on [a, A] plus QAWF on [A, ∞).
   QAWF alone is not used for fast-decaying r: for ω ≲ 0.05 it returns ±inf or garbage
   (its first cycle is [a, a + π/ω]) while QAWO on a truncated interval is accurate.

Error estimates are the sum of QUADPACK's absolute estimates plus a round-off floor
(a few ulp of ∫|r| and of the jump terms); a point is *resolvable* when the estimated error is
≤ ``rel_tol`` (1e-10) times the value.  Exponentially small transforms (sigmoid at ω = 20 is
~1e-27, the Gaussian e^{-ω²/2}) are honestly reported as not resolvable: a float64 quadrature of
an O(1) integrand cannot deliver them.
"""

from __future__ import annotations

import functools
import math
import warnings
from dataclasses import dataclass, field

import mpmath as mp
import numpy as np
import sympy as sp
from scipy import integrate

from specbias.core.activations import T, Activation, canonicalize
from specbias.core.errors import InputError, NumericError

__all__ = [
    "PointMassTransform",
    "Reduction",
    "reduce_activation",
    "NumericTransform",
    "numeric_transform",
    "mean_coefficient",
    "asymptotic_coefficients",
    "validate_omega",
    "mp_limit",
    "mp_callable",
    "float_callable",
    "as_activation_expr",
    "reduce_expression",
    "transform_for",
]

#: highest derivative order tried when looking for finite limits at ±∞
MAX_ORDER = 8
#: relative tail threshold for truncating fast-decaying remainders (float64 route)
TAIL_REL = 1e-22
_EPS = np.finfo(np.float64).eps


class PointMassTransform(NumericError):
    """σ (or every derivative of it) oscillates without limits at ±∞: its transform is a sum of
    point masses δ(ω − ω₀), not a function; use :func:`mean_coefficient` for the weights."""


# --------------------------------------------------------------------------------------------
# input validation
# --------------------------------------------------------------------------------------------
def validate_omega(omega) -> np.ndarray:
    """float64 array of non-zero finite real frequencies, else InputError."""
    try:
        arr = np.asarray(omega)
    except Exception as exc:  # pragma: no cover - exotic objects
        raise InputError(f"frequencies must be real numbers: {exc}") from None
    if arr.dtype == object or arr.dtype.kind not in "biuf":
        if arr.dtype.kind == "c":
            raise InputError("frequencies must be real, got complex values")
        try:
            arr = arr.astype(np.float64)
        except (TypeError, ValueError):
            raise InputError("frequencies must be real numbers") from None
    arr = arr.astype(np.float64)
    if np.isnan(arr).any():
        raise InputError("frequency ω is NaN")
    if np.isinf(arr).any():
        raise InputError("frequency ω is infinite")
    if (arr == 0).any():
        raise InputError("ω = 0 is where the point masses of the generalized transform sit; "
                         "the regular part is defined for ω ≠ 0 only")
    return arr


def as_activation_expr(act) -> sp.Expr:
    if isinstance(act, Activation):
        if not act.is_bound:
            act = act.bind()
        expr = act.expr
    elif isinstance(act, sp.Expr):
        expr = act
    else:
        raise InputError(f"expected an Activation or a SymPy expression in t, got {type(act).__name__}")
    if expr.free_symbols - {T}:
        raise InputError(f"activation expression has free symbols other than t: {expr.free_symbols - {T}}")
    return canonicalize(sp.sympify(expr))



# --------------------------------------------------------------------------------------------
# numeric limits at ±∞ (mpmath, Richardson in 1/t)
# --------------------------------------------------------------------------------------------
def mp_limit(f, side: int, dps: int = 50, tol: float = 1e-9):
    """(L, err) with L = lim_{t→side·∞} f(t), or (None, inf) if the limit does not exist or is
    infinite.  f is evaluated with mpmath at t = side·16^j·64 (j = 0..8); the table is
    Richardson-extrapolated assuming an expansion in powers of 1/t (exact for exponentially
    small corrections too, since those are below the working precision already).  A limit with
    |L| ≤ max(10·err, 10^(−⌊dps/2⌋)) is returned as exactly 0."""
    with mp.workdps(dps):
        ts = [mp.mpf(2) ** (6 + 4 * j) for j in range(9)]
        try:
            vals = [mp.mpmathify(f(side * t)) for t in ts]
        except (ZeroDivisionError, OverflowError, ValueError, TypeError):
            return None, math.inf
        if any(not mp.isfinite(v) for v in vals):
            return None, math.inf
        if any(abs(mp.im(v)) > mp.mpf(10) ** (-dps // 2) * (1 + abs(v)) for v in vals):
            return None, math.inf
        vals = [mp.re(v) for v in vals]
        col = list(vals)
        ests = [col[-1]]
        for m in range(1, len(vals)):
            fac = mp.mpf(16) ** m
            col = [(fac * col[i + 1] - col[i]) / (fac - 1) for i in range(len(col) - 1)]
            ests.append(col[-1])
        # best pair of consecutive estimates
        best, besterr = None, mp.inf
        for a, b in zip(ests, ests[1:]):
            e = abs(b - a)
            if e < besterr:
                best, besterr = b, e
        raw = abs(vals[-1] - vals[-2])
        scale = 1 + abs(best)
        if besterr <= tol * scale and raw <= 1e-4 * scale:
            if abs(best) <= max(10 * besterr, mp.mpf(10) ** (-(dps // 2))):
                best = mp.mpf(0)
            return best, float(besterr)
        return None, math.inf


# --------------------------------------------------------------------------------------------
# the reduction (shared with the mpmath oracle)
# --------------------------------------------------------------------------------------------
@dataclass
class Reduction:
    """Everything about σ the transform needs, computed once per expression.

    ``split``: the sorted cut points of the real line (breakpoints ∪ {0});
    ``pieces[i]``: σ on interval i (interval 0 is (−∞, split[0]), the last is (split[-1], ∞));
    ``order``: n; ``limits``: (L₋, L₊) of σ^{(n)} (mpf); ``jumps``: list of (k, c, J) with J the
    jump of σ^{(k)} at c (SymPy number); ``r_pieces[i]``: SymPy expression of σ^{(n)} on
    interval i (L to be subtracted separately); ``decay``: ('zero' | 'fast' | 'slow') per side
    (left, right) for the outer remainder pieces; ``zero_piece[i]``: r vanishes identically.
    """

    expr: sp.Expr
    breakpoints: tuple
    split: tuple
    pieces: tuple
    order: int
    limits: tuple
    limit_errors: tuple
    jumps: list
    r_pieces: tuple
    zero_piece: tuple
    notes: list = field(default_factory=list)

    def L_on(self, i: int):
        """The constant subtracted from σ^{(n)} on interval i (L₊ right of 0, L₋ left of 0)."""
        # interval i is (split[i-1], split[i]); 0 is one of the split points
        zero_idx = list(self.split).index(0)
        return self.limits[1] if i > zero_idx else self.limits[0]

    def interval(self, i: int):
        lo = -math.inf if i == 0 else float(self.split[i - 1])
        hi = math.inf if i == len(self.split) else float(self.split[i])
        return lo, hi


def _breakpoints(expr: sp.Expr) -> list:
    pts = set()
    for h in expr.atoms(sp.Heaviside):
        arg = h.args[0]
        if not arg.has(T):
            continue
        try:
            poly = sp.Poly(arg, T)
        except sp.PolynomialError:
            raise NumericError(f"Heaviside argument {arg} is not polynomial in t; cannot locate breakpoints") from None
        try:
            roots = poly.real_roots()
        except (NotImplementedError, sp.PolynomialError, sp.DomainError):
            sol = sp.solveset(arg, T, sp.S.Reals)
            if not isinstance(sol, sp.FiniteSet):
                raise NumericError(f"cannot locate the zeros of the Heaviside argument {arg}") from None
            roots = list(sol)
        for root in roots:
            if not root.is_real:
                continue
            pts.add(sp.nsimplify(root) if root.is_Rational else root)
    for atom in expr.atoms(sp.Function):
        if isinstance(atom, (sp.DiracDelta,)):
            raise NumericError("activation contains DiracDelta; it must be a function")
    return sorted(pts, key=lambda c: float(c))


def _piece(expr: sp.Expr, sample) -> sp.Expr:
    def val(h):
        arg = h.args[0]
        v = float(sp.N(arg.subs(T, sample), 30))
        return sp.S(1) if v > 0 else sp.S(0)

    return expr.replace(lambda e: isinstance(e, sp.Heaviside), val)


def mp_callable(expr):
    """mpmath callable of a SymPy expression in ``T`` (evaluated at the current mp precision)."""
    return sp.lambdify(T, expr, modules="mpmath")


@functools.lru_cache(maxsize=256)
def reduce_expression(expr: sp.Expr) -> Reduction:
    bps = _breakpoints(expr)
    split = sorted(set(bps) | {sp.S(0)}, key=lambda c: float(c))
    # sample points inside each interval
    fs = [float(c) for c in split]
    samples = [sp.Rational(math.floor(fs[0]) - 1)]
    for a, b in zip(split, split[1:]):
        samples.append((a + b) / 2)
    samples.append(sp.Rational(math.ceil(fs[-1]) + 1))
    # no simplify here: it may turn e^{-t}/(1+e^{-t})² into a difference that cancels in float64
    pieces = tuple(_piece(expr, s) for s in samples)
    left, right = pieces[0], pieces[-1]

    def limits_of(k):
        out, errs = [], []
        for side, p in ((-1, left), (1, right)):
            d = sp.diff(p, T, k)
            L, e = mp_limit(mp_callable(d), side)
            if L is None:
                return None, None
            out.append(L)
            errs.append(e)
        return tuple(out), tuple(errs)

    order, limits, lerr = None, None, None
    for n in range(0, MAX_ORDER + 1):
        limits, lerr = limits_of(n)
        if limits is not None:
            order = n
            break
    notes = []
    if order is None:
        # oscillation (bounded values) or unbounded growth?
        bounded = True
        with mp.workdps(30):
            for side, p in ((-1, left), (1, right)):
                f = mp_callable(p)
                vals = [abs(mp.mpmathify(f(side * mp.mpf(2) ** j))) for j in range(6, 40, 3)]
                if max(vals) > 1e3 * (1 + min(vals)):
                    bounded = False
        if bounded:
            raise PointMassTransform(
                f"σ = {expr} oscillates without limits at ±∞ (and so do its derivatives up to order "
                f"{MAX_ORDER}): its transform is a sum of point masses δ(ω − ω₀), not a function of ω; "
                "use numerics.fourier.mean_coefficient(act, ω₀) for the weights")
        raise NumericError(
            f"no derivative of σ = {expr} up to order {MAX_ORDER} has finite limits at ±∞; "
            "the numeric reduction does not apply")
    if any(L != 0 for L in limits):
        nxt, nerr = limits_of(order + 1)
        if nxt is not None and all(abs(L) <= 1e-30 for L in nxt):
            notes.append(f"σ^({order}) → ({mp.nstr(limits[0], 8)}, {mp.nstr(limits[1], 8)}); "
                         f"using order {order + 1} (decaying remainder, no cancellation)")
            order, limits, lerr = order + 1, (mp.mpf(0), mp.mpf(0)), nerr
    # jumps of σ^{(k)}, k < n, at every split point
    jumps = []
    for i, c in enumerate(split):
        lo, hi = pieces[i], pieces[i + 1]
        for k in range(order):
            J = sp.diff(hi, T, k).subs(T, c) - sp.diff(lo, T, k).subs(T, c)
            Jn = sp.N(J, 50)
            if not Jn.is_number or Jn.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
                raise NumericError(f"σ^({k}) is not finite at the breakpoint t = {c}")
            if abs(Jn) > 1e-40:
                jumps.append((k, c, J))
    r_pieces = tuple(sp.diff(p, T, order) for p in pieces)
    zero_piece = []
    for i, rp in enumerate(r_pieces):
        L = limits[1] if i > split.index(0) else limits[0]
        lo = split[i - 1] if i > 0 else split[0] - 8
        hi = split[i] if i < len(split) else split[-1] + 8
        f = mp_callable(rp)
        with mp.workdps(50):
            xs = [mp.mpf(sp.N(lo + (hi - lo) * sp.Rational(j, 7), 50)) for j in range(1, 7)]
            zero = rp == L or all(abs(mp.mpmathify(f(x)) - L) <= mp.mpf(10) ** -40 for x in xs)
        zero_piece.append(bool(zero))
    return Reduction(expr=expr, breakpoints=tuple(bps), split=tuple(split), pieces=pieces, order=order,
                     limits=limits, limit_errors=lerr, jumps=jumps, r_pieces=r_pieces,
                     zero_piece=tuple(zero_piece), notes=notes)


def reduce_activation(act) -> Reduction:
    """The cached :class:`Reduction` of an activation (or a SymPy expression in ``T``)."""
    return reduce_expression(as_activation_expr(act))


# --------------------------------------------------------------------------------------------
# float64 transform
# --------------------------------------------------------------------------------------------
def _np_callable(expr, shift=0.0):
    """Scalar float callable of ``expr`` − shift through a NumPy/SciPy lambdify (used only when
    the expression has a function the ``math`` module lacks); non-finite values fall back to
    mpmath."""
    f = sp.lambdify(T, expr, modules=["scipy", "numpy"])
    fm = mp_callable(expr)

    def g(x):
        with np.errstate(all="ignore"):
            v = float(f(x))
        if not math.isfinite(v):
            with mp.workdps(30):
                v = float(mp.re(fm(mp.mpf(x))))
        return v - shift
    return g


_MATH_ERRORS = (OverflowError, ZeroDivisionError, ValueError)
#: NumPy has a long double with a wider exponent range than float64 (x86-64 Linux/macOS)
_WIDE = np.finfo(np.longdouble).maxexp > np.finfo(np.float64).maxexp


class FloatFunction:
    """x ↦ expr(x) − shift in float64: ``f(x)`` for one float (QUADPACK's integrand calls) and
    ``f.vec(xs)`` for an array (the fixed quadrature rules).

    Scalar calls use a ``math``-module lambdify (a plain Python float function, ~10× cheaper per
    call than a NumPy lambdify called on scalars); arrays use a NumPy/SciPy lambdify.  Where
    float64 evaluation fails (``math.exp`` overflows, 0/0 far in a tail) or gives a non-finite
    value, that value is taken from mpmath at 30 digits instead.  Expressions with functions that
    ``math`` lacks use the NumPy lambdify for scalars as well."""

    def __init__(self, expr, shift=0.0):
        self.expr, self.shift = expr, float(shift)
        self._np = sp.lambdify(T, expr, modules=["scipy", "numpy"])
        self._mp = mp_callable(expr)
        try:
            self._math = sp.lambdify(T, expr, modules="math")
            float(self._math(0.37))
        except (NameError, TypeError, AttributeError, KeyError):
            self._math = None
        except _MATH_ERRORS:
            pass

    def slow(self, x) -> float:
        """The value where float64 overflows or is not finite: first the NumPy lambdify in extended
        precision (x87 long double, exponent range to 1e±4932, where the platform has it: a sum of
        100 steep sigmoids overflows float64 in its tails but not there), else mpmath at 30 digits."""
        if _WIDE:
            try:
                with np.errstate(all="ignore"):
                    v = float(np.real(self._np(np.longdouble(float(x)))))
            except (TypeError, ValueError, OverflowError, ZeroDivisionError):
                v = math.nan
            if math.isfinite(v):
                return v - self.shift
        with mp.workdps(30):
            return float(mp.re(self._mp(mp.mpf(float(x))))) - self.shift

    def __call__(self, x) -> float:
        if self._math is None:
            with np.errstate(all="ignore"):
                v = float(self._np(x))
            return v - self.shift if math.isfinite(v) else self.slow(x)
        try:
            v = self._math(x) - self.shift
        except _MATH_ERRORS:
            return self.slow(x)
        if v - v == 0.0:        # finite (fails for inf and nan)
            return float(v)
        return self.slow(x)

    def vec(self, xs) -> np.ndarray:
        xs = np.asarray(xs, dtype=np.float64)
        with np.errstate(all="ignore"):
            v = np.broadcast_to(np.asarray(self._np(xs), dtype=np.float64), xs.shape) - self.shift
        v = np.array(v, dtype=np.float64)
        bad = ~np.isfinite(v)
        for i in np.flatnonzero(bad):
            v.flat[i] = self.slow(xs.flat[i])
        return v


class _Combined:
    """s ↦ f(s) + sg·f2(±s) for the reflected and folded half-lines (scalar and vector calls)."""

    def __init__(self, f, reflect=False, f2=None, sg=1.0):
        self.f, self.reflect, self.f2, self.sg = f, reflect, f2, sg

    def __call__(self, x):
        v = self.f(-x if self.reflect else x)
        return v if self.f2 is None else v + self.sg * self.f2(x)

    def vec(self, xs):
        xs = np.asarray(xs, dtype=np.float64)
        v = self.f.vec(-xs if self.reflect else xs)
        return v if self.f2 is None else v + self.sg * self.f2.vec(xs)


def float_callable(expr, shift=0.0) -> FloatFunction:
    """The :class:`FloatFunction` of ``expr`` − shift."""
    return FloatFunction(expr, shift)


def _best_float_form(expr, xs, shift=0.0):
    """Among equivalent SymPy forms of ``expr``, the float64 callable (minus ``shift``) that best
    matches mpmath at the sample points ``xs`` (relative error where the value is not tiny)."""
    fm = mp_callable(expr)
    with mp.workdps(40):
        ref = [float(mp.re(fm(mp.mpf(float(x))))) - shift for x in xs]
    best, best_err = None, math.inf
    seen = []
    for tr in (None, sp.together, sp.cancel, sp.simplify):  # cheapest first, stop when good
        try:
            c = expr if tr is None else tr(expr)
        except Exception:  # pragma: no cover - SymPy failures
            continue
        if any(c == d for d in seen):
            continue
        seen.append(c)
        g = float_callable(c, shift)
        e = max(abs(g(float(x)) - r0) / max(abs(r0), 1e-280) for x, r0 in zip(xs, ref))
        if not math.isfinite(e):
            continue  # this form overflows in float64 at the sample points
        if e < best_err:
            best, best_err = g, e
        if e < 1e-13:
            break
    if best is None:
        # no float64 form evaluates at the sample points: evaluate σ's expression with mpmath
        # (slower, exact to double precision)
        def best(x, fm=fm, shift=shift):
            with mp.workdps(20):
                return float(mp.re(fm(mp.mpf(float(x))))) - shift

        best.vec = lambda xs: np.array([best(x) for x in np.asarray(xs, dtype=float).ravel()]).reshape(np.shape(xs))
        best_err = 0.0
    return best, best_err


def _find_cut(r, a: float, side: int, scale: float):
    """Smallest T = 2^j (relative to a) with |r| < TAIL_REL·scale at a+side·T·{1,2,4,8}, or None."""
    for j in range(0, 15):
        T0 = 2.0 ** j
        ok = True
        for m in (1, 1.5, 2, 3, 4, 8):
            x = a + side * T0 * m
            v = r(x)
            if not np.isfinite(v) or abs(v) > TAIL_REL * scale:
                ok = False
                break
        if ok:
            return T0
    return None


@dataclass
class _HalfLine:
    f: object          # callable of s ≥ 0 on [a, ∞) in the *reflected* variable for the left side
    a: float
    cut: float | None  # None: slow decay (QAWF tail)
    sign: int          # +1 right half-line, -1 left half-line (t = -s)
    expr: object = None  # SymPy expression of σ^(n) on the half-line (original variable t)
    shift: float = 0.0   # the limit L subtracted on it


#: parity test of the folded remainder: |r(s) ∓ r(−s)| ≤ PARITY_REL·max|r| at the test points
PARITY_REL = 1e-30


def _fold_parity(hr: "_HalfLine", hl: "_HalfLine"):
    """(cos_needed, sin_needed) for the folded pair of half-lines [a, ∞) and (−∞, −a].

    With e(s) = r(s) + r(−s) and o(s) = r(s) − r(−s), ∫ r e^{−iωt} over both half-lines is
    ∫_a^∞ e(s) cos ωs ds − i ∫_a^∞ o(s) sin ωs ds.  A part that vanishes at 12 points of (a, a + cut)
    to PARITY_REL (mpmath, 40 digits) is taken as identically zero and not integrated (every
    smooth catalogue σ has an even σ^(n): half of the QUADPACK work)."""
    fr, fl = mp_callable(hr.expr), mp_callable(hl.expr)
    cut = max(hr.cut, hl.cut)
    fracs = (0.0031, 0.017, 0.043, 0.087, 0.13, 0.19, 0.26, 0.34, 0.45, 0.58, 0.73, 0.91)
    with mp.workdps(40):
        Lr, Ll = mp.mpf(hr.shift), mp.mpf(hl.shift)
        ev, od, mag = [], [], mp.mpf(0)
        for q in fracs:
            x = mp.mpf(hr.a) + mp.mpf(cut) * mp.mpf(q)
            try:
                a = mp.re(mp.mpmathify(fr(x))) - Lr
                b = mp.re(mp.mpmathify(fl(-x))) - Ll
            except (ZeroDivisionError, OverflowError, ValueError, TypeError):
                return True, True
            ev.append(abs(a + b))
            od.append(abs(a - b))
            mag = max(mag, abs(a), abs(b))
        if mag == 0:
            return True, True
        return (max(ev) > PARITY_REL * mag, max(od) > PARITY_REL * mag)


#: relative accuracy asked of every part (fixed rule or QUADPACK)
QUAD_REL = 1e-13


class _Segment:
    """∫_lo^hi fc(s) cos ws ds and ∫_lo^hi fs(s) sin ws ds on a finite segment, for many w.

    The fast path is a composite 24-point Gauss–Legendre rule on m = m₀·2^k equal panels
    (m₀ = ⌈(hi − lo)/2⌉, k ≥ 1 the smallest level with panel width h ≤ 8/w).  The integrand is
    evaluated once per level and kept, so every further w costs one cos/sin of the nodes and a
    dot product (no Python call per node).  The same sum on the level k − 1 (panels twice as wide)
    gives the error estimate |I_k − I_{k−1}|; the caller falls back to QUADPACK's QAWO when that
    estimate is above the requested accuracy (a singular endpoint, a nearby complex pole)."""

    XG, WG = np.polynomial.legendre.leggauss(24)
    OMEGA_H = 8.0
    MAX_PANELS = 4096

    def __init__(self, fc, fs, lo, hi, sign):
        self.fc, self.fs, self.lo, self.hi, self.sign = fc, fs, float(lo), float(hi), sign
        self.m0 = max(1, int(math.ceil((self.hi - self.lo) / 2.0)))
        self._levels: dict = {}
        x, vc, vs = self._level(0)
        self.l1 = float(max(np.sum(np.abs(vc)) if vc is not None else 0.0,
                            np.sum(np.abs(vs)) if vs is not None else 0.0))

    def _level(self, k):
        if k not in self._levels:
            m = self.m0 << k
            e = np.linspace(self.lo, self.hi, m + 1)
            mid, half = (e[1:] + e[:-1]) / 2, (e[1:] - e[:-1]) / 2
            x = (mid[:, None] + half[:, None] * self.XG).ravel()
            wts = (half[:, None] * self.WG).ravel()
            vc = wts * self.fc.vec(x) if self.fc is not None else None
            if self.fs is self.fc and vc is not None:
                vs = vc
            else:
                vs = wts * self.fs.vec(x) if self.fs is not None else None
            self._levels[k] = (x, vc, vs)
        return self._levels[k]

    def fixed(self, w: float, kind: str):
        """(value, error estimate) of the cos or sin integral at w by the fixed rule, or None
        when the level needed would exceed MAX_PANELS panels."""
        need = w * (self.hi - self.lo) / (self.OMEGA_H * self.m0)
        k = max(1, int(math.ceil(math.log2(need))) if need > 1 else 1)
        if (self.m0 << k) > self.MAX_PANELS:
            return None
        vals = []
        for lev in (k, k - 1):
            x, vc, vs = self._level(lev)
            # np.sum is pairwise (rounding error ~ε·log N·Σ|terms|); a BLAS dot accumulates ~ε·√N
            if kind == "cos":
                vals.append(float(np.sum(np.cos(w * x) * vc)))
            else:
                vals.append(float(np.sum(np.sin(w * x) * vs)))
        if not all(math.isfinite(v) for v in vals):
            return None
        return vals[0], abs(vals[0] - vals[1])


class NumericTransform:
    """Numeric σ̂(ω) (angular) of one activation.

    >>> nt = NumericTransform(get_activation("sigmoid"))
    >>> values, errors = nt.evaluate([0.5, 1.0])
    >>> nt.resolvable([0.5, 1.0])      # estimated error ≤ rel_tol·|σ̂|
    """

    def __init__(self, act, *, rel_tol: float = 1e-10):
        if not (isinstance(rel_tol, (int, float)) and 0 < rel_tol < 1):
            raise InputError(f"rel_tol must be a number in (0, 1), got {rel_tol!r}")
        self.expr = as_activation_expr(act)
        self.name = getattr(act, "name", str(self.expr))
        self.red = reduce_expression(self.expr)
        self.rel_tol = float(rel_tol)
        red = self.red
        self.order = red.order
        self.breakpoints = tuple(float(c) for c in red.breakpoints)
        self.limits = (float(red.limits[0]), float(red.limits[1]))
        self.jumps = [(k, float(c), float(sp.N(J, 30))) for k, c, J in red.jumps]
        self.notes = list(red.notes)
        self.error = None
        self.used: set = set()   # the quadrature rules that actually ran (for the verification stamp)
        self._cache: dict = {}
        self._finite = []   # (f, lo, hi)
        self._half = []     # _HalfLine
        l1 = 0.0
        for i, rp in enumerate(red.r_pieces):
            if red.zero_piece[i]:
                continue
            L = float(red.L_on(i))
            lo, hi = red.interval(i)
            if math.isfinite(lo) and math.isfinite(hi):
                xs = np.linspace(lo, hi, 9)
            else:
                a = hi if math.isinf(lo) else lo
                sd = -1 if math.isinf(lo) else 1
                xs = a + sd * np.array([1e-3, 0.3, 1, 2.5, 5, 10, 20, 35, 50])
            f, ferr = _best_float_form(rp, xs, L)
            if ferr > 1e-8:
                self.notes.append(f"float64 evaluation of σ^({red.order}) on piece {i} loses accuracy "
                                  f"(relative error up to {ferr:.1e} at sample points)")
            if math.isfinite(lo) and math.isfinite(hi):
                self._finite.append((f, lo, hi))
                xs = np.linspace(lo, hi, 65)
                l1 += (hi - lo) * float(np.mean(np.abs([f(x) for x in xs])))
                continue
            side = 1 if math.isinf(hi) else -1
            a = lo if side > 0 else hi
            xs = a + side * np.linspace(0.0, 40.0, 401)
            vals = np.array([f(x) for x in xs])
            vals = vals[np.isfinite(vals)]
            scale = float(np.max(np.abs(vals))) if vals.size else 1.0
            cut = _find_cut(f, a, side, max(scale, 1e-300))
            if side > 0:
                g = f
                a0 = a
            else:
                g = _Combined(f, reflect=True)
                a0 = -a
            self._half.append(_HalfLine(g, a0, cut, side, rp, L))
            if cut is not None:
                xs = a0 + np.linspace(0.0, cut, 2049)
                l1 += cut * float(np.mean(np.abs([g(x) for x in xs])))
            else:
                l1 += scale * 40.0
                self.notes.append(f"remainder decays slowly on the {'right' if side > 0 else 'left'}; "
                                  "QAWF tail")
        self.l1 = l1
        # fold the two half-lines into one when they start at the same |a| and both are truncated:
        # one QUADPACK call per weight instead of two, and none for a part that vanishes by parity
        self._folded = []   # (even, odd, a, cut, cos_needed, sin_needed)
        right = [h for h in self._half if h.sign > 0]
        left = [h for h in self._half if h.sign < 0]
        if (len(right) == 1 and len(left) == 1 and right[0].a == left[0].a
                and right[0].cut is not None and left[0].cut is not None):
            hr, hl = right[0], left[0]
            need_c, need_s = _fold_parity(hr, hl)
            even, odd = _Combined(hr.f, f2=hl.f, sg=1.0), _Combined(hr.f, f2=hl.f, sg=-1.0)
            self._folded.append((even, odd, hr.a, max(hr.cut, hl.cut), need_c, need_s))
            self._half = []
            if not need_s:
                self.notes.append("σ^(n) − L is even: the sine part is identically zero")
            if not need_c:
                self.notes.append("σ^(n) − L is odd: the cosine part is identically zero")
        self._segments = [_Segment(f, f, lo, hi, 1) for f, lo, hi in self._finite]
        for even, odd, a, cut, need_c, need_s in self._folded:
            self._segments.append(_Segment(even if need_c else None, odd if need_s else None, a, a + cut, 1))
        for h in self._half:
            if h.cut is not None:
                self._segments.append(_Segment(h.f, h.f, h.a, h.a + h.cut, h.sign))
        self._half = [h for h in self._half if h.cut is None]

    # -- one frequency -----------------------------------------------------------------------
    @staticmethod
    def _quad(f, a, b, w, weight, **kw):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = integrate.quad(f, a, b, weight=weight, wvar=w, full_output=1, **kw)
        return out[0], out[1]

    def _integral(self, w: float):
        """∫ r e^{-iwt} dt (w > 0), its error estimate and Σ|parts|."""
        re = im = err = mag = 0.0
        kw_fin = dict(epsabs=1e-17, epsrel=QUAD_REL, limit=2000, maxp1=200)
        for seg in self._segments:
            # ∫ fc(s) cos ws ds − i·sign ∫ fs(s) sin ws ds on [lo, hi]: fixed rule, else QUADPACK QAWO
            for kind, f in (("cos", seg.fc), ("sin", seg.fs)):
                if f is None:
                    continue
                got = seg.fixed(w, kind)
                if got is not None and got[1] <= max(QUAD_REL * abs(got[0]), 8 * _EPS * seg.l1):
                    v, e = got
                    self.used.add("fixed Gauss-Legendre panels")
                else:
                    v, e = self._quad(f, seg.lo, seg.hi, w, kind, **kw_fin)
                    self.used.add("QUADPACK QAWO")
                    if not math.isfinite(v):
                        raise NumericError(f"QUADPACK failed on [{seg.lo}, {seg.hi}] at ω = {w} for σ = {self.expr}")
                if kind == "cos":
                    re += v
                else:
                    im -= seg.sign * v
                err += e
                mag += abs(v)
        for h in self._half:
            # slowly decaying: right ∫_a^∞ g(t) e^{-iwt} dt ; left (t = -s): ∫_{a0}^∞ g(s) e^{+iws} ds
            A = h.a + max(50.0, 20.0 * math.pi / w)
            parts = [(h.a, A, kw_fin), (A, math.inf, dict(epsabs=1e-17, limlst=200, limit=2000, maxp1=200))]
            self.used.add("QUADPACK QAWO + QAWF tail")
            for a, b, kw in parts:
                c, ec = self._quad(h.f, a, b, w, "cos", **kw)
                s, es = self._quad(h.f, a, b, w, "sin", **kw)
                if not (math.isfinite(c) and math.isfinite(s)):
                    raise NumericError(f"QUADPACK failed on [{a}, {b}] at ω = {w} for σ = {self.expr}")
                re += c
                im -= h.sign * s
                err += ec + es
                mag += abs(c) + abs(s)
        return complex(re, im), err, mag

    def _one(self, w: float):
        n = self.order
        iw = 1j * w
        total = 0j
        jmag = 0.0
        for k, c, J in self.jumps:
            term = J * iw ** (n - 1 - k) * complex(math.cos(w * c), -math.sin(w * c))
            total += term
            jmag += abs(term)
        Lm, Lp = self.limits   # Reduction.limits is (L₋, L₊)
        if Lp != Lm:
            term = (Lp - Lm) / iw
            total += term
            jmag += abs(term)
        I, err, mag = self._integral(w)
        total += I
        err += 4 * _EPS * (self.l1 + mag + jmag) + 4 * _EPS * abs(total)
        denom = iw ** n
        return total / denom, err / abs(denom)

    # -- public ------------------------------------------------------------------------------
    def evaluate(self, omega):
        """(values, errors): complex128 σ̂(ω) and estimated absolute errors, same shape as ω."""
        w = validate_omega(omega)
        flat = w.ravel()
        vals = np.empty(flat.shape, dtype=np.complex128)
        errs = np.empty(flat.shape, dtype=np.float64)
        for i, x in enumerate(flat):
            key = float(abs(x))
            if key not in self._cache:
                self._cache[key] = self._one(key)
            v, e = self._cache[key]
            vals[i] = v if x > 0 else np.conj(v)   # σ real: σ̂(−ω) = conj σ̂(ω)
            errs[i] = e
        vals, errs = vals.reshape(w.shape), errs.reshape(w.shape)
        self.error = errs
        return vals, errs

    def __call__(self, omega) -> np.ndarray:
        return self.evaluate(omega)[0]

    def resolvable(self, omega) -> np.ndarray:
        """True where the estimated error is ≤ rel_tol·|σ̂(ω)|."""
        v, e = self.evaluate(omega)
        return e <= self.rel_tol * np.abs(v)

    @property
    def quadrature_free(self) -> bool:
        """True when σ^(n) − L vanishes on every piece: σ̂ is then the closed form of the jumps and limits
        alone and no quadrature runs."""
        return not self._segments and not self._half

    def method(self) -> str:
        """What computed the values so far (the route named in verification stamps)."""
        if self.quadrature_free:
            return ("exact sum over the jumps of σ^(k) and the limits of σ^(n) at ±∞ (σ^(n) is piecewise "
                    "constant: no quadrature ran)")
        rules = " and ".join(sorted(self.used)) if self.used else "no point evaluated yet"
        return f"{rules} on the reduced integrand σ^(n) − L, plus its jumps and limits"

    def route(self) -> str:
        """Short route name: 'jumps and limits, no quadrature' or 'QUADPACK' / 'Gauss-Legendre' by what ran."""
        if self.quadrature_free:
            return "jumps and limits, no quadrature"
        if any("QUADPACK" in u for u in self.used):
            return "QUADPACK" if len(self.used) == 1 else "Gauss-Legendre + QUADPACK"
        return "Gauss-Legendre panels"

    def describe(self) -> str:
        lines = [f"σ = {self.expr}", f"order n = {self.order}", f"breakpoints = {self.breakpoints}",
                 f"limits of σ^(n) (L-, L+) = {self.limits}",
                 f"jumps (k, c, J) = {self.jumps}"] + self.notes
        return "\n".join(lines)


@functools.lru_cache(maxsize=128)
def _transform_for(expr: sp.Expr) -> NumericTransform:
    return NumericTransform(expr)


def transform_for(act) -> NumericTransform:
    """The :class:`NumericTransform` of an activation, built once per expression and kept
    (with the values it has computed) for the life of the process."""
    return _transform_for(as_activation_expr(act))


def numeric_transform(act, omega, *, return_error: bool = False):
    """σ̂(ω) (complex128, shape of ω), cached per activation expression.
    With ``return_error=True``: (values, errors, resolvable)."""
    nt = _transform_for(as_activation_expr(act))
    v, e = nt.evaluate(omega)
    if return_error:
        return v, e, e <= nt.rel_tol * np.abs(v)
    return v


# --------------------------------------------------------------------------------------------
# point masses: Bohr means
# --------------------------------------------------------------------------------------------
def mean_coefficient(act, omega0, *, width: float = 200.0, rtol: float = 1e-8, return_error: bool = False):
    """Weight c of c·δ(ω − ω₀) in σ̂: the Bohr mean 2π lim (1/2T) ∫_{−T}^{T} σ(t) e^{−iω₀t} dt.

    Computed with a Gaussian window (which has the same limit and converges much faster for
    almost-periodic σ): c ≈ 2π/(W√(2π)) ∫ σ(t) e^{−iω₀t} e^{−t²/(2W²)} dt, at W = ``width``
    and 2W.
    ω₀ may be 0 (the δ(ω) weight, 2π × mean of σ).  Raises NumericError if the two window
    widths disagree by more than ``rtol`` (absolute, relative to 1 + |c|), e.g. when σ grows.
    """
    expr = as_activation_expr(act)
    if not (isinstance(width, (int, float)) and math.isfinite(width) and width > 0):
        raise InputError(f"window width must be a positive number, got {width!r}")
    try:
        w0 = np.asarray(omega0, dtype=np.float64) if not np.iscomplexobj(omega0) else None
    except (TypeError, ValueError):
        w0 = None
    if w0 is None or np.isnan(w0).any() or np.isinf(w0).any():
        raise InputError("ω₀ must be finite real numbers")
    bps = [float(c) for c in _breakpoints(expr)]
    f = sp.lambdify(T, expr, modules=[{"Heaviside": lambda x, h0=0.5: np.heaviside(x, h0)}, "scipy", "numpy"])
    xg, wg = np.polynomial.legendre.leggauss(24)

    def fv(x):
        with np.errstate(all="ignore"):
            return np.broadcast_to(np.asarray(f(x), dtype=np.float64), x.shape)

    def windowed(w, W, panel):
        # composite 24-point Gauss–Legendre on [-9W, 9W] (panels also split at breakpoints),
        # vectorized; the window makes the integrand smooth and negligible at the ends
        edges = np.arange(-9.0 * W, 9.0 * W + panel / 2, panel)
        edges = np.unique(np.concatenate([edges, [c for c in bps if abs(c) < 9 * W]]))
        a, b = edges[:-1, None], edges[1:, None]
        t = (a + b) / 2 + (b - a) / 2 * xg[None, :]
        vals = fv(t) * np.exp(-0.5 * (t / W) ** 2) * np.exp(-1j * w * t)
        if not np.isfinite(vals).all():
            raise NumericError("σ is not finite on the integration window")
        integral = np.sum(vals * wg[None, :] * (b - a) / 2)
        return integral * 2 * math.pi / (W * math.sqrt(2 * math.pi))

    flat = w0.ravel()
    out = np.empty(flat.shape, dtype=np.complex128)
    errs = np.empty(flat.shape)
    for i, w in enumerate(flat):
        panel = min(1.0, 2.0 / max(abs(float(w)), 1e-300))
        v1 = windowed(float(w), width, panel)
        v2 = windowed(float(w), 2 * width, panel)
        e2 = abs(windowed(float(w), 2 * width, panel / 1.5) - v2)
        d = abs(v2 - v1)
        if d > rtol * (1 + abs(v2)):
            raise NumericError(
                f"the mean of σ e^(-iω₀t) does not converge at ω₀ = {w} (window {width}: {v1}, {2 * width}: {v2}); "
                "σ is not almost periodic / bounded there")
        out[i] = v2
        errs[i] = d + e2
    out, errs = out.reshape(w0.shape), errs.reshape(w0.shape)
    if out.ndim == 0:
        out, errs = complex(out), float(errs)
    return (out, errs) if return_error else out


# --------------------------------------------------------------------------------------------
# polynomial asymptotes
# --------------------------------------------------------------------------------------------
def asymptotic_coefficients(act, max_degree: int = 4, *, return_error: bool = False, dps: int = 60):
    """(p, q): float64 arrays of length max_degree+1 with σ(t) = Σ_k p_k t^k + o(1) as t → +∞
    and σ(t) = Σ_k q_k t^k + o(1) as t → −∞ (numeric limits with mpmath, highest degree first:
    p_k = lim (σ − Σ_{j>k} p_j t^j)/t^k, the p_j kept in high precision).
    NumericError if σ grows faster than t^max_degree or has no polynomial asymptote
    (σ − polynomial does not tend to a constant, e.g. log growth or oscillation)."""
    if not isinstance(max_degree, (int, np.integer)) or isinstance(max_degree, bool) or max_degree < 0:
        raise InputError(f"max_degree must be a non-negative integer, got {max_degree!r}")
    red = reduce_activation(act)
    out, errs = [], []
    for side, piece in ((1, red.pieces[-1]), (-1, red.pieces[0])):
        f = mp_callable(piece)
        coeffs = {}
        cerr = {}
        with mp.workdps(dps):
            for k in range(max_degree, -1, -1):
                def g(t, k=k):
                    v = mp.mpmathify(f(t))
                    for j, p in coeffs.items():
                        v -= p * t ** j
                    return v / t ** k
                L, e = mp_limit(g, side, dps=dps)
                if L is None:
                    where = "+∞" if side > 0 else "−∞"
                    if k == max_degree:
                        raise NumericError(f"σ = {red.expr} grows faster than t^{max_degree} at {where} "
                                           "(or oscillates)")
                    raise NumericError(f"σ = {red.expr} has no polynomial asymptote at {where}: "
                                       f"the coefficient of t^{k} does not exist")
                coeffs[k] = L
                cerr[k] = e
        out.append(np.array([float(coeffs[k]) for k in range(max_degree + 1)]))
        errs.append(np.array([float(cerr[k]) for k in range(max_degree + 1)]))
    if return_error:
        return out[0], out[1], errs[0], errs[1]
    return out[0], out[1]
