"""``specbias verify`` rows for the activation seminorm (issue 4, numeric side).

Per dimension: the constants (C_d built from the conventions vs THEORY.md's claim, the polar double
cover factor 2, Plancherel, the Radon inversion constant γ_d).  Per activation and dimension: the
seminorm of a fixed two-component Gaussian mixture by the FFT, Radon and mpmath-oracle routes
(three pairwise rows), and once per activation the bulk σ̂ against ``numerics.fourier``.
Activations whose σ̂ vanishes on a set (sin) give one row that passes when the typed
``DegenerateSeminorm`` refusal is raised.
"""

from __future__ import annotations

import math

import numpy as np

from specbias.derivations.checks import CheckRow
from specbias.core.activations import resolve_activation
from specbias.core.errors import DegenerateSeminorm, SpecbiasError

#: widths tried in turn: the first one whose integrand is resolved is used (W_σ grows like
#: e^{πω} for sigmoid-like σ and like e^{ω²} for the Gaussian and GELU)
_WIDTHS = ((0.6, 0.8), (1.3, 1.5), (1.8, 2.0))
_CENTERS = np.array([[0.2, 0.1, 0.0], [-0.3, 0.2, 0.1]])

TOL_RADON_ORACLE = 1e-8
TOL_FFT = 1e-5
TOL_CONST = 1e-12


def _mixture(d, widths):
    from specbias.numerics.seminorm import GaussianMixture

    return GaussianMixture(np.array([1.0, -0.5]), _CENTERS[:, :d], np.array(widths))


def _radon_row(d):
    """numerics.radon (issue 3) against the Gaussian closed form used by the fast seminorm rows."""
    from specbias.numerics import seminorm as sn
    from specbias.numerics.radon import radon

    g = _mixture(d, _WIDTHS[0])
    u, _ = sn.sphere_quadrature(d, 24 if d == 2 else 4)
    t = np.linspace(-3, 3, 61)
    how = "numerics.radon (hyperplane quadrature)"
    try:
        R = np.asarray(radon(g, u, t, extent=g.extent(8.0), rtol=1e-10, strict=False), dtype=np.float64)
    except SpecbiasError as exc:
        return CheckRow("seminorm Radon input: numerics.radon vs closed form", None, d, ["numerics.radon", "closed form"],
                        math.nan, 1e-9, 0, f"failed: {exc}", False)
    ref = g.radon(u, t)
    return CheckRow("seminorm Radon input: numerics.radon vs closed form", None, d, [how, "closed form"],
                    float(np.max(np.abs(R - ref)) / np.max(np.abs(ref))), 1e-9, R.size,
                    "the seminorm rows below use the closed form for speed")


def _constant_rows(d):
    from specbias.numerics import seminorm as sn

    rows = []
    if 2 <= d <= 3:
        rows.append(_radon_row(d))
    cc = sn.constant_checks(d)
    rows.append(CheckRow("seminorm constant C_d (conventions vs THEORY.md)", None, d,
                         ["2·γ_d²·plancherel(1)", "1/(4π(2π)^{2(d−1)})"], cc["C_d_rel_err"], TOL_CONST, 1,
                         f"C_d = {cc['C_d']:.15g}"))
    if d <= 3:
        rows.append(CheckRow("polar double cover ∫_S∫|ω|^{d−1}F(ωu) = 2∫F", None, d, ["quadrature", "closed form"],
                             sn.double_cover_check(d), 1e-10, 300, "anisotropic off-centre Gaussian F"))
        rows.append(CheckRow("Plancherel ∫|g|² = (2π)^{−d}∫|ĝ|²", None, d, ["grid", "FFT-sampled ĝ"],
                             sn.plancherel_check(d), 1e-8, 0, "random Gaussian mixture"))
        rows.append(CheckRow("Radon inversion g = γ_d R*Λ^{d−1}Rg", None, d, ["γ_d R*Λ^{d−1}R g", "g"],
                             sn.inversion_check(d), 1e-4, 5, f"γ_d = {sn.gamma_d(d):.12g}; linear interpolation "
                             "in t limits the accuracy to ~1e-5"))
    return rows


