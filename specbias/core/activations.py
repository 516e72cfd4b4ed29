"""The activation catalogue: activations are data.

Each :class:`Activation` holds a SymPy expression in the real variable ``t`` (:data:`T`),
parameters as SymPy symbols with defaults and domains, and metadata that the test-suite checks
against what the engine derives: homogeneity degree, parity, the polynomial growth at ±∞ and
the pole order of σ̂ at ω = 0 (all as *claimed* in ../shared/THEORY.md).

Adding an activation means adding an entry to :data:`CATALOGUE`; there are no per-activation
code paths anywhere else.  User activations are parsed by :func:`parse_activation` from any
SymPy string in one free variable, in which catalogue names may be used as functions, so that
``"relu(2*t) - 0.5*sigmoid(t - 1)"`` works without being listed.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Mapping

import sympy as sp

from .errors import (
    FreeVariableError,
    NotReal,
    NotTempered,
    ParameterError,
    ParseError,
    UnknownActivation,
)
from .parse import parse_expression, parse_number

__all__ = [
    "T",
    "Parameter",
    "Activation",
    "CATALOGUE",
    "ALIASES",
    "catalogue_names",
    "get_activation",
    "parse_activation",
    "resolve_activation",
    "as_activation",
    "canonicalize",
    "growth",
    "at_infinity",
]

#: The canonical real variable of every activation.
T = sp.Symbol("t", real=True)

H = sp.Heaviside


@dataclass(frozen=True)
class Parameter:
    """A parameter of an activation: its symbol, default and domain."""

    symbol: sp.Symbol
    default: sp.Expr
    domain: str  # human-readable
    check: object = field(compare=False, repr=False, default=None)  # callable(value) -> bool

    def validate(self, value) -> sp.Expr:
        v = _parameter_value(str(self.symbol), value)
        if self.check is not None and not self.check(v):
            raise ParameterError(f"parameter {self.symbol} = {value} is outside its domain {self.domain}")
        return v


@dataclass(frozen=True)
class Activation:
    """A scalar activation σ(t), with metadata.

    ``expr`` may contain the parameter symbols; :meth:`bind` substitutes values (defaults for
    those not given) and returns an activation with a parameter-free expression.
    ``growth`` is the pair (degree at -∞, degree at +∞) of polynomial growth, or None for an
    oscillating σ; ``pole_order`` is the order of the pole of σ̂ at ω = 0 (0 for none).
    """

    name: str
    expr: sp.Expr
    params: tuple = ()
    homogeneity: int | None = None
    parity: str | None = None  # 'even', 'odd' or None
    growth: tuple | None = (0, 0)
    pole_order: int | None = None
    description: str = ""
    latex_name: str = ""
    bound: Mapping = field(default_factory=dict, compare=False)

    @property
    def free_params(self) -> tuple:
        return tuple(p for p in self.params if p.symbol in self.expr.free_symbols)

    def bind(self, **values) -> "Activation":
        known = {str(p.symbol): p for p in self.params}
        for k in values:
            if k not in known:
                raise ParameterError(
                    f"activation {self.name!r} has no parameter {k!r}"
                    + (f"; its parameters are {sorted(known)}" if known else "; it has no parameters"))
        subs, bound = {}, {}
        for name, p in known.items():
            v = p.validate(values[name]) if name in values else p.default
            subs[p.symbol] = v
            bound[name] = v
        expr = self.expr.subs(subs)
        suffix = ",".join(f"{k}={v}" for k, v in bound.items() if k in values)
        name = f"{self.name}({suffix})" if suffix else self.name
        return Activation(name=name, expr=expr, params=(), homogeneity=_bind_meta(self.homogeneity, subs),
                          parity=self.parity, growth=_bind_meta(self.growth, subs),
                          pole_order=_bind_meta(self.pole_order, subs), description=self.description,
                          latex_name=self.latex_name, bound=bound)

    @property
    def is_bound(self) -> bool:
        return not (self.expr.free_symbols - {T})

    def callable(self):
        """A NumPy-vectorized float64 callable of the (bound) expression."""
        return _lambdify_np(self.bind().expr if not self.is_bound else self.expr)

    def latex(self) -> str:
        return sp.latex(self.expr)

    def to_json(self) -> dict:
        return {"name": self.name, "expression": sp.sstr(self.expr),
                "parameters": {k: str(v) for k, v in self.bound.items()},
                "homogeneity": None if self.homogeneity is None else str(self.homogeneity),
                "parity": self.parity, "growth": None if self.growth is None else [str(g) for g in self.growth]}


def _bind_meta(value, subs):
    if value is None:
        return None
    if isinstance(value, tuple):
        return tuple(_bind_meta(v, subs) for v in value)
    if isinstance(value, sp.Basic):
        v = value.subs(subs)
        return int(v) if v.is_Integer else v
    return value


@functools.lru_cache(maxsize=512)
def _lambdify_np(expr):
    import numpy as np  # local: theory itself is SymPy-only

    f = sp.lambdify(T, expr, modules=[{"Heaviside": lambda x, h0=0.5: np.heaviside(x, h0)}, "scipy", "numpy"])

    def call(x):
        x = np.asarray(x, dtype=np.float64)
        return np.broadcast_to(np.asarray(f(x), dtype=np.float64), x.shape).copy()

    return call


# --------------------------------------------------------------------------------------------
# The catalogue.  Metadata are claims (THEORY.md §1 and §3); tests compare them with what the
# engine derives.
# --------------------------------------------------------------------------------------------
_a = sp.Symbol("a", real=True)
_alpha = sp.Symbol("alpha", positive=True)
_k = sp.Symbol("k", integer=True, nonnegative=True)

_Phi = (1 + sp.erf(T / sp.sqrt(2))) / 2  # standard normal CDF


def _act(name, expr, *, params=(), homogeneity=None, parity=None, growth=(0, 0), pole_order=0,
         description="", latex_name=""):
    return Activation(name=name, expr=expr, params=tuple(params), homogeneity=homogeneity, parity=parity,
                      growth=growth, pole_order=pole_order, description=description,
                      latex_name=latex_name or rf"\mathrm{{{name}}}")


CATALOGUE: dict[str, Activation] = {
    a.name: a
    for a in [
        _act("relu", T * H(T), homogeneity=1, growth=(0, 1), pole_order=2,
             description="rectified linear unit max(t, 0)", latex_name=r"\mathrm{ReLU}"),
        _act("leaky_relu", T * H(T) + _a * T * H(-T),
             params=[Parameter(_a, sp.Rational(1, 100), "0 <= a < 1", lambda v: bool(0 <= v < 1))],
             homogeneity=1, growth=(1, 1), pole_order=2,
             description="leaky ReLU max(t, a t)", latex_name=r"\mathrm{LeakyReLU}_a"),
        _act("abs", T * (H(T) - H(-T)), homogeneity=1, parity="even", growth=(1, 1), pole_order=2,
             description="absolute value |t|", latex_name=r"|\cdot|"),
        _act("relu_pow", T ** _k * H(T),
             params=[Parameter(_k, sp.Integer(2), "integer k >= 0", lambda v: bool(v.is_integer and v >= 0))],
             homogeneity=_k, growth=(0, _k), pole_order=_k + 1,
             description="ReLU^k = max(t, 0)^k", latex_name=r"\mathrm{ReLU}^k"),
        _act("step", H(T), homogeneity=0, growth=(0, 0), pole_order=1,
             description="Heaviside step 1[t > 0]", latex_name=r"\mathbf 1_{t>0}"),
        _act("sign", H(T) - H(-T), homogeneity=0, parity="odd", growth=(0, 0), pole_order=1,
             description="sign function", latex_name=r"\operatorname{sign}"),
        _act("elu", T * H(T) + _alpha * (sp.exp(T) - 1) * H(-T),
             params=[Parameter(_alpha, sp.Integer(1), "alpha > 0", lambda v: bool(v > 0))],
             growth=(0, 1), pole_order=2,
             description="exponential linear unit", latex_name=r"\mathrm{ELU}_\alpha"),
        _act("sigmoid", 1 / (1 + sp.exp(-T)), growth=(0, 0), pole_order=1,
             description="logistic sigmoid", latex_name=r"\mathrm{sigmoid}"),
        _act("tanh", sp.tanh(T), parity="odd", growth=(0, 0), pole_order=1,
             description="hyperbolic tangent", latex_name=r"\tanh"),
        _act("erf", sp.erf(T), parity="odd", growth=(0, 0), pole_order=1,
             description="error function", latex_name=r"\operatorname{erf}"),
        _act("softplus", sp.log(1 + sp.exp(T)), growth=(0, 1), pole_order=2,
             description="softplus log(1 + e^t)", latex_name=r"\mathrm{softplus}"),
        _act("gelu", T * _Phi, growth=(0, 1), pole_order=2,
             description="Gaussian error linear unit t Φ(t)", latex_name=r"\mathrm{GELU}"),
        _act("swish", T / (1 + sp.exp(-T)), growth=(0, 1), pole_order=2,
             description="swish / SiLU t·sigmoid(t)", latex_name=r"\mathrm{swish}"),
        _act("gaussian", sp.exp(-T ** 2 / 2), parity="even", growth=(0, 0), pole_order=0,
             description="Gaussian bump exp(-t²/2)", latex_name=r"e^{-t^2/2}"),
        _act("sin", sp.sin(T), parity="odd", growth=None, pole_order=0,
             description="sine (transform supported on ω = ±1)", latex_name=r"\sin"),
    ]
}

ALIASES = {"silu": "swish", "heaviside": "step", "relu_k": "relu_pow", "relupow": "relu_pow",
           "leakyrelu": "leaky_relu", "logistic": "sigmoid"}


def catalogue_names() -> list[str]:
    return list(CATALOGUE)


def get_activation(name: str, **params) -> Activation:
    key = name.strip().lower()
    key = ALIASES.get(key, key)
    if key not in CATALOGUE:
        raise UnknownActivation(f"unknown activation {name!r}; known: {', '.join(CATALOGUE)}")
    return CATALOGUE[key].bind(**params)


# --------------------------------------------------------------------------------------------
# User activations
# --------------------------------------------------------------------------------------------
def _parameter_value(name: str, value) -> sp.Expr:
    """A parameter value read by the whitelist grammar (never evaluated as Python)."""
    try:
        v = parse_number(value)
    except ParseError as exc:
        raise ParameterError(f"parameter {name} = {str(value)[:40]!r} is not a number in range: "
                             f"{str(exc).split(': ', 1)[-1]}") from None
    return v


class _CatalogueCall:
    """Used in the parser's function table: relu(2*t) -> the relu expression at 2*t."""

    def __init__(self, act: Activation):
        self.act = act

    def __call__(self, arg):
        return self.act.bind().expr.subs(T, arg)


