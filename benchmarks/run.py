"""One command for the performance table of benchmarks/README.md (issue 14).

    python benchmarks/run.py [--only S1,S2,...] [--repeat R] [--quick] [--no-write] [--json FILE]

Sections (``--only``): ``sigma`` (σ̂ per point, every catalogue activation, vs plain SciPy QAWF),
``grid`` (grid Radon vs skimage), ``hyper`` (hyperplane Radon d = 2..5 vs SciPy ``cubature``),
``seminorm`` (FFT and Radon routes vs the mpmath route), ``gd`` (one GD step vs PyTorch CPU),
``jobs`` (``specbias verify`` and ``specbias build`` with --jobs 2 vs --jobs 1), ``memory`` (peak
RSS of the default simulations vs the 500 MB budget).

Like with like:
* every figure is a ratio ours/anchor of medians of ``--repeat`` runs measured in this run, with
  the spread (min–max) of both sides;
* threads are pinned to one on both sides before NumPy/SciPy/PyTorch are imported
  (OMP/OPENBLAS/MKL_NUM_THREADS = 1, ``torch.set_num_threads(1)``); where the machine sets
  OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE (they slow a current NumPy), this command alone unsets
  both together and reports which BLAS kernel runs (threadpoolctl);
* anchors get their fastest ordinary use: QAWF on a plain ``math`` callable asked for the same
  relative accuracy (epsabs = 1e-13·|σ̂(ω)|, QAWF's only tolerance), ``cubature`` with the same
  rtol on the same cube, skimage and PyTorch with their defaults;
* caches are cleared before every timed repetition (numeric σ̂ objects are rebuilt, the seminorm
  spectra and Radon caches emptied, the grid plans rebuilt);
* the table states the core count, the thread settings and the load average.

The table is written between the markers ``<!-- perf-table:begin -->`` / ``<!-- perf-table:end -->``
of benchmarks/README.md (``--no-write``: print only).
"""

from __future__ import annotations

import os
import sys

THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")
for _k in THREAD_VARS:
    os.environ[_k] = "1"
_CORETYPE_UNSET = {k: os.environ.pop(k) for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if k in os.environ}

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import platform  # noqa: E402
import re  # noqa: E402
import resource  # noqa: E402
import signal  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

README = HERE / "README.md"
BEGIN, END = "<!-- perf-table:begin -->", "<!-- perf-table:end -->"
MEMORY_BUDGET_MB = 500.0
SIGMA_OMEGA = np.geomspace(0.05, 5.0, 8)
SIGMA_RTOL = 1e-13


# ------------------------------------------------------------------------------------------
# helpers
# ------------------------------------------------------------------------------------------
class _Timeout(Exception):
    pass


class _alarm:
    def __init__(self, seconds):
        self.seconds = seconds

    def __enter__(self):
        def _raise(*_):
            raise _Timeout()

        self.old = signal.signal(signal.SIGALRM, _raise)
        signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def __exit__(self, *exc):
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self.old)
        return False


def timed(fn, repeat, setup=None):
    """(median, min, max, last value) of ``repeat`` timed calls; ``setup()`` (untimed) before each."""
    ts, out = [], None
    for _ in range(repeat):
        if setup is not None:
            setup()
        t0 = time.perf_counter()
        out = fn()
        ts.append(time.perf_counter() - t0)
    return statistics.median(ts), min(ts), max(ts), out


def row(figure, ours, anchor_name, anchor, unit="s", acc="", goal=""):
    """ours/anchor are (median, min, max) or None."""
    r = {"figure": figure, "anchor": anchor_name, "unit": unit, "accuracy": acc, "goal": goal}
    r["ours"] = None if ours is None else list(ours[:3])
    r["anchor_value"] = None if anchor is None else list(anchor[:3])
    r["ratio"] = (ours[0] / anchor[0]) if (ours is not None and anchor is not None and anchor[0] > 0) else None
    return r


def fmt(v):
    if v is None:
        return "–"
    med, lo, hi = v
    return f"{med:.3g} [{lo:.3g}–{hi:.3g}]"


