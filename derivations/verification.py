"""Cross-checks between theory (derived formulas) and numerics (independent routes).

This module is the only place that puts the two sides next to each other.  It also holds the
verified Python entry points :func:`transform` and :func:`seminorm`: they derive under a time
budget, verify, and raise :class:`~specbias.core.errors.VerificationFailed` when the result fails
its own check (unless ``verify=False``), so a wrong number is never returned as an answer.

Error measure: at each ω the error is relative, |num − exact| / |exact|, except where the exact
value is (nearly) zero, |exact| < 1e-6 · max|exact| over the grid (sin(t)/t at ω > 1), where it
is |num − exact| / max|exact|: a relative error at a true zero means nothing.
"""

from __future__ import annotations

import numpy as np

from specbias.core.errors import NumericError, SpecbiasError, VerificationFailed

#: ω grid of the known-transforms check: log-spaced over [0.05, 20] (issue 2).
def omega_grid(points: int = 16) -> np.ndarray:
    return np.geomspace(0.05, 20.0, points)


TRANSFORM_RTOL = 1e-9
WEIGHT_RTOL = 1e-9
#: below this fraction of max|exact| a value counts as a zero (absolute error scaled by max|exact|)
ZERO_FRACTION = 1e-6


def _errors(num, exact):
    num = np.asarray(num, dtype=np.complex128)
    exact = np.asarray(exact, dtype=np.complex128)
    if not (np.all(np.isfinite(num)) and np.all(np.isfinite(exact))):
        return np.full(num.shape, np.nan), 0
    scale = float(np.max(np.abs(exact))) if exact.size else 0.0
    if scale == 0.0:
        return np.abs(num - exact) / max(float(np.max(np.abs(num))) if num.size else 1.0, 1e-300), int(num.size)
    small = np.abs(exact) < ZERO_FRACTION * scale
    den = np.where(small, scale, np.abs(exact))
    return np.abs(num - exact) / den, int(small.sum())


def _record(err, *, points, method, skipped, tolerance, routes, check, near_zero=0, extra=None) -> dict:
    err = float(err)
    passed = bool(err == err and err <= tolerance and points > 0)
    rec = {"max_rel_err": err, "points": int(points), "method": method, "skipped": int(skipped),
           "tolerance": tolerance, "passed": passed, "routes": list(routes), "check": check,
           "points_near_zero": int(near_zero)}
    if extra:
        rec.update(extra)
    if not passed:
        why = ("no resolvable point" if points == 0 else "error is not a number" if err != err
               else f"max error {err:.2e} > tolerance {tolerance:.0e}")
        rec["failure"] = f"{check}: {why}"
    return rec


def _oscillating_part(ang):
    """Σ over the point masses away from ω = 0 of their inverse transforms (a function of t)."""
    import sympy as sp

    from specbias.core.activations import T

    osc = sp.S(0)
    for s in ang.singular:
        if s.location != 0:  # F[t^m e^{iat}] = 2π i^m δ^{(m)}(ω − a)
            osc += s.coefficient / (2 * sp.pi * sp.I ** s.order) * T ** s.order * sp.exp(sp.I * s.location * T)
    return osc


