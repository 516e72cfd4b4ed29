"""The cases of issue 8, each with a test: a correct result where one exists (checked against an
independent mpmath quadrature or a hand-derived formula), otherwise the clean typed error."""

import json
import subprocess
import sys
import time
import threading
from dataclasses import replace

import mpmath
import numpy as np
import pytest
import sympy as sp

from specbias.core import budget
from specbias.core.activations import get_activation, parse_activation
from specbias.core.errors import NoClosedForm, SpecbiasError, Timeout, VerificationFailed
from specbias.core.jsonio import dumps
from specbias.derivations import verification
from specbias.derivations.cli import main
from specbias.theory import fourier as engine
from specbias.theory.fourier import OMEGA, fourier_transform

T = sp.Symbol("t", real=True)


def _run(capsys, *argv):
    rc = main(list(argv))
    out = capsys.readouterr()
    return rc, out.out, out.err


def _strict(text):
    def bad(c):
        raise ValueError(f"non-JSON constant {c}")
    return json.loads(text, parse_constant=bad)


def _mp_ft(f, w, cuts=(0,)):
    """∫ f(t) e^{-iωt} dt by mpmath, for a Gaussian-decaying f (independent of the engine)."""
    with mpmath.workdps(30):
        return complex(mpmath.quad(lambda t: f(t) * mpmath.expj(-w * t), [-mpmath.inf, *cuts, mpmath.inf]))


# --- wrong numbers with exit 0 ---------------------------------------------------------------
def test_abs_times_gaussian_is_right_at_the_frequencies_of_the_report():
    """Issue: regular part off by ~3 at ω = 1.1 and by 1e9 at ω = 6 (SymPy's laplace_transform)."""
    gt = fourier_transform("Abs(t)*exp(-t**2/2)")
    for w in (0.3, 1.1, 6.0, 11.0):
        ref = _mp_ft(lambda t: abs(t) * mpmath.exp(-t ** 2 / 2), w)
        got = complex(gt.evaluate(np.array([w]))[0])
        # measured: ≤ 3e-15 relative; the issue's wrong value was off by a factor ~3 at ω = 1.1
        assert abs(got - ref) <= 1e-12 * abs(ref), (w, got, ref)


def test_guard_rejects_sympys_wrong_laplace_transform():
    """The sub-result the issue names: SymPy's L[u e^{-u²/2}](1) = 0.8734, true 0.3443.  The
    guard of the one-sided rule rejects the candidate built from it."""
    u, s = sp.Symbol("u", positive=True), sp.Symbol("s", positive=True)
    lt = sp.laplace_transform(u * sp.exp(-u ** 2 / 2), u, s, noconds=True)
    with mpmath.workdps(20):
        true = mpmath.quad(lambda x: x * mpmath.exp(-x ** 2 / 2 - x), [0, mpmath.inf])
    sympy_value = float(sp.N(lt.subs(s, 1)))
    if abs(sympy_value - float(true)) < 1e-9:  # pragma: no cover - SymPy fixed
        pytest.skip("SymPy's laplace_transform is right now")
    piece = T * sp.exp(-T ** 2 / 2) * sp.Heaviside(T)
    wrong = lt.subs(s, sp.I * OMEGA)
    assert engine._guard_error(piece, wrong) > 1e-2  # measured ~0.9
    # the right one passes
    right = engine._one_sided_gaussian(sp.Symbol("u_", positive=True) * sp.exp(-sp.Symbol("u_", positive=True) ** 2 / 2),
                                       sp.Symbol("u_", positive=True), sp.I * OMEGA)
    assert engine._guard_error(piece, right) < 1e-12


