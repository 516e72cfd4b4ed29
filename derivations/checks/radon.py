"""``specbias verify`` rows for the Radon transform (issue 3).

The rows do not depend on the activation (``activation`` is None).  Per requested dimension
d ∈ [2, 5]: the Gaussian closed form (theory.radon) against the hyperplane quadrature
(numerics.radon.radon), the symbolic Fourier slice identity and the symbolic ramp-filter form
(d ≤ 3 for the slice, to keep the default run short).  Once (d = 2): the grid transform against the
closed form, the adjoint dot test, the numeric Fourier slice test, the disc and J_0 closed forms
against the radial numeric route, and the 2-D FBP round trip with γ_2; with d = 3 requested, the
3-D FBP round trip with γ_3.
"""

from __future__ import annotations

import math

import numpy as np

from specbias.derivations.checks import CheckRow
from specbias.core.errors import SpecbiasError

TOL_QUAD = 1e-8
TOL_GRID = 1e-10
TOL_DOT = 1e-10


def _row(check, d, routes, fn, tol, points=0, detail=""):
    try:
        err, more = fn()
    except SpecbiasError as exc:
        return CheckRow(check, None, d, routes, float("nan"), tol, points, f"{type(exc).__name__}: {exc}")
    return CheckRow(check, None, d, routes, float(err), tol, points, (detail + " " + more).strip())


def _gaussian(d, seed=2026):
    rng = np.random.default_rng(seed + d)
    Q, _ = np.linalg.qr(rng.standard_normal((d, d)))
    A = Q @ np.diag(rng.uniform(0.6, 2.0, d)) @ Q.T
    A = 0.5 * (A + A.T)
    mu = rng.uniform(-0.5, 0.5, d)
    return A, mu, rng


def _closed(A, mu):
    import sympy as sp

    from specbias.theory.radon import gaussian_radon

    d = len(mu)
    return gaussian_radon(sp.Matrix(d, d, lambda i, j: sp.Rational(A[i, j])), [sp.Rational(x) for x in mu])


def _callable(A, mu):
    L = np.linalg.cholesky(A)
    return lambda X: np.exp(-0.5 * np.sum(((X - mu) @ L) ** 2, axis=1))


def _quadrature_row(d):
    from specbias.numerics.radon import radon

    def fn():
        A, mu, rng = _gaussian(d)
        U = rng.standard_normal((2, d))
        U /= np.linalg.norm(U, axis=1, keepdims=True)
        t = np.array([-0.8, 0.0, 0.6])
        ref = _closed(A, mu).numeric(U, t)
        num, est = radon(_callable(A, mu), U, t, extent=10.0, rtol=1e-9, max_points=1_200_000,
                         return_error=True)
        scale = np.max(np.abs(ref))
        return np.max(np.abs(num - ref)) / scale, f"reported estimate {np.max(est) / scale:.1e}"

    return _row("Radon of anisotropic shifted Gaussian", d, ["closed form (Fourier slice)", "hyperplane quadrature"],
                fn, TOL_QUAD, 6)


def _slice_symbolic_row(d):
    from specbias.theory.radon import fourier_slice

    def fn():
        fs = fourier_slice("gaussian", d)
        c = complex(fs.constant)
        return (abs(c - 1.0) if fs.holds else float("inf")), f"F_t[Rf(u,·)](k) = {fs.constant}·f̂(ku)"

    return _row("Fourier slice theorem (symbolic)", d, ["F_t[Rf](k)", "f̂(ku)"], fn, 1e-15, 0,
                "Gaussian in invariants m=u·μ, σ²=uᵀA⁻¹u;")


def _ramp_row(d):
    from specbias.theory.radon import ramp_filter

    def fn():
        rf = ramp_filter(d)
        return (0.0 if rf.holds else float("inf")), sp_str(rf.result)

    return _row("ramp filter Λ^{d−1} = |ω|^{d−1} (symbolic)", d, ["±∂^{d−1} (odd d) / ±H∂^{d−1} (even d)", "|ω|^{d−1}"], fn, 0.0)


def sp_str(e):
    import sympy as sp

    return e if isinstance(e, str) else sp.sstr(e)


def _grid_rows():
    from specbias.numerics.radon import grid_offsets, radon_grid, radon_grid_adjoint

    rows = []

    def fn_grid():
        A, mu, rng = _gaussian(2, 11)
        n = 129
        h = 16.0 / (n - 1)
        x = (np.arange(n) - (n - 1) / 2) * h
        X1, X2 = np.meshgrid(x, x, indexing="ij")
        img = _callable(A, mu)(np.stack([X1.ravel(), X2.ravel()], 1)).reshape(n, n)
        th = rng.uniform(0, np.pi, 16)
        S = radon_grid(img, th, h=h)
        U = np.stack([np.cos(th), np.sin(th)], 1)
        ref = _closed(A, mu).numeric(U, grid_offsets(S.shape[1], h))
        return np.max(np.abs(S - ref)) / np.max(ref), "n=129, 16 random angles"

    rows.append(_row("grid Radon of Gaussian (2-D)", 2, ["closed form", "radon_grid"], fn_grid, TOL_GRID, 16))

    def fn_dot():
        rng = np.random.default_rng(5)
        worst = 0.0
        for n in (32, 33):
            th = rng.uniform(0, np.pi, 9)
            x = rng.standard_normal((n, n))
            Rx = radon_grid(x, th)
            y = rng.standard_normal(Rx.shape)
            a, b = np.vdot(Rx, y), np.vdot(x, radon_grid_adjoint(y, th, n))
            worst = max(worst, abs(a - b) / abs(a))
        return worst, "n = 32, 33"

    rows.append(_row("grid adjoint dot test <Rx,y> = <x,R^T y>", 2, ["radon_grid", "radon_grid_adjoint"],
                     fn_dot, TOL_DOT, 2))
    return rows


