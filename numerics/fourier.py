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


def _as_activation_expr(act) -> sp.Expr:
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
    small corrections too, since those are below the working precision already)."""
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


def _mp_callable(expr):
    f = sp.lambdify(T, expr, modules="mpmath")
    return f


@functools.lru_cache(maxsize=256)
def _reduce_cached(expr: sp.Expr) -> Reduction:
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
            L, e = mp_limit(_mp_callable(d), side)
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
                f = _mp_callable(p)
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
        f = _mp_callable(rp)
        with mp.workdps(50):
            xs = [mp.mpf(sp.N(lo + (hi - lo) * sp.Rational(j, 7), 50)) for j in range(1, 7)]
            zero = rp == L or all(abs(mp.mpmathify(f(x)) - L) <= mp.mpf(10) ** -40 for x in xs)
        zero_piece.append(bool(zero))
    return Reduction(expr=expr, breakpoints=tuple(bps), split=tuple(split), pieces=pieces, order=order,
                     limits=limits, limit_errors=lerr, jumps=jumps, r_pieces=r_pieces,
                     zero_piece=tuple(zero_piece), notes=notes)


def reduce_activation(act) -> Reduction:
    """The cached :class:`Reduction` of an activation (or a SymPy expression in ``T``)."""
    return _reduce_cached(_as_activation_expr(act))


# --------------------------------------------------------------------------------------------
# float64 transform
# --------------------------------------------------------------------------------------------
def _np_callable(expr, shift=0.0):
    """Scalar float callable of ``expr`` − shift; where float64 evaluation overflows to a
    non-finite value (e.g. e^{-t}/(1+e^{-t})² at t = −800), fall back to mpmath."""
    f = sp.lambdify(T, expr, modules=["scipy", "numpy"])
    fm = _mp_callable(expr)

    def g(x):
        with np.errstate(all="ignore"):
            v = float(f(x))
        if not math.isfinite(v):
            with mp.workdps(30):
                v = float(mp.re(fm(mp.mpf(x))))
        return v - shift
    return g


def _best_float_form(expr, xs, shift=0.0):
    """Among equivalent SymPy forms of ``expr``, the float64 callable (minus ``shift``) that best
    matches mpmath at the sample points ``xs`` (relative error where the value is not tiny)."""
    fm = _mp_callable(expr)
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
        g = _np_callable(c, shift)
        e = max(abs(g(float(x)) - r0) / max(abs(r0), 1e-280) for x, r0 in zip(xs, ref))
        if e < best_err:
            best, best_err = g, e
        if e < 1e-13:
            break
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


class NumericTransform:
    """Numeric σ̂(ω) (angular) of one activation.

    >>> nt = NumericTransform(get_activation("sigmoid"))
    >>> values, errors = nt.evaluate([0.5, 1.0])
    >>> nt.resolvable([0.5, 1.0])      # estimated error ≤ rel_tol·|σ̂|
    """

    def __init__(self, act, *, rel_tol: float = 1e-10):
        if not (isinstance(rel_tol, (int, float)) and 0 < rel_tol < 1):
            raise InputError(f"rel_tol must be a number in (0, 1), got {rel_tol!r}")
        self.expr = _as_activation_expr(act)
        self.name = getattr(act, "name", str(self.expr))
        self.red = _reduce_cached(self.expr)
        self.rel_tol = float(rel_tol)
        red = self.red
        self.order = red.order
        self.breakpoints = tuple(float(c) for c in red.breakpoints)
        self.limits = (float(red.limits[0]), float(red.limits[1]))
        self.jumps = [(k, float(c), float(sp.N(J, 30))) for k, c, J in red.jumps]
        self.notes = list(red.notes)
        self.error = None
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
                g = (lambda ff: (lambda s: ff(-s)))(f)
                a0 = -a
            self._half.append(_HalfLine(g, a0, cut, side))
            if cut is not None:
                xs = a0 + np.linspace(0.0, cut, 2049)
                l1 += cut * float(np.mean(np.abs([g(x) for x in xs])))
            else:
                l1 += scale * 40.0
                self.notes.append(f"remainder decays slowly on the {'right' if side > 0 else 'left'}; "
                                  "QAWF tail")
        self.l1 = l1

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
        kw_fin = dict(epsabs=1e-17, epsrel=1e-13, limit=2000, maxp1=200)
        for f, lo, hi in self._finite:
            c, ec = self._quad(f, lo, hi, w, "cos", **kw_fin)
            s, es = self._quad(f, lo, hi, w, "sin", **kw_fin)
            re += c
            im -= s
            err += ec + es
            mag += abs(c) + abs(s)
        for h in self._half:
            # right: ∫_a^∞ g(t) e^{-iwt} dt ; left (t = -s): ∫_{a0}^∞ g(s) e^{+iws} ds
            parts = []
            if h.cut is not None:
                parts.append((h.a, h.a + h.cut, kw_fin))
            else:
                A = h.a + max(50.0, 20.0 * math.pi / w)
                parts.append((h.a, A, kw_fin))
                parts.append((A, math.inf, dict(epsabs=1e-17, limlst=200, limit=2000, maxp1=200)))
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
        Lp, Lm = self.limits
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

    def describe(self) -> str:
        lines = [f"σ = {self.expr}", f"order n = {self.order}", f"breakpoints = {self.breakpoints}",
                 f"limits of σ^(n) (L-, L+) = {self.limits}",
                 f"jumps (k, c, J) = {self.jumps}"] + self.notes
        return "\n".join(lines)


@functools.lru_cache(maxsize=128)
def _transform_for(expr: sp.Expr) -> NumericTransform:
    return NumericTransform(expr)


def numeric_transform(act, omega, *, return_error: bool = False):
    """σ̂(ω) (complex128, shape of ω), cached per activation expression.
    With ``return_error=True``: (values, errors, resolvable)."""
    nt = _transform_for(_as_activation_expr(act))
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
    expr = _as_activation_expr(act)
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
        f = _mp_callable(piece)
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