@functools.lru_cache(maxsize=1)
def _functions():
    """Catalogue names callable in user expressions (one argument each)."""
    ns = {name: (_CatalogueCall(act), (1, 1)) for name, act in CATALOGUE.items()}
    ns.update({alias: ns[target] for alias, target in ALIASES.items()})
    # These clash with SymPy functions; the SymPy meaning wins for sign/abs/erf/tanh/sin.
    for clash in ("sign", "abs", "erf", "tanh", "sin"):
        ns.pop(clash, None)
    ns["Phi"] = (lambda x: (1 + sp.erf(x / sp.sqrt(2))) / 2, (1, 1))
    return ns


def parse_activation(text: str, **params) -> Activation:
    """Parse a user activation from a SymPy string in exactly one free variable."""
    if not isinstance(text, str) or not text.strip():
        raise ParseError("empty activation expression")
    expr = parse_expression(text, _functions())
    if params:
        subs = {}
        names = {str(s): s for s in expr.free_symbols}
        for k, v in params.items():
            if k not in names:
                raise ParameterError(f"expression {text!r} has no parameter {k!r}")
            subs[names[k]] = _parameter_value(k, v)
        expr = expr.subs(subs)
    free = sorted(expr.free_symbols, key=str)
    if len(free) == 0:
        raise FreeVariableError(f"activation {text!r} has no free variable")
    if len(free) > 1:
        raise FreeVariableError(
            f"activation {text!r} has {len(free)} free variables ({', '.join(map(str, free))}); "
            "give exactly one, or fix the others with --param name=value")
    expr = expr.subs(free[0], T)
    expr = canonicalize(expr)
    _check_real(expr, text)
    g = growth(expr)
    if g == "exponential":
        raise NotTempered(
            f"activation {text!r} grows faster than any polynomial, so it is not a tempered "
            "distribution and has no Fourier transform")
    big = sp.count_ops(expr) > METADATA_MAX_OPS
    parity = None if big else _parity(expr)  # metadata only: not worth a global simplify
    hom = None if big else _homogeneity(expr)
    return Activation(name=text.strip(), expr=expr, params=(), homogeneity=hom, parity=parity,
                      growth=g, pole_order=None, description="user activation",
                      latex_name=r"\sigma")