def _slice_numeric_row():
    from specbias.numerics.radon import fourier_nd, radon

    def fn():
        A, mu, rng = _gaussian(2, 3)
        f = _callable(A, mu)
        u = rng.standard_normal(2)
        u /= np.linalg.norm(u)
        dt = 0.25
        tg = np.arange(-64, 64) * dt
        g = radon(f, u[None, :], tg, extent=10.0, rtol=1e-10)[0]
        w = 2 * np.pi * np.fft.fftfreq(tg.size, dt)
        G = np.fft.fft(g) * dt * np.exp(-1j * w * tg[0])
        sel = np.abs(w) <= 4.0
        fh = fourier_nd(f, w[sel, None] * u[None, :], extent=10.0, n=64)
        return np.max(np.abs(G[sel] - fh)) / np.max(np.abs(fh)), "random u, |ω| ≤ 4"

    return _row("Fourier slice theorem (numeric)", 2, ["FFT_t of quadrature Rf", "2-D trapezoid f̂(ωu)"], fn, 1e-9)


def _radial_rows():
    from scipy.special import j0

    import sympy as sp

    from specbias.numerics.radon import radon_radial
    from specbias.theory.radon import bessel_j0_radon, disc_radon, t as T

    def fn_disc():
        tt = np.linspace(-0.9, 0.9, 19)  # avoids |t| = R, where √(R² − t²) is ill-conditioned
        e = disc_radon(sp.Rational(3, 4))
        ref = np.array([float(e.subs(T, sp.Float(x, 20))) for x in tt])
        num = radon_radial(lambda r: 1.0, 2, tt, support=0.75)
        return np.max(np.abs(num - ref)) / np.max(ref), "R = 3/4"

    def fn_j0():
        tt = np.array([0.0, 0.13, 0.5, 0.91, 1.7])
        ref = bessel_j0_radon().numeric(np.array([[1.0, 0.0]]), tt)[0]
        num = radon_radial(lambda r: j0(2 * math.pi * r), 2, tt, period=1.0)
        return np.max(np.abs(num - ref)) / np.max(np.abs(ref)), "Wynn-accelerated oscillatory integral"

    return [_row("Radon of disc indicator: 2√(R²−t²)", 2, ["Abel (SymPy)", "radial quadrature"], fn_disc, 1e-10),
            _row("Radon of J0(2π|x|): cos(2πt)/π", 2, ["Hankel + slice (SymPy)", "radial quadrature"], fn_j0, 1e-9)]


def _fbp_rows(dims):
    from specbias.numerics.radon import fbp, fbp_grid, radon, radon_grid, sphere_quadrature
    from specbias.theory.radon import inversion_constant

    rows = []

    def fn2():
        n, m, L = 65, 100, 7.0
        h = 2 * L / (n - 1)
        x = (np.arange(n) - (n - 1) / 2) * h
        X1, X2 = np.meshgrid(x, x, indexing="ij")
        A, mu = np.array([[1.5, 0.3], [0.3, 0.8]]), np.array([0.3, -0.2])
        img = _callable(A, mu)(np.stack([X1.ravel(), X2.ravel()], 1)).reshape(n, n)
        th = np.arange(m) * np.pi / m
        g = float(inversion_constant(2).gamma)
        rec = fbp_grid(radon_grid(img, th, h=h), th, n, g, h=h)
        return np.max(np.abs(rec - img)), f"γ_2 = {g:.12g}, n = 65, 100 angles (abs. err, peak 1)"

    rows.append(_row("FBP round trip f = γ_d R*Λ^{d−1}Rf", 2, ["f", "γ_2 R*ΛRf (grid)"], fn2, 1e-6, 65 * 65))
    if 3 in dims:
        def fn3():
            A = np.array([[1.5, 0.3, 0.0], [0.3, 0.8, 0.1], [0.0, 0.1, 1.1]])
            mu = np.array([0.3, -0.2, 0.1])
            f = _callable(A, mu)
            U, W = sphere_quadrature(3, 8)
            t = np.arange(-7, 7.125, 0.25)
            S = radon(f, U, t, n=17, extent=7.0)
            P = np.random.default_rng(3).uniform(-1, 1, (10, 3))
            g = float(inversion_constant(3).gamma)
            rec = fbp(S, U, W, t, P, 3, g, method="local")
            return np.max(np.abs(rec - f(P))), f"γ_3 = {g:.12g}; 128 directions, cubic interpolation in t"

        rows.append(_row("FBP round trip f = γ_d R*Λ^{d−1}Rf", 3, ["f", "γ_3 R*(−∂²)Rf (quadrature)"], fn3, 5e-4, 10))
    return rows


def _dims(dims):
    return sorted({int(d) for d in dims if 2 <= int(d) <= 5})


def units(activations, dims):
    """Per dimension, then the 2-D grid rows, then the FBP round trips (see :mod:`derivations.checks`)."""
    ds = _dims(dims)
    out = [(None, ("dim", d)) for d in ds]
    if 2 in ds:
        out.append((None, ("grid2",)))
    if 2 in ds or 3 in ds:
        out.append((None, ("fbp",)))
    return out


def run_unit(key, dims):
    if key[0] == "dim":
        d = key[1]
        rows = [_quadrature_row(d)]
        if d <= 3:
            rows.append(_slice_symbolic_row(d))
        rows.append(_ramp_row(d))
        return rows
    if key[0] == "grid2":
        return _grid_rows() + [_slice_numeric_row()] + _radial_rows()
    return _fbp_rows(_dims(dims))


def collect(activations, dims):
    rows = []
    for _, key in units(activations, dims):
        rows.extend(run_unit(key, dims))
    return rows
