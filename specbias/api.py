"""The public face of specbias: the functions ``import specbias as sb`` gives.

Every function that takes an activation accepts the same things: a catalogue name (``"relu"``),
an expression string (``"t/(1+exp(-t))"``), a SymPy expression in one free variable or an
:class:`~specbias.core.activations.Activation`; activation parameters are passed as
``params={"alpha": 2}``.  Keyword names are the same everywhere: ``dim`` (the input dimension d),
``convention`` (a Fourier convention name, ``"a,b"`` or a FourierConvention) and ``params``.

Exact results come from :mod:`specbias.theory` (SymPy), numeric ones from
:mod:`specbias.numerics` (computed from the activation's definition only); :func:`verify` puts
the two side by side and returns :class:`~specbias.core.records.Comparison` records.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from specbias.core.errors import DimensionError, InputError
from specbias.core.records import Comparison, ComparisonTable
from specbias.core.report import Report

__all__ = ["as_activation", "transform", "spectral_weight", "numeric_transform", "seminorm", "radon", "verify",
           "SEMINORM_ROUTES", "SeminormRoutes"]


# --------------------------------------------------------------------------------------------
# one way in for activations
# --------------------------------------------------------------------------------------------
def as_activation(spec, params: Mapping | None = None):
    """A bound :class:`Activation` from a catalogue name, an expression string, a SymPy
    expression or an Activation; ``params`` binds its parameters (``{"alpha": 2}``).

    Strings and SymPy expressions go through the one resolver,
    :func:`specbias.core.activations.resolve_activation` (a SymPy expression is printed and parsed,
    so it gets exactly the checks a typed expression gets: one free variable, real, tempered).
    """
    import sympy as sp

    from specbias.core.activations import Activation, resolve_activation
    from specbias.core.errors import UnknownActivation

    params = dict(params or {})
    if isinstance(spec, Activation):
        return spec.bind(**params) if (params or not spec.is_bound) else spec
    if isinstance(spec, sp.Basic) and not isinstance(spec, sp.Expr):
        raise UnknownActivation(f"expected a scalar SymPy expression, got {type(spec).__name__}")
    if isinstance(spec, sp.Expr):
        spec = sp.sstr(spec)
    if not isinstance(spec, str):
        raise UnknownActivation("expected an activation name, an expression string, a SymPy expression or an "
                                f"Activation, got {type(spec).__name__}")
    return resolve_activation(spec, **params)


def _dims(dim) -> list[int]:
    from specbias.core.validate import check_dim

    if isinstance(dim, Iterable) and not isinstance(dim, (str, bytes)):
        out = [check_dim(d) for d in dim]
        if not out:
            raise DimensionError("give at least one dimension")
        return out
    return [check_dim(dim)]


# --------------------------------------------------------------------------------------------
# exact side
# --------------------------------------------------------------------------------------------
def transform(activation, convention=None, *, params: Mapping | None = None):
    """The generalized Fourier transform σ̂ (a :class:`GeneralizedTransform`: regular part,
    regularization, point masses, the derivation steps; ``.evaluate(ω)`` for numbers)."""
    from specbias.core.conventions import get_convention
    from specbias.theory.fourier import fourier_transform

    act = as_activation(activation, params)
    return fourier_transform(act, convention=None if convention is None else get_convention(convention))


def spectral_weight(activation, dim: int, *, params: Mapping | None = None):
    """W_σ,d(ω) = |ω|^{d−1}/|σ̂(ω)|² with its constant, asymptotics, null space and Radon-domain
    operator (a :class:`SpectralWeight`), in the angular convention."""
    from specbias.core.validate import check_dim
    from specbias.theory.seminorm import spectral_weight as _weight

    return _weight(as_activation(activation, params), check_dim(dim))


# --------------------------------------------------------------------------------------------
# numeric side
# --------------------------------------------------------------------------------------------
def numeric_transform(activation, omega, *, params: Mapping | None = None, route: str = "quadpack",
                      return_error: bool = False):
    """σ̂(ω) (angular convention, ω ≠ 0) computed numerically from the definition of σ.

    ``route="quadpack"`` (default): QUADPACK's Fourier-integral routines on the reduced integrand,
    complex128 with the shape of ω; ``return_error=True`` also gives the error estimates and a mask
    of the points float64 can resolve.  ``route="oracle"``: mpmath at raised precision (slow; a
    complex128 array, values below the float64 range underflow to 0).
    """
    act = as_activation(activation, params)
    if route == "quadpack":
        from specbias.numerics.fourier import numeric_transform as _nt

        return _nt(act, omega, return_error=return_error)
    if route == "oracle":
        if return_error:
            raise InputError("return_error is available on the 'quadpack' route only")
        from specbias.numerics.oracle import oracle_array

        return oracle_array(act, omega)
    raise InputError(f"unknown route {route!r}; choose 'quadpack' or 'oracle'")


#: The numeric routes of the seminorm, by name.
SEMINORM_ROUTES = ("fourier", "radon", "oracle", "radial")


class SeminormRoutes(Report, dict):
    """‖g‖²_σ by several routes: a dict route -> SeminormResult, with the pairwise comparisons."""

    def __init__(self, results: dict, comparisons: list):
        dict.__init__(self, results)
        self.comparisons = ComparisonTable(comparisons)

    @property
    def value(self) -> float:
        """The value of the first route (the others agree with it to the compared tolerance)."""
        return next(iter(self.values())).value

    def to_text(self) -> str:
        return "\n".join([r.to_text() for r in self.values()] + [self.comparisons.to_text()])

    def to_latex(self) -> str:
        return r",\quad ".join(r.to_latex() for r in self.values())

    def _repr_html_(self) -> str:
        return self.comparisons._repr_html_()

    def to_json(self) -> dict:
        return {"routes": {k: v.to_json() for k, v in self.items()}, "comparisons": self.comparisons.to_json()}


#: Relative agreement asked of two seminorm routes in :func:`seminorm` with several routes.  The
#: FFT route's own error is ~1e-6 relative at its default grids (numerics/seminorm.py); 1e-4 is the
#: bound tests/test_seminorm_numeric.py holds the routes to.
SEMINORM_RTOL = 1e-4


def seminorm(g, activation, dim: int | None = None, *, route="fourier", params: Mapping | None = None,
             zeta0: float = 1.0, **options):
    """The squared seminorm ‖g‖²_σ = C_d/ζ0 ∫ |ĝ(ξ)|² W_σ,d(|ξ|) dξ of a function g on ℝ^d.

    ``g`` is a vectorized callable of points (..., d) (routes ``fourier`` and ``radon``), a
    :class:`specbias.numerics.seminorm.GaussianMixture` (every route; ``oracle`` needs one), or a
    radial profile (route ``radial``).  ``route`` is one of :data:`SEMINORM_ROUTES`, or a list of
    them (or ``"all"``) for the value by each route with their comparisons (a
    :class:`SeminormRoutes`).  Other keywords go to the route (``n``, ``half_width``, ``n_dir``,
    ``dps``, ...).
    """
    from specbias.numerics import seminorm as sn

    act = as_activation(activation, params)
    if dim is not None:
        dim = _dims(dim)[0]
    if isinstance(route, str) and route != "all":
        return sn.seminorm(g, act, dim, route=route, zeta0=zeta0, **options)
    names = list(route) if not isinstance(route, str) else (
        ["fourier", "radon", "oracle"] if isinstance(g, sn.GaussianMixture) else ["fourier", "radon"])
    bad = [r for r in names if r not in SEMINORM_ROUTES]
    if bad or not names:
        raise InputError(f"unknown seminorm route(s) {bad or names}; choose from {list(SEMINORM_ROUTES)}")
    results = {r: sn.seminorm(g, act, dim, route=r, zeta0=zeta0, **options) for r in names}
    comps = []
    first = names[0]
    for r in names[1:]:
        a, b = results[r].value, results[first].value
        err = abs(a - b) / abs(b) if b != 0 else (0.0 if a == 0 else math.inf)
        comps.append(Comparison("seminorm ‖g‖²_σ", act.name, results[first].dim, [r, first], err, SEMINORM_RTOL,
                                points=1, detail="relative difference of the values"))
    return SeminormRoutes(results, comps)


def radon(f, directions, offsets, **options):
    """The hyperplane Radon transform Rf(u, t) = ∫_{u·x = t} f of a vectorized callable f on ℝ^d
    (d ≥ 2), by adaptive product-trapezoid quadrature: an (m, k) array for m directions and k
    offsets (see :func:`specbias.numerics.radon.radon` for the options)."""
    from specbias.numerics.radon import radon as _radon

    return _radon(f, directions, offsets, **options)


# --------------------------------------------------------------------------------------------
# the two sides together
# --------------------------------------------------------------------------------------------
def verify(activation, dim=(1, 2, 3), *, params: Mapping | None = None, oracle: bool = True) -> ComparisonTable:
    """Check the derived σ̂ and W_σ,d against the independent numeric routes.

    Returns a :class:`ComparisonTable` (a list of :class:`Comparison`: quantity, routes, max error,
    tolerance, points, skipped, passed) that prints as a table in a notebook; ``.passed`` is True
    when every comparison passed.  ``dim`` is one dimension or several.
    """
    from specbias.derivations.checks.transforms import compare_activation

    return ComparisonTable(compare_activation(as_activation(activation, params), _dims(dim), oracle=oracle))
