"""Radon transform on the exact side: closed forms, the Fourier slice theorem, ramp filter, inversion.

Conventions (THEORY.md §0/§2)
----------------------------
* ``Rf(u, t) = ∫_{u·x = t} f dS`` for u ∈ S^{d-1}, t ∈ R;  ``R*φ(x) = ∫_{S^{d-1}} φ(u, u·x) du``.
* Fourier transforms in :mod:`theory.conventions` terms: ``F_c[g](k) = ff · ∫ g e^{i b k·x} dx`` per
  dimension (``ff`` = forward factor).  Derivations run in the angular convention (ff = 1,
  b = -1) unless a convention is passed; constants for other conventions are *derived* from the
  convention's (a, b) here, never typed in.
* ``Λ^{d-1}`` is the Fourier multiplier ``|ω|^{d-1}`` in the angular frequency ω of t.  The Hilbert
  transform is ``Hg(t) = (1/π) p.v. ∫ g(s)/(t - s) ds``, multiplier ``-i sgn ω``.

Public API
----------
* Symbols: :data:`t`, :data:`omega`, :data:`r`.
* :func:`sphere_area(n)` -- |S^{n-1}| as an exact SymPy number (n >= 1).
* :func:`gaussian_radon(A, mu)` -> :class:`RadonClosedForm` for ``exp(-½(x-μ)ᵀA(x-μ))`` in d = len(mu)
  dimensions (A symmetric positive definite; numbers or SymPy).  ``.expr`` is a SymPy expression in
  the direction symbols ``u_1..u_d`` and :data:`t`; ``.numeric(U, T)`` evaluates on arrays.
* :func:`gaussian_radon_invariants()` -- the derivation in terms of (m = u·μ, s² = uᵀA⁻¹u, det A).
* :func:`radial_radon(profile, d, support=None)` -- Abel-type integral for a radial profile f(r)
  (SymPy expr in :data:`r`), optionally supported in r < support.
* :func:`disc_radon(R)`, :func:`bessel_j0_radon(k)` (d = 2), :func:`radial_gaussian_radon(d, sigma)`,
  :func:`radial_polynomial_radon(poly, d, R)`.
* :func:`fourier_slice(family, d, convention)` -> :class:`FourierSliceDerivation` (a Report).
* :func:`ramp_filter(d)` -> :class:`RampFilter` (a Report): the local / Hilbert form and its check.
* :func:`inversion_constant(d, convention)` -> :class:`InversionConstant` (a Report): γ_d.
* :func:`radial_backprojection(phi, d)` -- R* of a profile φ(t) that does not depend on u
  (Funk-Hecke); :func:`backprojection_2d(phi)` -- R*φ for φ(θ, t) in d = 2; and :func:`radial_round_trip(d, sigma)` -- γ_d R* Λ^{d-1} R f for a radial Gaussian
  in odd d, simplified (a symbolic check of γ_d).
"""

from __future__ import annotations

import functools

import sympy as sp

from specbias.core import latex as tex
from specbias.core.conventions import ANGULAR, get_convention
from specbias.core.errors import InputError, NoClosedForm
from specbias.core.records import DerivationStep
from specbias.core.report import Report
from specbias.core.validate import check_dim

__all__ = [
    "t", "omega", "r",
    "sphere_area", "gamma_d",
    "RadonClosedForm",
    "gaussian_radon",
    "gaussian_radon_invariants",
    "radial_radon",
    "disc_radon",
    "bessel_j0_radon",
    "radial_gaussian_radon",
    "radial_polynomial_radon",
    "FourierSliceDerivation",
    "fourier_slice",
    "RampFilter",
    "ramp_filter",
    "InversionConstant",
    "inversion_constant",
    "radial_backprojection",
    "backprojection_2d",
    "radial_round_trip",
]

t = sp.Symbol("t", real=True)
omega = sp.Symbol("omega", real=True)
r = sp.Symbol("r", nonnegative=True)
_s = sp.Symbol("s", nonnegative=True)
_m = sp.Symbol("m", real=True)
_sig = sp.Symbol("sigma", positive=True)
_det = sp.Symbol("D", positive=True)
_k = sp.Symbol("k", positive=True)
_z = sp.Symbol("z", real=True)
_rho = sp.Symbol("rho", nonnegative=True)