def resolve_activation(spec: str, **params) -> Activation:
    """A catalogue name (with parameters) or a user expression."""
    key = spec.strip().lower()
    if ALIASES.get(key, key) in CATALOGUE:
        return get_activation(key, **params)
    if key.isidentifier() and key not in ("t", "x", "s", "u", "z", "y"):
        # A bare identifier that is not a catalogue name: most likely a typo, not "σ(t) = t".
        raise UnknownActivation(f"unknown activation {spec!r}; known: {', '.join(CATALOGUE)}")
    return parse_activation(spec, **params)


def as_activation(obj) -> Activation:
    """A bound Activation from a catalogue name, an expression string or an Activation."""
    if isinstance(obj, Activation):
        return obj if obj.is_bound else obj.bind()
    if isinstance(obj, str):
        return resolve_activation(obj)
    raise UnknownActivation(f"expected an activation name, expression or Activation, got {type(obj).__name__}")


# --------------------------------------------------------------------------------------------
# Canonical form and classification (used by the parser and by the engine)
# --------------------------------------------------------------------------------------------
def _piecewise_to_heaviside(pw: sp.Piecewise) -> sp.Expr:
    """Piecewise with conditions linear in T (t > c, t < c, t >= c, t <= c, True)."""
    out = sp.S(0)
    remaining = sp.S(1)  # product of "not previous condition" indicators
    for expr, cond in pw.args:
        if cond is sp.true:
            ind = sp.S(1)
        elif isinstance(cond, sp.core.relational.Relational):
            lhs = cond.lhs - cond.rhs
            if not (lhs.free_symbols <= {T}) or sp.degree(lhs, T) != 1:
                raise ParseError(f"unsupported piecewise condition {cond}")
            if isinstance(cond, (sp.StrictGreaterThan, sp.GreaterThan)):
                ind = H(lhs)
            elif isinstance(cond, (sp.StrictLessThan, sp.LessThan)):
                ind = H(-lhs)
            else:
                raise ParseError(f"unsupported piecewise condition {cond}")
        else:
            raise ParseError(f"unsupported piecewise condition {cond}")
        out += expr * ind * remaining
        remaining = remaining * (1 - ind)
        if cond is sp.true:
            break
    return out


