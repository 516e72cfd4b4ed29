"""Fourier conventions: the one place where factors of 2π live.

A convention is the pair (a, b) of Mathematica's ``FourierParameters``:

    F_{a,b}[f](k) = sqrt(|b| / (2π)^(1-a)) ∫ f(t) exp(i b k t) dt .

* angular   (1, -1):   f̂(ω) = ∫ f(t) e^{-iωt} dt           (the default)
* ordinary  (0, -2π):  f̂(ξ) = ∫ f(t) e^{-2πiξt} dt         (SymPy's own convention)
* unitary   (0, -1):   f̂(ω) = (2π)^{-1/2} ∫ f(t) e^{-iωt} dt
* mathematica (0, 1):  f̂(ω) = (2π)^{-1/2} ∫ f(t) e^{+iωt} dt

Everything in :mod:`theory` is derived in the angular convention and converted on the way
out with :meth:`FourierConvention.from_angular`.  The converters assume that the function
being transformed is real, so that f̂(-ω) = conj f̂(ω) in the angular convention; every
activation in specbias is real (this is enforced by the catalogue).
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from .errors import ConventionError, SpecbiasError

__all__ = [
    "FourierConvention",
    "ANGULAR",
    "ORDINARY",
    "UNITARY",
    "MATHEMATICA",
    "SYMPY",
    "NAMED",
    "get_convention",
    "TWO_PI",
]

#: The only spelling of 2π in the package.
TWO_PI = 2 * sp.pi


@dataclass(frozen=True)
class FourierConvention:
    """The Fourier convention (a, b); see the module docstring."""

    a: sp.Expr
    b: sp.Expr
    name: str = ""

    def __post_init__(self):
        a = sp.nsimplify(sp.sympify(self.a), [sp.pi], rational=True)
        b = sp.nsimplify(sp.sympify(self.b), [sp.pi], rational=True)
        if not (a.is_real and b.is_real) or b == 0:
            raise ConventionError(f"Fourier convention needs real a and non-zero real b, got ({a}, {b})")
        object.__setattr__(self, "a", a)
        object.__setattr__(self, "b", b)
        if not self.name:
            object.__setattr__(self, "name", f"({a}, {b})")

    # -- the defining constants -------------------------------------------------------------
    @property
    def forward_factor(self) -> sp.Expr:
        """sqrt(|b|/(2π)^(1-a)), the constant in front of the forward integral (one dimension)."""
        return sp.sqrt(sp.Abs(self.b) / TWO_PI ** (1 - self.a))

    def inverse_factor(self, d: int = 1) -> sp.Expr:
        """Constant in f(x) = c_d ∫ f̂(k) e^{-i b k·x} dk (d dimensions)."""
        return (sp.Abs(self.b) / TWO_PI ** (1 + self.a)) ** sp.Rational(d, 2)

    def plancherel(self, d: int = 1) -> sp.Expr:
        """P_d with ∫|f|² dx = P_d ∫|f̂|² dk."""
        return TWO_PI ** (-self.a * d)

    @property
    def angular_scale(self) -> sp.Expr:
        """λ with F_{a,b}[f](k) = forward_factor · F_angular[f](λ k);  λ = -b."""
        return -self.b

    # -- conversions ------------------------------------------------------------------------
    def from_angular_regular(self, expr: sp.Expr, omega: sp.Symbol, k: sp.Symbol) -> sp.Expr:
        """Regular part in this convention at k > 0, from the angular regular part at ω > 0.

        ``omega`` must be a positive symbol.  For a real function the angular transform at
        negative frequency is the complex conjugate, which is used when λ = -b < 0.
        """
        lam = self.angular_scale
        out = expr.subs(omega, sp.Abs(lam) * k)
        if lam.is_negative:
            out = sp.conjugate(out)
        return self.forward_factor * out

    def to_angular_regular(self, expr: sp.Expr, k: sp.Symbol, omega: sp.Symbol) -> sp.Expr:
        """Inverse of :meth:`from_angular_regular` (``k`` must be a positive symbol)."""
        lam = self.angular_scale
        out = expr.subs(k, omega / sp.Abs(lam)) / self.forward_factor
        if lam.is_negative:
            out = sp.conjugate(out)
        return out

    def from_angular_delta(self, location, order: int, coefficient):
        """Map c·δ^{(j)}(ω - ω₀) (angular) to (location, order, coefficient) in this convention.

        With ω = λk: δ^{(j)}(λk - ω₀) = λ^{-j} |λ|^{-1} δ^{(j)}(k - ω₀/λ).
        """
        lam = self.angular_scale
        coeff = self.forward_factor * coefficient * lam ** (-order) / sp.Abs(lam)
        return sp.simplify(sp.sympify(location) / lam), order, sp.simplify(coeff)

    def to_angular_delta(self, location, order: int, coefficient):
        lam = self.angular_scale
        coeff = coefficient * lam ** order * sp.Abs(lam) / self.forward_factor
        return sp.simplify(sp.sympify(location) * lam), order, sp.simplify(coeff)

    # -- presentation -----------------------------------------------------------------------
    def definition_latex(self, var: str = r"\omega") -> str:
        """The forward transform written out, to be printed beside every formula."""
        f = sp.latex(sp.simplify(self.forward_factor))
        pre = "" if f == "1" else f + r"\,"
        k, t = sp.Symbol("KVAR"), sp.Symbol("t")
        expo = sp.latex(sp.I * self.b * k * t).replace("KVAR", var + " ")
        return (rf"\hat\sigma({var}) = {pre}\int_{{-\infty}}^{{\infty}} \sigma(t)\, e^{{{expo}}}\,dt"
                rf"\quad\text{{(convention {self.name}: $(a,b)=({sp.latex(self.a)},{sp.latex(self.b)})$)}}")

    def describe(self) -> str:
        f = sp.simplify(self.forward_factor)
        expo = sp.sstr(sp.I * self.b * sp.Symbol("ω") * sp.Symbol("t"))
        return (f"{self.name} convention (a, b) = ({self.a}, {self.b}): "
                f"σ̂(ω) = {'' if f == 1 else sp.sstr(f) + ' · '}∫ σ(t) exp({expo}) dt")

    def to_json(self) -> dict:
        return {"name": self.name, "a": str(self.a), "b": str(self.b),
                "a_float": float(self.a), "b_float": float(self.b)}


ANGULAR = FourierConvention(1, -1, "angular")
ORDINARY = FourierConvention(0, -TWO_PI, "ordinary")
UNITARY = FourierConvention(0, -1, "unitary")
MATHEMATICA = FourierConvention(0, 1, "mathematica")
SYMPY = FourierConvention(0, -TWO_PI, "sympy")

NAMED = {c.name: c for c in (ANGULAR, ORDINARY, UNITARY, MATHEMATICA, SYMPY)}


def get_convention(spec) -> FourierConvention:
    """A convention from a name ('angular', 'ordinary', 'sympy', 'unitary', 'mathematica'),
    a string 'a,b' (SymPy syntax, e.g. '0,-2*pi'), a pair, or a FourierConvention."""
    if isinstance(spec, FourierConvention):
        return spec
    if spec is None:
        return ANGULAR
    if isinstance(spec, (tuple, list)) and len(spec) == 2:
        return FourierConvention(*spec)
    if isinstance(spec, str):
        key = spec.strip().lower()
        if key in NAMED:
            return NAMED[key]
        parts = [p for p in key.replace("(", "").replace(")", "").split(",")]
        if len(parts) == 2:
            try:
                from .parse import parse_number  # whitelist grammar: user text is never evaluated

                a, b = (parse_number(p) for p in parts)
            except SpecbiasError as exc:
                raise ConventionError(f"cannot parse convention {spec!r}: {exc}") from None
            if a.free_symbols or b.free_symbols:
                raise ConventionError(f"convention {spec!r} must be numeric")
            return FourierConvention(a, b)
    raise ConventionError(
        f"unknown Fourier convention {spec!r}; use one of {sorted(NAMED)} or 'a,b' such as '0,-2*pi'")
