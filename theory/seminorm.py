"""The kernel-regime implicit bias as an activation-specific spectral seminorm (THEORY.md §3, §4).

For an activation σ with generalized transform σ̂ (angular convention) and input dimension d:

    ‖g‖²_σ = C_d/ζ₀ ∫_{ℝ^d} |ĝ(ξ)|² W_σ(|ξ|) dξ,      W_σ(ω) = |ω|^{d-1} / |σ̂(ω)|²,

and in the Radon domain ‖g‖²_σ = ∫∫ |c(u,τ)|²/ζ(u,τ) dτ du with c = γ_d 𝒟_σ Λ^{d-1} R g.

C_d follows from the constants: Plancherel in τ gives ∫|c|² dτ = (1/2π)∫|ĉ|² dω with
ĉ(u, ω) = γ_d |ω|^{d-1} ĝ(ωu)/σ̂(ω), and the polar double cover
∫_S ∫_ℝ F(ωu)|ω|^{d-1} dω du = 2 ∫ F(ξ) dξ then gives C_d = γ_d²/π.  All 2π's come from
:mod:`theory.conventions`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import sympy as sp

from specbias.core.activations import T, Activation
from specbias.core.conventions import ANGULAR, get_convention
from specbias.core.errors import DegenerateSeminorm, NoClosedForm
from .fourier import OMEGA, GeneralizedTransform, fourier_transform
from .radon import gamma_d
from specbias.core.report import Report
from specbias.core.validate import check_dim

__all__ = ["radon_inversion_constant", "seminorm_constant", "SpectralWeight", "spectral_weight",
           "hyperplane_density", "random_scale_spectrum", "design_activation", "INIT_LAWS"]

RHO = sp.Symbol("rho", positive=True)
TAU = sp.Symbol("tau", real=True)
XI = sp.Symbol("xi", positive=True)


def radon_inversion_constant(d: int) -> sp.Expr:
    """γ_d in f = γ_d R* Λ^{d-1} R f, from the angular inverse factor (2π)^{-d}:
    f(x) = (2π)^{-d} ∫ f̂ e^{iξx} dξ = (2π)^{-d}·½·2π ∫_S Λ^{d-1}Rf(u, u·x) du.
    The one symbolic home of γ_d is :func:`specbias.theory.radon.gamma_d` (angular here)."""
    return gamma_d(d, ANGULAR)


def seminorm_constant(d: int, convention=None) -> sp.Expr:
    """C_d with ‖g‖² = C_d/ζ₀ ∫ |ĝ(k)|² W(|k|) dk, in the given convention (ĝ and W both in it)."""
    d = check_dim(d)
    c_ang = sp.simplify(radon_inversion_constant(d) ** 2 / sp.pi)
    conv = get_convention(convention)
    if conv == ANGULAR:
        return c_ang
    # ĝ_conv(k) = c^d ĝ_ang(λk), σ̂_conv(k) = c σ̂_ang(λk), W_conv(k) = W_ang(|λ|k)|λ|^{1-d}/c²
    lam, c = sp.Abs(conv.angular_scale), conv.forward_factor
    return sp.simplify(c_ang * lam ** (2 * d - 1) * c ** (2 - 2 * d))


def _asymptotic(expr: sp.Expr, point) -> sp.Expr:
    """Leading term of W as ω → 0+ or ω → ∞: c ω^p, or c ω^p e^{aω² + bω} at infinity.

    The exponent is the limit of the logarithmic derivative ω W'/W."""
    side = "+" if point == 0 else "-"
    if point == sp.oo and expr.has(sp.exp, sp.sinh, sp.cosh, sp.tanh):
        return _exp_leading(sp.simplify(expr.rewrite(sp.exp)))
    logder = sp.simplify(OMEGA * sp.diff(expr, OMEGA) / expr)
    p = sp.limit(logder, OMEGA, point, side)
    if p.is_finite:
        c = sp.limit(expr / OMEGA ** p, OMEGA, point, side)
        if c.is_finite and c != 0:
            return sp.simplify(c * OMEGA ** p)
    if point == sp.oo:
        return _exp_leading(sp.simplify(expr.rewrite(sp.exp)))
    raise NoClosedForm(f"no power-law leading term of {expr} at ω → {point}", step="asymptotics")