def _linear_step(arg: sp.Expr):
    """H(arg) for arg polynomial of degree ≤ 1 in T, normalized to H(t - c) or H(c - t); None if
    arg is not of that form."""
    if not (arg.free_symbols <= {T}):
        return None
    if not arg.has(T):
        if arg.is_number and arg.is_real:
            return sp.S(1) if arg > 0 else (sp.S(0) if arg < 0 else sp.Rational(1, 2))
        return None
    if not arg.is_polynomial(T):
        return None
    poly = sp.Poly(arg, T)
    if poly.degree() != 1:
        return None
    a, b = poly.all_coeffs()
    c = -b / a
    return H(T - c) if a > 0 else H(c - T)


def _steps_of(arg: sp.Expr):
    """H(arg) for arg piecewise linear in T (a polynomial of degree ≤ 1 between the breakpoints of
    its own Heaviside factors), as a sum of products of steps H(t - c); None otherwise."""
    direct = _linear_step(arg)
    if direct is not None:
        return direct
    hs = [h for h in arg.atoms(sp.Heaviside) if h.args[0].has(T)]
    if not hs or not (arg.free_symbols <= {T}):
        return None
    pts = set()
    for h in hs:
        inner = _linear_step(h.args[0])
        if inner is None or inner.is_number:
            return None
        pts.add(sp.solve(h.args[0], T)[0])
    pts = sorted(pts, key=lambda p: float(p))
    edges = [-sp.oo] + pts + [sp.oo]
    out = sp.S(0)
    for lo, hi in zip(edges[:-1], edges[1:]):
        mid = (lo + hi) / 2 if lo.is_finite and hi.is_finite else (hi - 1 if lo == -sp.oo else lo + 1)
        piece = sp.expand(arg.replace(lambda e: isinstance(e, sp.Heaviside) and e.args[0].has(T),
                                      lambda e: sp.S(1) if e.args[0].subs(T, mid) > 0 else sp.S(0)))
        step = _linear_step(piece)
        if step is None:
            return None
        if step == 0:
            continue
        ind = (H(T - lo) if lo.is_finite else 1) * (H(hi - T) if hi.is_finite else 1)
        out += step * ind
    return out