def test_cli_exits_1_and_prints_no_answer_when_verification_fails(capsys, monkeypatch):
    """A wrong transform (the right one times 1.01, injected) is never printed as an answer."""
    real = engine.fourier_transform

    def wrong(*a, **k):
        gt = real(*a, **k)
        return replace(gt, regular=gt.regular * sp.Rational(101, 100),
                       angular_regular=gt.angular_regular * sp.Rational(101, 100), _cache={})

    monkeypatch.setattr(engine, "fourier_transform", wrong)
    rc, out, err = _run(capsys, "transform", "relu")
    assert rc == 1 and out == "" and err.count("\n") == 1 and "verification failed: transform" in err
    rc, out, err = _run(capsys, "transform", "relu", "--format", "json")
    js = _strict(out)
    assert rc == 1 and js["verified"]["passed"] is False and js["verified"]["max_rel_err"] > 5e-3
    with pytest.raises(VerificationFailed) as info:
        verification.transform("relu")
    assert info.value.record["passed"] is False
    assert verification.transform("relu", verify=False).regular == -sp.Rational(101, 100) / OMEGA ** 2


def test_python_entry_point_returns_verified_results():
    gt = verification.transform("sigmoid")
    assert gt._cache["verification"]["passed"]
    verification.seminorm("relu", 2)  # passes its check (VerificationFailed otherwise)


# --- hangs: budgets ---------------------------------------------------------------------------
def test_budget_interrupts_pure_python_work_in_a_worker_thread():
    result = {}

    def work():
        try:
            with budget.budget(0.3, "spin"):
                with budget.step("busy loop"):
                    while True:
                        pass
        except Timeout as exc:
            result["exc"] = exc

    th = threading.Thread(target=work)
    th.start()
    th.join(30)
    assert not th.is_alive()
    assert result["exc"].step == "busy loop"


def test_nested_budgets_each_convert_only_their_own_interrupt():
    with pytest.raises(Timeout) as outer:
        with budget.budget(0.6, "outer"):
            with pytest.raises(Timeout) as inner:
                with budget.budget(0.2, "inner"):
                    while True:
                        pass
            assert inner.value.step == "inner"
            while True:
                pass
    assert outer.value.step == "outer"


def test_budget_survives_code_that_swallows_exceptions():
    with pytest.raises(Timeout):
        with budget.budget(0.3, "swallow"):
            for _ in range(10 ** 6):
                try:
                    sum(range(10 ** 5))
                except Exception:  # noqa: BLE001 - what SymPy does in places
                    pass


def test_budget_keeps_interrupting_code_that_swallows_its_interrupts():
    """A block that swallows even BaseException for a while (bare ``except:``) still ends: the
    watchdog re-raises until the block exits (it once gave up after 10 s, and a derivation hung)."""
    swallowed = []
    t0 = time.monotonic()
    with pytest.raises(Timeout):
        with budget.budget(0.2, "swallow everything"):
            while time.monotonic() - t0 < 14.0:  # well past the old 10 s re-raise window
                try:
                    while True:
                        pass
                except BaseException:  # noqa: BLE001 - the worst case
                    swallowed.append(time.monotonic())
            while True:
                pass
    assert len(swallowed) >= 4


def test_many_expiring_budgets_leave_no_stray_interrupt_and_no_stale_deadline():
    """Hundreds of budgets expiring in a row, nested, with named steps: each ends in Timeout, no
    interrupt escapes as a bare _ExpiredBudget, and no deadline is left behind.  (A re-raised
    interrupt that landed on __exit__ once orphaned the watchdog: it went on interrupting code
    outside any budget, and its stale deadline cut every later budget short.)"""
    timeouts = 0
    for i in range(150):
        try:
            with budget.budget(5.0, "outer"):
                with budget.budget(0.002 + 0.0001 * (i % 7), "inner"):
                    with budget.step("spin"):
                        while True:
                            pass
        except Timeout as exc:
            timeouts += 1
            assert exc.step == "spin"
        assert budget.remaining() is None
    assert timeouts == 150
    t0 = time.monotonic()
    while time.monotonic() - t0 < 1.5:  # room for a stray re-raise to arrive (there is none)
        sum(range(1000))