def verify_transform(gt, points: int = 12, route: str = "qawf") -> dict:
    """Compare the derived regular part (angular) with the numeric route on ω ∈ [0.05, 20].

    Points where the float64 quadrature cannot resolve the value (exponentially small σ̂) are
    skipped by the QAWF route and reported; the mpmath route ('oracle') covers all points.
    When σ̂ has point masses away from ω = 0 (σ = sin(2t) + relu(t)), their inverse transforms are
    subtracted from σ before the regular part is checked, and the point masses are checked by the
    Bohr mean.  Returns the verification record: {'max_rel_err', 'points', 'method', 'skipped',
    'tolerance', 'passed', 'routes', 'check', ...}.
    """
    import sympy as sp

    from specbias.core.activations import Activation, canonicalize
    from specbias.core.conventions import ANGULAR

    ang = gt if gt.convention == ANGULAR else gt.in_convention(ANGULAR)
    omega = omega_grid(points)
    has_osc = any(s.location != 0 for s in ang.singular)
    if not ang.regular.free_symbols and ang.regular == 0 and ang.singular:
        return _verify_point_spectrum(ang)
    act = ang.activation
    extra = {}
    if has_osc:
        osc = _oscillating_part(ang)
        rest = canonicalize(sp.expand(sp.expand(act.expr - osc).rewrite(sp.cos), complex=True))
        rest = sp.simplify(rest) if sp.count_ops(rest) < 300 else rest
        if rest.has(sp.I):
            return _record(float("nan"), points=0, method="point spectrum subtraction", skipped=len(omega),
                           tolerance=TRANSFORM_RTOL, routes=["theory", "numerics"], check="transform",
                           extra={"note": f"σ minus its point spectrum is not real: {sp.sstr(rest)}"})
        act = Activation(f"{act.name} (point spectrum subtracted)", rest)
        ps = _verify_point_spectrum(ang, subtract_regular=True)
        extra["point_spectrum"] = ps
    exact = ang.evaluate(omega)
    if route == "oracle":
        from specbias.numerics.oracle import oracle_transform

        num = np.array([complex(v) for v in oracle_transform(act, omega)])
        mask = np.ones_like(omega, dtype=bool)
        method = "mpmath oracle: composite Gauss-Legendre with Levin-accelerated tails, precision raised until two passes agree"
        routes = ["theory", "mpmath oracle"]
    else:
        from specbias.numerics.fourier import transform_for

        method = "numerics.fourier on the reduced integrand σ^(n)"
        routes = ["theory", "numerics.fourier"]
        try:
            nt = transform_for(act)  # shared with verify_weight and the seminorm rows
            num = np.asarray(nt(omega), dtype=np.complex128)
            mask = np.asarray(nt.resolvable(omega), dtype=bool)
            method, routes = nt.method(), ["theory", nt.route()]
        except (NumericError, ArithmeticError, ValueError) as exc:  # e.g. 0/0 of sin(t)/t at t = 0
            num = np.full(omega.shape, np.nan, dtype=np.complex128)
            mask = np.zeros(omega.shape, dtype=bool)
            extra["qawf_route"] = f"failed: {type(exc).__name__} {str(exc)[:120]}"
    if has_osc:
        method += "; point spectrum subtracted from σ first"
    if not mask.any() and route != "oracle" and act.growth == (0, 0):
        # QUADPACK cannot resolve any point (an oscillating integrable σ such as sin(t)/t): a second
        # route, mpmath quadrature between the breakpoints and QAWF on each oscillating part of
        # the tails, from σ's definition only
        try:
            from specbias.theory.fourier import quadrature_transform

            num = np.array(quadrature_transform(act.expr, [float(w) for w in omega]), dtype=np.complex128)
            mask = np.isfinite(num)
            method = "mpmath quadrature between breakpoints + QUADPACK QAWF tails per oscillating part of σ"
            routes = ["theory", "mpmath + QAWF tails"]
        except (SpecbiasError, ArithmeticError, ValueError, TypeError):
            pass
    if not mask.any() and route != "oracle" and not has_osc and isinstance(act.growth, tuple):
        # no point resolvable by QUADPACK (σ^(n) beyond the numeric side's derivative limit, e.g.
        # relu_pow with k ≥ 9): pair σ̂ with narrow Gaussian windows (the distributional route)
        return _verify_by_pairing(ang, act, extra)
    if not mask.any():
        return _record(float("nan"), points=0, method=method, skipped=len(omega), tolerance=TRANSFORM_RTOL,
                       routes=routes, check="transform", extra=extra)
    err, near = _errors(num[mask], exact[mask])
    worst = float(np.max(err))
    rec = _record(worst, points=int(mask.sum()), method=method, skipped=int((~mask).sum()),
                  tolerance=TRANSFORM_RTOL, routes=routes, check="transform", near_zero=near, extra=extra)
    if has_osc and not extra["point_spectrum"]["passed"] and extra["point_spectrum"]["points"] > 0:
        rec["passed"] = False
        rec["failure"] = "point spectrum: " + extra["point_spectrum"].get("failure", "failed")
    return rec


#: centres of the Gaussian windows of the pairing route, and their relative width
PAIRING_OMEGAS = (1.0, 4.0)
PAIRING_WIDTH = 1 / 20
PAIRING_DPS = 18