def _minmax(e) -> sp.Expr:
    args = list(e.args)
    m = args[0]
    for b in args[1:]:
        d = (b - m) if isinstance(e, sp.Max) else (m - b)
        step = _steps_of(sp.expand(d))
        if step is None:
            raise ParseError(f"unsupported {type(e).__name__}: {e} (arguments must be piecewise linear in t)")
        m = m + (b - m) * step
    return m


def _normalize_heaviside(expr: sp.Expr) -> sp.Expr:
    def fix(h):
        out = _steps_of(h.args[0])
        return h if out is None else out

    return expr.replace(lambda e: isinstance(e, sp.Heaviside) and e.args[0].has(T), fix)


_HYPERBOLIC = (sp.sinh, sp.cosh, sp.tanh, sp.coth, sp.sech, sp.csch)


def canonicalize(expr: sp.Expr) -> sp.Expr:
    """Rewrite Max/Min/Abs/sign/Piecewise in terms of Heaviside steps of (t - c)."""
    expr = expr.replace(lambda e: isinstance(e, sp.Piecewise), _piecewise_to_heaviside)
    expr = expr.replace(lambda e: isinstance(e, (sp.Max, sp.Min)) and T in e.free_symbols, _minmax)
    expr = expr.replace(lambda e: isinstance(e, sp.Abs) and T in e.free_symbols,
                        lambda e: e.args[0] * (H(e.args[0]) - H(-e.args[0])))
    expr = expr.replace(lambda e: isinstance(e, sp.sign) and T in e.free_symbols,
                        lambda e: H(e.args[0]) - H(-e.args[0]))
    expr = _normalize_heaviside(expr)
    # a hyperbolic function of a logarithm is algebraic in its argument: tanh(log u) =
    # (u² - 1)/(u² + 1) (mish: t·tanh(log(1 + e^t)) becomes rational in e^t, one exp_rational
    # derivation instead of a sum of eight terms that each fail to simplify)
    expr = expr.replace(lambda e: isinstance(e, _HYPERBOLIC) and isinstance(e.args[0], sp.log)
                        and T in e.free_symbols, lambda e: sp.together(e.rewrite(sp.exp)))
    # Heaviside(t - c)**n == Heaviside(t - c) for n >= 1 (as locally integrable functions)
    expr = expr.replace(lambda e: e.is_Pow and isinstance(e.base, sp.Heaviside) and e.exp.is_positive,
                        lambda e: e.base)
    return expr


#: Positive variable for limits: every limit is taken as X → +∞ after t = side·X.
X_INF = sp.Symbol("x_inf", positive=True)


def at_infinity(expr: sp.Expr, side: int) -> sp.Expr:
    """σ(side·X) in the positive variable :data:`X_INF`, ready for a limit X → +∞.

    Heaviside(t - c) is replaced by its value far out, and erf(u) with u → s·∞ by s: the
    remainder s·erfc(s·u) decays faster than any polynomial, so it changes no polynomial
    asymptote.  (SymPy 1.14's ``limit`` gets erf and erfc of shifted arguments wrong at
    infinity: limit(erf(1 - x) + 1, x, oo) and limit(erfc(x - 1), x, oo) both return 2.)
    The asymptotes found from these limits are checked numerically by the engine.
    """
    def val(h):
        arg = h.args[0]
        lead = sp.Poly(arg, T).LC() if arg.free_symbols <= {T} and arg.has(T) else None
        if lead is None:
            return h
        return sp.S(1) if (lead > 0) == (side > 0) else sp.S(0)

    expr = expr.replace(lambda e: isinstance(e, sp.Heaviside), val)
    expr = expr.subs(T, side * X_INF)

    def erf_at(e):
        arg = sp.expand(e.args[0])
        if not (arg.is_polynomial(X_INF) and sp.degree(arg, X_INF) >= 1):
            return e
        return sp.S(1) if sp.Poly(arg, X_INF).LC() > 0 else sp.S(-1)

    return expr.replace(lambda e: isinstance(e, sp.erf), erf_at)


