import os

# One BLAS/OpenMP thread per test process, set before NumPy loads.  The suite runs in two worker
# processes (pyproject: -n 2); a BLAS that starts one thread per *visible* CPU inside a container
# limited to 2 cores oversubscribes it many times over, and every wall-clock budget of the engine
# then expires.  A caller's explicit setting wins.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import importlib  # noqa: E402
import sys  # noqa: E402
import pkgutil  # noqa: E402
import random  # noqa: E402
import time  # noqa: E402

from hypothesis import HealthCheck, settings  # noqa: E402

import specbias  # noqa: E402


def _import_all_specbias_modules():
    """Import every module of the package before any test runs.

    Hypothesis (>= 6.13x) mixes into its draws numeric constants harvested from the source of every
    *local* module in sys.modules at the time of the draw (hypothesis.internal.conjecture.providers:
    _get_local_constants).  Which specbias modules are imported depends on which tests ran before,
    so the same derandomized test drew different examples in different file orders: after
    tests/test_cli.py had imported the CLI modules, test_radon_route_equals_oracle_smooth_activation
    drew widths 1.5 (a constant of those modules) and failed; alone it did not.  Importing all
    modules here makes the constant pool, and so every drawn example, independent of the order."""
    todo = ["specbias.core", "specbias.theory", "specbias.numerics", "specbias.derivations"]
    while todo:
        pkg = importlib.import_module(todo.pop())
        for info in pkgutil.iter_modules(pkg.__path__, pkg.__name__ + "."):
            if info.name.endswith("__main__"):
                continue
            if info.ispkg:
                todo.append(info.name)
            else:
                importlib.import_module(info.name)


_import_all_specbias_modules()


def _drop_budget_interrupts(unraisable, _default=sys.unraisablehook):
    """A budget's interrupt can land in a garbage-collection callback (Hypothesis installs one),
    where Python cannot raise it and reports it as 'unraisable'; the budget re-raises it at the
    next check, so it is not an error.  Everything else goes to the default hook."""
    from specbias.core.budget import is_interrupt

    if unraisable.exc_value is not None and is_interrupt(unraisable.exc_value):
        return
    _default(unraisable)


sys.unraisablehook = _drop_budget_interrupts

settings.register_profile(
    "ci", derandomize=True, deadline=None, max_examples=25, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile(
    "dev", deadline=None, max_examples=25, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "deep", deadline=None, max_examples=500, suppress_health_check=[HealthCheck.too_slow])
# benchmarks/mutation.py: as `ci`, and no example database, so that one mutant's failing example
# is never replayed against the next mutant
settings.register_profile(
    "mutation", derandomize=True, deadline=None, max_examples=25, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


def test_order_spec(spec: str | None):
    """Parse SPECBIAS_TEST_ORDER: '' / 'forward', 'reverse', or 'shuffle:SEED'."""
    spec = (spec or "").strip().lower()
    if spec in ("", "forward"):
        return ("forward", None)
    if spec == "reverse":
        return ("reverse", None)
    if spec.startswith("shuffle:"):
        return ("shuffle", int(spec.split(":", 1)[1]))
    raise ValueError(f"SPECBIAS_TEST_ORDER must be forward, reverse or shuffle:SEED, got {spec!r}")


test_order_spec.__test__ = False  # a helper, not a test


def pytest_collection_modifyitems(session, config, items):
    """Run the suite in another order: SPECBIAS_TEST_ORDER=reverse | shuffle:SEED.

    'reverse' reverses the whole collected list (files and the tests inside them); 'shuffle:SEED'
    shuffles all test items with random.Random(SEED), so tests of different files interleave."""
    kind, seed = test_order_spec(os.environ.get("SPECBIAS_TEST_ORDER"))
    if kind == "reverse":
        items.reverse()
    elif kind == "shuffle":
        random.Random(seed).shuffle(items)


def _cpu_quota() -> str:
    try:
        quota, period = open("/sys/fs/cgroup/cpu.max").read().split()
        return "none" if quota == "max" else f"{int(quota) / int(period):g} CPUs"
    except (OSError, ValueError):
        return "unknown"


def _reference_seconds() -> float:
    """Wall time of a fixed piece of SymPy work, so that a CI log says how fast its machine was
    (the engine's time budgets are wall-clock)."""
    import sympy as sp

    x = sp.Symbol("x")
    t0 = time.perf_counter()
    sp.simplify(sp.diff(x ** 3 / (1 + sp.exp(-x)), x, 3))
    return time.perf_counter() - t0


def pytest_sessionstart(session):
    """One line on the machine, printed even under -q (the CI log's only account of its speed)."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    tr = session.config.pluginmanager.get_plugin("terminalreporter")
    if tr is None:
        return
    tr.write_line(f"machine: cpu_count {os.cpu_count()}, affinity {len(os.sched_getaffinity(0))}, "
                  f"cgroup quota {_cpu_quota()}, BLAS threads {os.environ.get('OPENBLAS_NUM_THREADS')}, "
                  f"reference SymPy step {_reference_seconds():.2f} s")
    spec = os.environ.get("SPECBIAS_TEST_ORDER")
    if spec:
        tr.write_line(f"specbias test order: {spec}")