def _verify_by_pairing(ang, act, extra) -> dict:
    """⟨σ̂, φ⟩ = ⟨σ, φ̂⟩ for φ(ω) = exp(-(ω-ω₀)²/(2s²)), s = ω₀/20, φ̂(t) = s√(2π) e^{-s²t²/2} e^{-iω₀t}.

    Numeric side: ∫ σ(t) φ̂(t) dt by mpmath Gauss-Legendre (σ's definition only, Gaussian decay).
    Theory side: ∫ R(ω) φ(ω) dω over ω > ω₀/4 (φ < e^{-112} outside, so the δ terms at 0 and the
    finite part near 0 contribute below 1e-12 relative)."""
    import mpmath
    import sympy as sp

    from specbias.core.activations import T
    from specbias.theory.fourier import OMEGA

    def mp_heaviside(x, h0=0.5):
        return mpmath.mpf(1) if x > 0 else (mpmath.mpf(0) if x < 0 else mpmath.mpf(h0))

    f_sigma = sp.lambdify(T, act.expr, modules=[{"Heaviside": mp_heaviside}, "mpmath"])
    f_reg = sp.lambdify(OMEGA, ang.regular, modules="mpmath")
    pts = sorted({float(p) for h in act.expr.atoms(sp.Heaviside) for p in sp.solve(h.args[0], T)} | {0.0})
    errs = []
    # t^m e^{-s²t²/2} cancels down to ~(1/s)^m of the result: 15 digits + m more
    with mpmath.workdps(PAIRING_DPS + max(act.growth)):
        for w0 in PAIRING_OMEGAS:
            w0 = mpmath.mpf(w0)
            s = w0 * PAIRING_WIDTH
            L = 14 / s
            period = 2 * mpmath.pi / w0
            knots = sorted({mpmath.mpf(p) for p in pts if -L < p < L} | {-L, L})
            grid = []
            for a, b in zip(knots[:-1], knots[1:]):
                m = max(1, int((b - a) / (4 * period)))  # four periods per panel
                grid.extend(a + (b - a) * i / m for i in range(m))
            grid.append(knots[-1])
            num = mpmath.quad(lambda t: f_sigma(t) * s * mpmath.sqrt(2 * mpmath.pi)
                              * mpmath.exp(-s ** 2 * t ** 2 / 2) * mpmath.expj(-w0 * t), grid,
                              method="gauss-legendre")
            lo, hi = w0 / 4, w0 + 14 * s
            wgrid = [lo + (hi - lo) * i / 16 for i in range(17)]
            th = mpmath.quad(lambda w: f_reg(w) * mpmath.exp(-(w - w0) ** 2 / (2 * s ** 2)), wgrid)
            errs.append(float(abs(num - th) / abs(th)))
    return _record(max(errs), points=len(errs), skipped=0, tolerance=TRANSFORM_RTOL,
                   method="distributional pairing ⟨σ̂, φ⟩ = ⟨σ, φ̂⟩ with Gaussian windows at ω₀ ∈ "
                          f"{PAIRING_OMEGAS}, width ω₀/20 (mpmath Gauss-Legendre, 18 + growth-degree digits)",
                   routes=["theory", "mpmath pairing"], check="transform", extra=extra)


def _verify_point_spectrum(ang, subtract_regular: bool = False) -> dict:
    """Point masses δ(ω − ω₀): check each coefficient with the numeric Bohr mean of σ.

    With ``subtract_regular`` (σ also has a regular part) the Bohr mean is taken only when σ is
    bounded; otherwise the point masses are reported as not checked."""
    from specbias.numerics.fourier import mean_coefficient

    method = "Bohr mean 2π·(1/2T)∫σ e^{-iω₀t} dt for the point masses"
    if subtract_regular and ang.activation.growth not in ((0, 0), None):
        return {"max_rel_err": float("nan"), "points": 0, "method": method, "skipped": 0, "passed": False,
                "tolerance": TRANSFORM_RTOL, "routes": ["theory", "Bohr mean"], "check": "point spectrum",
                "note": "σ is unbounded: the Bohr mean of its oscillating part is not checked"}
    errs = []
    for s in ang.singular:
        if s.order != 0 or s.location == 0:
            continue
        try:
            num = complex(mean_coefficient(ang.activation, float(s.location)))
        except (NumericError, SpecbiasError):
            continue
        ex = complex(s.coefficient)
        errs.append(abs(num - ex) / abs(ex))
    return _record(max(errs) if errs else float("nan"), points=len(errs), method=method, skipped=0,
                   tolerance=TRANSFORM_RTOL, routes=["theory", "Bohr mean"], check="point spectrum")


