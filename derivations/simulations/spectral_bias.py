"""``specbias simulate spectral-bias``: per-frequency convergence rates of lazy shallow networks, predicted
from σ̂ (theory), computed from the kernel (numerics) and measured in training (issue 11).

Three columns per frequency k:

* ``rate_predicted``: from the theory side.  Circle without encoding, where the Fourier modes are the
  kernel's eigenvectors: the derived eigenvalue (theory/ntk.py: Jacobi–Anger + Weber's integral of σ̂ for the
  Gaussian law, Jacobi–Anger coefficient averaged over |w|'s law on the square for PyTorch's uniform law).
  Interval and encodings, where they are not: the fitted decay of kernel GD under the derived kernel
  (Mehler's formula with Hermite coefficients from σ̂, theory.ntk.gaussian_kernel), recorded at the same
  steps and fitted the same way as the network; the Rayleigh quotient (the rate at t = 0; on the interval
  the end-point + stationary law) is ``rate_rayleigh_predicted``.  PyTorch's uniform law off the circle:
  on the interval without encoding (fan_in = 1) the kernel comes from σ's symbolic antiderivative
  (theory.ntk.uniform_kernel) and is used the same way; with an encoding or on the sphere (fan_in > 1) there
  is no derived prediction (rate_predicted null, said in the notes);
* ``rate_kernel``: the same quantity from the numerically computed kernel (numerics/ntk.py: split
  quadrature of σ over the init law on the circle, a Monte-Carlo Gram matrix otherwise);
* ``rate_measured``: a lazy network (antisymmetric init, NTK scaling, lazy scale α) trained by full-batch
  GD on the single mode k; the residual's frequency-k amplitude is fitted over its first ~20% of decay.
  ``width_tolerance``: how far a width-m network may sit from the infinite-width rate, from draws of
  width-m kernels (spread, and on the interval also the finite-width bias of the fitted decay).
"""

from __future__ import annotations

import math
import os
import sys

import numpy as np

from specbias.core.errors import NoClosedForm, ParameterError
from specbias.derivations.simulations.common import add_activation_options, add_output_options, parse_ints, pyplot, save_figure, write_record

DEFAULT_K = {"circle": "2,3,4,6,8,11,16", "interval": "5,10,15,20,25,30,35,40,45,50", "sphere": "2,3,4,5,6,8"}
DEFAULT_N = {"circle": 96, "interval": 200, "sphere": 400}
# Lazy scale α by case (keyed by zonal()): on the interval the slow modes decay by < 1% over the fit window, so
# the tangent kernel's drift at α = 32 dominated them (relu, k = 30/50: measured 3.3e-6/1.4e-6 at α = 32,
# 8.2e-6/3.2e-6 at 256, 9.4e-6/3.5e-6 at 2048, against 9.4e-6/3.5e-6 from GD with the width-2048 initial kernel).
LAZY_DEFAULT = {True: 32.0, False: 1024.0}


def register(kinds):
    p = kinds.add_parser(
        "spectral-bias", help="per-frequency convergence rates: predicted from σ̂, kernel, trained network",
        description="Spectral bias in time: the tangent-kernel eigenvalue of each frequency, derived from σ̂, "
                    "computed from the kernel, and measured in lazy full-batch GD.")
    add_activation_options(p)
    p.add_argument("--domain", choices=("circle", "interval", "sphere"), default="circle",
                   help="circle (equispaced), interval (grid of [0, 1)) or sphere (random points on S^{d-1}, --dim d)")
    p.add_argument("--dim", type=int, default=3, help="ambient dimension d for --domain sphere (default 3)")
    p.add_argument("--train", choices=("output", "first", "both"), default="both")
    p.add_argument("--encoding", default="none", help="none, nerf:L or gauss:S,M")
    p.add_argument("--frequencies", default=None,
                   help="comma-separated k (default circle 2..16, interval 5..50, sphere 2..8)")
    p.add_argument("--points", type=int, default=None,
                   help="data points (default 96 on the circle, 200 on [0,1), 400 on the sphere)")
    p.add_argument("--width", type=int, default=2048)
    p.add_argument("--lazy-scale", type=float, default=None,
                   help="α: output weights ×α, first-layer lr η/α² (default 32 on the circle, 1024 on the interval or with an encoding, where slow modes decay by < 1%% over the window and kernel drift at α = 32 dominated them)")
    p.add_argument("--init", choices=("gaussian", "uniform"), default="gaussian",
                   help="gaussian (w ~ N(0, s_w²), b ~ N(0, s_b²)) or uniform (PyTorch nn.Linear default)")
    p.add_argument("--weight-std", type=float, default=1.0)
    p.add_argument("--bias-std", type=float, default=1.0)
    p.add_argument("--widths", default="256,1024,4096",
                   help="widths for the equal-time comparison with kernel GD (circle, no encoding); 'none' to skip")
    p.add_argument("--compare", default="relu,step,tanh,sigmoid,gelu,gaussian,sin",
                   help="activations drawn on the rate-vs-frequency figure (predicted and kernel rates)")
    p.add_argument("--seed", type=int, default=0)
    add_output_options(p)
    p.set_defaults(func=run)