def _exp_leading(ex: sp.Expr) -> sp.Expr:
    """Leading term of an expression growing like c ω^p e^{aω² + bω}."""
    logder = sp.simplify(OMEGA * sp.diff(ex, OMEGA) / ex)      # ~ 2aω² + bω + p
    a = sp.limit(logder / OMEGA ** 2, OMEGA, sp.oo) / 2
    b = sp.limit((logder - 2 * a * OMEGA ** 2) / OMEGA, OMEGA, sp.oo)
    p = sp.limit(logder - 2 * a * OMEGA ** 2 - b * OMEGA, OMEGA, sp.oo)
    if not (a.is_finite and b.is_finite and p.is_finite):
        raise NoClosedForm(f"cannot find the leading term of {ex}", step="asymptotics")
    c = sp.limit(ex * sp.exp(-a * OMEGA ** 2 - b * OMEGA) / OMEGA ** p, OMEGA, sp.oo)
    if not (c.is_finite and c != 0):
        raise NoClosedForm(f"cannot find the leading term of {ex}", step="asymptotics")
    return sp.simplify(c * OMEGA ** p * sp.exp(a * OMEGA ** 2 + b * OMEGA))


@dataclass(frozen=True)
class SpectralWeight(Report):
    """W_σ,d(ω) and everything the issue asks to know about it."""

    transform: GeneralizedTransform
    dim: int
    weight: sp.Expr            # W(ω), ω > 0, angular
    constant: sp.Expr          # C_d (angular)
    low: sp.Expr               # leading behaviour ω → 0
    high: sp.Expr              # leading behaviour ω → ∞
    null_space_degree: int     # -1 none, 0 constants, 1 affine, k polynomials of degree k
    radon_operator: str        # 𝒟_σ as text
    radon_operator_latex: str
    kernel_spectrum: sp.Expr   # k̂(ω) ∝ ω^{1-d}|σ̂|² = 1/W
    homogeneity: object = None  # degree p of W(ω) = c ω^p, or None
    _cache: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def activation(self) -> Activation:
        return self.transform.activation

    def evaluate(self, omega):
        import numpy as np

        if "f" not in self._cache:
            self._cache["f"] = sp.lambdify(OMEGA, self.weight, modules=["scipy", "numpy"])
        w = np.abs(np.asarray(omega, dtype=np.float64))
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            return np.asarray(self._cache["f"](w), dtype=np.float64) * np.ones_like(w)

    def null_space_text(self) -> str:
        return {-1: "trivial (no free functions)", 0: "constants", 1: "affine functions"}.get(
            self.null_space_degree, f"polynomials of degree ≤ {self.null_space_degree}")

    def to_text(self) -> str:
        return "\n".join([
            f"activation    : {self.activation.name}    σ(t) = {sp.sstr(self.activation.expr)}",
            f"dimension     : d = {self.dim}",
            f"convention    : {self.transform.convention.describe()}",
            f"σ̂(ω), ω > 0  : {sp.sstr(self.transform.regular)}   ({self.transform.regularization})",
            f"W_σ,d(ω)      : {sp.sstr(self.weight)}",
            f"C_d           : {sp.sstr(self.constant)}",
            f"ω → 0         : W ~ {sp.sstr(self.low)}",
            f"ω → ∞         : W ~ {sp.sstr(self.high)}",
            f"null space    : {self.null_space_text()} (pole of order {self.transform.pole_order} of σ̂ at 0)",
            f"Radon operator: 𝒟_σ = {self.radon_operator}",
            f"kernel        : k̂(ξ) ∝ |ξ|^(1-d)|σ̂(|ξ|)|² = {sp.sstr(self.kernel_spectrum)}; "
            "residual decay rate at frequency ξ ∝ k̂(ξ)",
        ])

    def to_latex(self) -> str:
        return (rf"W_{{\sigma,{self.dim}}}(\omega) = \frac{{|\omega|^{{{self.dim - 1}}}}}{{|\hat\sigma(\omega)|^2}}"
                rf" = {sp.latex(self.weight)},\quad C_{self.dim} = {sp.latex(self.constant)}"
                rf"\qquad\text{{for }}\sigma(t)={sp.latex(self.activation.expr)};\ "
                + self.transform.convention.definition_latex())

    def to_json(self) -> dict:
        return {
            "activation": self.activation.name,
            "expression": sp.sstr(self.activation.expr),
            "dim": self.dim,
            "convention": self.transform.convention.to_json(),
            "transform": sp.sstr(self.transform.regular.subs(OMEGA, sp.Symbol("omega"))),
            "weight": sp.sstr(self.weight.subs(OMEGA, sp.Symbol("omega"))),
            "constant": sp.sstr(self.constant),
            "null_space_degree": int(self.null_space_degree),
            "null_space": self.null_space_text(),
            "low_frequency": sp.sstr(self.low.subs(OMEGA, sp.Symbol("omega"))),
            "high_frequency": sp.sstr(self.high.subs(OMEGA, sp.Symbol("omega"))),
            "radon_operator": self.radon_operator,
            "kernel_spectrum": sp.sstr(self.kernel_spectrum.subs(OMEGA, sp.Symbol("omega"))),
            "weight_homogeneity": None if self.homogeneity is None else str(self.homogeneity),
        }


