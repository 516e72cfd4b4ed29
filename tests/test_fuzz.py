"""Fuzzing the front door with random activations from a grammar (derivations/grammar.py).

For each drawn σ the outcome is exactly one of: a transform that the independent numeric route
confirms to 1e-9 (the verification record says so), or a clean typed error (a SpecbiasError:
ParseError, NotTempered, NoClosedForm, Timeout, VerificationFailed, ...).  Never a wrong number
returned as an answer, never another exception, never past the budget (the budget module ends the
derivation itself).  The `ci` profile runs a few examples with a small per-example budget;
HYPOTHESIS_PROFILE=deep runs many more with the default budget.  The hostile-string fuzzing is in
tests/test_security.py.
"""

import os
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from specbias.core.errors import SpecbiasError, VerificationFailed
from specbias.derivations.grammar import random_activation
from specbias.derivations.verification import TRANSFORM_RTOL, transform

DEEP = os.environ.get("HYPOTHESIS_PROFILE") == "deep"
#: per-example budget (seconds): small in CI so that the file takes about a minute
BUDGET = 60.0 if DEEP else 5.0

activations = st.integers(min_value=0, max_value=2 ** 32 - 1).map(lambda seed: random_activation(random.Random(seed)))

OUTCOMES = {}


@settings(max_examples=300 if DEEP else 12, suppress_health_check=list(HealthCheck), deadline=None)
@given(activations)
def test_random_activation_is_verified_or_cleanly_refused(text):
    try:
        gt = transform(text, timeout=BUDGET)
    except VerificationFailed as exc:
        # a derived result that failed its check is refused, with the record that says why
        assert exc.record["passed"] is False
        OUTCOMES["unverified"] = OUTCOMES.get("unverified", 0) + 1
        return
    except SpecbiasError as exc:
        OUTCOMES[type(exc).__name__] = OUTCOMES.get(type(exc).__name__, 0) + 1
        return
    rec = gt._cache["verification"]
    assert rec["passed"] and rec["max_rel_err"] <= TRANSFORM_RTOL and rec["points"] > 0, (text, rec)
    OUTCOMES["verified"] = OUTCOMES.get("verified", 0) + 1