def _ints(text, name):
    return parse_ints(text, f"--{name} expects integers such as 2,4,8, got {text!r}",
                      f"--{name} must be positive integers, got {text!r}")


def _slope(x, y, log_x=True):
    x, y = np.asarray(x, float), np.asarray(y, float)
    ok = np.isfinite(y) & (y > 0)
    if ok.sum() < 2:
        return None
    xx = np.log(x[ok]) if log_x else x[ok]
    return float(np.polyfit(xx, np.log(y[ok]), 1)[0])


def _clean(obj):
    """Strict JSON: NaN/inf -> None, NumPy -> Python."""
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_clean(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return _clean(obj.tolist())
    if isinstance(obj, (np.floating, float)):
        f = float(obj)
        return f if math.isfinite(f) else None
    if isinstance(obj, np.integer):
        return int(obj)
    return obj


def theory_law(law_n, dim: int = 2):
    """The theory side's law for a numerics InitLaw: GaussianLaw(s_w, s_b, s_v²) or UniformLaw(dim) (PyTorch's
    nn.Linear(dim, m))."""
    from specbias.theory import ntk as th

    if law_n.kind == "uniform":
        return th.UniformLaw(dim)
    return th.GaussianLaw(law_n.weight_std, law_n.bias_std, law_n.sv2)


def zonal(domain, encoding) -> bool:
    """True when the Fourier modes are the kernel's eigenvectors (the circle without an encoding)."""
    return domain == "circle" and encoding is None


def predicted_rates(act, domain, train, ks, X, law_n):
    """(rate_predicted, rate_predicted_grid) on the circle without encoding, from the theory side."""
    from specbias.theory import ntk as th

    law_t = theory_law(law_n)
    return th.circle_eigenvalues(act, ks, train, law_t), th.circle_grid_rates(act, ks, X.shape[0], train, law_t)


def gd_fitted_rates(K, X, ks, domain, eta, steps):
    """The rate a kernel-GD run on the single mode k shows: the residual r_t = (I − ηK/n)^t (−y) (theory),
    its frequency-k amplitude at the recorded steps, and the same least-squares fit as the trained network's
    (numerics).  Where the modes are not eigenvectors of K (interval, encodings) this, not the Rayleigh
    quotient, is the quantity a trained lazy network measures: the part of y along K's top eigenvectors
    leaves within a few steps and the rest decays more slowly."""
    from specbias.numerics import ntk as nu
    from specbias.theory import ntk as th

    out = []
    for k, T in zip(ks, steps):
        c, s = nu.mode_vectors(X, k, domain)
        y = s if domain == "interval" else c
        rec = nu.record_steps(T)
        traj = th.kernel_gd_residual(K, -y, eta, rec)
        amps = [nu.fourier_amplitudes(X, r, [k], domain)[0] for r in traj]
        out.append(nu.fit_rate(rec, amps, eta))
    return np.array(out)


def _modes(X, ks, domain):
    from specbias.numerics.ntk import mode_vectors

    cols = []
    for k in ks:
        cols += list(mode_vectors(X, k, domain))
    return np.stack(cols, 1)


def _rayleigh_pairs(th, K, modes, domain):
    q = th.rayleigh_rates(K, modes)
    c, s = q[0::2], q[1::2]
    # the trained targets are sin 2πkx (interval) and cos kθ (circle); an encoded kernel is not zonal, so
    # cos and sin modes of the circle have different Rayleigh quotients
    return s if domain == "interval" else c


def run_experiment(act, *, domain="circle", train="both", encoding=None, ks=None, n_points=None, width=2048,
                   alpha=None, law=None, widths=(), seed=0, progress=True, heatmap=False, dim=3):
    from specbias.numerics import ntk as nu
    from specbias.numerics.encoding import encode
    from specbias.theory import ntk as th

    law = law or nu.InitLaw()
    alpha = LAZY_DEFAULT[zonal(domain, encoding)] if alpha is None else alpha
    ks = list(ks or _ints(DEFAULT_K[domain], "frequencies"))
    n = int(n_points or DEFAULT_N[domain])
    if n < 4 or (domain == "circle" and max(ks) >= n // 2) or (domain == "interval" and max(ks) >= n // 2):
        raise ParameterError(f"every frequency must be below points/2 = {n // 2} (got max k = {max(ks)}, points = {n})")
    if domain == "sphere":
        if encoding is not None:
            raise ParameterError("--domain sphere takes no encoding")
        X = nu.sphere_points(n, dim, seed=(seed, 3))
    else:
        X = nu.circle_points(n)[0] if domain == "circle" else nu.interval_points(n)
    Xe = encode(X, encoding, seed=seed)
    rec = {"activation": act.name, "domain": domain, "train": train,
           "encoding": "none" if encoding is None else ":".join(str(x) for x in encoding),
           "init": law.to_json(), "points": n, "width": width, "lazy_scale": alpha, "seed": seed,
           "frequencies": ks}
    notes = []
    # theory
    rate_pred = rate_grid = K_th = rayleigh = None
    if zonal(domain, encoding):
        rate_pred, rate_grid = predicted_rates(act, domain, train, ks, X, law)
        if law.kind == "uniform":
            notes.append("uniform (PyTorch) law: rate_predicted is the exact circle eigenvalue from σ̂ (Jacobi–Anger "
                         "coefficient averaged over the law of |w| on the square and b uniform; theory/ntk.py)")
    elif law.kind == "gaussian":
        K_th = th.gaussian_kernel(act, Xe, train, theory_law(law))
        rayleigh = _rayleigh_pairs(th, K_th, _modes(X, ks, domain), domain)
    elif Xe.shape[1] == 1:
        # the interval without encoding: fan_in = 1, the kernel from σ's antiderivative (theory.ntk.uniform_kernel)
        try:
            K_th = th.uniform_kernel(act, Xe, train, th.UniformLaw(1))
            rayleigh = _rayleigh_pairs(th, K_th, _modes(X, ks, domain), domain)
            notes.append("uniform (PyTorch) law, fan_in = 1: the kernel is derived from σ's symbolic antiderivative "
                         "(each moment E[g(wx+b)g(wx'+b)] one integral over u = wx+b; theory.ntk.uniform_kernel)")
        except NoClosedForm as exc:
            notes.append(f"uniform (PyTorch) law: no derived kernel ({exc}); rate_predicted is absent")
    else:
        notes.append("uniform (PyTorch) law: the kernel matrix is derived for scalar inputs (fan_in = 1) only; with "
                     "fan_in > 1 off the circle (encodings, the sphere) rate_predicted is absent (the pair "
                     "(w·x + b, w·x' + b) has a box-spline density); on the sphere (d ≤ 8) the degree-k eigenvalues "
                     "(rate_eigenvalue_predicted) are derived")
    if zonal(domain, encoding):
        L = th.large_k_law(act, train, theory_law(law))
        rec["law"] = L.to_json()
        if rate_pred is None and L.kind == "power":
            rate_pred = L.value(ks)
            rate_grid = rate_pred
    # numerics: kernel
    K_mc = None
    if zonal(domain, encoding):
        rate_kernel = nu.circle_coefficients(act, law, max(ks), train)[ks]
        kernel_how = "split Gauss-Legendre quadrature of σ over the init law (unaliased λ_k)"
    else:
        K_mc = nu.mc_gram(act, Xe, law, 2 ** 15, seed=(seed, 7), train=train)
        rate_kernel = nu.mode_rates(K_mc, X, ks, domain, which="sin" if domain == "interval" else "cos")
        kernel_how = "Monte-Carlo Gram matrix, 32768 features"
    # learning rate from the network's own kernel size
    F = nu.mc_features(act, Xe, law, 4096, seed=(seed, 11), train=train)
    lmax = float(np.linalg.eigvalsh(F @ F.T / n)[-1])
    eta = 1.0 / lmax
    design = np.asarray(rate_grid if rate_grid is not None else rayleigh if rayleigh is not None else rate_kernel, float)
    # at least 10 steps for the fastest listed mode's first 25% of decay (the fit's window)
    eta = min(eta, 0.025 / float(np.max(design)))
    steps = [int(min(4000, max(10, math.ceil(0.25 / (eta * max(r, 1e-300)))))) for r in design]
    if not zonal(domain, encoding):
        # the modes are not eigenvectors: what training measures is the fitted decay of kernel GD (see
        # gd_fitted_rates); the Rayleigh quotients (the rate at t = 0) are kept beside it
        rec["rate_rayleigh_predicted"], rec["rate_rayleigh_kernel"] = rayleigh, rate_kernel
        rate_kernel = gd_fitted_rates(K_mc, X, ks, domain, eta, steps)
        kernel_how += ", kernel-GD decay fitted over the training window"
        if K_th is not None:
            rate_pred = rate_grid = gd_fitted_rates(K_th, X, ks, domain, eta, steps)
            notes.append("rate_predicted: kernel GD under the derived kernel (" + (
                         "Mehler's formula with σ̂'s Hermite coefficients" if law.kind == "gaussian" else
                         "uniform law: σ's antiderivative") + "), its frequency-k amplitude fitted over the same steps as the network; the "
                         "modes are not eigenvectors here, so this differs from the Rayleigh quotient "
                         "(rate_rayleigh_predicted, the rate at t = 0)")
    # a mode whose decay over the step cap is below 1e-6 is not resolved by float64 lazy GD (the leakage
    # from faster modes is larger): it is not trained and reported as null
    resolv = [1.0 - (1.0 - eta * max(r, 0.0)) ** T >= 1e-6 for r, T in zip(design, steps)]
    kk = [k for k, ok in zip(ks, resolv) if ok]
    st = [T for T, ok in zip(steps, resolv) if ok]
    meas = np.full(len(ks), np.nan)
    if kk:
        got = nu.measure_rates(act, Xe, kk, domain, law=law, train=train, width=width, eta=eta, steps=st,
                               seed=seed, alpha=alpha) if encoding is None else \
            _measure_encoded(nu, act, Xe, X, kk, domain, law, train, width, eta, st, seed, alpha)
        meas[np.array(resolv)] = got
    if not all(resolv):
        notes.append(f"frequencies {[k for k, ok in zip(ks, resolv) if not ok]}: predicted decay over "
                     f"{max(steps)} steps below 1e-6, not measured (rate_measured null)")
    if zonal(domain, encoding):
        tol = nu.kernel_tolerance(act, Xe, ks, domain, law, train, width)
    else:
        tol = gd_width_tolerance(act, Xe, X, ks, domain, law, train, width, eta, steps,
                                 rate_pred if rate_pred is not None else rate_kernel)
    rec.update(rate_predicted=rate_pred, rate_predicted_grid=rate_grid, rate_kernel=rate_kernel, rate_measured=meas,
               eta=eta, steps=steps, kernel_method=kernel_how, width_tolerance=tol)
    rec["exponent_predicted"] = _slope(ks, rate_pred) if rate_pred is not None else None
    rec["exponent_kernel"] = _slope(ks, rate_kernel)
    rec["exponent_measured"] = _slope(ks, meas)
    if "law" in rec and rec["law"]["kind"] != "power" and rate_pred is not None:
        s = _slope(ks, rate_pred, log_x=False)
        rec["decay_predicted"] = None if s is None else -s
        sm = _slope(ks, meas, log_x=False)
        rec["decay_measured"] = None if sm is None else -sm
    ref = rate_grid if rate_grid is not None else None
    if ref is not None:
        rel = np.abs(np.asarray(meas) / np.asarray(ref) - 1)
        rec["rel_err"] = rel
        rec["median_rel_err"] = float(np.median(rel[np.isfinite(rel)])) if np.isfinite(rel).any() else None
        rec["within_width_tolerance"] = [bool(r <= t) for r, t in zip(rel, tol)]
        rec["kernel_vs_predicted_max_rel_err"] = float(np.max(np.abs(np.asarray(rate_kernel) / np.asarray(rate_pred) - 1)))
    else:
        rec["median_rel_err"] = None
    if domain == "circle" and encoding is None and widths and law.kind == "gaussian":
        rec["equal_time"] = equal_time_gap(act, X, ks, train, law, widths, eta, alpha, seed)
    if heatmap and rate_pred is not None:
        rec["heatmap"] = rahaman_heatmap(act, X, Xe, ks, domain, train, law, width, eta, alpha, seed,
                                         np.asarray(rate_grid, float), K=K_th)
    if domain == "interval" and encoding is None and law.kind == "gaussian":
        from specbias.theory import ntk as th

        tot, end, stat = th.interval_rates(act, ks, train, th.GaussianLaw(law.weight_std, law.bias_std, law.sv2),
                                           n_points=n)
        rec["rate_endpoint"], rec["rate_stationary"] = end, stat
        notes.append("interval: rate_rayleigh_predicted = rate_endpoint + rate_stationary (the end-point term "
                     "E[(φ(1) − φ(0))²]/(2π²k²) and the stationary THEORY.md §7 term) is the rate at t = 0; the "
                     "end-point part is learned within a few steps, so the fitted decay (rate_predicted, "
                     "rate_measured) is slower")
    if domain == "sphere" and law.kind != "gaussian" and dim > 8:
        notes.append("sphere: under the uniform (PyTorch) law the eigenvalues are derived for d ≤ 8 only "
                     "(the law of |w| on the cube)")
    elif domain == "sphere":
        # the continuous eigenvalue of the degree-k harmonics (theory: Weber's integral in d dimensions;
        # numerics: Funk–Hecke quadrature of σ) and its large-k law; on random points the harmonics are
        # eigenvectors only in expectation, so the trained rates are compared with kernel GD (above)
        law_t = theory_law(law, dim)
        if law.kind == "uniform":
            notes.append("uniform (PyTorch) law on the sphere: the kernel is not rotation invariant (w uniform on a "
                         "cube), so rate_eigenvalue_* is the mean Rayleigh quotient over the degree-k harmonics (the "
                         "eigenvalue of the rotation-averaged kernel): E_{ρ,b} μ_k(ρ, b)², only the law of |w| enters")
        ev = th.sphere_eigenvalues(act, ks, dim, train, law_t)
        evk = nu.sphere_coefficients(act, law, max(ks), train, dim)[ks]
        rec.update(dim=dim, rate_eigenvalue_predicted=ev, rate_eigenvalue_kernel=evk,
                   eigenvalue_max_rel_err=float(np.max(np.abs(evk / ev - 1))),
                   law=th.large_k_law(act, train, law_t, dim=dim).to_json(),
                   exponent_eigenvalue=_slope(ks, ev))
    rec["notes"] = notes
    return rec


def gd_width_tolerance(act, Xe, X, ks, domain, law, train, width, eta, steps, ref, draws: int = 16, z: float = 4.0,
                       seed=12345):
    """How far a width-m network's fitted rate may sit from the infinite-width kernel-GD rate ``ref``: the same
    fit (gd_fitted_rates) under ``draws`` independent width-m tangent kernels at initialization (m/2 distinct
    neurons, as in the antisymmetric init); |mean − ref| (the finite-width bias: a random-feature kernel
    spreads its small eigenvalues, which slows the fitted decay) + z·sd, relative to ref."""
    from specbias.numerics import ntk as nu

    q = []
    for i in range(draws):
        F = nu.mc_features(act, Xe, law, max(width // 2, 1), seed=(seed, i), train=train)
        q.append(gd_fitted_rates(F @ F.T, X, ks, domain, eta, steps))
    q = np.array(q)
    ref = np.asarray(ref, float)
    return (np.abs(q.mean(0) - ref) + z * q.std(0, ddof=1)) / ref


def _measure_encoded(nu, act, Xe, X, ks, domain, law, train, width, eta, steps, seed, alpha):
    rates = []
    for k, T_k in zip(ks, steps):
        c, s = nu.mode_vectors(X, k, domain)
        y = s if domain == "interval" else c
        net = nu.make_net(act, Xe.shape[1], width, law, seed=seed, alpha=alpha)
        recs = nu.record_steps(T_k)
        amps = []
        nu.train_lazy(net, Xe, y, eta=eta, steps=T_k, train=train, record=recs, alpha=alpha,
                      callback=lambda st, f: amps.append(nu.fourier_amplitudes(X, f - y, [k], domain)[0]))
        rates.append(nu.fit_rate(recs, amps, eta))
    return np.array(rates)


def equal_time_gap(act, X, ks, train, law, widths, eta, alpha, seed, steps=None):
    """Train lazy networks of several widths on y = Σ_k cos(kθ + φ_k)/√K and compare f_t with the derived
    kernel's GD prediction y − Σ_k (1 − ηΛ_k)^t y_k at the same t (Λ_k: aliased grid eigenvalue)."""
    from specbias.numerics import ntk as nu
    from specbias.theory import ntk as th

    n = X.shape[0]
    rng = np.random.default_rng(seed + 101)
    th_ = np.arctan2(X[:, 1], X[:, 0])
    phases = rng.uniform(0, 2 * np.pi, len(ks))
    comps = np.stack([np.cos(k * th_ + p) for k, p in zip(ks, phases)], 1) / math.sqrt(len(ks))
    y = comps.sum(1)
    lam = th.circle_grid_rates(act, ks, n, train, th.GaussianLaw(law.weight_std, law.bias_std, law.sv2))
    if steps is None:
        steps = int(min(3000, max(50, math.ceil(1.0 / (eta * float(np.median(lam)))))))
    pred = y - (comps * (1 - eta * lam) ** steps).sum(1)
    gaps = []
    for m in widths:
        net = nu.make_net(act, 2, int(m), law, seed=seed + int(m), alpha=alpha)
        nu.train_lazy(net, X, y, eta=eta, steps=steps, train=train, alpha=alpha)
        gaps.append(float(np.linalg.norm(net.forward(X) - pred) / np.linalg.norm(y)))
    return {"widths": list(widths), "steps": steps, "gap": gaps, "slope": _slope(widths, gaps),
            "target": "sum of cos(kθ+φ_k)/√K over the listed k",
            "prediction": "y − Σ_k (1 − ηΛ_k)^t y_k with Λ_k the derived grid eigenvalue (theory)"}


def rahaman_heatmap(act, X, Xe, ks, domain, train, law, width, eta, alpha, seed, lam, n_times=40, K=None):
    """Train on Σ_k sin(2πkx + φ_k) (interval) or Σ cos(kθ + φ_k) (circle); record |FFT(f)(k)|/A_k over
    training (measured) beside the prediction 1 − (1 − ηλ_k)^t (zonal case) or, given the derived kernel K
    (interval, encodings: the modes are not eigenvectors), the amplitudes of kernel GD's f_t = y + r_t."""
    from specbias.numerics import ntk as nu

    rng = np.random.default_rng(seed + 202)
    ph = rng.uniform(0, 2 * np.pi, len(ks))
    if domain == "interval":
        x = X[:, 0]
        y = sum(np.sin(2 * np.pi * k * x + p) for k, p in zip(ks, ph))
    else:
        th_ = np.arctan2(X[:, 1], X[:, 0])
        y = sum(np.cos(k * th_ + p) for k, p in zip(ks, ph))
    amp_y = nu.fourier_amplitudes(X, y, ks, domain)
    T = int(min(6000, max(100, math.ceil(3.0 / (eta * float(np.min(lam)))))))
    times = sorted(set(np.unique(np.round(np.geomspace(1, T, n_times)).astype(int)).tolist() + [0]))
    meas = []
    net = nu.make_net(act, Xe.shape[1], width, law, seed=seed, alpha=alpha)
    nu.train_lazy(net, Xe, y, eta=eta, steps=T, train=train, record=times, alpha=alpha,
                  callback=lambda st, f: meas.append(nu.fourier_amplitudes(X, f, ks, domain) / amp_y))
    if K is None:
        tt = np.asarray(times, float)[:, None]
        pred = 1 - (1 - eta * lam[None, :]) ** tt
    else:
        from specbias.theory import ntk as th

        traj = th.kernel_gd_residual(K, -y, eta, times)
        pred = np.array([nu.fourier_amplitudes(X, y + r, ks, domain) / amp_y for r in traj])
    return {"times": times, "measured": np.asarray(meas), "predicted": pred,
            "max_abs_diff": float(np.max(np.abs(np.asarray(meas) - pred)))}


def _figures(rec, out, compare, law, act_obj):
    plt = pyplot()
    from specbias.core.activations import resolve_activation
    from specbias.numerics import ntk as nu
    from specbias.theory import ntk as th

    paths = []
    tag = f"{rec['activation']}_{rec['domain']}_{rec['train']}_{rec['encoding'].replace(':', '').replace(',', '-')}"
    if "heatmap" in rec:
        h = rec["heatmap"]
        fig, axs = plt.subplots(1, 2, figsize=(11, 4), sharey=True)
        for ax, key in zip(axs, ("measured", "predicted")):
            im = ax.imshow(np.asarray(h[key], float).T, aspect="auto", origin="lower", vmin=0, vmax=1.1,
                           cmap="viridis", extent=(0, len(h["times"]) - 1, -0.5, len(rec["frequencies"]) - 0.5))
            ax.set_yticks(range(len(rec["frequencies"])), [str(k) for k in rec["frequencies"]])
            idx = np.linspace(0, len(h["times"]) - 1, 6).astype(int)
            ax.set_xticks(idx, [str(h["times"][i]) for i in idx])
            ax.set_xlabel("GD step")
            ax.set_title(f"{key}: |FFT(f)(k)| / A_k")
        axs[0].set_ylabel("frequency k")
        fig.colorbar(im, ax=axs, shrink=0.8)
        fig.suptitle(f"Rahaman-style heatmap: {rec['activation']}, {rec['domain']}, train {rec['train']}, "
                     f"encoding {rec['encoding']}")
        p = os.path.join(out, f"spectral_bias_heatmap_{tag}.png")
        paths.append(save_figure(fig, p))
    fig, ax = plt.subplots(figsize=(6.5, 4.8))
    ks = np.asarray(rec["frequencies"], float)
    names = [a for a in compare if a]
    for i, name in enumerate(names):
        col = f"C{i % 10}"
        try:
            a = resolve_activation(name)
            if rec["domain"] == "circle" and rec["encoding"] == "none":
                k0 = th.min_frequency(a, rec["train"])
                kk = np.arange(max(1, k0), int(ks.max()) + 1)
                lam = th.circle_eigenvalues(a, kk, rec["train"], theory_law(law))
                ax.loglog(kk, lam, "-", color=col, lw=1.2, label=f"{name}: predicted (σ̂)")
                kn = nu.circle_coefficients(a, law, int(ks.max()), rec["train"])
                ax.loglog(kk, kn[kk], ".", color=col, ms=4)
        except Exception:  # noqa: BLE001 - an activation without this kernel (step, first layer) is skipped
            continue
    ax.loglog(ks, np.asarray(rec["rate_measured"], float), "k^", ms=8, mfc="none",
              label=f"{rec['activation']}: measured (width {rec['width']})")
    if rec.get("law", {}).get("kind") == "power":
        A, e = rec["law"]["constant"], rec["law"]["exponent"]
        kk = np.geomspace(ks.min(), ks.max(), 50)
        ax.loglog(kk, A * kk ** e, "k--", lw=1, label=f"{rec['activation']}: large-k law k^{e:g}")
    ax.set_xlabel("frequency k")
    ax.set_ylabel("rate λ_k (per unit ηt)")
    ax.set_title(f"rate vs frequency ({rec['domain']}, train {rec['train']}); dots: kernel quadrature")
    ax.legend(fontsize=6)
    p = os.path.join(out, f"spectral_bias_rates_{tag}.png")
    paths.append(save_figure(fig, p))
    return paths


def run(args) -> int:
    from specbias.core.activations import resolve_activation
    from specbias.derivations.cli import parse_params
    from specbias.numerics import ntk as nu
    from specbias.numerics.encoding import parse_encoding

    act = resolve_activation(args.activation, **parse_params(args.param))
    enc = parse_encoding(args.encoding)
    ks = _ints(args.frequencies, "frequencies") if args.frequencies else None
    if args.width is None or args.width < 4 or args.width % 2:
        raise ParameterError(f"--width must be an even integer >= 4, got {args.width}")
    if args.points is not None and args.points < 8:
        raise ParameterError(f"--points must be >= 8, got {args.points}")
    if args.lazy_scale is None:
        args.lazy_scale = LAZY_DEFAULT[zonal(args.domain, enc)]
    if not (math.isfinite(args.lazy_scale) and args.lazy_scale > 0):
        raise ParameterError(f"--lazy-scale must be positive, got {args.lazy_scale}")
    law = nu.InitLaw(args.init, args.weight_std, args.bias_std)
    widths = [] if str(args.widths).strip().lower() in ("none", "") else _ints(args.widths, "widths")
    if any(w % 2 or w < 4 for w in widths):
        raise ParameterError("--widths must be even integers >= 4")
    if args.train in ("first", "both"):
        nu.circle_coefficients  # noqa: B018 - the degenerate case is raised by the kernel code below
    rec = run_experiment(act, domain=args.domain, train=args.train, encoding=enc, ks=ks, n_points=args.points, dim=args.dim,
                         width=args.width, alpha=args.lazy_scale, law=law, widths=widths, seed=args.seed,
                         heatmap=bool(args.out))
    figs = []
    if args.out:
        os.makedirs(args.out, exist_ok=True)
        figs = _figures(rec, args.out, [a.strip() for a in str(args.compare).split(",")], law, act)
    rec["figures"] = figs
    clean = _clean(rec)
    if write_record(clean, args, f"spectral_bias_{rec['activation']}_{rec['domain']}_{rec['train']}.json",
                    allow_nan=False):
        return 0
    print(f"spectral bias in time: σ = {rec['activation']}, {rec['domain']}, train {rec['train']}, "
          f"encoding {rec['encoding']}, width {rec['width']}, {rec['points']} points, seed {rec['seed']}")
    if "law" in rec:
        print(f"  large-k law: {rec['law']['text']}")
    print(f"  {'k':>4} {'predicted':>11} {'pred(grid)':>11} {'kernel':>11} {'measured':>11} {'rel.err':>8} {'tol':>7}")
    for i, k in enumerate(rec["frequencies"]):
        g = lambda key: (clean.get(key) or [None] * len(ks or rec["frequencies"]))[i]  # noqa: E731
        f = lambda v: f"{v:11.4e}" if v is not None else f"{'-':>11}"  # noqa: E731
        re_ = clean.get("rel_err", [None] * len(rec["frequencies"]))[i]
        tl = clean.get("width_tolerance", [None] * len(rec["frequencies"]))[i]
        print(f"  {k:>4} {f(g('rate_predicted'))} {f(g('rate_predicted_grid'))} {f(g('rate_kernel'))} "
              f"{f(g('rate_measured'))} {re_ if re_ is None else f'{re_:8.3f}'} {tl if tl is None else f'{tl:7.3f}'}")
    ep, em = clean.get("exponent_predicted"), clean.get("exponent_measured")
    print(f"  exponent (slope of log rate vs log k): predicted {ep if ep is None else f'{ep:.3f}'}, "
          f"measured {em if em is None else f'{em:.3f}'}; median rel. err {clean.get('median_rel_err')}")
    if "rate_eigenvalue_predicted" in clean:
        print(f"  S^{clean['dim'] - 1} eigenvalues λ_k (k = {clean['frequencies']}): derived "
              f"{[f'{v:.4e}' for v in clean['rate_eigenvalue_predicted']]}, quadrature of σ max rel. err "
              f"{clean['eigenvalue_max_rel_err']:.1e}; exponent {clean['exponent_eigenvalue']:.3f}")
    if "decay_predicted" in clean:
        print(f"  exponential decay per unit k: predicted {clean['decay_predicted']}, measured {clean.get('decay_measured')}")
    if "equal_time" in clean:
        e = clean["equal_time"]
        print(f"  equal time ({e['steps']} steps) network vs derived kernel GD: widths {e['widths']} gaps "
              f"{[round(x, 4) for x in e['gap']]} slope {e['slope']:.3f}")
    for f_ in figs:
        print(f"  figure: {f_}")
    sys.stdout.flush()
    return 0