# ------------------------------------------------------------------------------------------
# σ̂ per point
# ------------------------------------------------------------------------------------------
def _heaviside(x, h0=0.5):
    return 1.0 if x > 0 else (0.0 if x < 0 else h0)


def plain_callable(expr):
    """The fastest ordinary scalar σ: a ``math``-module lambdify (NumPy only where math overflows)."""
    import sympy as sp

    from specbias.core.activations import T

    fm = sp.lambdify(T, expr, modules=[{"Heaviside": _heaviside}, "math"])
    fn = sp.lambdify(T, expr, modules=[{"Heaviside": lambda x, h0=0.5: np.heaviside(x, h0)}, "scipy", "numpy"])

    def f(t):
        try:
            return fm(t)
        except (OverflowError, ValueError, ZeroDivisionError):
            with np.errstate(all="ignore"):
                return float(fn(np.float64(t)))
    return f


def qawf_anchor(f, omega, targets):
    from scipy import integrate

    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for w, tol in zip(omega, targets):
            c = integrate.quad(lambda t: f(t) + f(-t), 0, np.inf, weight="cos", wvar=w, epsabs=tol, limlst=100)[0]
            s = integrate.quad(lambda t: f(t) - f(-t), 0, np.inf, weight="sin", wvar=w, epsabs=tol, limlst=100)[0]
            out.append(complex(c, -s))
    return np.array(out)


def bench_sigma(repeat, names=None):
    from specbias.core.activations import CATALOGUE
    from specbias.core.conventions import ANGULAR
    from specbias.core.errors import SpecbiasError
    from specbias.numerics.fourier import NumericTransform
    from specbias.theory.fourier import fourier_transform

    rows = []
    om = SIGMA_OMEGA
    for name in names or list(CATALOGUE):
        act = CATALOGUE[name].bind()
        try:
            NumericTransform(act)
        except SpecbiasError:
            rows.append(row(f"σ̂ per point: {name}", None, "QAWF (plain)", None, acc="point masses only (no regular part)"))
            continue
        gt = fourier_transform(act)
        ang = gt if gt.convention == ANGULAR else gt.in_convention(ANGULAR)
        exact = np.asarray(ang.evaluate(om), dtype=np.complex128)
        box = {}

        def fresh():
            box["nt"] = NumericTransform(act)  # values and node tables are per object: a cold start

        ours = timed(lambda: box["nt"].evaluate(om), repeat, setup=fresh)
        vals, errs = ours[3]
        f = plain_callable(act.expr)
        anc = timed(lambda: qawf_anchor(f, om, SIGMA_RTOL * np.abs(exact)), repeat)
        e_ours = float(np.max(np.abs(vals - exact) / np.abs(exact)))
        e_anc = float(np.max(np.abs(anc[3] - exact) / np.abs(exact)))
        per = len(om)
        rows.append(row(f"σ̂ per point: {name}", [x / per for x in ours[:3]], "QAWF, plain math callable",
                        [x / per for x in anc[:3]], acc=f"{e_ours:.0e} / {e_anc:.0e}", goal="≤ 1"))
    return rows