def _fourier_even(expr, var, freq, center=0):
    """∫ expr e^{i freq var} dvar for expr even about ``center`` (checked): e^{i freq center} times
    the cosine integral (the odd sine part vanishes).  Raises NoClosedForm if not even/unevaluated."""
    y = sp.Symbol("y_", real=True)
    shifted = expr.subs(var, center + y)
    if sp.simplify(shifted - shifted.subs(y, -y)) != 0:
        raise NoClosedForm("integrand is not even about its centre", step="fourier transform")
    val = sp.integrate(shifted * sp.cos(freq * y), (y, -sp.oo, sp.oo), conds="none")
    if val.has(sp.Integral):
        raise NoClosedForm("SymPy could not evaluate the cosine integral", step="fourier transform")
    return sp.exp(sp.I * freq * center) * val


def sphere_area(n: int) -> sp.Expr:
    """|S^{n-1}| = 2 π^{n/2} / Γ(n/2), the (n-1)-dimensional area of the unit sphere in R^n."""
    n = check_dim(n)
    return sp.simplify(2 * sp.pi ** sp.Rational(n, 2) / sp.gamma(sp.Rational(n, 2)))


# ----------------------------------------------------------------------------------------------
# The report the derivations below share; each step is the package's one step record,
# core.records.DerivationStep (rule, detail, result, source, latex)
# ----------------------------------------------------------------------------------------------
#: where the steps computed here come from
_BY_SYMPY = "SymPy integrate"
_SLICE_SOURCE = "Fourier slice theorem (Natterer, The Mathematics of Computerized Tomography, Thm II.1.1)"


class _Derivation(Report):
    """A derived identity: ``steps`` (a tuple of :class:`DerivationStep`), the ``result`` (a SymPy
    expression or a LaTeX string), whether the identity ``holds``, and ``extra`` JSON fields."""

    title = ""

    def __init__(self, steps, result, holds=True, extra=None):
        self.steps = tuple(steps)
        if not all(isinstance(st, DerivationStep) for st in self.steps):
            raise TypeError("the steps of a derivation are core.records.DerivationStep records")
        self.result = result
        self.holds = bool(holds)
        self.extra = dict(extra or {})

    @staticmethod
    def _lx(e):
        return e if isinstance(e, str) else tex.math(e)

    @staticmethod
    def _tx(e):
        return e if isinstance(e, str) else sp.sstr(e)

    def to_text(self) -> str:
        lines = [self.title]
        lines += [f"  ({i}) {st.to_text()}" for i, st in enumerate(self.steps, 1)]
        lines.append(f"  result: {self._tx(self.result)}")
        lines.append(f"  identity holds: {self.holds}")
        return "\n".join(lines)

    def to_latex(self) -> str:
        # one row per step: its words (prose with inline math) and, when it has one, its result
        rows = [r"&\text{" + (st.latex or tex.text(st.detail)) + "}"
                + ("" if st.result is None else r":\ " + tex.math(st.result)) for st in self.steps]
        return (r"\begin{aligned}" + rf"&\textbf{{{self.title}}} \\ " + r" \\ ".join(rows)
                + rf" \\ &\Rightarrow\ {self._lx(self.result)}" + r"\end{aligned}")

    def to_json(self) -> dict:
        out = {"title": self.title, "steps": [st.to_json() for st in self.steps],
               "result": self._tx(self.result), "holds": self.holds}
        out.update({k: (v if isinstance(v, (int, float, str, bool)) else sp.sstr(v))
                    for k, v in self.extra.items()})
        return out