def test_watchdog_stops_when_the_block_was_left_without_exit():
    """__exit__ skipped (as when an interrupt lands on its entry): after at most one interrupt the
    watchdog sees the with statement's frame gone, stops and drops its deadline."""
    b = budget.budget(0.1, "orphan")

    def enter_only():
        b.__enter__()

    enter_only()
    caught = 0
    end = time.monotonic() + 3.0
    # Each whole loop (its condition and its backward jump, where Python delivers an asynchronous exception)
    # sits inside a try: with the loop's test outside the try, the one allowed interrupt could land there and
    # escape the test (seen once on a loaded machine).  A second interrupt would land in the second loop.
    try:
        while time.monotonic() < end:
            sum(range(1000))
    except BaseException:  # noqa: BLE001 - catching the orphaned interrupt is the point
        caught += 1
    try:
        while time.monotonic() < end:
            sum(range(1000))
    except BaseException:  # noqa: BLE001
        caught += 1
    assert caught <= 1 and not b._watch.is_alive() and budget.remaining() is None


_TRACED_BUDGET = """
import sys, time
from specbias.core import budget
from specbias.core.errors import Timeout
sys.settrace(lambda frame, event, arg: None)   # a tracer, as coverage.py or a debugger installs
def f(x):
    return x + 1
for seconds in (0.2, 0.05, 0.3):
    try:
        with budget.budget(seconds, "traced"):
            i = 0
            while True:
                i = f(i)
    except Timeout:
        pass
    f(0)                                         # the next call is where the old budget hung
print("ok")
"""