#: larger user expressions get no parity/homogeneity metadata (each needs a global simplify)
METADATA_MAX_OPS = 80


def _max_power(expr: sp.Expr) -> int:
    """Largest integer power of t in expr (an upper bound for the polynomial growth it can
    produce, with the degree of products): used to size the search of :func:`growth`."""
    deg = 0
    for term in sp.Add.make_args(sp.expand(expr)) if sp.count_ops(expr) < 200 else sp.Add.make_args(expr):
        d = 0
        for f in sp.Mul.make_args(term):
            if f == T:
                d += 1
            elif f.is_Pow and f.base == T and f.exp.is_Integer and f.exp > 0:
                d += int(f.exp)
        deg = max(deg, d)
    return deg


def _linear_arguments(expr: sp.Expr):
    """[(a, b)] for every argument a·t + b of a function of t in expr, or None if one is not
    linear in t."""
    out = []
    for f in expr.atoms(sp.Function):
        if not f.has(T):
            continue
        for arg in f.args:
            if not arg.has(T):
                continue
            if not (arg.is_polynomial(T) and sp.degree(arg, T) == 1):
                return None
            out.append(tuple(sp.Poly(arg, T).all_coeffs()))
    return out


def _substituted(expr: sp.Expr, new_t: sp.Expr) -> sp.Expr:
    """expr with t -> new_t, expanded inside the functions only (the arguments become a·t again)."""
    return _normalize_heaviside(sp.expand(expr.subs(T, new_t), mul=False, multinomial=False, power_exp=False,
                                          power_base=False, log=False, deep=True))


@functools.lru_cache(maxsize=4096)
def split_shift(expr: sp.Expr):
    """(base, c) with expr(t) = base(t - c), when every function of t in expr has an argument
    that is linear in t with the same root c ≠ 0 (sigmoid(t - 1/10) -> (sigmoid(t), 1/10));
    otherwise (expr, 0).  Shifts change neither the growth nor |σ̂|, so a sum of shifted copies
    of one activation costs one derivation."""
    args = _linear_arguments(expr)
    roots = {-b / a for a, b in args} if args else set()
    if len(roots) != 1:
        return expr, sp.S(0)
    c = roots.pop()
    if c == 0 or not c.is_real:
        return expr, sp.S(0)
    return _substituted(expr, T + c), c


@functools.lru_cache(maxsize=4096)
def split_scale(expr: sp.Expr):
    """(base, a) with expr(t) = base(a·t), a > 0, a ≠ 1, when every function of t in expr has an
    argument ±a·t with the same a (sigmoid(11t/10) -> (sigmoid(t), 11/10), also written as
    1/(1 + e^{-11t/10})); otherwise (expr, 1).
    F[base(a·)](ω) = F[base](ω/a)/a, so a sum of scaled copies of one activation costs one
    derivation."""
    args = _linear_arguments(expr)
    if not args or any(b != 0 for _, b in args):
        return expr, sp.S(1)
    scales = {abs(a) for a, _ in args}
    if len(scales) != 1:
        return expr, sp.S(1)
    a = scales.pop()
    if not (a.is_Rational and a.is_positive) or a == 1:
        return expr, sp.S(1)
    return _substituted(expr, T / a), a