def _abs2(expr: sp.Expr) -> sp.Expr:
    """|expr|² for ω > 0, simplified."""
    num, den = sp.fraction(sp.together(expr))
    e = sp.expand_complex(num * sp.conjugate(num)) / sp.expand_complex(den * sp.conjugate(den))
    e = sp.factor_terms(sp.powsimp(sp.expand_complex(sp.powsimp(e))))
    return sp.simplify(e)


def _radon_operator(gt: GeneralizedTransform):
    """𝒟_σ: multiplier 1/σ̂(ω) along t; a derivative when σ̂ = c/(iω)^n."""
    R = gt.regular
    for n in range(0, 8):
        c = sp.simplify(R * (I_ * OMEGA) ** n)
        if not c.has(OMEGA) and c != 0:
            if n == 0:
                return f"multiplication by {sp.sstr(1 / c)}", sp.latex(1 / c)
            coef = sp.simplify(1 / c)
            text = (f"{sp.sstr(coef)} * " if coef != 1 else "") + f"∂_t^{n}"
            lat = (sp.latex(coef) if coef != 1 else "") + rf"\partial_t^{{{n}}}"
            return text, lat
    return (f"Fourier multiplier 1/σ̂(ω) = {sp.sstr(sp.simplify(1 / R))} along t",
            rf"\mathcal F_t^{{-1}}\Big[{sp.latex(sp.simplify(1 / R))}\,\mathcal F_t[\cdot]\Big]")


I_ = sp.I


def _power_homogeneity(W: sp.Expr):
    p = sp.simplify(OMEGA * sp.diff(W, OMEGA) / W)
    return p if not p.has(OMEGA) else None


@functools.lru_cache(maxsize=256)
def _weight_cached(gt: GeneralizedTransform, d: int) -> SpectralWeight:
    if gt.regular == 0:
        raise DegenerateSeminorm(
            f"σ̂ of {gt.activation.name!r} vanishes for every ω ≠ 0 except on a finite set "
            f"(point masses at {', '.join(sp.sstr(s.location) for s in gt.singular)}): W = ω^(d-1)/|σ̂|² is "
            "infinite almost everywhere, so the kernel regime is a random-features model whose bias is set by "
            "the law of the first-layer weights (W ∝ 1/p_W), not by σ")
    abs2 = _abs2(gt.regular)
    W = sp.simplify(OMEGA ** (d - 1) / abs2)
    op, op_latex = _radon_operator(gt)
    null_deg = gt.pole_order - 1
    kernel = sp.simplify(1 / W)
    return SpectralWeight(transform=gt, dim=d, weight=W, constant=seminorm_constant(d),
                          low=_asymptotic(W, 0), high=_asymptotic(W, sp.oo),
                          null_space_degree=null_deg, radon_operator=op, radon_operator_latex=op_latex,
                          kernel_spectrum=kernel, homogeneity=_power_homogeneity(W))


def spectral_weight(activation, dim: int, **params) -> SpectralWeight:
    """W_σ,d for a catalogue name, expression or Activation, in the angular convention."""
    d = check_dim(dim)
    gt = activation if isinstance(activation, GeneralizedTransform) else fourier_transform(activation, **params)
    if gt.convention != ANGULAR:
        gt = gt.in_convention(ANGULAR)
    return _weight_cached(gt, d)


# --------------------------------------------------------------------------------------------
# Hyperplane density, random scale, design
# --------------------------------------------------------------------------------------------
SIGMA_W = sp.Symbol("sigma_w", positive=True)
SIGMA_B = sp.Symbol("sigma_b", positive=True)
BETA = sp.Symbol("beta", positive=True)