def test_budget_under_a_tracer_interrupts_and_leaves_the_interpreter_usable():
    """Under sys.settrace (coverage.py, debuggers) an expired budget ends in Timeout and the code after
    it runs.  The budget once cleared an undelivered interrupt with PyThreadState_SetAsyncExc(tid,
    NULL); CPython 3.11 then keeps its eval breaker signalled with nothing to deliver, and with a
    tracer the next function call spins at its RESUME instruction for ever (this subprocess timed out)."""
    out = subprocess.run([sys.executable, "-c", _TRACED_BUDGET], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr[-2000:]


def test_hard_exit_ends_a_step_stuck_in_one_c_call():
    """The CLI's budget ends the process (exit 2, one line) when one C call never returns."""
    code = ("import time; from specbias.core import budget; budget.GRACE_SECONDS = 0.5\n"
            "with budget.budget(0.2, 'stuck', hard_exit=2):\n"
            "    with budget.step('sleeping in C'):\n"
            "        time.sleep(300)\n")
    t0 = time.monotonic()
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and time.monotonic() - t0 < 60
    assert "exceeded during step 'sleeping in C'" in r.stderr and r.stderr.count("\n") == 1


def test_cli_timeout_is_a_clean_exit_2_naming_the_step(capsys):
    rc, out, err = _run(capsys, "transform", "t*tanh(log(1+exp(t)))", "--timeout", "3")
    assert rc == 2 and out == "" and err.count("\n") == 1
    assert "time budget of 3 s exceeded during step" in err


def test_huge_exponent_is_refused_before_evaluation(capsys):
    rc, _, err = _run(capsys, "transform", "9**9**9*t")
    assert rc == 2 and "exponent" in err


# --- tracebacks -------------------------------------------------------------------------------
def test_hardtanh_and_relu6_are_right():
    w = np.array([0.3, 1.7, 4.1])
    hard = fourier_transform("Max(-1, Min(1, t))")
    # hand-derived: σ' = 1_{|t|<1}, F = 2 sin ω/ω, σ̂ = F/(iω)
    assert np.allclose(hard.evaluate(w), -2j * np.sin(w) / w ** 2, rtol=1e-13, atol=0)
    relu6 = fourier_transform("Min(Max(t, 0), 6)")
    # hand-derived: σ' = 1_{0<t<6}, F = (1 - e^{-6iω})/(iω), σ̂ = F/(iω); mass 6π δ(ω) (mean 3 of the limits 0, 6)
    assert np.allclose(relu6.evaluate(w), (np.exp(-6j * w) - 1) / w ** 2, rtol=1e-13, atol=0)
    assert [(s.location, s.order, s.coefficient) for s in relu6.singular] == [(0, 0, 6 * sp.pi)]


def test_clipped_relu_and_breaks_away_from_zero_verify(capsys):
    for text in ("Min(Max(t, 0), 1)", "Max(0, t - 1) - Max(0, t - 2)", "Max(-1, Min(1, 2*t + 1))"):
        rc, out, err = _run(capsys, "transform", text, "--format", "json")
        assert rc == 0, err
        v = _strict(out)["verified"]
        assert v["passed"] and v["max_rel_err"] <= 1e-9


def test_verify_of_a_linear_sigma_has_no_traceback(capsys):
    rc, out, err = _run(capsys, "verify", "t", "--dims", "1")
    assert rc in (0, 1) and "Traceback" not in err and "internal error" not in err


def test_param_overflow_is_exit_2(capsys):
    rc, _, err = _run(capsys, "transform", "elu", "--param", "alpha=1e400")
    assert rc == 2 and "alpha" in err and err.count("\n") == 1


# --- wrong refusals ---------------------------------------------------------------------------
def test_point_spectrum_plus_regular_part(capsys):
    rc, out, err = _run(capsys, "transform", "sin(2*t) + relu(t)", "--format", "json")
    assert rc == 0, err
    js = _strict(out)
    assert js["verified"]["passed"]
    assert sp.simplify(sp.sympify(js["regular"]) + 1 / sp.Symbol("omega") ** 2) == 0
    masses = {(s["location"], s["order"]): sp.sympify(s["coefficient"]) for s in js["singular"]}
    # F[sin 2t] = iπ[δ(ω+2) − δ(ω−2)]; F[relu] has iπ δ'(ω)
    assert masses == {("-2", 0): sp.I * sp.pi, ("2", 0): -sp.I * sp.pi, ("0", 1): sp.I * sp.pi}


def test_sinc_piecewise_in_omega_is_accepted_and_verified(capsys):
    rc, out, err = _run(capsys, "transform", "sin(t)/t", "--format", "json")
    assert rc == 0, err
    js = _strict(out)
    assert js["verified"]["passed"] and js["verified"]["points_near_zero"] > 0
    gt = fourier_transform("sin(t)/t")
    assert np.allclose(gt.evaluate(np.array([0.5, 0.99, 1.01, 3.0])), [np.pi, np.pi, 0, 0], atol=1e-15)


@pytest.mark.parametrize("k", [0, 9, 13])
def test_relu_pow_every_k(k):
    """F[t^k H(t)] = k!/(iω)^{k+1} + π i^k δ^{(k)}(ω) (ω ≠ 0 part by hand)."""
    gt = fourier_transform(get_activation("relu_pow", k=str(k)))
    w = np.array([0.4, 2.5])
    want = float(sp.factorial(k)) / (1j * w) ** (k + 1)
    assert np.allclose(gt.evaluate(w), want, rtol=1e-13, atol=0)
    assert [(s.order, s.coefficient) for s in gt.singular] == [(k, sp.pi * sp.I ** k)]


# --- strict JSON ------------------------------------------------------------------------------
def test_json_encoder_is_strict():
    text = dumps({"a": float("nan"), "b": [float("inf"), -float("inf")], "c": np.float64("nan"),
                  "d": np.array([1.0, np.nan]), "e": sp.Rational(1, 3), "f": 1 + 2j})
    js = _strict(text)
    assert js == {"a": "nan", "b": ["inf", "-inf"], "c": "nan", "d": [1.0, "nan"], "e": "1/3",
                  "f": {"re": 1.0, "im": 2.0}}


def test_large_omega_evaluation_does_not_overflow():
    """Issue 9: sigmoid(2t+1) at ω = 460 was NaN.  |σ̂(ω)| = π/(2 sinh(πω/2)) by the scaling and
    shift rules (by hand), evaluated here with mpmath."""
    gt = fourier_transform("sigmoid(2*t+1)")
    for w in (40.0, 460.0):
        v = complex(gt.evaluate(np.array([w]))[0])
        with mpmath.workdps(30):
            want = float(mpmath.pi / (2 * mpmath.sinh(mpmath.pi * w / 2)))
        assert np.isfinite(v) and abs(abs(v) - want) <= 1e-9 * want


def test_rules_table_is_what_runs():
    names = [r.name for r in engine._CLASSICAL]
    assert names == ["piecewise", "gaussian", "exp_rational", "rational", "sympy_fallback"]
    for r in engine.RULES.values():
        assert r.formula and r.source
        assert (r.apply is not None) == r.classical


def test_no_closed_form_is_clean_and_names_the_step():
    with pytest.raises(NoClosedForm) as info:
        with budget.budget(60, "test"):
            engine.classical_transform(sp.exp(-T ** 2) / (1 + T ** 2) + sp.exp(-T ** 4) * sp.atan(T) ** 2)
    assert info.value.step
    with pytest.raises(SpecbiasError):
        parse_activation("exp(t**2)")


def test_pairing_route_confirms_right_and_rejects_wrong_transforms(monkeypatch):
    """The distributional route used when QUADPACK resolves no point (relu_pow with k ≥ 9):
    ⟨σ̂, φ⟩ = ⟨σ, φ̂⟩ with Gaussian windows.  Measured on relu: error ~1e-17; a transform off by
    1 % is rejected."""
    monkeypatch.setattr(verification, "PAIRING_OMEGAS", (1.0,))  # one window keeps the test short
    gt = fourier_transform("relu")
    rec = verification._verify_by_pairing(gt, gt.activation, {})
    assert rec["passed"] and rec["max_rel_err"] < 1e-12
    bad = replace(gt, regular=gt.regular * sp.Rational(101, 100), _cache={})
    rec = verification._verify_by_pairing(bad, bad.activation, {})
    assert not rec["passed"] and rec["max_rel_err"] > 5e-3


def test_mish_ends_within_the_budget_verified_or_refused():
    """Issue 8: mish, t·tanh(log(1 + e^t)), ran past the budget (43–70 s, then killed).  With
    tanh(log u) = (u² - 1)/(u² + 1) in the canonical form it is one exp_rational derivation (7 s
    measured on the CLI).  Exit 0 with a verified transform, or exit 2 with one line naming the
    step of a NoClosedForm/Timeout; run under a 30 s budget."""
    proc = subprocess.run([sys.executable, "-m", "specbias", "transform", "t*tanh(log(1+exp(t)))",
                           "--timeout", "30", "--format", "json"], capture_output=True, text=True, timeout=120)
    if proc.returncode == 0:
        out = _strict(proc.stdout)
        assert out["verified"]["passed"] and out["verified"]["max_rel_err"] <= 1e-9
    else:
        assert proc.returncode == 2, proc.stderr
        lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
        assert len(lines) == 1 and ("NoClosedForm" in lines[0] or "step" in lines[0]), proc.stderr


def test_transform_with_a_special_function_numpy_lacks_is_evaluated_and_verified():
    """relu(t/2)/(1+t²): the transform contains Shi (the hyperbolic sine integral), which the
    NumPy/SciPy lambdify cannot call (an internal NameError, found by benchmarks/engine_coverage.py);
    evaluate() falls back to mpmath and the independent numeric route confirms the values."""
    gt = verification.transform("relu(t/2)/(1 + t**2)")
    assert gt.regular.has(sp.Shi)
    rec = gt._cache["verification"]
    assert rec["passed"] and rec["max_rel_err"] < 1e-9 and rec["points"] > 0
    assert np.all(np.isfinite(gt.evaluate(np.array([0.3, 1.7, 5.0]))))
