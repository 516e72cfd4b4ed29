"""`specbias verify` rows for the generalized transforms and the spectral weights."""

from __future__ import annotations

from specbias.core.records import Comparison


def compare_activation(act, dims, oracle: bool = True) -> list[Comparison]:
    """σ̂ against the QUADPACK route (and the mpmath oracle), and W_σ,d for each d, for one bound
    Activation.  Also what :func:`specbias.verify` returns."""
    from specbias.core.errors import DegenerateSeminorm, SpecbiasError
    from specbias.theory.fourier import fourier_transform
    from specbias.theory.seminorm import spectral_weight

    from ..verification import TRANSFORM_RTOL, verify_transform, verify_weight

    try:
        gt = fourier_transform(act)
    except SpecbiasError as exc:
        return [Comparison("transform", act.name, None, ["theory", "QAWF"], float("nan"), TRANSFORM_RTOL,
                           detail=f"no closed form: {exc}", passed=False)]
    v = verify_transform(gt)
    rows = [Comparison.from_verification("transform", v, routes=["theory", v["method"].split(" ")[0]],
                                         tolerance=TRANSFORM_RTOL, activation=act.name)]
    if oracle and gt.regular != 0:
        o = verify_transform(gt, points=6, route="oracle")
        rows.append(Comparison.from_verification("transform", o, routes=["theory", "mpmath oracle"],
                                                 tolerance=TRANSFORM_RTOL, activation=act.name))
    for d in dims:
        try:
            sw = spectral_weight(gt, d)
        except DegenerateSeminorm:
            continue
        w = verify_weight(sw)
        rows.append(Comparison.from_verification("weight W_σ,d", w, routes=["theory", "QAWF"],
                                                 tolerance=TRANSFORM_RTOL, activation=act.name, dim=d))
    return rows


def collect(activations, dims):
    from specbias.core.activations import resolve_activation

    rows = []
    for spec in activations:
        rows.extend(compare_activation(resolve_activation(spec), dims))
    return rows