# ----------------------------------------------------------------------------------------------
# Gaussians
# ----------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=None)
def gaussian_radon_invariants():
    """Derive Rf(u, t) for f = exp(-½(x-μ)ᵀA(x-μ)) in terms of m = u·μ, s² = uᵀA⁻¹u, D = det A.

    Steps (angular convention):
      1. 1-D: ∫ e^{-x²/2} e^{-iωx} dx is computed by SymPy;  the d-D transform follows by the change
         of variables x = μ + A^{-1/2} y:  f̂(ξ) = (2π)^{d/2} D^{-1/2} e^{-iξ·μ} e^{-ξᵀA⁻¹ξ/2}.
      2. Slice: f̂(ωu) = (2π)^{d/2} D^{-1/2} e^{-iωm - ω²s²/2}.
      3. Fourier slice theorem (inverse 1-D transform in ω, computed by SymPy):
         Rf(u, t) = (1/2π) ∫ f̂(ωu) e^{iωt} dω.
    Returns (expr in t, m, sigma=s, D, dsym) with dsym the symbol for d.
    """
    x = sp.Symbol("x", real=True)
    one_d = sp.simplify(_fourier_even(sp.exp(-x**2 / 2), x, -omega))
    dsym = sp.Symbol("d", positive=True, integer=True)
    # one_d = sqrt(2π) e^{-ω²/2}; the d-fold product of the prefactor is (2π)^{d/2}
    pref1 = sp.simplify(one_d / sp.exp(-omega**2 / 2))
    pref_d = pref1 ** dsym
    # (1/2π) ∫ e^{-ω²s²/2} e^{-iωm} e^{iωt} dω: the ω-integrand times e^{iωm} is even in ω
    inv = _fourier_even(sp.exp(-omega**2 * _sig**2 / 2), omega, t - _m) * ANGULAR.inverse_factor(1)
    expr = sp.simplify(pref_d / sp.sqrt(_det) * inv)
    return expr, one_d, dsym


class RadonClosedForm(Report):
    """A closed-form Radon transform: ``expr`` in :data:`t` and the direction symbols ``u``."""

    def __init__(self, name, d, expr, u_symbols, steps=(), params=None):
        self.name = name
        self.d = d
        self.expr = expr
        self.u = tuple(u_symbols)
        self.steps = tuple(steps)  # DerivationStep records
        self.params = dict(params or {})

    @functools.cached_property
    def _fn(self):
        import numpy as np  # noqa: F401  (lambdify target)

        # exact rationals with huge numerators/denominators would overflow NumPy integers
        return sp.lambdify((self.u, t), self.expr.evalf(30), modules="numpy")

    def numeric(self, directions, offsets):
        """Evaluate on (m, d) directions and (k,) offsets -> (m, k) float array."""
        import numpy as np

        U = np.atleast_2d(np.asarray(directions, dtype=float))
        T = np.asarray(offsets, dtype=float).reshape(-1)
        if U.shape[1] != len(self.u):
            raise InputError(f"directions must have {len(self.u)} columns, got {U.shape}")
        cols = tuple(U[:, i][:, None] for i in range(U.shape[1]))
        out = self._fn(cols, T[None, :])
        return np.broadcast_to(np.asarray(out, dtype=float), (U.shape[0], T.size)).copy()

    def to_text(self):
        lines = [f"Radon transform of {self.name} in d = {self.d}:", f"  Rf(u, t) = {sp.sstr(self.expr)}"]
        lines += [f"  - {st.to_text()}" for st in self.steps]
        return "\n".join(lines)

    def to_latex(self):
        return rf"\mathcal{{R}}f(u,t) = {sp.latex(self.expr)}"

    def to_json(self):
        return {"family": self.name, "d": self.d, "expr": sp.sstr(self.expr), "latex": self.to_latex(),
                "steps": [st.to_json() for st in self.steps], "params": {k: sp.sstr(v) for k, v in self.params.items()}}


def _spd(A, d):
    """A as a symmetric positive-definite SymPy matrix (InputError otherwise)."""
    try:
        M = sp.Matrix(A)
    except (TypeError, ValueError, sp.SympifyError) as exc:
        raise InputError(f"A must be a {d} x {d} matrix: {exc}") from None
    if M.shape != (d, d):
        raise InputError(f"A must be {d} x {d}, got {M.shape}")
    if any(e.has(sp.nan, sp.zoo, sp.oo, -sp.oo) for e in M):
        raise InputError("A must be finite (no NaN or infinity)")
    if any(sp.simplify(e) != 0 for e in (M - M.T)):
        raise InputError("A must be symmetric")
    if all(e.is_number for e in M):
        import numpy as np

        if any(not e.is_real for e in M):
            raise InputError("A must be real")
        ev = np.linalg.eigvalsh(np.array(M.evalf(), dtype=float))
        if ev.min() <= 0:
            raise InputError("A must be positive definite")
    return M