def _gaussian_law(d):
    """w ~ N(0, σ_w² I_d), b ~ N(0, σ_b²): the density at (w = ρu, b)."""
    b = sp.Symbol("b", real=True)
    p = (2 * sp.pi * SIGMA_W ** 2) ** sp.Rational(-d, 2) * sp.exp(-RHO ** 2 / (2 * SIGMA_W ** 2)) \
        * (2 * sp.pi * SIGMA_B ** 2) ** sp.Rational(-1, 2) * sp.exp(-b ** 2 / (2 * SIGMA_B ** 2))
    return p, b


def _uniform_law(d):
    """w uniform in the unit ball of ℝ^d, b uniform on [-β, β]."""
    b = sp.Symbol("b", real=True)
    vol = sp.pi ** sp.Rational(d, 2) / sp.gamma(sp.Rational(d, 2) + 1)
    p = sp.Heaviside(1 - RHO) / vol * sp.Heaviside(BETA - sp.Abs(b)) / (2 * BETA)
    return p, b


INIT_LAWS = {"gaussian": _gaussian_law, "uniform": _uniform_law}


def hyperplane_density(law: str, dim: int, homogeneity: int = 1) -> sp.Expr:
    """ζ(u, τ) = ∫_0^∞ ρ^{2k+d} p_{W,B}(ρu, -ρτ) dρ for a rotation-invariant law (THEORY.md §3)."""
    d = check_dim(dim)
    if law not in INIT_LAWS:
        raise NoClosedForm(f"unknown initialization law {law!r}; known: {sorted(INIT_LAWS)}", step="hyperplane_density")
    p, b = INIT_LAWS[law](d)
    integrand = RHO ** (2 * homogeneity + d) * p.subs(b, -RHO * TAU)
    if law == "uniform":
        # support: ρ < 1 and ρ|τ| < β  ->  ρ < min(1, β/|τ|)
        upper = sp.Min(1, BETA / sp.Abs(TAU))
        core = sp.simplify(integrand.subs({sp.Heaviside(1 - RHO): 1}).replace(
            lambda e: isinstance(e, sp.Heaviside), lambda e: sp.S(1)))
        val = sp.integrate(core, (RHO, 0, upper))
    else:
        val = sp.integrate(integrand, (RHO, 0, sp.oo), conds="none")
    if val.has(sp.Integral):
        raise NoClosedForm(f"cannot integrate the hyperplane density for law {law!r}", step="hyperplane_density")
    return sp.simplify(val)


def random_scale_spectrum(activation, q: sp.Expr, rho=RHO) -> sp.Expr:
    """K(ω) = ∫_0^∞ q(ρ) ρ^{-2} |σ̂(ω/ρ)|² dρ for a first-layer scale law q(ρ) (THEORY.md §3)."""
    gt = fourier_transform(activation)
    abs2 = _abs2(gt.regular)
    integrand = q.subs(rho, RHO) * RHO ** -2 * abs2.subs(OMEGA, OMEGA / RHO)
    val = sp.integrate(sp.simplify(integrand), (RHO, 0, sp.oo), conds="none")
    if val.has(sp.Integral):
        raise NoClosedForm("SymPy cannot integrate the random-scale spectrum in closed form", step="random_scale")
    return sp.simplify(val)


def _first_nonzero_derivative_at_0(expr: sp.Expr, max_order: int = 16):
    """σ^{(j)}(0+) for the first j with a non-zero value (its sign is the sign of σ near 0+); 0
    if the first ``max_order`` derivatives all vanish."""
    f = expr
    for _ in range(max_order + 1):
        v = sp.limit(f, T, 0, "+")
        if v != 0:
            return v
        f = sp.diff(f, T)
    return sp.S(0)