def _activation_rows(spec, dims):
    from specbias.numerics import seminorm as sn

    rows = []
    try:
        act = resolve_activation(spec)
    except SpecbiasError as exc:
        return [CheckRow("seminorm routes", spec, None, [], math.nan, 0.0, 0, f"refused: {exc}", False)]
    name = act.name
    try:
        spectrum = sn.get_spectrum(act)
    except DegenerateSeminorm as exc:
        return [CheckRow("seminorm degenerate σ̂ refused", name, None, ["DegenerateSeminorm"], 0.0, 0.0, 0,
                         str(exc)[:160], True)]
    except SpecbiasError as exc:
        return [CheckRow("seminorm routes", name, None, [], math.nan, 0.0, 0, f"σ̂ failed: {exc}", False)]
    rows.extend(_kernel_claim_rows(act, dims))
    err, npts = spectrum.crosscheck()
    if npts:
        rows.append(CheckRow("σ̂ bulk (seminorm) vs numerics.fourier", name, None,
                             ["DerivativeTransform", "NumericTransform"], err, 1e-9, npts))
    for d in dims:
        if d > 3:
            continue
        last_exc = None
        for widths in _WIDTHS:
            g = _mixture(d, widths)
            try:
                o = sn.seminorm_oracle(g, act, d)
                r = sn.seminorm_radon(g, act, d, radon_method="closed")
                f = sn.seminorm_fourier(g, act, d)
            except SpecbiasError as exc:
                last_exc = exc
                continue
            det = f"g = Gaussian mixture, widths {widths}; ‖g‖² = {o.value:.12g}"
            rows.append(CheckRow("seminorm radon vs oracle", name, d, ["radon", "oracle-mpmath"],
                                 abs(r.value - o.value) / abs(o.value), TOL_RADON_ORACLE, r.points, det + "; " + r.detail))
            rows.append(CheckRow("seminorm fourier vs oracle", name, d, ["fourier-fft", "oracle-mpmath"],
                                 abs(f.value - o.value) / abs(o.value), TOL_FFT, f.points, det))
            rows.append(CheckRow("seminorm fourier vs radon", name, d, ["fourier-fft", "radon"],
                                 abs(f.value - r.value) / abs(r.value), TOL_FFT, f.points, det))
            break
        else:
            rows.append(CheckRow("seminorm routes", name, d, ["fourier-fft", "radon", "oracle-mpmath"], math.nan,
                                 TOL_FFT, 0, f"no test width resolved: {last_exc}", False))
    return rows


def _kernel_claim_rows(act, dims):
    """THEORY.md §3 "ReLU check": with u uniform on the sphere and τ uniform on [−T, T], the
    infinite-width RF kernel equals the polyharmonic kernel r^{2p−1} up to null-space terms."""
    from specbias.numerics import kernel_regime as kr
    from specbias.numerics import seminorm as sn

    spec = sn.get_spectrum(act)
    if not (spec._fallback.exact and act.homogeneity is not None):
        return []
    try:
        deg = kr.null_space_degree(act)
    except SpecbiasError:
        return []
    if deg not in (0, 1):
        return []
    rows = []
    for d in dims:
        if d > 3:
            continue
        res, alpha, _ = kr.kernel_claim_check(act, d, n_dir={1: 2, 2: 1000, 3: 2000}[d])
        tol = 1e-6 if d <= 2 else 5e-5  # d = 3: Fibonacci directions (quasi-Monte Carlo) limit the accuracy
        rows.append(CheckRow("RF kernel = polyharmonic mod null space", act.name, d,
                             ["∫∫σσ dτ du (quadrature)", f"α·r^{2 * deg + 1} + null-space terms"], res, tol, 78,
                             f"α = {alpha:.10g}; u uniform on S^(d−1), τ uniform on [−2, 2]"))
    return rows


def collect(activations, dims):
    rows = []
    for d in dims:
        rows.extend(_constant_rows(d))
    for spec in activations:
        rows.extend(_activation_rows(spec, dims))
    return rows