def gaussian_radon(A=None, mu=None, d=None) -> RadonClosedForm:
    """Closed form Rf(u, t) for f(x) = exp(-½ (x-μ)ᵀ A (x-μ)), A SPD (default I), μ (default 0).

    Result: (2π)^{(d-1)/2} D^{-1/2} s^{-1} exp(-(t - u·μ)² / (2 s²)), s² = uᵀA⁻¹u (derived by
    :func:`gaussian_radon_invariants`, substituted here).
    """
    if d is None:
        if mu is not None:
            d = len(mu)
        elif A is not None:
            d = sp.Matrix(A).shape[0]
        else:
            raise InputError("give A, mu or d")
    d = check_dim(d, lo=2)
    M = sp.eye(d) if A is None else _spd(A, d)
    mv = sp.zeros(d, 1) if mu is None else sp.Matrix(list(mu))
    if mv.shape != (d, 1):
        raise InputError(f"mu must have {d} entries")
    for e in mv:
        if e.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or (e.is_number and not e.is_real):
            raise InputError("mu must be real and finite")
    u = sp.symbols(f"u1:{d + 1}", real=True)
    uv = sp.Matrix(u)
    expr0, _, dsym = gaussian_radon_invariants()
    s2 = (uv.T * M.inv() * uv)[0, 0]
    expr = expr0.subs({dsym: d, _det: M.det(), _m: (uv.T * mv)[0, 0]}).subs(_sig, sp.sqrt(s2))
    steps = (DerivationStep("gaussian_transform", "f̂(ξ) = (2π)^{d/2} det(A)^{-1/2} e^{-iξ·μ - ξᵀA⁻¹ξ/2}",
                            source=_BY_SYMPY + " (1-D integral) and the change of variables x = μ + A^{-1/2} y"),
             DerivationStep("fourier_slice", "Rf(u,t) = (1/2π) ∫ f̂(ωu) e^{iωt} dω", expr,
                            source=_SLICE_SOURCE + "; " + _BY_SYMPY))
    return RadonClosedForm("Gaussian exp(-(x-mu)^T A (x-mu)/2)", d, expr, u, steps, {"A": M, "mu": mv})


# ----------------------------------------------------------------------------------------------
# Radial functions: Abel-type integral
# ----------------------------------------------------------------------------------------------
def radial_radon(profile, d: int, support=None) -> sp.Expr:
    """Rf(t) for f(x) = profile(|x|) in R^d (independent of u), by the Abel-type integral

        Rf(t) = |S^{d-2}| ∫_{|t|}^{∞} f(ρ) ρ (ρ² - t²)^{(d-3)/2} dρ
              = (|S^{d-2}|/2) ∫_0^{∞} f(√(s + t²)) s^{(d-3)/2} ds       (s = ρ² - t²),

    with |S^0| = 2.  ``profile`` is a SymPy expression in :data:`r`; if ``support`` = R is given, f is
    taken as 0 for r >= R and the result is a Piecewise in |t| < R.  Raises NoClosedForm if SymPy
    leaves the integral unevaluated.
    """
    d = check_dim(d, lo=2)
    prof = sp.sympify(profile)
    extra = prof.free_symbols - {r}
    if any(sym.name in ("t", "s") for sym in extra):
        raise InputError("the profile must be an expression in r (and parameters other than t, s)")
    area = sphere_area(d - 1)  # |S^{d-2}|
    integrand = sp.expand(prof.subs(r, sp.sqrt(_s + t**2)) * _s ** sp.Rational(d - 3, 2))
    if support is None:
        res = sp.integrate(integrand, (_s, 0, sp.oo), conds="none")
    else:
        R = sp.sympify(support)
        if R.is_number and not R.is_positive:
            raise InputError(f"support radius must be positive, got {R}")
        tt = sp.Symbol("tau", nonnegative=True)  # |t| < R handled by Piecewise
        integrand = integrand.subs(t, tt)
        res = sp.integrate(integrand, (_s, 0, R**2 - tt**2), conds="none")
        res = res.subs(tt, sp.Abs(t))
    if res.has(sp.Integral):
        raise NoClosedForm("SymPy could not evaluate the Abel-type integral", step="radial_radon")
    res = sp.simplify(area / 2 * res)
    if support is not None:
        res = sp.Piecewise((res, sp.Abs(t) < sp.sympify(support)), (0, True))
    return res


