"""`specbias verify` rows for the generalized transforms and the spectral weights."""

from __future__ import annotations

from . import CheckRow


def collect(activations, dims):
    from specbias.core.activations import resolve_activation
    from specbias.core.errors import DegenerateSeminorm, SpecbiasError
    from specbias.theory.fourier import fourier_transform
    from specbias.theory.seminorm import spectral_weight

    from ..verification import TRANSFORM_RTOL, verify_transform, verify_weight

    rows = []
    for spec in activations:
        act = resolve_activation(spec)
        try:
            gt = fourier_transform(act)
        except SpecbiasError as exc:
            rows.append(CheckRow("transform", act.name, None, ["theory", "QAWF"], float("nan"), TRANSFORM_RTOL,
                                 detail=f"no closed form: {exc}", passed=False))
            continue
        v = verify_transform(gt)
        rows.append(CheckRow("transform", act.name, None, ["theory", v["method"].split(" ")[0]], v["max_rel_err"],
                             TRANSFORM_RTOL, points=v["points"], detail=v["method"]))
        if gt.regular != 0:
            o = verify_transform(gt, points=6, route="oracle")
            rows.append(CheckRow("transform", act.name, None, ["theory", "mpmath oracle"], o["max_rel_err"],
                                 TRANSFORM_RTOL, points=o["points"], detail=o["method"]))
        for d in dims:
            try:
                sw = spectral_weight(gt, d)
            except DegenerateSeminorm:
                continue
            w = verify_weight(sw)
            rows.append(CheckRow("weight W_σ,d", act.name, d, ["theory", "QAWF"], w["max_rel_err"], TRANSFORM_RTOL,
                                 points=w["points"], detail=w["method"]))
    return rows


def units(activations, dims):
    """One unit per activation (see :mod:`derivations.checks`)."""
    return [(spec, spec) for spec in activations]


def run_unit(key, dims):
    return collect([key], dims)