# ------------------------------------------------------------------------------------------
# Radon
# ------------------------------------------------------------------------------------------
def bench_grid(repeat, n=257):
    from skimage.transform import radon as sk_radon

    from benchmarks.radon import exact, gaussian_image
    from specbias.numerics import nufft
    from specbias.numerics import radon as R

    nufft.FFT_WORKERS = 1  # skimage runs on one thread: so do our FFTs here

    img, sigma, mu = gaussian_image(n)
    theta_deg = np.linspace(0.0, 180.0, n, endpoint=False)
    theta = np.deg2rad(theta_deg) + math.pi / 2
    u = np.stack([np.cos(theta), np.sin(theta)], axis=1)
    ours = timed(lambda: R.radon_grid(img, theta, h=1.0), repeat)  # radon_grid builds its plan per call
    S = ours[3]
    e1 = float(np.max(np.abs(S - exact(R.grid_offsets(S.shape[1]), u, sigma, mu))) / np.max(S))
    anc = timed(lambda: sk_radon(img, theta=theta_deg, circle=False), repeat)
    K = anc[3].T
    D = K.shape[1]
    tk = (np.arange(D) - D // 2).astype(float)
    ex = exact(tk, u, sigma, mu - ((n // 2) - (n - 1) / 2.0))
    e2 = float(np.max(np.abs(K - ex)) / np.max(ex))
    return [row(f"grid Radon {n}², {n} angles", ours, "skimage.transform.radon", anc, acc=f"{e1:.0e} / {e2:.0e}",
                goal="≤ 1")]


def bench_hyper(repeat, dims=(2, 3, 4, 5), rtol=1e-10, cap=120.0):
    from scipy.integrate import cubature

    from specbias.derivations.checks.radon import _callable, _closed, _gaussian
    from specbias.numerics import radon as R

    rows = []
    for d in dims:
        A, mu, rng = _gaussian(d)
        u = rng.standard_normal(d)
        u /= np.linalg.norm(u)
        t = np.array([-0.8, 0.0, 0.6])
        ref = _closed(A, mu).numeric(u[None], t)[0]
        f = _callable(A, mu)
        V = R.hyperplane_basis(u)
        ext = 10.0

        def plane(y):
            pts = t[None, :, None] * u[None, None, :] + (y @ V.T)[:, None, :]
            return f(pts.reshape(-1, d)).reshape(len(y), len(t))

        reps = repeat if d <= 4 else 1
        ours = timed(lambda: R.radon(f, u[None], t, extent=ext, rtol=rtol)[0], reps)
        e1 = float(np.max(np.abs(ours[3] - ref)) / ref.max())
        try:
            with _alarm(cap):
                anc = timed(lambda: cubature(plane, -ext * np.ones(d - 1), ext * np.ones(d - 1), rtol=rtol, atol=0,
                                             max_subdivisions=100000).estimate, reps)
            e2 = f"{float(np.max(np.abs(anc[3] - ref)) / ref.max()):.0e}"
        except _Timeout:
            anc = (cap, cap, cap, None)
            e2 = f"stopped at {cap:.0f} s (ratio is an upper bound)"
        rows.append(row(f"hyperplane Radon d = {d} (1 direction × 3 offsets, rtol {rtol:g})", ours,
                        "scipy.integrate.cubature, same cube and rtol", anc, acc=f"{e1:.0e} / {e2}", goal="≤ 1"))
    return rows


# ------------------------------------------------------------------------------------------
# seminorm routes
# ------------------------------------------------------------------------------------------
def bench_seminorm(repeat, acts=("relu", "sigmoid"), d=2):
    from specbias.numerics import seminorm as sn

    clear = sn.clear_caches

    rows = []
    for name in acts:
        spec = sn.get_spectrum(name)
        widths = (0.6, 0.8) if spec.omega_max == float("inf") else (1.3, 1.5)
        g = sn.GaussianMixture(np.array([1.0, -0.5]), np.array([[0.2, 0.1, 0.0], [-0.3, 0.2, 0.1]])[:, :d],
                               np.array(widths))
        orc = timed(lambda: sn.seminorm_oracle(g, name, d), repeat, setup=clear)
        ref = orc[3].value
        for route, fn in (("fourier", lambda: sn.seminorm_fourier(g, name, d)),
                          ("radon", lambda: sn.seminorm_radon(g, name, d, radon_method="closed"))):
            ours = timed(fn, repeat, setup=clear)
            err = abs(ours[3].value - ref) / abs(ref)
            rows.append(row(f"seminorm {route} route, {name}, d = {d} (cold: σ̂ table included)", ours,
                            "mpmath route (cold)", orc, acc=f"{err:.0e} vs mpmath"))
    return rows


# ------------------------------------------------------------------------------------------
# GD step
# ------------------------------------------------------------------------------------------
def bench_gd(repeat, widths=(1000, 100000), n=128, dim=2, steps=5):
    try:
        import torch
    except ImportError:
        print("benchmarks/run.py: PyTorch not installed (pip install torch==2.13.0): GD rows skipped",
              file=sys.stderr)
        return [row("GD step (PyTorch missing: skipped)", None, "PyTorch CPU", None)]
    torch.set_num_threads(1)
    from benchmarks.train_step import _torch_net, _torch_step
    from specbias.numerics.network import ShallowNet

    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (n, dim))
    y = np.sin(3 * X[:, 0]) + X[:, -1] ** 2
    lr = 1e-3
    rows = []
    for m in widths:
        net = ShallowNet.init(dim, m, "relu", scale=1.0, seed=1)
        ours_net = net.copy()

        def ours_steps():
            for _ in range(steps):
                ours_net.step(X, y, lr)

        ours = timed(ours_steps, repeat)
        Xt, yt = torch.tensor(X), torch.tensor(y)
        params = _torch_net(torch, net)

        def torch_steps():
            for _ in range(steps):
                _torch_step(torch, params, Xt, yt, lr, torch.relu)

        anc = timed(torch_steps, repeat)
        rows.append(row(f"GD step, ReLU, width {m}, n = {n}, d = {dim}", [x / steps for x in ours[:3]],
                        f"PyTorch {torch.__version__} CPU autograd, 1 thread", [x / steps for x in anc[:3]],
                        goal="≤ 1"))
    return rows


# ------------------------------------------------------------------------------------------
# verify / build with --jobs, memory
# ------------------------------------------------------------------------------------------
def _specbias(*args):
    return [sys.executable, "-m", "specbias", *args]


def _wall(cmd, cwd=None):
    t0 = time.perf_counter()
    r = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    dt = time.perf_counter() - t0
    return dt, r.returncode, r.stderr.strip().splitlines()[-1:] if r.stderr else []


def _children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _two_core_wall(costs, workers=2):
    """Wall time of the tasks on ``workers`` free cores: greedy, in submission order (what
    ProcessPoolExecutor does), each task taking its measured CPU time."""
    free = [0.0] * workers
    for c in costs:
        i = free.index(min(free))
        free[i] += c
    return max(free)


def verify_profile():
    """``specbias verify`` (all catalogue activations, d = 1, 2, 3) run task by task in this process
    (exactly the --jobs 1 path): wall time, and each task's CPU time."""
    from specbias.core.activations import catalogue_names
    from specbias.derivations import checks

    acts, dims = catalogue_names(), [1, 2, 3]
    _, tasks = checks.plan(acts, dims)
    costs = []
    w0 = time.perf_counter()
    for t in tasks:
        c0 = time.process_time()
        checks._run_task((t, acts, dims))
        costs.append(time.process_time() - c0)
    return time.perf_counter() - w0, costs


def bench_jobs(repeat=1):
    """verify and build with --jobs 1 and 2.  On this machine every process of one session shares
    one fair CPU slice (Linux autogroup), so while other sessions saturate the cores a second
    worker gets no extra CPU: the measured walls then say nothing about 2 free cores.  The rows
    therefore also give the CPU time of each side (duplicated work would show there) and the wall
    on 2 free cores computed from the measured per-task CPU times."""
    rows = []
    wall1, costs = verify_profile()
    cpu1 = sum(costs)
    c0 = _children_cpu()
    t0 = time.perf_counter()
    _wall(_specbias("verify", "--jobs", "2"))
    wall2 = time.perf_counter() - t0
    cpu2 = _children_cpu() - c0
    two = _two_core_wall(costs)
    rows.append(row("specbias verify --jobs 2, wall", (wall2,) * 3,
                    "--jobs 1 (same tasks, in process)", (wall1,) * 3,
                    acc=f"1 run each; CPU {cpu2:.0f} s (--jobs 2, incl. start-up) vs {cpu1:.0f} s", goal="≤ 0.6"))
    rows.append(row("specbias verify --jobs 2 on 2 free cores (from measured per-task CPU times)", (two,) * 3,
                    "--jobs 1: sum of the task CPU times", (cpu1,) * 3,
                    acc=f"{len(costs)} tasks, largest {max(costs):.1f} s", goal="≤ 0.6"))
    res = {}
    for jobs in (1, 2):
        with tempfile.TemporaryDirectory() as tmp:
            c0 = _children_cpu()
            dt, rc, _ = _wall(_specbias("build", "--no-cache", "--no-pdf", "--out", tmp, "--jobs", str(jobs)))
            res[jobs] = (dt, _children_cpu() - c0)
    rows.append(row("specbias build --no-cache --jobs 2, wall", (res[2][0],) * 3,
                    "specbias build --no-cache --jobs 1", (res[1][0],) * 3,
                    acc=f"1 run each; CPU {res[2][1]:.0f} s vs {res[1][1]:.0f} s", goal="≤ 0.6"))
    return rows


_RSS_WRAPPER = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
                "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)")


def peak_rss_mb(cmd):
    """Peak resident set size (MB) of one command, measured in a fresh wrapper process."""
    out = subprocess.run([sys.executable, "-c", _RSS_WRAPPER, *cmd], capture_output=True, text=True, check=True)
    kb, rc = out.stdout.split()
    return int(kb) / 1024.0, int(rc)


def bench_memory():
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        sims = [("simulate kernel --widths 100000 (relu, d = 2, bessel_ring)",
                 _specbias("simulate", "kernel", "--activation", "relu", "--dim", "2", "--target", "bessel_ring",
                           "--widths", "100000", "--net-widths", "none")),
                ("simulate kernel, default widths 10²…10⁵ (relu, d = 2, bessel_ring, GD nets included)",
                 _specbias("simulate", "kernel", "--activation", "relu", "--dim", "2", "--target", "bessel_ring")),
                ("simulate adaptive, defaults (relu, d = 2, disc_step, init scale 0.01)",
                 _specbias("simulate", "adaptive", "--activation", "relu", "--dim", "2", "--target", "disc_step",
                           "--init-scale", "0.01", "--out", tmp))]
        for label, cmd in sims:
            t0 = time.perf_counter()
            mb, rc = peak_rss_mb(cmd)
            dt = time.perf_counter() - t0
            rows.append(row(f"peak RSS: {label}", (mb, mb, mb), "budget 500 MB", (MEMORY_BUDGET_MB,) * 3, unit="MB",
                            acc=f"exit {rc}, {dt:.0f} s", goal="≤ 1"))
    return rows


# ------------------------------------------------------------------------------------------
# table
# ------------------------------------------------------------------------------------------
def machine_info() -> dict:
    try:
        from threadpoolctl import threadpool_info

        pools = [f"{p.get('internal_api')} {p.get('version')} ({p.get('architecture', '?')}, "
                 f"{p.get('num_threads')} thread(s))" for p in threadpool_info()]
    except ImportError:  # pragma: no cover
        pools = ["threadpoolctl not installed"]
    try:
        import torch

        torch.set_num_threads(1)
        tinfo = f"torch {torch.__version__}, {torch.get_num_threads()} thread"
    except ImportError:
        tinfo = "torch not installed"
    return {"cores": os.cpu_count(), "affinity": len(os.sched_getaffinity(0)),
            "load_avg": os.getloadavg(), "threads": {k: os.environ.get(k) for k in THREAD_VARS},
            "openblas_coretype_unset": sorted(_CORETYPE_UNSET), "blas": pools, "torch": tinfo,
            "python": platform.python_version(), "numpy": np.__version__,
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}


def render(rows, info, repeat) -> str:
    lines = [f"Machine: {info['cores']} cores ({info['affinity']} usable), load average "
             f"{', '.join(f'{x:.1f}' for x in info['load_avg'])} at the start (the machine is shared: other "
             f"sessions' jobs were running); {info['date']}; Python {info['python']}, NumPy {info['numpy']}.",
             f"Threads pinned to 1 on both sides: {', '.join(f'{k}={v}' for k, v in info['threads'].items())}; "
             f"{info['torch']}; BLAS: {'; '.join(info['blas'])}"
             + (f"; unset for this run: {', '.join(info['openblas_coretype_unset'])}" if info['openblas_coretype_unset']
                else "; OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE not set") + ".",
             f"Each figure: median [min–max] of {repeat} repetitions unless the row says otherwise; "
             "ratio = median ours / median anchor; caches cleared before every timed repetition.",
             "",
             "| figure | ours | anchor | anchor value | ratio | accuracy (ours / anchor) | goal |",
             "|---|---|---|---|---|---|---|"]
    for r in rows:
        ratio = "–" if r["ratio"] is None else f"{r['ratio']:.3g}"
        lines.append(f"| {r['figure']} | {fmt(r['ours'])} {r['unit'] if r['ours'] else ''} | {r['anchor']} | "
                     f"{fmt(r['anchor_value'])} {r['unit'] if r['anchor_value'] else ''} | {ratio} | {r['accuracy']} | "
                     f"{r['goal']} |")
    return "\n".join(lines) + "\n"


def merge_rows(readme: str, new_text: str, info) -> str:
    """The table in ``readme`` with the rows of ``new_text`` put in place of the rows with the same
    figure name (new figures appended), plus a line naming the re-measured rows and the load then."""
    old = readme.split(BEGIN, 1)[1].split(END, 1)[0].strip("\n").splitlines()
    new_rows = [ln for ln in new_text.splitlines() if ln.startswith("| ") and not ln.startswith("| figure")]
    key = lambda ln: ln.split("|")[1].strip()  # noqa: E731
    fresh = {key(ln): ln for ln in new_rows}
    out, seen = [], set()
    for ln in old:
        if ln.startswith("| ") and key(ln) in fresh:
            out.append(fresh[key(ln)])
            seen.add(key(ln))
        elif not ln.startswith("Rows re-measured"):
            out.append(ln)
    out += [ln for ln in new_rows if key(ln) not in seen]
    note = (f"Rows re-measured on {info['date']} (load average "
            f"{', '.join(f'{x:.1f}' for x in info['load_avg'])} at the start): {', '.join(fresh)}.")
    head = [i for i, ln in enumerate(out) if ln.startswith("| figure")][0]
    out.insert(head - 1, note)
    return "\n".join(out) + "\n"


def write_readme(text: str, path: Path = README) -> None:
    body = path.read_text()
    block = f"{BEGIN}\n{text}{END}"
    if BEGIN in body and END in body:
        body = re.sub(re.escape(BEGIN) + r".*?" + re.escape(END), lambda _: block, body, flags=re.S)
    else:
        body = body.rstrip("\n") + "\n\n## Performance table (`benchmarks/run.py`, issue 14)\n\n" + block + "\n"
    path.write_text(body)


SECTIONS = {"sigma": bench_sigma, "grid": bench_grid, "hyper": bench_hyper, "seminorm": bench_seminorm,
            "gd": bench_gd, "jobs": None, "memory": None}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--jobs-repeat", type=int, default=1, help="repetitions of verify/build (minutes each)")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--merge", action="store_true",
                    help="with --only: replace only the re-measured rows of the table in README.md (same figure "
                         "names), keep the others, and add a line saying which rows were re-measured when")
    ap.add_argument("--json", default=None, help="also write the rows as JSON to this file")
    args = ap.parse_args(argv)
    only = [s for s in args.only.split(",") if s]
    bad = [s for s in only if s not in SECTIONS]
    if bad:
        ap.error(f"unknown sections {bad}; choose from {list(SECTIONS)}")
    info = machine_info()
    rows = []
    for s in only:
        t0 = time.perf_counter()
        if s == "jobs":
            rows += bench_jobs(args.jobs_repeat)
        elif s == "memory":
            rows += bench_memory()
        else:
            rows += SECTIONS[s](args.repeat)
        print(f"[{s}: {time.perf_counter() - t0:.0f} s]", file=sys.stderr)
    text = render(rows, info, args.repeat)
    if args.merge and BEGIN in README.read_text():
        text = merge_rows(README.read_text(), text, info)
    print(text)
    if args.json:
        Path(args.json).write_text(json.dumps({"info": info, "rows": rows}, indent=2, default=str))
    if not args.no_write:
        write_readme(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