def radial_gaussian_radon(d: int, sigma=1) -> sp.Expr:
    """Rf(t) for f = exp(-|x|²/(2σ²)) in R^d via :func:`radial_radon`."""
    sg = sp.sympify(sigma)
    return radial_radon(sp.exp(-r**2 / (2 * sg**2)), d)


def disc_radon(R=1) -> sp.Expr:
    """Rf(t) for the indicator of the disc |x| < R in R² (Abel integral): 2√(R² - t²) for |t| < R."""
    return radial_radon(sp.Integer(1), 2, support=R)


def radial_polynomial_radon(poly, d: int, R=1) -> sp.Expr:
    """Rf(t) for f(x) = poly(|x|) 1[|x| < R] in R^d (poly a SymPy polynomial in :data:`r`)."""
    p = sp.sympify(poly)
    if not p.is_polynomial(r):
        raise InputError(f"{p} is not a polynomial in r")
    return radial_radon(p, d, support=R)


def bessel_j0_radon(k=None) -> RadonClosedForm:
    """Rf(u, t) for f(x) = J_0(k|x|) in R² (default k = 2π), through the Fourier slice theorem.

    The Abel integral of J_0 converges only conditionally, so the derivation goes through the
    Hankel closure relation ∫_0^∞ J_0(kρ) J_0(ρ' ρ) ρ dρ = δ(ρ' - k)/k (distributional; Watson §14.4),
    which gives f̂(ξ) = 2π ∫_0^∞ J_0(kρ) J_0(|ξ|ρ) ρ dρ = (2π/k) δ(|ξ| - k).  Then
    Rf(u, t) = (1/2π) ∫ f̂(|ω|) e^{iωt} dω, evaluated by SymPy.
    """
    kk = sp.sympify(2 * sp.pi if k is None else k)
    if kk.is_number and not kk.is_positive:
        raise InputError(f"k must be positive, got {kk}")
    fhat = 2 * sp.pi / _k * sp.DiracDelta(omega - _k)  # on ω > 0; even extension for ω < 0
    half = sp.integrate(fhat * sp.exp(sp.I * omega * t), (omega, 0, sp.oo))
    expr = sp.simplify((half + sp.conjugate(half)) * ANGULAR.inverse_factor(1))
    expr = sp.simplify(sp.expand_complex(expr).subs(_k, kk))
    u = sp.symbols("u1:3", real=True)
    steps = (DerivationStep("hankel_closure", "f̂(ξ) = (2π/k) δ(|ξ| - k)", fhat.subs(_k, kk),
                            source="Hankel closure relation (Watson, Theory of Bessel Functions, §14.4)"),
             DerivationStep("fourier_slice", "Rf(u,t) = (1/2π) ∫ f̂(|ω|) e^{iωt} dω", expr,
                            source=_SLICE_SOURCE + "; " + _BY_SYMPY))
    return RadonClosedForm(f"J0({sp.sstr(kk)}|x|)", 2, expr, u, steps, {"k": kk})


# ----------------------------------------------------------------------------------------------
# Fourier slice theorem as a derived identity
# ----------------------------------------------------------------------------------------------
class FourierSliceDerivation(_Derivation):
    title = "Fourier slice theorem"

    def __init__(self, steps, result, holds, constant, convention, family, d):
        super().__init__(steps, result, holds, {"constant": constant, "convention": convention.name,
                                                "family": family, "d": d})
        self.constant = constant
        self.convention = convention

    def to_latex(self) -> str:
        return super().to_latex() + r"\quad " + self.convention.definition_latex(r"k")


