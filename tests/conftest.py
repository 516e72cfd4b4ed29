import importlib
import os
import pkgutil
import random

from hypothesis import HealthCheck, settings

import specbias


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


def pytest_report_header(config):
    spec = os.environ.get("SPECBIAS_TEST_ORDER")
    return f"specbias test order: {spec}" if spec else None