def verify_weight(sw, points: int = 12) -> dict:
    """W_σ,d from the formula against ω^{d-1}/|σ̂_numeric(ω)|² (QAWF route) on ω ∈ [0.05, 20]."""
    from specbias.numerics.fourier import transform_for

    omega = omega_grid(points)
    nt = transform_for(sw.activation)  # built and evaluated once per activation, not once per d
    num_hat = np.asarray(nt(omega), dtype=np.complex128)
    mask = np.asarray(nt.resolvable(omega), dtype=bool)
    exact = sw.evaluate(omega)
    method = f"ω^(d-1)/|σ̂|² with σ̂ by {nt.method()}"
    routes = ["theory", nt.route()]
    if not mask.any():
        return _record(float("nan"), points=0, method=method, skipped=len(omega), tolerance=WEIGHT_RTOL,
                       routes=routes, check="weight")
    with np.errstate(divide="ignore", invalid="ignore"):
        num = omega[mask] ** (sw.dim - 1) / np.abs(num_hat[mask]) ** 2
        rel = np.abs(num - exact[mask]) / np.abs(exact[mask])
    worst = float(np.max(rel)) if np.all(np.isfinite(rel)) else float("nan")
    return _record(worst, points=int(mask.sum()), method=method, skipped=int((~mask).sum()),
                   tolerance=WEIGHT_RTOL, routes=routes, check="weight")


# --------------------------------------------------------------------------------------------
# Verified entry points
# --------------------------------------------------------------------------------------------
def _fail(result, rec, what: str):
    raise VerificationFailed(f"{what} failed its own verification: {rec.get('failure', 'failed')} "
                             f"({rec.get('method', '')})", record=rec, result=result)


def transform(activation, convention=None, *, verify: bool = True, timeout: float | None = None, **params):
    """The generalized Fourier transform of ``activation``, derived under a time budget
    (``timeout`` seconds, default :data:`specbias.core.budget.DEFAULT_SECONDS`) and verified
    against the independent numeric route.  Raises VerificationFailed (with ``.record``) when the
    check fails, unless ``verify=False``; the record is attached as ``result.verification``."""
    from specbias.core import budget
    from specbias.core.activations import as_activation, resolve_activation
    from specbias.theory.fourier import fourier_transform

    secs = budget.DEFAULT_SECONDS if timeout is None else timeout
    with budget.budget(secs, "transform"):
        with budget.step("parse"):
            act = resolve_activation(activation, **params) if isinstance(activation, str) else as_activation(activation)
        with budget.step("derive"):
            gt = fourier_transform(act, convention=convention)
        rec = None
        if verify:
            with budget.step("verify"):
                rec = verify_transform(gt)
    gt._cache["verification"] = rec
    if verify and not rec["passed"]:
        _fail(gt, rec, f"the transform of {act.name}")
    return gt


def seminorm(activation, dim: int, *, verify: bool = True, timeout: float | None = None, **params):
    """The spectral weight W_σ,d, derived under a time budget and verified (see :func:`transform`)."""
    from specbias.core import budget
    from specbias.core.activations import as_activation, resolve_activation
    from specbias.theory.seminorm import spectral_weight

    secs = budget.DEFAULT_SECONDS if timeout is None else timeout
    with budget.budget(secs, "seminorm"):
        with budget.step("parse"):
            act = resolve_activation(activation, **params) if isinstance(activation, str) else as_activation(activation)
        with budget.step("derive"):
            sw = spectral_weight(act, dim)
        rec = None
        if verify:
            with budget.step("verify"):
                rec = verify_weight(sw)
    if verify and not rec["passed"]:
        _fail(sw, rec, f"the weight W of {act.name} (d = {dim})")
    return sw