def fourier_slice(family: str = "gaussian", d: int = 2, convention=None, sigma=1) -> FourierSliceDerivation:
    """Derive F_t[Rf(u, ·)](k) and f̂(k u) independently and simplify their ratio.

    family 'gaussian': shifted Gaussian in invariants (m = u·μ, s² = uᵀA⁻¹u): Rf from
    :func:`gaussian_radon_invariants`; f̂ by whitening (1-D SymPy integral to the power d).
    family 'radial_gaussian': exp(-|x|²/2σ²): Rf from the Abel integral (:func:`radial_radon`);
    f̂(ξ) as the product of d one-dimensional SymPy transforms.
    In convention c the identity is F_c[Rf(u,·)](k) = C · F_c[f](k u) with C = ff^{1-d} (derived:
    the ratio is simplified, not assumed); C = 1 in the angular and ordinary conventions.
    """
    d = check_dim(d, lo=2)
    conv = get_convention(convention) if convention is not None else ANGULAR
    ff = sp.simplify(conv.forward_factor)
    b = conv.b
    kk = sp.Symbol("k", real=True)
    if family == "gaussian":
        expr0, one_d, dsym = gaussian_radon_invariants()
        Rf = expr0.subs(dsym, d)
        lhs = ff * _fourier_even(Rf, t, b * kk, center=_m)
        # angular f̂(ξ) = (2π)^{d/2} D^{-1/2} e^{-iξ·μ - ξᵀA⁻¹ξ/2}; convention c: ff^d f̂_ang(-b ξ)
        pref1 = sp.simplify(one_d / sp.exp(-omega**2 / 2))
        w = -b * kk
        rhs = ff**d * pref1**d / sp.sqrt(_det) * sp.exp(-sp.I * w * _m - w**2 * _sig**2 / 2)
        fdesc = r"e^{-\frac12 (x-\mu)^T A (x-\mu)},\ m=u\cdot\mu,\ \sigma^2=u^TA^{-1}u,\ D=\det A"
        ftext = "exp(-(x-μ)ᵀA(x-μ)/2), m = u·μ, σ² = uᵀA⁻¹u, D = det A"
        rf_source = "gaussian_radon_invariants: " + _SLICE_SOURCE + "; " + _BY_SYMPY
        slice_source = _BY_SYMPY + " (1-D integral) to the power d and whitening"
    elif family == "radial_gaussian":
        sg = sp.sympify(sigma)
        Rf = radial_gaussian_radon(d, sg)
        lhs = ff * _fourier_even(Rf, t, b * kk)
        x = sp.Symbol("x", real=True)
        q = sp.Symbol("q", real=True)
        one = ff * _fourier_even(sp.exp(-x**2 / (2 * sg**2)), x, b * q)
        # f̂(k u) = Π_i one(k u_i) and Σ u_i² = 1: the exponents add up to the |k|² one
        one = sp.simplify(one)
        expo = sp.simplify(sp.log(one / one.subs(q, 0)).expand(force=True))
        rhs = one.subs(q, 0) ** d * sp.exp(sp.simplify(expo / q**2) * kk**2)
        fdesc = rf"e^{{-|x|^2/(2\,{sp.latex(sg)}^2)}}"
        ftext = f"exp(-|x|²/(2σ²)), σ = {sp.sstr(sg)}"
        rf_source = "radial_radon: Abel-type integral; " + _BY_SYMPY
        slice_source = _BY_SYMPY + ": product of d one-dimensional transforms"
    else:
        raise InputError(f"unknown family {family!r}; use 'gaussian' or 'radial_gaussian'")
    if lhs.has(sp.Integral):
        raise NoClosedForm("SymPy could not transform Rf(u, .)", step="fourier_slice")
    lhs = sp.simplify(lhs)
    rhs = sp.simplify(rhs)
    C = sp.simplify(sp.powsimp(lhs / rhs, force=True))
    holds = bool(C.free_symbols == set() and sp.simplify(C - ff ** (1 - d)) == 0)
    steps = (DerivationStep("test_function", "test function " + ftext, latex=rf"test function ${fdesc}$"),
             DerivationStep("radon_transform", "Radon transform", sp.Eq(sp.Symbol("Rf(u,t)"), Rf), source=rf_source),
             DerivationStep("transform_in_t", "1-D transform in t",
                            sp.Eq(sp.Symbol(r"\mathcal{F}_t[Rf(u,\cdot)](k)"), lhs), source=_BY_SYMPY),
             DerivationStep("transform_on_slice", "d-D transform on the slice",
                            sp.Eq(sp.Symbol(r"\hat f(k u)"), rhs), source=slice_source),
             DerivationStep("fourier_slice", "ratio", C, source="SymPy simplify of the ratio of the two transforms"))
    result = sp.Eq(sp.Symbol(r"\mathcal{F}_t[Rf(u,\cdot)](k)"), C * sp.Symbol(r"\hat f(k u)"))
    return FourierSliceDerivation(steps, result, holds, C, conv, family, d)