def design_activation(penalty: sp.Expr, dim: int = 1, phase: str = "causal") -> Activation:
    """σ with W_σ,d = P, for P(ω) a polynomial in ω (THEORY.md §4).

    |σ̂(ω)|² = ω^{d-1}/P(ω) for ω > 0.  With phase 'causal' σ̂ is the spectral factor with all
    poles in the upper half-plane (σ supported on t ≥ 0 up to null-space polynomials); the
    inverse transform is taken by residues (t > 0) and the distributional rule
    F^{-1}[1/(iω)^n] = t^{n-1}H(t)/(n-1)! for poles at ω = 0.
    """
    d = check_dim(dim)
    w = sp.Symbol("w")
    P = sp.expand(sp.sympify(penalty).subs(OMEGA, w).subs(sp.Symbol("omega"), w))
    if not P.is_polynomial(w):
        raise NoClosedForm("design_activation needs a polynomial penalty P(ω)", step="design")
    if d % 2 == 0:
        raise NoClosedForm("design for even d needs |ω|^{(d-1)/2}, which is not rational", step="design")
    target = sp.cancel(w ** (d - 1) / P)           # |σ̂|² as a rational function of w
    num, den = sp.fraction(target)
    npoly = sp.Poly(num, w)
    if npoly.degree() % 2 or npoly.as_expr() != npoly.LC() * w ** npoly.degree():
        raise NoClosedForm("design supports |σ̂|² = c ω^{2m}/Q(ω) only", step="design")
    m_num = npoly.degree() // 2
    c = npoly.LC()
    roots = sp.roots(sp.Poly(den, w))
    if sum(roots.values()) != sp.degree(den, w):
        raise NoClosedForm("cannot factor the penalty", step="design")
    # spectral factor: σ̂(ω) = sqrt(c/lc) / Π (ω - z_k) over roots with Im z ≥ 0, half of the real ones;
    # causal: poles of σ̂ in the upper half plane  <=>  σ supported on t > 0
    lc = sp.Poly(den, w).LC()
    factor = sp.S(1)
    for z0, m in roots.items():
        if sp.im(z0) > 0:
            factor *= (w - z0) ** m
        elif sp.im(z0) == 0:
            if m % 2:
                raise NoClosedForm("real root of odd multiplicity in the penalty", step="design")
            factor *= (w - z0) ** (m // 2)
    # normalize so that |σ̂|² = c/den: |factor|² = den/lc on the real line
    sig_hat = sp.sqrt(c / lc) / factor
    if phase != "causal":
        raise NoClosedForm(f"unknown phase choice {phase!r} (only 'causal')", step="design")
    # choose the overall unimodular constant so that σ is real: multiply by i^m with m = #roots at 0
    m0 = roots.get(sp.S(0), 0) // 2
    sig_hat = sp.simplify(sig_hat * (sp.I) ** (sp.degree(factor, w)) * (sp.I * w) ** m_num)
    if sp.degree(sp.fraction(sp.cancel(sig_hat))[0], w) >= sp.degree(sp.fraction(sp.cancel(sig_hat))[1], w):
        raise NoClosedForm("designed σ̂ does not decay: σ would not be a function", step="design")
    # inverse transform for t > 0: σ(t) = (1/2π) ∫ σ̂(ω) e^{iωt} dω = i Σ_{Im z>0} Res[σ̂ e^{iωt}]
    # (poles at 0 handled by the regularization t^{n-1}H(t)/(n-1)!, i.e. half-residue + δ terms)
    tt = sp.Symbol("t_", positive=True)
    total = sp.S(0)
    for z0, m in roots.items():
        if sp.im(z0) > 0 or (sp.im(z0) == 0 and z0 != 0):
            mult = m if sp.im(z0) > 0 else m // 2
            h = sp.cancel(sig_hat * (w - z0) ** mult) * sp.exp(sp.I * w * tt)
            total += sp.I * sp.diff(h, w, mult - 1).subs(w, z0) / sp.factorial(mult - 1)
    if m0:
        # pole of order m0 at 0: contributes like 1/(iω)^{m0} -> t^{m0-1}/(m0-1)! on t>0
        h = sp.cancel(sig_hat * w ** m0) * sp.exp(sp.I * w * tt)
        # causal choice: the pole at 0 is taken as the limit from the upper half plane, so it
        # contributes its full residue for t > 0
        total += sp.I * sp.diff(h, w, m0 - 1).subs(w, 0) / sp.factorial(m0 - 1)
    sigma_t = sp.simplify(sp.expand_complex(total))
    if sp.simplify(sp.im(sigma_t)) != 0:
        raise NoClosedForm(f"designed σ is not real: {sigma_t}", step="design")
    expr = sp.simplify(sp.re(sigma_t)).subs(tt, T)
    if _first_nonzero_derivative_at_0(expr) < 0:
        expr = -expr  # the overall sign is part of the free phase: pick σ ≥ 0 near t = 0+
    expr = expr * sp.Heaviside(T)
    return Activation(name=f"designed[P={sp.sstr(P.subs(w, sp.Symbol('omega')))}, d={d}]", expr=expr,
                      description=f"designed so that W_σ,{d}(ω) = {sp.sstr(P)}", latex_name=r"\sigma_P")