@functools.lru_cache(maxsize=1024)
def growth(expr: sp.Expr, max_degree: int | None = None):
    """(m_-, m_+) with σ = O(|t|^m) at ∓∞; None if σ is bounded but oscillates without a
    polynomial asymptote; 'exponential' if σ is not of polynomial growth.

    A sum of several terms gets the largest growth of its terms (an upper bound; the engine's
    asymptotes then find the exact polynomial), which keeps a sum of 100 sigmoids fast."""
    base, c = split_shift(expr)
    if c != 0:
        return growth(base, max_degree)
    base, a = split_scale(expr)  # σ(a·t), a > 0, grows like σ
    if a != 1:
        return growth(base, max_degree)
    if max_degree is None:
        max_degree = max(12, _max_power(expr) + 2)
    terms = sp.Add.make_args(expr)
    if len(terms) > 2 and all(t.has(T) for t in terms):
        parts = [growth(t) for t in terms]
        if all(isinstance(p, tuple) for p in parts):
            return (max(p[0] for p in parts), max(p[1] for p in parts))
    out = []
    oscillating = False
    for side in (-1, 1):
        e = at_infinity(expr, side)
        deg = None
        for m in range(0, max_degree + 1):
            try:
                lim = sp.limit(e / X_INF ** m, X_INF, sp.oo)
            except (NotImplementedError, ValueError, TypeError):
                lim = sp.nan
            if isinstance(lim, sp.AccumBounds):
                if lim.min.is_finite and lim.max.is_finite:
                    oscillating = True
                    deg = m
                    break
                continue
            if lim.is_finite:
                deg = m
                break
        if deg is None:
            return "exponential"
        # the smallest m with bounded ratio may be smaller than found if the limit was 0
        out.append(deg)
    if oscillating:
        return None
    return tuple(out)


def _check_real(expr, text):
    for v in (sp.Rational(-7, 3), sp.Rational(-1, 2), sp.Rational(1, 3), sp.Rational(5, 2)):
        val = sp.N(expr.subs(T, v), 20)
        if val.has(sp.nan, sp.zoo) or not val.is_number:
            continue
        if abs(sp.im(val)) > 1e-15 * (1 + abs(sp.re(val))):
            raise NotReal(f"activation {text!r} is not real-valued (σ({v}) = {val})")


#: rational points at which a parity or homogeneity claim is refuted numerically before any
#: simplify (a difference that is clearly nonzero at one point disproves the identity exactly)
_REFUTE_POINTS = (sp.Rational(7, 10), sp.Rational(13, 7), sp.Rational(-5, 3), sp.Rational(29, 11))


def _refuted(diff, scale) -> bool:
    """True if ``diff`` (an expression in T that is 0 when the identity holds) is clearly nonzero
    at one of :data:`_REFUTE_POINTS` (30-digit evaluation; |diff| > 1e-20·(1 + |scale|)).  This is
    a proof that the identity fails, so the (possibly very slow) ``simplify`` is not needed."""
    for v in _REFUTE_POINTS:
        try:
            d = sp.N(diff.subs(T, v), 30)
            s = sp.N(scale.subs(T, v), 30)
        except (ArithmeticError, ValueError, TypeError):  # pragma: no cover - SymPy evaluation
            continue
        if not (d.is_number and s.is_number) or d.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or s.has(sp.nan, sp.zoo):
            continue
        if abs(complex(d)) > 1e-20 * (1 + abs(complex(s))):
            return True
    return False


def _parity(expr):
    flipped = expr.subs(T, -T)
    if not _refuted(flipped - expr, expr):
        d = sp.simplify(flipped - expr)
        if d == 0:
            return "even"
    if not _refuted(flipped + expr, expr):
        s = sp.simplify(flipped + expr)
        if s == 0:
            return "odd"
    return None


def _homogeneity(expr):
    """k with σ(λt) = λ^k σ(t) for all λ > 0 (checked exactly at two values of λ), else None.

    The numeric refutation (:func:`_refuted`, at points away from 0, the only break point a
    homogeneous σ can have) rejects the wrong k first, so that the exact check (a SymPy simplify,
    seconds on transcendental σ) runs only for a k that passed it."""
    lams = (sp.Integer(2), sp.Rational(7, 3))
    scaled = [_normalize_heaviside(expr.subs(T, lam * T)) for lam in lams]
    for k in range(0, 8):
        if any(_refuted(s - lam ** k * expr, expr) for s, lam in zip(scaled, lams)):
            continue
        if all(sp.simplify(s - lam ** k * expr) == 0 for s, lam in zip(scaled, lams)):
            return k
    return None