# ----------------------------------------------------------------------------------------------
# Ramp filter, inversion constant, back-projection
# ----------------------------------------------------------------------------------------------
class RampFilter(_Derivation):
    title = "Ramp filter"


def ramp_filter(d: int) -> RampFilter:
    """Λ^{d-1} (multiplier |ω|^{d-1}) as a derivative (odd d) or Hilbert ∘ derivative (even d).

    Checked symbolically on ω > 0 and ω < 0: ∂_t has multiplier iω (angular convention) and H has
    multiplier -i sgn ω, so for odd d (-1)^{(d-1)/2}(iω)^{d-1} = |ω|^{d-1}, and for even d
    (-1)^{(d-2)/2}(-i sgn ω)(iω)^{d-1} = |ω|^{d-1}.
    """
    d = check_dim(d, lo=2)
    wp = sp.Symbol("w", positive=True)
    target = lambda w: sp.Abs(w) ** (d - 1)  # noqa: E731
    if d % 2:
        sign = (-1) ** ((d - 1) // 2)
        mult = lambda w: sign * (sp.I * w) ** (d - 1)  # noqa: E731
        form = rf"\Lambda^{{{d - 1}}} = {'' if sign > 0 else '-'}\partial_t^{{{d - 1}}}"
        local = True
    else:
        sign = (-1) ** ((d - 2) // 2)
        mult = lambda w: sign * (-sp.I * sp.sign(w)) * (sp.I * w) ** (d - 1)  # noqa: E731
        form = rf"\Lambda^{{{d - 1}}} = {'' if sign > 0 else '-'}H\,\partial_t^{{{d - 1}}}"
        local = False
    ok = all(sp.simplify(mult(w) - target(w)) == 0 for w in (wp, -wp))
    steps = (DerivationStep("symbols", "symbols: F[∂_t g] = iω ĝ, F[Hg] = -i sgn(ω) ĝ, Hg(t) = (1/π) p.v. ∫ g(s)/(t-s) ds",
                            latex=r"symbols $\widehat{\partial_t g} = i\omega\,\hat g,\ \widehat{Hg} = -i\,\mathrm{sgn}"
                                  r"(\omega)\,\hat g,\ Hg(t) = \tfrac1\pi\,\mathrm{p.v.}\!\int \tfrac{g(s)}{t-s}ds$",
                            source="differentiation rule of the Fourier transform; multiplier of the Hilbert transform"),
             DerivationStep("operator_multiplier", "multiplier of the operator", mult(omega)),
             DerivationStep("ramp_filter", "equals", target(omega),
                            source="SymPy simplify on ω > 0 and ω < 0"))
    rf = RampFilter(steps, form, ok, {"d": d, "local": local, "sign": sign})
    rf.d, rf.local, rf.sign = d, local, sign
    return rf


def gamma_d(d: int, convention=None) -> sp.Expr:
    """γ_d = c_d ff^{d-1} / (2 c_1) of g = γ_d R* Λ^{d-1} R g, exactly, for any d >= 1 (the one
    symbolic home of the constant; :func:`inversion_constant` gives it with its derivation).
    Angular convention: 1/(2 (2π)^{d-1})."""
    d = check_dim(d)
    conv = get_convention(convention) if convention is not None else ANGULAR
    return sp.simplify(conv.inverse_factor(d) * conv.forward_factor ** (d - 1) / (2 * conv.inverse_factor(1)))


class InversionConstant(_Derivation):
    title = "Inversion constant"


def inversion_constant(d: int, convention=None) -> InversionConstant:
    """γ_d with f = γ_d R* Λ_c^{d-1} R f, Λ_c the multiplier |k|^{d-1} in the convention's variable k.

    Derivation: f(x) = c_d ∫ F_c f(ξ) e^{-ibξ·x} dξ (c_d = inverse_factor(d)); polar coordinates
    cover R^d twice, ∫_{R^d} G = ½ ∫_{S^{d-1}} ∫_R G(ku) |k|^{d-1} dk du; Fourier slice
    F_c f(ku) = ff^{d-1} F_t,c[Rf(u,·)](k); and the 1-D inverse ∫ ĝ |k|^{d-1} e^{-ibkt} dk = Λ_c g / c_1.
    Hence γ_d = c_d ff^{d-1} / (2 c_1).  Angular: 1/(2 (2π)^{d-1}).
    """
    d = check_dim(d, lo=2)
    conv = get_convention(convention) if convention is not None else ANGULAR
    cd = conv.inverse_factor(d)
    c1 = conv.inverse_factor(1)
    ff = conv.forward_factor
    gamma = gamma_d(d, conv)
    where = f"convention {conv.name}"
    steps = (DerivationStep("inverse_factor", "inverse transform constant c_d", cd, source=where),
             DerivationStep("inverse_factor", "c_1", c1, source=where),
             DerivationStep("forward_factor", "forward factor", ff, source=where),
             DerivationStep("polar_double_cover",
                            "polar double cover: ∫_{R^d} G = ½ ∫_{S^{d-1}} ∫_R G(ku) |k|^{d-1} dk du",
                            latex=r"polar double cover $\int_{\mathbb R^d} G = \tfrac12\int_{S^{d-1}}\int_{\mathbb R}"
                                  r" G(ku)|k|^{d-1}dk\,du$", source="polar coordinates"),
             DerivationStep("inversion_constant", "gamma = c_d ff^{d-1} / (2 c_1)", gamma,
                            latex=r"$\gamma_d = c_d\,\mathrm{ff}^{d-1} / (2 c_1)$",
                            source=_SLICE_SOURCE + " and the 1-D inverse transform"))
    ic = InversionConstant(steps, sp.Eq(sp.Symbol(f"gamma_{d}"), gamma), True, {"d": d, "convention": conv.name})
    ic.gamma, ic.d, ic.convention = gamma, d, conv
    return ic


def radial_backprojection(phi, d: int) -> sp.Expr:
    """R*φ(x) for φ(u, t) = φ(t) (a SymPy expr in :data:`t`), as a function of :data:`r` = |x|.

    Funk-Hecke: ∫_{S^{d-1}} φ(u·x) du = |S^{d-2}| ∫_{-1}^{1} φ(r z) (1 - z²)^{(d-3)/2} dz.
    """
    d = check_dim(d, lo=2)
    integrand = sp.sympify(phi).subs(t, r * _z) * (1 - _z**2) ** sp.Rational(d - 3, 2)
    res = sp.integrate(integrand, (_z, -1, 1), conds="none")
    if res.has(sp.Integral):
        raise NoClosedForm("SymPy could not evaluate the Funk-Hecke integral", step="radial_backprojection")
    return sp.simplify(sphere_area(d - 1) * res)


theta = sp.Symbol("theta", real=True)
x1, x2 = sp.symbols("x1 x2", real=True)


def backprojection_2d(phi) -> sp.Expr:
    """R*φ(x) = ∫_0^{2π} φ(θ, x·u(θ)) dθ in d = 2, u(θ) = (cos θ, sin θ), for φ a SymPy expression
    in :data:`theta` and :data:`t`; the result is in :data:`x1`, :data:`x2` (NoClosedForm if SymPy
    cannot evaluate the θ integral)."""
    ph = sp.sympify(phi)
    integrand = ph.subs(t, x1 * sp.cos(theta) + x2 * sp.sin(theta))
    res = sp.integrate(sp.expand(integrand), (theta, 0, 2 * sp.pi))
    if res.has(sp.Integral):
        raise NoClosedForm("SymPy could not evaluate the back-projection integral", step="backprojection_2d")
    return sp.simplify(res)


def radial_round_trip(d: int, sigma=1) -> sp.Expr:
    """γ_d R* Λ^{d-1} R f for f = exp(-r²/(2σ²)) in odd d (local Λ), simplified; should equal f."""
    d = check_dim(d, lo=2)
    if d % 2 == 0:
        raise InputError("radial_round_trip is symbolic only in odd d (local ramp filter)")
    Rf = radial_gaussian_radon(d, sigma)
    rf = ramp_filter(d)
    lam = rf.sign * sp.diff(Rf, t, d - 1)
    back = radial_backprojection(lam, d)
    return sp.simplify(inversion_constant(d).gamma * back)
